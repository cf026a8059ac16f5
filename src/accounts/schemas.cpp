// The JSON Schemas of the accounts module's answers, beside what renders them (render.cpp):
// published in /api/openapi.json, checked against every answer in the tests
// (Config::check_contracts).
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "accounts/render.h"

namespace wangge::accounts {

using namespace schema;

namespace {

// A string that is one of `names` (the role table, the permission list).
template <typename Names, typename Name>
value one_of_names(const Names& names, Name name_of) {
  boost::json::array e;
  for (const auto& n : names) e.emplace_back(name_of(n));
  return boost::json::object{{"type", "string"}, {"enum", std::move(e)}};
}

}  // namespace

void register_schemas(Components& c) {
  c.add("RoleName",
        describe(one_of_names(roles(), [](const RoleSpec& r) { return r.role; }), "a role of the role table"));
  c.add("Permission", one_of_names(all_permissions(), [](std::string_view p) { return p; }));
  c.add("Grant",
        object({req("id", id()), req("role", ref("RoleName")),
                req("region_code", describe(nullable(str()), "null: system-wide")), req("region_name", str())}));
  c.add("CurrentUser", object({req("id", id()), req("username", str()), req("display_name", str()),
                               req("grants", array(ref("Grant"))), req("permissions", array(ref("Permission")))}));
  c.add("LoginSession",
        object({req("token", describe(str(), "the bearer token (also set as the wangge_session cookie)")),
                req("expires_at", date_time()), req("user", ref("CurrentUser"))}));
  c.add("User", object({req("id", id()), req("username", str()), req("display_name", str()), req("disabled", boolean()),
                        req("locked_until", describe(nullable(date_time()), "locked out of logging in until then")),
                        req("created_at", date_time()), req("grants", array(ref("Grant")))}));
  c.add("Role", object({req("role", ref("RoleName")), req("name_zh", str()), req("name_en", str()),
                        req("permissions", array(ref("Permission")))}));
}

}  // namespace wangge::accounts
