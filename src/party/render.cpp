// How the module's records are answered, and their JSON Schemas (published in
// /api/openapi.json, checked against every answer in the tests).
#include "party/service.h"

namespace wangge::party {
namespace {

json::value party_maybe(const std::optional<std::int64_t>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}
json::value party_maybe_text(const std::optional<std::string>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}
json::value party_maybe_time(const std::optional<std::int64_t>& v) {
  return v ? json::value(json::rfc3339(*v)) : json::value(nullptr);
}

}  // namespace

void register_schemas(schema::Components& c) {
  using namespace schema;
  value time = date_time();
  c.add("PartyOrg",
        object({req("id", id()), req("name", str()), req("level", enumeration(kLevels)), req("region_code", str()),
                req("parent_id", nullable(id())), req("parent_name", str()),
                req("building_id", describe(nullable(id()), "a 楼栋党小组's building")), req("building_name", str()),
                req("secretary_name", str()), req("founded_on", nullable(date())),
                req("status", enumeration(kOrgStates)), req("dissolved_reason", str()),
                req("dissolved_at", nullable(time)), req("members", describe(integer(0), "current members")),
                req("children", describe(integer(0), "active child organisations")), req("created_at", time),
                req("version", integer(1))}));
  c.add("PartyMember",
        object({req("id", id()),
                req("org_id", id()),
                req("org_name", str()),
                req("org_level", enumeration(kLevels)),
                req("region_code", describe(str(), "the organisation's node")),
                req("person_id", describe(nullable(id()), "the registry person, if any")),
                req("name", str()),
                req("kind", describe(enumeration(kKinds), "regular: 组织关系在此; in_service: 在职党员双报到")),
                req("post", enumeration(kPosts)),
                req("home_unit", describe(str(), "an in-service member's work unit")),
                req("home_org_name", describe(str(), "the organisation their relationship is with")),
                req("phone", describe(str(), "masked (the registry holds the phones of registry persons)")),
                req("linked", describe(boolean(), "has an account (adds their own pledges)")),
                req("mine", describe(boolean(), "the caller's own record")),
                req("joined_party_on", nullable(date())),
                req("joined_on", date()),
                req("left_on", nullable(date())),
                req("leave_reason", nullable(enumeration(kLeaveReasons))),
                req("leave_note", str()),
                req("transferred_from", nullable(id())),
                req("transferred_to", nullable(id())),
                req("active", boolean()),
                req("pledges", describe(integer(0), "active pledges")),
                req("version", integer(1))}));
  c.add("PartyPledge",
        object({req("id", id()), req("member_id", id()), req("member_name", str()), req("org_id", id()),
                req("org_name", str()), req("region_code", str()),
                req("kind", describe(enumeration(kPledgeKinds), "亮身份、亮责任、亮服务")), req("content", str()),
                req("status", enumeration(kPledgeStates)), req("note", str()),
                req("mine", describe(boolean(), "a pledge of the caller's own")), req("created_at", time),
                req("closed_at", nullable(time)),
                req("closed_by_name", describe(str(), "who fulfilled or withdrew it")), req("version", integer(1))}));
}

json::object Service::org_json(const Org& o) const {
  return json::object{{"id", o.id},
                      {"name", o.name},
                      {"level", o.level},
                      {"region_code", o.region_code},
                      {"parent_id", party_maybe(o.parent_id)},
                      {"parent_name", o.parent_name},
                      {"building_id", party_maybe(o.building_id)},
                      {"building_name", o.building_name},
                      {"secretary_name", o.secretary_name},
                      {"founded_on", party_maybe_text(o.founded_on)},
                      {"status", o.status},
                      {"dissolved_reason", o.dissolved_reason},
                      {"dissolved_at", party_maybe_time(o.dissolved_at)},
                      {"members", o.members},
                      {"children", o.children},
                      {"created_at", json::rfc3339(o.created_at)},
                      {"version", o.version}};
}

json::object Service::member_json(const Member& m, std::int64_t viewer) const {
  return json::object{{"id", m.id},
                      {"org_id", m.org_id},
                      {"org_name", m.org_name},
                      {"org_level", m.org_level},
                      {"region_code", m.region_code},
                      {"person_id", party_maybe(m.person_id)},
                      {"name", m.name},
                      {"kind", m.kind},
                      {"post", m.post},
                      {"home_unit", m.home_unit},
                      {"home_org_name", m.home_org_name},
                      {"phone", m.phone_masked},
                      {"linked", m.user_id.has_value()},
                      {"mine", m.user_id && *m.user_id == viewer},
                      {"joined_party_on", party_maybe_text(m.joined_party_on)},
                      {"joined_on", m.joined_on},
                      {"left_on", party_maybe_text(m.left_on)},
                      {"leave_reason", party_maybe_text(m.leave_reason)},
                      {"leave_note", m.leave_note},
                      {"transferred_from", party_maybe(m.transferred_from)},
                      {"transferred_to", party_maybe(m.transferred_to)},
                      {"active", m.active()},
                      {"pledges", m.pledges},
                      {"version", m.version}};
}

std::map<std::int64_t, std::string> Service::closers(storage::Tx& tx, const std::vector<Pledge>& pledges) const {
  std::vector<std::int64_t> ids;
  for (const auto& p : pledges)
    if (p.closed_by) ids.push_back(*p.closed_by);
  return names_of_ && !ids.empty() ? names_of_(tx, ids) : std::map<std::int64_t, std::string>{};
}

json::object Service::pledge_json(const Pledge& p, std::int64_t viewer,
                                  const std::map<std::int64_t, std::string>& names) const {
  auto closer = p.closed_by ? names.find(*p.closed_by) : names.end();
  return json::object{{"id", p.id},
                      {"member_id", p.member_id},
                      {"member_name", p.member_name},
                      {"org_id", p.org_id},
                      {"org_name", p.org_name},
                      {"region_code", p.region_code},
                      {"kind", p.kind},
                      {"content", p.content},
                      {"status", p.status},
                      {"note", p.note},
                      {"mine", p.member_user_id && *p.member_user_id == viewer},
                      {"created_at", json::rfc3339(p.created_at)},
                      {"closed_at", party_maybe_time(p.closed_at)},
                      {"closed_by_name", closer == names.end() ? std::string() : closer->second},
                      {"version", p.version}};
}

}  // namespace wangge::party
