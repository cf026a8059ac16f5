// 重新办理: an event rated "unsatisfied" may be reopened within the reopen window (7 days
// by default) after closing, by its reporter or the dispatcher (both guards are in the
// transition table); it goes back to dispatch.
#include "events/step_helpers.h"

namespace wangge::events {

void reopen(Step& s) {
  if (s.event.rating) s.detail["rating"] = *s.event.rating;  // the row's guard: rated
  s.event.reopen_count += 1;
  s.event.closed_at.reset();
  s.event.solved_level.reset();
  s.event.on_time.reset();
  s.event.rating.reset();
  s.event.rating_comment.reset();
  s.event.rated_at.reset();
  s.event.handled_at.reset();
  back_to_dispatch(s);
}

}  // namespace wangge::events
