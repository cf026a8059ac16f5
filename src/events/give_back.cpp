// 退回: the department returns a task that is not theirs, with the reason; it goes back
// to the dispatcher for redispatch under a fresh acceptance deadline.
#include "events/step_helpers.h"

namespace wangge::events {

void give_back(Step& s) {
  require_comment(s, "the reason", "退回理由");
  s.detail["department_id"] = *s.before.department_id;
  s.event.department_id.reset();
  s.event.handler_id.reset();
  s.event.handle_due_at.reset();
  s.event.extension_days.reset();
  s.event.extension_reason.reset();
  Category c = s.svc.category_or_throw(s.event.category_code);
  s.svc.start_stage(s.event, s.now, std::int64_t{c.accept_hours} * 60);
}

}  // namespace wangge::events
