// The SQL an assessment reads of the teams module (store.h, "for assessments"): care per
// linked account over a period's months from the rollup, and the accounts holding a post.
// One grouped statement each, however many carers there are.
#include "core/storage/rows.h"
#include "core/storage/scope.h"
#include "teams/store.h"

namespace wangge::teams::store {

std::map<std::int64_t, CareByAccount> care_by_account(storage::Tx& tx, const std::string& path,
                                                      const std::vector<std::string>& months) {
  std::map<std::int64_t, CareByAccount> out;
  if (months.empty()) return out;
  std::vector<storage::Value> p;
  std::string sql =
      "SELECT m.user_id, m.id, m.in_care, COALESCE(SUM(r.households), 0) FROM team_members m LEFT JOIN care_rollup r "
      "ON r.member_id = m.id AND r.member_path = m.region_path AND r.month IN (" +
      storage::in_list(months, p) + ") WHERE ";
  storage::scope_clause({path}, "m.region_path", sql, p);
  sql += " AND m.status = 'active' AND m.user_id IS NOT NULL GROUP BY m.user_id, m.id, m.in_care";
  for (const auto& r : tx.exec(sql, p).rows) {
    auto& c = out[r.i64(0)];
    c.in_care += r.i64(2);
    c.visited += r.i64(3);
  }
  return out;
}

std::vector<std::tuple<std::int64_t, std::string, std::string>> post_holders(storage::Tx& tx, const std::string& path,
                                                                             const std::string& post) {
  std::vector<storage::Value> p;
  std::string sql = "SELECT user_id, MIN(name), MIN(region_code) FROM team_members WHERE ";
  storage::scope_clause({path}, "region_path", sql, p);
  sql += " AND status = 'active' AND post = ? AND user_id IS NOT NULL GROUP BY user_id ORDER BY user_id";
  p.emplace_back(post);
  std::vector<std::tuple<std::int64_t, std::string, std::string>> out;
  for (const auto& r : tx.exec(sql, p).rows) out.emplace_back(r.i64(0), r.str(1), r.str(2));
  return out;
}

}  // namespace wangge::teams::store
