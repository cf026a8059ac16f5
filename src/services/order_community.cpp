// The community's steps on an order (社区派单): give it to a named party member or
// volunteer who may take orders there, open it to whoever is nearby to take (first one
// wins), decline it with a reason, or take it back from a taker who has not begun.
#include <algorithm>

#include "core/error.h"
#include "services/order_steps.h"
#include "services/service.h"
#include "services/store.h"

namespace wangge::services {

void dispatch_order(OrderStep& s) {
  std::int64_t taker = json::get_int(s.body, "taker_id");
  auto takers = s.svc.takers(s.tx, s.order.region_path);
  auto it = std::find_if(takers.begin(), takers.end(), [&](const Service::Account& a) { return a.id == taker; });
  if (it == takers.end())
    throw_validation("taker_id", "a party member or volunteer who takes orders in this place",
                     "应为本区域可接单的党员或志愿者");
  s.order.taker_id = taker;
  s.detail["taker_id"] = taker;
  s.detail["taker_name"] = it->name;
  s.notify.push_back(taker);
}

void publish_order(OrderStep& s) {
  s.order.taker_id.reset();
}

void decline_order(OrderStep& s) {
  s.order.closed_at = s.now;
  s.notify.push_back(s.order.requester_id);
}

void recall_order(OrderStep& s) {
  if (s.order.taker_id) s.notify.push_back(*s.order.taker_id);
  s.order.taker_id.reset();
}

}  // namespace wangge::services
