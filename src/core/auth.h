// Who is calling and what they may do: roles, their permission strings
// (module:entity:action, shared with the web app), grants of a role on a territory node
// (reaching its whole subtree), and the checks every handler makes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wangge {

struct RoleSpec {
  std::string_view role;
  std::string_view name_zh;
  std::string_view name_en;
  std::vector<std::string_view> permissions;  // "*" means every permission
};

// The fixed role table (PRODUCT.md "Who uses it").
const std::vector<RoleSpec>& roles();
const RoleSpec* find_role(std::string_view role);
// Every permission string the server checks.
const std::vector<std::string_view>& all_permissions();
bool role_has(std::string_view role, std::string_view permission);

struct Grant {
  std::int64_t id = 0;
  std::string role;
  std::string region_code;
  std::string region_name;
  std::string region_path;  // "/44/4404/.../code/": ancestors and self
};

struct Principal {
  std::int64_t user_id = 0;
  std::string username;
  std::string display_name;
  std::vector<Grant> grants;
  std::int64_t session_id = 0;

  // True when some grant whose role has `permission` is on an ancestor-or-self of the node
  // whose path is `region_path`.
  bool can(std::string_view permission, std::string_view region_path) const;
  // True when some grant whose role has `permission` lies on the line of `region_path`: on
  // the node, under it or above it (a resident of a grid reaches its community's station
  // and wall; a town's staff reach the town's communities).
  bool reaches(std::string_view permission, std::string_view region_path) const;
  // True when some grant's role has `permission`, anywhere.
  bool can_somewhere(std::string_view permission) const;
  // The paths of the grants whose role has `permission` (the caller's scope roots).
  std::vector<std::string> scope(std::string_view permission) const;
  std::vector<std::string> permissions() const;  // the union over all grants, sorted
};

// True when `path` is `ancestor` itself or lies under it.
inline bool path_within(std::string_view path, std::string_view ancestor) {
  return path.substr(0, ancestor.size()) == ancestor;
}

}  // namespace wangge
