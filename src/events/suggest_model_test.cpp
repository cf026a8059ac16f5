#include "events/suggest_model.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "events/suggest_eval.h"

namespace wangge::events {
namespace {

SuggestExample example(std::string text, std::string code, std::string community = "", std::int64_t dept = 0) {
  return {std::move(text), std::move(code), std::move(community), dept};
}

// Three categories told apart by their words, around words every report uses.
std::vector<SuggestExample> constructed() {
  std::vector<SuggestExample> out;
  for (int i = 0; i < 5; ++i) {
    out.push_back(example("你好，楼下的垃圾好几天没人清，臭得很，希望尽快处理", "0301"));
    out.push_back(example("垃圾桶满了溢出来，苍蝇到处飞，希望尽快处理", "0301"));
    out.push_back(example("你好，门口那盏路灯晚上不亮，黑漆漆的，希望尽快处理", "0502"));
    out.push_back(example("路灯一闪一闪的，灯杆也歪了，希望尽快处理", "0502"));
    out.push_back(example("你好，楼上半夜装修，电钻太吵了，希望尽快处理", "0303"));
    out.push_back(example("广场舞音响声音太大，吵得睡不着，希望尽快处理", "0303"));
  }
  return out;
}

TEST(SuggestModelTest, LearnsAConstructedSetAndGetsItRight) {
  auto m = SuggestModel::train(constructed());
  EXPECT_EQ(m.examples(), 30u);
  EXPECT_EQ(m.categories(), (std::vector<std::string>{"0301", "0303", "0502"}));
  // New sentences, seen words.
  EXPECT_EQ(m.suggest("小区门口的垃圾臭死了", "", 3).categories.at(0).code, "0301");
  EXPECT_EQ(m.suggest("我家这边的路灯坏了不亮", "", 3).categories.at(0).code, "0502");
  EXPECT_EQ(m.suggest("隔壁装修太吵，晚上睡不着", "", 3).categories.at(0).code, "0303");
  // Scores are probabilities: best first, summing to at most 1.
  auto s = m.suggest("路灯不亮", "", 3);
  ASSERT_EQ(s.categories.size(), 3u);
  double sum = 0;
  for (std::size_t i = 0; i < s.categories.size(); ++i) {
    sum += s.categories[i].score;
    if (i > 0) {
      EXPECT_GE(s.categories[i - 1].score, s.categories[i].score);
    }
  }
  EXPECT_LE(sum, 1 + 1e-9);
  EXPECT_GT(s.categories[0].score, 0.5);
  EXPECT_EQ(m.suggest("路灯不亮", "", 1).categories.size(), 1u);
}

TEST(SuggestModelTest, WhatFollowsAnAsideCountsLess) {
  auto m = SuggestModel::train(constructed());
  // The main problem first, a lesser one after 另外: the first decides.
  EXPECT_EQ(m.suggest("门口的路灯不亮，另外垃圾桶满了", "", 3).categories.at(0).code, "0502");
  EXPECT_EQ(m.suggest("垃圾桶满了没人清。还有，路灯不亮", "", 3).categories.at(0).code, "0301");
}

TEST(SuggestModelTest, UnknownWordsFallBackToThePlacePrior) {
  std::vector<SuggestExample> ex;
  for (int i = 0; i < 8; ++i) ex.push_back(example("垃圾没人清", "0301", "440404104001"));
  for (int i = 0; i < 2; ++i) ex.push_back(example("路灯不亮", "0502", "440404104001"));
  for (int i = 0; i < 9; ++i) ex.push_back(example("路灯坏了", "0502", "440404104002"));
  ex.push_back(example("垃圾很臭", "0301", "440404104002"));
  auto m = SuggestModel::train(ex);
  // Nothing the model knows in the text: the community's own mix decides.
  auto here = m.suggest("龘龘 xyz 123", "440404104001", 2);
  auto there = m.suggest("龘龘 xyz 123", "440404104002", 2);
  EXPECT_EQ(here.categories.at(0).code, "0301");
  EXPECT_EQ(there.categories.at(0).code, "0502");
  EXPECT_TRUE(here.categories.at(0).words.empty());
  // Exactly the prior: (cases here + 20 * platform share) / (cases here + 20).
  double platform = (9.0 + 1) / (20 + 2);  // 0301: add-one over 20 cases, 2 classes
  EXPECT_NEAR(here.categories.at(0).score, (8 + 20 * platform) / (10 + 20), 1e-9);
  // A community never seen and no place at all: the platform's prior (11 of 20 are 0502).
  EXPECT_EQ(m.suggest("龘龘", "440404104099", 1).categories.at(0).code, "0502");
  EXPECT_NEAR(m.suggest("龘龘", "", 1).categories.at(0).score, 12.0 / 22, 1e-9);
  EXPECT_FALSE(m.knows_place("440404104099"));
  EXPECT_TRUE(m.knows_place("440404104002"));
}

TEST(SuggestModelTest, EmptyTextAndAnUntrainedModel) {
  auto m = SuggestModel::train(constructed());
  auto s = m.suggest("", "", 3);
  ASSERT_EQ(s.categories.size(), 3u);  // the prior alone
  for (const auto& c : s.categories) EXPECT_TRUE(c.words.empty());
  EXPECT_TRUE(m.suggest("，。！？ 123", "", 3).categories.at(0).words.empty());
  SuggestModel none;
  EXPECT_TRUE(none.suggest("垃圾", "", 3).categories.empty());
  EXPECT_TRUE(SuggestModel::train({}).suggest("垃圾", "", 3).categories.empty());
  EXPECT_TRUE(SuggestModel::train({example("垃圾", "")}).suggest("垃圾", "", 3).categories.empty());
}

TEST(SuggestModelTest, OneClassTraining) {
  auto m = SuggestModel::train({example("垃圾没人清", "0301", "", 5), example("垃圾桶满了", "0301", "", 5)});
  auto s = m.suggest("路灯不亮", "", 3);
  ASSERT_EQ(s.categories.size(), 1u);
  EXPECT_EQ(s.categories[0].code, "0301");
  EXPECT_NEAR(s.categories[0].score, 1, 1e-9);
  ASSERT_EQ(s.departments.size(), 1u);
  EXPECT_EQ(s.departments[0].id, 5);
  EXPECT_EQ(s.departments[0].handled, 2);
}

TEST(SuggestModelTest, ReasonsNameWordsInTheText) {
  auto m = SuggestModel::train(constructed());
  const std::string text = "您好！我家楼下那盏路灯，晚上一直不亮（三天了）";
  auto s = m.suggest(text, "", 3);
  ASSERT_EQ(s.categories.at(0).code, "0502");
  const auto& words = s.categories[0].words;
  ASSERT_FALSE(words.empty());
  EXPECT_LE(words.size(), 3u);
  for (const auto& w : words) EXPECT_NE(text.find(w), std::string::npos) << w;  // quoted as written
  EXPECT_TRUE(std::any_of(words.begin(), words.end(),
                          [](const std::string& w) { return w.find("路灯") != std::string::npos; }));
  // Full-width letters are read as ASCII, yet quoted as written.
  auto k = SuggestModel::train({example("ktv太吵", "0303"), example("垃圾", "0301")});
  auto w = k.suggest("楼下ＫＴＶ", "", 1).categories.at(0);
  EXPECT_EQ(w.code, "0303");
  EXPECT_EQ(w.words.at(0), "ＫＴＶ");
}

TEST(SuggestModelTest, DepartmentsBackOffFromTheCommunityToThePlatform) {
  std::vector<SuggestExample> ex;
  for (int i = 0; i < 5; ++i) ex.push_back(example("垃圾没人清", "0301", "440404104001", 7));
  for (int i = 0; i < 20; ++i) ex.push_back(example("垃圾桶满了", "0301", "440404104002", 8));
  ex.push_back(example("垃圾很臭", "0301", "440404104002", 0));  // solved at the grid: no department
  ex.push_back(example("路灯不亮", "0502", "440404104002", 9));
  auto m = SuggestModel::train(ex);
  auto here = m.suggest("垃圾", "440404104001", 3);
  ASSERT_GE(here.departments.size(), 2u);
  EXPECT_EQ(here.departments[0].id, 7);  // this community's own
  EXPECT_TRUE(here.departments[0].here);
  EXPECT_EQ(here.departments[0].handled, 5);
  EXPECT_EQ(here.departments[0].similar, 5);
  EXPECT_EQ(here.departments[0].category_code, "0301");
  // A community without such cases: the platform's counts.
  auto elsewhere = m.suggest("垃圾", "440404104003", 3);
  EXPECT_EQ(elsewhere.departments.at(0).id, 8);
  EXPECT_FALSE(elsewhere.departments[0].here);
  EXPECT_EQ(elsewhere.departments[0].handled, 20);
  EXPECT_EQ(elsewhere.departments[0].similar, 25);
  double sum = 0;
  for (const auto& d : elsewhere.departments) sum += d.score;
  EXPECT_LE(sum, 1 + 1e-9);
}

TEST(SuggestModelTest, TextIsReadInPiecesWithTheBytesItCameFrom) {
  auto t = read_report_text("Ａb，路灯3号");
  ASSERT_EQ(t.chars.size(), 5u);  // a b 路 灯 号
  EXPECT_EQ(t.chars[0].cp, static_cast<std::uint32_t>('a'));
  EXPECT_EQ(t.chars[1].cp, static_cast<std::uint32_t>('b'));
  EXPECT_TRUE(t.chars[0].starts_piece);
  EXPECT_FALSE(t.chars[1].starts_piece);
  EXPECT_TRUE(t.chars[2].starts_piece);  // after the comma
  EXPECT_FALSE(t.chars[3].starts_piece);
  EXPECT_TRUE(t.chars[4].starts_piece);  // after the digit
  EXPECT_EQ(t.chars[0].begin, 0u);
  EXPECT_EQ(t.chars[0].end, 3u);  // Ａ is three bytes
  EXPECT_FALSE(t.chars[3].aside);
  EXPECT_TRUE(read_report_text("\xff\xfe").chars.empty());  // malformed bytes break, never crash
  auto a = read_report_text("灯坏了，另外有垃圾");
  EXPECT_FALSE(a.chars[0].aside);
  EXPECT_TRUE(a.chars.back().aside);
}

// The whole method on the demo's reports: trained as the demo history is made, measured on
// held-out phrases and sentence shapes. The thresholds sit below what it measures (docs/
// EVENTS.md) so that only a real loss fails.
TEST(SuggestModelTest, HeldOutReportsAreMostlyRight) {
  auto m = SuggestModel::train(generated_examples(22000, 20200101));
  auto ev = evaluate(
      m, make_heldout(740, 7), [](std::int64_t id) { return std::to_string(id); },
      [](const HeldoutRow&) { return std::string(); });
  EXPECT_GT(static_cast<double>(ev.top1) / static_cast<double>(ev.rows), 0.76) << ev.report();  // measured 0.83
  EXPECT_GT(static_cast<double>(ev.top3) / static_cast<double>(ev.rows), 0.90) << ev.report();  // measured 0.96
  EXPECT_LT(ev.mean_ms, 5);
}

}  // namespace
}  // namespace wangge::events
