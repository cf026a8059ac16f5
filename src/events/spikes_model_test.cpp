#include "events/spikes_model.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace wangge::events::spikes {
namespace {

// A series of `days` days of history, the examined day last; day i's weekday is
// (first_weekday + i) % 7, and its count count_of(weekday) (the examined day: `today`).
struct SpikeSeries {
  std::vector<std::int64_t> counts;
  std::vector<int> weekdays;
};
template <typename F>
SpikeSeries spike_series(int days, int first_weekday, F count_of, std::int64_t today) {
  SpikeSeries s;
  for (int i = 0; i <= days; ++i) {
    int w = (first_weekday + i) % 7;
    s.weekdays.push_back(w);
    s.counts.push_back(i == days ? today : count_of(w));
  }
  return s;
}

TEST(SpikesModelTest, PoissonTailMatchesKnownValues) {
  // 1 - e^-0.2 (1 + 0.2 + 0.02), and R's ppois(9, 2, lower.tail = FALSE), far out in the tail too.
  EXPECT_NEAR(poisson_upper_tail(3, 0.2), 0.00114848124486213242, 1e-15);
  EXPECT_NEAR(poisson_upper_tail(10, 2.0) / 4.64980750172638082e-05, 1.0, 1e-12);
  EXPECT_NEAR(poisson_upper_tail(20, 1.5) / 3.28343419661364202e-16, 1.0, 1e-9);
  EXPECT_NEAR(poisson_upper_tail(1, 0.7), 1.0 - std::exp(-0.7), 1e-15);
  EXPECT_NEAR(poisson_upper_tail(4, 6.0), 1.0 - std::exp(-6.0) * (1 + 6 + 18 + 36), 1e-14);
  EXPECT_EQ(poisson_upper_tail(0, 3.0), 1.0);
  EXPECT_EQ(poisson_upper_tail(2, 0.0), 0.0);
}

TEST(SpikesModelTest, AFlatSeriesDoesNotAlarm) {
  for (std::int64_t today : {0, 2, 3, 5}) {
    auto s = spike_series(
        56, 1, [](int) { return std::int64_t{2}; }, today);
    Verdict v = examine(s.counts, s.weekdays);
    EXPECT_NEAR(v.expected, 2.0, 1e-9) << today;
    EXPECT_FALSE(v.alarm) << today << " events, p " << v.p_value;
    EXPECT_EQ(v.severity, "");
  }
  // The p-value is the Poisson tail at the expected count.
  auto s = spike_series(
      56, 1, [](int) { return std::int64_t{2}; }, 10);
  Verdict v = examine(s.counts, s.weekdays);
  EXPECT_NEAR(v.p_value / poisson_upper_tail(10, 2.0), 1.0, 1e-9);
  EXPECT_NEAR(v.ratio, 5.0, 1e-9);
}

TEST(SpikesModelTest, AJumpAlarms) {
  auto s = spike_series(
      56, 0, [](int) { return std::int64_t{1}; }, 9);
  Verdict v = examine(s.counts, s.weekdays);
  EXPECT_TRUE(v.alarm);
  EXPECT_EQ(v.severity, "alarm");  // P(X >= 9 | 1) is about 1e-6
  EXPECT_NEAR(v.expected, 1.0, 1e-9);
  EXPECT_EQ(v.count, 9);
  EXPECT_LT(v.p_value, 1e-5);
  // A smaller jump only warns: P(X >= 6 | 1) is about 6e-4.
  s.counts.back() = 6;
  v = examine(s.counts, s.weekdays);
  EXPECT_TRUE(v.alarm);
  EXPECT_EQ(v.severity, "warn");
  // Only the eight weeks before the day count: a busy past further back changes nothing.
  auto longer = s;
  longer.counts.insert(longer.counts.begin(), 70, 20);
  longer.weekdays.insert(longer.weekdays.begin(), 70, 3);
  EXPECT_DOUBLE_EQ(examine(longer.counts, longer.weekdays).p_value, v.p_value);
}

TEST(SpikesModelTest, MondaysHighDoNotAlarmOnAMonday) {
  // Nine reports every Monday (the weekend's), one on other days.
  auto monday = [](int w) { return std::int64_t{w == 1 ? 9 : 1}; };
  auto s = spike_series(56, 1, monday, 9);  // 56 days from a Monday: the examined day is a Monday
  ASSERT_EQ(s.weekdays.back(), 1);
  Verdict v = examine(s.counts, s.weekdays);
  EXPECT_FALSE(v.alarm) << "p " << v.p_value << ", expected " << v.expected;
  EXPECT_GT(v.expected, 6.0);
  // Without the weekday factors (a prior that outweighs any history) the same Monday alarms.
  Params flat;
  flat.weekday_prior = 1e12;
  EXPECT_TRUE(examine(s.counts, s.weekdays, flat).alarm);
  // Nine on a Wednesday is a spike.
  auto w = spike_series(56, 3, monday, 9);
  ASSERT_EQ(w.weekdays.back(), 3);
  Verdict wed = examine(w.counts, w.weekdays);
  EXPECT_TRUE(wed.alarm);
  EXPECT_LT(wed.expected, 1.2);
}

TEST(SpikesModelTest, TheFloorsKeepSmallCountsQuiet) {
  auto quiet = [](int) { return std::int64_t{0}; };
  // Three events where there were none: P(X >= 3 | 0.2) = 0.00115 is not below 0.001.
  auto s = spike_series(56, 2, quiet, 3);
  Verdict v = examine(s.counts, s.weekdays);
  EXPECT_EQ(v.expected, 0.0);
  EXPECT_NEAR(v.p_value, poisson_upper_tail(3, 0.2), 1e-15);
  EXPECT_FALSE(v.alarm);
  s.counts.back() = 4;
  EXPECT_TRUE(examine(s.counts, s.weekdays).alarm);
  // With a lax alpha, two events would pass the test; the count floor (3) holds them back.
  Params lax;
  lax.alpha = 0.05;
  s.counts.back() = 2;
  v = examine(s.counts, s.weekdays, lax);
  EXPECT_LT(v.p_value, lax.alpha);
  EXPECT_FALSE(v.alarm);
  s.counts.back() = 3;
  EXPECT_TRUE(examine(s.counts, s.weekdays, lax).alarm);
}

TEST(SpikesModelTest, ANewGridWithoutHistoryIsHeldToTheFloor) {
  std::vector<std::int64_t> counts{2};
  std::vector<int> weekdays{4};
  Verdict v = examine(counts, weekdays);
  EXPECT_EQ(v.expected, 0.0);
  EXPECT_FALSE(v.alarm);
  counts = {6};
  v = examine(counts, weekdays);
  EXPECT_TRUE(v.alarm);
  EXPECT_NEAR(v.ratio, 30.0, 1e-9);  // 6 / 0.2
  // A week of history: its mean sets the level.
  auto s = spike_series(
      7, 0, [](int) { return std::int64_t{3}; }, 4);
  v = examine(s.counts, s.weekdays);
  EXPECT_NEAR(v.expected, 3.0, 1e-9);
  EXPECT_FALSE(v.alarm);
  EXPECT_EQ(examine(std::span<const std::int64_t>{}, std::span<const int>{}).count, 0);
}

TEST(SpikesModelTest, AQuietWeekDoesNotLowerTheBar) {
  // Two a day for seven weeks, then a week of nothing: the EWMA has fallen to about 0.4, the
  // eight weeks' mean (1.75) holds the expected count up, so six is not a spike.
  SpikeSeries s;
  for (int i = 0; i < 56; ++i) {
    s.weekdays.push_back(i % 7);
    s.counts.push_back(i < 49 ? 2 : 0);
  }
  s.weekdays.push_back(0);
  s.counts.push_back(6);
  Verdict v = examine(s.counts, s.weekdays);
  EXPECT_NEAR(v.expected, 1.75, 1e-9);
  EXPECT_FALSE(v.alarm);
  Params ewma_only;
  ewma_only.mean_floor = false;
  Verdict e = examine(s.counts, s.weekdays, ewma_only);
  EXPECT_LT(e.expected, 0.5);
  EXPECT_TRUE(e.alarm);
}

}  // namespace
}  // namespace wangge::events::spikes
