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
  c.add(
      "ServiceTimelineEntry",
      object({req("action", str()), req("actor_name", nullable(str())), req("from", str()), req("to", str()),
              req("comment", str()), req("photos", array(str())),
              req("detail", describe(object({}), "the step's details (departments, ratings, ...)")), req("at", time)}));
  c.add("ServiceAction",
        object({req("action", str()), req("name_zh", str()), req("name_en", str()), req("needs_comment", boolean())}));
  auto detail_of = [&](const char* base, std::vector<Field> more) {
    more.push_back(req("timeline", array(ref("ServiceTimelineEntry"))));
    more.push_back(req("actions", array(ref("ServiceAction"))));
    return all_of({ref(base), object(std::move(more))});
  };
  c.add("ServiceOrderDetail", detail_of("ServiceOrder", {}));
  c.add("ServiceTaker", object({req("id", id()), req("name", str())}));
  value sla = enumeration({"ok", "yellow", "red", "none"});
  c.add("ServiceCase",
        object({req("id", id()),
                req("region_code", str()),
                req("region_name", str()),
                req("desk", describe(enumeration(kDesks), "window: 办件; hard: the 办不成事 window")),
                req("item_id", nullable(id())),
                req("item_name", str()),
                req("mode",
                    describe(enumeration(kCaseModes), "即办 at_once, 承诺件 deadline, 帮代办 on_behalf, coordinated")),
                req("carrier", describe(str(), "帮代办: who carried it")),
                req("applicant_kind", enumeration(kApplicantKinds)),
                req("applicant_name", str()),
                req("id_number", describe(str(), "masked; empty when not given")),
                req("phone", describe(str(), "masked; empty when not given")),
                req("credit_code", str()),
                req("summary", str()),
                req("materials", array(str())),
                req("grid_code", nullable(str())),
                req("address", str()),
                req("status", enumeration(kCaseStates)),
                req("clerk", nullable(str())),
                req("coordinator_id", nullable(id())),
                req("coordinator", nullable(str())),
                req("event_id", describe(nullable(id()), "hard cases: the event the departments are whistled on")),
                req("outcome", str()),
                req("rating", nullable(integer(1, 5))),
                req("due_at", time),
                req("sla", sla),
                req("closed_at", nullable(time)),
                req("version", integer(1)),
                req("created_at", time)}));
  value whistle =
      object({req("department_id", id()), req("department", str()), req("summoned_at", time), req("due_at", time),
              req("reported_at", nullable(time)), req("response", nullable(str())), req("late", boolean())});
  c.add("ServiceCaseDetail", detail_of("ServiceCase", {req("whistles", array(whistle)), opt("grid_name", str())}));
  c.add("ServiceWish", object({req("id", id()),
                               req("region_code", str()),
                               req("region_name", str()),
                               req("publish_region", nullable(str())),
                               req("channel", enumeration(kWishChannels)),
                               req("wisher_name", describe(str(), "masked (张*) for those who see the wish on a wall")),
                               req("phone", describe(str(), "masked; empty on a wall")),
                               req("title", str()),
                               req("detail", str()),
                               req("status", enumeration(kWishStates)),
                               req("claimer_kind", nullable(enumeration(kClaimerKinds))),
                               req("claimer_name", str()),
                               req("claimed_at", nullable(time)),
                               req("claim_due_at", nullable(time)),
                               req("fulfilled_at", nullable(time)),
                               req("confirmed_at", nullable(time)),
                               req("claims", integer(0)),
                               req("whole", describe(boolean(), "false: the wall's view (wisher masked)")),
                               req("version", integer(1)),
                               req("created_at", time)}));
  c.add("ServiceWishDetail", detail_of("ServiceWish", {}));
  value counts = describe(object({}), "counts by key");
  value ratio = describe(nullable(number()), "0-1; null when nothing to divide by");
  c.add(
      "ServiceStats",
      object(
          {req("region_code", str()), req("region_name", str()), req("from", str()), req("to", str()),
           req("items", object({req("total", integer(0)), req("by_level", counts), req("by_kind", counts),
                                req("on_behalf", integer(0)), req("door_to_door", integer(0)),
                                req("off_hours", integer(0)), req("orderable", integer(0))})),
           req("admissions",
               object({req("approved", integer(0)), req("ready", integer(0)),
                       req("coverage", describe(ratio, "可办事项覆盖率: ready ÷ approved")),
                       req("by_community", array(object({req("community_code", str()), req("community_name", str()),
                                                         req("approved", integer(0)), req("ready", integer(0)),
                                                         req("coverage", ratio)})))})),
           req("cases",
               object({req("total", integer(0)), req("by_status", counts), req("by_mode", counts),
                       req("by_desk", counts), req("on_behalf", integer(0)), req("closed", integer(0)),
                       req("on_time", integer(0)), req("on_time_rate", ratio), req("rated", integer(0)),
                       req("satisfied", integer(0)), req("satisfaction", describe(ratio, "满意率: rated 3-5 ÷ rated")),
                       req("by_item", array(object({req("item_id", id()), req("name", str()), req("cases", integer(0)),
                                                    req("rated", integer(0)), req("satisfied", integer(0)),
                                                    req("satisfaction", ratio)})))})),
           req("orders",
               object(
                   {req("total", integer(0)), req("by_status", counts), req("by_requester", counts),
                    req("by_taker", array(object({req("taker_id", id()), req("name", str()), req("orders", integer(0)),
                                                  req("rated", integer(0)), req("satisfied", integer(0))}))),
                    req("median_take_minutes", nullable(number())), req("median_finish_minutes", nullable(number())),
                    req("rated", integer(0)), req("satisfied", integer(0)), req("satisfaction", ratio)})),
           req("wishes",
               object({req("collected", integer(0)), req("by_status", counts), req("by_channel", counts),
                       req("claimed", integer(0)), req("fulfilled", integer(0)), req("confirmed", integer(0))}))}));
}

}  // namespace wangge::services
