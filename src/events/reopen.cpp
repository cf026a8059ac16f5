// 重新办理: an event rated "unsatisfied" may be reopened within the reopen window (7 days
// by default) after closing, by its reporter or the dispatcher; it goes back to dispatch.
#include "events/step_helpers.h"

namespace wangge::events {

void reopen(Step& s) {
  if (s.event.rating.value_or("") != "unsatisfied")
    conflict("only an event rated unsatisfied can be reopened", "只有评价为“不满意”的事件可以重新办理");
  if (s.now - s.event.closed_at.value_or(0) > std::int64_t{s.svc.reopen_days} * 86'400'000)
    conflict("the reopen window has passed", "已超过可重新办理的期限");
  s.detail["rating"] = *s.event.rating;
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
