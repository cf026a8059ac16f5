// The SQL of the service desk's statistics: counts grouped by a column over a subtree and
// a period, and medians of durations (read once sorted, at the middle offset).
#include "core/storage/rows.h"
#include "services/store.h"

namespace wangge::services::store {
namespace {

using storage::Value;

// "<column> >= ? AND <column> < ?" over the subtree of `path`, and created in [from, to).
std::string where(const std::string& column, const StatsScope& s, std::vector<Value>& p, const char* created) {
  std::string sql = column + " >= ? AND " + column + " < ?";
  p.emplace_back(s.path);
  p.emplace_back(storage::path_upper_bound(s.path));
  if (created) {
    sql += std::string(" AND ") + created + " >= ? AND " + created + " < ?";
    p.emplace_back(s.from);
    p.emplace_back(s.to);
  }
  return sql;
}

}  // namespace

std::vector<std::pair<std::string, std::int64_t>> grouped(storage::Tx& tx, const std::string& table,
                                                          const std::string& key, const std::string& path_column,
                                                          const StatsScope& s, bool in_period,
                                                          const std::string& extra) {
  std::vector<Value> p;
  std::string sql = "SELECT " + key + ", COUNT(*) FROM " + table + " WHERE " +
                    where(path_column, s, p, in_period ? "created_at" : nullptr) + extra + " GROUP BY " + key +
                    " ORDER BY 2 DESC";
  std::vector<std::pair<std::string, std::int64_t>> out;
  for (const auto& r : tx.exec(sql, p).rows) out.emplace_back(r.is_null(0) ? std::string() : r.str(0), r.i64(1));
  return out;
}

std::optional<std::int64_t> median(storage::Tx& tx, const std::string& table, const std::string& expr,
                                   const std::string& path_column, const StatsScope& s, const std::string& extra) {
  std::vector<Value> p;
  std::string cond = where(path_column, s, p, "created_at") + extra;
  std::int64_t n = tx.exec("SELECT COUNT(*) FROM " + table + " WHERE " + cond, p).one().i64(0);
  if (n == 0) return std::nullopt;
  p.emplace_back(n / 2);
  return tx.exec("SELECT " + expr + " FROM " + table + " WHERE " + cond + " ORDER BY 1 LIMIT 1 OFFSET ?", p)
      .one()
      .i64(0);
}

std::vector<RatedRow> ratings(storage::Tx& tx, const std::string& table, const std::string& key,
                              const std::string& name, const std::string& path_column, const StatsScope& s) {
  std::vector<Value> p;
  std::string sql = "SELECT " + key + ", MAX(" + name + "), COUNT(*), COUNT(rating), " +
                    "SUM(CASE WHEN rating >= 3 THEN 1 ELSE 0 END) FROM " + table + " WHERE " +
                    where(path_column, s, p, "created_at") + " AND " + key + " IS NOT NULL GROUP BY " + key +
                    " ORDER BY 3 DESC LIMIT 100";
  std::vector<RatedRow> out;
  for (const auto& r : tx.exec(sql, p).rows)
    out.push_back({r.i64(0), r.is_null(1) ? std::string() : r.str(1), r.i64(2), r.i64(3), r.is_null(4) ? 0 : r.i64(4)});
  return out;
}

std::vector<CoverageRow> coverage(storage::Tx& tx, const std::string& path) {
  std::vector<Value> p{path, storage::path_upper_bound(path)};
  std::vector<CoverageRow> out;
  for (const auto& r : tx.exec("SELECT community_code, COUNT(*), SUM(ready) FROM service_admissions WHERE "
                               "community_path >= ? AND community_path < ? AND status = 'approved' "
                               "GROUP BY community_code ORDER BY community_code",
                               p)
                           .rows)
    out.push_back({r.str(0), r.i64(1), r.is_null(2) ? 0 : r.i64(2)});
  return out;
}

}  // namespace wangge::services::store
