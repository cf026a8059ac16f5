// spike-eval: the detector over a database's history, untouched and with injected spikes
// (events/spikes_eval.h). One grid at a time: its series are read, examined and dropped,
// so a county's ten million events need the memory of one grid's days.
#include "events/spikes_eval.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <random>
#include <set>
#include <vector>

#include "events/model.h"
#include "events/spikes.h"
#include "events/store.h"
#include "events/store_spikes.h"

namespace wangge::events::spikes {
namespace {

constexpr int kEvalHistory = 56;  // days of history an examined day needs (Params::history_days)

// One draw: where a spike is injected.
struct SpikeDraw {
  std::size_t category = 0;
  std::size_t day = 0;  // index into the history's days
};

int spike_band_of(double mu) {
  return mu < 1.0 ? 0 : mu < 5.0 ? 1 : 2;
}

// The town above a grid: the third segment from the end of its path (town, community, grid).
std::string spike_town_of(const std::string& grid_path) {
  std::vector<std::string> segments;
  std::size_t pos = 0;
  while ((pos = grid_path.find('/', pos)) != std::string::npos && pos + 1 < grid_path.size()) {
    std::size_t end = grid_path.find('/', pos + 1);
    if (end == std::string::npos) break;
    segments.push_back(grid_path.substr(pos + 1, end - pos - 1));
    pos = end;
  }
  if (segments.empty()) return grid_path;
  return segments[segments.size() >= 3 ? segments.size() - 3 : 0];
}

std::string eval_percent(std::int64_t a, std::int64_t b) {
  if (b == 0) return "–";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f %% (%lld/%lld)", 100.0 * static_cast<double>(a) / static_cast<double>(b),
                static_cast<long long>(a), static_cast<long long>(b));
  return buf;
}

std::string eval_number(double x, int decimals = 3) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, x);
  return buf;
}

}  // namespace

std::optional<EvalReport> evaluate(storage::Database& db, const Calendar& cal, const EvalOptions& o) {
  EvalReport r;
  std::vector<store::GridHistory> grids;
  std::vector<std::string> categories;
  db.read([&](storage::Tx& tx) {
    grids = store::grids_with_events(tx, o.root_path);
    for (const auto& c : store::categories(tx)) {
      if (!c.parent_code) categories.push_back(c.code);
    }
  });
  if (grids.empty() || categories.empty()) return std::nullopt;
  std::sort(categories.begin(), categories.end());
  std::int64_t first_ms = grids.front().first_ms, last_ms = grids.front().last_ms;
  std::set<std::string> towns;
  for (const auto& g : grids) {
    first_ms = std::min(first_ms, g.first_ms);
    last_ms = std::max(last_ms, g.last_ms);
    r.events += g.events;
    towns.insert(spike_town_of(g.grid_path));
  }
  r.first_day = cal.day_of(first_ms);
  r.last_day = cal.day_of(last_ms);
  const auto days = static_cast<std::size_t>(r.last_day - r.first_day + 1);
  if (days <= kEvalHistory) return std::nullopt;
  r.grids = static_cast<std::int64_t>(grids.size());
  r.towns = static_cast<std::int64_t>(towns.size());
  r.categories = static_cast<std::int64_t>(categories.size());
  r.examined_days = static_cast<std::int64_t>(days - kEvalHistory);
  const double months = static_cast<double>(r.examined_days) / (365.25 / 12.0);
  r.grid_months = static_cast<double>(r.grids) * months;
  r.town_months = static_cast<double>(r.towns) * months;
  std::vector<int> classes(days);
  for (std::size_t i = 0; i < days; ++i) classes[i] = spike_day_class(cal, r.first_day + static_cast<Day>(i));

  // The draws, by grid (rng() % n, not a distribution: the same on every platform).
  std::mt19937_64 rng(o.seed);
  std::vector<std::vector<SpikeDraw>> draws(grids.size());
  for (int i = 0; i < o.injections; ++i) {
    std::size_t g = static_cast<std::size_t>(rng() % grids.size());
    SpikeDraw d{static_cast<std::size_t>(rng() % categories.size()),
                kEvalHistory + static_cast<std::size_t>(rng() % (days - kEvalHistory))};
    draws[g].push_back(d);
  }

  std::vector<std::int64_t> window;  // an examined day and the history before it
  auto judge = [&](const std::vector<std::int64_t>& counts, std::size_t t, std::int64_t extra) {
    std::size_t from = t >= kEvalHistory ? t - kEvalHistory : 0;
    window.assign(counts.begin() + static_cast<std::ptrdiff_t>(from),
                  counts.begin() + static_cast<std::ptrdiff_t>(t) + 1);
    window.back() += extra;
    return examine(window, std::span<const int>(classes).subspan(from, t - from + 1), o.params);
  };
  for (std::size_t g = 0; g < grids.size(); ++g) {
    std::vector<store::DayCount> rows;
    db.read([&](storage::Tx& tx) {
      rows = store::day_counts(tx, cal.utc_offset_minutes(), std::nullopt, std::nullopt, grids[g].grid_path);
    });
    std::map<std::string, std::vector<std::int64_t>> series;
    for (const auto& row : rows) {
      if (row.grid_code != grids[g].grid_code || row.day < r.first_day || row.day > r.last_day) continue;
      auto& s = series[row.category];
      if (s.empty()) s.assign(days, 0);
      s[static_cast<std::size_t>(row.day - r.first_day)] += row.count;
    }
    r.series += static_cast<std::int64_t>(series.size());
    // (a) the untouched history: only a day at the count floor or above can alarm.
    for (const auto& [category, counts] : series) {
      for (std::size_t t = kEvalHistory; t < days; ++t) {
        if (counts[t] < o.params.min_count) continue;
        Verdict v = judge(counts, t, 0);
        if (v.alarm) ++(v.severity == "alarm" ? r.false_alarm : r.false_warn);
      }
    }
    // (b) the injections into this grid's series (a category without events: all zeros).
    const std::vector<std::int64_t> zeros(days, 0);
    for (const auto& d : draws[g]) {
      auto it = series.find(categories[d.category]);
      const auto& counts = it == series.end() ? zeros : it->second;
      std::size_t from = d.day - kEvalHistory;
      double mu = expected(std::span<const std::int64_t>(counts).subspan(from, kEvalHistory + 1),
                           std::span<const int>(classes).subspan(from, kEvalHistory + 1), o.params);
      const std::int64_t extras[kSizes] = {3, 5, 8, static_cast<std::int64_t>(std::ceil(2.0 * mu)),
                                           static_cast<std::int64_t>(std::ceil(3.0 * mu))};
      const int band = spike_band_of(mu);
      for (int s = 0; s < kSizes; ++s) {
        const bool hit = judge(counts, d.day, extras[s]).alarm;
        for (int b : {band, kBands}) {
          ++r.injected[static_cast<std::size_t>(s)][static_cast<std::size_t>(b)];
          if (hit) ++r.detected[static_cast<std::size_t>(s)][static_cast<std::size_t>(b)];
        }
      }
    }
  }
  return r;
}

