// The JSON Schemas of the events module's answers and bodies, beside what renders them
// (render.cpp, stats.cpp): published in /api/openapi.json, checked against every answer in
// the tests (Config::check_contracts).
#include "events/render.h"

namespace wangge::events {

using namespace schema;

namespace {

value state() {
  boost::json::array names;
  for (const auto& s : states()) names.emplace_back(s.state);
  return boost::json::object{{"type", "string"}, {"enum", std::move(names)}};
}

// An event's members; `staff` adds what only staff see (who reported it, the contact,
// who handles it), which the public view of an anonymous report leaves out (public_json).
std::vector<Field> event_fields(bool staff) {
  value time = date_time();
  value opt_time = nullable(date_time());
  value status = ref("EventStatus");
  std::vector<Field> fields = {
      req("id", id()),
      req("tracking_code", str()),
      req("source", str()),
      req("category", ref("EventCategoryRef")),
      req("priority", enumeration({"normal", "urgent", "critical"})),
      req("status", status),
      req("status_name_zh", str()),
      req("status_name_en", str()),
      req("level", enumeration({"community", "street", "county"})),
      req("grid_code", nullable(str())),
      opt("grid_name", describe(str(), "the grid's name (staff lists and details)")),
      opt("similarity", describe(number(), "possible duplicates: how alike (0..1): text, place and category")),
      opt("distance_m", describe(number(), "possible duplicates: metres from the report")),
      req("lat", nullable(number())),
      req("lng", nullable(number())),
      req("address", str()),
      req("description", str()),
      req("photos", array(str())),
      opt("department", str()),
      req("stage_started_at", time),
      req("warn_at", opt_time),
      req("due_at", opt_time),
      req("sla", enumeration({"ok", "yellow", "red", "none"})),
      req("handle_due_at", opt_time),
      req("extension_request", nullable(object({req("days", integer()), req("reason", str())}))),
      req("ever_overdue", boolean()),
      req("rework_count", integer(0)),
      req("reopen_count", integer(0)),
      req("escalation_count", integer(0)),
      req("supervised", boolean()),
      req("merged_into", nullable(id())),
      req("accepted_at", opt_time),
      req("dispatched_at", opt_time),
      req("handled_at", opt_time),
      req("closed_at", opt_time),
      req("solved_level", nullable(str())),
      req("on_time", nullable(boolean())),
      req("rating", nullable(enumeration({"satisfied", "basically_satisfied", "unsatisfied"}))),
      req("rating_comment", nullable(str())),
      req("version", integer(1)),
      req("created_at", time),
      req("updated_at", time)};
  if (staff) {
    std::vector<Field> more = {req("handling_code", str()), req("reporter_name", str()), req("contact", str()),
                               req("department_id", nullable(id())), req("handler_id", nullable(id()))};
    fields.insert(fields.end(), more.begin(), more.end());
  }
  return fields;
}

}  // namespace

void register_schemas(Components& c) {
  c.add("EventStatus", state());
  value status = ref("EventStatus");
  value time = date_time();
  value opt_time = nullable(date_time());
  value names = object({req("name_zh", str()), req("name_en", str())});
  c.add("EventCategoryRef", object({req("code", str()), opt("name_zh", str()), opt("name_en", str())}));
  c.add("Event", object(event_fields(true)));
  c.add("EventTimelineEntry",
        object({req("id", id()), req("at", time), req("actor", describe(str(), "the account's username")),
                opt("actor_name", describe(str(), "the account's display name (staff views)")), req("action", str()),
                req("from_status", nullable(status)), req("to_status", status), req("comment", str()),
                req("detail", map_of(any())), req("photos", array(str())),
                req("public", describe(boolean(),
                                       "the comment is a public update, shown to the reporter (else an "
                                       "internal note, which the reporter's view leaves empty)"))}));
  c.add("EventWhistle",
        object({req("id", id()), req("department_id", nullable(id())),
                req("unit_id", describe(nullable(id()), "a co-building unit summoned (else a department)")),
                req("summoned_as", enumeration({"dispatcher", "grid"})),
                req("department", describe(str(), "the department's or the unit's name")), req("summoned_at", time),
                req("due_at", time), req("reported_at", opt_time), req("response", nullable(str())),
                req("late", boolean())}));
  c.add("EventNextActor",
        object({req("role", describe(enumeration({"grid", "dispatcher", "handler", "verifier", "reporter"}),
                                     "the next step's actor")),
                req("where", describe(str(),
                                      "the node (dispatcher, verifier) or department (handler) acting; "
                                      "empty for the reporter")),
                req("fallback", describe(boolean(), "the grid has no verifier: the fallback role verifies")),
                req("nobody", describe(boolean(), "no active account can take the step: the event waits"))}));
  c.add("EventAction", object({req("action", str()), req("actor", str()), req("name_zh", str()), req("name_en", str()),
                               req("path", str())}));
  c.add("EventDetail",
        all_of({ref("Event"),
                object({req("email", str()), req("media_url", str()),
                        req("whistle_by", describe(enumeration({"", "resident", "party_member"}),
                                                   "who blew the whistle through the report")),
                        req("attributes", map_of(one_of({str(), number(), array(str())}))),
                        req("timeline", array(ref("EventTimelineEntry"))), req("whistles", array(ref("EventWhistle"))),
                        req("actions", array(ref("EventAction"))),
                        req("next", describe(nullable(ref("EventNextActor")),
                                             "who is expected to act next; null when "
                                             "nobody is (a final state)"))})}));
  std::vector<Field> public_fields = event_fields(false);
  public_fields.push_back(
      req("timeline", array(object({req("at", time), req("action", str()), req("to_status", status)}))));
  c.add("PublicEvent", object(public_fields));
  c.add("EventCategoryAttribute",
        object({req("code", str()),
                req("datatype",
                    enumeration({"string", "text", "number", "datetime", "singlevaluelist", "multivaluelist"})),
                req("required", boolean()), req("variable", boolean()), req("order", integer()),
                req("description_zh", str()), req("description_en", str()),
                opt("values", array(object({req("key", str()), req("name_zh", str()), req("name_en", str())})))}));
  value days = integer(1);
  c.add("EventCategory",
        object({req("code", str()), req("parent_code", nullable(str())), req("name_zh", str()), req("name_en", str()),
                req("department_kind", str()), req("priority", enumeration({"normal", "urgent", "critical"})),
                req("self_handle", boolean()), req("accept_hours", integer()), req("sign_hours", integer()),
                req("handle_days", object({req("normal", days), req("urgent", days), req("critical", days)})),
                req("verify_days", integer()), req("active", boolean()), req("sort", integer()),
                req("attributes", array(ref("EventCategoryAttribute"))), req("version", integer(1))}));
  c.add("Department", object({req("id", id()), req("region_code", str()), req("kind", str()), req("name", str()),
                              req("active", boolean()), req("version", integer(1)), req("members", array(id()))}));
  c.add("EventLifecycle",
        object({req("states", array(object({req("state", str()), req("name_zh", str()), req("name_en", str())}))),
                req("transitions", array(object({req("action", str()), req("actor", str()), req("permission", str()),
                                                 req("from", array(str())), req("to", nullable(str())),
                                                 req("name_zh", str()), req("name_en", str())})))}));
  value counts = map_of(integer(0));
  c.add("EventStats",
        object({req("region", object({req("code", str()), req("name", str()), req("level", str())})),
                req("total", integer(0)),
                req("filed", integer(0)),
                req("closed", integer(0)),
                req("overdue_open", integer(0)),
                req("closure_rate", describe(number(), "办结率: closed ÷ reported (every event filed in the period)")),
                req("closure_rate_filed", describe(number(), "closed ÷ reported less rejected, merged, withdrawn")),
                req("on_time_rate", describe(number(), "closed on time ÷ (closed + open and overdue)")),
                req("on_time_rate_closed", describe(number(), "closed on time ÷ closed")),
                req("closed_on_time", integer(0)),
                req("closed_same_day", integer(0)),
                req("same_day_rate", describe(number(), "当日办结率: closed the civil day reported ÷ reported")),
                req("mean_handling_hours", number()),
                req("rated", integer(0)),
                req("satisfaction_rate", number()),
                req("solved_at_grid_share", number()),
                req("solved_at_community_share", number()),
                req("by_status", counts),
                req("by_source", counts),
                req("by_category", counts),
                req("by_solved_level", counts),
                req("category_names", map_of(names)),
                req("children", array(object({req("code", str()), req("name", str()), req("total", integer(0)),
                                              req("closed", integer(0)), req("closure_rate", number()),
                                              req("on_time_rate", number()), req("satisfaction_rate", number())})))}));
}

}  // namespace wangge::events
