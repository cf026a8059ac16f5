#include "events/spikes_model.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace wangge::events::spikes {

double poisson_upper_tail(std::int64_t k, double mu) {
  if (k <= 0) return 1.0;
  if (!(mu > 0)) return 0.0;
  const double log_mu = std::log(mu);
  auto log_pmf = [&](double i) { return -mu + i * log_mu - std::lgamma(i + 1.0); };
  if (static_cast<double>(k) <= mu) {
    // Near the middle the tail is large (about a half or more): 1 - P(X < k) loses nothing.
    double below = 0;
    for (std::int64_t i = 0; i < k; ++i) below += std::exp(log_pmf(static_cast<double>(i)));
    return std::clamp(1.0 - below, 0.0, 1.0);
  }
  // Beyond the mean the terms fall at least geometrically (ratio mu / (i + 1) < 1): sum them
  // from k on until they no longer change the sum.
  double term = std::exp(log_pmf(static_cast<double>(k)));
  double sum = 0;
  for (double i = static_cast<double>(k); term > 0 && term > sum * 1e-17; i += 1.0) {
    sum += term;
    term *= mu / (i + 1.0);
  }
  return std::min(sum, 1.0);
}

double expected(std::span<const std::int64_t> counts, std::span<const int> weekdays, const Params& p) {
  const std::size_t n = std::min(counts.size(), weekdays.size());
  if (n < 2) return 0.0;
  // The history: up to history_days days before the last.
  const std::size_t days = std::min<std::size_t>(n - 1, static_cast<std::size_t>(std::max(p.history_days, 0)));
  if (days == 0) return 0.0;
  const std::size_t first = n - 1 - days;
  auto cls = [&](std::size_t i) { return static_cast<std::size_t>(((weekdays[i] % 7) + 7) % 7); };
  // Events and days per weekday.
  std::array<double, 7> sum_w{}, days_w{};
  double total = 0;
  for (std::size_t i = first; i < n - 1; ++i) {
    const double c = static_cast<double>(std::max<std::int64_t>(counts[i], 0));
    sum_w[cls(i)] += c;
    days_w[cls(i)] += 1.0;
    total += c;
  }
  // The weekday factors: events per day on that weekday over events per day, each with
  // `weekday_prior` pseudo-events spread over the days in proportion (so that a thin
  // history's factors stay near 1, and a weekday without events is not held to zero).
  const double d = static_cast<double>(days);
  const double k = std::max(p.weekday_prior, 0.0);
  std::array<double, 7> factor{};
  factor.fill(1.0);
  if (total + k > 0) {
    const double overall = (total + k) / d;
    for (std::size_t w = 0; w < 7; ++w) {
      if (days_w[w] > 0) factor[w] = (sum_w[w] + k * days_w[w] / d) / days_w[w] / overall;
    }
  }
  // The level: an EWMA of the deseasonalised counts, started from their mean.
  double mean = 0;
  auto deseason = [&](std::size_t i) {
    const double f = factor[cls(i)];
    return f > 1e-12 ? static_cast<double>(std::max<std::int64_t>(counts[i], 0)) / f : 0.0;
  };
  for (std::size_t i = first; i < n - 1; ++i) mean += deseason(i);
  mean /= d;
  double level = mean;
  const double lambda = std::clamp(p.lambda, 0.0, 1.0);
  for (std::size_t i = first; i < n - 1; ++i) level = lambda * deseason(i) + (1.0 - lambda) * level;
  if (p.mean_floor) level = std::max(level, mean);
  return level * factor[cls(n - 1)];
}

Verdict examine(std::span<const std::int64_t> counts, std::span<const int> weekdays, const Params& p) {
  Verdict v;
  const std::size_t n = std::min(counts.size(), weekdays.size());
  if (n == 0) return v;
  v.count = std::max<std::int64_t>(counts[n - 1], 0);
  v.expected = expected(counts.first(n), weekdays.first(n), p);
  const double floor_mu = std::max(v.expected, std::max(p.min_expected, 1e-9));
  v.ratio = static_cast<double>(v.count) / floor_mu;
  v.p_value = poisson_upper_tail(v.count, floor_mu);
  v.alarm = v.count >= p.min_count && v.p_value < p.alpha;
  if (v.alarm) v.severity = v.p_value < p.alarm_p ? "alarm" : "warn";
  return v;
}

}  // namespace wangge::events::spikes
