// 撤回: the reporter withdraws a report before it is dispatched.
#include "events/step_helpers.h"

namespace wangge::events {

void withdraw(Step& s) {
  s.svc.stop_clock(s.event);
}

}  // namespace wangge::events