void print_report(const EvalReport& r, const EvalOptions& o, std::ostream& out) {
  const Params& p = o.params;
  const std::int64_t alarms = r.false_warn + r.false_alarm;
  out << "Spike warnings measured on the history (wangge spike-eval, seed " << o.seed << ")\n\n"
      << "- history: " << format_day(r.first_day) << " .. " << format_day(r.last_day) << ", " << r.events
      << " events with a grid in " << r.grids << " grids of " << r.towns << (r.towns == 1 ? " town, " : " towns, ")
      << r.categories << " top-level categories (" << r.series << " grid × category series with events)\n"
      << "- examined: the " << r.examined_days << " days with eight weeks before them, in every series ("
      << eval_number(r.grid_months, 0) << " grid-months, " << eval_number(r.town_months, 0) << " town-months)\n"
      << "- detector: λ = " << p.lambda << ", " << p.history_days << " days of history, weekday prior "
      << p.weekday_prior << " events, mean floor " << (p.mean_floor ? "on" : "off") << ", μ' ≥ " << p.min_expected
      << ", count ≥ " << p.min_count << ", α = " << p.alpha << " (alarm below " << p.alarm_p << ")\n\n";
  out << "| untouched history | alarms | warn | alarm | per grid-month | per town-month |\n"
      << "|---|---|---|---|---|---|\n"
      << "| false alarms | " << alarms << " | " << r.false_warn << " | " << r.false_alarm << " | "
      << eval_number(r.grid_months > 0 ? static_cast<double>(alarms) / r.grid_months : 0.0) << " | "
      << eval_number(r.town_months > 0 ? static_cast<double>(alarms) / r.town_months : 0.0) << " |\n\n";
  out << "| injected (" << o.injections
      << " random grid × category × day, the same for every size) | detected on the day | expected < 1 | "
         "1 ≤ expected < 5 | expected ≥ 5 |\n"
      << "|---|---|---|---|---|\n";
  for (int s = 0; s < kSizes; ++s) {
    const auto& inj = r.injected[static_cast<std::size_t>(s)];
    const auto& det = r.detected[static_cast<std::size_t>(s)];
    out << "| " << kInjectionSizes[s] << " events | " << eval_percent(det[kBands], inj[kBands]) << " | "
        << eval_percent(det[0], inj[0]) << " | " << eval_percent(det[1], inj[1]) << " | "
        << eval_percent(det[2], inj[2]) << " |\n";
  }
  out << "\n+2μ, +3μ: ⌈2 × expected⌉ and ⌈3 × expected⌉ more events than the day had (none where the expected "
         "count is 0).\n";
}

}  // namespace wangge::events::spikes
