// Visits per visitor for an assessment's period (the assessment module's providers, wired by
// the app): one grouped statement over the done visits under a node (the region index).
#include "core/storage/scope.h"
#include "registry/store.h"

namespace wangge::registry::store {

std::map<std::int64_t, std::pair<std::int64_t, std::int64_t>> visits_by_visitor(storage::Tx& tx,
                                                                                const std::string& path,
                                                                                std::int64_t from, std::int64_t to) {
  std::vector<storage::Value> p;
  std::string sql =
      "SELECT visitor_id, COUNT(*), COUNT(DISTINCT household_id) FROM visits WHERE status = 'done' AND visitor_id IS "
      "NOT NULL AND ";
  storage::scope_clause({path}, "region_path", sql, p);
  sql += " AND visited_at >= ? AND visited_at < ? GROUP BY visitor_id";
  p.emplace_back(from);
  p.emplace_back(to);
  std::map<std::int64_t, std::pair<std::int64_t, std::int64_t>> out;
  for (const auto& r : tx.exec(sql, p).rows) out[r.i64(0)] = {r.i64(1), r.i64(2)};
  return out;
}

}  // namespace wangge::registry::store
