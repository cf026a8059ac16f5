// The assessment module's pure rules: an indicator's points (higher and lower better, the
// cap, a rate with nothing to count), competition ranks against a reference, a run's
// totals with manual points, periods, weights and the catalogue.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "assessment/model.h"

namespace wangge::assessment {
namespace {

Indicator make_indicator(const std::string& key, double weight, double target,
                         const std::string& direction = "higher_better", double cap = 1) {
  return Indicator{key, weight, target, direction, cap};
}

TEST(AssessmentScoring, HigherBetterEarnsItsShareOfTheWeightUpToTheCap) {
  auto i = make_indicator("reports_raised", 40, 10);
  EXPECT_EQ(indicator_points(i, 10.0, false), 40);
  EXPECT_EQ(indicator_points(i, 5.0, false), 20);
  EXPECT_EQ(indicator_points(i, 3.0, false), 12);
  EXPECT_EQ(indicator_points(i, 0.0, false), 0);
  EXPECT_EQ(indicator_points(i, 25.0, false), 40);  // the cap: 1 × the weight
  EXPECT_EQ(indicator_points(i, std::nullopt, false), 0);
  i.cap = 1.5;
  EXPECT_EQ(indicator_points(i, 12.0, false), 48);
  EXPECT_EQ(indicator_points(i, 25.0, false), 60);
  // Thirds are rounded to the cent.
  auto t = make_indicator("visits", 10, 3);
  EXPECT_DOUBLE_EQ(indicator_points(t, 1.0, false), 3.33);
  EXPECT_DOUBLE_EQ(indicator_points(t, 2.0, false), 6.67);
}

TEST(AssessmentScoring, LowerBetterEarnsTargetOverValue) {
  auto i = make_indicator("dept_rework", 20, 2, "lower_better");
  EXPECT_EQ(indicator_points(i, 2.0, false), 20);
  EXPECT_EQ(indicator_points(i, 4.0, false), 10);
  EXPECT_EQ(indicator_points(i, 8.0, false), 5);
  EXPECT_EQ(indicator_points(i, 1.0, false), 20);  // capped
  EXPECT_EQ(indicator_points(i, 0.0, false), 20);  // none at all: the cap
  i.cap = 2;
  EXPECT_EQ(indicator_points(i, 1.0, false), 40);
  EXPECT_EQ(indicator_points(i, 0.0, false), 40);
}

TEST(AssessmentScoring, ARateWithNothingToCountEarnsTheFullWeight) {
  auto i = make_indicator("closure_rate", 30, 90);
  EXPECT_EQ(indicator_points(i, std::nullopt, true), 30);
  EXPECT_EQ(indicator_points(i, 45.0, true), 15);
  EXPECT_EQ(indicator_points(i, 0.0, true), 0);
  i.cap = 1.2;
  EXPECT_EQ(indicator_points(i, std::nullopt, true), 30);  // the full weight, not the cap
  EXPECT_EQ(indicator_points(i, 100.0, true), 33.33);
}

// The definition: 1 + how many totals are strictly greater.
std::vector<std::int64_t> reference_ranks(const std::vector<double>& totals) {
  std::vector<std::int64_t> out;
  for (double t : totals)
    out.push_back(1 + std::count_if(totals.begin(), totals.end(), [&](double o) { return o > t; }));
  return out;
}

TEST(AssessmentScoring, CompetitionRanks) {
  EXPECT_EQ(competition_ranks({}), std::vector<std::int64_t>{});
  EXPECT_EQ(competition_ranks({50}), (std::vector<std::int64_t>{1}));
  EXPECT_EQ(competition_ranks({70, 90, 70, 60}), (std::vector<std::int64_t>{2, 1, 2, 4}));
  EXPECT_EQ(competition_ranks({80, 80, 80}), (std::vector<std::int64_t>{1, 1, 1}));
  std::mt19937 rng(22);
  for (int n = 0; n < 300; ++n) {
    std::vector<double> totals;
    std::size_t size = rng() % 60;
    for (std::size_t k = 0; k < size; ++k) totals.push_back(round2(static_cast<double>(rng() % 2000) / 20.0));
    EXPECT_EQ(competition_ranks(totals), reference_ranks(totals));
  }
}

TEST(AssessmentScoring, ARunScoresEverySubjectWithItsManualPoints) {
  std::vector<Subject> subjects = {{"11", "account", "甲", "440404104001001"},
                                   {"12", "account", "乙", "440404104001001"},
                                   {"13", "account", "丙", "440404104001002"}};
  std::vector<Indicator> indicators = {make_indicator("reports_raised", 60, 4),
                                       make_indicator("care_coverage", 40, 100)};
  std::map<std::string, std::map<std::string, double>> values = {
      {"reports_raised", {{"11", 3}, {"12", 1}}},
      {"care_coverage", {{"11", 50}, {"13", 100}}},
  };
  auto results = score(subjects, indicators, values, {{"12", 2.5}});
  ASSERT_EQ(results.size(), 3u);
  // 11: 3/4 × 60 = 45, 50 % of 40 = 20.
  EXPECT_EQ(results[0].values.at("reports_raised"), 3.0);
  EXPECT_EQ(results[0].points.at("reports_raised"), 45);
  EXPECT_EQ(results[0].points.at("care_coverage"), 20);
  EXPECT_EQ(results[0].total, 65);
  // 12: 1/4 × 60 = 15; no one in care: no value, the full 40; 2.5 manual.
  EXPECT_EQ(results[1].values.at("care_coverage"), std::nullopt);
  EXPECT_EQ(results[1].computed, 55);
  EXPECT_EQ(results[1].manual, 2.5);
  EXPECT_EQ(results[1].total, 57.5);
  // 13: no reports recorded: a zero; full coverage.
  EXPECT_EQ(results[2].values.at("reports_raised"), 0.0);
  EXPECT_EQ(results[2].total, 40);
  EXPECT_EQ(results[0].rank, 1);
  EXPECT_EQ(results[1].rank, 2);
  EXPECT_EQ(results[2].rank, 3);
  // A manual point that ties two subjects gives them one rank.
  results = score(subjects, indicators, values, {{"12", 10}});
  EXPECT_EQ(results[0].rank, 1);
  EXPECT_EQ(results[1].rank, 1);
  EXPECT_EQ(results[2].rank, 3);
}

TEST(AssessmentScoring, WeightsSumToAHundred) {
  EXPECT_FALSE(weights_complete({}));
  EXPECT_TRUE(weights_complete({make_indicator("visits", 60, 1), make_indicator("reports_raised", 40, 1)}));
  EXPECT_FALSE(weights_complete({make_indicator("visits", 60, 1), make_indicator("reports_raised", 30, 1)}));
  EXPECT_TRUE(weights_complete({make_indicator("visits", 33.33, 1), make_indicator("reports_raised", 33.33, 1),
                                make_indicator("self_handled", 33.34, 1)}));
  EXPECT_EQ(weight_total({make_indicator("visits", 60, 1), make_indicator("reports_raised", 30, 1)}), 90);
}

TEST(AssessmentScoring, PeriodsAreMonthsAndQuarters) {
  auto m = parse_period("2026-11");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->kind, "month");
  EXPECT_EQ(m->first, parse_day("2026-11-01"));
  EXPECT_EQ(m->until, parse_day("2026-12-01"));
  EXPECT_EQ(m->months, std::vector<std::string>{"2026-11"});
  auto dec = parse_period("2026-12");
  ASSERT_TRUE(dec);
  EXPECT_EQ(dec->until, parse_day("2027-01-01"));
  auto q = parse_period("2026-Q4");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->kind, "quarter");
  EXPECT_EQ(q->first, parse_day("2026-10-01"));
  EXPECT_EQ(q->until, parse_day("2027-01-01"));
  EXPECT_EQ(q->months, (std::vector<std::string>{"2026-10", "2026-11", "2026-12"}));
  EXPECT_EQ(parse_period("2026-Q1")->until, parse_day("2026-04-01"));
  for (const char* bad : {"2026-13", "2026-00", "2026-Q5", "2026-Q0", "1999-12", "2100-01", "2026-1", "2026/11",
                          "26-11", "2026-Qx", "2026-1a", ""})
    EXPECT_FALSE(parse_period(bad)) << bad;
  EXPECT_EQ(period_of(parse_day("2026-11-15"), "month").label, "2026-11");
  EXPECT_EQ(period_of(parse_day("2026-11-15"), "quarter").label, "2026-Q4");
  EXPECT_EQ(period_of(parse_day("2026-01-01"), "quarter").label, "2026-Q1");
}

