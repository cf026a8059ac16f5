// 立案: the dispatcher files a reported event; it waits for dispatch under the same
// acceptance deadline. The dispatcher may correct its priority.
#include "events/step_helpers.h"

namespace wangge::events {

void accept(Step& s) {
  if (auto p = json::opt_string(s.body, "priority", 10)) {
    if (*p != "normal" && *p != "urgent" && *p != "critical")
      throw_validation("priority", "one of normal, urgent, critical", "应为 normal、urgent 或 critical");
    s.event.priority = *p;
    s.detail["priority"] = *p;
  }
  s.event.accepted_at = s.now;
}

}  // namespace wangge::events
