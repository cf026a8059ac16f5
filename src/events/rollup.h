// Event statistics as additive counters (migrations/0011_event_rollup.sql, keyed by every
// level since 0048): per node (a community, and each town, county, city and province
// above it) and civil day, and per node and month, the events created under it then, by
// status, source, top-level category and outcome. store::insert / store::update / store::refresh_sla keep
// them exact in the same transaction as the event row (an event's contribution is added
// when it is created and the difference when it changes), so the statistics of a county
// over a year reads its 12 month rows (and its towns' 12 each for the figures per town)
// instead of scanning millions of events, and agrees with a scan to the event.
//
// A statistics query over [from, to) reads month rows for the whole months inside it, day
// rows for the whole days around them, and the events themselves for the partial days at
// the edges. Nodes below a community (grids) are not in the counters: a community's or a
// grid's statistics are computed from its events.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/storage/database.h"
#include "events/model.h"

namespace wangge::events::rollup {

// The measures, in the column order of event_rollup.
enum Measure : int {
  kTotal,
  kReported,             // by status: kReported + index in kStatuses
  kSourceResident = 10,  // by source: kSourceResident + index in kSources
  kClosedOnTime = 17,
  kClosedMs,  // sum of closed_at - created_at of closed events
  kClosedRated,
  kClosedSatisfied,
  kClosedGrid,  // solved at each level: kClosedGrid + index in kSolvedLevels
  kRedOpen = 25,
  kClosedSameDay,  // closed on the civil day it was reported (当日办结)
  kMeasures
};
inline constexpr const char* kStatuses[] = {"reported", "accepted", "dispatched", "handling", "handled",
                                            "closed",   "rejected", "merged",     "withdrawn"};
inline constexpr const char* kSources[] = {"resident", "patrol", "hotline", "window", "visit", "open311", "complaint"};
inline constexpr const char* kSolvedLevels[] = {"grid", "community", "street", "county"};

using Measures = std::array<std::int64_t, kMeasures>;

// Sums over a node: the measures and the events per top-level category.
struct Totals {
  Measures m{};
  std::map<std::string, std::int64_t> categories;
  void add(const Totals& o);
};

// The parent of a node's path ("/44/4404/" -> "/44/", "/44/" -> "/"; "/" -> "/").
std::string parent_of(const std::string& path);

// The counters' node for an event's region path: its deepest ancestor at community level
// or above ("/44/4404/440404/440404104/440404104001/" for a grid under that community).
std::string node_of(const std::string& region_path);

// The event's measures (what it adds to its row); the calendar decides the civil day.
Measures measures_of(const Event& e, const Calendar& cal);

// Keeps the counters exact when an event is created (before == nullptr) or changes.
void apply(storage::Tx& tx, const Calendar& cal, const Event* before, const Event& after);
// The scheduler turned an open event red (it counts in kRedOpen from now on).
void add_red_open(storage::Tx& tx, const Calendar& cal, const std::string& region_path,
                  std::optional<std::int64_t> department_id, std::int64_t created_at);

// Rebuilds every counter from the events when they were built in another zone or never
// (a new install, events that predate the counters). Returns the events counted, or -1
// when the counters were already current.
std::int64_t ensure_built(storage::Database& db, const Calendar& cal);

// Statistics of the subtree at `path` for events created in [from_ms, to_ms); `children`
// receives the totals per child node (keyed by the child's code; measures only). Uses the
// counters above community level and the events at or below it.
Totals query(storage::Tx& tx, const Calendar& cal, const std::string& path, std::int64_t from_ms, std::int64_t to_ms,
             std::map<std::string, Totals>* children);

// The same computed from the events alone (a full scan; tests compare the two).
Totals scan(storage::Tx& tx, const Calendar& cal, const std::string& path, std::int64_t from_ms, std::int64_t to_ms,
            std::map<std::string, Totals>* children);

// --- per grid and per department (migrations 0045 and 0046; rollup_units.cpp) ---
// A grid's or a department's measures: what the hotspot map, the figures per grid and the
// departments' on-time and rework figures need.
struct UnitMeasures {
  std::int64_t total = 0, closed = 0, closed_on_time = 0, closed_same_day = 0, closed_rated = 0, closed_satisfied = 0,
               red_open = 0, reworked = 0;
  void add(const UnitMeasures& o);
  bool operator==(const UnitMeasures&) const = default;
};
using GridMeasures = UnitMeasures;
// The grid's path of an event below a community ("" when the event has no grid).
std::string grid_of(const std::string& region_path);
// Keeps the grid and department counters exact (called by apply and add_red_open).
void apply_units(storage::Tx& tx, const Calendar& cal, const Event* before, const Event& after);
void add_units_red_open(storage::Tx& tx, const Calendar& cal, const std::string& region_path,
                        std::optional<std::int64_t> department_id, std::int64_t created_at);
// Measures per grid (keyed by grid code) of the subtree at `path` for events created in
// [from_ms, to_ms): counters for whole days and months, events for the partial days.
std::map<std::string, UnitMeasures> per_grid(storage::Tx& tx, const Calendar& cal, const std::string& path,
                                             std::int64_t from_ms, std::int64_t to_ms);
// Measures per department of `departments` for their events in the subtree at `path`
// created in [from_ms, to_ms) (a county bureau on a town's cockpit: the town's events).
std::map<std::int64_t, UnitMeasures> per_department(storage::Tx& tx, const Calendar& cal,
                                                    const std::vector<std::int64_t>& departments,
                                                    const std::string& path, std::int64_t from_ms, std::int64_t to_ms);
// The same from the events alone (tests compare the two).
std::map<std::string, UnitMeasures> per_grid_scan(storage::Tx& tx, const Calendar& cal, const std::string& path,
                                                  std::int64_t from_ms, std::int64_t to_ms);
std::map<std::int64_t, UnitMeasures> per_department_scan(storage::Tx& tx, const Calendar& cal,
                                                         const std::vector<std::int64_t>& departments,
                                                         const std::string& path, std::int64_t from_ms,
                                                         std::int64_t to_ms);
// Measures of the subtree at `path` per month [m0, m1) (month numbers as month_of), from
// the month counters alone (the current month's row holds today's events too).
std::map<std::int64_t, Measures> monthly(storage::Tx& tx, const std::string& path, std::int64_t m0, std::int64_t m1);
// Month number (year * 12 + month - 1) of a civil day, and the month's first day.
std::int64_t month_of(Day d);
Day first_day_of_month(std::int64_t month);

}  // namespace wangge::events::rollup
