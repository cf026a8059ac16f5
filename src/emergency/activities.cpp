// Patrols (巡查) and drills (处突集结演练) calling teams at a node, under a plan of its line
// if one is named: scheduled -> held (summary, findings, and the attendance figures: the
// members of the called teams at the time, who attended, and for a drill the minutes from
// the start to the last arrival counted, 集结用时) | cancelled (with the reason). The
// called teams' members with accounts are told when one is scheduled or cancelled.
#include <algorithm>

#include "audit/audit.h"
#include "core/checkin_code.h"
#include "core/error.h"
#include "emergency/service.h"
#include "emergency/store.h"
#include "territory/service.h"

namespace wangge::emergency {
namespace {

[[noreturn]] void no_activity(std::int64_t id) {
  throw_not_found("no patrol or drill " + std::to_string(id), "巡查或演练 " + std::to_string(id) + " 不存在");
}

constexpr std::int64_t kLongestActivityMs = 7LL * 24 * 3'600'000;

std::vector<std::int64_t> member_accounts(storage::Tx& tx, const std::vector<std::int64_t>& team_ids) {
  std::vector<std::int64_t> users;
  for (const auto& r : store::members_with_accounts(tx, team_ids)) users.push_back(r.user_id);
  return users;
}

}  // namespace

Activity Service::readable_activity(storage::Tx& tx, const Context& ctx, std::int64_t id) const {
  auto a = store::activity(tx, id);
  if (!a) no_activity(id);
  if (!reads(ctx, a->region_path) && !organises(ctx, a->region_path) &&
      !store::calls_member(tx, id, ctx.user().user_id))
    no_activity(id);
  return *a;
}

std::vector<Team> Service::callable_teams(storage::Tx& tx, const std::vector<std::int64_t>& ids,
                                          const std::string& node_path) const {
  if (ids.empty() || ids.size() > 20) throw_validation("team_ids", "one to 20 teams", "应选择 1 至 20 支队伍");
  auto teams = store::teams_by_ids(tx, ids);
  bool ok = teams.size() == ids.size();
  for (const auto& t : teams) ok = ok && t.active && on_line(t.region_path, node_path);
  if (!ok)
    throw_validation("team_ids", "active teams of the node, of a node under it or above it",
                     "应为本区域及其上下级的在册队伍");
  return teams;
}

Activity Service::schedule(storage::Tx& tx, const Context& ctx, Activity a) {
  std::tie(a.region_code, a.region_path) = node(a.region_code);
  ctx.require("emergency:drill:organise", a.region_path);
  if (a.ends_at <= a.starts_at) throw_validation("ends_at", "after starts_at", "结束时间应晚于开始时间");
  if (a.ends_at - a.starts_at > kLongestActivityMs) throw_validation("ends_at", "within 7 days", "时长不能超过 7 天");
  std::sort(a.team_ids.begin(), a.team_ids.end());
  if (std::adjacent_find(a.team_ids.begin(), a.team_ids.end()) != a.team_ids.end())
    throw_validation("team_ids", "each team once", "队伍不能重复");
  auto teams = callable_teams(tx, a.team_ids, a.region_path);
  if (a.plan_id) {
    auto p = store::plan(tx, *a.plan_id);
    if (!p || p->status == "retired" || !on_line(p->region_path, a.region_path))
      throw_validation("plan_id", "a plan in force or drafted on the node's line", "应为本区域及其上下级的现行预案");
  }
  std::int64_t now = storage::now_ms();
  a.status = "scheduled";
  a.organiser_id = ctx.user().user_id;
  a.code_key = checkin::new_key();
  a.created_at = a.updated_at = now;
  a.id = store::insert_activity(tx, a);
  audit::append(tx, audit::entry(ctx, "emergency:activity:schedule", "emergency_activity:" + std::to_string(a.id),
                                 json::object{{"region", a.region_code}, {"kind", a.kind}}));
  const bool drill = a.kind == "drill";
  tell(tx, ctx, member_accounts(tx, a.team_ids), "emergency.activity", "emergency_activity:" + std::to_string(a.id),
       std::string(drill ? "应急演练：" : "巡查安排：") + a.title + "（" + calendar_.format_time(a.starts_at) + "）",
       std::string(drill ? "Drill: " : "Patrol: ") + a.title + " (" + calendar_.format_time(a.starts_at) + ")");
  return *store::activity(tx, a.id);
}

Activity Service::hold(storage::Tx& tx, const Context& ctx, std::int64_t id, std::int64_t version,
                       const std::string& summary, const std::string& findings) {
  Activity a = readable_activity(tx, ctx, id);
  ctx.require("emergency:drill:organise", a.region_path);
  if (a.version != version)
    throw Error("stale_version", "version", "the patrol or drill changed meanwhile", "巡查或演练已被他人修改");
  if (!activity_step_allowed(a.status, "held"))
    throw Error("invalid_transition", "status", "only a scheduled patrol or drill is recorded as held",
                "只有已安排的巡查或演练可以登记为已开展");
  std::int64_t now = storage::now_ms();
  if (now < a.starts_at) throw Error("conflict", "status", "it has not started yet", "尚未开始，不能登记为已开展");
  std::int64_t attended = 0;
  std::vector<std::int64_t> arrivals;
  auto people = roster(tx, a);
  for (const auto& e : people) {
    attended += e.present;
    if (e.present && e.arrived_at) arrivals.push_back(*e.arrived_at);
  }
  Activity out = a;
  out.status = "held";
  out.summary = summary;
  out.findings = findings;
  out.expected = static_cast<std::int64_t>(people.size());
  out.attended = attended;
  if (a.kind == "drill") out.assembly_minutes = assembly_minutes(a.starts_at, arrivals);
  out.held_at = now;
  out.version = version + 1;
  out.updated_at = now;
  if (!store::update_activity(tx, out, version))
    throw Error("stale_version", "version", "the patrol or drill changed meanwhile", "巡查或演练已被他人修改");
  json::object detail{{"expected", *out.expected}, {"attended", attended}};
  if (out.assembly_minutes) detail["assembly_minutes"] = *out.assembly_minutes;
  audit::append(tx, audit::entry(ctx, "emergency:activity:hold", "emergency_activity:" + std::to_string(id), detail));
  return out;
}

Activity Service::cancel(storage::Tx& tx, const Context& ctx, std::int64_t id, std::int64_t version,
                         const std::string& reason) {
  Activity a = readable_activity(tx, ctx, id);
  ctx.require("emergency:drill:organise", a.region_path);
  if (a.version != version)
    throw Error("stale_version", "version", "the patrol or drill changed meanwhile", "巡查或演练已被他人修改");
  if (!activity_step_allowed(a.status, "cancelled"))
    throw Error("invalid_transition", "status", "only a scheduled patrol or drill is cancelled",
                "只有已安排的巡查或演练可以取消");
  std::int64_t now = storage::now_ms();
  Activity out = a;
  out.status = "cancelled";
  out.cancel_reason = reason;
  out.cancelled_at = now;
  out.version = version + 1;
  out.updated_at = now;
  if (!store::update_activity(tx, out, version))
    throw Error("stale_version", "version", "the patrol or drill changed meanwhile", "巡查或演练已被他人修改");
  audit::append(tx, audit::entry(ctx, "emergency:activity:cancel", "emergency_activity:" + std::to_string(id)));
  tell(tx, ctx, member_accounts(tx, a.team_ids), "emergency.activity", "emergency_activity:" + std::to_string(id),
       "已取消：" + a.title + "（" + reason + "）", "Cancelled: " + a.title + " (" + reason + ")");
  return out;
}

std::vector<RosterEntry> Service::roster(storage::Tx& tx, const Activity& a) const {
  return store::roster(tx, a.id, format_day(calendar_.day_of(a.starts_at)));
}

}  // namespace wangge::emergency
