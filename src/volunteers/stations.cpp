// Volunteer stations (志愿服务站: "统筹人员、阵地、活动资源", seed 000) and their teams
// (志愿服务队, seed 002: "聚集9支志愿服务队"), with members' joining and leaving kept as
// history: a stay is ended, never deleted, and joining again starts a new one.
#include "audit/audit.h"
#include "core/error.h"
#include "notifications/notifications.h"
#include "territory/service.h"
#include "volunteers/service.h"
#include "volunteers/store.h"

namespace wangge::volunteers {

Service::Service(storage::Database& db, territory::Service& territory, const Calendar& calendar)
    : db_(db), territory_(territory), calendar_(calendar) {}

void Service::register_routes(http::Router& router) {
  register_schemas(router.components());
  register_station_routes(router);
  register_activity_routes(router);
  register_stats_routes(router);
}

namespace {

// May the caller name volunteer v in a team at `team_path` (as a member or its leader)? The
// volunteer lives under the team's node, or the caller reads volunteers where they live: a
// volunteer of another town is not found, and their name not answered.
bool may_name(const Context& ctx, const std::string& team_path, const std::optional<Volunteer>& v) {
  return v && (path_within(v->region_path, team_path) || ctx.user().can("volunteers:volunteer:read", v->region_path));
}

}  // namespace

void Service::tell(storage::Tx& tx, const std::vector<std::int64_t>& users, const std::string& kind,
                   std::int64_t activity_id, const std::string& zh, const std::string& en) {
  if (!notifier_ || users.empty()) return;
  notifications::Message m;
  m.kind = kind;
  m.record = "volunteer_activity:" + std::to_string(activity_id);
  m.title_zh = zh;
  m.title_en = en;
  notifier_->send(tx, users, m);
}

Station Service::create_station(storage::Tx& tx, const Context& ctx, Station s) {
  auto region = territory_.find(s.region_code, false);
  if (!region) throw_validation("region_code", "a node of the territory", "应为辖区内的区域");
  s.region_path = region->path;
  ctx.require("volunteers:station:write", s.region_path);
  s.created_at = s.updated_at = storage::now_ms();
  s.version = 1;
  s.id = store::insert_station(tx, s);
  audit::append(tx, audit::entry(ctx, "volunteers:station:create", "volunteer_station:" + std::to_string(s.id),
                                 json::object{{"region", s.region_code}, {"name", s.name}}));
  return s;
}

Station Service::update_station(storage::Tx& tx, const Context& ctx, std::int64_t id, const json::object& body) {
  auto found = store::station(tx, id);
  if (!found) throw_not_found("no station " + std::to_string(id), "志愿服务站不存在");
  ctx.require("volunteers:station:write", found->region_path);
  if (json::get_int(body, "version") != found->version)
    throw Error("stale_version", "version", "the station changed meanwhile", "服务站已被他人修改");
  Station s = *found;
  if (auto v = json::opt_string(body, "name", 100)) s.name = *v;
  if (auto v = json::opt_string(body, "address", 200, 0)) s.address = *v;
  if (auto v = json::opt_string(body, "resources", 2000, 0)) s.resources = *v;
  if (auto v = json::opt_string(body, "contact", 100, 0)) s.contact = *v;
  if (auto v = json::opt_bool(body, "active")) s.active = *v;
  s.version = found->version + 1;
  s.updated_at = storage::now_ms();
  if (!store::update_station(tx, s, found->version))
    throw Error("stale_version", "version", "the station changed meanwhile", "服务站已被他人修改");
  audit::append(tx, audit::entry(ctx, "volunteers:station:update", "volunteer_station:" + std::to_string(id), {}));
  return s;
}

Team Service::create_team(storage::Tx& tx, const Context& ctx, Team t) {
  auto st = store::station(tx, t.station_id);
  if (!st) throw_validation("station_id", "a station", "应为志愿服务站");
  ctx.require("volunteers:station:write", st->region_path);
  t.region_code = st->region_code;
  t.region_path = st->region_path;
  std::int64_t now = storage::now_ms();
  t.created_at = t.updated_at = now;
  t.version = 1;
  if (t.leader_id) {
    auto v = store::volunteer(tx, *t.leader_id);
    if (!may_name(ctx, t.region_path, v) || v->status != "active")
      throw_validation("leader_id", "an active volunteer", "应为在册志愿者");
  }
  t.id = store::insert_team(tx, t);
  if (t.leader_id) store::insert_membership(tx, Membership{0, t.id, *t.leader_id, now, std::nullopt, "", "", ""});
  audit::append(tx, audit::entry(ctx, "volunteers:team:create", "volunteer_team:" + std::to_string(t.id),
                                 json::object{{"station", t.station_id}, {"name", t.name}}));
  return *store::team(tx, t.id);
}

Team Service::update_team(storage::Tx& tx, const Context& ctx, std::int64_t id, const json::object& body) {
  auto found = store::team(tx, id);
  if (!found) throw_not_found("no team " + std::to_string(id), "志愿服务队不存在");
  ctx.require("volunteers:station:write", found->region_path);
  if (json::get_int(body, "version") != found->version)
    throw Error("stale_version", "version", "the team changed meanwhile", "服务队已被他人修改");
  Team t = *found;
  if (auto v = json::opt_string(body, "name", 100)) t.name = *v;
  if (auto v = json::opt_string(body, "purpose", 500, 0)) t.purpose = *v;
  if (auto v = json::opt_bool(body, "active")) t.active = *v;
  std::int64_t now = storage::now_ms();
  if (body.contains("leader_id")) {
    if (body.at("leader_id").is_null()) {
      t.leader_id.reset();
    } else {
      auto leader = json::get_int(body, "leader_id");
      auto v = store::volunteer(tx, leader);
      if (!may_name(ctx, found->region_path, v) || v->status != "active")
        throw_validation("leader_id", "an active volunteer", "应为在册志愿者");
      t.leader_id = leader;
      // A leader is a member: joining the team if not in it.
      if (!store::current_membership(tx, id, leader))
        store::insert_membership(tx, Membership{0, id, leader, now, std::nullopt, "", "", ""});
    }
  }
  t.version = found->version + 1;
  t.updated_at = now;
  if (!store::update_team(tx, t, found->version))
    throw Error("stale_version", "version", "the team changed meanwhile", "服务队已被他人修改");
  audit::append(tx, audit::entry(ctx, "volunteers:team:update", "volunteer_team:" + std::to_string(id),
                                 json::object{{"leader", t.leader_id ? json::value(*t.leader_id) : json::value()}}));
  return *store::team(tx, id);
}

bool Service::leads(storage::Tx& tx, const Context& ctx, const Team& t) const {
  if (!t.leader_id) return false;
  auto me = store::volunteer_of_user(tx, ctx.user().user_id);
  return me && me->id == *t.leader_id;
}

Membership Service::join(storage::Tx& tx, const Context& ctx, std::int64_t team_id,
                         std::optional<std::int64_t> volunteer_id) {
  auto t = store::team(tx, team_id);
  if (!t) throw_not_found("no team " + std::to_string(team_id), "志愿服务队不存在");
  if (!t->active) throw Error("conflict", "team", "the team is disbanded", "该服务队已解散");
  std::optional<Volunteer> v;
  if (volunteer_id) {
    if (!ctx.user().can("volunteers:station:write", t->region_path) && !leads(tx, ctx, *t))
      throw Error("forbidden", {}, "only the station's staff or the team's leader add members",
                  "只有服务站管理人员或队长可以添加队员");
    v = store::volunteer(tx, *volunteer_id);
    if (!may_name(ctx, t->region_path, v)) throw_validation("volunteer_id", "a registered volunteer", "应为在册志愿者");
  } else {
    v = store::volunteer_of_user(tx, ctx.user().user_id);
    if (!v) throw Error("conflict", {}, "register as a volunteer first", "请先注册为志愿者");
  }
  if (v->status != "active") throw Error("conflict", "volunteer_id", "the volunteer has left", "该志愿者已退出");
  if (store::current_membership(tx, team_id, v->id))
    throw Error("conflict", "volunteer_id", "already a member", "已是该队队员");
  Membership m{0, team_id, v->id, storage::now_ms(), std::nullopt, "", v->name, t->name};
  m.id = store::insert_membership(tx, m);
  audit::append(tx, audit::entry(ctx, "volunteers:team:join", "volunteer_team:" + std::to_string(team_id),
                                 json::object{{"volunteer", v->id}}));
  return m;
}

Membership Service::leave(storage::Tx& tx, const Context& ctx, std::int64_t team_id, std::int64_t volunteer_id,
                          const std::string& reason) {
  auto t = store::team(tx, team_id);
  if (!t) throw_not_found("no team " + std::to_string(team_id), "志愿服务队不存在");
  auto me = store::volunteer_of_user(tx, ctx.user().user_id);
  const bool self = me && me->id == volunteer_id;
  if (!self && !ctx.user().can("volunteers:station:write", t->region_path) && !leads(tx, ctx, *t))
    throw Error("forbidden", {}, "only the member, the team's leader or the station's staff",
                "只有本人、队长或服务站管理人员可以办理退队");
  auto m = store::current_membership(tx, team_id, volunteer_id);
  if (!m) throw Error("conflict", "volunteer_id", "not a member now", "不是该队现任队员");
  if (t->leader_id && *t->leader_id == volunteer_id)
    throw Error("conflict", "volunteer_id", "the leader leaves after another is named", "请先更换队长再退队");
  std::int64_t now = storage::now_ms();
  store::end_membership(tx, m->id, now, reason);
  m->left_at = now;
  m->left_reason = reason;
  audit::append(tx, audit::entry(ctx, "volunteers:team:leave", "volunteer_team:" + std::to_string(team_id),
                                 json::object{{"volunteer", volunteer_id}, {"reason", reason}}));
  return *m;
}

}  // namespace wangge::volunteers
