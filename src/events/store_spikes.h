// The SQL of spike warnings (store_spikes.cpp; migration 0043): the daily counts the
// detector reads from the events, and the event_spikes table. Only this file touches
// event_spikes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/storage/database.h"

namespace wangge::events::store {

// A grid's events of one top-level category on one civil day.
struct DayCount {
  std::string grid_code, grid_path, category;
  Day day = 0;
  std::int64_t count = 0;
};
// Events with a grid created in [from_ms, to_ms) (either end open when not given; under
// `under` when given), counted per grid, top-level category and civil day in the zone
// `utc_offset_minutes`, ordered so: one grouped statement over the creation-time index (a
// window) or the path index (a grid's whole history). Events without a grid are not counted.
std::vector<DayCount> day_counts(storage::Tx& tx, std::int64_t utc_offset_minutes, std::optional<std::int64_t> from_ms,
                                 std::optional<std::int64_t> to_ms, const std::optional<std::string>& under = {});

// The grids that have events (under `under` when given), with their first and last
// event's creation time and their number of events; in code order. One pass over the events.
struct GridHistory {
  std::string grid_code, grid_path;
  std::int64_t first_ms = 0, last_ms = 0, events = 0;
};
std::vector<GridHistory> grids_with_events(storage::Tx& tx, const std::optional<std::string>& under);

struct Spike {
  std::int64_t id = 0;
  std::string grid_code, region_path, category;
  Day day = 0;
  std::int64_t count = 0;
  double expected = 0, p_value = 1;
  std::string severity = "warn", status = "open";
  std::optional<std::int64_t> acknowledged_by, acknowledged_at;
  std::string note;
  std::int64_t created_at = 0, updated_at = 0;
};

// Inserts s unless its (grid, category, day) is already there (both engines: ON CONFLICT DO
// NOTHING; a concurrent insert of another node waits for it and does nothing). Answers the
// new row's id, or nullopt when it was there: then the stored row takes s's count, expected,
// p-value and severity if s's count is higher (a day's count only grows during the day).
std::optional<std::int64_t> insert_spike(storage::Tx& tx, const Spike& s);
std::optional<Spike> spike(storage::Tx& tx, std::int64_t id);

struct SpikeFilter {
  std::vector<std::string> scope_paths;   // region_path under any of them ("/" = all); empty = none
  std::optional<std::string> path;        // and under this one
  std::optional<std::string> status;      // open | acknowledged
  std::optional<Day> from_day;            // day >= from_day
  std::optional<std::int64_t> before_id;  // cursor: newest first
  int limit = 50;
};
// Newest first (by id: the order they were raised in).
std::vector<Spike> spikes(storage::Tx& tx, const SpikeFilter& f);

// Marks an open spike acknowledged; false when it is not open (any more).
bool acknowledge_spike(storage::Tx& tx, std::int64_t id, std::int64_t by, std::int64_t at, const std::string& note);

}  // namespace wangge::events::store
