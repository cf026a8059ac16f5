#include "events/transitions.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

namespace wangge::events {
namespace {

constexpr std::int64_t kDay = 86'400'000;
const GuardContext kNow{100 * kDay, 7};

// The actions open on e (state and guards), "action/actor" each, in table order.
std::vector<std::string> open_on(const Event& e, const GuardContext& g = kNow) {
  std::vector<std::string> out;
  for (const Transition* t : open_transitions(e, g))
    out.push_back(std::string(t->action) + "/" + std::string(actor_name(t->actor)));
  return out;
}

Event in_state(const std::string& status) {
  Event e;
  e.status = status;
  e.level = "community";
  return e;
}

bool known_state(std::string_view s) {
  return std::any_of(states().begin(), states().end(), [&](const StateName& n) { return n.state == s; });
}

TEST(TransitionsTest, EveryRowIsWellFormed) {
  std::set<std::pair<std::string, int>> seen;
  for (const auto& t : transitions()) {
    EXPECT_TRUE(seen.emplace(std::string(t.action), static_cast<int>(t.actor)).second)
        << t.action << " twice for one actor";
    EXPECT_NE(t.run, nullptr) << t.action;
    EXPECT_FALSE(t.from.empty()) << t.action;
    for (auto f : t.from) EXPECT_TRUE(known_state(f)) << t.action << " from " << f;
    if (!t.to.empty()) {
      EXPECT_TRUE(known_state(t.to)) << t.action << " to " << t.to;
    }
    EXPECT_FALSE(t.name_zh.empty());
    EXPECT_FALSE(t.name_en.empty());
    EXPECT_FALSE(permission_of(t.actor).empty());
    Refusal r = actor_refusal(t.actor);
    EXPECT_FALSE(r.en.empty());
    EXPECT_FALSE(r.zh.empty());
    for (const auto& g : t.guards) {
      EXPECT_NE(g.holds, nullptr);
      EXPECT_FALSE(g.refusal_en.empty());
      EXPECT_FALSE(g.refusal_zh.empty());
    }
  }
  EXPECT_EQ(transitions().size(), 29u);
}

TEST(TransitionsTest, WhereEachStepLeadsFromAndTo) {
  struct Row {
    const char* action;
    Actor actor;
    std::vector<std::string_view> from;
    const char* to;
  };
  const std::vector<Row> expected = {
      {"solve", Actor::grid, {"at_grid"}, "closed"},
      {"pass-up", Actor::grid, {"at_grid"}, "reported"},
      {"grid-whistle", Actor::whistler, {"at_grid", "accepted", "dispatched", "handling"}, ""},
      {"accept", Actor::dispatcher, {"reported"}, "accepted"},
      {"reject", Actor::dispatcher, {"reported"}, "rejected"},
      {"merge", Actor::dispatcher, {"reported", "accepted"}, "merged"},
      {"dispatch", Actor::dispatcher, {"accepted"}, "dispatched"},
      {"sign", Actor::handler, {"dispatched"}, "handling"},
      {"return", Actor::handler, {"dispatched", "handling"}, "accepted"},
      {"request-extension", Actor::handler, {"handling"}, ""},
      {"approve-extension", Actor::dispatcher, {"handling"}, ""},
      {"deny-extension", Actor::dispatcher, {"handling"}, ""},
      {"report-result", Actor::handler, {"handling"}, "handled"},
      {"pass", Actor::verifier, {"handled"}, "closed"},
      {"rework", Actor::verifier, {"handled"}, "handling"},
      {"pass", Actor::reporter, {"handled"}, "closed"},
      {"rework", Actor::reporter, {"handled"}, "handling"},
      {"rate", Actor::reporter, {"closed"}, ""},
      {"reopen", Actor::reporter, {"closed"}, "accepted"},
      {"reopen", Actor::dispatcher, {"closed"}, "accepted"},
      {"withdraw", Actor::reporter, {"at_grid", "reported", "accepted"}, "withdrawn"},
      {"escalate", Actor::dispatcher, {"reported", "accepted", "dispatched", "handling"}, "accepted"},
      {"whistle", Actor::dispatcher, {"accepted", "dispatched", "handling"}, ""},
      {"conclude", Actor::dispatcher, {"accepted", "dispatched", "handling", "handled"}, "closed"},
      {"report-in", Actor::whistled, {"at_grid", "accepted", "dispatched", "handling", "handled"}, ""},
      {"unit-report-in", Actor::unit, {"at_grid", "accepted", "dispatched", "handling", "handled"}, ""},
      {"supervise", Actor::leader, {"at_grid", "reported", "accepted", "dispatched", "handling", "handled"}, ""},
      {"comment",
       Actor::reporter,
       {"at_grid", "reported", "accepted", "dispatched", "handling", "handled", "closed"},
       ""},
      {"inform", Actor::informer, {"closed"}, ""},
  };
  ASSERT_EQ(expected.size(), transitions().size());
  for (const auto& row : expected) {
    const Transition* t = find_transition(row.action, row.actor);
    ASSERT_NE(t, nullptr) << row.action;
    EXPECT_EQ(t->from, row.from) << row.action;
    EXPECT_EQ(t->to, row.to) << row.action;
    for (const auto& s : states())
      EXPECT_EQ(starts_from(*t, s.state), std::count(row.from.begin(), row.from.end(), s.state) == 1);
  }
  EXPECT_EQ(find_transition("sign", Actor::dispatcher), nullptr);
  EXPECT_EQ(find_transition("fly", Actor::dispatcher), nullptr);
}

TEST(TransitionsTest, WhoMayTakeEachStep) {
  EXPECT_EQ(permission_of(Actor::dispatcher), "events:event:dispatch");
  EXPECT_EQ(permission_of(Actor::handler), "events:task:handle");
  EXPECT_EQ(permission_of(Actor::whistled), "events:task:handle");
  EXPECT_EQ(permission_of(Actor::verifier), "events:event:verify");
  EXPECT_EQ(permission_of(Actor::leader), "events:event:supervise");
  EXPECT_EQ(permission_of(Actor::reporter), "events:event:report");
  EXPECT_EQ(actor_refusal(Actor::reporter).en, "only the reporter may do this");
  EXPECT_EQ(actor_name(Actor::whistled), "whistled department");
  EXPECT_EQ(permission_of(Actor::grid), "events:event:self_handle");
  EXPECT_EQ(permission_of(Actor::whistler), "events:event:whistle");
  EXPECT_EQ(permission_of(Actor::unit), "events:unit:report_in");
  EXPECT_EQ(permission_of(Actor::informer), "events:event:inform");
}

TEST(TransitionsTest, WhatIsOpenInEachState) {
  using V = std::vector<std::string>;
  // Grid first: held at its grid, the grid's chief solves it or passes it up, or whistles.
  EXPECT_EQ(
      open_on(in_state("at_grid")),
      (V{"solve/grid chief", "pass-up/grid chief", "grid-whistle/grid whistler", "withdraw/reporter",
         "report-in/whistled department", "unit-report-in/co-building unit", "supervise/leader", "comment/reporter"}));
  EXPECT_EQ(open_on(in_state("reported")),
            (V{"accept/dispatcher", "reject/dispatcher", "merge/dispatcher", "withdraw/reporter", "escalate/dispatcher",
               "supervise/leader", "comment/reporter"}));
  EXPECT_EQ(open_on(in_state("accepted")),
            (V{"grid-whistle/grid whistler", "merge/dispatcher", "dispatch/dispatcher", "withdraw/reporter",
               "escalate/dispatcher", "whistle/dispatcher", "report-in/whistled department",
               "unit-report-in/co-building unit", "supervise/leader", "comment/reporter"}));
  EXPECT_EQ(
      open_on(in_state("dispatched")),
      (V{"grid-whistle/grid whistler", "sign/handler", "return/handler", "escalate/dispatcher", "whistle/dispatcher",
         "report-in/whistled department", "unit-report-in/co-building unit", "supervise/leader", "comment/reporter"}));
  EXPECT_EQ(open_on(in_state("handling")),
            (V{"grid-whistle/grid whistler", "return/handler", "request-extension/handler", "report-result/handler",
               "escalate/dispatcher", "whistle/dispatcher", "report-in/whistled department",
               "unit-report-in/co-building unit", "supervise/leader", "comment/reporter"}));
  EXPECT_EQ(
      open_on(in_state("handled")),
      (V{"pass/grid verifier", "rework/grid verifier", "pass/reporter", "rework/reporter",
         "report-in/whistled department", "unit-report-in/co-building unit", "supervise/leader", "comment/reporter"}));
  // 告知 is for a reporter without an account (the platform tells the others).
  EXPECT_EQ(open_on(in_state("closed")), (V{"rate/reporter", "comment/reporter", "inform/informer"}));
  Event with_account = in_state("closed");
  with_account.reporter_id = 7;
  EXPECT_EQ(open_on(with_account), (V{"rate/reporter", "comment/reporter"}));
  for (const char* end : {"rejected", "merged", "withdrawn"}) EXPECT_TRUE(open_on(in_state(end)).empty()) << end;
  // An appeal taken at the window (the 办不成事 window's cases) may close with the
  // coordinated solution; no other event may.
  for (const char* state : {"accepted", "dispatched", "handling", "handled"}) {
    Event w = in_state(state);
    w.source = "window";
    auto open = open_on(w);
    EXPECT_EQ(std::count(open.begin(), open.end(), "conclude/dispatcher"), 1) << state;
  }
}

TEST(TransitionsTest, GuardsDecideBesidesTheState) {
  // A pending extension: approve or deny it, not ask again.
  Event e = in_state("handling");
  e.extension_days = 3;
  auto open = open_on(e);
  EXPECT_EQ(std::count(open.begin(), open.end(), "request-extension/handler"), 0);
  EXPECT_EQ(std::count(open.begin(), open.end(), "approve-extension/dispatcher"), 1);
  EXPECT_EQ(std::count(open.begin(), open.end(), "deny-extension/dispatcher"), 1);
  const Guard* g = failed_guard(*find_transition("request-extension", Actor::handler), e, kNow);
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->refusal_en, "an extension request is already pending");
  g = failed_guard(*find_transition("approve-extension", Actor::dispatcher), in_state("handling"), kNow);
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->refusal_en, "no extension request is pending");

