#include "core/auth.h"

#include <algorithm>
#include <set>

namespace wangge {

const std::vector<RoleSpec>& roles() {
  // Permission strings are module:entity:action. Read access to the territory is
  // everyone's; writes and account administration are the administrator's.
  static const std::vector<RoleSpec> kRoles = {
      {"admin", "系统管理员", "Administrator", {"*"}},
      {"leader",
       "领导",
       "Leader",
       {"territory:region:read",      "territory:coverage:read",   "events:event:read",
        "events:event:report",        "events:event:supervise",    "events:stats:read",
        "events:category:read",       "events:department:read",    "registry:person:read",
        "registry:household:read",    "registry:building:read",    "registry:business:read",
        "registry:person:unmask",     "registry:visit:read",       "disputes:dispute:read",
        "disputes:stats:read",        "services:item:read",        "services:item:approve",
        "services:order:read",        "services:case:read",        "services:wish:read",
        "services:stats:read",        "volunteers:activity:read",  "points:rule:read",
        "points:reward:read",         "volunteers:station:read",   "volunteers:volunteer:read",
        "volunteers:stats:read",      "points:rule:write",         "points:ledger:read",
        "points:stats:read",          "deliberation:council:read", "deliberation:topic:read",
        "deliberation:topic:propose", "deliberation:stats:read",   "notices:notice:read",
        "notices:notice:write",       "notices:receipt:read"}},
      {"dispatcher",
       "调度员",
       "Dispatcher",
       {"territory:region:read",     "territory:coverage:read",  "events:event:read",
        "events:event:report",       "events:event:create",      "events:event:dispatch",
        "events:stats:read",         "events:category:read",     "events:department:read",
        "registry:person:read",      "registry:household:read",  "registry:building:read",
        "registry:business:read",    "registry:visit:read",      "disputes:dispute:read",
        "disputes:stats:read",       "services:item:read",       "services:order:read",
        "services:case:read",        "services:case:coordinate", "services:wish:read",
        "services:stats:read",       "volunteers:activity:read", "points:rule:read",
        "points:reward:read",        "volunteers:station:read",  "volunteers:volunteer:read",
        "volunteers:stats:read",     "points:ledger:read",       "points:stats:read",
        "deliberation:council:read", "deliberation:topic:read",  "deliberation:topic:propose",
        "notices:notice:read"}},
      {"handler",
       "职能部门处置人员",
       "Department handler",
       {"territory:region:read", "events:event:report", "events:task:handle", "events:category:read",
        "events:department:read", "volunteers:activity:read", "points:rule:read", "points:reward:read",
        "deliberation:topic:read", "deliberation:topic:propose", "notices:notice:read"}},
      {"grid_chief", "网格长", "Grid chief", {"territory:region:read",      "territory:coverage:read",
                                              "events:event:read",          "events:event:report",
                                              "events:event:create",        "events:event:verify",
                                              "events:event:self_handle",   "events:stats:read",
                                              "events:category:read",       "registry:person:read",
                                              "registry:household:read",    "registry:building:read",
                                              "registry:business:read",     "registry:person:write",
                                              "registry:household:write",   "registry:building:write",
                                              "registry:business:write",    "registry:person:unmask",
                                              "registry:visit:read",        "registry:visit:write",
                                              "disputes:dispute:read",      "disputes:dispute:write",
                                              "disputes:stats:read",        "services:item:read",
                                              "services:item:request",      "services:order:dispatch",
                                              "services:order:create",      "services:order:read",
                                              "services:case:read",         "services:case:create",
                                              "services:wish:read",         "services:wish:create",
                                              "services:wish:collect",      "services:wish:review",
                                              "services:wish:claim",        "services:stats:read",
                                              "volunteers:activity:read",   "points:rule:read",
                                              "points:reward:read",         "volunteers:station:read",
                                              "volunteers:station:write",   "volunteers:volunteer:read",
                                              "volunteers:volunteer:write", "volunteers:activity:organise",
                                              "volunteers:stats:read",      "points:rule:write",
                                              "points:ledger:read",         "points:point:award",
                                              "points:ledger:correct",      "points:reward:write",
                                              "points:reward:redeem",       "points:redemption:verify",
                                              "points:stats:read",          "deliberation:council:read",
                                              "deliberation:topic:read",    "deliberation:topic:propose",
                                              "notices:notice:read",        "notices:notice:write",
                                              "notices:receipt:read"}},
      {"grid_worker",
       "网格员",
       "Grid worker",
       {"territory:region:read",     "events:event:read",          "events:event:report",
        "events:event:create",       "events:event:verify",        "events:event:self_handle",
        "events:category:read",      "registry:person:read",       "registry:household:read",
        "registry:building:read",    "registry:business:read",     "registry:person:write",
        "registry:household:write",  "registry:building:write",    "registry:business:write",
        "registry:visit:read",       "registry:visit:write",       "disputes:dispute:read",
        "disputes:dispute:write",    "services:item:read",         "services:order:create",
        "services:wish:create",      "services:wish:collect",      "volunteers:activity:read",
        "points:rule:read",          "points:reward:read",         "volunteers:station:read",
        "volunteers:volunteer:read", "volunteers:volunteer:write", "volunteers:activity:organise",
        "points:ledger:read",        "points:point:award",         "points:reward:redeem",
        "deliberation:topic:read",   "deliberation:topic:propose", "notices:notice:read"}},
      {"mediator",
       "人民调解员",
       "Mediator",
       {"territory:region:read", "events:event:read", "events:event:report", "events:category:read",
        "registry:person:read", "registry:household:read", "disputes:dispute:read", "disputes:dispute:write",
        "disputes:mediation:write", "disputes:stats:read", "services:item:read", "volunteers:activity:read",
        "points:rule:read", "points:reward:read", "deliberation:topic:read", "notices:notice:read"}},
      {"volunteer",
       "志愿者",
       "Volunteer",
       {"territory:region:read", "events:event:report", "events:category:read", "services:item:read",
        "services:order:take", "services:wish:create", "volunteers:activity:read", "points:rule:read",
        "points:reward:read", "volunteers:station:read", "volunteers:activity:join", "points:reward:redeem",
        "deliberation:topic:read", "deliberation:topic:propose", "notices:notice:read"}},
      {"party_member",
       "党员",
       "Party member",
       {"territory:region:read", "events:event:report", "events:category:read", "services:item:read",
        "services:order:create", "services:order:take", "services:wish:create", "services:wish:claim",
        "volunteers:activity:read", "points:rule:read", "points:reward:read", "volunteers:station:read",
        "volunteers:activity:join", "points:reward:redeem", "deliberation:topic:read", "deliberation:topic:propose",
        "notices:notice:read"}},
      {"window_clerk",
       "窗口工作人员",
       "Window clerk",
       {"territory:region:read", "events:event:report", "events:category:read", "services:item:read",
        "services:case:read", "services:case:create", "services:stats:read", "volunteers:activity:read",
        "points:rule:read", "points:reward:read", "deliberation:topic:read", "notices:notice:read"}},
      {"shop_clerk",
       "积分超市管理员",
       "Rewards shop clerk",
       {"territory:region:read", "events:event:report", "events:category:read", "volunteers:activity:read",
        "points:rule:read", "points:reward:read", "points:reward:write", "points:ledger:read",
        "points:redemption:verify", "points:reward:redeem", "deliberation:topic:read", "notices:notice:read"}},
      {"secretary",
       "社区书记",
       "Community secretary",
       {"territory:region:read", "events:event:report", "events:category:read", "registry:person:read",
        "registry:household:read", "volunteers:activity:read", "points:rule:read", "points:reward:read",
        "deliberation:council:read", "deliberation:council:write", "deliberation:topic:read",
        "deliberation:topic:propose", "deliberation:topic:manage", "deliberation:stats:read", "notices:notice:read",
        "notices:notice:write", "notices:receipt:read"}},
      {"resident",
       "居民",
       "Resident",
       {"territory:region:read", "events:event:report", "events:category:read", "services:item:read",
        "services:order:create", "services:wish:create", "volunteers:activity:read", "points:rule:read",
        "points:reward:read", "volunteers:station:read", "volunteers:activity:join", "points:reward:redeem",
        "deliberation:topic:read", "deliberation:topic:propose", "notices:notice:read"}},
  };
  return kRoles;
}

const std::vector<std::string_view>& all_permissions() {
  static const std::vector<std::string_view> kAll = {
      "territory:region:read",
      "territory:coverage:read",
      "territory:region:write",
      "accounts:user:read",
      "accounts:user:write",
      "accounts:grant:write",
      "audit:log:read",
      "system:metrics:read",
      "events:event:read",
      "events:event:report",
      "events:event:create",
      "events:event:dispatch",
      "events:event:verify",
      "events:event:self_handle",
      "events:event:supervise",
      "events:task:handle",
      "events:stats:read",
      "events:category:read",
      "events:category:write",
      "events:department:read",
      "events:department:write",
      "open311:apikey:write",
      "registry:person:read",
      "registry:person:write",
      "registry:person:unmask",
      "registry:household:read",
      "registry:household:write",
      "registry:building:read",
      "registry:building:write",
      "registry:business:read",
      "registry:business:write",
      "registry:visit:read",
      "registry:visit:write",
      "disputes:dispute:read",
      "disputes:dispute:write",
      "disputes:mediation:write",
      "disputes:stats:read",
      "services:item:read",
      "services:item:write",
      "services:item:request",
      "services:item:approve",
      "services:order:read",
      "services:order:create",
      "services:order:dispatch",
      "services:order:take",
      "services:case:read",
      "services:case:create",
      "services:case:coordinate",
      "services:wish:read",
      "services:wish:create",
      "services:wish:collect",
      "services:wish:review",
      "services:wish:claim",
      "services:stats:read",
      "volunteers:station:read",
      "volunteers:station:write",
      "volunteers:volunteer:read",
      "volunteers:volunteer:write",
      "volunteers:activity:read",
      "volunteers:activity:organise",
      "volunteers:activity:join",
      "volunteers:stats:read",
      "points:rule:read",
      "points:rule:write",
      "points:ledger:read",
      "points:point:award",
      "points:ledger:correct",
      "points:reward:read",
      "points:reward:write",
      "points:reward:redeem",
      "points:redemption:verify",
      "points:stats:read",
      "deliberation:council:read",
      "deliberation:council:write",
      "deliberation:topic:read",
      "deliberation:topic:propose",
      "deliberation:topic:manage",
      "deliberation:stats:read",
      "notices:notice:read",
      "notices:notice:write",
      "notices:receipt:read",
  };
  return kAll;
}

const RoleSpec* find_role(std::string_view role) {
  for (const auto& r : roles()) {
    if (r.role == role) return &r;
  }
  return nullptr;
}

bool role_has(std::string_view role, std::string_view permission) {
  const RoleSpec* spec = find_role(role);
  if (!spec) return false;
  return std::any_of(spec->permissions.begin(), spec->permissions.end(),
                     [&](std::string_view p) { return p == "*" || p == permission; });
}

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
