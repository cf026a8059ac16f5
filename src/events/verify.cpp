// 核查: the grid worker of the event's grid, or the reporter, checks the result. Fixed:
// the event closes (结案), on time when the handler finished by the handling deadline.
// Not fixed: back to the handler (返工) under the same handling deadline.
#include "events/step_helpers.h"

namespace wangge::events {

void pass(Step& s) {
  s.entry.photos = read_photos(s.body);
  s.event.closed_at = s.now;
  s.event.solved_level = s.event.level;
  s.event.on_time = !s.event.handle_due_at || s.event.handled_at.value_or(s.now) <= *s.event.handle_due_at;
  s.svc.stop_clock(s.event);
  s.detail["on_time"] = *s.event.on_time;
}

void rework(Step& s) {
  s.entry.photos = read_photos(s.body);
  s.event.rework_count += 1;
  s.event.handled_at.reset();
  s.svc.start_stage_until(s.event, s.now, s.event.handle_due_at.value_or(s.now));
}

}  // namespace wangge::events
