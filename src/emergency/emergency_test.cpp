// The emergency module's pure rules (logic.cpp) and the shared check-in codes
// (core/checkin_code.h): the check-in window, assembly minutes, rates, means and medians,
// supply flags, quarters, lines and the states' steps.
#include <gtest/gtest.h>

#include "core/checkin_code.h"
#include "emergency/model.h"

namespace wangge::emergency {
namespace {

constexpr std::int64_t kMinute = 60'000;

TEST(EmergencyRules, CheckInFromAnHourBeforeTheStartToTheEnd) {
  std::int64_t start = 1'800'000'000'000, end = start + 90 * kMinute;
  EXPECT_FALSE(within_check_in(start, end, start - kCheckInLeadMs - 1));
  EXPECT_TRUE(within_check_in(start, end, start - kCheckInLeadMs));
  EXPECT_TRUE(within_check_in(start, end, start + 10 * kMinute));
  EXPECT_TRUE(within_check_in(start, end, end));
  EXPECT_FALSE(within_check_in(start, end, end + 1));
}

TEST(EmergencyRules, AssemblyMinutesRunFromTheStartToTheLastArrival) {
  std::int64_t start = 1'800'000'000'000;
  EXPECT_FALSE(assembly_minutes(start, {}).has_value());
  EXPECT_EQ(assembly_minutes(start, {start - 20 * kMinute}), 0);  // all there before the start
  EXPECT_EQ(assembly_minutes(start, {start + 5 * kMinute, start + 12 * kMinute + 59'999, start - kMinute}), 12);
}

TEST(EmergencyRules, RatesMeansAndMedians) {
  EXPECT_EQ(percent(3, 4), 75.0);
  EXPECT_EQ(percent(2, 3), 66.66);  // truncated
  EXPECT_EQ(percent(1, 0), 0.0);
  EXPECT_FALSE(mean_rate({}).has_value());
  EXPECT_FALSE(mean_rate({{0, 0}}).has_value());  // expecting no one: left out
  EXPECT_EQ(*mean_rate({{3, 4}, {1, 2}, {5, 0}}), 62.5);
  EXPECT_EQ(*mean_rate({{2, 3}}), 66.66);
  EXPECT_FALSE(mean({}).has_value());
  EXPECT_EQ(*mean({12, 7}), 9.5);
  EXPECT_EQ(*mean({1, 1, 2}), 1.33);
  EXPECT_FALSE(median({}).has_value());
  EXPECT_EQ(*median({30, 10, 20}), 20.0);
  EXPECT_EQ(*median({40, 10, 20, 30}), 25.0);
}

TEST(EmergencyRules, SupplyFlags) {
  Supply s;
  s.quantity = 30;
  s.min_quantity = 50;
  auto f = flags_of(s, "2026-06-01", "2026-07-01");
  EXPECT_FALSE(f.expired);
  EXPECT_FALSE(f.expiring);
  EXPECT_TRUE(f.below_minimum);
  s.min_quantity = 30;
  s.expires_on = "2026-05-31";
  f = flags_of(s, "2026-06-01", "2026-07-01");
  EXPECT_TRUE(f.expired);
  EXPECT_FALSE(f.expiring);
  EXPECT_FALSE(f.below_minimum);
  for (const char* day : {"2026-06-01", "2026-07-01"}) {
    s.expires_on = day;
    f = flags_of(s, "2026-06-01", "2026-07-01");
    EXPECT_FALSE(f.expired) << day;
    EXPECT_TRUE(f.expiring) << day;
  }
  s.expires_on = "2026-07-02";
  EXPECT_FALSE(flags_of(s, "2026-06-01", "2026-07-01").expiring);
}

TEST(EmergencyRules, QuartersCommunitiesAndLines) {
  EXPECT_EQ(quarter_of("2026-01-31"), "2026-Q1");
  EXPECT_EQ(quarter_of("2026-07-15"), "2026-Q3");
  EXPECT_EQ(quarter_of("2026-12-01"), "2026-Q4");
  const std::string grid = "/44/4404/440404/440404104/440404104001/440404104001001/";
  EXPECT_EQ(community_of(grid), "440404104001");
  EXPECT_EQ(community_of("/44/4404/440404/440404104/"), "");
  EXPECT_EQ(code_of(grid), "440404104001001");
  EXPECT_TRUE(on_line(grid, "/44/4404/440404/440404104/"));
  EXPECT_TRUE(on_line("/44/4404/440404/440404104/", grid));
  EXPECT_FALSE(on_line(grid, "/44/4404/440404/440404104/440404104001/440404104001002/"));
  EXPECT_FALSE(on_line(grid, "/44/4404/440404/440404104/440404104002/"));
}

TEST(EmergencyRules, StatesMoveOneWay) {
  EXPECT_TRUE(plan_step_allowed("draft", "active"));
  EXPECT_TRUE(plan_step_allowed("draft", "retired"));
  EXPECT_TRUE(plan_step_allowed("active", "retired"));
  EXPECT_FALSE(plan_step_allowed("active", "active"));
  EXPECT_FALSE(plan_step_allowed("retired", "active"));
  EXPECT_TRUE(activity_step_allowed("scheduled", "held"));
  EXPECT_TRUE(activity_step_allowed("scheduled", "cancelled"));
  EXPECT_FALSE(activity_step_allowed("held", "cancelled"));
  EXPECT_FALSE(activity_step_allowed("cancelled", "held"));
  EXPECT_STREQ(name_zh("flood"), "防汛");
  EXPECT_STREQ(name_zh("nonsense"), "");
}

TEST(EmergencyCodes, SharedCodesChangeEveryMinuteAndMatchTheLastTwo) {
  std::string key = checkin::new_key();
  EXPECT_EQ(key.size(), 32u);
  EXPECT_NE(key, checkin::new_key());
  std::int64_t now = 29'000'000LL * kMinute + 5'000;
  std::int64_t w = now / kMinute;
  std::string c = checkin::code(key, 7, w);
  EXPECT_EQ(c.size(), 6u);
  EXPECT_EQ(c.find_first_not_of("0123456789"), std::string::npos);
  EXPECT_TRUE(checkin::matches(key, 7, c, now));
  EXPECT_TRUE(checkin::matches(key, 7, checkin::code(key, 7, w - 1), now));
  EXPECT_FALSE(checkin::matches(key, 7, checkin::code(key, 7, w - 2), now));
  EXPECT_FALSE(checkin::matches(key, 8, c, now));
  EXPECT_FALSE(checkin::matches(key, 7, "", now));
}

}  // namespace
}  // namespace wangge::emergency
