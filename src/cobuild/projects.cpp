// Projects (项目清单; 民生微实事, "平沙镇实施“民生微实事”服务类项目83个", seed 000): a
// project at a node with its budget (integer cents), owner and the units taking part (lead
// or partner), planned -> in_progress -> done, or cancelled with the reason; dated progress
// updates with photos, posted by staff over its node or by a contact of a unit taking part.
// Finishing a project meets the needs matched to it.
#include "audit/audit.h"
#include "cobuild/service.h"
#include "cobuild/store.h"
#include "core/error.h"
#include "territory/service.h"

namespace wangge::cobuild {
namespace {

[[noreturn]] void no_project(std::int64_t id) {
  throw_not_found("no project " + std::to_string(id), "项目 " + std::to_string(id) + " 不存在");
}

[[noreturn]] void stale_project() {
  throw Error("stale_version", "version", "the project changed meanwhile", "项目已被他人修改");
}

void require_open_project(const Project& p) {
  if (p.status == "done" || p.status == "cancelled")
    throw Error("conflict", {}, "the project is " + p.status + ": its record is kept as it was", "该项目已结束");
}

std::string project_title_of(const Project& p) {
  return "“" + p.title + "”";
}

}  // namespace

Project Service::readable_project(storage::Tx& tx, const Context& ctx, std::int64_t id) const {
  auto p = store::project(tx, id);
  if (!p || !ctx.user().reaches("cobuild:list:read", p->region_path)) no_project(id);
  return *p;
}

bool Service::writes_project(const Context& ctx, const Project& p) const {
  return staff_can(ctx, "cobuild:list:write", p.region_path);
}

bool Service::reports_on(storage::Tx& tx, const Context& ctx, const Project& p) const {
  if (writes_project(ctx, p)) return true;
  for (const auto& x : p.units)
    if (contact_of(tx, ctx, x.unit_id)) return true;
  return false;
}

Project Service::create_project(storage::Tx& tx, const Context& ctx, Project p) {
  auto region = territory_.find(p.region_code, false);
  if (!region) throw_validation("region_code", "a node of the territory", "应为辖区内的区域");
  p.region_path = region->path;
  if (!staff_can(ctx, "cobuild:list:write", p.region_path))
    throw Error("forbidden", {}, "you may not list projects here", "您不能在此登记项目");
  if (p.budget_cents < 0) throw_validation("budget_cents", "0 or more", "预算不能为负");
  std::vector<Participant> asked = std::move(p.units);
  p.units.clear();
  std::vector<std::int64_t> seen;
  auto take = [&](std::int64_t unit_id, const std::string& role, const std::string& field) {
    if (std::find(seen.begin(), seen.end(), unit_id) != seen.end())
      throw_validation(field, "each unit once", "同一单位只能列一次");
    Unit u = named_unit(tx, ctx, unit_id, field);
    if (!related(u.region_path, p.region_path))
      throw_validation(field, "a unit serving the project's node, a node above it or under it",
                       "共建单位应结对项目所在区域、其上级或下级区域");
    seen.push_back(unit_id);
    p.units.push_back(Participant{0, unit_id, role, u.name});
  };
  if (p.owner_unit_id) {
    take(*p.owner_unit_id, "lead", "owner_unit_id");
    if (p.owner_name.empty()) p.owner_name = p.units.back().unit_name;
  }
  for (const auto& a : asked) {
    if (p.owner_unit_id && a.unit_id == *p.owner_unit_id) continue;  // the owner leads
    take(a.unit_id, a.role, "units");
  }
  p.status = "planned";
  p.progress = 0;
  p.spent_cents = 0;
  p.created_by = ctx.user().user_id;
  p.created_at = p.updated_at = storage::now_ms();
  p.version = 1;
  p.id = store::insert_project(tx, p);
  std::vector<std::int64_t> ids;
  for (auto& x : p.units) {
    x.project_id = p.id;
    store::insert_participant(tx, x);
    ids.push_back(x.unit_id);
  }
  audit::append(tx, audit::entry(ctx, "cobuild:project:create", "cobuild_project:" + std::to_string(p.id),
                                 json::object{{"region", p.region_code}, {"budget_cents", p.budget_cents}}));
  std::vector<std::int64_t> users;
  for (auto& [unit, list] : store::contact_users(tx, ids)) users.insert(users.end(), list.begin(), list.end());
  tell(tx, users, ctx, "cobuild.project", "cobuild_project:" + std::to_string(p.id),
       "您的单位参与项目" + project_title_of(p), "Your unit takes part in the project \"" + p.title + "\"");
  return p;
}

Project Service::update_project(storage::Tx& tx, const Context& ctx, std::int64_t id, const json::object& body) {
  Project before = readable_project(tx, ctx, id);
  if (!writes_project(ctx, before)) throw Error("forbidden", {}, "you may not change this project", "您不能修改该项目");
  if (json::get_int(body, "version") != before.version) stale_project();
  require_open_project(before);
  Project p = before;
  if (auto v = json::opt_string(body, "title", 100, 1)) p.title = *v;
  if (auto v = json::opt_string(body, "description", 4000)) p.description = *v;
  if (auto v = json::opt_string(body, "owner_name", 100)) p.owner_name = *v;
  if (auto v = json::opt_int(body, "budget_cents")) {
    if (*v < p.spent_cents)
      throw_validation("budget_cents", "at least what is spent already (" + yuan(p.spent_cents) + ")",
                       "预算不能少于已支出金额（" + yuan(p.spent_cents) + " 元）");
    p.budget_cents = *v;
  }
  if (body.contains("due_on")) p.due_on = body_date(body, "due_on", today(), true);
  bool new_lead = false;
  if (auto v = json::opt_int(body, "owner_unit_id"); v && v != p.owner_unit_id) {
    Unit u = named_unit(tx, ctx, *v, "owner_unit_id");
    if (!related(u.region_path, p.region_path))
      throw_validation("owner_unit_id", "a unit serving the project's node, a node above it or under it",
                       "共建单位应结对项目所在区域、其上级或下级区域");
    p.owner_unit_id = *v;
    new_lead = !store::is_participant(tx, id, *v);
    if (new_lead) p.units.insert(p.units.begin(), Participant{id, *v, "lead", u.name});
  }
  p.version = before.version + 1;
  p.updated_at = storage::now_ms();
  if (!store::update_project(tx, p, before.version)) stale_project();
  if (new_lead) store::insert_participant(tx, p.units.front());
  audit::append(tx, audit::entry(ctx, "cobuild:project:update", "cobuild_project:" + std::to_string(id)));
  return p;
}

Project Service::add_participant(storage::Tx& tx, const Context& ctx, std::int64_t id, std::int64_t unit_id,
                                 const std::string& role) {
  Project p = readable_project(tx, ctx, id);
  if (!writes_project(ctx, p)) throw Error("forbidden", {}, "you may not change this project", "您不能修改该项目");
  require_open_project(p);
  Unit u = named_unit(tx, ctx, unit_id, "unit_id");
  if (!related(u.region_path, p.region_path))
    throw_validation("unit_id", "a unit serving the project's node, a node above it or under it",
                     "共建单位应结对项目所在区域、其上级或下级区域");
  if (store::is_participant(tx, id, unit_id))
    throw Error("already_exists", "unit_id", "the unit takes part already", "该单位已参与本项目");
  Participant x{id, unit_id, role, u.name};
  store::insert_participant(tx, x);
  p.units.push_back(x);
  audit::append(tx, audit::entry(ctx, "cobuild:project:participant", "cobuild_project:" + std::to_string(id),
                                 json::object{{"unit", unit_id}, {"role", role}}));
  tell(tx, store::contact_users(tx, {unit_id})[unit_id], ctx, "cobuild.project",
       "cobuild_project:" + std::to_string(id), "您的单位参与项目" + project_title_of(p),
       "Your unit takes part in the project \"" + p.title + "\"");
  return p;
}

Project Service::act_on_project(storage::Tx& tx, const Context& ctx, std::int64_t id, std::string_view action,
                                std::int64_t version, const json::object& body) {
  Project p = readable_project(tx, ctx, id);
  if (!writes_project(ctx, p)) throw Error("forbidden", {}, "you may not run this project", "您不能管理该项目");
  if (p.version != version) stale_project();
  auto to = project_step(action, p.status);
  if (!to)
    throw Error("invalid_transition", {}, "not possible while the project is " + p.status, "当前状态下不能执行该操作");
  const std::int64_t now = storage::now_ms();
  const std::string day = today();
  std::optional<ProjectUpdate> last;
  if (action == "start") {
    p.started_on = day;
  } else if (action == "finish") {
    std::string done = body_date(body, "done_on", day, false).value_or(day);
    if (p.started_on && done < *p.started_on)
      throw_validation("done_on", "on or after its start", "完成日期不能早于开工日期");
    if (auto spent = json::opt_int(body, "spent_cents")) {
      if (*spent < 0 || *spent > p.budget_cents)
        throw_validation("spent_cents", "0 to the budget (" + yuan(p.budget_cents) + ")",
                         "支出应在 0 与预算（" + yuan(p.budget_cents) + " 元）之间");
      p.spent_cents = *spent;
    }
    p.done_on = done;
    p.progress = 100;
    ProjectUpdate u;
    u.project_id = id;
    u.progress = 100;
    u.spent_cents = p.spent_cents;
    u.note = json::opt_string(body, "note", 1000).value_or("");
    if (u.note.empty()) u.note = "项目完成";
    u.on = done;
    u.by = ctx.user().user_id;
    u.at = now;
    last = u;
  } else {
    p.cancel_reason = json::get_string(body, "reason", 500);
  }
  p.status = std::string(*to);
  p.version = version + 1;
  p.updated_at = now;
  if (!store::update_project(tx, p, version)) stale_project();
  json::object detail{{"to", p.status}};
  if (last) {
    store::insert_update(tx, *last);
    detail["needs_met"] =
        store::meet_needs_of_project(tx, id, now, "项目" + project_title_of(p) + "已完成：" + last->note);
  }
  audit::append(
      tx, audit::entry(ctx, "cobuild:project:" + std::string(action), "cobuild_project:" + std::to_string(id), detail));
  return *store::project(tx, id);
}

ProjectUpdate Service::add_update(storage::Tx& tx, const Context& ctx, std::int64_t id, ProjectUpdate u,
                                  const std::vector<std::string>& photos) {
  Project p = readable_project(tx, ctx, id);
  if (!reports_on(tx, ctx, p))
    throw Error("forbidden", {}, "you may not report on this project", "您不能填报该项目进度");
  if (p.status != "in_progress")
    throw Error("invalid_transition", {}, "progress is reported while the project is in progress",
                "项目实施中才能填报进度");
  if (u.progress < p.progress)
    throw_validation("progress", "at least the progress so far (" + std::to_string(p.progress) + "%)",
                     "进度不能低于当前进度（" + std::to_string(p.progress) + "%）");
  if (u.spent_cents && (*u.spent_cents < 0 || *u.spent_cents > p.budget_cents))
    throw_validation("spent_cents", "0 to the budget (" + yuan(p.budget_cents) + ")",
                     "支出应在 0 与预算（" + yuan(p.budget_cents) + " 元）之间");
  const std::string day = today();
  if (u.on.empty()) u.on = day;
  if (u.on > day) throw_validation("on", "today or before", "进度日期不能晚于今天");
  json::array list;
  for (const auto& h : photos) list.emplace_back(h);
  u.photos = json::to_text(list);
  u.project_id = id;
  u.by = ctx.user().user_id;
  u.at = storage::now_ms();
  u.id = store::insert_update(tx, u);
  store::record_progress(tx, id, u.progress, u.spent_cents, u.at);
  if (!photos.empty() && link_) link_(tx, ctx, photos, id);
  audit::append(
      tx, audit::entry(ctx, "cobuild:project:progress", "cobuild_project:" + std::to_string(id),
                       json::object{{"progress", u.progress}, {"photos", static_cast<std::int64_t>(photos.size())}}));
  return u;
}

}  // namespace wangge::cobuild
