// The cobuild module's pure rules: the credit code's check character (GB 32100) against
// an independent computation, the match rate's rounding, yuan from cents, the two state
// tables exhaustively, and which units relate to which records.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <span>
#include <string>

#include "cobuild/model.h"
#include "cobuild/service.h"

namespace wangge::cobuild {
namespace {

// GB 32100's check character computed apart: weights 3^i mod 31, over the 31 characters.
char cobuild_check_char(const std::string& first17) {
  const std::string chars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  long weight = 1, sum = 0;
  for (char c : first17) {
    sum += static_cast<long>(chars.find(c)) * weight;
    weight = weight * 3 % 31;
  }
  return chars[static_cast<std::size_t>((31 - sum % 31) % 31)];
}

TEST(CobuildRules, CreditCodesCarryTheirCheckCharacter) {
  for (const char* code : {"91440404MA4UJ8K3XW", "12440404MB2C16830N", "114404040072153306", "52440404MJL17364XC",
                           "91440400192526601T", "91440404MA5TKW0101"})
    EXPECT_TRUE(valid_credit_code(code)) << code;
  // Every other check character is refused.
  const std::string chars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  for (const std::string first : {"91440404MA4UJ8K3X", "12440404MB2C16830", "91440404MA57Q2C1A"}) {
    char right = cobuild_check_char(first);
    EXPECT_TRUE(valid_credit_code(first + right)) << first;
    for (char c : chars)
      if (c != right) {
        EXPECT_FALSE(valid_credit_code(first + c)) << first << c;
      }
  }
  for (const char* bad : {"", "91440404MA4UJ8K3X", "91440404MA4UJ8K3XWW", "91440404ma4uj8k3xw", "91440404MA4UJ8K3IW",
                          "91440404MA4UJ8K3OW", "91440404MA4UJ8K3ZW", "914404０4MA4UJ8K3XW"})
    EXPECT_FALSE(valid_credit_code(bad)) << bad;
}

TEST(CobuildRules, MatchRateIsTruncatedToTwoDecimals) {
  EXPECT_EQ(percent(0, 0), 0.0);
  EXPECT_EQ(percent(3, 4), 75.0);
  EXPECT_EQ(percent(2, 3), 66.66);  // truncated, not 66.67
  EXPECT_EQ(percent(1, 3), 33.33);
  EXPECT_EQ(percent(5, 5), 100.0);
}

TEST(CobuildRules, YuanFromCents) {
  EXPECT_EQ(yuan(3800000), "38000.00");
  EXPECT_EQ(yuan(0), "0.00");
  EXPECT_EQ(yuan(5), "0.05");
  EXPECT_EQ(yuan(1234567), "12345.67");
  EXPECT_EQ(yuan(-5), "-0.05");
}

TEST(CobuildRules, NeedStepsFollowTheTable) {
  const std::map<std::pair<std::string, std::string>, std::string> want = {{{"match", "open"}, "matched"},
                                                                           {{"meet", "matched"}, "met"},
                                                                           {{"close", "open"}, "closed"},
                                                                           {{"close", "matched"}, "closed"}};
  for (const char* action : kNeedActions)
    for (const char* from : kNeedStates) {
      auto it = want.find({action, from});
      auto got = need_step(action, from);
      if (it == want.end()) {
        EXPECT_FALSE(got) << action << " from " << from;
      } else {
        ASSERT_TRUE(got) << action << " from " << from;
        EXPECT_EQ(*got, it->second);
      }
    }
  EXPECT_FALSE(need_step("reopen", "closed"));
}

TEST(CobuildRules, ProjectStepsFollowTheTable) {
  const std::map<std::pair<std::string, std::string>, std::string> want = {{{"start", "planned"}, "in_progress"},
                                                                           {{"finish", "in_progress"}, "done"},
                                                                           {{"cancel", "planned"}, "cancelled"},
                                                                           {{"cancel", "in_progress"}, "cancelled"}};
  for (const char* action : kProjectActions)
    for (const char* from : kProjectStates) {
      auto it = want.find({action, from});
      auto got = project_step(action, from);
      if (it == want.end()) {
        EXPECT_FALSE(got) << action << " from " << from;
      } else {
        ASSERT_TRUE(got) << action << " from " << from;
        EXPECT_EQ(*got, it->second);
      }
    }
  // Every state a step leads to is a state of the table.
  for (const char* action : kProjectActions)
    for (const char* from : kProjectStates)
      if (auto to = project_step(action, from)) {
        EXPECT_NE(std::find(std::begin(kProjectStates), std::end(kProjectStates), *to), std::end(kProjectStates));
      }
}

TEST(CobuildRules, UnitsRelateToTheirLineAndSubtree) {
  const std::string town = "/44/4404/440404/440404104/", community = town + "440404104001/",
                    grid = community + "440404104001001/", other = town + "440404104002/";
  EXPECT_TRUE(related(community, grid));       // the community's unit, a grid's record
  EXPECT_TRUE(related(community, community));  // its own node
  EXPECT_TRUE(related(community, town));       // a town's project with a community's unit
  EXPECT_FALSE(related(community, other + "440404104002001/"));
  EXPECT_FALSE(related(other, grid));
}

TEST(CobuildRules, EveryValueHasAChineseLabel) {
  for (auto list : {std::span<const char* const>(kUnitKinds), std::span<const char* const>(kUnitStates),
                    std::span<const char* const>(kResourceKinds), std::span<const char* const>(kNeedSources),
                    std::span<const char* const>(kNeedStates), std::span<const char* const>(kProjectStates),
                    std::span<const char* const>(kProjectRoles)})
    for (const char* v : list) EXPECT_NE(label_zh(v), v) << v;
}

}  // namespace
}  // namespace wangge::cobuild
