#include "services/case_flow.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

namespace wangge::services {
namespace {

template <class Rows, class States>
void well_formed(const Rows& rows, const States& states, const char* const* names, std::size_t n) {
  auto known = [&](std::string_view s) {
    return std::any_of(states.begin(), states.end(), [&](const flow::StateName& x) { return x.state == s; });
  };
  std::set<std::string> actions;
  for (const auto& t : rows) {
    // http_cases.cpp and http_wishes.cpp register a route a row: an action has one actor.
    EXPECT_TRUE(actions.emplace(t.action).second) << t.action << " twice";
    EXPECT_NE(t.run, nullptr) << t.action;
    EXPECT_FALSE(t.from.empty()) << t.action;
    for (auto f : t.from) EXPECT_TRUE(known(f)) << t.action << " from " << f;
    if (!t.to.empty()) {
      EXPECT_TRUE(known(t.to)) << t.action << " to " << t.to;
    }
    EXPECT_FALSE(t.name_zh.empty());
  }
  // The states the table names are those the migration's CHECK and the schema list.
  ASSERT_EQ(states.size(), n);
  for (std::size_t i = 0; i < n; ++i) EXPECT_EQ(states[i].state, names[i]);
}

TEST(CaseFlowTest, BothTablesAreWellFormed) {
  well_formed(case_transitions(), case_states(), kCaseStates, std::size(kCaseStates));
  well_formed(wish_transitions(), wish_states(), kWishStates, std::size(kWishStates));
}

std::vector<std::string> case_steps(const std::string& status, bool rated = false, bool event = false) {
  Case c;
  c.status = status;
  if (rated) c.rating = 5;
  if (event) c.event_id = 1;
  std::vector<std::string> out;
  for (const auto* t : flow::open_rows(case_transitions(), c, c.status, CaseGuardContext{}))
    out.push_back(std::string(t->action));
  return out;
}

TEST(CaseFlowTest, WhatACaseOffersInEachState) {
  using V = std::vector<std::string>;
  EXPECT_EQ(case_steps("accepted"), (V{"complete", "refuse"}));
  EXPECT_EQ(case_steps("done"), (V{"rate"}));
  EXPECT_TRUE(case_steps("done", true).empty());  // rated once
  EXPECT_TRUE(case_steps("refused").empty());
  // A hard case is solved only after departments were brought in.
  EXPECT_EQ(case_steps("coordinating"), (V{"summon"}));
  EXPECT_EQ(case_steps("coordinating", false, true), (V{"summon", "solve"}));
  EXPECT_EQ(case_steps("solved", false, true), (V{"rate"}));
}

TEST(CaseFlowTest, WhatAWishOffersInEachState) {
  using V = std::vector<std::string>;
  auto steps = [](const std::string& status) {
    Wish w;
    w.status = status;
    V out;
    for (const auto* t : flow::open_rows(wish_transitions(), w, w.status, WishGuardContext{}))
      out.push_back(std::string(t->action));
    return out;
  };
  EXPECT_EQ(steps("submitted"), (V{"publish", "decline", "withdraw"}));
  EXPECT_EQ(steps("published"), (V{"claim", "withdraw"}));
  EXPECT_EQ(steps("claimed"), (V{"release", "fulfil"}));
  EXPECT_EQ(steps("fulfilled"), (V{"confirm"}));
  for (const char* end : {"confirmed", "declined", "withdrawn"}) EXPECT_TRUE(steps(end).empty()) << end;
}

TEST(CaseFlowTest, StepsThatNeedWordsSayWhich) {
  for (const auto& t : case_transitions()) {
    if (t.action != "rate") {
      EXPECT_TRUE(t.comment.required()) << t.action;
    }
  }
  for (const char* a : {"decline", "release", "fulfil"}) {
    auto it = std::find_if(wish_transitions().begin(), wish_transitions().end(),
                           [&](const WishTransition& t) { return t.action == a; });
    ASSERT_NE(it, wish_transitions().end());
    EXPECT_TRUE(it->comment.required()) << a;
  }
}

}  // namespace
}  // namespace wangge::services
