// The list's arithmetic: which rule applies, pro-rata hours, caps, Beijing days and months.
#include <gtest/gtest.h>

#include "points/service.h"

namespace wangge::points {
namespace {

Rule rule(std::int64_t id, std::string path, std::string deed = "report_closed", std::int64_t points = 5) {
  Rule r;
  r.id = id;
  r.region_path = std::move(path);
  r.deed = std::move(deed);
  r.points = points;
  return r;
}

TEST(PointsRules, TheDeepestNodesRuleAppliesThenTheNewest) {
  std::vector<Rule> c = {rule(1, "/44/4404/440404/440404104/"), rule(2, "/44/4404/440404/440404104/440404104001/"),
                         rule(3, "/44/4404/440404/440404104/")};
  EXPECT_EQ(pick_rule(c)->id, 2);
  c.pop_back();
  c.erase(c.begin() + 1);
  c.push_back(rule(7, "/44/4404/440404/440404104/"));
  EXPECT_EQ(pick_rule(c)->id, 7);
  EXPECT_EQ(pick_rule({}), nullptr);
}

TEST(PointsRules, VolunteerMinutesArePaidProRataPerHour) {
  auto r = rule(1, "/44/", "volunteer_hour", 10);
  EXPECT_EQ(points_for(r, 60), 10);
  EXPECT_EQ(points_for(r, 150), 25);
  EXPECT_EQ(points_for(r, 5), 0);  // 0.83 rounds down
  EXPECT_EQ(points_for(r, 0), 0);
  auto d = rule(2, "/44/", "report_closed", 3);
  EXPECT_EQ(points_for(d, 1), 3);
}

TEST(PointsRules, CapsLeaveWhatTheDayAndTheMonthAllow) {
  auto r = rule(1, "/44/");
  EXPECT_EQ(capped(r, 5, 100, 1000), 5);  // no caps
  r.cap_day = 10;
  EXPECT_EQ(capped(r, 5, 0, 0), 5);
  EXPECT_EQ(capped(r, 5, 7, 0), 3);
  EXPECT_EQ(capped(r, 5, 10, 0), 0);
  EXPECT_EQ(capped(r, 5, 12, 0), 0);  // never negative (a cap lowered later)
  r.cap_month = 20;
  EXPECT_EQ(capped(r, 5, 0, 18), 2);
}

TEST(PointsRules, DaysAndMonthsAreBeijingTime) {
  // 2026-11-30T16:30:00Z is 2026-12-01 00:30 in Beijing.
  std::int64_t at = 1'796'056'200'000;
  EXPECT_EQ(day_of(at), "2026-12-01");
  auto [d0, d1] = day_bounds(at);
  EXPECT_EQ(d1 - d0, 86'400'000);
  EXPECT_EQ(day_of(d0), "2026-12-01");
  EXPECT_EQ(day_of(d0 - 1), "2026-11-30");
  auto [m0, m1] = month_bounds(at);
  EXPECT_EQ(day_of(m0), "2026-12-01");
  EXPECT_EQ(day_of(m1), "2027-01-01");
  EXPECT_EQ(day_of(m1 - 1), "2026-12-31");
}

}  // namespace
}  // namespace wangge::points
