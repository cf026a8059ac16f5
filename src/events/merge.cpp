// 合并: the dispatcher merges a duplicate into another open event. Both timelines are
// kept: the duplicate records where it went, the target records what joined it.
#include "events/step_helpers.h"

namespace wangge::events {

void merge(Step& s) {
  std::int64_t into = json::get_int(s.body, "into");
  if (into == s.event.id) throw_validation("into", "an event cannot merge into itself", "不能合并到自身");
  auto target = store::get(s.tx, into);
  if (!target) throw_validation("into", "no event " + std::to_string(into), "事件 " + std::to_string(into) + " 不存在");
  if (!s.ctx.user().can("events:event:dispatch", target->handling_path))
    throw Error("forbidden", "into", "the target is outside your territory", "目标事件不在您的管辖范围内");
  if (is_terminal(target->status))
    conflict("the target event is " + target->status, "目标事件已" + target->status + "，不能合并到它");
  s.event.merged_into = into;
  s.svc.stop_clock(s.event);
  s.detail["into"] = into;
  TimelineEntry joined;
  joined.event_id = into;
  joined.at = s.now;
  joined.actor_id = s.ctx.actor_id();
  joined.actor = s.ctx.actor();
  joined.action = "merged-in";
  joined.from_status = target->status;
  joined.to_status = target->status;
  joined.comment = s.entry.comment;
  joined.detail = json::to_text(json::object{{"from", s.event.id}, {"description", s.event.description}});
  store::append(s.tx, joined);
}

}  // namespace wangge::events
