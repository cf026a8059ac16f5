// The SQL of spike warnings (migration 0043): per-day counts from the events, and the
// event_spikes rows.
#include "events/store_spikes.h"

#include "events/store_values.h"
#include "territory/store.h"

namespace wangge::events::store {
namespace {

constexpr const char* kSpikeColumns =
    "id, grid_code, region_path, category, day, count, expected, p_value, severity, status, acknowledged_by, "
    "acknowledged_at, note, created_at, updated_at";

Spike spike_of(const storage::Row& r) {
  Spike s;
  s.id = r.i64(0);
  s.grid_code = r.str(1);
  s.region_path = r.str(2);
  s.category = r.str(3);
  s.day = r.i64(4);
  s.count = r.i64(5);
  s.expected = r.f64(6);
  s.p_value = r.f64(7);
  s.severity = r.str(8);
  s.status = r.str(9);
  s.acknowledged_by = r.opt_i64(10);
  s.acknowledged_at = r.opt_i64(11);
  s.note = r.str(12);
  s.created_at = r.i64(13);
  s.updated_at = r.i64(14);
  return s;
}

void spike_under_clause(const std::optional<std::string>& under, std::string& sql, std::vector<Value>& p) {
  if (!under) return;
  sql += " AND region_path >= ? AND region_path < ?";
  p.emplace_back(*under);
  p.emplace_back(territory::store::path_upper_bound(*under));
}

}  // namespace

std::vector<DayCount> day_counts(storage::Tx& tx, std::int64_t utc_offset_minutes, std::optional<std::int64_t> from_ms,
                                 std::optional<std::int64_t> to_ms, const std::optional<std::string>& under) {
  // The civil day is computed once in the inner query, so that the grouping names it
  // without repeating a bound parameter (PostgreSQL would take $1 and $4 for two
  // different expressions). Integer division: created_at is positive.
  std::string sql =
      "SELECT grid_code, MAX(region_path), cat, civil_day, COUNT(*) FROM (SELECT grid_code, region_path, "
      "substr(category_code, 1, 2) AS cat, (created_at + ?) / 86400000 AS civil_day FROM events "
      "WHERE grid_code IS NOT NULL";
  std::vector<Value> p{utc_offset_minutes * 60'000};
  if (from_ms) {
    sql += " AND created_at >= ?";
    p.emplace_back(*from_ms);
  }
  if (to_ms) {
    sql += " AND created_at < ?";
    p.emplace_back(*to_ms);
  }
  spike_under_clause(under, sql, p);
  sql += ") per_event GROUP BY grid_code, cat, civil_day ORDER BY grid_code, cat, civil_day";
  std::vector<DayCount> out;
  auto res = tx.exec(sql, p);
  out.reserve(res.rows.size());
  for (const auto& r : res.rows) out.push_back({r.str(0), r.str(1), r.str(2), r.i64(3), r.i64(4)});
  return out;
}

std::vector<GridHistory> grids_with_events(storage::Tx& tx, const std::optional<std::string>& under) {
  std::string sql =
      "SELECT grid_code, MAX(region_path), MIN(created_at), MAX(created_at), COUNT(*) FROM events "
      "WHERE grid_code IS NOT NULL";
  std::vector<Value> p;
  spike_under_clause(under, sql, p);
  sql += " GROUP BY grid_code ORDER BY grid_code";
  std::vector<GridHistory> out;
  for (const auto& r : tx.exec(sql, p).rows) out.push_back({r.str(0), r.str(1), r.i64(2), r.i64(3), r.i64(4)});
  return out;
}

std::optional<std::int64_t> insert_spike(storage::Tx& tx, const Spike& s) {
  auto res = tx.exec(
      "INSERT INTO event_spikes (grid_code, region_path, category, day, count, expected, p_value, severity, status, "
      "note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', '', ?, ?) "
      "ON CONFLICT (grid_code, category, day) DO NOTHING",
      {s.grid_code, s.region_path, s.category, s.day, s.count, s.expected, s.p_value, s.severity, s.created_at,
       s.created_at});
  if (res.changes == 1) {
    return tx
        .exec("SELECT id FROM event_spikes WHERE grid_code = ? AND category = ? AND day = ?",
              {s.grid_code, s.category, s.day})
        .one()
        .i64(0);
  }
  tx.exec(
      "UPDATE event_spikes SET count = ?, expected = ?, p_value = ?, severity = ?, updated_at = ? "
      "WHERE grid_code = ? AND category = ? AND day = ? AND count < ?",
      {s.count, s.expected, s.p_value, s.severity, s.created_at, s.grid_code, s.category, s.day, s.count});
  return std::nullopt;
}

std::optional<Spike> spike(storage::Tx& tx, std::int64_t id) {
  auto res = tx.exec(std::string("SELECT ") + kSpikeColumns + " FROM event_spikes WHERE id = ?", {id});
  if (res.empty()) return std::nullopt;
  return spike_of(res.rows[0]);
}

std::vector<Spike> spikes(storage::Tx& tx, const SpikeFilter& f) {
  std::string sql = std::string("SELECT ") + kSpikeColumns + " FROM event_spikes WHERE ";
  std::vector<Value> p;
  territory::store::scope_clause(f.scope_paths, "region_path", sql, p);
  if (f.path) {
    sql += " AND region_path >= ? AND region_path < ?";
    p.emplace_back(*f.path);
    p.emplace_back(territory::store::path_upper_bound(*f.path));
  }
  if (f.status) {
    sql += " AND status = ?";
    p.emplace_back(*f.status);
  }
  if (f.from_day) {
    sql += " AND day >= ?";
    p.emplace_back(*f.from_day);
  }
  if (f.before_id) {
    sql += " AND id < ?";
    p.emplace_back(*f.before_id);
  }
  sql += " ORDER BY id DESC LIMIT ?";
  p.emplace_back(std::int64_t{f.limit});
  std::vector<Spike> out;
  for (const auto& r : tx.exec(sql, p).rows) out.push_back(spike_of(r));
  return out;
}

bool acknowledge_spike(storage::Tx& tx, std::int64_t id, std::int64_t by, std::int64_t at, const std::string& note) {
  return tx.exec(
               "UPDATE event_spikes SET status = 'acknowledged', acknowledged_by = ?, acknowledged_at = ?, note = ?, "
               "updated_at = ? WHERE id = ? AND status = 'open'",
               {by, at, note, at, id})
             .changes == 1;
}

}  // namespace wangge::events::store
