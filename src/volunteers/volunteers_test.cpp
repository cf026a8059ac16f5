// Check-in codes, the place check and served minutes: pure functions of code.cpp.
#include <gtest/gtest.h>

#include "volunteers/model.h"

namespace wangge::volunteers {
namespace {

const std::string kKey(32, '\x5a');

TEST(VolunteerCodes, SixDigitsThatChangeEveryMinuteAndDependOnTheActivity) {
  std::string c = check_code(kKey, 7, 29'000'000);
  EXPECT_EQ(c.size(), 6u);
  EXPECT_EQ(c.find_first_not_of("0123456789"), std::string::npos);
  EXPECT_EQ(c, check_code(kKey, 7, 29'000'000));  // deterministic
  int same = 0;
  for (std::int64_t w = 29'000'001; w < 29'000'101; ++w) same += check_code(kKey, 7, w) == c;
  EXPECT_LE(same, 1);                                             // a hundred other minutes: (almost) all differ
  EXPECT_NE(check_code(kKey, 8, 29'000'000), c);                  // another activity
  EXPECT_NE(check_code(std::string(32, 'b'), 7, 29'000'000), c);  // another key
}

TEST(VolunteerCodes, TheCurrentAndThePreviousMinuteCountNotOlder) {
  std::int64_t now = 29'000'000LL * 60'000 + 5'000;  // 5 s into a minute
  std::int64_t w = now / 60'000;
  EXPECT_TRUE(code_matches(kKey, 7, check_code(kKey, 7, w), now));
  EXPECT_TRUE(code_matches(kKey, 7, check_code(kKey, 7, w - 1), now));
  EXPECT_FALSE(code_matches(kKey, 7, check_code(kKey, 7, w - 2), now));
  EXPECT_FALSE(code_matches(kKey, 7, check_code(kKey, 7, w + 1), now));  // not ahead
  EXPECT_FALSE(code_matches(kKey, 8, check_code(kKey, 7, w), now));
  EXPECT_FALSE(code_matches(kKey, 7, "12345", now));
  EXPECT_FALSE(code_matches(kKey, 7, "", now));
}

TEST(VolunteerCodes, ValidFromHalfAnHourBeforeToHalfAnHourAfter) {
  Activity a;
  a.starts_at = 10'000'000'000;
  a.ends_at = a.starts_at + 7'200'000;
  EXPECT_FALSE(within_code_window(a, a.starts_at - kCodeSlackMs - 1));
  EXPECT_TRUE(within_code_window(a, a.starts_at - kCodeSlackMs));
  EXPECT_TRUE(within_code_window(a, a.ends_at + kCodeSlackMs));
  EXPECT_FALSE(within_code_window(a, a.ends_at + kCodeSlackMs + 1));
}

TEST(VolunteerPlaces, GreatCircleDistance) {
  EXPECT_NEAR(distance_m(22.0, 113.0, 22.0, 113.0), 0.0, 1e-9);
  EXPECT_NEAR(distance_m(22.0, 113.0, 23.0, 113.0), 111'195, 50);  // one degree of latitude
  // 0.001 degree of longitude at 22° N: about 103 m.
  EXPECT_NEAR(distance_m(22.0, 113.0, 22.0, 113.001), 103.1, 0.5);
}

TEST(VolunteerHours, CheckInAndOutWithinTheActivitysTime) {
  Activity a;
  a.starts_at = 0;
  a.ends_at = 120 * 60'000;
  Signup s;
  EXPECT_EQ(served_minutes(a, s), 0);
  s.checked_in_at = -20 * 60'000;      // early
  EXPECT_EQ(served_minutes(a, s), 0);  // never checked out
  s.checked_out_at = 150 * 60'000;     // late
  EXPECT_EQ(served_minutes(a, s), 120);
  s.checked_in_at = 30 * 60'000;
  s.checked_out_at = 75 * 60'000 + 59'999;
  EXPECT_EQ(served_minutes(a, s), 45);  // whole minutes
  s.checked_in_at = 130 * 60'000;       // after the end
  s.checked_out_at = 140 * 60'000;
  EXPECT_EQ(served_minutes(a, s), 0);
}

}  // namespace
}  // namespace wangge::volunteers
