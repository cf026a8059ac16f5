// The SQL of grid first (migration 0041): the communities' settings, the per-grid daily
// figures, the 告知 records, and the co-building units' whistles.
#include "events/store.h"
#include "events/store_values.h"
#include "territory/store.h"

namespace wangge::events::store {

std::optional<GridFirstRow> grid_first(storage::Tx& tx, const std::string& community_code) {
  auto res = tx.exec("SELECT enabled, grid_hours, version FROM grid_first_settings WHERE community_code = ?",
                     {community_code});
  if (res.empty()) return std::nullopt;
  return GridFirstRow{res.rows[0].i64(0) != 0, static_cast<int>(res.rows[0].i64(1)), res.rows[0].i64(2)};
}

bool save_grid_first(storage::Tx& tx, const std::string& community_code, const GridFirstRow& row, std::int64_t expected,
                     std::int64_t by, std::int64_t now) {
  if (expected == 0) {
    auto res = tx.exec(
        "INSERT INTO grid_first_settings (community_code, enabled, grid_hours, version, updated_by, updated_at) "
        "VALUES (?, ?, ?, 1, ?, ?) ON CONFLICT (community_code) DO NOTHING",
        {community_code, std::int64_t{row.enabled ? 1 : 0}, std::int64_t{row.grid_hours}, by, now});
    return res.changes == 1;
  }
  return tx.exec(
               "UPDATE grid_first_settings SET enabled = ?, grid_hours = ?, version = version + 1, updated_by = ?, "
               "updated_at = ? WHERE community_code = ? AND version = ?",
               {std::int64_t{row.enabled ? 1 : 0}, std::int64_t{row.grid_hours}, by, now, community_code, expected})
             .changes == 1;
}

const storage::CounterSpec& grid_first_spec() {
  static const storage::CounterSpec spec{
      "grid_first_daily", {"grid_path", "civil_day"}, {"received", "solved", "passed_up", "timed_out"}};
  return spec;
}

void count_grid_first(storage::Tx& tx, const std::string& grid_path, std::int64_t day, GridFirstMeasure m) {
  std::vector<std::int64_t> deltas(4, 0);
  deltas[static_cast<std::size_t>(m)] = 1;
  tx.add_later(grid_first_spec(), {grid_path, day}, deltas);
}

std::vector<GridFirstFigures> grid_first_figures(storage::Tx& tx, const std::string& path, std::int64_t from_day,
                                                 std::int64_t until_day) {
  auto res = tx.exec(
      "SELECT grid_path, SUM(received), SUM(solved), SUM(passed_up), SUM(timed_out) FROM grid_first_daily "
      "WHERE grid_path >= ? AND grid_path < ? AND civil_day >= ? AND civil_day < ? GROUP BY grid_path "
      "ORDER BY grid_path",
      {path, territory::store::path_upper_bound(path), from_day, until_day});
  std::vector<GridFirstFigures> out;
  for (const auto& r : res.rows) out.push_back({r.str(0), r.i64(1), r.i64(2), r.i64(3), r.i64(4)});
  return out;
}

std::vector<std::int64_t> held_past(storage::Tx& tx, std::int64_t now, int limit) {
  std::vector<std::int64_t> out;
  for (const auto& r : tx.exec("SELECT id FROM events WHERE status = 'at_grid' AND due_at <= ? ORDER BY id LIMIT ?",
                               {now, std::int64_t{limit}})
                           .rows)
    out.push_back(r.i64(0));
  return out;
}

bool informed(storage::Tx& tx, std::int64_t event_id, std::int64_t closed_at) {
  return !tx.exec("SELECT 1 FROM event_informs WHERE event_id = ? AND closed_at = ?", {event_id, closed_at}).empty();
}

void insert_inform(storage::Tx& tx, const Inform& i) {
  tx.exec(
      "INSERT INTO event_informs (event_id, closed_at, informed_at, informed_by, informer_name, method, note) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)",
      {i.event_id, i.closed_at, i.informed_at, i.informed_by, i.informer_name, i.method, i.note});
}

std::map<std::int64_t, std::array<std::int64_t, 3>> unit_report_ins(storage::Tx& tx, const std::string& path,
                                                                    std::int64_t from, std::int64_t until) {
  auto res = tx.exec(
      "SELECT w.unit_id, COUNT(*), SUM(CASE WHEN w.reported_at IS NOT NULL THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN COALESCE(w.reported_at, ?) > w.due_at THEN 1 ELSE 0 END) FROM event_whistles w "
      "JOIN events e ON e.id = w.event_id WHERE w.unit_id IS NOT NULL AND w.summoned_at >= ? AND w.summoned_at < ? "
      "AND e.region_path >= ? AND e.region_path < ? GROUP BY w.unit_id",
      {storage::now_ms(), from, until, path, territory::store::path_upper_bound(path)});
  std::map<std::int64_t, std::array<std::int64_t, 3>> out;
  for (const auto& r : res.rows) out[r.i64(0)] = {r.i64(1), r.i64(2), r.i64(3)};
  return out;
}

std::vector<Whistle> unit_whistles(storage::Tx& tx, std::int64_t unit_id, int limit) {
  auto res = tx.exec(
      "SELECT id, event_id, unit_name, summoned_at, due_at, reported_at, reported_by, response, summoned_as "
      "FROM event_whistles WHERE unit_id = ? ORDER BY summoned_at DESC, id DESC LIMIT ?",
      {unit_id, std::int64_t{limit}});
  std::vector<Whistle> out;
  for (const auto& r : res.rows) {
    Whistle w;
    w.id = r.i64(0);
    w.event_id = r.i64(1);
    w.unit_id = unit_id;
    w.department_name = r.str(2);
    w.summoned_at = r.i64(3);
    w.due_at = r.i64(4);
    w.reported_at = r.opt_i64(5);
    w.reported_by = r.opt_i64(6);
    w.response = r.opt_str(7);
    w.summoned_as = r.str(8);
    out.push_back(std::move(w));
  }
  return out;
}

std::map<std::int64_t, std::string> tracking_codes(storage::Tx& tx, const std::vector<std::int64_t>& ids) {
  std::map<std::int64_t, std::string> out;
  if (ids.empty()) return out;
  std::string sql = "SELECT id, tracking_code FROM events WHERE id IN (";
  std::vector<storage::Value> p;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    sql += i ? ", ?" : "?";
    p.emplace_back(ids[i]);
  }
  for (const auto& r : tx.exec(sql + ")", p).rows) out[r.i64(0)] = r.str(1);
  return out;
}

}  // namespace wangge::events::store
