#include "core/auth.h"

#include <algorithm>
#include <set>

namespace wangge {

bool Principal::can(std::string_view permission, std::string_view region_path) const {
  return std::any_of(grants.begin(), grants.end(), [&](const Grant& g) {
    return role_has(g.role, permission) && path_within(region_path, g.region_path);
  });
}

bool Principal::reaches(std::string_view permission, std::string_view region_path) const {
  return std::any_of(grants.begin(), grants.end(), [&](const Grant& g) {
    return role_has(g.role, permission) &&
           (path_within(region_path, g.region_path) || path_within(g.region_path, region_path));
  });
}

bool Principal::can_somewhere(std::string_view permission) const {
  return std::any_of(grants.begin(), grants.end(), [&](const Grant& g) { return role_has(g.role, permission); });
}

std::vector<std::string> Principal::scope(std::string_view permission) const {
  std::vector<std::string> paths;
  for (const Grant& g : grants) {
    if (role_has(g.role, permission)) paths.push_back(g.region_path);
  }
  std::sort(paths.begin(), paths.end());
  // Drop paths covered by another path in the list.
  std::vector<std::string> out;
  for (const auto& p : paths) {
    if (out.empty() || !path_within(p, out.back())) out.push_back(p);
  }
  return out;
}

std::vector<std::string> Principal::permissions() const {
  std::set<std::string> all;
  for (const Grant& g : grants) {
    const RoleSpec* spec = find_role(g.role);
    if (!spec) continue;
    for (auto p : spec->permissions) {
      if (p == "*") {
        for (auto q : all_permissions()) all.emplace(q);
      } else {
        all.emplace(p);
      }
    }
  }
  return {all.begin(), all.end()};
}

}  // namespace wangge
