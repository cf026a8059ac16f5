// Party organisations (党组织) on territory nodes, seed 004's "社区党工委-社区党委-网格党支部-
// 楼栋党小组" and seed 003's "在每个网格建立一个党小组": each level on the territory level it
// fits, under a parent whose node contains its own and whose level is higher (a tree may
// start without one at a 党工委, or at the top node of the caller's scope), a name unique
// among the active organisations of its node, dissolved with a reason once it has no
// current members and no active child organisations.
#include <algorithm>

#include "audit/audit.h"
#include "core/dates.h"
#include "core/error.h"
#include "core/flow.h"
#include "party/service.h"
#include "party/store.h"
#include "territory/service.h"

namespace wangge::party {
namespace {

[[noreturn]] void no_org(std::int64_t id) {
  throw_not_found("no party organisation " + std::to_string(id), "党组织 " + std::to_string(id) + " 不存在");
}

[[noreturn]] void stale_org() {
  throw Error("stale_version", "version", "the organisation changed meanwhile", "党组织已被他人修改");
}

// What a level is called, for messages.
std::string level_zh(std::string_view level) {
  if (level == "working_committee") return "党工委";
  if (level == "committee") return "党委";
  if (level == "general_branch") return "党总支";
  if (level == "branch") return "党支部";
  return "党小组";
}

}  // namespace

Service::Service(storage::Database& db, territory::Service& territory, const Calendar& calendar, const Crypto& crypto)
    : db_(db), territory_(territory), calendar_(calendar), crypto_(crypto) {}

void Service::register_routes(http::Router& router) {
  register_schemas(router.components());
  register_org_routes(router);
  register_org_change_routes(router);
  register_member_routes(router);
  register_member_step_routes(router);
  register_pledge_routes(router);
  register_stats_routes(router);
}

std::string Service::today() const {
  return format_day(calendar_.day_of(storage::now_ms()));
}

Org Service::readable_org(storage::Tx& tx, const Context& ctx, std::int64_t id) const {
  auto o = store::org(tx, id);
  if (!o || !ctx.user().reaches("party:org:read", o->region_path)) no_org(id);
  return *o;
}

Org Service::create_org(storage::Tx& tx, const Context& ctx, Org o) {
  auto region = territory_.find(o.region_code, false);
  if (!region) throw_validation("region_code", "a node of the territory", "应为辖区内的区域");
  ctx.require("party:org:write", region->path);
  if (!level_fits(o.level, region->level))
    throw_validation("level",
                     o.level + " does not fit a " + region->level +
                         ": a working committee sits at a town or community, a committee or general branch at a "
                         "community, a branch or group at a grid",
                     level_zh(o.level) +
                         "不能设在该层级的区域：党工委设在镇街或社区，党委、党总支设在社区，"
                         "党支部、党小组设在网格");
  o.region_path = region->path;
  if (o.parent_id) {
    auto parent = store::org(tx, *o.parent_id);
    if (!parent || !ctx.user().reaches("party:org:read", parent->region_path))
      throw_validation("parent_id", "an organisation you can see", "上级党组织不存在或不在您的辖区");
    if (parent->status != "active")
      throw_validation("parent_id", "the parent organisation is dissolved", "上级党组织已撤销");
    if (!path_within(o.region_path, parent->region_path))
      throw_validation("parent_id", "the parent's node must contain the organisation's node",
                       "上级党组织所在区域应包含本组织所在区域");
    if (!level_above(parent->level, o.level))
      throw_validation("parent_id", "the parent's level must be higher", "上级党组织的层级应高于本组织");
  } else {
    auto tops = ctx.user().scope("party:org:write");
    bool top = std::find(tops.begin(), tops.end(), o.region_path) != tops.end();
    if (o.level != "working_committee" && !top)
      throw_validation("parent_id", "required below the top of your scope", "请指定上级党组织");
  }
  if (o.building_id) {
    if (o.level != "group")
      throw_validation("building_id", "only a group is tied to a building", "只有楼栋党小组可关联楼栋");
    auto b = building_of_ ? building_of_(tx, *o.building_id) : std::nullopt;
    if (!b || !path_within(b->region_path, o.region_path))
      throw_validation("building_id", "a building in the group's grid", "楼栋应在党小组所在网格内");
    o.building_name = b->name;
  }
  if (store::org_name_taken(tx, o.region_code, o.name, std::nullopt))
    throw Error("conflict", "name", "an active organisation of this name exists at the node", "该区域已有同名党组织");
  o.status = "active";
  o.created_at = o.updated_at = storage::now_ms();
  o.version = 1;
  o.id = store::insert_org(tx, o);
  audit::append(tx, audit::entry(ctx, "party:org:create", "party_org:" + std::to_string(o.id),
                                 json::object{{"region", o.region_code}, {"level", o.level}}));
  return *store::org(tx, o.id);
}

Org Service::update_org(storage::Tx& tx, const Context& ctx, std::int64_t id, const json::object& body) {
  Org before = readable_org(tx, ctx, id);
  ctx.require("party:org:write", before.region_path);
  if (flow::expected_version(ctx, body) != before.version) stale_org();
  if (before.status != "active")
    throw Error("invalid_transition", {}, "the organisation is dissolved", "该党组织已撤销");
  Org o = before;
  if (auto v = json::opt_string(body, "name", 100, 1)) o.name = *v;
  if (auto v = json::opt_string(body, "secretary_name", 50)) o.secretary_name = *v;
  if (body.contains("founded_on")) {
    auto day = dates::body_day(body, "founded_on", "", today());
    o.founded_on = day.empty() ? std::nullopt : std::optional<std::string>(day);
  }
  if (body.contains("building_id")) {
    o.building_id = json::opt_int(body, "building_id");
    o.building_name.clear();
    if (o.building_id) {
      if (o.level != "group")
        throw_validation("building_id", "only a group is tied to a building", "只有楼栋党小组可关联楼栋");
      auto b = building_of_ ? building_of_(tx, *o.building_id) : std::nullopt;
      if (!b || !path_within(b->region_path, o.region_path))
        throw_validation("building_id", "a building in the group's grid", "楼栋应在党小组所在网格内");
      o.building_name = b->name;
    }
  }
  if (o.name != before.name && store::org_name_taken(tx, o.region_code, o.name, id))
    throw Error("conflict", "name", "an active organisation of this name exists at the node", "该区域已有同名党组织");
  o.version = before.version + 1;
  o.updated_at = storage::now_ms();
  if (!store::update_org(tx, o, before.version)) stale_org();
  audit::append(tx, audit::entry(ctx, "party:org:update", "party_org:" + std::to_string(id)));
  return *store::org(tx, id);
}

Org Service::dissolve_org(storage::Tx& tx, const Context& ctx, std::int64_t id, std::int64_t version,
                          const std::string& reason) {
  Org o = readable_org(tx, ctx, id);
  ctx.require("party:org:write", o.region_path);
  if (version != o.version) stale_org();
  if (o.status != "active")
    throw Error("invalid_transition", {}, "the organisation is dissolved already", "该党组织已撤销");
  if (auto n = store::current_members(tx, id); n > 0)
    throw Error("conflict", {}, "the organisation still has " + std::to_string(n) + " members: transfer them first",
                "该党组织尚有 " + std::to_string(n) + " 名党员，请先办理转接");
  if (auto n = store::active_children(tx, id); n > 0)
    throw Error("conflict", {}, "the organisation still has " + std::to_string(n) + " active child organisations",
                "该党组织尚有 " + std::to_string(n) + " 个下级党组织");
  o.status = "dissolved";
  o.dissolved_reason = reason;
  o.dissolved_at = o.updated_at = storage::now_ms();
  o.version = version + 1;
  if (!store::update_org(tx, o, version)) stale_org();
  audit::append(tx, audit::entry(ctx, "party:org:dissolve", "party_org:" + std::to_string(id)));
  return *store::org(tx, id);
}

}  // namespace wangge::party
