// 提级办理: the dispatcher of the handling level passes the event up (community → street
// → county) with a reason. The new level's dispatcher owns it, under a fresh acceptance
// deadline; statistics count the level that finally solves it.
#include "events/step_helpers.h"

namespace wangge::events {

void escalate(Step& s) {
  // Below the county level (a guard of the transition table).
  std::string next = s.event.level == "community" ? "street" : "county";
  auto [code, path] = s.svc.handling_node(s.event.region_path, next);
  s.detail["from_level"] = s.event.level;
  s.detail["to_level"] = next;
  s.detail["handling_code"] = code;
  s.event.level = next;
  s.event.handling_code = code;
  s.event.handling_path = path;
  s.event.escalation_count += 1;
  if (!s.event.accepted_at) s.event.accepted_at = s.now;
  back_to_dispatch(s);
}

}  // namespace wangge::events
