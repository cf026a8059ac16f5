// How the teams module answers, and the JSON Schemas of its answers (published in
// /api/openapi.json, checked against every answer in the tests). Phones are masked unless
// the entry publishes its work phone; the whole number is only answered by the audited
// reveal route.
#include <boost/json/parse.hpp>

#include "teams/service.h"

namespace wangge::teams {
namespace {

json::value maybe_time(const std::optional<std::int64_t>& v) {
  return v ? json::value(json::rfc3339(*v)) : json::value(nullptr);
}

json::value maybe_int(const std::optional<std::int64_t>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

json::value maybe_text(const std::optional<std::string>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

}  // namespace

void register_schemas(schema::Components& c) {
  using namespace schema;
  value time = date_time();
  c.add("TeamMember", object({req("id", id()),
                              req("region_code", str()),
                              req("level", enumeration(kRosterLevels)),
                              req("post", enumeration(kPosts)),
                              req("name", str()),
                              req("phone", describe(str(), "masked (138****5678) unless phone_public; \"\" when none")),
                              req("phone_public", boolean()),
                              req("has_phone", boolean()),
                              req("photo", describe(nullable(str()), "attachment hash")),
                              req("responsibility", str()),
                              req("user_id", describe(nullable(id()), "the linked account")),
                              req("person_id", nullable(id())),
                              req("on_duty", boolean()),
                              req("sort", integer(0)),
                              req("since", date()),
                              req("until", nullable(date())),
                              req("end_reason", str()),
                              req("status", enumeration(kMemberStates)),
                              req("in_care", describe(integer(0), "households in the member's care now")),
                              req("version", integer(1))}));
  c.add("TeamCardEntry",
        object({req("id", id()), req("post", enumeration(kPosts)), req("post_zh", str()), req("post_en", str()),
                req("name", str()),
                req("phone", describe(str(), "masked unless published; the call button reveals it (audited)")),
                req("phone_public", boolean()), req("has_phone", boolean()), req("photo", nullable(str())),
                req("responsibility", str()), req("on_duty", boolean())}));
  c.add("TeamCall",
        object({req("id", id()), req("grid_code", str()), req("kind", enumeration(kCallKinds)), req("message", str()),
                req("status", enumeration(kCallStates)), req("caller_name", str()),
                req("mine", describe(boolean(), "the caller made it")),
                req("can_answer", describe(boolean(), "the caller may answer or close it")),
                req("recipients", describe(integer(0), "accounts it reached")), req("created_at", time),
                req("answered_at", nullable(time)), req("answered_by_name", nullable(str())),
                req("response_ms", describe(nullable(integer(0)), "answered_at - created_at: the 在线响应 time")),
                req("answer_note", str()), req("closed_at", nullable(time))}));
  c.add("CareAssignment",
        object({req("id", id()), req("household_id", id()), req("address", str()), req("region_code", str()),
                req("member_id", id()), req("member_name", str()), req("member_post", enumeration(kPosts)),
                req("class", enumeration(kClasses)),
                req("persons", describe(integer(0), "living there (at the last visit)")),
                req("interval_days", integer(1)), req("status", enumeration(kAssignmentStates)),
                req("started_at", time), req("ended_at", nullable(time)), req("end_reason", str()),
                req("last_visited_at", nullable(time)), req("due_at", time),
                req("overdue", describe(boolean(), "active and due before today")), req("version", integer(1))}));
  c.add("CareVisit",
        object({req("id", id()), req("assignment_id", id()), req("household_id", id()), req("visited_at", time),
                req("month", str(7, 7)), req("persons", describe(integer(0), "living there then: 人次")),
                req("visit_id", describe(nullable(id()), "the registry's visit")), req("findings", str()),
                req("checklist",
                    describe(map_of(object({req("done", boolean()), req("note", str())})), "六提六知 answers by item")),
                req("carer_name", str())}));
  c.add("CareSettings",
        object({req("community_code", str()), req("key_days", integer(1, 366)), req("care_days", integer(1, 366)),
                req("ordinary_days", integer(1, 366)),
                req("checklist", describe(boolean(), "visits answer the 六提六知 checklist")),
                req("version", describe(integer(0), "0: the defaults, never saved")),
                req("checklist_items",
                    array(object({req("key", str()), req("name_zh", str()), req("name_en", str())})))}));
}

json::object Service::member_json(const Member& m) const {
  json::object o{{"id", m.id},
                 {"region_code", m.region_code},
                 {"level", m.level},
                 {"post", m.post},
                 {"name", m.name},
                 {"phone_public", m.phone_public},
                 {"has_phone", m.phone_sealed.has_value()},
                 {"photo", maybe_text(m.photo)},
                 {"responsibility", m.responsibility},
                 {"user_id", maybe_int(m.user_id)},
                 {"person_id", maybe_int(m.person_id)},
                 {"on_duty", m.on_duty},
                 {"sort", m.sort},
                 {"since", m.since},
                 {"until", maybe_text(m.until)},
                 {"end_reason", m.end_reason},
                 {"status", m.status},
                 {"in_care", m.in_care},
                 {"version", m.version}};
  std::string phone = m.phone_masked;
  if (m.phone_public && m.phone_sealed)
    if (auto plain = crypto_.open(*m.phone_sealed)) phone = *plain;
  o["phone"] = phone;
  return o;
}

json::object Service::card_json(const Member& m) const {
  const PostName* p = find_post(m.post);
  std::string phone = m.phone_masked;
  if (m.phone_public && m.phone_sealed)
    if (auto plain = crypto_.open(*m.phone_sealed)) phone = *plain;
  return json::object{{"id", m.id},
                      {"post", m.post},
                      {"post_zh", p ? std::string(p->name_zh) : m.post},
                      {"post_en", p ? std::string(p->name_en) : m.post},
                      {"name", m.name},
                      {"phone", phone},
                      {"phone_public", m.phone_public},
                      {"has_phone", m.phone_sealed.has_value()},
                      {"photo", maybe_text(m.photo)},
                      {"responsibility", m.responsibility},
                      {"on_duty", m.on_duty}};
}

json::object Service::call_json(const Call& c, const std::map<std::int64_t, std::string>& names, std::int64_t me,
                                bool answers) const {
  auto name_of = [&](std::int64_t id) {
    auto it = names.find(id);
    return it == names.end() ? std::string() : it->second;
  };
  return json::object{{"id", c.id},
                      {"grid_code", c.region_code},
                      {"kind", c.kind},
                      {"message", c.message},
                      {"status", c.status},
                      {"caller_name", name_of(c.caller_id)},
                      {"mine", c.caller_id == me},
                      {"can_answer", answers && c.status != "closed"},
                      {"recipients", c.recipients},
                      {"created_at", json::rfc3339(c.created_at)},
                      {"answered_at", maybe_time(c.answered_at)},
                      {"answered_by_name", c.answered_by ? json::value(name_of(*c.answered_by)) : json::value(nullptr)},
                      {"response_ms", maybe_int(c.response_ms)},
                      {"answer_note", c.answer_note},
                      {"closed_at", maybe_time(c.closed_at)}};
}

json::object Service::assignment_json(const Assignment& a) const {
  return json::object{{"id", a.id},
                      {"household_id", a.household_id},
                      {"address", a.address},
                      {"region_code", a.region_code},
                      {"member_id", a.member_id},
                      {"member_name", a.member_name},
                      {"member_post", a.member_post},
                      {"class", a.klass},
                      {"persons", a.persons},
                      {"interval_days", a.interval_days},
                      {"status", a.status},
                      {"started_at", json::rfc3339(a.started_at)},
                      {"ended_at", maybe_time(a.ended_at)},
                      {"end_reason", a.end_reason},
                      {"last_visited_at", maybe_time(a.last_visited_at)},
                      {"due_at", json::rfc3339(a.due_at)},
                      {"overdue", a.status == "active" && a.due_at < today_start()},
                      {"version", a.version}};
}

json::object Service::visit_json(const CareVisit& v, const std::map<std::int64_t, std::string>& names) const {
  json::value checklist = json::object{};
  boost::system::error_code ec;
  auto parsed = boost::json::parse(v.checklist, ec);
  if (!ec && parsed.is_object()) checklist = parsed;
  auto carer = v.carer_id ? names.find(*v.carer_id) : names.end();
  return json::object{{"id", v.id},
                      {"assignment_id", v.assignment_id},
                      {"household_id", v.household_id},
                      {"visited_at", json::rfc3339(v.visited_at)},
                      {"month", v.month},
                      {"persons", v.persons},
                      {"visit_id", maybe_int(v.visit_id)},
                      {"findings", v.findings},
                      {"checklist", checklist},
                      {"carer_name", carer == names.end() ? std::string() : carer->second}};
}

json::object Service::settings_json(const CareSettings& s) const {
  json::array items;
  for (const auto& i : kChecklist)
    items.push_back(json::object{{"key", i.key}, {"name_zh", i.name_zh}, {"name_en", i.name_en}});
  return json::object{{"community_code", s.community_code},
                      {"key_days", s.key_days},
                      {"care_days", s.care_days},
                      {"ordinary_days", s.ordinary_days},
                      {"checklist", s.checklist},
                      {"version", s.version},
                      {"checklist_items", items}};
}

}  // namespace wangge::teams
