// spike-eval (docs/EVENTS.md "Spike warnings"): the spike detector (events/spikes_model.h)
// measured on the events of a database. It reads every grid's daily series per top-level
// category (all days), then
//   (a) runs the detector over every day of the untouched history that has its eight weeks
//       before it: every alarm there counts as a false one (per grid-month, per town-month);
//   (b) injects spikes at random grid × category × day (the same draws for every size):
//       +3, +5, +8 events, and ⌈2 × expected⌉, ⌈3 × expected⌉ more, and counts those the
//       detector raises on the injected day, overall and by the day's expected count.
// The detector reads only the days before the one it examines, so a spike injected into a
// copy of a series is judged exactly as the scan would judge it. Deterministic for a seed.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

#include "core/calendar.h"
#include "core/storage/database.h"
#include "events/spikes_model.h"

namespace wangge::events::spikes {

struct EvalOptions {
  std::optional<std::string> root_path;  // only the grids under this node's path
  std::uint64_t seed = 1;
  int injections = 2000;  // random grid × category × day draws, each tried with every size
  Params params;
};

inline constexpr const char* kInjectionSizes[] = {"+3", "+5", "+8", "+2μ", "+3μ"};
inline constexpr int kSizes = 5;
// Bands of the injected day's expected count μ: [0, 1), [1, 5), [5, ∞).
inline constexpr int kBands = 3;

struct EvalReport {
  Day first_day = 0, last_day = 0;  // the history's days
  std::int64_t grids = 0, towns = 0, categories = 0, events = 0;
  std::int64_t series = 0;         // grid × category with events
  std::int64_t examined_days = 0;  // days with eight weeks before them, per grid
  double grid_months = 0, town_months = 0;
  std::int64_t false_warn = 0, false_alarm = 0;  // alarms on the untouched history, by severity
  // [size][band]: injected, detected (band kBands: all).
  std::array<std::array<std::int64_t, kBands + 1>, kSizes> injected{}, detected{};
};

// Reads the history from db (events with a grid, under o.root_path) and measures the
// detector; nullopt when the history has no day with eight weeks before it.
std::optional<EvalReport> evaluate(storage::Database& db, const Calendar& cal, const EvalOptions& o);

// The report as Markdown tables (for docs/EVENTS.md and docs/PERFORMANCE.md).
void print_report(const EvalReport& r, const EvalOptions& o, std::ostream& out);

}  // namespace wangge::events::spikes
