// 吹哨报到: the dispatcher summons several departments at once with a report-in deadline
// (working hours); each reports in with its response. Late report-ins stay visible.
#include "events/step_helpers.h"

namespace wangge::events {

void whistle(Step& s) {
  auto it = s.body.find("department_ids");
  if (it == s.body.end() || !it->value().is_array() || it->value().as_array().empty() ||
      it->value().as_array().size() > 20)
    throw_validation("department_ids", "1 to 20 department ids", "应为 1 到 20 个部门编号");
  std::int64_t hours = json::opt_int(s.body, "report_hours").value_or(2);
  if (hours < 1 || hours > 72) throw_validation("report_hours", "1 to 72 working hours", "应为 1 到 72 个工作小时");
  std::int64_t due = s.svc.calendar().add_working_minutes(s.now, hours * 60);
  json::array summoned;
  std::vector<std::int64_t> seen;
  for (const auto& v : it->value().as_array()) {
    if (!v.is_int64()) throw_validation("department_ids", "department ids are integers", "部门编号应为整数");
    std::int64_t id = v.as_int64();
    if (std::find(seen.begin(), seen.end(), id) != seen.end()) continue;
    seen.push_back(id);
    Department d = serving_department(s, id, "department_ids");
    if (store::pending_whistle(s.tx, s.event.id, {id}))
      conflict(d.name + " is already summoned and has not reported in", d.name + " 已被吹哨且尚未报到");
    Whistle w;
    w.event_id = s.event.id;
    w.department_id = id;
    w.summoned_at = s.now;
    w.summoned_by = s.ctx.actor_id();
    w.due_at = due;
    store::insert_whistle(s.tx, w);
    summoned.push_back(json::object{{"id", id}, {"name", d.name}});
  }
  s.detail["departments"] = std::move(summoned);
  s.detail["report_due_at"] = json::rfc3339(due);
}

void report_in(Step& s) {
  auto w = store::pending_whistle(s.tx, s.event.id, s.svc.my_departments(s.tx, s.ctx));
  if (!w)  // the row's guard found one in this transaction
    throw Error("invalid_transition", "", "no whistle waits for your department", "没有等待本部门报到的吹哨");
  store::report_in(s.tx, w->id, s.now, s.ctx.user().user_id, s.entry.comment);
  s.detail["department_id"] = w->department_id;
  s.detail["department"] = w->department_name;
  s.detail["late"] = s.now > w->due_at;
}

}  // namespace wangge::events
