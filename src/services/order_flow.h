// The order lifecycle as data ("three orders": 居民点单 → 社区派单 → 党员接单 → 完成 → 评价):
// every step, who may take it, from which states, its guards and the state it leads to.
// This table (order_flow.cpp) is the one place a step is defined: Service::act_on_order
// enforces it, the actions offered to the caller are computed from it, and
// order_flow_test.cpp walks it. The machinery is core/flow.h, shared with events.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/flow.h"
#include "services/model.h"

namespace wangge::services {

struct OrderStep;

enum class OrderActor {
  community,  // services:order:dispatch over the order's community (社区派单)
  taker,      // the account the order was given to, or that took it (接单)
  candidate,  // services:order:take over the order's place, while it is open to be taken
  requester,  // the account that ordered it (点单)
};

struct OrderGuardContext {
  std::int64_t now = 0;            // ms since the epoch
  std::int64_t remind_gap_ms = 0;  // the least time between two reminders
};

using OrderTransition = flow::Transition<Order, OrderActor, OrderStep, OrderGuardContext>;

const std::vector<OrderTransition>& order_transitions();
const std::vector<flow::StateName>& order_states();
const OrderTransition* find_order_transition(std::string_view action, OrderActor actor);
// Rows whose state and guards allow them on o now (who asks is checked apart).
std::vector<const OrderTransition*> open_order_transitions(const Order& o, const OrderGuardContext& g);
// The JSON Schema of a step's body (version, comment, the row's fields).
const schema::value& order_step_input(const OrderTransition& t);

std::string_view order_permission_of(OrderActor actor);
std::string_view order_actor_name(OrderActor actor);
flow::Noun order_actor_refusal(OrderActor actor);

}  // namespace wangge::services
