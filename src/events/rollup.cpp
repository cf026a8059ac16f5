#include "events/rollup.h"

#include <chrono>
#include <cstring>

#include "territory/store.h"

namespace wangge::events::rollup {
namespace {

using storage::Value;

const storage::CounterSpec& rollup_spec() {
  static const storage::CounterSpec spec{
      "event_rollup",
      {"grain", "parent_path", "period", "node_path"},
      {"total",         "reported",     "accepted",         "dispatched",  "handling",         "handled",
       "closed",        "rejected",     "merged",           "withdrawn",   "src_resident",     "src_patrol",
       "src_hotline",   "src_window",   "src_visit",        "src_open311", "src_complaint",    "closed_on_time",
       "closed_ms",     "closed_rated", "closed_satisfied", "closed_grid", "closed_community", "closed_street",
       "closed_county", "red_open",     "closed_same_day"}};
  return spec;
}

const storage::CounterSpec& category_spec() {
  static const storage::CounterSpec spec{
      "event_rollup_category", {"grain", "node_path", "period", "category"}, {"total"}};
  return spec;
}

constexpr std::int64_t kDay = 1, kMonth = 2;

template <std::size_t N>
int index_of(const char* const (&names)[N], const std::string& v) {
  for (std::size_t i = 0; i < N; ++i) {
    if (v == names[i]) return static_cast<int>(i);
  }
  return -1;
}

bool is_open(const std::string& status) {
  return status == "at_grid" || status == "reported" || status == "accepted" || status == "dispatched" ||
         status == "handling" || status == "handled";
}

// Where an event's contribution lives.
struct Keys {
  std::string node;
  Day day;
  std::string category;  // top level
  bool operator==(const Keys&) const = default;
};

Keys keys_of(const Calendar& cal, const Event& e) {
  return {node_of(e.region_path), cal.day_of(e.created_at), e.category_code.substr(0, 2)};
}

// fn(parent, node) for the node and every ancestor of it, the province first.
template <typename F>
void each_level(const std::string& node, F&& fn) {
  for (std::size_t pos = node.find('/', 1); pos != std::string::npos; pos = node.find('/', pos + 1)) {
    std::string level = node.substr(0, pos + 1);
    fn(parent_of(level), level);
  }
}

// An event counts in its node's row and in every ancestor's (migration 0048): summed per
// key over the transaction (Tx::add_later), a batch of events shares its upper rows.
void add(storage::Tx& tx, const Keys& k, const std::vector<std::int64_t>& deltas) {
  each_level(k.node, [&](const std::string& parent, const std::string& node) {
    tx.add_later(rollup_spec(), {kDay, parent, k.day, node}, deltas);
    tx.add_later(rollup_spec(), {kMonth, parent, month_of(k.day), node}, deltas);
  });
}

// Categories above community level only: a community's are counted from its events.
void add_category(storage::Tx& tx, const Keys& k, std::int64_t delta) {
  each_level(k.node, [&](const std::string&, const std::string& node) {
    if (territory::store::narrow_path(node)) return;
    tx.add_later(category_spec(), {kDay, node, k.day, k.category}, {delta});
    tx.add_later(category_spec(), {kMonth, node, month_of(k.day), k.category}, {delta});
  });
}

// Path segments: "/44/4404/" -> 2.
std::size_t depth_of(const std::string& path) {
  std::size_t n = 0;
  for (char c : path) n += c == '/';
  return n == 0 ? 0 : n - 1;
}

// The code of the child of a node at `depth` on the way to `path`; "" when path is the node.
std::string child_code(const std::string& path, std::size_t depth) {
  std::size_t pos = 0;
  for (std::size_t i = 0; i < depth; ++i) {
    pos = path.find('/', pos + 1);
    if (pos == std::string::npos) return "";
  }
  std::size_t end = path.find('/', pos + 1);
  if (end == std::string::npos) return "";
  return path.substr(pos + 1, end - pos - 1);
}

void add_measures(Measures& into, const Measures& m) {
  for (int i = 0; i < kMeasures; ++i) into[i] += m[i];
}

constexpr const char* kEventColumns =
    "status, source, category_code, region_path, created_at, closed_at, on_time, rating, solved_level, sla, "
    "rework_count, department_id";

Event decode(const storage::Row& r, std::size_t at = 0) {
  Event e;
  e.status = r.str(at + 0);
  e.source = r.str(at + 1);
  e.category_code = r.str(at + 2);
  e.region_path = r.str(at + 3);
  e.created_at = r.i64(at + 4);
  e.closed_at = r.opt_i64(at + 5);
  if (!r.is_null(at + 6)) e.on_time = r.i64(at + 6) != 0;
  e.rating = r.opt_str(at + 7);
  e.solved_level = r.opt_str(at + 8);
  e.sla = r.str(at + 9);
  // The grid and department counters' (rollup_units.cpp) when the counters are rebuilt.
  e.rework_count = r.i64(at + 10);
  e.department_id = r.opt_i64(at + 11);
  return e;
}

// Adds the events under `path` created in [from, to) to `out` and `children`.
// by_time: the range is short (a partial day), so walk the creation-time index; otherwise
// the subtree is small (a community or a grid), so walk the path index.
void scan_events(storage::Tx& tx, const Calendar& cal, const std::string& path, std::int64_t from, std::int64_t to,
                 bool by_time, Totals& out, std::map<std::string, Totals>* children) {
  if (from >= to) return;
  // SQLite's unary + keeps the planner off the other index; PostgreSQL plans by its statistics.
  bool lite = tx.dialect() == storage::Dialect::sqlite;
  std::string where = std::string(lite && by_time ? "+region_path" : "region_path") + " >= ? AND " +
                      (lite && by_time ? "+region_path" : "region_path") + " < ? AND " +
                      (lite && !by_time ? "+created_at" : "created_at") + " >= ? AND " +
                      (lite && !by_time ? "+created_at" : "created_at") + " < ?";
  auto res = tx.exec(std::string("SELECT ") + kEventColumns + " FROM events WHERE " + where,
                     {path, territory::store::path_upper_bound(path), from, to});
  std::size_t depth = depth_of(path);
  for (const auto& row : res.rows) {
    Event e = decode(row);
    Measures m = measures_of(e, cal);
    add_measures(out.m, m);
    ++out.categories[e.category_code.substr(0, 2)];
    if (!children) continue;
    std::string child = child_code(e.region_path, depth);
    if (child.empty()) continue;
    Totals& c = (*children)[child];
    add_measures(c.m, m);
    ++c.categories[e.category_code.substr(0, 2)];
  }
}

const std::string& sums_sql() {
  static const std::string sums = [] {
    std::string cols;
    for (const auto& c : rollup_spec().counters()) cols.append(", SUM(").append(c).append(")");
    return cols;
  }();
  return sums;
}

Measures measures_at(const storage::Row& row, std::size_t at) {
  Measures m;
  for (int i = 0; i < kMeasures; ++i) m[i] = row.i64(static_cast<std::size_t>(i) + at);
  return m;
}

// Adds the counter rows of one grain for periods in [lo, hi): the node's own row under its
// parent (its totals; the siblings' rows of the period are walked and skipped) and, when
// `children` is asked for, the rows whose parent it is.
void read_counters(storage::Tx& tx, const std::string& path, std::int64_t grain, std::int64_t lo, std::int64_t hi,
                   Totals& out, std::map<std::string, Totals>* children) {
  if (lo >= hi) return;
  const bool root = path.size() < 2;  // "/": no row of its own; the sum of its children's
  if (!root) {
    auto r = tx.exec("SELECT COUNT(*)" + sums_sql() +
                         " FROM event_rollup WHERE grain = ? AND parent_path = ? AND period >= ? AND period < ? "
                         "AND node_path = ?",
                     {grain, parent_of(path), lo, hi, path});
    if (r.one().i64(0) > 0) add_measures(out.m, measures_at(r.one(), 1));
  }
  std::vector<std::string> category_nodes;  // a root's categories are its children's
  if (!root) category_nodes.push_back(path);
  if (children || root) {
    std::size_t depth = depth_of(path);
    for (const auto& row : tx.exec("SELECT node_path" + sums_sql() +
                                       " FROM event_rollup WHERE grain = ? AND parent_path = ? AND period >= ? "
                                       "AND period < ? GROUP BY node_path",
                                   {grain, path, lo, hi})
                               .rows) {
      Measures m = measures_at(row, 1);
      if (root) {
        add_measures(out.m, m);
        category_nodes.push_back(row.str(0));
      }
      if (children) add_measures((*children)[child_code(row.str(0), depth)].m, m);
    }
  }
  for (const auto& node : category_nodes) {
    for (const auto& row : tx.exec("SELECT category, SUM(total) FROM event_rollup_category WHERE grain = ? AND "
                                   "node_path = ? AND period >= ? AND period < ? GROUP BY category",
                                   {grain, node, lo, hi})
                               .rows)
      out.categories[row.str(0)] += row.i64(1);
  }
}

}  // namespace

std::int64_t month_of(Day d) {
  std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{d}}};
  return static_cast<std::int64_t>(static_cast<int>(ymd.year())) * 12 + static_cast<unsigned>(ymd.month()) - 1;
}

