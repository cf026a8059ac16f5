#include "core/json.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <limits>

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

// to_text writes what Boost.JSON would (doubles aside: shortest round-trip form): every
// ASCII character inside strings and keys, Chinese and other UTF-8, integers at their limits,
// booleans, null, nesting; and its output parses back to the same value.
TEST(JsonTest, ToTextWritesWhatBoostWould) {
  std::string all_ascii;
  for (int c = 0; c < 128; ++c) all_ascii += static_cast<char>(c);
  value v = object{{"ascii", all_ascii},
                   {all_ascii, "key with every ASCII character"},
                   {"zh", "平沙镇 \"网格\" \\ 事件\n第二行"},
                   {"emoji", "\xF0\x9F\x98\x80"},
                   {"empty", ""},
                   {"int_min", std::numeric_limits<std::int64_t>::min()},
                   {"int_max", std::numeric_limits<std::int64_t>::max()},
                   {"uint_max", std::numeric_limits<std::uint64_t>::max()},
                   {"zero", 0},
                   {"yes", true},
                   {"no", false},
                   {"nothing", nullptr},
                   {"nested", object{{"list", array{1, "two", nullptr, array{}, object{}}}}}};
  EXPECT_EQ(to_text(v), boost::json::serialize(v));
  EXPECT_EQ(boost::json::parse(to_text(v)), v);
  EXPECT_EQ(to_text(value(113.2155)), "113.2155");  // the one difference: Boost writes 1.132155E2
}

}  // namespace
}  // namespace wangge::json
