// 督办: a leader flags an open event for supervision with instructions.
#include "events/step_helpers.h"

namespace wangge::events {

void supervise(Step& s) {
  s.event.supervised = true;
}

}  // namespace wangge::events