  // At the county level there is nowhere to escalate to.
  Event county = in_state("accepted");
  county.level = "county";
  open = open_on(county);
  EXPECT_EQ(std::count(open.begin(), open.end(), "escalate/dispatcher"), 0);
  g = failed_guard(*find_transition("escalate", Actor::dispatcher), county, kNow);
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->refusal_zh, "事件已在区县层级，不能再提级");
  Event street = in_state("accepted");
  street.level = "street";
  EXPECT_EQ(failed_guard(*find_transition("escalate", Actor::dispatcher), street, kNow), nullptr);

  // Rated once; reopened only when rated unsatisfied, within the window after closing.
  Event closed = in_state("closed");
  closed.closed_at = kNow.now - 2 * kDay;
  closed.rating = "satisfied";
  EXPECT_TRUE(open_on(closed) == (std::vector<std::string>{"comment/reporter", "inform/informer"}));
  g = failed_guard(*find_transition("rate", Actor::reporter), closed, kNow);
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->refusal_en, "the event is already rated");
  g = failed_guard(*find_transition("reopen", Actor::dispatcher), closed, kNow);
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->refusal_en, "only an event rated unsatisfied can be reopened");
  closed.rating = "unsatisfied";
  EXPECT_EQ(open_on(closed),
            (std::vector<std::string>{"reopen/reporter", "reopen/dispatcher", "comment/reporter", "inform/informer"}));
  closed.closed_at = kNow.now - 7 * kDay;  // the window's last moment
  EXPECT_EQ(failed_guard(*find_transition("reopen", Actor::reporter), closed, kNow), nullptr);
  closed.closed_at = kNow.now - 7 * kDay - 1;
  g = failed_guard(*find_transition("reopen", Actor::reporter), closed, kNow);
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->refusal_en, "the reopen window has passed");
  EXPECT_EQ(failed_guard(*find_transition("reopen", Actor::reporter), closed, GuardContext{kNow.now, 30}), nullptr);
}

}  // namespace
}  // namespace wangge::events
