// Attendance and hours: the organiser's phone shows a code that changes every minute
// (code.cpp), valid only around the activity's time; a participant checks in and out with
// it from the place (their phone within the activity's radius). Once the activity is over,
// the organiser certifies every participant's minutes: what check-in and check-out make,
// or a figure of their own with a reason (a phone that died, a helper who never checked
// in); a later correction is recorded with its reason. Certified minutes are reported as
// deeds (core/deeds.h), once per sign-up, again with the difference when corrected.
#include <map>
#include <set>
#include <tuple>

#include "audit/audit.h"
#include "core/error.h"
#include "volunteers/service.h"
#include "volunteers/store.h"

namespace wangge::volunteers {

std::pair<std::string, std::int64_t> Service::current_code(const Context& ctx, const Activity& a) const {
  if (!runs(ctx, a)) throw Error("forbidden", {}, "only the organiser shows the code", "只有活动组织者可以出示签到码");
  std::int64_t now = storage::now_ms();
  if (a.status != "open") throw Error("conflict", "status", "the activity is not running", "活动不在进行中");
  if (!within_code_window(a, now))
    throw Error("conflict", "status",
                "codes are shown from half an hour before the start to half an hour after the end",
                "签到码仅在活动开始前半小时至结束后半小时内有效");
  std::int64_t window = now / 60'000;
  return {check_code(a.code_key, a.id, window), (window + 1) * 60'000};
}

Signup Service::check(storage::Tx& tx, const Context& ctx, std::int64_t activity_id, bool in, const std::string& code,
                      double lat, double lng) {
  auto me = store::volunteer_of_user(tx, ctx.user().user_id);
  auto s = me ? store::signup_of(tx, activity_id, me->id) : std::nullopt;
  if (!s || s->status == "cancelled") throw Error("conflict", {}, "not signed up", "您未报名该活动");
  if (s->status == "waiting") throw Error("conflict", {}, "still on the waiting list", "您仍在候补名单中");
  auto a = *store::activity(tx, activity_id);
  std::int64_t now = storage::now_ms();
  if (a.status != "open") throw Error("conflict", "status", "the activity is not running", "活动不在进行中");
  if (!within_code_window(a, now))
    throw Error("conflict", "code", "outside the activity's time", "不在活动时间内，签到码无效");
  if (!code_matches(a.code_key, a.id, code, now))
    throw Error("conflict", "code", "the code is wrong or expired: scan the organiser's current code",
                "签到码错误或已过期，请扫描组织者当前出示的签到码");
  double d = distance_m(lat, lng, a.lat, a.lng);
  if (d > static_cast<double>(a.radius_m))
    throw Error("conflict", "lat",
                "you are " + std::to_string(static_cast<long>(d)) + " m from the activity's place (within " +
                    std::to_string(a.radius_m) + " m counts)",
                "您距活动地点 " + std::to_string(static_cast<long>(d)) + " 米，需在 " + std::to_string(a.radius_m) +
                    " 米内签到");
  Signup out = *s;
  if (in) {
    if (s->checked_in_at) throw Error("conflict", {}, "already checked in", "您已签到");
    out.checked_in_at = now;
  } else {
    if (!s->checked_in_at) throw Error("conflict", {}, "check in first", "请先签到");
    if (s->checked_out_at) throw Error("conflict", {}, "already checked out", "您已签退");
    out.checked_out_at = now;
  }
  out.version = s->version + 1;
  out.updated_at = now;
  if (!store::update_signup(tx, out, s->version)) throw Error("conflict", {}, "checked meanwhile", "签到状态已变化");
  audit::append(tx, audit::entry(ctx, in ? "volunteers:activity:check-in" : "volunteers:activity:check-out",
                                 "volunteer_activity:" + std::to_string(activity_id),
                                 json::object{{"volunteer", me->id}, {"distance_m", static_cast<std::int64_t>(d)}}));
  return out;
}

void Service::report_minutes(storage::Tx& tx, const Context& ctx, const Activity& a, const Signup& s,
                             const std::string& reason) {
  if (!deeds_) return;
  auto v = store::volunteer(tx, s.volunteer_id);
  if (!v) return;
  deeds::Deed d;
  d.kind = deeds::kVolunteerHour;
  d.ref = "signup:" + std::to_string(s.id);
  if (v->user_id) {
    d.user_id = v->user_id;
  } else {
    d.person_id = v->person_id;
  }
  if (person_of_)
    if (auto p = person_of_(tx, nullptr, v->person_id)) d.household_id = p->household_id;
  d.region_path = a.region_path;
  d.quantity = s.minutes.value_or(0);
  d.at = a.starts_at;
  d.reason = reason;
  d.actor_id = ctx.actor_id();
  deeds_(tx, d);
}

Activity Service::certify(storage::Tx& tx, const Context& ctx, std::int64_t activity_id, const json::array& overrides) {
  auto found = store::activity(tx, activity_id);
  if (!found) throw_not_found("no activity " + std::to_string(activity_id), "活动不存在");
  const Activity& a = *found;
  if (!runs(ctx, a)) throw Error("forbidden", {}, "only the organiser certifies hours", "只有活动组织者可以认定时长");
  std::int64_t now = storage::now_ms();
  if (now < a.ends_at) throw Error("conflict", "status", "the activity is not over yet", "活动尚未结束");
  if (!store::set_activity_status(tx, activity_id, "open", "certified", now))
    throw Error("invalid_transition", "status", "only an open activity's hours are certified, once",
                "只有报名中的活动可以认定时长，且只认定一次");
  const std::int64_t longest = (a.ends_at - a.starts_at) / 60'000;
  std::map<std::int64_t, std::pair<std::int64_t, std::string>> given;  // signup -> (minutes, reason)
  for (const auto& o : overrides) {
    if (!o.is_object()) throw_validation("minutes", "a list of {signup_id, minutes, reason}", "应为认定列表");
    const auto& obj = o.as_object();
    auto id = json::get_int(obj, "signup_id");
    auto m = json::get_int(obj, "minutes");
    if (m < 0 || m > longest)
      throw_validation("minutes", "0 to the activity's " + std::to_string(longest) + " minutes",
                       "应为 0 至活动时长 " + std::to_string(longest) + " 分钟");
    given[id] = {m, json::get_string(obj, "reason", 200, 2)};
  }
  std::int64_t total = 0, people = 0;
  std::set<std::int64_t> seen;
  for (auto s : store::signups(tx, activity_id)) {
    if (s.status != "signed") continue;
    seen.insert(s.id);
    std::int64_t minutes = served_minutes(a, s);
    std::string reason;
    if (auto it = given.find(s.id); it != given.end()) std::tie(minutes, reason) = it->second;
    std::int64_t v0 = s.version;
    s.minutes = minutes;
    s.version = v0 + 1;
    s.updated_at = now;
    store::update_signup(tx, s, v0);
    store::insert_hour_record(tx, HourRecord{0, s.id, std::nullopt, minutes, reason, ctx.actor_id(), now});
    store::add_minutes(tx, s.volunteer_id, minutes);
    total += minutes;
    people += minutes > 0;
    if (minutes > 0) report_minutes(tx, ctx, a, s, reason);
  }
  for (const auto& [id, _] : given)
    if (!seen.count(id)) throw_validation("signup_id", "a participant holding a place", "应为已报名的参与者");
  store::add_activity_minutes(tx, activity_id, total, people);
  audit::append(tx,
                audit::entry(ctx, "volunteers:activity:certify", "volunteer_activity:" + std::to_string(activity_id),
                             json::object{{"minutes", total}, {"participants", people}}));
  return *store::activity(tx, activity_id);
}

Signup Service::correct(storage::Tx& tx, const Context& ctx, std::int64_t signup_id, std::int64_t minutes,
                        const std::string& reason) {
  auto s = store::signup(tx, signup_id);
  if (!s) throw_not_found("no sign-up " + std::to_string(signup_id), "报名记录不存在");
  auto a = *store::activity(tx, s->activity_id);
  if (!runs(ctx, a)) throw Error("forbidden", {}, "only the organiser corrects hours", "只有活动组织者可以更正时长");
  if (a.status != "certified" || !s->minutes)
    throw Error("conflict", "status", "only certified hours are corrected", "只有已认定的时长可以更正");
  const std::int64_t longest = (a.ends_at - a.starts_at) / 60'000;
  if (minutes < 0 || minutes > longest)
    throw_validation("minutes", "0 to the activity's " + std::to_string(longest) + " minutes",
                     "应为 0 至活动时长 " + std::to_string(longest) + " 分钟");
  if (minutes == *s->minutes) throw Error("conflict", "minutes", "the same figure", "时长未变化");
  std::int64_t now = storage::now_ms();
  Signup out = *s;
  const std::int64_t before = *s->minutes;
  out.minutes = minutes;
  out.version = s->version + 1;
  out.updated_at = now;
  if (!store::update_signup(tx, out, s->version))
    throw Error("stale_version", "version", "the sign-up changed meanwhile", "报名信息已变化");
  store::insert_hour_record(tx, HourRecord{0, signup_id, before, minutes, reason, ctx.actor_id(), now});
  store::add_minutes(tx, s->volunteer_id, minutes - before);
  store::add_activity_minutes(tx, a.id, minutes - before, (minutes > 0) - (before > 0));
  report_minutes(tx, ctx, a, out, "hours corrected: " + reason);
  audit::append(tx, audit::entry(ctx, "volunteers:signup:correct", "volunteer_signup:" + std::to_string(signup_id),
                                 json::object{{"from", before}, {"to", minutes}, {"reason", reason}}));
  return out;
}

}  // namespace wangge::volunteers
