// One order step in progress, and the use cases the order table runs, a file per actor:
// order_community.cpp (dispatch, publish, decline, recall), order_taker.cpp (take, accept,
// return, complete), order_requester.cpp (confirm, rework, cancel, remind).
// Service::act_on_order checks who, the version, the state and the row's guards, then runs
// the use case, then stores the order, its timeline entry, the audit record and the
// notifications.
#pragma once

#include <cstdint>
#include <vector>

#include "core/context.h"
#include "core/json.h"
#include "core/storage/database.h"
#include "services/model.h"
#include "services/order_flow.h"

namespace wangge::services {

class Service;

struct OrderStep {
  Service& svc;
  storage::Tx& tx;
  const Context& ctx;
  const OrderTransition& transition;
  Order& order;
  const Order& before;
  const json::object& body;
  std::int64_t now;
  TimelineEntry& entry;
  json::object& detail;               // goes to the timeline entry and the audit record
  std::vector<std::int64_t>& notify;  // accounts told of the step (inbox, webhook)
};

void dispatch_order(OrderStep& s);
void publish_order(OrderStep& s);
void decline_order(OrderStep& s);
void recall_order(OrderStep& s);
void take_order(OrderStep& s);
void accept_order(OrderStep& s);
void return_order(OrderStep& s);
void complete_order(OrderStep& s);
void confirm_order(OrderStep& s);
void rework_order(OrderStep& s);
void cancel_order(OrderStep& s);
void remind_order(OrderStep& s);

// The step body's photos linked to the order and kept in its timeline entry (order_act.cpp).
void take_photos(OrderStep& s);

}  // namespace wangge::services
