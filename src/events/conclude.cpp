// 协调办结: an appeal taken at the window and coordinated there (the "办不成事" window,
// src/services/case_steps.cpp) closes with the coordinator's solution. Only events of
// source window: others close through the handler's result and verification.
#include "events/step_helpers.h"

namespace wangge::events {

void conclude(Step& s) {
  if (!s.event.handled_at) s.event.handled_at = s.now;
  s.event.closed_at = s.now;
  s.event.solved_level = s.event.level;
  s.event.on_time = !s.event.handle_due_at || s.now <= *s.event.handle_due_at;
  s.svc.stop_clock(s.event);
  s.detail["on_time"] = *s.event.on_time;
}

}  // namespace wangge::events
