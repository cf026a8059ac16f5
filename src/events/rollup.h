// Event statistics as additive counters (migrations/0011_event_rollup.sql): per community
// and civil day, and per community and month, the events created then, by status, source,
// top-level category and outcome. store::insert / store::update / store::refresh_sla keep
// them exact in the same transaction as the event row (an event's contribution is added
// when it is created and the difference when it changes), so the statistics of a county
// over a year sum a few thousand rows instead of scanning millions of events, and agree
// with a scan to the event.
//
// A statistics query over [from, to) reads month rows for the whole months inside it, day
// rows for the whole days around them, and the events themselves for the partial days at
// the edges. Nodes below a community (grids) are not in the counters: a community's or a
// grid's statistics are computed from its events.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>

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

// The counters' node for an event's region path: its deepest ancestor at community level
// or above ("/44/4404/440404/440404104/440404104001/" for a grid under that community).
std::string node_of(const std::string& region_path);

// The event's measures (what it adds to its row).
Measures measures_of(const Event& e);

// Keeps the counters exact when an event is created (before == nullptr) or changes.
void apply(storage::Tx& tx, const Calendar& cal, const Event* before, const Event& after);
// The scheduler turned an open event red (it counts in kRedOpen from now on).
void add_red_open(storage::Tx& tx, const Calendar& cal, const std::string& region_path, std::int64_t created_at);

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
Totals scan(storage::Tx& tx, const std::string& path, std::int64_t from_ms, std::int64_t to_ms,
            std::map<std::string, Totals>* children);

}  // namespace wangge::events::rollup
