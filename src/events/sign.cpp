// 签收: a member of the assigned department takes the task; the handling deadline runs.
#include "events/step_helpers.h"

namespace wangge::events {

void sign(Step& s) {
  s.event.handler_id = s.ctx.user().user_id;
  s.svc.start_stage_until(s.event, s.now, s.event.handle_due_at.value_or(s.now));
}

}  // namespace wangge::events
