// 吹哨报到: the dispatcher, or a grid's chief (网格吹哨: "群众、党员、片长吹哨，责任方报到", seed 002),
// summons departments and co-building units (共建单位, the cobuild module's) at once with a
// report-in deadline (working hours); each reports in with its response. Late report-ins
// stay visible.
#include "events/step_helpers.h"

namespace wangge::events {
namespace {

// The ids of body[key]: at most 20 integers, each once.
std::vector<std::int64_t> whistle_ids(const json::object& body, const char* key) {
  std::vector<std::int64_t> out;
  auto it = body.find(key);
  if (it == body.end()) return out;
  if (!it->value().is_array() || it->value().as_array().size() > 20)
    throw_validation(key, "at most 20 ids", "最多 20 个编号");
  for (const auto& v : it->value().as_array()) {
    if (!v.is_int64()) throw_validation(key, "ids are integers", "编号应为整数");
    if (std::find(out.begin(), out.end(), v.as_int64()) == out.end()) out.push_back(v.as_int64());
  }
  return out;
}

// A co-building unit that is active and serves the event's place (its node on the event's line).
Service::Unit serving_unit(Step& s, std::int64_t id) {
  auto u = s.svc.unit(s.tx, id);
  if (!u || !u->active)
    throw_validation("unit_ids", "no active co-building unit " + std::to_string(id),
                     "共建单位 " + std::to_string(id) + " 不存在或已退出");
  if (s.event.region_path.rfind(u->region_path, 0) != 0)
    throw_validation("unit_ids", u->name + " does not serve the event's place", u->name + " 不是事件所在地的共建单位");
  return *u;
}

}  // namespace

void whistle(Step& s) {
  auto departments = whistle_ids(s.body, "department_ids");
  auto units = whistle_ids(s.body, "unit_ids");
  if (departments.empty() && units.empty())
    throw_validation("department_ids", "summon at least one department or co-building unit",
                     "请至少选择一个部门或共建单位");
  std::int64_t hours = json::opt_int(s.body, "report_hours").value_or(2);
  if (hours < 1 || hours > 72) throw_validation("report_hours", "1 to 72 working hours", "应为 1 到 72 个工作小时");
  std::int64_t due = s.svc.calendar().add_working_minutes(s.now, hours * 60);
  const std::string as = s.transition.actor == Actor::whistler ? "grid" : "dispatcher";
  Whistle w;
  w.event_id = s.event.id;
  w.summoned_at = s.now;
  w.summoned_by = s.ctx.actor_id();
  w.summoned_as = as;
  w.due_at = due;
  json::array summoned, summoned_units;
  for (auto id : departments) {
    Department d = serving_department(s, id, "department_ids");
    if (store::pending_whistle(s.tx, s.event.id, {id}))
      conflict(d.name + " is already summoned and has not reported in", d.name + " 已被吹哨且尚未报到");
    w.department_id = id;
    w.unit_id.reset();
    store::insert_whistle(s.tx, w);
    summoned.push_back(json::object{{"id", id}, {"name", d.name}});
  }
  for (auto id : units) {
    Service::Unit u = serving_unit(s, id);
    if (store::pending_unit_whistle(s.tx, s.event.id, {id}))
      conflict(u.name + " is already summoned and has not reported in", u.name + " 已被吹哨且尚未报到");
    w.department_id.reset();
    w.unit_id = id;
    w.department_name = u.name;
    store::insert_whistle(s.tx, w);
    summoned_units.push_back(json::object{{"id", id}, {"name", u.name}});
  }
  s.detail["departments"] = std::move(summoned);
  if (!summoned_units.empty()) s.detail["units"] = std::move(summoned_units);
  s.detail["summoned_as"] = as;
  s.detail["report_due_at"] = json::rfc3339(due);
}

void report_in(Step& s) {
  auto w = store::pending_whistle(s.tx, s.event.id, s.svc.my_departments(s.tx, s.ctx));
  if (!w)  // the row's guard found one in this transaction
    throw Error("invalid_transition", "", "no whistle waits for your department", "没有等待本部门报到的吹哨");
  store::report_in(s.tx, w->id, s.now, s.ctx.user().user_id, s.entry.comment);
  s.detail["department_id"] = *w->department_id;
  s.detail["department"] = w->department_name;
  s.detail["late"] = s.now > w->due_at;
}

void report_in_unit(Step& s) {
  auto w = store::pending_unit_whistle(s.tx, s.event.id, s.svc.my_units(s.tx, s.ctx));
  if (!w) throw Error("invalid_transition", "", "no whistle waits for your unit", "没有等待本单位报到的吹哨");
  store::report_in(s.tx, w->id, s.now, s.ctx.user().user_id, s.entry.comment);
  s.detail["unit_id"] = *w->unit_id;
  s.detail["unit"] = w->department_name;
  s.detail["late"] = s.now > w->due_at;
}

}  // namespace wangge::events
