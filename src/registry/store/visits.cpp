// Household visits, the worklist and coverage.
#include "registry/store.h"

#include <algorithm>
#include <map>

#include "core/json.h"
#include "core/storage/rows.h"
#include "registry/store/rows.h"
#include "territory/store.h"

namespace wangge::registry::store {

using namespace detail;

std::int64_t insert_visit(storage::Tx& tx, const Visit& v) {
  return tx.insert_id(
      "INSERT INTO visits (household_id, region_code, region_path, status, planned_on, visited_at, visitor_id, "
      "visitor_name, purpose, findings, photos, lat, lng, event_id, version, created_at, updated_at) VALUES (?, ?, "
      "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {v.household_id, v.region_code, v.region_path, v.status, opt(v.planned_on), opt(v.visited_at), opt(v.visitor_id),
       v.visitor_name, v.purpose, v.findings, v.photos, opt(v.lat), opt(v.lng), opt(v.event_id), v.version,
       v.created_at, v.updated_at});
}

bool update_visit(storage::Tx& tx, const Visit& v, std::int64_t expected) {
  return tx.exec(
               "UPDATE visits SET status = ?, planned_on = ?, visited_at = ?, visitor_id = ?, visitor_name = ?, "
               "purpose = ?, findings = ?, photos = ?, lat = ?, lng = ?, event_id = ?, version = ?, updated_at = ? "
               "WHERE id = ? AND version = ?",
               {v.status, opt(v.planned_on), opt(v.visited_at), opt(v.visitor_id), v.visitor_name, v.purpose,
                v.findings, v.photos, opt(v.lat), opt(v.lng), opt(v.event_id), v.version, v.updated_at, v.id, expected})
             .changes == 1;
}

std::optional<Visit> visit(storage::Tx& tx, std::int64_t id) {
  auto res = tx.exec(std::string("SELECT ") + kVisitColumns + " FROM visits WHERE id = ?", {id});
  if (res.empty()) return std::nullopt;
  return decode_visit(res.rows[0]);
}

std::vector<Visit> visits(storage::Tx& tx, const std::vector<std::string>& scope_paths,
                          const std::optional<std::int64_t>& household_id,
                          const std::optional<std::string>& region_path, const std::optional<std::string>& status,
                          const VisitPeriod& period, const std::optional<std::int64_t>& before_id, int limit) {
  std::string sql = std::string("SELECT ") + kVisitColumns + " FROM visits WHERE ";
  std::vector<Value> p;
  scope_clause(scope_paths, sql, p);
  under(region_path, sql, p);
  if (household_id) sql += " AND household_id = ?", p.emplace_back(*household_id);
  if (status) sql += " AND status = ?", p.emplace_back(*status);
  if (period.from_ms || period.to_ms || period.from_day || period.to_day) {
    // A done visit by when it was done, a planned or cancelled one by its planned day
    // (YYYY-MM-DD, fixed width: compares as text on both backends).
    sql += " AND ((visited_at IS NOT NULL";
    if (period.from_ms) sql += " AND visited_at >= ?", p.emplace_back(*period.from_ms);
    if (period.to_ms) sql += " AND visited_at < ?", p.emplace_back(*period.to_ms);
    sql += ") OR (visited_at IS NULL AND planned_on IS NOT NULL";
    if (period.from_day) sql += " AND planned_on >= ?", p.emplace_back(*period.from_day);
    if (period.to_day) sql += " AND planned_on < ?", p.emplace_back(*period.to_day);
    sql += "))";
  }
  if (before_id) sql += " AND id < ?", p.emplace_back(*before_id);
  sql += " ORDER BY id DESC LIMIT ?";
  p.emplace_back(std::int64_t{limit});
  return storage::all_as(tx.exec(sql, p), decode_visit);
}

void mark_visited(storage::Tx& tx, std::int64_t household_id, std::int64_t at) {
  tx.exec("UPDATE households SET last_visited_at = ? WHERE id = ? AND (last_visited_at IS NULL OR last_visited_at < ?)",
          {at, household_id, at});
}

std::vector<Unvisited> unvisited(storage::Tx& tx, const std::vector<std::string>& scope_paths,
                                 const std::optional<std::string>& region_path, std::int64_t cutoff_ms,
                                 const std::optional<std::pair<std::int64_t, std::int64_t>>& after, int limit) {
  std::string sql = std::string("SELECT ") + kHouseholdColumns + ", last_visited_at FROM households WHERE ";
  std::vector<Value> p;
  scope_clause(scope_paths, sql, p);
  under(region_path, sql, p);
  sql += " AND COALESCE(last_visited_at, 0) < ?";
  p.emplace_back(cutoff_ms);
  if (after) {
    sql += " AND (COALESCE(last_visited_at, 0) > ? OR (COALESCE(last_visited_at, 0) = ? AND id > ?))";
    p.emplace_back(after->first);
    p.emplace_back(after->first);
    p.emplace_back(after->second);
  }
  sql += " ORDER BY COALESCE(last_visited_at, 0), id LIMIT ?";
  p.emplace_back(std::int64_t{limit});
  std::vector<Unvisited> out;
  for (const auto& r : tx.exec(sql, p).rows) out.push_back({decode_household(r), r.opt_i64(12)});
  return out;
}

std::map<std::string, std::pair<std::int64_t, std::int64_t>> visit_coverage(storage::Tx& tx, const std::string& path,
                                                                            std::int64_t from, std::int64_t to) {
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> out;
  std::vector<Value> p{path, territory::store::path_upper_bound(path)};
  for (const auto& r : tx.exec("SELECT substr(region_code, 1, 15), COUNT(*) FROM households WHERE region_path >= ? "
                               "AND region_path < ? GROUP BY 1",
                               p)
                           .rows)
    out[r.str(0)].first = r.i64(1);
  p.emplace_back(from);
  p.emplace_back(to);
  for (const auto& r : tx.exec("SELECT substr(region_code, 1, 15), COUNT(DISTINCT household_id) FROM visits WHERE "
                               "region_path >= ? AND region_path < ? AND status = 'done' AND visited_at >= ? AND "
                               "visited_at < ? GROUP BY 1",
                               p)
                           .rows)
    out[r.str(0)].second = r.i64(1);
  return out;
}

}  // namespace wangge::registry::store
