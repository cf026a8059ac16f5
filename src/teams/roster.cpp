// The roster (网格小组): entries of a grid's or community's team by post, added, changed
// and ended with their history kept; duplicates refused; the caller's grid for "my grid
// team" and calls; the call button's number, audited. Also the accounts other modules ask
// for (the grid chief's, those on duty).
#include <algorithm>

#include "audit/audit.h"
#include "core/error.h"
#include "teams/service.h"
#include "teams/store.h"
#include "territory/service.h"

namespace wangge::teams {
namespace {

[[noreturn]] void no_member(std::int64_t id) {
  throw_not_found("no team member " + std::to_string(id), "网格小组成员 " + std::to_string(id) + " 不存在");
}

}  // namespace

Service::Service(storage::Database& db, territory::Service& territory, const Calendar& calendar, const Crypto& crypto)
    : db_(db), territory_(territory), calendar_(calendar), crypto_(crypto) {}

void Service::register_routes(http::Router& router) {
  register_schemas(router.components());
  register_roster_routes(router);
  register_card_routes(router);
  register_call_routes(router);
  register_care_routes(router);
  register_work_routes(router);
  register_stats_routes(router);
  register_export_routes(router);
}

std::vector<std::int64_t> Service::grid_chief_accounts(storage::Tx& tx, const std::string& grid_code) {
  std::vector<std::int64_t> out;
  for (const std::string& code : {grid_code, grid_code.substr(0, kCommunityDigits)}) {
    for (const auto& m : store::active_at(tx, {code}))
      if (m.post == "grid_chief" && m.user_id) out.push_back(*m.user_id);
    if (!out.empty() || grid_code.size() <= kCommunityDigits) break;
  }
  return out;
}

std::vector<std::int64_t> Service::on_duty_accounts(storage::Tx& tx, const std::string& grid_code) {
  std::vector<std::int64_t> out;
  for (const auto& m : store::active_at(tx, {grid_code}))
    if (m.on_duty && m.user_id && std::find(out.begin(), out.end(), *m.user_id) == out.end()) out.push_back(*m.user_id);
  return out;
}

void Service::set_phone(Member& m, const std::optional<std::string>& phone) const {
  if (!phone || phone->empty()) {
    m.phone_sealed.reset();
    m.phone_index.reset();
    m.phone_masked.clear();
    return;
  }
  if (!valid_phone(*phone))
    throw_validation("phone", "an 11-digit mobile or a landline with its area code",
                     "应为 11 位手机号或带区号的固定电话");
  std::string plain = normalize_phone(*phone);
  m.phone_sealed = crypto_.seal(plain);
  m.phone_index = crypto_.blind_index("phone", plain);
  m.phone_masked = mask_phone(plain);
}

void Service::link_account(storage::Tx& tx, Member& m, const std::string& username) const {
  auto account = user_by_name_ ? user_by_name_(tx, username) : std::nullopt;
  if (!account) throw_validation("username", "an existing account", "账号不存在");
  bool on_line = std::any_of(account->paths.begin(), account->paths.end(), [&](const std::string& p) {
    return path_within(m.region_path, p) || path_within(p, m.region_path);
  });
  if (!on_line)
    throw_validation("username", "an account that works or lives in this grid or community",
                     "该账号不在本网格（社区）工作或居住");
  m.user_id = account->id;
}

void Service::check_person(storage::Tx& tx, const Context& ctx, const Member& m) const {
  if (!m.person_id) return;
  auto p = person_of_ ? person_of_(tx, *m.person_id) : std::nullopt;
  if (!p || !ctx.user().can("teams:roster:write", p->region_path))
    throw_validation("person_id", "a person of the registry in your territory", "应为您辖区内登记的人员");
}

void Service::check_duplicate(storage::Tx& tx, const Member& m) const {
  auto which = store::duplicate(tx, m, m.id);
  if (!which) return;
  if (*which == "account")
    throw Error("conflict", "username", "this account already holds this post here",
                "该账号已在本网格（社区）担任该岗位");
  if (*which == "person")
    throw Error("conflict", "person_id", "this person already holds this post here",
                "该人员已在本网格（社区）担任该岗位");
  throw Error("conflict", "name", "someone of this name and phone already holds this post here",
              "同名同电话的人员已在本网格（社区）担任该岗位");
}

Member Service::add_member(storage::Tx& tx, const Context& ctx, MemberInput in) {
  auto region = territory_.find(in.m.region_code, false);
  if (!region) throw_validation("region_code", "a grid or community of the territory", "应为辖区内的网格或社区");
  ctx.require("teams:roster:write", region->path);
  if (region->level != "grid" && region->level != "community")
    throw_validation("region_code", "a grid or a community: teams are kept there", "网格小组应设在网格或社区");
  Member m = std::move(in.m);
  m.region_path = region->path;
  m.level = region->level;
  set_phone(m, in.phone);
  if (m.phone_public && !m.phone_sealed)
    throw_validation("phone_public", "a published phone needs a phone", "公开电话须先填写电话");
  if (in.username && !in.username->empty()) link_account(tx, m, *in.username);
  check_person(tx, ctx, m);
  check_duplicate(tx, m);
  m.photo = in.photo;
  m.status = "active";
  m.version = 1;
  m.created_at = m.updated_at = storage::now_ms();
  m.id = store::insert_member(tx, m);
  if (m.photo) {
    if (!link_) throw_validation("photo", "photos are not available", "暂不支持照片");
    link_(tx, ctx, {*m.photo}, m.id);
  }
  audit::append(tx, audit::entry(ctx, "teams:member:add", "team_member:" + std::to_string(m.id),
                                 json::object{{"region", m.region_code}, {"post", m.post}}));
  return m;
}

Member Service::readable_member(storage::Tx& tx, const Context& ctx, std::int64_t id) const {
  auto m = store::member(tx, id);
  if (!m || !ctx.user().reaches("teams:roster:read", m->region_path)) no_member(id);
  return *m;
}

Member Service::update_member(storage::Tx& tx, const Context& ctx, std::int64_t id, const json::object& body) {
  Member before = readable_member(tx, ctx, id);
  ctx.require("teams:roster:write", before.region_path);
  if (before.status != "active") throw Error("conflict", {}, "the entry has ended", "该成员已离任，不能修改");
  std::int64_t version = json::get_int(body, "version");
  Member m = before;
  if (auto v = json::opt_string(body, "name", 50, 1)) m.name = *v;
  if (body.contains("phone")) set_phone(m, json::opt_string(body, "phone", 20));
  if (auto v = json::opt_bool(body, "phone_public")) m.phone_public = *v;
  if (m.phone_public && !m.phone_sealed)
    throw_validation("phone_public", "a published phone needs a phone", "公开电话须先填写电话");
  std::optional<std::string> new_photo;
  if (body.contains("photo")) {
    auto photos = json::opt_string(body, "photo", 64, 64);
    m.photo = photos;
    if (photos && photos != before.photo) new_photo = photos;
  }
  if (auto v = json::opt_string(body, "responsibility", 200)) m.responsibility = *v;
  if (auto v = json::opt_bool(body, "on_duty")) m.on_duty = *v;
  if (auto v = json::opt_int(body, "sort")) {
    if (*v < 0 || *v > 9999) throw_validation("sort", "0-9999", "应为 0 至 9999");
    m.sort = *v;
  }
  if (body.contains("username")) {
    auto username = json::opt_string(body, "username", 64);
    m.user_id.reset();
    if (username && !username->empty()) link_account(tx, m, *username);
  }
  if (body.contains("person_id")) {
    m.person_id = json::opt_int(body, "person_id");
    if (m.person_id != before.person_id) check_person(tx, ctx, m);
  }
  check_duplicate(tx, m);
  if (version != before.version)
    throw Error("stale_version", "version", "the entry changed meanwhile", "该成员信息已被他人修改");
  m.version = version + 1;
  m.updated_at = storage::now_ms();
  if (!store::update_member(tx, m, version))
    throw Error("stale_version", "version", "the entry changed meanwhile", "该成员信息已被他人修改");
  if (new_photo) {
    if (!link_) throw_validation("photo", "photos are not available", "暂不支持照片");
    link_(tx, ctx, {*new_photo}, m.id);
  }
  audit::append(tx, audit::entry(ctx, "teams:member:update", "team_member:" + std::to_string(id)));
  return m;
}

Member Service::end_member(storage::Tx& tx, const Context& ctx, std::int64_t id, const std::string& reason,
                           const std::string& until) {
  Member before = readable_member(tx, ctx, id);
  ctx.require("teams:roster:write", before.region_path);
  if (before.status != "active") throw Error("conflict", {}, "the entry has ended already", "该成员已离任");
  if (until < before.since) throw_validation("until", "on or after the day they began", "离任日期不能早于任职日期");
  Member m = before;
  m.status = "ended";
  m.until = until;
  m.end_reason = reason;
  m.on_duty = false;
  m.version = before.version + 1;
  m.updated_at = storage::now_ms();
  if (!store::update_member(tx, m, before.version))
    throw Error("stale_version", "version", "the entry changed meanwhile", "该成员信息已被他人修改");
  end_assignments_of(tx, ctx, m, reason);
  m.in_care = 0;
  audit::append(
      tx, audit::entry(ctx, "teams:member:end", "team_member:" + std::to_string(id), json::object{{"until", until}}));
  return m;
}

std::string Service::reveal_phone(storage::Tx& tx, const Context& ctx, std::int64_t id) {
  auto m = store::member(tx, id);
  if (!m || m->status != "active" || !ctx.user().reaches("teams:card:read", m->region_path)) no_member(id);
  if (!m->phone_sealed) throw_not_found("the entry has no phone", "该成员未登记电话");
  auto plain = crypto_.open(*m->phone_sealed);
  if (!plain) throw Error("internal", {}, "the phone cannot be opened", "电话无法解密");
  audit::append(tx, audit::entry(ctx, "teams:member:phone", "team_member:" + std::to_string(id),
                                 json::object{{"public", m->phone_public}}));
  return *plain;
}

std::optional<Service::GridRef> Service::caller_grid(storage::Tx& tx, const Context& ctx) const {
  const Principal& u = ctx.user();
  GridRef r;
  for (const auto& g : u.grants) {
    if (!role_has(g.role, "teams:card:read")) continue;
    std::string grid = code_at(g.region_path, kGridDigits);
    if (grid.empty()) continue;
    r.grid_code = grid;
    r.grid_path = path_to(g.region_path, kGridDigits);
    if (g.region_code == grid) r.grid_name = g.region_name;
    break;
  }
  if (r.grid_code.empty() && identity_grid_) {
    if (auto code = identity_grid_(tx, u.user_id)) {
      auto region = territory_.find(*code, false);
      if (region && region->level == "grid") {
        r.grid_code = region->code;
        r.grid_path = region->path;
        r.grid_name = region->name;
      }
    }
  }
  if (r.grid_code.empty()) return std::nullopt;
  r.community_code = code_at(r.grid_path, kCommunityDigits);
  r.community_path = path_to(r.grid_path, kCommunityDigits);
  territory::NameCache names(territory_);
  names.prime({r.grid_code, r.community_code});
  if (r.grid_name.empty()) r.grid_name = names(r.grid_code);
  if (!r.community_code.empty()) r.community_name = names(r.community_code);
  return r;
}

}  // namespace wangge::teams
