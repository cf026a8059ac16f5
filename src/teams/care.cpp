// Households in care (包户/联系户, seed 002: "三长们每月…入户走访，对所包户的家庭成员信息…
// 进行详细了解"): a household given into a team member's care within the member's node, its
// class and visit interval from the community's settings, visits recorded by the carer (in
// the registry too) with the 六提六知 checklist when the community asks for it (seed 001),
// the due date moved and the carer's month counted in the same transaction.
#include <algorithm>

#include "audit/audit.h"
#include "core/error.h"
#include "teams/service.h"
#include "teams/store.h"
#include "territory/service.h"

namespace wangge::teams {
namespace {

[[noreturn]] void no_assignment(std::int64_t id) {
  throw_not_found("no care assignment " + std::to_string(id), "包户关系 " + std::to_string(id) + " 不存在");
}

std::int64_t setting_days(const json::object& body, const char* key, std::int64_t current) {
  auto v = json::opt_int(body, key);
  if (!v) return current;
  if (*v < 1 || *v > 366) throw_validation(key, "1-366 days", "应为 1 至 366 天");
  return *v;
}

// The checklist's answers as stored: each item {done, note}; unknown items refused.
json::object read_checklist(const json::object& in, std::vector<std::string>& answered) {
  json::object out;
  for (const auto& [key, value] : in) {
    auto known = std::find_if(std::begin(kChecklist), std::end(kChecklist),
                              [&](const ChecklistItem& i) { return i.key == std::string_view(key); });
    std::string field = "checklist." + std::string(key);
    if (known == std::end(kChecklist))
      throw_validation(field, "one of the six items of 六提六知", "应为“六提六知”的六项之一");
    if (!value.is_object()) throw_validation(field, "an object {done, note}", "应为 {done, note}");
    const auto& item = value.as_object();
    json::allow_only(item, {"done", "note"});
    auto done = json::opt_bool(item, "done");
    if (!done) throw_validation(field + ".done", "is required", "必填");
    out[key] = json::object{{"done", *done}, {"note", json::opt_string(item, "note", 500).value_or("")}};
    answered.emplace_back(key);
  }
  return out;
}

}  // namespace

std::int64_t Service::today_start() const {
  return calendar_.midnight(calendar_.day_of(storage::now_ms()));
}

std::string Service::this_month() const {
  return format_day(calendar_.day_of(storage::now_ms())).substr(0, 7);
}

CareSettings Service::settings(storage::Tx& tx, const std::string& community_code) const {
  auto s = store::settings(tx, community_code);
  if (s) return *s;
  CareSettings d;
  d.community_code = community_code;
  return d;
}

CareSettings Service::save_settings(storage::Tx& tx, const Context& ctx, const std::string& code,
                                    const json::object& body) {
  auto region = territory_.find(code, false);
  if (!region) throw_not_found("no region with code " + code, "区域编码 " + code + " 不存在");
  ctx.require("teams:care:write", region->path);
  if (region->level != "community")
    throw_validation("code", "a community: care settings are kept per community", "包户设置按社区设定");
  CareSettings s = settings(tx, code);
  s.key_days = setting_days(body, "key_days", s.key_days);
  s.care_days = setting_days(body, "care_days", s.care_days);
  s.ordinary_days = setting_days(body, "ordinary_days", s.ordinary_days);
  if (auto v = json::opt_bool(body, "checklist")) s.checklist = *v;
  if (auto v = json::opt_int(body, "version"); v && *v != s.version)
    throw Error("stale_version", "version", "the settings changed meanwhile", "设置已被他人修改");
  s.updated_at = storage::now_ms();
  if (!store::save_settings(tx, s, s.version, ctx.user().user_id))
    throw Error("stale_version", "version", "the settings changed meanwhile", "设置已被他人修改");
  s.version += 1;
  audit::append(tx, audit::entry(ctx, "teams:care:settings", "region:" + code,
                                 json::object{{"key_days", s.key_days},
                                              {"care_days", s.care_days},
                                              {"ordinary_days", s.ordinary_days},
                                              {"checklist", s.checklist}}));
  return s;
}

bool Service::is_carer(const Context& ctx, const Assignment& a) const {
  return a.carer_id && *a.carer_id == ctx.user().user_id;
}

Assignment Service::readable_assignment(storage::Tx& tx, const Context& ctx, std::int64_t id) const {
  auto a = store::assignment(tx, id);
  if (!a) no_assignment(id);
  const Principal& u = ctx.user();
  if (!is_carer(ctx, *a) && !u.can("teams:care:read", a->region_path) && !u.can("teams:care:write", a->member_path))
    no_assignment(id);
  return *a;
}

Assignment Service::assign(storage::Tx& tx, const Context& ctx, std::int64_t household_id, std::int64_t member_id,
                           const std::optional<std::string>& klass) {
  const Principal& u = ctx.user();
  auto m = store::member(tx, member_id);
  if (!m || !(u.reaches("teams:care:read", m->region_path) || u.reaches("teams:roster:read", m->region_path)))
    throw_validation("member_id", "an entry of a team in your territory", "应为您辖区内网格小组的成员");
  ctx.require("teams:care:write", m->region_path);
  if (m->status != "active") throw Error("conflict", "member_id", "the entry has ended", "该成员已离任");
  auto h = household_of_ ? household_of_(tx, household_id) : std::nullopt;
  if (!h || !u.can("teams:care:write", h->region_path))
    throw_validation("household_id", "a household of the registry in your territory", "应为您辖区内登记的住户");
  if (!path_within(h->region_path, m->region_path))
    throw_validation("household_id", "outside the visitor's grid: the household must lie within the member's node",
                     "该住户不在包户人员所在网格（社区）内");
  if (store::active_pair(tx, household_id, member_id))
    throw Error("conflict", "household_id", "the household is already in this member's care", "该住户已由该成员包联");
  Assignment a;
  a.household_id = household_id;
  a.member_id = member_id;
  a.region_code = h->region_code;
  a.region_path = h->region_path;
  a.member_path = m->region_path;
  a.community_path = path_to(m->region_path, kCommunityDigits);
  if (a.community_path.empty()) a.community_path = m->region_path;
  a.address = h->address;
  a.klass = klass.value_or(h->klass);
  a.persons = h->persons;
  a.interval_days = interval_days(settings(tx, code_at(a.community_path, kCommunityDigits)), a.klass);
  a.started_at = storage::now_ms();
  a.due_at = a.started_at + a.interval_days * kDayMs;
  a.id = store::insert_assignment(tx, a, u.user_id);
  store::add_in_care(tx, member_id, 1);
  store::add_due(tx, a.community_path, calendar_.day_of(a.due_at), 1);
  a.member_name = m->name;
  a.member_post = m->post;
  a.carer_id = m->user_id;
  audit::append(tx, audit::entry(ctx, "teams:care:assign", "care_assignment:" + std::to_string(a.id),
                                 json::object{{"household", household_id}, {"member", member_id}, {"class", a.klass}}));
  return a;
}

Assignment Service::end_assignment(storage::Tx& tx, const Context& ctx, std::int64_t id, const std::string& reason) {
  Assignment a = readable_assignment(tx, ctx, id);
  ctx.require("teams:care:write", a.member_path);
  if (a.status != "active") throw Error("conflict", {}, "the assignment has ended already", "该包户关系已结束");
  std::int64_t now = storage::now_ms();
  store::end_assignment(tx, id, now, reason);
  store::add_in_care(tx, a.member_id, -1);
  store::add_due(tx, a.community_path, calendar_.day_of(a.due_at), -1);
  a.status = "ended";
  a.ended_at = now;
  a.end_reason = reason;
  a.version += 1;
  audit::append(tx, audit::entry(ctx, "teams:care:end", "care_assignment:" + std::to_string(id)));
  return a;
}

void Service::end_assignments_of(storage::Tx& tx, const Context& ctx, const Member& m, const std::string& reason) {
  auto active = store::active_of_member(tx, m.id);
  if (active.empty()) return;
  std::int64_t now = storage::now_ms();
  for (const auto& a : active) {
    store::end_assignment(tx, a.id, now, reason);
    store::add_due(tx, a.community_path, calendar_.day_of(a.due_at), -1);
  }
  store::add_in_care(tx, m.id, -static_cast<std::int64_t>(active.size()));
  audit::append(tx, audit::entry(ctx, "teams:care:end", "team_member:" + std::to_string(m.id),
                                 json::object{{"assignments", static_cast<std::int64_t>(active.size())}}));
}

CareVisit Service::record_visit(storage::Tx& tx, const Context& ctx, std::int64_t assignment_id, const VisitInput& in) {
  auto a = store::assignment(tx, assignment_id);
  if (!a) no_assignment(assignment_id);
  const Principal& u = ctx.user();
  bool carer = is_carer(ctx, *a) && u.can_somewhere("teams:care:visit");
  if (!carer && !u.can("teams:care:write", a->member_path)) {
    if (is_carer(ctx, *a) || u.can("teams:care:read", a->region_path))
      throw Error("forbidden", {}, "only the household's carer or the community's staff record its visits",
                  "只有包户人员或社区工作人员可以登记走访");
    no_assignment(assignment_id);
  }
  if (a->status != "active") throw Error("conflict", {}, "the assignment has ended", "该包户关系已结束");
  CareSettings s = settings(tx, code_at(a->community_path, kCommunityDigits));
  std::vector<std::string> answered;
  json::object checklist = in.checklist ? read_checklist(*in.checklist, answered) : json::object{};
  if (s.checklist) {
    auto missing = missing_items(answered);
    if (!missing.empty()) {
      std::string zh;
      for (const auto& item : kChecklist)
        if (std::find(missing.begin(), missing.end(), item.key) != missing.end()) zh += std::string(item.name_zh) + " ";
      throw_validation("checklist." + missing.front(), "the community asks for all six items of 六提六知 (done, note)",
                       "本社区走访须填写“六提六知”全部六项，尚缺：" + zh);
    }
  }
  std::int64_t now = storage::now_ms();
  std::int64_t visited_at = in.visited_at.value_or(now);
  auto h = household_of_ ? household_of_(tx, a->household_id) : std::nullopt;
  std::int64_t persons = h ? h->persons : a->persons;
  CareVisit v;
  if (record_visit_) {
    v.visit_id = record_visit_(tx, ctx, u.user_id, a->household_id, in.findings, visited_at, in.photos);
  } else if (!in.photos.empty()) {
    throw_validation("photos", "photos are kept with the registry's visit, which is not available",
                     "走访照片随住户走访记录保存，暂不可用");
  }
  v.assignment_id = a->id;
  v.member_id = a->member_id;
  v.household_id = a->household_id;
  v.carer_id = u.user_id;
  v.region_path = a->region_path;
  v.member_path = a->member_path;
  v.month = format_day(calendar_.day_of(visited_at)).substr(0, 7);
  v.visited_at = visited_at;
  v.persons = persons;
  v.findings = in.findings;
  v.checklist = json::to_text(checklist);
  v.created_at = now;
  v.id = store::insert_visit(tx, v);
  Assignment next = *a;
  next.last_visited_at = std::max(a->last_visited_at.value_or(visited_at), visited_at);
  next.interval_days = interval_days(s, a->klass);
  next.due_at = *next.last_visited_at + next.interval_days * kDayMs;
  next.persons = persons;
  next.version = a->version + 1;
  if (!store::update_visited(tx, next, a->version))
    throw Error("stale_version", {}, "the assignment changed meanwhile", "包户关系已被他人修改");
  const std::int64_t old_day = calendar_.day_of(a->due_at), new_day = calendar_.day_of(next.due_at);
  if (old_day != new_day) {
    store::add_due(tx, a->community_path, old_day, -1);
    store::add_due(tx, a->community_path, new_day, 1);
  }
  bool first = store::mark_month(tx, a->member_id, a->household_id, v.month);
  store::add_rollup(tx, v.month, a->member_path, a->member_id, 1, persons, first ? 1 : 0);
  audit::append(tx, audit::entry(ctx, "teams:care:visit", "care_assignment:" + std::to_string(a->id),
                                 json::object{{"visit", v.id}, {"persons", persons}}));
  return v;
}

}  // namespace wangge::teams
