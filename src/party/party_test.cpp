// The party module's pure rules: every level against every territory level, the order of
// levels, posts against levels, rates.
#include <gtest/gtest.h>

#include <string>

#include "party/model.h"

namespace wangge::party {
namespace {

TEST(PartyRules, EachLevelFitsItsTerritoryLevelsOnly) {
  const char* territory[] = {"province", "city", "county", "town", "community", "grid", "unit", "building"};
  for (const char* level : kLevels) {
    std::string fits;
    for (const char* t : territory)
      if (level_fits(level, t)) fits += std::string(fits.empty() ? "" : ",") + t;
    const std::string l = level;
    const std::string expected = l == "working_committee"                    ? "town,community"
                                 : l == "committee" || l == "general_branch" ? "community"
                                                                             : "grid";
    EXPECT_EQ(fits, expected) << l;
  }
  EXPECT_FALSE(level_fits("party", "grid"));
}

TEST(PartyRules, AParentIsStrictlyHigher) {
  EXPECT_EQ(level_rank("working_committee"), 0);
  EXPECT_EQ(level_rank("group"), 4);
  EXPECT_EQ(level_rank("x"), -1);
  for (const char* a : kLevels)
    for (const char* b : kLevels) EXPECT_EQ(level_above(a, b), level_rank(a) < level_rank(b)) << a << " " << b;
  EXPECT_TRUE(level_above("committee", "branch"));
  EXPECT_FALSE(level_above("branch", "branch"));
  EXPECT_FALSE(level_above("group", "branch"));
  EXPECT_FALSE(level_above("x", "group"));
}

TEST(PartyRules, PostsFitTheirLevels) {
  for (const char* level : kLevels) EXPECT_TRUE(post_fits(level, "member")) << level;
  EXPECT_TRUE(post_fits("group", "group_leader"));
  EXPECT_FALSE(post_fits("group", "secretary"));
  EXPECT_FALSE(post_fits("group", "committee_member"));
  for (const char* post : {"secretary", "deputy_secretary", "committee_member"}) {
    EXPECT_TRUE(post_fits("branch", post));
    EXPECT_TRUE(post_fits("working_committee", post));
  }
  EXPECT_FALSE(post_fits("branch", "group_leader"));
  EXPECT_FALSE(post_fits("nowhere", "member"));
}

TEST(PartyRules, PercentTruncatesToTwoDecimals) {
  EXPECT_EQ(percent(0, 0), 0.0);
  EXPECT_EQ(percent(1, 3), 33.33);
  EXPECT_EQ(percent(2, 3), 66.66);
  EXPECT_EQ(percent(3, 3), 100.0);
}

}  // namespace
}  // namespace wangge::party
