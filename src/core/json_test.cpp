#include "core/json.h"

#include <gtest/gtest.h>

namespace wangge::json {
namespace {

TEST(JsonTest, Rfc3339WritesUtcWithMilliseconds) {
  EXPECT_EQ(rfc3339(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(rfc3339(1'700'000'000'123), "2023-11-14T22:13:20.123Z");
  EXPECT_EQ(rfc3339(951'782'400'000 - 1), "2000-02-28T23:59:59.999Z");
  EXPECT_EQ(rfc3339(951'868'800'007), "2000-03-01T00:00:00.007Z");  // after a leap day
  EXPECT_EQ(rfc3339(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(rfc3339(253'402'300'800'000), "10000-01-01T00:00:00.000Z");  // past the 4-digit years
}

// parse_time reads whole seconds (the fraction is accepted and dropped).
TEST(JsonTest, Rfc3339RoundTripsThroughParseTime) {
  for (std::int64_t ms : {std::int64_t{0}, std::int64_t{1'577'836'800'000}, std::int64_t{1'798'761'599'000},
                          std::int64_t{4'102'444'800'000}}) {
    auto back = parse_time(rfc3339(ms));
    ASSERT_TRUE(back) << rfc3339(ms);
    EXPECT_EQ(*back, ms);
  }
}

}  // namespace
}  // namespace wangge::json
