// The taker's steps (党员接单): take an open order (the first of those racing wins; the
// others get 409), accept one given by name, give it back with a reason (it returns to the
// community), report it done with what was done and photos.
#include "services/order_steps.h"
#include "services/service.h"

namespace wangge::services {

void take_order(OrderStep& s) {
  s.order.taker_id = s.ctx.user().user_id;
  s.order.taken_at = s.now;
  s.notify.push_back(s.order.requester_id);
}

void accept_order(OrderStep& s) {
  s.order.taken_at = s.now;
  s.notify.push_back(s.order.requester_id);
}

void return_order(OrderStep& s) {
  s.detail["taker_id"] = *s.order.taker_id;
  s.order.taker_id.reset();
  s.order.taken_at.reset();
  s.order.returns += 1;
  // The community's staff pick it up again.
  auto staff = s.svc.staff_of(s.tx, s.order);
  s.notify.insert(s.notify.end(), staff.begin(), staff.end());
}

void complete_order(OrderStep& s) {
  s.order.done_at = s.now;
  take_photos(s);
  s.notify.push_back(s.order.requester_id);
}

}  // namespace wangge::services
