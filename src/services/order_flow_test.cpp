#include "services/order_flow.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

namespace wangge::services {
namespace {

constexpr std::int64_t kHour = 3'600'000;
const OrderGuardContext kNow{100 * kHour, kHour};

std::vector<std::string> open_on(const Order& o, const OrderGuardContext& g = kNow) {
  std::vector<std::string> out;
  for (const auto* t : open_order_transitions(o, g))
    out.push_back(std::string(t->action) + "/" + std::string(order_actor_name(t->actor)));
  return out;
}

Order in_state(const std::string& status) {
  Order o;
  o.status = status;
  return o;
}

bool known_state(std::string_view s) {
  return std::any_of(order_states().begin(), order_states().end(),
                     [&](const flow::StateName& n) { return n.state == s; });
}

TEST(OrderFlowTest, EveryRowIsWellFormedAndEachActionHasOneActor) {
  std::set<std::string> actions;
  for (const auto& t : order_transitions()) {
    // http_orders.cpp registers a route a row: an action belongs to one actor.
    EXPECT_TRUE(actions.emplace(t.action).second) << t.action << " twice";
    EXPECT_NE(t.run, nullptr) << t.action;
    EXPECT_FALSE(t.from.empty()) << t.action;
    for (auto f : t.from) EXPECT_TRUE(known_state(f)) << t.action << " from " << f;
    if (!t.to.empty()) {
      EXPECT_TRUE(known_state(t.to)) << t.action << " to " << t.to;
    }
    EXPECT_FALSE(t.name_zh.empty());
    EXPECT_FALSE(order_permission_of(t.actor).empty());
    EXPECT_FALSE(order_actor_refusal(t.actor).zh.empty());
  }
  // The states the table names are those the migration's CHECK and the schema list.
  ASSERT_EQ(order_states().size(), std::size(kOrderStates));
  for (std::size_t i = 0; i < order_states().size(); ++i) EXPECT_EQ(order_states()[i].state, kOrderStates[i]);
}

TEST(OrderFlowTest, WhoMayDoWhatInEachState) {
  using V = std::vector<std::string>;
  EXPECT_EQ(open_on(in_state("ordered")), (V{"dispatch/community", "publish/community", "decline/community",
                                             "cancel/requester", "remind/requester"}));
  EXPECT_EQ(open_on(in_state("open")),
            (V{"recall/community", "take/candidate", "cancel/requester", "remind/requester"}));
  EXPECT_EQ(open_on(in_state("assigned")),
            (V{"recall/community", "accept/taker", "return/taker", "cancel/requester", "remind/requester"}));
  // Once taken, the requester can no longer cancel; the taker gives it back or finishes.
  EXPECT_EQ(open_on(in_state("taken")), (V{"return/taker", "complete/taker", "remind/requester"}));
  EXPECT_EQ(open_on(in_state("done")), (V{"confirm/requester", "rework/requester"}));
  for (const char* end : {"confirmed", "declined", "cancelled"}) EXPECT_TRUE(open_on(in_state(end)).empty()) << end;
}

TEST(OrderFlowTest, AReminderWaitsForTheGap) {
  Order o = in_state("taken");
  o.reminded_at = kNow.now - kHour / 2;
  auto steps = open_on(o);
  EXPECT_EQ(std::count(steps.begin(), steps.end(), "remind/requester"), 0);
  o.reminded_at = kNow.now - kHour;
  steps = open_on(o);
  EXPECT_EQ(std::count(steps.begin(), steps.end(), "remind/requester"), 1);
}

TEST(OrderFlowTest, StepsThatNeedAReasonSayWhich) {
  for (const char* a : {"decline", "recall", "return", "complete", "rework"}) {
    const OrderTransition* t = nullptr;
    for (const auto& row : order_transitions())
      if (row.action == a) t = &row;
    ASSERT_NE(t, nullptr) << a;
    EXPECT_TRUE(t->comment.required()) << a;
  }
}

}  // namespace
}  // namespace wangge::services
