// Co-building units (共建单位, the members of the party-building alliance 党建联盟: "街道
// “万楼兴”党建联盟成员目前已发展至23家", seed 002) serving a community or a town: set one
// up, change it, end its membership with the reason (its row and log kept). Also the
// module's shared helpers: who acts as staff, who is a unit's contact, the log, the
// notifications; and the lookups the events module makes when a whistle summons units.
#include "audit/audit.h"
#include "cobuild/service.h"
#include "cobuild/store.h"
#include "core/dates.h"
#include "core/error.h"
#include "notifications/notifications.h"
#include "territory/service.h"

namespace wangge::cobuild {
namespace {

[[noreturn]] void no_unit(std::int64_t id) {
  throw_not_found("no co-building unit " + std::to_string(id), "共建单位 " + std::to_string(id) + " 不存在");
}

[[noreturn]] void stale_unit() {
  throw Error("stale_version", "version", "the unit changed meanwhile", "共建单位已被他人修改");
}

Service::UnitRef ref_of(const Unit& u, std::vector<std::int64_t> users) {
  return Service::UnitRef{u.id, u.name, u.region_path, std::move(users), u.status == "active"};
}

}  // namespace

std::optional<std::string> body_date(const json::object& body, std::string_view key, const std::string& today,
                                     bool future_ok) {
  const auto* v = body.if_contains(key);
  if (!v || v->is_null()) return std::nullopt;
  std::string d = dates::body_day(body, key, "", today, future_ok);
  if (d < "2000-01-01" || d > "2099-12-31")
    throw_validation(std::string(key), "a day of 2000-2099", "应为 2000-2099 年的日期");
  return d;
}

Service::Service(storage::Database& db, territory::Service& territory, const Calendar& calendar, const Crypto& crypto)
    : db_(db), territory_(territory), calendar_(calendar), crypto_(crypto) {}

void Service::register_routes(http::Router& router) {
  register_schemas(router.components());
  register_unit_routes(router);
  register_resource_routes(router);
  register_need_routes(router);
  register_project_routes(router);
  register_stats_routes(router);
}

std::string Service::today() const {
  return format_day(calendar_.day_of(storage::now_ms()));
}

bool Service::staff_can(const Context& ctx, std::string_view permission, const std::string& path) const {
  for (const auto& g : ctx.user().grants)
    if (g.role != kContactRole && role_has(g.role, permission) && path_within(path, g.region_path)) return true;
  return false;
}

bool Service::contact_of(storage::Tx& tx, const Context& ctx, std::optional<std::int64_t> unit_id) const {
  if (!unit_id || !ctx.user().can_somewhere("cobuild:list:write")) return false;
  auto mine = store::units_of_user(tx, ctx.user().user_id);
  return std::find(mine.begin(), mine.end(), *unit_id) != mine.end();
}

void Service::log_unit(storage::Tx& tx, const Context& ctx, std::int64_t unit_id, const std::string& action,
                       json::object detail) {
  LogEntry e;
  e.unit_id = unit_id;
  e.action = action;
  e.detail = json::to_text(detail);
  e.actor_id = ctx.actor_id();
  e.at = storage::now_ms();
  store::append_log(tx, e);
  audit::append(tx, audit::entry(ctx, "cobuild:unit:" + action, "cobuild_unit:" + std::to_string(unit_id), detail));
}

Unit Service::named_unit(storage::Tx& tx, const Context& ctx, std::int64_t id, const std::string& field) const {
  auto u = store::unit(tx, id);
  const Principal& me = ctx.user();
  if (!u || !(me.reaches("cobuild:unit:read", u->region_path) || me.reaches("cobuild:list:read", u->region_path)))
    throw_validation(field, "a co-building unit you can see", "应为可见的共建单位");
  if (u->status != "active") throw_validation(field, "a unit still in the alliance", "该共建单位已退出");
  return *u;
}

void Service::tell(storage::Tx& tx, std::vector<std::int64_t> users, const Context& ctx, const std::string& kind,
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

std::optional<Service::UnitRef> Service::unit_ref(storage::Tx& tx, std::int64_t id) const {
  auto u = store::unit(tx, id);
  if (!u) return std::nullopt;
  auto users = store::contact_users(tx, {id});
  return ref_of(*u, users[id]);
}

std::vector<std::int64_t> Service::units_of_user(storage::Tx& tx, std::int64_t user_id) const {
  return store::units_of_user(tx, user_id);
}

std::vector<Service::UnitRef> Service::units_serving(storage::Tx& tx, const std::string& region_path) const {
  auto units = store::units_on_line(tx, region_path);
  std::vector<std::int64_t> ids;
  for (const auto& u : units) ids.push_back(u.id);
  auto users = store::contact_users(tx, ids);
  std::vector<UnitRef> out;
  for (const auto& u : units) out.push_back(ref_of(u, users[u.id]));
  return out;
}

Unit Service::readable_unit(storage::Tx& tx, const Context& ctx, std::int64_t id) const {
  auto u = store::unit(tx, id);
  if (!u || !ctx.user().reaches("cobuild:unit:read", u->region_path)) no_unit(id);
  return *u;
}

Unit Service::create_unit(storage::Tx& tx, const Context& ctx, Unit u) {
  auto region = territory_.find(u.region_code, false);
  if (!region) throw_validation("region_code", "a node of the territory", "应为辖区内的区域");
  if (region->level != "community" && region->level != "town")
    throw_validation("region_code", "the community or town the unit serves", "共建单位应结对社区或镇街");
  u.region_path = region->path;
  ctx.require("cobuild:unit:write", u.region_path);
  if (!u.credit_code.empty() && !valid_credit_code(u.credit_code))
    throw_validation("credit_code", "an 18-character unified social credit code (check character)",
                     "统一社会信用代码应为 18 位且校验位正确");
  if (store::active_unit_named(tx, u.region_code, u.name))
    throw Error("already_exists", "name", "a unit of this name already serves this node", "该区域已有同名共建单位");
  if (!u.credit_code.empty() && store::active_unit_with_code(tx, u.region_code, u.credit_code))
    throw Error("already_exists", "credit_code", "a unit with this credit code already serves this node",
                "该区域已有相同统一社会信用代码的共建单位");
  if (u.alliance && !u.joined_on) u.joined_on = today();
  if (!u.alliance) u.joined_on.reset();
  u.status = "active";
  u.created_by = ctx.user().user_id;
  u.created_at = u.updated_at = storage::now_ms();
  u.version = 1;
  u.id = store::insert_unit(tx, u);
  log_unit(tx, ctx, u.id, "create",
           json::object{{"region", u.region_code}, {"name", u.name}, {"kind", u.kind}, {"alliance", u.alliance}});
  return u;
}

Unit Service::update_unit(storage::Tx& tx, const Context& ctx, std::int64_t id, const json::object& body) {
  Unit before = readable_unit(tx, ctx, id);
  ctx.require("cobuild:unit:write", before.region_path);
  if (json::get_int(body, "version") != before.version) stale_unit();
  if (before.status != "active")
    throw Error("conflict", {}, "the unit has left the alliance: its record is kept as it was",
                "该共建单位已退出，记录保持原样");
  Unit u = before;
  json::array changed;
  auto text = [&](const char* key, std::string& field, std::size_t max, std::size_t min) {
    if (auto v = json::opt_string(body, key, max, min); v && *v != field) {
      field = *v;
      changed.emplace_back(key);
    }
  };
  text("name", u.name, 100, 1);
  text("address", u.address, 200, 0);
  text("description", u.description, 2000, 0);
  text("area", u.area, 500, 0);
  if (body.contains("kind")) {
    auto k = json::one_of(body, "kind", kUnitKinds);
    if (k != u.kind) u.kind = k, changed.emplace_back("kind");
  }
  if (auto v = json::opt_string(body, "credit_code", 18); v && *v != u.credit_code) {
    std::string code = *v;
    for (auto& ch : code) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (!code.empty() && !valid_credit_code(code))
      throw_validation("credit_code", "an 18-character unified social credit code (check character)",
                       "统一社会信用代码应为 18 位且校验位正确");
    if (!code.empty() && code != before.credit_code) {
      auto other = store::active_unit_with_code(tx, u.region_code, code);
      if (other && *other != id)
        throw Error("already_exists", "credit_code", "a unit with this credit code already serves this node",
                    "该区域已有相同统一社会信用代码的共建单位");
    }
    u.credit_code = code;
    changed.emplace_back("credit_code");
  }
  if (auto v = json::opt_bool(body, "alliance"); v && *v != u.alliance) {
    u.alliance = *v;
    u.joined_on = *v ? std::optional<std::string>(today()) : std::nullopt;
    changed.emplace_back("alliance");
  }
  if (auto v = body_date(body, "joined_on", today(), false)) {
    if (!u.alliance) throw_validation("joined_on", "only for a member of the alliance", "仅党建联盟成员有入盟日期");
    u.joined_on = *v;
    changed.emplace_back("joined_on");
  }
  if (u.name != before.name) {
    auto other = store::active_unit_named(tx, u.region_code, u.name);
    if (other && *other != id)
      throw Error("already_exists", "name", "a unit of this name already serves this node", "该区域已有同名共建单位");
  }
  u.version = before.version + 1;
  u.updated_at = storage::now_ms();
  if (!store::update_unit(tx, u, before.version)) stale_unit();
  log_unit(tx, ctx, id, "update", json::object{{"fields", changed}});
  return u;
}

Unit Service::leave_unit(storage::Tx& tx, const Context& ctx, std::int64_t id, std::int64_t version,
                         const std::string& reason, const std::string& left_on) {
  Unit u = readable_unit(tx, ctx, id);
  ctx.require("cobuild:unit:write", u.region_path);
  if (u.version != version) stale_unit();
  if (u.status != "active") throw Error("invalid_transition", {}, "the unit has left already", "该共建单位已退出");
  if (u.joined_on && left_on < *u.joined_on)
    throw_validation("left_on", "on or after the day it joined", "退出日期不能早于入盟日期");
  u.status = "left";
  u.left_on = left_on;
  u.left_reason = reason;
  u.version = version + 1;
  u.updated_at = storage::now_ms();
  if (!store::update_unit(tx, u, version)) stale_unit();
  log_unit(tx, ctx, id, "leave", json::object{{"left_on", left_on}});
  return u;
}

}  // namespace wangge::cobuild
