// 不予立案: the dispatcher declines a reported event, with the reason the reporter sees.
#include "events/step_helpers.h"

namespace wangge::events {

void reject(Step& s) {
  s.svc.stop_clock(s.event);
}

}  // namespace wangge::events