Day first_day_of_month(std::int64_t month) {
  return day_from_ymd(static_cast<int>(month / 12), static_cast<int>(month % 12) + 1, 1);
}

void Totals::add(const Totals& o) {
  add_measures(m, o.m);
  for (const auto& [k, v] : o.categories) categories[k] += v;
}

std::string parent_of(const std::string& path) {
  if (path.size() < 2) return path;
  return path.substr(0, path.rfind('/', path.size() - 2) + 1);
}

std::string node_of(const std::string& region_path) {
  // Keep the leading segments whose codes are at most 12 digits (province 2 ... community 12).
  std::size_t end = 0;
  for (std::size_t pos = 0;;) {
    std::size_t next = region_path.find('/', pos + 1);
    if (next == std::string::npos || next - pos - 1 > 12) break;
    end = next;
    pos = next;
  }
  return end == 0 ? region_path : region_path.substr(0, end + 1);
}

Measures measures_of(const Event& e, const Calendar& cal) {
  Measures m{};
  m[kTotal] = 1;
  // A report held at its grid (grid first) counts as reported: waiting to be dealt with.
  if (int s = index_of(kStatuses, e.status == "at_grid" ? std::string("reported") : e.status); s >= 0)
    m[kReported + s] = 1;
  if (int s = index_of(kSources, e.source); s >= 0) m[kSourceResident + s] = 1;
  if (e.status == "closed") {
    m[kClosedOnTime] = e.on_time.value_or(false) ? 1 : 0;
    m[kClosedMs] = e.closed_at ? *e.closed_at - e.created_at : 0;
    m[kClosedRated] = e.rating ? 1 : 0;
    m[kClosedSatisfied] = e.rating && (*e.rating == "satisfied" || *e.rating == "basically_satisfied") ? 1 : 0;
    if (e.solved_level) {
      if (int l = index_of(kSolvedLevels, *e.solved_level); l >= 0) m[kClosedGrid + l] = 1;
    }
    m[kClosedSameDay] = e.closed_at && cal.day_of(*e.closed_at) == cal.day_of(e.created_at) ? 1 : 0;
  }
  m[kRedOpen] = e.sla == "red" && is_open(e.status) ? 1 : 0;
  return m;
}

