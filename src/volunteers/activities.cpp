// Activities (志愿服务活动): created at a station (by its staff, or by a team's leader for
// the team) with time, place, capacity and needed skills; sign-up holds a place while one
// is free and joins the waiting list after, in order; a withdrawal before the start gives
// the place to the first who waits, and tells them. Counted in 场次, participants and hours
// once certified (attendance.cpp).
#include <sodium.h>

#include "audit/audit.h"
#include "core/error.h"
#include "territory/service.h"
#include "volunteers/service.h"
#include "volunteers/store.h"

namespace wangge::volunteers {

bool Service::runs(const Context& ctx, const Activity& a) const {
  return a.organiser_id == ctx.user().user_id || ctx.user().can("volunteers:activity:organise", a.region_path);
}

Activity Service::create_activity(storage::Tx& tx, const Context& ctx, Activity a) {
  auto st = store::station(tx, a.station_id);
  if (!st || !st->active) throw_validation("station_id", "an active station", "应为在用的志愿服务站");
  bool allowed = ctx.user().can("volunteers:activity:organise", st->region_path);
  if (a.team_id) {
    auto t = store::team(tx, *a.team_id);
    if (!t || t->station_id != a.station_id || !t->active)
      throw_validation("team_id", "an active team of the station", "应为该服务站在用的服务队");
    allowed = allowed || leads(tx, ctx, *t);
  }
  if (!allowed)
    throw Error("forbidden", {}, "only organisers over the station or the team's leader",
                "只有服务站的活动组织者或服务队队长可以发布活动");
  std::int64_t now = storage::now_ms();
  if (a.ends_at <= a.starts_at) throw_validation("ends_at", "after the start", "结束时间应晚于开始时间");
  if (a.ends_at - a.starts_at > 24LL * 3'600'000)
    throw_validation("ends_at", "within 24 hours of the start", "活动时长不超过 24 小时");
  if (a.ends_at <= now) throw_validation("ends_at", "in the future", "结束时间应在将来");
  a.region_code = st->region_code;
  a.region_path = st->region_path;
  a.organiser_id = ctx.user().user_id;
  a.code_key.resize(32);
  randombytes_buf(a.code_key.data(), a.code_key.size());
  a.status = "open";
  a.created_at = a.updated_at = now;
  a.id = store::insert_activity(tx, a);
  audit::append(tx, audit::entry(ctx, "volunteers:activity:create", "volunteer_activity:" + std::to_string(a.id),
                                 json::object{{"station", a.station_id}, {"title", a.title}}));
  return *store::activity(tx, a.id);
}

Activity Service::cancel_activity(storage::Tx& tx, const Context& ctx, std::int64_t id, const std::string& reason) {
  auto a = store::activity(tx, id);
  if (!a) throw_not_found("no activity " + std::to_string(id), "活动不存在");
  if (!runs(ctx, *a)) throw Error("forbidden", {}, "only the organiser", "只有活动组织者可以取消");
  std::int64_t now = storage::now_ms();
  if (!store::set_activity_status(tx, id, "open", "cancelled", now))
    throw Error("invalid_transition", "status", "only an open activity can be cancelled", "只有报名中的活动可以取消");
  std::vector<std::int64_t> told;
  for (const auto& s : store::signups(tx, id)) {
    if (s.status == "cancelled") continue;
    if (auto v = store::volunteer(tx, s.volunteer_id); v && v->user_id) told.push_back(*v->user_id);
  }
  tell(tx, told, "volunteer.activity.cancelled", id, "活动已取消：" + a->title + "（" + reason + "）",
       "Activity cancelled: " + a->title + " (" + reason + ")");
  audit::append(tx, audit::entry(ctx, "volunteers:activity:cancel", "volunteer_activity:" + std::to_string(id),
                                 json::object{{"reason", reason}}));
  return *store::activity(tx, id);
}

Signup Service::sign_up(storage::Tx& tx, const Context& ctx, std::int64_t activity_id) {
  auto me = store::volunteer_of_user(tx, ctx.user().user_id);
  if (!me || me->status != "active")
    throw Error("conflict", {}, "register as a volunteer at your community's station first",
                "请先在社区志愿服务站注册为志愿者");
  auto a = store::activity(tx, activity_id);
  if (!a || !ctx.user().reaches("volunteers:activity:join", a->region_path))
    throw_not_found("no activity " + std::to_string(activity_id), "活动不存在");
  std::int64_t now = storage::now_ms();
  if (a->status != "open") throw Error("conflict", "status", "sign-up is closed", "活动不在报名中");
  if (now >= a->starts_at) throw Error("conflict", "status", "the activity has started", "活动已开始，报名已截止");
  auto existing = store::signup_of(tx, activity_id, me->id);
  if (existing && existing->status != "cancelled")
    throw Error("conflict", {}, existing->status == "signed" ? "already signed up" : "already on the waiting list",
                existing->status == "signed" ? "您已报名" : "您已在候补名单中");
  Signup s = existing.value_or(Signup{});
  s.activity_id = activity_id;
  s.volunteer_id = me->id;
  s.status = store::take_place(tx, activity_id, now) ? "signed" : "waiting";
  if (s.status == "waiting") store::add_waiting(tx, activity_id, 1);
  s.signed_up_at = now;
  s.updated_at = now;
  if (existing) {
    s.version = existing->version + 1;
    if (!store::update_signup(tx, s, existing->version))
      throw Error("stale_version", "version", "the sign-up changed meanwhile", "报名信息已变化");
  } else {
    s.version = 1;
    s.id = store::insert_signup(tx, s);
  }
  s.volunteer_name = me->name;
  audit::append(tx,
                audit::entry(ctx, "volunteers:activity:sign-up", "volunteer_activity:" + std::to_string(activity_id),
                             json::object{{"volunteer", me->id}, {"status", s.status}}));
  return s;
}

Signup Service::withdraw(storage::Tx& tx, const Context& ctx, std::int64_t activity_id) {
  auto me = store::volunteer_of_user(tx, ctx.user().user_id);
  auto s = me ? store::signup_of(tx, activity_id, me->id) : std::nullopt;
  if (!s || s->status == "cancelled") throw Error("conflict", {}, "not signed up", "您未报名该活动");
  auto a = *store::activity(tx, activity_id);
  std::int64_t now = storage::now_ms();
  if (now >= a.starts_at) throw Error("conflict", "status", "the activity has started", "活动已开始，不能取消报名");
  if (s->checked_in_at) throw Error("conflict", "status", "already checked in", "已签到，不能取消报名");
  const bool held_place = s->status == "signed";
  Signup out = *s;
  out.status = "cancelled";
  out.version = s->version + 1;
  out.updated_at = now;
  if (!store::update_signup(tx, out, s->version))
    throw Error("stale_version", "version", "the sign-up changed meanwhile", "报名信息已变化");
  if (held_place) {
    store::release_place(tx, activity_id);
    if (auto next = store::first_waiting(tx, activity_id); next && store::take_place(tx, activity_id, now)) {
      Signup promoted = *next;
      promoted.status = "signed";
      promoted.version = next->version + 1;
      promoted.updated_at = now;
      store::update_signup(tx, promoted, next->version);
      store::add_waiting(tx, activity_id, -1);
      if (auto v = store::volunteer(tx, next->volunteer_id); v && v->user_id)
        tell(tx, {*v->user_id}, "volunteer.signup.promoted", activity_id, "候补转正：" + a.title,
             "A place came free for you: " + a.title);
    }
  } else {
    store::add_waiting(tx, activity_id, -1);
  }
  audit::append(tx,
                audit::entry(ctx, "volunteers:activity:withdraw", "volunteer_activity:" + std::to_string(activity_id),
                             json::object{{"volunteer", s->volunteer_id}}));
  return out;
}

}  // namespace wangge::volunteers
