// What an assessment counts of the emergency records (store.h): attendance at held patrols
// and drills per linked account, in one grouped statement.
#include "core/storage/scope.h"
#include "emergency/store.h"

namespace wangge::emergency::store {

std::map<std::int64_t, std::int64_t> attended_by_account(storage::Tx& tx, const std::string& path, std::int64_t from,
                                                         std::int64_t to) {
  std::vector<storage::Value> p{from, to};
  std::string sql =
      "SELECT m.user_id, COUNT(DISTINCT a.id) FROM emergency_attendance t JOIN emergency_activities a ON a.id = "
      "t.activity_id JOIN emergency_members m ON m.id = t.member_id WHERE a.status = 'held' AND a.starts_at >= ? AND "
      "a.starts_at < ? AND m.user_id IS NOT NULL AND ";
  storage::scope_clause({path}, "a.region_path", sql, p);
  sql += " GROUP BY m.user_id";
  std::map<std::int64_t, std::int64_t> out;
  for (const auto& r : tx.exec(sql, p).rows) out[r.i64(0)] = r.i64(1);
  return out;
}

}  // namespace wangge::emergency::store