void apply(storage::Tx& tx, const Calendar& cal, const Event* before, const Event& after) {
  apply_units(tx, cal, before, after);
  Keys ka = keys_of(cal, after);
  Measures ma = measures_of(after, cal);
  std::vector<std::int64_t> deltas(ma.begin(), ma.end());
  if (!before) {
    add(tx, ka, deltas);
    add_category(tx, ka, 1);
    return;
  }
  Keys kb = keys_of(cal, *before);
  Measures mb = measures_of(*before, cal);
  if (kb.node == ka.node && kb.day == ka.day) {
    bool changed = false;
    for (int i = 0; i < kMeasures; ++i) changed |= (deltas[i] -= mb[i]) != 0;
    if (changed) add(tx, ka, deltas);
  } else {
    std::vector<std::int64_t> minus(mb.begin(), mb.end());
    for (auto& v : minus) v = -v;
    add(tx, kb, minus);
    add(tx, ka, deltas);
  }
  if (!(kb == ka)) {
    add_category(tx, kb, -1);
    add_category(tx, ka, 1);
  }
}

void add_red_open(storage::Tx& tx, const Calendar& cal, const std::string& region_path,
                  std::optional<std::int64_t> department_id, std::int64_t created_at) {
  std::vector<std::int64_t> deltas(kMeasures, 0);
  deltas[kRedOpen] = 1;
  add(tx, {node_of(region_path), cal.day_of(created_at), ""}, deltas);
  add_units_red_open(tx, cal, region_path, department_id, created_at);
}

