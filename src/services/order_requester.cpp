// The requester's steps (居民点单 … 评价): confirm the service done and rate it 1 to 5, say
// it is not done yet (back to the taker), cancel before it is taken, remind (催单: at most
// once in remind_gap_ms).
#include "services/order_steps.h"
#include "services/service.h"

namespace wangge::services {

void confirm_order(OrderStep& s) {
  s.order.rating = static_cast<int>(json::get_int(s.body, "rating"));
  s.order.closed_at = s.now;
  s.detail["rating"] = *s.order.rating;
  if (s.order.taker_id) s.notify.push_back(*s.order.taker_id);
}

void rework_order(OrderStep& s) {
  s.order.done_at.reset();
  if (s.order.taker_id) s.notify.push_back(*s.order.taker_id);
}

void cancel_order(OrderStep& s) {
  s.order.closed_at = s.now;
  if (s.order.taker_id) s.notify.push_back(*s.order.taker_id);
}

void remind_order(OrderStep& s) {
  s.order.reminded_at = s.now;
  if (s.order.taker_id) {
    s.notify.push_back(*s.order.taker_id);
  } else {
    s.notify = s.svc.staff_of(s.tx, s.order);
  }
}

}  // namespace wangge::services
