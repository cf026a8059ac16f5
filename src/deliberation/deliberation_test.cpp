// The ballot count against the organic laws' wording, exhaustively over small electorates
// and at random over large ones, each verdict re-derived in rational arithmetic (a
// different formulation from count.cpp's "least votes needed"); and the topic table's
// shape: every step from and to known states, the six stages in order.
#include <gtest/gtest.h>

#include <random>

#include "deliberation/count.h"
#include "deliberation/model.h"
#include "deliberation/topic_flow.h"

namespace wangge::deliberation {
namespace {

// The verdict as the text says it, by cross-multiplication: "过半数" is x/y > 1/2,
// "三分之二以上" is x/y >= 2/3 (以上 includes the bound).
bool more_than_half(std::int64_t x, std::int64_t y) {
  return 2 * x > y;
}
bool at_least_two_thirds(std::int64_t x, std::int64_t y) {
  return 3 * x >= 2 * y;
}

std::string_view reference(const CountRule& r, std::int64_t eligible, const std::vector<std::int64_t>& votes,
                           std::int64_t abstained, std::optional<int>* winner) {
  std::int64_t cast = abstained;
  for (auto v : votes) cast += v;
  bool quorum = r.quorum == "none" ||
                (r.quorum == "more_than_half" ? more_than_half(cast, eligible) : at_least_two_thirds(cast, eligible));
  if (!quorum) return "no_quorum";
  std::int64_t base = r.base == "eligible" ? eligible : cast;
  winner->reset();
  for (std::size_t i = 0; i < votes.size(); ++i) {
    bool meets = votes[i] > 0 &&
                 (r.threshold == "majority" ? more_than_half(votes[i], base) : at_least_two_thirds(votes[i], base));
    if (meets && !*winner) *winner = static_cast<int>(i);
  }
  bool passed = r.kind == "approve" ? (*winner && **winner == 0) : winner->has_value();
  return passed ? "passed" : "failed";
}

std::vector<CountRule> every_rule() {
  std::vector<CountRule> out;
  for (const char* kind : kBallotKinds)
    for (const char* q : kQuorums)
      for (const char* t : kThresholds)
        for (const char* b : kBases) out.push_back({kind, q, t, b});
  return out;
}

void expect_same(const CountRule& r, std::int64_t eligible, const std::vector<std::int64_t>& votes,
                 std::int64_t abstained) {
  std::optional<int> winner;
  auto want = reference(r, eligible, votes, abstained, &winner);
  auto got = count_ballot(r, eligible, votes, abstained);
  ASSERT_EQ(got.outcome, want) << r.kind << " " << r.quorum << " " << r.threshold << " " << r.base
                               << " eligible=" << eligible << " votes=" << votes[0] << "," << votes[1]
                               << " abstained=" << abstained;
  if (want != "no_quorum") {
    ASSERT_EQ(got.winner, winner);
  }
  std::int64_t cast = abstained;
  for (auto v : votes) cast += v;
  ASSERT_EQ(got.cast, cast);
  // The figures it reports are the exact bounds: one vote fewer would not do.
  if (got.needed > 1) {
    std::int64_t base = r.base == "eligible" ? eligible : cast;
    bool (*meets)(std::int64_t, std::int64_t) = r.threshold == "majority" ? more_than_half : at_least_two_thirds;
    ASSERT_TRUE(meets(got.needed, base));
    ASSERT_FALSE(meets(got.needed - 1, base));
  }
}

TEST(BallotCount, ExhaustiveOverSmallElectorates) {
  std::int64_t cases = 0;
  for (const auto& r : every_rule())
    for (std::int64_t eligible = 0; eligible <= 13; ++eligible)
      for (std::int64_t a = 0; a <= eligible; ++a)
        for (std::int64_t b = 0; a + b <= eligible; ++b)
          for (std::int64_t c = 0; a + b + c <= eligible; ++c) {
            expect_same(r, eligible, {a, b}, c);
            expect_same(r, eligible, {a, b, c}, 0);
            cases += 2;
          }
  EXPECT_GT(cases, 100000);
}

TEST(BallotCount, RandomLargeElectorates) {
  std::mt19937_64 rng(20261203);
  for (const auto& r : every_rule())
    for (int i = 0; i < 2000; ++i) {
      std::int64_t eligible = std::uniform_int_distribution<std::int64_t>(1, 2'000'000)(rng);
      std::int64_t cast = std::uniform_int_distribution<std::int64_t>(0, eligible)(rng);
      std::int64_t a = std::uniform_int_distribution<std::int64_t>(0, cast)(rng);
      std::int64_t b = std::uniform_int_distribution<std::int64_t>(0, cast - a)(rng);
      expect_same(r, eligible, {a, b}, cast - a - b);
    }
}

TEST(BallotCount, TheLawsBoundaries) {
  // 村民委员会组织法 §22: a meeting of 100 adults needs 51 of them (过半数); of 99
  // households 66 (三分之二以上). Decisions by more than half of those present.
  CountRule residents{"approve", "more_than_half", "majority", "present"};
  EXPECT_EQ(count_ballot(residents, 100, {26, 24}, 0).outcome, "no_quorum");
  EXPECT_EQ(count_ballot(residents, 100, {26, 25}, 0).outcome, "passed");
  EXPECT_EQ(count_ballot(residents, 100, {26, 25}, 1).outcome, "failed");  // 26 of 52 is not more than half
  CountRule households{"approve", "two_thirds", "majority", "present"};
  EXPECT_EQ(count_ballot(households, 99, {40, 25}, 0).outcome, "no_quorum");
  EXPECT_EQ(count_ballot(households, 99, {40, 26}, 0).outcome, "passed");
  EXPECT_EQ(count_ballot(households, 99, {40, 26}, 0).quorum_needed, 66);
  // Two thirds of all eligible: 8 of 12 passes, 7 does not.
  CountRule strict{"approve", "none", "two_thirds", "eligible"};
  EXPECT_EQ(count_ballot(strict, 12, {8, 0}, 0).outcome, "passed");
  EXPECT_EQ(count_ballot(strict, 12, {7, 0}, 0).outcome, "failed");
  // Nobody voted: no quorum, or failed without one.
  EXPECT_EQ(count_ballot(residents, 10, {0, 0}, 0).outcome, "no_quorum");
  EXPECT_EQ(count_ballot({"approve", "none", "majority", "present"}, 10, {0, 0}, 0).outcome, "failed");
  // A choice: the option with more than half wins; a split leaves none.
  CountRule choose{"choose", "none", "majority", "present"};
  EXPECT_EQ(count_ballot(choose, 30, {4, 11, 5}, 0).winner, std::optional<int>(1));
  EXPECT_EQ(count_ballot(choose, 30, {10, 10, 5}, 0).outcome, "failed");
}

TEST(TopicFlow, EveryStepLeadsBetweenKnownStatesAndTheStagesGoInOrder) {
  auto known = [](std::string_view s) {
    return std::find(std::begin(kTopicStates), std::end(kTopicStates), s) != std::end(kTopicStates);
  };
  for (const auto& row : topic_transitions()) {
    EXPECT_FALSE(row.from.empty()) << row.action;
    for (auto f : row.from) EXPECT_TRUE(known(f)) << row.action;
    EXPECT_TRUE(row.to.empty() || known(row.to)) << row.action;
    // A step moves forward through the six stages, or back only to deliberate again.
    if (!row.to.empty() && stage_of(row.to) > 0) {
      for (auto f : row.from) {
        EXPECT_TRUE(stage_of(row.to) >= stage_of(f) || row.action == "reconsider") << row.action;
      }
    }
  }
  // From proposed to done, each stage reached by exactly one step of the council.
  std::vector<std::string_view> path;
  std::string_view at = "proposed";
  while (at != "done") {
    const TopicTransition* next = nullptr;
    for (const auto& row : topic_transitions())
      if (row.actor == TopicActor::council && flow::starts_from(row, at) && row.to != at &&
          stage_of(row.to) >= stage_of(at) && stage_of(row.to) > 0)
        next = next ? next : &row;
    ASSERT_NE(next, nullptr) << at;
    path.push_back(next->action);
    at = next->to;
  }
  EXPECT_EQ(path, (std::vector<std::string_view>{"accept", "deliberate", "publicize", "implement", "complete"}));
  // Every state has a name in both languages.
  for (const char* s : kTopicStates) {
    bool named = false;
    for (const auto& n : topic_states()) named = named || (n.state == s && !n.name_zh.empty() && !n.name_en.empty());
    EXPECT_TRUE(named) << s;
  }
}

}  // namespace
}  // namespace wangge::deliberation
