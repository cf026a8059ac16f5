// Counters per grid and per department (migrations/0045_event_figures.sql): the measures
// the hotspot map, the figures per grid and the departments' on-time and rework figures
// need, by the event's grid (or department) and creation day and month, kept in the same
// transaction as the event row like the community counters (rollup.cpp). A query over
// [from, to) reads month rows for whole months, day rows for the whole days around them
// and the events of the partial days at the edges, as rollup::query does.
#include <array>
#include <functional>

#include "events/rollup.h"
#include "territory/store.h"

namespace wangge::events::rollup {
namespace {

using storage::Value;

constexpr std::int64_t kUnitDay = 1, kUnitMonth = 2;
constexpr std::size_t kUnitCounters = 8;
using UnitDeltas = std::array<std::int64_t, kUnitCounters>;

const std::vector<std::string>& unit_counter_names() {
  static const std::vector<std::string> names{"total",        "closed",           "closed_on_time", "closed_same_day",
                                              "closed_rated", "closed_satisfied", "red_open",       "reworked"};
  return names;
}

const storage::CounterSpec& grid_spec() {
  static const storage::CounterSpec spec{"event_grid_rollup", {"grain", "period", "grid_path"}, unit_counter_names()};
  return spec;
}

const storage::CounterSpec& department_spec() {
  static const storage::CounterSpec spec{
      "event_department_rollup", {"grain", "period", "department_id", "node_path"}, unit_counter_names()};
  return spec;
}

UnitDeltas unit_deltas(const Event& e, const Calendar& cal) {
  Measures m = measures_of(e, cal);
  return {1,
          e.status == "closed" ? 1 : 0,
          m[kClosedOnTime],
          m[kClosedSameDay],
          m[kClosedRated],
          m[kClosedSatisfied],
          m[kRedOpen],
          e.rework_count > 0 ? 1 : 0};
}

UnitMeasures from_deltas(const UnitDeltas& d) {
  return {d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]};
}

// A counter row's unit: the key columns after grain and period (a grid's path; a
// department's id and the event's node).
using Unit = std::vector<Value>;

void add_unit(storage::Tx& tx, const storage::CounterSpec& spec, const Unit& unit, Day day, const UnitDeltas& d) {
  std::vector<std::int64_t> v(d.begin(), d.end());
  for (std::int64_t grain : {kUnitDay, kUnitMonth}) {
    std::vector<Value> key{grain, grain == kUnitDay ? day : month_of(day)};
    key.insert(key.end(), unit.begin(), unit.end());
    tx.add_later(spec, key, v);
  }
}

// Unit values are paths (text) or ids (integers).
bool same_unit(const Unit& a, const Unit& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (auto x = std::get_if<std::string>(&a[i]), y = std::get_if<std::string>(&b[i]); x && y) {
      if (*x != *y) return false;
    } else if (auto p = std::get_if<std::int64_t>(&a[i]), q = std::get_if<std::int64_t>(&b[i]); p && q) {
      if (*p != *q) return false;
    } else {
      return false;
    }
  }
  return true;
}

// Moves an event's contribution from its old unit and day to its new ones (either may be
// none: an event without a grid, not yet dispatched).
void move_unit(storage::Tx& tx, const storage::CounterSpec& spec, const std::optional<Unit>& ub, Day db, UnitDeltas b,
               const std::optional<Unit>& ua, Day da, const UnitDeltas& a) {
  if (ub && ua && same_unit(*ub, *ua) && db == da) {
    if (a == b) return;
    UnitDeltas d{};
    for (std::size_t i = 0; i < kUnitCounters; ++i) d[i] = a[i] - b[i];
    add_unit(tx, spec, *ua, da, d);
    return;
  }
  if (ub) {
    for (auto& v : b) v = -v;
    add_unit(tx, spec, *ub, db, b);
  }
  if (ua) add_unit(tx, spec, *ua, da, a);
}

std::optional<Unit> grid_unit(const std::string& region_path) {
  std::string g = grid_of(region_path);
  if (g.empty()) return std::nullopt;
  return Unit{Value{std::move(g)}};
}

std::optional<Unit> department_unit(std::optional<std::int64_t> department_id, const std::string& region_path) {
  if (!department_id) return std::nullopt;
  return Unit{Value{*department_id}, Value{node_of(region_path)}};
}

// The grid code: the last segment of a grid path.
std::string code_of_grid(const std::string& grid_path) {
  std::size_t end = grid_path.size() - 1;
  std::size_t start = grid_path.rfind('/', end - 1);
  return grid_path.substr(start + 1, end - start - 1);
}

// What one query reads: the SQL condition on the counters' unit column and on the events,
// its parameters, and where a row or an event's measures go.
struct UnitQuery {
  std::string table, unit_column, counters_where, events_where;
  std::vector<Value> params;
  std::function<void(const storage::Row&, std::size_t at, const UnitMeasures&)> sink;
};

