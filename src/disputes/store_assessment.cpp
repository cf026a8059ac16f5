// What an assessment counts of the disputes (store.h, "For an assessment's period"): one
// grouped statement each over the disputes under a node, by who recorded them, who mediated
// them to a settlement, or where they arose.
#include "core/storage/scope.h"
#include "disputes/store.h"

namespace wangge::disputes::store {
namespace {

std::map<std::int64_t, std::int64_t> disputes_per_account(storage::Tx& tx, const std::string& account_column,
                                                          const std::string& day_column, const std::string& condition,
                                                          const std::string& path, const std::string& from,
                                                          const std::string& to) {
  std::vector<storage::Value> p;
  std::string sql = "SELECT " + account_column + ", COUNT(*) FROM disputes WHERE ";
  storage::scope_clause({path}, "region_path", sql, p);
  sql += " AND " + account_column + " IS NOT NULL AND " + day_column + " >= ? AND " + day_column + " < ?" + condition +
         " GROUP BY " + account_column;
  p.emplace_back(from);
  p.emplace_back(to);
  std::map<std::int64_t, std::int64_t> out;
  for (const auto& r : tx.exec(sql, p).rows) out[r.i64(0)] = r.i64(1);
  return out;
}

}  // namespace

std::map<std::int64_t, std::int64_t> found_by_recorder(storage::Tx& tx, const std::string& path,
                                                       const std::string& from, const std::string& to) {
  return disputes_per_account(tx, "created_by", "found_on", "", path, from, to);
}

std::map<std::int64_t, std::int64_t> settled_by_mediator(storage::Tx& tx, const std::string& path,
                                                         const std::string& from, const std::string& to) {
  return disputes_per_account(tx, "mediator_id", "closed_on", " AND status = 'settled'", path, from, to);
}

std::map<std::string, std::pair<std::int64_t, std::int64_t>> disputes_by_area(storage::Tx& tx, const std::string& path,
                                                                              const std::string& from,
                                                                              const std::string& to,
                                                                              std::size_t digits) {
  const std::string area = "substr(region_code, 1, " + std::to_string(digits) + ")";
  std::vector<storage::Value> p{from, to, from, to};
  std::string sql = "SELECT " + area +
                    ", SUM(CASE WHEN found_on >= ? AND found_on < ? THEN 1 ELSE 0 END), SUM(CASE WHEN status = "
                    "'settled' AND closed_on >= ? AND closed_on < ? THEN 1 ELSE 0 END) FROM disputes WHERE ";
  storage::scope_clause({path}, "region_path", sql, p);
  sql += " AND ((found_on >= ? AND found_on < ?) OR (closed_on >= ? AND closed_on < ?)) GROUP BY " + area;
  p.insert(p.end(), {from, to, from, to});
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> out;
  for (const auto& r : tx.exec(sql, p).rows) out[r.str(0)] = {r.i64(1), r.i64(2)};
  return out;
}

}  // namespace wangge::disputes::store
