// Attendance at patrols and drills: the organiser's phone shows a code that changes every
// minute (core/checkin_code.h, as volunteer activities do), valid from an hour before the
// start to the end; a member of a called team checks in with it from their linked account.
// Or the organiser marks members of the roster present, with the time they arrived when
// known. Each member stay counts once (409 the second time).
#include <map>
#include <set>

#include "audit/audit.h"
#include "core/checkin_code.h"
#include "core/error.h"
#include "emergency/service.h"
#include "emergency/store.h"

namespace wangge::emergency {
namespace {

void require_scheduled(const Activity& a) {
  if (a.status != "scheduled")
    throw Error("conflict", "status", "attendance is taken while it is scheduled, before it is recorded as held",
                "只有尚未登记开展的巡查或演练可以签到");
}

}  // namespace

std::pair<std::string, std::int64_t> Service::current_code(const Context& ctx, const Activity& a) const {
  if (!organises(ctx, a.region_path))
    throw Error("forbidden", {}, "only its organisers show the code", "只有组织者可以出示签到码");
  require_scheduled(a);
  std::int64_t now = storage::now_ms();
  if (!within_check_in(a.starts_at, a.ends_at, now))
    throw Error("conflict", "status", "codes are shown from an hour before the start to the end",
                "签到码仅在开始前一小时至结束前有效");
  std::int64_t window = now / 60'000;
  return {checkin::code(a.code_key, a.id, window), (window + 1) * 60'000};
}

Activity Service::check_in(storage::Tx& tx, const Context& ctx, std::int64_t id, const std::string& code) {
  Activity a = readable_activity(tx, ctx, id);
  const std::int64_t me = ctx.user().user_id;
  std::vector<RosterEntry> mine;
  for (auto& e : roster(tx, a))
    if (e.user_id == me) mine.push_back(std::move(e));
  if (mine.empty() || !ctx.user().reaches("emergency:drill:join", a.region_path))
    throw Error("forbidden", {}, "you are not a member of the teams called", "您不是本次调集队伍的队员");
  require_scheduled(a);
  std::int64_t now = storage::now_ms();
  if (!within_check_in(a.starts_at, a.ends_at, now))
    throw Error("conflict", "code", "outside the check-in time: from an hour before the start to the end",
                "不在签到时间内（开始前一小时至结束）");
  if (!checkin::matches(a.code_key, a.id, code, now))
    throw Error("conflict", "code", "the code is wrong or expired: scan the organiser's current code",
                "签到码错误或已过期，请扫描组织者当前出示的签到码");
  int added = 0;
  for (const auto& e : mine)
    if (!e.present) added += store::insert_attendance(tx, id, e.member_id, now, "code", std::nullopt, now);
  if (added == 0) throw Error("conflict", {}, "you have checked in already", "您已签到");
  audit::append(tx, audit::entry(ctx, "emergency:activity:check-in", "emergency_activity:" + std::to_string(id),
                                 json::object{{"stays", added}}));
  return *store::activity(tx, id);
}

Activity Service::mark_present(storage::Tx& tx, const Context& ctx, std::int64_t id,
                               const std::vector<std::int64_t>& members, std::optional<std::int64_t> arrived_at) {
  Activity a = readable_activity(tx, ctx, id);
  ctx.require("emergency:drill:organise", a.region_path);
  require_scheduled(a);
  if (members.empty() || members.size() > 500)
    throw_validation("member_ids", "one to 500 members of the roster", "应为 1 至 500 名队员");
  std::int64_t now = storage::now_ms();
  if (arrived_at && (*arrived_at < a.starts_at - kCheckInLeadMs || *arrived_at > a.ends_at || *arrived_at > now))
    throw_validation("arrived_at", "from an hour before the start to the end, and not ahead of now",
                     "应在开始前一小时至结束之间，且不晚于现在");
  if (!arrived_at && within_check_in(a.starts_at, a.ends_at, now)) arrived_at = now;
  std::map<std::int64_t, RosterEntry> by_id;
  for (auto& e : roster(tx, a)) by_id.emplace(e.member_id, std::move(e));
  std::set<std::int64_t> seen;
  for (auto m : members) {
    auto it = by_id.find(m);
    if (it == by_id.end() || !seen.insert(m).second)
      throw_validation("member_ids", "members of the called teams at the time, each once",
                       "应为本次调集队伍当时的队员，且不重复");
    if (it->second.present)
      throw Error("conflict", "member_ids", it->second.name + " is marked present already",
                  it->second.name + " 已签到");
  }
  for (auto m : members) store::insert_attendance(tx, id, m, arrived_at, "organiser", ctx.user().user_id, now);
  audit::append(tx, audit::entry(ctx, "emergency:activity:attendance", "emergency_activity:" + std::to_string(id),
                                 json::object{{"marked", static_cast<std::int64_t>(members.size())}}));
  return *store::activity(tx, id);
}

}  // namespace wangge::emergency
