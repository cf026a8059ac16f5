// 延期: the handler asks for more working days with a reason; the dispatcher approves
// (the handling deadline moves) or denies it. Whether one is pending is a guard of the
// transition table.
#include "events/step_helpers.h"

namespace wangge::events {
namespace {

[[noreturn]] void no_extension_requested() {
  throw Error("invalid_transition", "", "no extension was requested", "没有待审批的延期申请");
}

}  // namespace

void request_extension(Step& s) {
  std::int64_t days = json::get_int(s.body, "days");
  if (days < 1 || days > 30) throw_validation("days", "1 to 30 working days", "应为 1 到 30 个工作日");
  s.event.extension_days = days;
  s.event.extension_reason = s.entry.comment;  // required by the row
  s.detail["days"] = days;
}

void approve_extension(Step& s) {
  if (!s.event.extension_days) no_extension_requested();  // the row's guard says there is one
  std::int64_t days = *s.event.extension_days;
  std::int64_t from = std::max(s.event.handle_due_at.value_or(s.now), s.now);
  const Calendar& cal = s.svc.calendar();
  std::int64_t due = cal.add_working_minutes(from, days * cal.minutes_per_day());
  // Extensions add up, but a handling deadline stays within a year's working days.
  if (due > cal.add_working_minutes(s.now, 365LL * cal.minutes_per_day()))
    conflict("the handling deadline would pass 365 working days from now", "处置期限将超过自今日起 365 个工作日");
  s.event.handle_due_at = due;
  s.event.extension_days.reset();
  s.event.extension_reason.reset();
  s.svc.start_stage_until(s.event, s.now, *s.event.handle_due_at);
  s.detail["days"] = days;
  s.detail["handle_due_at"] = json::rfc3339(*s.event.handle_due_at);
}

void deny_extension(Step& s) {
  if (!s.event.extension_days) no_extension_requested();
  s.detail["days"] = *s.event.extension_days;
  s.event.extension_days.reset();
  s.event.extension_reason.reset();
}

}  // namespace wangge::events
