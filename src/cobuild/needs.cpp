// Needs (需求清单, seed 004): what residents need, collected by hand or raised once from a
// household visit, a service order or a micro-wish the collector may read (its text and
// place carried over); matched to a resource or a project serving a node on the need's
// line (the unit's contacts told), met with a note, or closed with the reason.
#include "audit/audit.h"
#include "cobuild/service.h"
#include "cobuild/store.h"
#include "core/error.h"
#include "territory/service.h"

namespace wangge::cobuild {
namespace {

[[noreturn]] void no_need(std::int64_t id) {
  throw_not_found("no need " + std::to_string(id), "需求 " + std::to_string(id) + " 不存在");
}

// The first `n` characters (code points) of s.
std::string needs_clip(const std::string& s, std::size_t n) {
  std::size_t at = 0, chars = 0;
  while (at < s.size() && chars < n) {
    unsigned char c = static_cast<unsigned char>(s[at]);
    at += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    ++chars;
  }
  return s.substr(0, std::min(at, s.size()));
}

}  // namespace

Need Service::readable_need(storage::Tx& tx, const Context& ctx, std::int64_t id) const {
  auto n = store::need(tx, id);
  if (!n || !ctx.user().reaches("cobuild:list:read", n->region_path)) no_need(id);
  return *n;
}

Need Service::raise_need(storage::Tx& tx, const Context& ctx, Need n) {
  std::string region_code = n.region_code;
  if (n.source != "manual") {
    if (!n.source_id) throw_validation("source_id", "the record's id", "请填写记录编号");
    auto src = source_of_ ? source_of_(tx, ctx, n.source, *n.source_id) : std::nullopt;
    if (!src) throw_validation("source_id", "a " + n.source + " you may read", "应为您可查看的记录");
    if (auto other = store::need_of_source(tx, n.source, *n.source_id))
      throw Error("conflict", "source_id", "already raised as need " + std::to_string(*other),
                  "该记录已登记为需求 " + std::to_string(*other));
    if (n.title.empty()) n.title = needs_clip(src->title, 100);
    if (n.description.empty()) n.description = needs_clip(src->description, 2000);
    if (region_code.empty()) {
      region_code = src->region_code;
    } else {
      auto asked = territory_.find(region_code, false);
      auto from = territory_.find(src->region_code, false);
      if (!asked || !from || !path_within(from->path, asked->path))
        throw_validation("region_code", "the record's place or a node above it", "应为记录所在区域或其上级区域");
    }
  } else {
    n.source_id.reset();
  }
  if (n.title.empty()) throw_validation("title", "the need's title", "请填写需求名称");
  if (region_code.empty()) throw_validation("region_code", "the node the need is at", "请选择需求所在区域");
  auto region = territory_.find(region_code, false);
  if (!region) throw_validation("region_code", "a node of the territory", "应为辖区内的区域");
  n.region_code = region_code;
  n.region_path = region->path;
  bool allowed = staff_can(ctx, "cobuild:list:write", n.region_path);
  if (!allowed && ctx.user().can_somewhere("cobuild:list:write"))
    for (auto unit_id : store::units_of_user(tx, ctx.user().user_id))
      if (auto u = store::unit(tx, unit_id); u && path_within(n.region_path, u->region_path)) allowed = true;
  if (!allowed) throw Error("forbidden", {}, "you may not list needs here", "您不能在此登记需求");
  n.collected_by = ctx.user().user_id;
  n.status = "open";
  n.collected_at = n.created_at = n.updated_at = storage::now_ms();
  n.version = 1;
  n.id = store::insert_need(tx, n);
  json::object detail{{"region", n.region_code}, {"source", n.source}};
  if (n.source_id) detail["source_id"] = *n.source_id;
  audit::append(tx, audit::entry(ctx, "cobuild:need:create", "cobuild_need:" + std::to_string(n.id), detail));
  return n;
}

Need Service::act_on_need(storage::Tx& tx, const Context& ctx, std::int64_t id, std::string_view action,
                          std::int64_t version, const json::object& body) {
  Need n = readable_need(tx, ctx, id);
  const bool staff = staff_can(ctx, "cobuild:list:write", n.region_path);
  const std::int64_t me = ctx.user().user_id;
  // Who, before anything about the need's state is told.
  bool who =
      staff ||
      (action == "match" && !store::units_of_user(tx, me).empty() && ctx.user().can_somewhere("cobuild:list:write")) ||
      (action == "meet" && contact_of(tx, ctx, n.resource_unit)) || (action == "close" && n.collected_by == me);
  if (!who) throw Error("forbidden", {}, "you may not act on this need", "您不能处理该需求");
  if (n.version != version) throw Error("stale_version", "version", "the need changed meanwhile", "需求已被他人修改");
  auto to = need_step(action, n.status);
  if (!to)
    throw Error("invalid_transition", {}, "not possible while the need is " + n.status, "当前状态下不能执行该操作");
  const std::int64_t now = storage::now_ms();
  json::object detail{{"from", n.status}, {"to", std::string(*to)}};
  std::vector<std::int64_t> told;
  std::optional<Unit> told_unit;
  if (action == "match") {
    auto resource_id = json::opt_int(body, "resource_id");
    auto project_id = json::opt_int(body, "project_id");
    if (resource_id.has_value() == project_id.has_value())
      throw_validation("resource_id", "either a resource or a project", "请选择一项资源或一个项目");
    if (resource_id) {
      auto r = store::resource(tx, *resource_id);
      if (!r || !ctx.user().reaches("cobuild:list:read", r->region_path))
        throw_validation("resource_id", "a resource you can see", "应为可见的资源");
      if (!path_within(n.region_path, r->region_path))
        throw_validation("resource_id", "a resource serving a node on the need's line (its node or above)",
                         "资源应属于需求所在区域或其上级区域");
      if (!staff && !contact_of(tx, ctx, r->unit_id))
        throw Error("forbidden", "resource_id", "you may offer your own unit's resources only",
                    "您只能对接本单位的资源");
      if (!r->available) throw Error("conflict", "resource_id", "the resource is not available now", "该资源暂不可用");
      n.resource_id = r->id;
      n.resource_title = r->title;
      n.resource_unit = r->unit_id;
      detail["resource"] = r->id;
      if (r->unit_id) {
        told = store::contact_users(tx, {*r->unit_id})[*r->unit_id];
        told_unit = store::unit(tx, *r->unit_id);
      }
    } else {
      if (!staff)
        throw Error("forbidden", "project_id", "staff over the need match it to projects",
                    "仅工作人员可将需求对接项目");
      auto p = store::project(tx, *project_id);
      if (!p || !ctx.user().reaches("cobuild:list:read", p->region_path))
        throw_validation("project_id", "a project you can see", "应为可见的项目");
      if (!path_within(n.region_path, p->region_path))
        throw_validation("project_id", "a project serving a node on the need's line (its node or above)",
                         "项目应属于需求所在区域或其上级区域");
      if (p->status != "planned" && p->status != "in_progress")
        throw Error("conflict", "project_id", "the project is " + p->status, "该项目已结束");
      n.project_id = p->id;
      n.project_title = p->title;
      detail["project"] = p->id;
    }
    n.matched_by = me;
    n.matched_at = now;
    n.match_note = json::opt_string(body, "note", 500).value_or("");
  } else if (action == "meet") {
    n.met_note = json::get_string(body, "note", 1000);
    n.met_at = now;
  } else {
    n.closed_reason = json::get_string(body, "reason", 500);
    n.closed_at = now;
  }
  n.status = std::string(*to);
  n.version = version + 1;
  n.updated_at = now;
  if (!store::update_need(tx, n, version))
    throw Error("stale_version", "version", "the need changed meanwhile", "需求已被他人修改");
  audit::append(tx,
                audit::entry(ctx, "cobuild:need:" + std::string(action), "cobuild_need:" + std::to_string(id), detail));
  if (told_unit)
    tell(tx, told, ctx, "cobuild.need_matched", "cobuild_need:" + std::to_string(id),
         "需求“" + n.title + "”已对接“" + told_unit->name + "”的资源“" + n.resource_title + "”",
         "The need \"" + n.title + "\" was matched to " + told_unit->name + "'s resource \"" + n.resource_title + "\"");
  return n;
}

}  // namespace wangge::cobuild
