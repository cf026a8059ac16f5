// The teams module's pure rules: the calls' state table, nearest-rank percentiles against a
// sort-and-pick reference, visit intervals per class, the 六提六知 checklist, the
// 三长三员一民警 roles, and the grid and community of a path.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "teams/model.h"

namespace wangge::teams {
namespace {

TEST(TeamsModel, CallsAreAnsweredOnceAndClosedOnce) {
  EXPECT_EQ(call_next("open", "answer"), "answered");
  EXPECT_EQ(call_next("answered", "answer"), std::nullopt);
  EXPECT_EQ(call_next("closed", "answer"), std::nullopt);
  EXPECT_EQ(call_next("open", "close"), "closed");
  EXPECT_EQ(call_next("answered", "close"), "closed");
  EXPECT_EQ(call_next("closed", "close"), std::nullopt);
  EXPECT_EQ(call_next("open", "reopen"), std::nullopt);
  // Every state the table leads to is a state of the table.
  for (const char* from : kCallStates)
    for (const char* action : {"answer", "close"})
      if (auto to = call_next(from, action)) {
        EXPECT_NE(std::find(std::begin(kCallStates), std::end(kCallStates), *to), std::end(kCallStates));
      }
}

TEST(TeamsModel, NearestRankPercentiles) {
  EXPECT_EQ(percentile_rank(0, 50), 0);
  EXPECT_EQ(percentile_rank(1, 50), 1);
  EXPECT_EQ(percentile_rank(1, 90), 1);
  EXPECT_EQ(percentile_rank(2, 50), 1);
  EXPECT_EQ(percentile_rank(3, 50), 2);
  EXPECT_EQ(percentile_rank(4, 50), 2);
  EXPECT_EQ(percentile_rank(10, 90), 9);
  EXPECT_EQ(percentile_rank(11, 90), 10);
  EXPECT_EQ(percentile_rank(3, 90), 3);
  // Against the definition, in floating point: the smallest rank r with r / n >= p / 100.
  std::mt19937 rng(21);
  for (int i = 0; i < 2000; ++i) {
    std::int64_t n = 1 + static_cast<std::int64_t>(rng() % 5000);
    int p = 1 + static_cast<int>(rng() % 100);
    auto expected =
        static_cast<std::int64_t>(std::ceil(static_cast<double>(p) * static_cast<double>(n) / 100.0 - 1e-9));
    EXPECT_EQ(percentile_rank(n, p), std::max<std::int64_t>(1, expected)) << n << " " << p;
  }
}

TEST(TeamsModel, IntervalsPerClass) {
  CareSettings s;
  EXPECT_EQ(interval_days(s, "key"), 7);
  EXPECT_EQ(interval_days(s, "care"), 14);
  EXPECT_EQ(interval_days(s, "ordinary"), 30);
  s.key_days = 3;
  s.ordinary_days = 60;
  EXPECT_EQ(interval_days(s, "key"), 3);
  EXPECT_EQ(interval_days(s, "ordinary"), 60);
}

TEST(TeamsModel, TheChecklistHasSixItemsAndNamesWhatIsMissing) {
  EXPECT_EQ(std::size(kChecklist), 6u);
  EXPECT_EQ(missing_items({}).size(), 6u);
  std::vector<std::string> all;
  for (const auto& i : kChecklist) all.emplace_back(i.key);
  EXPECT_TRUE(missing_items(all).empty());
  all.erase(all.begin() + 2);
  auto missing = missing_items(all);
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0], "ask_household_know_person");
  EXPECT_EQ(kChecklist[0].name_zh, "提居知楼");
  EXPECT_EQ(kChecklist[5].name_zh, "提情知策");
}

TEST(TeamsModel, ThreeHeadsThreeAdvisersOnePolice) {
  std::vector<std::string> posts = {"grid_chief",    "building_head", "unit_head", "part_time",
                                    "legal_adviser", "health_worker", "police"};
  EXPECT_TRUE(model_complete(posts));
  posts[3] = "full_time";
  EXPECT_TRUE(model_complete(posts));
  posts.pop_back();
  EXPECT_FALSE(model_complete(posts));
  EXPECT_FALSE(model_complete({}));
  EXPECT_EQ(three_three_one().size(), 7u);
  for (const auto& role : three_three_one())
    for (auto p : role.posts) {
      EXPECT_NE(find_post(p), nullptr) << p;
    }
  for (const char* p : kPosts) {
    EXPECT_NE(find_post(p), nullptr) << p;
  }
  EXPECT_EQ(std::size(kPosts), std::size(kPostNames));
}

TEST(TeamsModel, GridAndCommunityOfAPath) {
  const std::string unit = "/44/4404/440404/440404104/440404104001/440404104001001/440404104001001002/";
  EXPECT_EQ(code_at(unit, kGridDigits), "440404104001001");
  EXPECT_EQ(code_at(unit, kCommunityDigits), "440404104001");
  EXPECT_EQ(path_to(unit, kGridDigits), "/44/4404/440404/440404104/440404104001/440404104001001/");
  EXPECT_EQ(path_to(unit, kCommunityDigits), "/44/4404/440404/440404104/440404104001/");
  EXPECT_EQ(code_at("/44/4404/440404/440404104/", kGridDigits), "");
  EXPECT_EQ(path_to("/44/4404/440404/440404104/", kCommunityDigits), "");
  EXPECT_EQ(code_at("/", kGridDigits), "");
}

TEST(TeamsModel, CoverageIsTruncatedToTwoDecimals) {
  EXPECT_EQ(percent(0, 0), 0.0);
  EXPECT_EQ(percent(2, 4), 50.0);
  EXPECT_EQ(percent(1, 3), 33.33);
  EXPECT_EQ(percent(2, 3), 66.66);
}

}  // namespace
}  // namespace wangge::teams
