// Councils (协商议事会) at county, town, community and grid level (seed 004: "'县-村(社区)-
// 网格'三级协商体系") and their members by group (seed 001: the "1+7+X" bodies). A member's
// stay is ended with its reason, never deleted. Also the module's shared helpers: who may
// read and who runs a council's business, the timeline and the notifications.
#include "audit/audit.h"
#include "core/error.h"
#include "deliberation/service.h"
#include "deliberation/store.h"
#include "notifications/notifications.h"
#include "territory/service.h"

namespace wangge::deliberation {

Service::Service(storage::Database& db, territory::Service& territory, const Calendar& calendar)
    : db_(db), territory_(territory), calendar_(calendar) {}

void Service::register_routes(http::Router& router) {
  register_schemas(router.components());
  register_council_routes(router);
  register_topic_routes(router);
  register_stage_routes(router);
  register_ballot_routes(router);
  register_stats_routes(router);
}

bool Service::can_read(const Context& ctx, const std::string& region_path) const {
  return ctx.user().reaches("deliberation:topic:read", region_path);
}

bool Service::manages(const Context& ctx, const std::string& council_path) const {
  return ctx.user().can("deliberation:topic:manage", council_path);
}

Council Service::create_council(storage::Tx& tx, const Context& ctx, Council c) {
  auto region = territory_.find(c.region_code, false);
  if (!region) throw_validation("region_code", "a node of the territory", "应为辖区内的区域");
  ctx.require("deliberation:council:write", region->path);
  if (region->level != "county" && region->level != "town" && region->level != "community" && region->level != "grid")
    throw_validation("region_code", "a county, town, community or grid",
                     "协商议事会应设在区县、镇街、村（社区）或网格");
  c.region_path = region->path;
  c.level = region->level;
  c.created_at = c.updated_at = storage::now_ms();
  c.version = 1;
  c.id = store::insert_council(tx, c);
  audit::append(tx, audit::entry(ctx, "deliberation:council:create", "council:" + std::to_string(c.id),
                                 json::object{{"region", c.region_code}, {"name", c.name}}));
  return c;
}

Council Service::update_council(storage::Tx& tx, const Context& ctx, std::int64_t id, const json::object& body) {
  auto found = store::council(tx, id);
  if (!found || !can_read(ctx, found->region_path))
    throw_not_found("no council " + std::to_string(id), "议事会 " + std::to_string(id) + " 不存在");
  ctx.require("deliberation:council:write", found->region_path);
  Council c = *found;
  if (auto v = json::opt_string(body, "name", 100, 1)) c.name = *v;
  if (auto v = json::opt_string(body, "description", 2000)) c.description = *v;
  if (auto v = json::opt_bool(body, "active")) c.active = *v;
  c.version = found->version + 1;
  c.updated_at = storage::now_ms();
  if (!store::update_council(tx, c, json::get_int(body, "version")))
    throw Error("stale_version", "version", "the council changed meanwhile", "议事会已被他人修改");
  audit::append(tx, audit::entry(ctx, "deliberation:council:update", "council:" + std::to_string(id)));
  return c;
}

Member Service::add_member(storage::Tx& tx, const Context& ctx, std::int64_t council_id, Member m,
                           const std::optional<std::string>& username) {
  auto c = store::council(tx, council_id);
  if (!c || !can_read(ctx, c->region_path))
    throw_not_found("no council " + std::to_string(council_id), "议事会 " + std::to_string(council_id) + " 不存在");
  ctx.require("deliberation:council:write", c->region_path);
  if (!c->active) throw Error("conflict", {}, "the council is dissolved", "该议事会已撤销");
  if (username && !username->empty()) {
    m.user_id = user_by_name_ ? user_by_name_(tx, *username) : std::nullopt;
    if (!m.user_id) throw_validation("username", "an existing account", "账号不存在");
    if (store::member_of_user(tx, council_id, *m.user_id))
      throw Error("conflict", "username", "this account is already a member", "该账号已是本议事会成员");
  }
  m.council_id = council_id;
  m.joined_at = storage::now_ms();
  m.id = store::insert_member(tx, m);
  audit::append(tx, audit::entry(ctx, "deliberation:member:add", "council:" + std::to_string(council_id),
                                 json::object{{"member", m.id}, {"group", m.group}, {"post", m.post}}));
  return m;
}

Member Service::remove_member(storage::Tx& tx, const Context& ctx, std::int64_t member_id, const std::string& reason) {
  auto m = store::member(tx, member_id);
  std::optional<Council> c = m ? store::council(tx, m->council_id) : std::nullopt;
  if (!m || !c || !can_read(ctx, c->region_path))
    throw_not_found("no member " + std::to_string(member_id), "成员 " + std::to_string(member_id) + " 不存在");
  ctx.require("deliberation:council:write", c->region_path);
  if (m->left_at) throw Error("conflict", {}, "the member has left already", "该成员已退出");
  m->left_at = storage::now_ms();
  m->left_reason = reason;
  store::end_member(tx, member_id, *m->left_at, reason);
  audit::append(tx, audit::entry(ctx, "deliberation:member:remove", "council:" + std::to_string(c->id),
                                 json::object{{"member", member_id}}));
  return *m;
}

void Service::record(storage::Tx& tx, const Context& ctx, const Topic& t, const std::string& action,
                     const std::string& from, const std::string& comment, json::object detail) {
  TimelineEntry e;
  e.topic_id = t.id;
  e.action = action;
  e.from_status = from;
  e.to_status = t.status;
  e.actor_id = ctx.actor_id();
  e.comment = comment;
  e.detail = json::to_text(detail);
  e.at = storage::now_ms();
  store::insert_entry(tx, e);
  detail["from"] = from;
  detail["to"] = t.status;
  audit::append(tx, audit::entry(ctx, "deliberation:topic:" + action, "topic:" + std::to_string(t.id), detail));
}

void Service::tell(storage::Tx& tx, std::vector<std::int64_t> users, const Context& ctx, const std::string& kind,
                   const Topic& t, const std::string& zh, const std::string& en) {
  std::erase(users, ctx.user().user_id);
  if (!notifier_ || users.empty()) return;
  notifications::Message m;
  m.kind = kind;
  m.record = "topic:" + std::to_string(t.id);
  m.title_zh = zh;
  m.title_en = en;
  notifier_->send(tx, users, m);
}

}  // namespace wangge::deliberation
