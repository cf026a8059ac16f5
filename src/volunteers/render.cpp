// How the module's records are answered, and their JSON Schemas (published in
// /api/openapi.json, checked against every answer in the tests).
#include "volunteers/service.h"

namespace wangge::volunteers {
namespace {

json::value maybe(const std::optional<std::int64_t>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}
json::value maybe_time(const std::optional<std::int64_t>& v) {
  return v ? json::value(json::rfc3339(*v)) : json::value(nullptr);
}
json::array names_json(const std::vector<std::string>& names) {
  json::array a;
  for (const auto& n : names) a.emplace_back(n);
  return a;
}

}  // namespace

void register_schemas(schema::Components& c) {
  using namespace schema;
  value time = date_time();
  c.add("VolunteerStation",
        object({req("id", id()), req("region_code", str()), req("name", str()), req("address", str()),
                req("lat", nullable(number())), req("lng", nullable(number())), req("resources", str()),
                req("contact", str()), req("active", boolean()), req("version", integer(1))}));
  c.add("VolunteerTeam",
        object({req("id", id()), req("station_id", id()), req("station_name", str()), req("region_code", str()),
                req("name", str()), req("purpose", str()), req("leader_id", nullable(id())), req("leader_name", str()),
                req("members", integer(0)), req("active", boolean()), req("version", integer(1))}));
  c.add("Volunteer",
        object({req("id", id()), req("person_id", id()), req("linked", boolean()), req("name", str()),
                req("region_code", str()), req("skills", array(str())), req("status", enumeration({"active", "left"})),
                req("hours", number()), req("minutes", integer(0)), req("version", integer(1))}));
  c.add("VolunteerMembership", object({req("id", id()), req("team_id", id()), req("team_name", str()),
                                       req("volunteer_id", id()), req("volunteer_name", str()), req("joined_at", time),
                                       req("left_at", nullable(time)), req("left_reason", str())}));
  c.add("VolunteerSignup",
        object({req("id", id()), req("activity_id", id()), req("volunteer_id", id()), req("volunteer_name", str()),
                req("status", enumeration({"signed", "waiting", "cancelled"})), req("signed_up_at", time),
                req("checked_in_at", nullable(time)), req("checked_out_at", nullable(time)),
                req("minutes", nullable(integer(0))), req("version", integer(1))}));
  c.add("VolunteerActivity", object({req("id", id()),
                                     req("station_id", id()),
                                     req("station_name", str()),
                                     req("team_id", nullable(id())),
                                     req("team_name", str()),
                                     req("region_code", str()),
                                     req("title", str()),
                                     req("detail", str()),
                                     req("place", str()),
                                     req("lat", number()),
                                     req("lng", number()),
                                     req("radius_m", integer(50, 5000)),
                                     req("starts_at", time),
                                     req("ends_at", time),
                                     req("capacity", integer(1)),
                                     req("skills", array(str())),
                                     req("status", enumeration(kActivityStates)),
                                     req("signed", integer(0)),
                                     req("waiting", integer(0)),
                                     req("minutes", integer(0)),
                                     req("participants", integer(0)),
                                     req("certified_at", nullable(time)),
                                     req("version", integer(1)),
                                     req("runs", describe(boolean(), "the caller organises it")),
                                     req("mine", nullable(ref("VolunteerSignup")))}));
}

json::object Service::station_json(const Station& s) const {
  json::object o{{"id", s.id},           {"region_code", s.region_code}, {"name", s.name},
                 {"address", s.address}, {"resources", s.resources},     {"contact", s.contact},
                 {"active", s.active},   {"version", s.version}};
  o["lat"] = s.lat ? json::value(*s.lat) : json::value(nullptr);
  o["lng"] = s.lng ? json::value(*s.lng) : json::value(nullptr);
  return o;
}

json::object Service::team_json(const Team& t) const {
  return json::object{{"id", t.id},
                      {"station_id", t.station_id},
                      {"station_name", t.station_name},
                      {"region_code", t.region_code},
                      {"name", t.name},
                      {"purpose", t.purpose},
                      {"leader_id", maybe(t.leader_id)},
                      {"leader_name", t.leader_name},
                      {"members", t.members},
                      {"active", t.active},
                      {"version", t.version}};
}

json::object Service::volunteer_json(const Volunteer& v) const {
  return json::object{{"id", v.id},
                      {"person_id", v.person_id},
                      {"linked", v.user_id.has_value()},
                      {"name", v.name},
                      {"region_code", v.region_code},
                      {"skills", names_json(v.skills)},
                      {"status", v.status},
                      {"hours", static_cast<double>(v.minutes * 100 / 60) / 100.0},
                      {"minutes", v.minutes},
                      {"version", v.version}};
}

json::object Service::membership_json(const Membership& m) const {
  return json::object{{"id", m.id},
                      {"team_id", m.team_id},
                      {"team_name", m.team_name},
                      {"volunteer_id", m.volunteer_id},
                      {"volunteer_name", m.volunteer_name},
                      {"joined_at", json::rfc3339(m.joined_at)},
                      {"left_at", maybe_time(m.left_at)},
                      {"left_reason", m.left_reason}};
}

json::object Service::signup_json(const Signup& s) const {
  return json::object{{"id", s.id},
                      {"activity_id", s.activity_id},
                      {"volunteer_id", s.volunteer_id},
                      {"volunteer_name", s.volunteer_name},
                      {"status", s.status},
                      {"signed_up_at", json::rfc3339(s.signed_up_at)},
                      {"checked_in_at", maybe_time(s.checked_in_at)},
                      {"checked_out_at", maybe_time(s.checked_out_at)},
                      {"minutes", maybe(s.minutes)},
                      {"version", s.version}};
}

json::object Service::activity_json(const Activity& a, const std::optional<Signup>& mine, bool runs) const {
  return json::object{{"id", a.id},
                      {"station_id", a.station_id},
                      {"station_name", a.station_name},
                      {"team_id", maybe(a.team_id)},
                      {"team_name", a.team_name},
                      {"region_code", a.region_code},
                      {"title", a.title},
                      {"detail", a.detail},
                      {"place", a.place},
                      {"lat", a.lat},
                      {"lng", a.lng},
                      {"radius_m", a.radius_m},
                      {"starts_at", json::rfc3339(a.starts_at)},
                      {"ends_at", json::rfc3339(a.ends_at)},
                      {"capacity", a.capacity},
                      {"skills", names_json(a.skills)},
                      {"status", a.status},
                      {"signed", a.signed_up},
                      {"waiting", a.waiting},
                      {"minutes", a.minutes},
                      {"participants", a.participants},
                      {"certified_at", maybe_time(a.certified_at)},
                      {"version", a.version},
                      {"runs", runs},
                      {"mine", mine ? json::value(signup_json(*mine)) : json::value(nullptr)}};
}

}  // namespace wangge::volunteers
