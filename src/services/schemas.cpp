// The JSON Schemas of the services module's answers and bodies, beside what renders them
// (Service::item_json, admission_json in service.cpp; order_json in orders.cpp): published
// in /api/openapi.json, checked against every answer in the tests (Config::check_contracts).
#include "services/service.h"

namespace wangge::services {

using namespace schema;

schema::value item_fields_schema(bool create) {
  auto f = [&](std::string name, value s) {
    return create ? req(std::move(name), std::move(s)) : opt(std::move(name), std::move(s));
  };
  value materials = array(object({req("name", str(100, 1)), opt("required", describe(boolean(), "default true")),
                                  opt("form", describe(str(64, 64), "an attachment (sha256): the form to fill in"))},
                                 closed),
                          30);
  std::vector<Field> fields = {
      f("level",
        describe(enumeration(kLevels), "town: at the town's windows; community: on admitted communities' lists")),
      f("kind", describe(enumeration(kKinds), "依法履职 duty, 协助 assist, 下沉 devolved, 便民 convenience")),
      f("name", str(100, 1)),
      opt("description", str(2000)),
      opt("materials", materials),
      f("time_limit_days", describe(integer(0, 365), "working days; 0: handled at once (即办)")),
      opt("on_behalf", describe(boolean(), "may be handled on someone's behalf (帮代办)")),
      opt("door_to_door", describe(boolean(), "上门服务")),
      opt("off_hours", describe(boolean(), "错时服务 (evenings, weekends)")),
      opt("orderable", describe(boolean(), "residents may order it (三单: 点单)")),
      opt("window_name", describe(str(100), "the window or office that takes it")),
      opt("active", boolean())};
  if (create) {
    fields.insert(fields.begin(), req("region_code", describe(str(24, 1), "the town (street) that keeps it")));
  } else {
    fields.push_back(req("version", id()));
  }
  return object(fields, closed);
}

void register_schemas(Components& c) {
  value time = date_time();
  c.add("ServiceItem",
        object({req("id", id()), req("region_code", str()), req("level", enumeration(kLevels)),
                req("kind", enumeration(kKinds)), req("name", str()), req("description", str()),
                req("materials",
                    array(object({req("name", str()), req("required", boolean()), req("form", nullable(str()))}))),
                req("time_limit_days", integer(0, 365)), req("on_behalf", boolean()), req("door_to_door", boolean()),
                req("off_hours", boolean()), req("orderable", boolean()), req("window_name", str()),
                req("active", boolean()), req("version", integer(1)), req("updated_at", time)}));
  c.add("ServiceAdmission",
        object({req("id", id()), req("item_id", id()), req("item_name", str()), req("community_code", str()),
                req("community_name", str()), req("status", enumeration(kAdmissionStates)), req("basis", str()),
                req("ready", describe(boolean(), "the community can handle it now")), req("requested_at", time),
                req("decided_at", nullable(time)), req("decision_note", str()), req("version", integer(1))}));
  value status = enumeration(kOrderStates);
  c.add("ServiceOrder", object({req("id", id()),
                                req("region_code", str()),
                                req("region_name", str()),
                                req("item_id", nullable(id())),
                                req("title", str()),
                                req("detail", str()),
                                req("requester_kind", enumeration(kRequesterKinds)),
                                req("requester_name", nullable(str())),
                                req("contact_name", str()),
                                req("phone", describe(str(), "masked (138****5678); empty when not given")),
                                req("address", str()),
                                req("status", status),
                                req("taker_id", nullable(id())),
                                req("taker_name", nullable(str())),
                                req("due_at", time),
                                req("sla", enumeration({"ok", "yellow", "red", "none"})),
                                req("taken_at", nullable(time)),
                                req("done_at", nullable(time)),
                                req("closed_at", nullable(time)),
                                req("rating", nullable(integer(1, 5))),
                                req("returns", integer(0)),
                                req("version", integer(1)),
                                req("created_at", time)}));
  c.add("ServiceOrderDetail",
        all_of({ref("ServiceOrder"),
                object({req("timeline", array(object({req("action", str()), req("actor_name", nullable(str())),
                                                      req("from", str()), req("to", str()), req("comment", str()),
                                                      req("photos", array(str())), req("at", time)}))),
                        req("actions", array(object({req("action", str()), req("name_zh", str()), req("name_en", str()),
                                                     req("needs_comment", boolean())})))})}));
  c.add("ServiceTaker", object({req("id", id()), req("name", str())}));
}

}  // namespace wangge::services
