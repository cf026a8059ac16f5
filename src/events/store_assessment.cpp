// The SQL of the assessment's events figures (assessment_figures.h): one grouped statement
// per figure over the events reported in a period under a node (the creation-time index or
// the region index, as the planner chooses).
#include "core/storage/scope.h"
#include "events/assessment_figures.h"

namespace wangge::events::store {
namespace {

// "created_at >= ? AND created_at < ? AND (region_path within path)" for the events table
// (alias `prefix`), binding into p.
std::string assessed_events(const std::string& prefix, const std::string& path, std::int64_t from, std::int64_t until,
                            std::vector<storage::Value>& p) {
  std::string sql = prefix + "created_at >= ? AND " + prefix + "created_at < ? AND ";
  p.emplace_back(from);
  p.emplace_back(until);
  storage::scope_clause({path}, prefix + "region_path", sql, p);
  return sql;
}

// Merged, withdrawn and rejected reports are no matter of their own.
constexpr const char* kCountedReports = " AND status NOT IN ('merged', 'withdrawn', 'rejected')";

}  // namespace

std::map<std::int64_t, std::int64_t> count_by_account(storage::Tx& tx, const std::string& account_column,
                                                      const std::string& condition, const std::string& path,
                                                      std::int64_t from, std::int64_t until) {
  std::vector<storage::Value> p;
  std::string sql = "SELECT " + account_column + ", COUNT(*) FROM events WHERE " +
                    assessed_events("", path, from, until, p) + " AND " + account_column + " IS NOT NULL AND " +
                    condition + " GROUP BY " + account_column;
  std::map<std::int64_t, std::int64_t> out;
  for (const auto& r : tx.exec(sql, p).rows) out[r.i64(0)] = r.i64(1);
  return out;
}

std::int64_t attribute_by_id(storage::Tx& tx, const std::string& account_column, const std::string& condition,
                             const std::string& path, std::int64_t from, std::int64_t until, std::int64_t first,
                             std::int64_t n) {
  std::vector<storage::Value> p{first, n, from, until};
  // A community's events by the path index; SQLite's planner would walk the creation
  // index over the whole period (every community's events) once per community.
  const std::string at = tx.dialect() == storage::Dialect::sqlite ? "+created_at" : "created_at";
  std::string sql =
      "UPDATE events SET " + account_column + " = ? + (id % ?) WHERE " + at + " >= ? AND " + at + " < ? AND ";
  storage::scope_clause({path}, "region_path", sql, p);
  sql += " AND " + condition;
  return tx.exec(sql, p).changes;
}

std::map<std::int64_t, DepartmentFigures> department_figures(storage::Tx& tx, const std::string& path,
                                                             std::int64_t from, std::int64_t until) {
  std::vector<storage::Value> p;
  std::string sql =
      "SELECT department_id, SUM(CASE WHEN status = 'closed' THEN 1 ELSE 0 END), SUM(CASE WHEN status = 'closed' AND "
      "on_time = 1 THEN 1 ELSE 0 END), SUM(rework_count), SUM(CASE WHEN rating IS NOT NULL THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN rating IN ('satisfied', 'basically_satisfied') THEN 1 ELSE 0 END) FROM events WHERE " +
      assessed_events("", path, from, until, p) + " AND department_id IS NOT NULL" + kCountedReports +
      " GROUP BY department_id";
  std::map<std::int64_t, DepartmentFigures> out;
  for (const auto& r : tx.exec(sql, p).rows) out[r.i64(0)] = {r.i64(1), r.i64(2), r.i64(3), r.i64(4), r.i64(5)};
  return out;
}

std::map<std::int64_t, WhistleFigures> department_whistles(storage::Tx& tx, const std::string& path, std::int64_t from,
                                                           std::int64_t until, std::int64_t now) {
  std::vector<storage::Value> p{now, from, until};
  std::string sql =
      "SELECT w.department_id, COUNT(*), SUM(CASE WHEN w.reported_at <= w.due_at THEN 1 ELSE 0 END) FROM "
      "event_whistles w JOIN events e ON e.id = w.event_id WHERE w.department_id IS NOT NULL AND (w.reported_at IS "
      "NOT NULL OR w.due_at <= ?) AND w.summoned_at >= ? AND w.summoned_at < ? AND ";
  storage::scope_clause({path}, "e.region_path", sql, p);
  sql += " GROUP BY w.department_id";
  std::map<std::int64_t, WhistleFigures> out;
  for (const auto& r : tx.exec(sql, p).rows) out[r.i64(0)] = {r.i64(1), r.i64(2)};
  return out;
}

std::map<std::string, AreaFigures> area_figures(storage::Tx& tx, const std::string& path, std::int64_t from,
                                                std::int64_t until, std::size_t digits) {
  std::vector<storage::Value> p;
  const std::string area = "substr(grid_code, 1, " + std::to_string(digits) + ")";
  std::string sql = "SELECT " + area +
                    ", COUNT(*), SUM(CASE WHEN status = 'closed' THEN 1 ELSE 0 END), SUM(CASE WHEN status = 'closed' "
                    "AND solved_level = 'grid' THEN 1 ELSE 0 END), SUM(CASE WHEN rating IS NOT NULL THEN 1 ELSE 0 "
                    "END), SUM(CASE WHEN rating IN ('satisfied', 'basically_satisfied') THEN 1 ELSE 0 END) FROM "
                    "events WHERE " +
                    assessed_events("", path, from, until, p) + " AND grid_code IS NOT NULL" + kCountedReports +
                    " GROUP BY " + area;
  std::map<std::string, AreaFigures> out;
  for (const auto& r : tx.exec(sql, p).rows) out[r.str(0)] = {r.i64(1), r.i64(2), r.i64(3), r.i64(4), r.i64(5)};
  return out;
}

std::vector<DepartmentRef> departments_under(storage::Tx& tx, const std::string& path) {
  std::vector<storage::Value> p;
  std::string sql = "SELECT id, name, region_code FROM departments WHERE active = 1 AND ";
  storage::scope_clause({path}, "region_path", sql, p);
  sql += " ORDER BY id";
  std::vector<DepartmentRef> out;
  for (const auto& r : tx.exec(sql, p).rows) out.push_back({r.i64(0), r.str(1), r.str(2)});
  return out;
}

}  // namespace wangge::events::store
