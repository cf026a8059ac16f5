// 退回: the department returns a task that is not theirs, with the reason; it goes back
// to the dispatcher for redispatch under a fresh acceptance deadline.
#include "events/step_helpers.h"

namespace wangge::events {

void give_back(Step& s) {
  s.detail["department_id"] = *s.before.department_id;
  back_to_dispatch(s);
}

}  // namespace wangge::events
