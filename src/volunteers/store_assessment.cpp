// What an assessment counts of volunteering (store.h): certified minutes per account linked
// to a volunteer, in one grouped statement.
#include "core/storage/scope.h"
#include "volunteers/store.h"

namespace wangge::volunteers::store {

std::map<std::int64_t, std::int64_t> minutes_by_account(storage::Tx& tx, const std::string& path, std::int64_t from,
                                                        std::int64_t to) {
  std::vector<storage::Value> p{from, to};
  std::string sql =
      "SELECT v.user_id, SUM(s.minutes) FROM volunteer_signups s JOIN volunteer_activities a ON a.id = s.activity_id "
      "JOIN volunteers v ON v.id = s.volunteer_id WHERE a.status = 'certified' AND a.starts_at >= ? AND a.starts_at < "
      "? AND s.minutes IS NOT NULL AND v.user_id IS NOT NULL AND ";
  storage::scope_clause({path}, "a.region_path", sql, p);
  sql += " GROUP BY v.user_id";
  std::map<std::int64_t, std::int64_t> out;
  for (const auto& r : tx.exec(sql, p).rows) out[r.i64(0)] = r.i64(1);
  return out;
}

}  // namespace wangge::volunteers::store
