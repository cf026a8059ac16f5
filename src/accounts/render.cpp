#include "accounts/render.h"

namespace wangge::accounts {

json::object grant_json(const Grant& g) {
  return json::object{{"id", g.id},
                      {"role", g.role},
                      {"region_code", g.region_code.empty() ? json::value(nullptr) : json::value(g.region_code)},
                      {"region_name", g.region_name}};
}

json::object principal_json(const Principal& p) {
  json::array grants, perms;
  for (const auto& g : p.grants) grants.push_back(grant_json(g));
  for (const auto& s : p.permissions()) perms.emplace_back(s);
  return json::object{{"id", p.user_id},
                      {"username", p.username},
                      {"display_name", p.display_name},
                      {"grants", std::move(grants)},
                      {"permissions", std::move(perms)}};
}

json::object user_json(const User& u) {
  json::array grants;
  for (const auto& g : u.grants) grants.push_back(grant_json(g));
  return json::object{
      {"id", u.id},
      {"username", u.username},
      {"display_name", u.display_name},
      {"disabled", u.disabled},
      {"locked_until", u.locked_until ? json::value(json::rfc3339(*u.locked_until)) : json::value(nullptr)},
      {"created_at", json::rfc3339(u.created_at)},
      {"grants", std::move(grants)}};
}

}  // namespace wangge::accounts
