// Teams (网格巡逻队, 应急救援队, 医疗救护, 志愿服务队, 民兵) at a node, with their members' stays:
// a member is named, their phone sealed (a masked copy shown, a blind index finding a
// duplicate), optionally linked to the account they log in with (which must work or live on
// the line of the team's node), a leader or a member, since a day until the day they left
// with the reason. The same account or phone twice among a team's current members, or a
// second current leader, is refused (409).
#include <algorithm>

#include "audit/audit.h"
#include "core/dates.h"
#include "core/error.h"
#include "emergency/service.h"
#include "emergency/store.h"
#include "territory/service.h"

namespace wangge::emergency {
namespace {

[[noreturn]] void no_team(std::int64_t id) {
  throw_not_found("no team " + std::to_string(id), "队伍 " + std::to_string(id) + " 不存在");
}

}  // namespace

Team Service::readable_team(storage::Tx& tx, const Context& ctx, std::int64_t id) const {
  auto t = store::team(tx, id);
  if (!t || !(reads(ctx, t->region_path) || organises(ctx, t->region_path))) no_team(id);
  return *t;
}

Team Service::create_team(storage::Tx& tx, const Context& ctx, Team t) {
  std::tie(t.region_code, t.region_path) = node(t.region_code);
  ctx.require("emergency:drill:organise", t.region_path);
  if (store::team_named(tx, t.region_code, t.name))
    throw Error("conflict", "name", "a team of this name works at the node already", "该区域已有同名队伍");
  t.active = true;
  t.created_at = t.updated_at = storage::now_ms();
  t.id = store::insert_team(tx, t);
  audit::append(tx, audit::entry(ctx, "emergency:team:create", "emergency_team:" + std::to_string(t.id),
                                 json::object{{"region", t.region_code}, {"kind", t.kind}}));
  return t;
}

Team Service::update_team(storage::Tx& tx, const Context& ctx, std::int64_t id, const json::object& body) {
  Team before = readable_team(tx, ctx, id);
  ctx.require("emergency:drill:organise", before.region_path);
  if (json::get_int(body, "version") != before.version)
    throw Error("stale_version", "version", "the team changed meanwhile", "队伍信息已被他人修改");
  Team t = before;
  if (auto v = json::opt_string(body, "name", 100, 1)) t.name = *v;
  if (body.contains("kind")) t.kind = json::one_of(body, "kind", kTeamKinds);
  if (auto v = json::opt_string(body, "note", 2000)) t.note = *v;
  if (auto v = json::opt_bool(body, "active")) t.active = *v;
  if (t.name != before.name && store::team_named(tx, t.region_code, t.name))
    throw Error("conflict", "name", "a team of this name works at the node already", "该区域已有同名队伍");
  t.version = before.version + 1;
  t.updated_at = storage::now_ms();
  if (!store::update_team(tx, t, before.version))
    throw Error("stale_version", "version", "the team changed meanwhile", "队伍信息已被他人修改");
  audit::append(tx, audit::entry(ctx, "emergency:team:update", "emergency_team:" + std::to_string(id),
                                 json::object{{"active", t.active}}));
  return t;
}

Member Service::add_member(storage::Tx& tx, const Context& ctx, std::int64_t team_id, Member m,
                           const std::optional<std::string>& phone, const std::optional<std::string>& username) {
  Team t = readable_team(tx, ctx, team_id);
  ctx.require("emergency:drill:organise", t.region_path);
  if (!t.active) throw Error("conflict", {}, "the team is disbanded", "该队伍已撤销");
  if (phone && !phone->empty()) {
    if (!valid_phone(*phone))
      throw_validation("phone", "an 11-digit mobile or a landline with area code", "应为 11 位手机号或带区号的固话");
    std::string normal = normalize_phone(*phone);
    m.phone_sealed = crypto_.seal(normal);
    m.phone_masked = mask_phone(normal);
    m.phone_index = crypto_.blind_index("phone", normal);
    if (store::current_by_phone(tx, team_id, m.phone_index))
      throw Error("conflict", "phone", "a current member of the team has this phone", "该电话已是本队现有队员");
  }
  if (username && !username->empty()) {
    auto account = user_by_name_ ? user_by_name_(tx, *username) : std::nullopt;
    if (!account) throw_validation("username", "an existing account", "账号不存在");
    bool near = std::any_of(account->places.begin(), account->places.end(),
                            [&](const std::string& place) { return on_line(place, t.region_path); });
    if (!near)
      throw_validation("username", "an account working or living on the line of the team's node",
                       "该账号不在本队伍所在区域及其上下级工作或居住");
    if (store::current_by_user(tx, team_id, account->id))
      throw Error("conflict", "username", "this account is a current member of the team already",
                  "该账号已是本队现有队员");
    m.user_id = account->id;
  }
  if (m.role == "leader" && store::current_leader(tx, team_id))
    throw Error("conflict", "role", "the team has a leader: end their stay first",
                "该队伍已有队长，请先办理原队长离队");
  m.team_id = team_id;
  m.joined_at = storage::now_ms();
  m.id = store::insert_member(tx, m);
  audit::append(tx, audit::entry(ctx, "emergency:member:add", "emergency_team:" + std::to_string(team_id),
                                 json::object{{"member", m.id}, {"role", m.role}, {"linked", m.user_id.has_value()}}));
  return m;
}

Member Service::end_member(storage::Tx& tx, const Context& ctx, std::int64_t member_id, const std::string& reason,
                           const std::optional<std::string>& until) {
  auto m = store::member(tx, member_id);
  auto t = m ? store::team(tx, m->team_id) : std::nullopt;
  if (!m || !t || !(reads(ctx, t->region_path) || organises(ctx, t->region_path)))
    throw_not_found("no member " + std::to_string(member_id), "队员 " + std::to_string(member_id) + " 不存在");
  ctx.require("emergency:drill:organise", t->region_path);
  if (m->until) throw Error("conflict", {}, "the member has left already", "该队员已离队");
  std::string day = until.value_or(format_day(calendar_.day_of(storage::now_ms())));
  if (day < m->since) throw_validation("until", "on or after the day they joined", "离队日期不能早于入队日期");
  std::int64_t now = storage::now_ms();
  if (!store::end_member(tx, member_id, day, now, reason))
    throw Error("conflict", {}, "the member has left already", "该队员已离队");
  m->until = day;
  m->left_at = now;
  m->left_reason = reason;
  audit::append(tx, audit::entry(ctx, "emergency:member:leave", "emergency_team:" + std::to_string(t->id),
                                 json::object{{"member", member_id}}));
  return *m;
}

}  // namespace wangge::emergency
