#include "events/demo_text.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace wangge::events {
namespace {

TEST(DemoTextTest, EveryDefaultSubCategoryHasTwoDisjointPools) {
  auto codes = described_categories();
  EXPECT_EQ(codes.size(), 37u);  // the seed's sub-categories (categories.cpp)
  std::set<std::string> seen;
  for (const auto& code : codes) {
    auto train = symptom_phrases(code, DescribePool::train);
    auto heldout = symptom_phrases(code, DescribePool::heldout);
    EXPECT_GE(train.size(), 24u) << code;
    EXPECT_GE(heldout.size(), 12u) << code;
    const std::string name = described_category_name(code);
    ASSERT_FALSE(name.empty()) << code;
    EXPECT_FALSE(described_category_kind(code).empty()) << code;
    for (const auto* pool : {&train, &heldout}) {
      for (const auto& p : *pool) {
        EXPECT_TRUE(seen.insert(p).second) << "in two places: " << p;  // neither shared nor repeated
        EXPECT_EQ(p.find(name), std::string::npos) << p;               // the name is not the symptom
      }
    }
  }
  EXPECT_TRUE(symptom_phrases("9999", DescribePool::train).empty());
}

TEST(DemoTextTest, DeterministicForASeedAndOfItsPool) {
  auto make = [](std::uint64_t seed, DescribePool pool) {
    std::mt19937_64 rng(seed);
    std::vector<std::string> out;
    for (int i = 0; i < 50; ++i) out.push_back(describe_report("0303", "立新社区菜市场旁", rng, pool));
    return out;
  };
  EXPECT_EQ(make(1, DescribePool::train), make(1, DescribePool::train));
  EXPECT_NE(make(1, DescribePool::train), make(2, DescribePool::train));
  // A held-out report says a held-out symptom, never one the history uses.
  auto train = symptom_phrases("0303", DescribePool::train);
  for (const auto& text : make(3, DescribePool::heldout)) {
    for (const auto& p : train) EXPECT_EQ(text.find(p), std::string::npos) << text;
  }
}

TEST(DemoTextTest, ReportsAreRoughAsResidentsWriteThem) {
  std::mt19937_64 rng(20200101);
  auto codes = described_categories();
  const int n = 4000;
  int named = 0, second = 0, place = 0;
  std::set<std::string> distinct;
  for (int i = 0; i < n; ++i) {
    const auto& code = codes[static_cast<std::size_t>(i) % codes.size()];
    std::string text = describe_report(code, "美平社区第二网格公交站", rng, DescribePool::train);
    ASSERT_EQ(text.find_first_of("\t\n\r"), std::string::npos) << text;  // one TSV field
    distinct.insert(text);
    named += text.find(described_category_name(code)) != std::string::npos ? 1 : 0;
    second += text.find("另外") != std::string::npos || text.find("还有，") != std::string::npos ||
                      text.find("顺便说一下") != std::string::npos
                  ? 1
                  : 0;
    place += text.find("美平社区") != std::string::npos ? 1 : 0;
  }
  EXPECT_LE(named, n * 5 / 100);  // the category's name in at most 5 %
  EXPECT_GE(named, 1);
  EXPECT_GT(second, n * 15 / 100);  // about a fifth mention a second problem
  EXPECT_LT(second, n * 25 / 100);
  EXPECT_GE(place, n * 95 / 100);  // the place, unless a slip hit it
  EXPECT_GT(distinct.size(), static_cast<std::size_t>(n * 9 / 10));
  // Unknown categories still read as a report of the place.
  std::string other = describe_report("9999", "连湾社区", rng, DescribePool::train);
  EXPECT_NE(other.find("连湾社区"), std::string::npos);
}

}  // namespace
}  // namespace wangge::events