void scan_unit_events(storage::Tx& tx, const Calendar& cal, const UnitQuery& q, std::int64_t from, std::int64_t to,
                      bool by_time) {
  if (from >= to) return;
  bool lite = tx.dialect() == storage::Dialect::sqlite;
  // The creation-time index for a partial day; SQLite's unary + keeps the planner on it.
  std::string where = q.events_where;
  if (lite && by_time) {
    for (std::string col : {"region_path", "department_id"}) {
      for (std::size_t pos = 0; (pos = where.find(col, pos)) != std::string::npos; pos += col.size() + 1)
        where.insert(pos, "+");
    }
  }
  std::string ca = lite && !by_time ? "+created_at" : "created_at";
  std::vector<Value> p = q.params;
  p.emplace_back(from);
  p.emplace_back(to);
  auto res = tx.exec(
      "SELECT status, created_at, closed_at, on_time, rating, sla, rework_count, region_path, "
      "department_id FROM events WHERE " +
          where + " AND " + ca + " >= ? AND " + ca + " < ?",
      p);
  for (const auto& r : res.rows) {
    Event e;
    e.status = r.str(0);
    e.created_at = r.i64(1);
    e.closed_at = r.opt_i64(2);
    if (!r.is_null(3)) e.on_time = r.i64(3) != 0;
    e.rating = r.opt_str(4);
    e.sla = r.str(5);
    e.rework_count = r.i64(6);
    q.sink(r, 7, from_deltas(unit_deltas(e, cal)));
  }
}

void read_unit_counters(storage::Tx& tx, const UnitQuery& q, std::int64_t grain, std::int64_t lo, std::int64_t hi) {
  if (lo >= hi) return;
  std::string sql = "SELECT " + q.unit_column;
  for (const auto& c : unit_counter_names()) sql.append(", SUM(").append(c).append(")");
  sql.append(" FROM ").append(q.table).append(" WHERE grain = ? AND period >= ? AND period < ? AND ");
  sql.append(q.counters_where).append(" GROUP BY ").append(q.unit_column);
  std::vector<Value> p{grain, lo, hi};
  p.insert(p.end(), q.params.begin(), q.params.end());
  for (const auto& r : tx.exec(sql, p).rows) {
    UnitDeltas d{};
    for (std::size_t i = 0; i < kUnitCounters; ++i) d[i] = r.i64(i + 1);
    q.sink(r, 0, from_deltas(d));
  }
}

void query_units(storage::Tx& tx, const Calendar& cal, const UnitQuery& q, std::int64_t from_ms, std::int64_t to_ms) {
  if (from_ms >= to_ms) return;
  Day d0 = cal.day_of(from_ms);
  if (cal.midnight(d0) < from_ms) ++d0;
  Day d1 = cal.day_of(to_ms);
  if (d0 >= d1) {
    scan_unit_events(tx, cal, q, from_ms, to_ms, true);
    return;
  }
  scan_unit_events(tx, cal, q, from_ms, cal.midnight(d0), true);
  scan_unit_events(tx, cal, q, cal.midnight(d1), to_ms, true);
  std::int64_t m0 = month_of(d0), m1 = month_of(d1);
  if (first_day_of_month(m0) < d0) ++m0;
  if (m0 >= m1) {
    read_unit_counters(tx, q, kUnitDay, d0, d1);
    return;
  }
  read_unit_counters(tx, q, kUnitDay, d0, first_day_of_month(m0));
  read_unit_counters(tx, q, kUnitMonth, m0, m1);
  read_unit_counters(tx, q, kUnitDay, first_day_of_month(m1), d1);
}

UnitQuery grid_query(const std::string& path, std::map<std::string, UnitMeasures>& out) {
  UnitQuery q;
  q.table = "event_grid_rollup";
  q.unit_column = "grid_path";
  q.counters_where = "grid_path >= ? AND grid_path < ?";
  q.events_where = "region_path >= ? AND region_path < ?";
  q.params = {path, territory::store::path_upper_bound(path)};
  q.sink = [&out](const storage::Row& r, std::size_t at, const UnitMeasures& m) {
    std::string grid = at == 0 ? r.str(0) : grid_of(r.str(at));
    if (!grid.empty()) out[code_of_grid(grid)].add(m);
  };
  return q;
}

// The departments' events in the subtree at `path` (their rows of the communities there).
UnitQuery department_query(const std::vector<std::int64_t>& departments, const std::string& path,
                           std::map<std::int64_t, UnitMeasures>& out) {
  UnitQuery q;
  q.table = "event_department_rollup";
  q.unit_column = "department_id";
  std::string in = "department_id IN (";
  for (std::size_t i = 0; i < departments.size(); ++i) {
    in.append(i ? ", ?" : "?");
    q.params.emplace_back(departments[i]);
  }
  in.append(")");
  q.counters_where = in + " AND node_path >= ? AND node_path < ?";
  q.events_where = in + " AND region_path >= ? AND region_path < ?";
  q.params.emplace_back(path);
  q.params.emplace_back(territory::store::path_upper_bound(path));
  q.sink = [&out](const storage::Row& r, std::size_t at, const UnitMeasures& m) {
    if (at == 0) {
      out[r.i64(0)].add(m);
    } else if (auto id = r.opt_i64(at + 1)) {
      out[*id].add(m);
    }
  };
  return q;
}

}  // namespace

