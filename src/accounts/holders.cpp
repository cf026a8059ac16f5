// Who holds a role over a subtree: the workers an assessment scheme over a node assesses
// (app/wiring_assessment.cpp), in one query however many there are.
#include "accounts/service.h"
#include "accounts/store.h"

namespace wangge::accounts {

namespace store {

std::vector<std::tuple<std::int64_t, std::string, std::string>> role_holders_under(storage::Tx& tx,
                                                                                   const std::string& role,
                                                                                   const std::string& code) {
  std::vector<std::tuple<std::int64_t, std::string, std::string>> out;
  for (const auto& r : tx.exec("SELECT g.user_id, u.username, u.display_name, MIN(g.region_code) FROM grants g JOIN "
                               "users u ON u.id = g.user_id WHERE g.role = ? AND u.disabled = 0 AND g.region_code IS "
                               "NOT NULL AND substr(g.region_code, 1, ?) = ? GROUP BY g.user_id, u.username, "
                               "u.display_name ORDER BY g.user_id",
                               {role, static_cast<std::int64_t>(code.size()), code})
                           .rows)
    out.emplace_back(r.i64(0), r.str(2).empty() ? r.str(1) : r.str(2), r.str(3));
  return out;
}

}  // namespace store

std::vector<Service::RoleHolder> Service::role_holders_under(storage::Tx& tx, const std::string& role,
                                                             const std::string& code) {
  std::vector<RoleHolder> out;
  for (auto& [id, name, region] : store::role_holders_under(tx, role, code))
    out.push_back(RoleHolder{id, std::move(name), std::move(region)});
  return out;
}

}  // namespace wangge::accounts
