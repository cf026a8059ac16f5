// Spike warnings' detector (docs/EVENTS.md "Spike warnings"), pure: no storage, no clock.
// Its input is one series of daily event counts of one grid and one top-level category,
// ending at the day examined, and each day's class (its weekday). It answers whether that
// day's count is a rise beyond the place's own seasonal baseline:
//
//   baseline  the `history_days` days before the examined day (not the day itself);
//   season    the weekday factor f(w): the history's events per day on weekday w over its
//             events per day, computed with `weekday_prior` pseudo-events spread evenly
//             over the week (shrunk toward 1, a share of 1/7, when the history is thin);
//   level     an EWMA (weight `lambda` on the newest day) of the history's counts divided
//             by their day's factor, started from their mean;
//   expected  μ = max(level, mean of the same) × f(examined weekday): the mean keeps one
//             quiet week from lowering the bar (measured: spikes_eval, docs/EVENTS.md);
//   test      μ' = max(μ, min_expected); p = P(X ≥ count) for X ~ Poisson(μ'); an alarm
//             when count ≥ min_count and p < alpha; severity "alarm" when p < alarm_p,
//             else "warn".
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace wangge::events::spikes {

struct Params {
  double lambda = 0.2;         // EWMA weight of the newest day (memory of about 9 days)
  int history_days = 56;       // the baseline: the eight weeks before the examined day
  double weekday_prior = 14;   // pseudo-events pulling the weekday factors toward 1
  bool mean_floor = true;      // the level is at least the history's (deseasonalised) mean
  double min_expected = 0.2;   // μ' = max(μ, this): a quiet place is not held to zero
  std::int64_t min_count = 3;  // no alarm below this count (1 → 2 is noise, not a spike)
  double alpha = 1e-3;         // alarm when the upper tail is below this
  double alarm_p = 1e-5;       // ... and "alarm" rather than "warn" below this
};

struct Verdict {
  std::int64_t count = 0;  // events on the examined day
  double expected = 0;     // μ, the seasonal baseline of the day (0 for a place without history)
  double ratio = 0;        // count / μ'
  double p_value = 1;      // P(X ≥ count), X ~ Poisson(μ')
  bool alarm = false;
  std::string severity;  // "warn" or "alarm" when alarm; "" otherwise
};

// The detector on the series' last day. counts[i] are the events of day i (oldest first),
// weekdays[i] its class in 0..6 (0 = Sunday); the two spans have the same length, at
// least 1. Days before the last `history_days` + 1 are ignored; a shorter series is a
// place with a shorter history (none: μ = 0).
Verdict examine(std::span<const std::int64_t> counts, std::span<const int> weekdays, const Params& p = {});

// The expected count of the series' last day from the days before it (the baseline above).
double expected(std::span<const std::int64_t> counts, std::span<const int> weekdays, const Params& p = {});

// P(X ≥ k) for X ~ Poisson(mu), mu > 0: accurate in its relative error also far out in the
// tail (the terms from k on are summed, not subtracted from 1).
double poisson_upper_tail(std::int64_t k, double mu);

}  // namespace wangge::events::spikes