void UnitMeasures::add(const UnitMeasures& o) {
  total += o.total;
  closed += o.closed;
  closed_on_time += o.closed_on_time;
  closed_same_day += o.closed_same_day;
  closed_rated += o.closed_rated;
  closed_satisfied += o.closed_satisfied;
  red_open += o.red_open;
  reworked += o.reworked;
}

std::string grid_of(const std::string& region_path) {
  std::string node = node_of(region_path);
  if (node.size() >= region_path.size()) return "";
  // The segment right below the community.
  std::size_t end = region_path.find('/', node.size());
  return end == std::string::npos ? "" : region_path.substr(0, end + 1);
}

void apply_units(storage::Tx& tx, const Calendar& cal, const Event* before, const Event& after) {
  Day da = cal.day_of(after.created_at);
  UnitDeltas a = unit_deltas(after, cal);
  if (!before) {
    move_unit(tx, grid_spec(), std::nullopt, da, {}, grid_unit(after.region_path), da, a);
    move_unit(tx, department_spec(), std::nullopt, da, {}, department_unit(after.department_id, after.region_path), da,
              a);
    return;
  }
  Day db = cal.day_of(before->created_at);
  UnitDeltas b = unit_deltas(*before, cal);
  move_unit(tx, grid_spec(), grid_unit(before->region_path), db, b, grid_unit(after.region_path), da, a);
  move_unit(tx, department_spec(), department_unit(before->department_id, before->region_path), db, b,
            department_unit(after.department_id, after.region_path), da, a);
}

void add_units_red_open(storage::Tx& tx, const Calendar& cal, const std::string& region_path,
                        std::optional<std::int64_t> department_id, std::int64_t created_at) {
  UnitDeltas d{};
  d[6] = 1;
  Day day = cal.day_of(created_at);
  if (auto grid = grid_unit(region_path)) add_unit(tx, grid_spec(), *grid, day, d);
  if (auto dep = department_unit(department_id, region_path)) add_unit(tx, department_spec(), *dep, day, d);
}

std::map<std::string, UnitMeasures> per_grid(storage::Tx& tx, const Calendar& cal, const std::string& path,
                                             std::int64_t from_ms, std::int64_t to_ms) {
  std::map<std::string, UnitMeasures> out;
  query_units(tx, cal, grid_query(path, out), from_ms, to_ms);
  return out;
}

std::map<std::int64_t, UnitMeasures> per_department(storage::Tx& tx, const Calendar& cal,
                                                    const std::vector<std::int64_t>& departments,
                                                    const std::string& path, std::int64_t from_ms, std::int64_t to_ms) {
  std::map<std::int64_t, UnitMeasures> out;
  if (departments.empty()) return out;
  // The counters are kept per community: below one (a grid), its few events are counted.
  if (node_of(path).size() < path.size())
    scan_unit_events(tx, cal, department_query(departments, path, out), from_ms, to_ms, false);
  else
    query_units(tx, cal, department_query(departments, path, out), from_ms, to_ms);
  return out;
}

std::map<std::string, UnitMeasures> per_grid_scan(storage::Tx& tx, const Calendar& cal, const std::string& path,
                                                  std::int64_t from_ms, std::int64_t to_ms) {
  std::map<std::string, UnitMeasures> out;
  scan_unit_events(tx, cal, grid_query(path, out), from_ms, to_ms, false);
  return out;
}

std::map<std::int64_t, UnitMeasures> per_department_scan(storage::Tx& tx, const Calendar& cal,
                                                         const std::vector<std::int64_t>& departments,
                                                         const std::string& path, std::int64_t from_ms,
                                                         std::int64_t to_ms) {
  std::map<std::int64_t, UnitMeasures> out;
  if (!departments.empty()) scan_unit_events(tx, cal, department_query(departments, path, out), from_ms, to_ms, true);
  return out;
}

std::map<std::int64_t, Measures> monthly(storage::Tx& tx, const std::string& path, std::int64_t m0, std::int64_t m1) {
  std::map<std::int64_t, Measures> out;
  std::string sql = "SELECT period";
  for (const auto& c : {"total", "closed", "closed_on_time", "closed_same_day", "closed_rated", "closed_satisfied",
                        "red_open", "closed_grid", "closed_community"})
    sql.append(", SUM(").append(c).append(")");
  sql.append(
      " FROM event_rollup WHERE grain = 2 AND parent_path = ? AND period >= ? AND period < ? AND node_path = ? "
      "GROUP BY period");
  for (const auto& r : tx.exec(sql, {parent_of(path), m0, m1, path}).rows) {
    Measures& m = out[r.i64(0)];
    m[kTotal] = r.i64(1);
    m[kReported + 5] = r.i64(2);
    m[kClosedOnTime] = r.i64(3);
    m[kClosedSameDay] = r.i64(4);
    m[kClosedRated] = r.i64(5);
    m[kClosedSatisfied] = r.i64(6);
    m[kRedOpen] = r.i64(7);
    m[kClosedGrid] = r.i64(8);
    m[kClosedGrid + 1] = r.i64(9);
  }
  return out;
}

}  // namespace wangge::events::rollup
