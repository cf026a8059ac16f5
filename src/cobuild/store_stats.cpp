// The SQL of the module's figures, and of the territory's checks before a node is removed
// or moved.
#include "cobuild/store.h"
#include "core/storage/rows.h"
#include "core/storage/scope.h"

namespace wangge::cobuild::store {
namespace {

using storage::Value;

void stats_range(const std::string& path, const std::string& column, std::string& sql, std::vector<Value>& p) {
  storage::scope_clause({path}, column, sql, p);
}

}  // namespace

Figures figures(storage::Tx& tx, const std::string& path, std::int64_t from, std::int64_t to,
                const std::string& from_day, const std::string& to_day) {
  Figures f;
  {
    std::string sql = "SELECT kind, alliance, COUNT(*) FROM cobuild_units WHERE status = 'active' AND ";
    std::vector<Value> p;
    stats_range(path, "region_path", sql, p);
    sql += " GROUP BY kind, alliance";
    for (const auto& r : tx.exec(sql, p).rows) {
      f.units += r.i64(2);
      f.units_by_kind[r.str(0)] += r.i64(2);
      if (r.i64(1) != 0) f.alliance += r.i64(2);
    }
  }
  {
    std::string sql = "SELECT COUNT(*) FROM cobuild_units WHERE status = 'left' AND left_on >= ? AND left_on <= ? AND ";
    std::vector<Value> p{from_day, to_day};
    stats_range(path, "region_path", sql, p);
    f.units_left = tx.exec(sql, p).one().i64(0);
  }
  {
    std::string sql = "SELECT kind, available, COUNT(*) FROM cobuild_resources WHERE ";
    std::vector<Value> p;
    stats_range(path, "region_path", sql, p);
    sql += " GROUP BY kind, available";
    for (const auto& r : tx.exec(sql, p).rows) {
      f.resources += r.i64(2);
      f.resources_by_kind[r.str(0)] += r.i64(2);
      if (r.i64(1) != 0) f.resources_available += r.i64(2);
    }
  }
  {
    std::string sql = "SELECT status, source, COUNT(*) FROM cobuild_needs WHERE ";
    std::vector<Value> p;
    stats_range(path, "region_path", sql, p);
    sql += " AND created_at >= ? AND created_at < ? GROUP BY status, source";
    p.emplace_back(from);
    p.emplace_back(to);
    for (const auto& r : tx.exec(sql, p).rows) {
      f.needs_by_status[r.str(0)] += r.i64(2);
      f.needs_by_source[r.str(1)] += r.i64(2);
    }
  }
  {
    std::string sql =
        "SELECT status, COUNT(*), COALESCE(SUM(budget_cents), 0), COALESCE(SUM(spent_cents), 0) FROM cobuild_projects "
        "WHERE ";
    std::vector<Value> p;
    stats_range(path, "region_path", sql, p);
    sql += " AND created_at >= ? AND created_at < ? GROUP BY status";
    p.emplace_back(from);
    p.emplace_back(to);
    for (const auto& r : tx.exec(sql, p).rows) {
      f.projects_by_status[r.str(0)] += r.i64(1);
      f.budget_cents += r.i64(2);
      f.spent_cents += r.i64(3);
    }
  }
  return f;
}

std::int64_t count_uses(storage::Tx& tx, const std::string& code) {
  return tx
      .exec(
          "SELECT (SELECT COUNT(*) FROM cobuild_units WHERE region_code = ?) + (SELECT COUNT(*) FROM cobuild_resources "
          "WHERE region_code = ?) + (SELECT COUNT(*) FROM cobuild_needs WHERE region_code = ?) + (SELECT COUNT(*) FROM "
          "cobuild_projects WHERE region_code = ?)",
          {code, code, code, code})
      .one()
      .i64(0);
}

std::int64_t count_under(storage::Tx& tx, const std::string& path) {
  std::string sql = "SELECT (SELECT COUNT(*) FROM cobuild_units WHERE ";
  std::vector<Value> p;
  stats_range(path, "region_path", sql, p);
  for (const char* table : {"cobuild_resources", "cobuild_needs", "cobuild_projects"}) {
    sql += std::string(") + (SELECT COUNT(*) FROM ") + table + " WHERE ";
    stats_range(path, "region_path", sql, p);
  }
  sql += ")";
  return tx.exec(sql, p).one().i64(0);
}

}  // namespace wangge::cobuild::store
