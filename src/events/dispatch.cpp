// 派遣: the dispatcher assigns an accepted event to a department serving its place, with
// a handling deadline (the category's by priority unless given). The clock for signing
// starts now.
#include "core/dates.h"
#include "events/step_helpers.h"

namespace wangge::events {

// A department that exists, is active and serves the event's place.
Department serving_department(Step& s, std::int64_t id, const char* field) {
  auto d = store::department(s.tx, id);
  if (!d || !d->active)
    throw_validation(field, "no active department " + std::to_string(id),
                     "部门 " + std::to_string(id) + " 不存在或已停用");
  if (!path_within(s.event.region_path, d->region_path))
    throw_validation(field, d->name + " does not serve this place", d->name + " 不负责该事件所在区域");
  return *d;
}

void dispatch(Step& s) {
  Department d = serving_department(s, json::get_int(s.body, "department_id"), "department_id");
  Category c = s.svc.category_of(s.event);
  std::int64_t handle_due;
  // A set deadline is in the future and at most 365 working days away, like handle_days.
  const Calendar& cal = s.svc.calendar();
  if (auto t = dates::body_instant(
          s.body, "deadline", cal, s.now + 1, cal.add_working_minutes(s.now, 365LL * cal.minutes_per_day()),
          "a future time at most 365 working days ahead", "应为将来的时间，且不超过 365 个工作日")) {
    handle_due = *t;
  } else {
    std::int64_t days = json::opt_int(s.body, "handle_days").value_or(c.handle_days(s.event.priority));
    if (days < 1 || days > 365) throw_validation("handle_days", "1 to 365 working days", "应为 1 到 365 个工作日");
    handle_due = s.svc.calendar().add_working_minutes(s.now, std::int64_t{days} * s.svc.calendar().minutes_per_day());
  }
  s.event.department_id = d.id;
  s.event.handler_id.reset();
  s.event.dispatched_at = s.now;
  s.event.handle_due_at = handle_due;
  s.event.extension_days.reset();
  s.event.extension_reason.reset();
  s.svc.start_stage(s.event, s.now, std::int64_t{c.sign_hours} * 60);
  s.detail["department_id"] = d.id;
  s.detail["department"] = d.name;
  s.detail["handle_due_at"] = json::rfc3339(handle_due);
}

}  // namespace wangge::events
