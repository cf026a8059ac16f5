// Plans (应急预案) per node and hazard, with the four parts seed 003 names (预警分析、物质储备、
// 人员组织、作战协同): draft -> active -> retired; one active plan per node and hazard, so
// activating another retires the old one in the same transaction. Also the module's
// access rules and its notifications.
#include <algorithm>

#include "audit/audit.h"
#include "core/dates.h"
#include "core/error.h"
#include "core/hash_list.h"
#include "emergency/service.h"
#include "emergency/store.h"
#include "notifications/notifications.h"
#include "territory/service.h"

namespace wangge::emergency {
namespace {

[[noreturn]] void no_plan(std::int64_t id) {
  throw_not_found("no plan " + std::to_string(id), "预案 " + std::to_string(id) + " 不存在");
}

void check_plan(const Plan& p) {
  if (p.attachments.size() > 20) throw_validation("attachments", "at most 20", "附件最多 20 个");
}

}  // namespace

Service::Service(storage::Database& db, territory::Service& territory, const Calendar& calendar, const Crypto& crypto)
    : db_(db), territory_(territory), calendar_(calendar), crypto_(crypto) {}

void Service::register_routes(http::Router& router) {
  register_schemas(router.components());
  register_plan_routes(router);
  register_team_routes(router);
  register_activity_routes(router);
  register_supply_routes(router);
  register_alert_routes(router);
  register_stats_routes(router);
  register_export_routes(router);
}

bool Service::reads(const Context& ctx, const std::string& path) const {
  return ctx.user().reaches("emergency:plan:read", path);
}

bool Service::organises(const Context& ctx, const std::string& path) const {
  return ctx.user().can("emergency:drill:organise", path);
}

std::pair<std::string, std::string> Service::node(const std::string& code) const {
  auto region = territory_.find(code, false);
  if (!region) throw_validation("region_code", "a node of the territory", "应为辖区内的区域");
  return {region->code, region->path};
}

void Service::tell(storage::Tx& tx, const Context& ctx, std::vector<std::int64_t> users, const std::string& kind,
                   const std::string& record, const std::string& zh, const std::string& en) const {
  std::erase(users, ctx.user().user_id);
  if (!notifier_ || users.empty()) return;
  notifications::Message m;
  m.kind = kind;
  m.record = record;
  m.title_zh = zh;
  m.title_en = en;
  notifier_->send(tx, users, m);
}

Plan Service::readable_plan(storage::Tx& tx, const Context& ctx, std::int64_t id) const {
  auto p = store::plan(tx, id);
  if (!p) no_plan(id);
  bool writer = ctx.user().can("emergency:plan:write", p->region_path);
  if (!writer && (p->status == "draft" || !reads(ctx, p->region_path))) no_plan(id);
  return *p;
}

Plan Service::create_plan(storage::Tx& tx, const Context& ctx, Plan p, bool activate) {
  std::tie(p.region_code, p.region_path) = node(p.region_code);
  ctx.require("emergency:plan:write", p.region_path);
  check_plan(p);
  p.status = "draft";
  p.author_id = ctx.user().user_id;
  p.created_at = p.updated_at = storage::now_ms();
  p.id = store::insert_plan(tx, p);
  if (!p.attachments.empty() && link_) link_(tx, ctx, p.attachments, p.id);
  audit::append(tx, audit::entry(ctx, "emergency:plan:create", "emergency_plan:" + std::to_string(p.id),
                                 json::object{{"region", p.region_code}, {"hazard", p.hazard}}));
  return activate ? activate_plan(tx, ctx, p.id, p.version) : p;
}

Plan Service::update_plan(storage::Tx& tx, const Context& ctx, std::int64_t id, const json::object& body) {
  Plan before = readable_plan(tx, ctx, id);
  ctx.require("emergency:plan:write", before.region_path);
  if (json::get_int(body, "version") != before.version)
    throw Error("stale_version", "version", "the plan changed meanwhile", "预案已被他人修改");
  if (before.status == "retired")
    throw Error("invalid_transition", "status", "a retired plan is kept as it was", "已废止的预案不能修改");
  Plan p = before;
  if (auto v = json::opt_string(body, "title", 200, 1)) p.title = *v;
  for (auto [key, field] : {std::pair{"warning", &p.warning}, std::pair{"supplies", &p.supplies},
                            std::pair{"organisation", &p.organisation}, std::pair{"coordination", &p.coordination}})
    if (auto v = json::opt_string(body, key, 8000)) *field = *v;
  if (body.contains("reviewed_on")) {
    if (body.at("reviewed_on").is_null()) {
      p.reviewed_on.reset();
    } else {
      p.reviewed_on = dates::body_day(body, "reviewed_on", "", format_day(calendar_.day_of(storage::now_ms())));
    }
  }
  std::vector<std::string> added;
  if (body.contains("attachments")) {
    p.attachments = json::hash_list(body, "attachments", 20);
    for (const auto& h : p.attachments)
      if (std::find(before.attachments.begin(), before.attachments.end(), h) == before.attachments.end())
        added.push_back(h);
  }
  check_plan(p);
  p.version = before.version + 1;
  p.updated_at = storage::now_ms();
  if (!store::update_plan(tx, p, before.version))
    throw Error("stale_version", "version", "the plan changed meanwhile", "预案已被他人修改");
  if (!added.empty() && link_) link_(tx, ctx, added, id);
  audit::append(tx, audit::entry(ctx, "emergency:plan:update", "emergency_plan:" + std::to_string(id)));
  return p;
}

Plan Service::activate_plan(storage::Tx& tx, const Context& ctx, std::int64_t id, std::int64_t version) {
  Plan p = readable_plan(tx, ctx, id);
  ctx.require("emergency:plan:write", p.region_path);
  if (p.version != version) throw Error("stale_version", "version", "the plan changed meanwhile", "预案已被他人修改");
  if (!plan_step_allowed(p.status, "active"))
    throw Error("invalid_transition", "status", "only a draft is activated", "只有草稿状态的预案可以启用");
  std::int64_t now = storage::now_ms();
  // The old one first: one active plan per node and hazard (a unique index holds it).
  auto retired = store::retire_active(tx, p.region_code, p.hazard, id, now);
  p.status = "active";
  p.activated_at = now;
  p.version = version + 1;
  p.updated_at = now;
  if (!store::update_plan(tx, p, version))
    throw Error("stale_version", "version", "the plan changed meanwhile", "预案已被他人修改");
  json::object detail{{"region", p.region_code}, {"hazard", p.hazard}};
  if (retired) detail["retired"] = *retired;
  audit::append(tx, audit::entry(ctx, "emergency:plan:activate", "emergency_plan:" + std::to_string(id), detail));
  return p;
}

Plan Service::retire_plan(storage::Tx& tx, const Context& ctx, std::int64_t id, std::int64_t version,
                          const std::string& reason) {
  Plan p = readable_plan(tx, ctx, id);
  ctx.require("emergency:plan:write", p.region_path);
  if (p.version != version) throw Error("stale_version", "version", "the plan changed meanwhile", "预案已被他人修改");
  if (!plan_step_allowed(p.status, "retired"))
    throw Error("invalid_transition", "status", "the plan is retired already", "该预案已废止");
  std::int64_t now = storage::now_ms();
  p.status = "retired";
  p.retired_at = now;
  p.retired_reason = reason;
  p.version = version + 1;
  p.updated_at = now;
  if (!store::update_plan(tx, p, version))
    throw Error("stale_version", "version", "the plan changed meanwhile", "预案已被他人修改");
  audit::append(tx, audit::entry(ctx, "emergency:plan:retire", "emergency_plan:" + std::to_string(id)));
  return p;
}

}  // namespace wangge::emergency