TEST(AssessmentScoring, TheCatalogueNamesKnownPostsInBothLanguages) {
  EXPECT_GE(catalogue().size(), 15u);
  for (const auto& spec : catalogue()) {
    EXPECT_FALSE(spec.name_zh.empty()) << spec.key;
    EXPECT_FALSE(spec.name_en.empty()) << spec.key;
    EXPECT_FALSE(spec.definition_zh.empty()) << spec.key;
    EXPECT_FALSE(spec.definition_en.empty()) << spec.key;
    EXPECT_FALSE(spec.posts.empty()) << spec.key;
    for (auto p : spec.posts) EXPECT_NE(find_post(p), nullptr) << spec.key << " " << p;
    EXPECT_TRUE(spec.direction == "higher_better" || spec.direction == "lower_better") << spec.key;
    EXPECT_EQ(find_indicator(spec.key), &spec);
  }
  EXPECT_EQ(find_indicator("nonsense"), nullptr);
  EXPECT_TRUE(measures(*find_indicator("satisfaction_rate"), "department"));
  EXPECT_FALSE(measures(*find_indicator("satisfaction_rate"), "grid_worker"));
  for (const char* post : kPosts) EXPECT_NE(find_post(post), nullptr) << post;
}

}  // namespace
}  // namespace wangge::assessment