std::int64_t ensure_built(storage::Database& db, const Calendar& cal) {
  const auto offset = cal.utc_offset_minutes();
  bool current = db.read_value<bool>([&](storage::Tx& tx) {
    auto r = tx.exec("SELECT utc_offset_minutes FROM event_rollup_state WHERE id = 1");
    return !r.empty() && r.one().i64(0) == offset;
  });
  if (current) return -1;
  // In chunks of events, each its own transaction, so the pending counters stay small; the
  // state row is written last, so an interrupted rebuild starts over at the next start.
  db.bulk([](storage::Tx& tx) {
    tx.exec("DELETE FROM event_rollup_state");
    tx.exec("DELETE FROM event_rollup");
    tx.exec("DELETE FROM event_rollup_category");
    tx.exec("DELETE FROM event_grid_rollup");
    tx.exec("DELETE FROM event_department_rollup");
  });
  std::int64_t last = 0, counted = 0;
  for (bool more = true; more;) {
    db.bulk([&](storage::Tx& tx) {
      auto res = tx.exec(
          std::string("SELECT id, ") + kEventColumns + " FROM events WHERE id > ? ORDER BY id LIMIT 50000", {last});
      more = res.rows.size() == 50000;
      for (const auto& row : res.rows) {
        apply(tx, cal, nullptr, decode(row, 1));
        last = row.i64(0);
      }
      counted += static_cast<std::int64_t>(res.rows.size());
    });
  }
  db.bulk([&](storage::Tx& tx) {
    tx.exec("INSERT INTO event_rollup_state (id, utc_offset_minutes, built_at) VALUES (1, ?, ?)",
            {std::int64_t{offset}, storage::now_ms()});
  });
  return counted;
}

Totals query(storage::Tx& tx, const Calendar& cal, const std::string& path, std::int64_t from_ms, std::int64_t to_ms,
             std::map<std::string, Totals>* children) {
  Totals out;
  if (from_ms >= to_ms) return out;
  // A community's children are grids, which the counters do not keep: at community level
  // and below, the events themselves.
  if (territory::store::narrow_path(path)) {
    scan_events(tx, cal, path, from_ms, to_ms, false, out, children);
    return out;
  }
  // Whole days [d0, d1) inside the range; the partial days at either edge from the events.
  Day d0 = cal.day_of(from_ms);
  if (cal.midnight(d0) < from_ms) ++d0;
  Day d1 = cal.day_of(to_ms);
  if (d0 >= d1) {
    scan_events(tx, cal, path, from_ms, to_ms, true, out, children);
    return out;
  }
  scan_events(tx, cal, path, from_ms, cal.midnight(d0), true, out, children);
  scan_events(tx, cal, path, cal.midnight(d1), to_ms, true, out, children);
  // Whole months [m0, m1) inside the days; the days around them from the day rows.
  std::int64_t m0 = month_of(d0), m1 = month_of(d1);
  if (first_day_of_month(m0) < d0) ++m0;
  if (m0 >= m1) {
    read_counters(tx, path, kDay, d0, d1, out, children);
    return out;
  }
  read_counters(tx, path, kDay, d0, first_day_of_month(m0), out, children);
  read_counters(tx, path, kMonth, m0, m1, out, children);
  read_counters(tx, path, kDay, first_day_of_month(m1), d1, out, children);
  return out;
}

Totals scan(storage::Tx& tx, const Calendar& cal, const std::string& path, std::int64_t from_ms, std::int64_t to_ms,
            std::map<std::string, Totals>* children) {
  Totals out;
  scan_events(tx, cal, path, from_ms, to_ms, false, out, children);
  return out;
}

}  // namespace wangge::events::rollup
