// How the module's records are answered, and their JSON Schemas (published in
// /api/openapi.json, checked against every answer in the tests). Phones are shown masked
// only; a member's account by its display name.
#include <algorithm>

#include "emergency/service.h"
#include "emergency/store.h"

namespace wangge::emergency {
namespace {

json::value when(const std::optional<std::int64_t>& v) {
  return v ? json::value(json::rfc3339(*v)) : json::value(nullptr);
}
json::value maybe_int(const std::optional<std::int64_t>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}
json::value maybe_str(const std::optional<std::string>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}
std::string name_in(const std::map<std::int64_t, std::string>& names, std::int64_t id) {
  auto it = names.find(id);
  return it == names.end() ? std::string() : it->second;
}
json::array team_refs(storage::Tx& tx, const std::vector<std::int64_t>& ids) {
  json::array out;
  for (const auto& t : store::teams_by_ids(tx, ids))
    out.push_back(json::object{{"id", t.id}, {"name", t.name}, {"kind", t.kind}, {"region_code", t.region_code}});
  return out;
}

}  // namespace

void register_schemas(schema::Components& c) {
  using namespace schema;
  value time = date_time();
  value team_ref =
      object({req("id", id()), req("name", str()), req("kind", enumeration(kTeamKinds)), req("region_code", str())});
  c.add("EmergencyPlan",
        object({req("id", id()), req("region_code", str()), req("hazard", enumeration(kHazards)), req("title", str()),
                req("warning", describe(str(), "预警分析")), req("supplies", describe(str(), "物资储备")),
                req("organisation", describe(str(), "人员组织")), req("coordination", describe(str(), "作战协同")),
                req("attachments", array(str())), req("status", enumeration(kPlanStates)),
                req("reviewed_on", nullable(date())), req("activated_at", nullable(time)),
                req("retired_at", nullable(time)), req("retired_reason", str()), req("author_name", str()),
                req("version", integer(1)), req("created_at", time), req("updated_at", time)}));
  c.add("EmergencyTeam",
        object({req("id", id()), req("region_code", str()), req("kind", enumeration(kTeamKinds)), req("name", str()),
                req("note", str()), req("active", boolean()), req("members", describe(integer(0), "current members")),
                req("leader_name", str()), req("version", integer(1)), req("created_at", time)}));
  c.add("EmergencyMember",
        object({req("id", id()), req("team_id", id()), req("name", str()), req("phone", describe(str(), "masked")),
                req("linked", describe(boolean(), "has an account: checks in, receives alerts")),
                req("account_name", nullable(str())), req("role", enumeration(kMemberRoles)), req("since", date()),
                req("until", describe(nullable(date()), "the day they left")), req("left_reason", str()),
                req("current", boolean())}));
  c.add("EmergencyActivity",
        object({req("id", id()),
                req("region_code", str()),
                req("kind", enumeration(kActivityKinds)),
                req("plan_id", nullable(id())),
                req("title", str()),
                req("place", str()),
                req("starts_at", time),
                req("ends_at", time),
                req("status", enumeration(kActivityStates)),
                req("teams", array(team_ref)),
                req("organiser_name", str()),
                req("summary", str()),
                req("findings", str()),
                req("cancel_reason", str()),
                req("expected", describe(nullable(integer(0)), "members of the called teams at the time (held)")),
                req("attended", nullable(integer(0))),
                req("attendance_rate", describe(nullable(number()), "percent: attended ÷ expected")),
                req("assembly_minutes", describe(nullable(integer(0)), "集结用时: start to the last arrival (drills)")),
                req("present", describe(integer(0), "member stays marked present so far")),
                req("checked_in", describe(boolean(), "the caller has checked in")),
                req("my_arrived_at", nullable(time)),
                req("organises", describe(boolean(), "the caller runs it: shows the code, marks, records")),
                req("version", integer(1)),
                req("created_at", time),
                opt("roster", describe(array(object({req("member_id", id()), req("team_id", id()), req("name", str()),
                                                     req("role", enumeration(kMemberRoles)), req("linked", boolean()),
                                                     req("present", boolean()), req("arrived_at", nullable(time)),
                                                     req("via", str())})),
                                       "the members of the called teams at the time (staff and organisers)"))}));
  c.add(
      "EmergencySupply",
      object({req("id", id()), req("region_code", str()), req("name", str()), req("category", enumeration(kCategories)),
              req("quantity", integer(0)), req("unit", str()), req("location", str()), req("keeper_name", str()),
              req("min_quantity", integer(0)), req("expires_on", nullable(date())), req("expired", boolean()),
              req("expiring", describe(boolean(), "expires within 30 days")), req("below_minimum", boolean()),
              req("version", integer(1)), req("updated_at", time)}));
  c.add("EmergencyMovement",
        object({req("id", id()), req("supply_id", id()), req("direction", enumeration(kDirections)),
                req("quantity", integer(1)), req("balance", integer(0)), req("reason", str()), req("actor_name", str()),
                req("at", time)}));
  c.add("EmergencyAlert",
        object({req("id", id()), req("region_code", str()), req("level", enumeration(kLevels)),
                req("hazard", enumeration(kHazards)), req("message", str()), req("status", enumeration(kAlertStates)),
                req("teams", array(team_ref)), req("sender_name", str()), req("sent_at", time),
                req("closed_at", nullable(time)), req("close_note", str()), req("recipients", integer(0)),
                req("responded", integer(0)),
                req("my_response", describe(nullable(enumeration(kResponses)), "the caller's, when called")),
                req("my_first_response_at", nullable(time)), req("version", integer(1)),
                opt("recipients_list",
                    describe(array(object({req("user_id", id()), req("name", str()), req("team_id", id()),
                                           req("response", nullable(enumeration(kResponses))), req("note", str()),
                                           req("first_response_at", nullable(time)),
                                           req("response_seconds", describe(nullable(integer(0)), "响应用时")),
                                           req("responded_at", nullable(time))})),
                             "who was called, who answered when and who did not (its overseers)")),
                opt("responses",
                    array(object({req("user_id", id()), req("name", str()), req("response", enumeration(kResponses)),
                                  req("note", str()), req("at", time)}))),
                opt("no_response", integer(0))}));
}

std::map<std::int64_t, std::string> Service::names(storage::Tx& tx, std::vector<std::int64_t> ids) const {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return names_of_ && !ids.empty() ? names_of_(tx, ids) : std::map<std::int64_t, std::string>{};
}

json::object Service::plan_json(const Plan& p, const std::map<std::int64_t, std::string>& names) const {
  json::array files;
  for (const auto& h : p.attachments) files.emplace_back(h);
  return json::object{{"id", p.id},
                      {"region_code", p.region_code},
                      {"hazard", p.hazard},
                      {"title", p.title},
                      {"warning", p.warning},
                      {"supplies", p.supplies},
                      {"organisation", p.organisation},
                      {"coordination", p.coordination},
                      {"attachments", files},
                      {"status", p.status},
                      {"reviewed_on", maybe_str(p.reviewed_on)},
                      {"activated_at", when(p.activated_at)},
                      {"retired_at", when(p.retired_at)},
                      {"retired_reason", p.retired_reason},
                      {"author_name", name_in(names, p.author_id)},
                      {"version", p.version},
                      {"created_at", json::rfc3339(p.created_at)},
                      {"updated_at", json::rfc3339(p.updated_at)}};
}

json::object Service::team_json(const Team& t) const {
  return json::object{{"id", t.id},           {"region_code", t.region_code},
                      {"kind", t.kind},       {"name", t.name},
                      {"note", t.note},       {"active", t.active},
                      {"members", t.members}, {"leader_name", t.leader_name},
                      {"version", t.version}, {"created_at", json::rfc3339(t.created_at)}};
}

json::object Service::member_json(const Member& m, const std::map<std::int64_t, std::string>& names) const {
  json::object o{{"id", m.id},
                 {"team_id", m.team_id},
                 {"name", m.name},
                 {"phone", m.phone_masked},
                 {"linked", m.user_id.has_value()},
                 {"role", m.role},
                 {"since", m.since},
                 {"until", maybe_str(m.until)},
                 {"left_reason", m.left_reason},
                 {"current", !m.until.has_value()}};
  o["account_name"] = m.user_id ? json::value(name_in(names, *m.user_id)) : json::value(nullptr);
  return o;
}

json::object Service::activity_json(storage::Tx& tx, const Context& ctx, const Activity& a, bool detail) const {
  const bool runs = organises(ctx, a.region_path);
  auto mine = store::attended_by(tx, a.id, ctx.user().user_id);
  json::object o{{"id", a.id},
                 {"region_code", a.region_code},
                 {"kind", a.kind},
                 {"plan_id", maybe_int(a.plan_id)},
                 {"title", a.title},
                 {"place", a.place},
                 {"starts_at", json::rfc3339(a.starts_at)},
                 {"ends_at", json::rfc3339(a.ends_at)},
                 {"status", a.status},
                 {"teams", team_refs(tx, a.team_ids)},
                 {"organiser_name", name_in(names(tx, {a.organiser_id}), a.organiser_id)},
                 {"summary", a.summary},
                 {"findings", a.findings},
                 {"cancel_reason", a.cancel_reason},
                 {"expected", maybe_int(a.expected)},
                 {"attended", maybe_int(a.attended)},
                 {"assembly_minutes", maybe_int(a.assembly_minutes)},
                 {"present", a.present},
                 {"checked_in", mine.has_value()},
                 {"my_arrived_at", mine ? when(*mine) : json::value(nullptr)},
                 {"organises", runs},
                 {"version", a.version},
                 {"created_at", json::rfc3339(a.created_at)}};
  o["attendance_rate"] =
      a.expected && a.attended ? json::value(percent(*a.attended, *a.expected)) : json::value(nullptr);
  if (detail && (runs || reads(ctx, a.region_path))) {
    json::array people;
    for (const auto& e : roster(tx, a))
      people.push_back(json::object{{"member_id", e.member_id},
                                    {"team_id", e.team_id},
                                    {"name", e.name},
                                    {"role", e.role},
                                    {"linked", e.user_id.has_value()},
                                    {"present", e.present},
                                    {"arrived_at", when(e.arrived_at)},
                                    {"via", e.via}});
    o["roster"] = std::move(people);
  }
  return o;
}

json::object Service::supply_json(const Supply& s) const {
  auto [today, soon] = flag_days();
  auto f = flags_of(s, today, soon);
  return json::object{{"id", s.id},
                      {"region_code", s.region_code},
                      {"name", s.name},
                      {"category", s.category},
                      {"quantity", s.quantity},
                      {"unit", s.unit},
                      {"location", s.location},
                      {"keeper_name", s.keeper_name},
                      {"min_quantity", s.min_quantity},
                      {"expires_on", maybe_str(s.expires_on)},
                      {"expired", f.expired},
                      {"expiring", f.expiring},
                      {"below_minimum", f.below_minimum},
                      {"version", s.version},
                      {"updated_at", json::rfc3339(s.updated_at)}};
}

json::object Service::movement_json(const Movement& m, const std::map<std::int64_t, std::string>& names) const {
  return json::object{{"id", m.id},
                      {"supply_id", m.supply_id},
                      {"direction", m.direction},
                      {"quantity", m.quantity},
                      {"balance", m.balance},
                      {"reason", m.reason},
                      {"actor_name", m.actor_id ? name_in(names, *m.actor_id) : std::string()},
                      {"at", json::rfc3339(m.at)}};
}

json::object Service::alert_json(storage::Tx& tx, const Context& ctx, const Alert& a, bool detail) const {
  auto me = store::recipient(tx, a.id, ctx.user().user_id);
  json::object o{{"id", a.id},
                 {"region_code", a.region_code},
                 {"level", a.level},
                 {"hazard", a.hazard},
                 {"message", a.message},
                 {"status", a.status},
                 {"teams", team_refs(tx, a.team_ids)},
                 {"sender_name", name_in(names(tx, {a.sender_id}), a.sender_id)},
                 {"sent_at", json::rfc3339(a.sent_at)},
                 {"closed_at", when(a.closed_at)},
                 {"close_note", a.close_note},
                 {"recipients", a.recipients},
                 {"responded", a.responded},
                 {"my_response", me ? maybe_str(me->response) : json::value(nullptr)},
                 {"my_first_response_at", me ? when(me->first_response_at) : json::value(nullptr)},
                 {"version", a.version}};
  if (!detail || !oversees(ctx, a)) return o;
  auto people = store::recipients(tx, a.id);
  auto answers = store::responses(tx, a.id);
  std::map<std::int64_t, std::string> who;
  for (const auto& r : people) who[r.user_id] = r.name;
  json::array list, history;
  std::int64_t silent = 0;
  for (const auto& r : people) {
    silent += !r.response;
    json::value seconds =
        r.first_response_at ? json::value((*r.first_response_at - a.sent_at) / 1000) : json::value(nullptr);
    list.push_back(json::object{{"user_id", r.user_id},
                                {"name", r.name},
                                {"team_id", r.team_id},
                                {"response", maybe_str(r.response)},
                                {"note", r.note},
                                {"first_response_at", when(r.first_response_at)},
                                {"response_seconds", seconds},
                                {"responded_at", when(r.responded_at)}});
  }
  for (const auto& x : answers)
    history.push_back(json::object{{"user_id", x.user_id},
                                   {"name", who[x.user_id]},
                                   {"response", x.response},
                                   {"note", x.note},
                                   {"at", json::rfc3339(x.at)}});
  o["recipients_list"] = std::move(list);
  o["responses"] = std::move(history);
  o["no_response"] = silent;
  return o;
}

}  // namespace wangge::emergency
