// Members (党员) and their stays in organisations: a regular member (组织关系在此) is a
// registry person living within the organisation's node, with at most one current regular
// membership anywhere; an in-service member (在职党员双报到, seeds 000/001) reports to the
// community where they live with their work unit, once per organisation: a registry person
// living there, or, when the registry does not hold them, a name and a sealed phone. A stay
// ends with its reason; a transfer ends it and opens the next in one transaction. Also the
// module's shared helpers: today, the person check, accounts, phones, notifications.
#include "audit/audit.h"
#include "core/crypto.h"
#include "core/dates.h"
#include "core/error.h"
#include "core/flow.h"
#include "notifications/notifications.h"
#include "party/service.h"
#include "party/store.h"

namespace wangge::party {
namespace {

[[noreturn]] void no_member(std::int64_t id) {
  throw_not_found("no party member " + std::to_string(id), "党员记录 " + std::to_string(id) + " 不存在");
}

[[noreturn]] void stale_member() {
  throw Error("stale_version", "version", "the member's record changed meanwhile", "党员记录已被他人修改");
}

void check_post(const std::string& level, const std::string& post) {
  if (!post_fits(level, post))
    throw_validation("post",
                     "a group has a group leader and members; other organisations a secretary, deputies, "
                     "committee members and members",
                     "党小组设组长和党员；其他党组织设书记、副书记、委员和党员");
}

}  // namespace

std::string Service::person_within(storage::Tx& tx, std::int64_t person_id, const Org& o) const {
  auto p = person_of_ ? person_of_(tx, person_id) : std::nullopt;
  if (!p || !path_within(p->region_path, o.region_path))
    throw_validation("person_id", "a person living within the organisation's territory",
                     "该人员不在本党组织所辖区域居住");
  if (!p->active) throw_validation("person_id", "the registry no longer counts this person", "该人员已不在册");
  return p->name;
}

std::int64_t Service::account_of(storage::Tx& tx, const std::string& username) const {
  auto id = user_by_name_ ? user_by_name_(tx, username) : std::nullopt;
  if (!id) throw_validation("username", "an existing account", "账号不存在");
  return *id;
}

void Service::seal_phone(Member& m, const std::string& phone) const {
  if (!valid_phone(phone))
    throw_validation("phone", "an 11-digit mobile or a landline with area code", "应为 11 位手机号或带区号的固话");
  std::string normal = normalize_phone(phone);
  m.phone_sealed = crypto_.seal(normal);
  m.phone_index = crypto_.blind_index("phone", normal);
  m.phone_masked = mask_phone(normal);
}

void Service::tell(storage::Tx& tx, const Context& ctx, const Member& m, const std::string& zh, const std::string& en) {
  if (!notifier_ || !m.user_id || *m.user_id == ctx.user().user_id) return;
  notifications::Message msg;
  msg.kind = "party.member";
  msg.record = "party_member:" + std::to_string(m.id);
  msg.title_zh = zh;
  msg.title_en = en;
  notifier_->send(tx, {*m.user_id}, msg);
}

Member Service::readable_member(storage::Tx& tx, const Context& ctx, std::int64_t id) const {
  auto m = store::member(tx, id);
  if (!m) no_member(id);
  bool own = m->user_id && *m->user_id == ctx.user().user_id;
  if (!own && !ctx.user().can("party:member:read", m->region_path)) no_member(id);
  return *m;
}

Member Service::add_member(storage::Tx& tx, const Context& ctx, std::int64_t org_id, const NewMember& in) {
  Org o = readable_org(tx, ctx, org_id);
  ctx.require("party:member:write", o.region_path);
  if (o.status != "active") throw Error("conflict", {}, "the organisation is dissolved", "该党组织已撤销");
  Member m;
  m.org_id = o.id;
  m.region_path = o.region_path;
  m.kind = in.kind;
  m.post = in.post;
  check_post(o.level, m.post);
  if (m.kind == "in_service") {
    if (in.home_unit.empty()) throw_validation("home_unit", "the work unit is required", "请填写工作单位");
    m.home_unit = in.home_unit;
    m.home_org_name = in.home_org_name;
  } else if (!in.person_id) {
    throw_validation("person_id", "a regular member is a registry person", "组织关系在此的党员须关联实有人口");
  }
  if (in.person_id) {
    m.person_id = in.person_id;
    m.name = person_within(tx, *in.person_id, o);
    if (!in.phone.empty()) seal_phone(m, in.phone);
  } else {
    if (in.name.empty()) throw_validation("name", "required without a person", "未关联实有人口时须填写姓名");
    if (in.phone.empty()) throw_validation("phone", "required without a person", "未关联实有人口时须填写联系电话");
    m.name = in.name;
    seal_phone(m, in.phone);
  }
  const std::string day = today();
  m.joined_on = in.joined_on.value_or(day);
  if (m.joined_on > day) throw_validation("joined_on", "not after today", "不能晚于今天");
  m.joined_party_on = in.joined_party_on;
  if (m.joined_party_on && *m.joined_party_on > m.joined_on)
    throw_validation("joined_party_on", "on or before joined_on", "入党日期不能晚于加入本组织的日期");
  if (in.username) m.user_id = account_of(tx, *in.username);
  if (m.kind == "regular" && store::current_regular(tx, *m.person_id))
    throw Error("conflict", "person_id", "the person is a regular member of an organisation already: transfer them",
                "该人员已有组织关系，请办理转接");
  if (m.kind == "in_service" &&
      store::current_report(tx, o.id, m.person_id, m.person_id ? std::nullopt : m.phone_index))
    throw Error("conflict", "person_id", "the member has reported to this organisation already",
                "该党员已向本组织报到");
  m.created_at = m.updated_at = storage::now_ms();
  m.id = store::insert_member(tx, m);
  audit::append(tx, audit::entry(ctx, "party:member:add", "party_member:" + std::to_string(m.id),
                                 json::object{{"org", o.id}, {"kind", m.kind}, {"post", m.post}}));
  tell(tx, ctx, m, "您已登记为" + o.name + "党员", "You are registered as a member of " + o.name);
  return *store::member(tx, m.id);
}

Member Service::update_member(storage::Tx& tx, const Context& ctx, std::int64_t id, const json::object& body) {
  Member before = readable_member(tx, ctx, id);
  ctx.require("party:member:write", before.region_path);
  if (flow::expected_version(ctx, body) != before.version) stale_member();
  if (!before.active()) throw Error("invalid_transition", {}, "the member has left", "该党员已离开本组织");
  Member m = before;
  if (body.contains("post")) {
    m.post = json::one_of(body, "post", kPosts);
    check_post(m.org_level, m.post);
  }
  if (auto v = json::opt_string(body, "home_unit", 100)) {
    if (m.kind == "in_service" && v->empty())
      throw_validation("home_unit", "the work unit is required", "请填写工作单位");
    m.home_unit = *v;
  }
  if (auto v = json::opt_string(body, "home_org_name", 100)) m.home_org_name = *v;
  if (auto v = json::opt_string(body, "name", 50, 1)) {
    if (m.person_id)
      throw_validation("name", "the registry person's name is used", "已关联实有人口，姓名以人口信息为准");
    m.name = *v;
  }
  if (auto v = json::opt_string(body, "phone", 30, 1)) {
    seal_phone(m, *v);
    if (!m.person_id && m.kind == "in_service" && m.phone_index != before.phone_index &&
        store::current_report(tx, m.org_id, std::nullopt, m.phone_index))
      throw Error("conflict", "phone", "a member with this phone has reported to this organisation already",
                  "该电话的党员已向本组织报到");
  }
  if (body.contains("joined_party_on")) {
    auto day = dates::body_day(body, "joined_party_on", "", today());
    m.joined_party_on = day.empty() ? std::nullopt : std::optional<std::string>(day);
    if (m.joined_party_on && *m.joined_party_on > m.joined_on)
      throw_validation("joined_party_on", "on or before joined_on", "入党日期不能晚于加入本组织的日期");
  }
  if (body.contains("username")) {
    auto name = json::opt_string(body, "username", 64);
    m.user_id = name && !name->empty() ? std::optional<std::int64_t>(account_of(tx, *name)) : std::nullopt;
  }
  m.version = before.version + 1;
  m.updated_at = storage::now_ms();
  if (!store::update_member(tx, m, before.version)) stale_member();
  audit::append(tx, audit::entry(ctx, "party:member:update", "party_member:" + std::to_string(id)));
  if (m.user_id && m.user_id != before.user_id)
    tell(tx, ctx, m, "您的账号已关联" + m.org_name + "党员记录",
         "Your account is linked to your record at " + m.org_name);
  return *store::member(tx, id);
}

Member Service::leave(storage::Tx& tx, const Context& ctx, std::int64_t id, std::int64_t version,
                      const std::optional<std::string>& left_on, const std::string& reason, const std::string& note) {
  Member m = readable_member(tx, ctx, id);
  ctx.require("party:member:write", m.region_path);
  if (version != m.version) stale_member();
  if (!m.active()) throw Error("invalid_transition", {}, "the member has left already", "该党员已离开本组织");
  const std::string day = today();
  std::string on = left_on.value_or(day);
  if (on > day) throw_validation("left_on", "not after today", "不能晚于今天");
  if (on < m.joined_on) throw_validation("left_on", "not before joined_on", "不能早于加入本组织的日期");
  const std::int64_t before = m.version;
  m.left_on = on;
  m.leave_reason = reason;
  m.leave_note = note;
  m.version = before + 1;
  m.updated_at = storage::now_ms();
  if (!store::update_member(tx, m, before)) stale_member();
  store::withdraw_active_pledges(tx, id, ctx.user().user_id, "党员已离开本组织", m.updated_at);
  audit::append(tx, audit::entry(ctx, "party:member:leave", "party_member:" + std::to_string(id),
                                 json::object{{"reason", reason}}));
  return *store::member(tx, id);
}

Member Service::transfer(storage::Tx& tx, const Context& ctx, std::int64_t id, std::int64_t version,
                         std::int64_t to_org, const std::optional<std::string>& on_day,
                         const std::optional<std::string>& post, const std::string& note) {
  Member m = readable_member(tx, ctx, id);
  ctx.require("party:member:write", m.region_path);
  if (version != m.version) stale_member();
  if (!m.active()) throw Error("invalid_transition", {}, "the member has left already", "该党员已离开本组织");
  auto to = store::org(tx, to_org);
  if (!to || !ctx.user().can("party:member:write", to->region_path))
    throw_validation("org_id", "an organisation within your scope", "目标党组织不存在或不在您的辖区");
  if (to->status != "active") throw_validation("org_id", "the organisation is dissolved", "目标党组织已撤销");
  if (to->id == m.org_id) throw_validation("org_id", "another organisation", "应转入其他党组织");
  Member next = m;
  next.org_id = to->id;
  next.region_path = to->region_path;
  next.post = post.value_or("member");
  check_post(to->level, next.post);
  if (m.person_id) next.name = person_within(tx, *m.person_id, *to);
  if (m.kind == "in_service" &&
      store::current_report(tx, to->id, m.person_id, m.person_id ? std::nullopt : m.phone_index))
    throw Error("conflict", "org_id", "the member has reported to that organisation already",
                "该党员已向目标党组织报到");
  const std::string day = today();
  std::string on = on_day.value_or(day);
  if (on > day) throw_validation("on", "not after today", "不能晚于今天");
  if (on < m.joined_on) throw_validation("on", "not before joined_on", "不能早于加入本组织的日期");
  const std::int64_t now = storage::now_ms();
  // Close this stay first (the one-regular-membership index), open the next, then chain them.
  m.left_on = on;
  m.leave_reason = "transferred";
  m.leave_note = note;
  m.version = version + 1;
  m.updated_at = now;
  if (!store::update_member(tx, m, version)) stale_member();
  next.joined_on = on;
  next.left_on.reset();
  next.leave_reason.reset();
  next.leave_note.clear();
  next.transferred_from = m.id;
  next.transferred_to.reset();
  next.created_at = next.updated_at = now;
  next.id = store::insert_member(tx, next);
  m.transferred_to = next.id;
  m.version += 1;
  if (!store::update_member(tx, m, version + 1)) stale_member();
  store::move_active_pledges(tx, m.id, next.id, next.region_path, now);
  audit::append(tx, audit::entry(ctx, "party:member:transfer", "party_member:" + std::to_string(m.id),
                                 json::object{{"from_org", m.org_id}, {"to_org", to->id}, {"member", next.id}}));
  tell(tx, ctx, next, "您的组织关系已转入" + to->name, "Your membership was transferred to " + to->name);
  return *store::member(tx, next.id);
}

std::string Service::unmask_phone(storage::Tx& tx, const Context& ctx, std::int64_t id, const std::string& reason) {
  Member m = readable_member(tx, ctx, id);
  ctx.require("party:member:write", m.region_path);
  std::string plain;
  if (m.phone_sealed) plain = crypto_.open(*m.phone_sealed).value_or("");
  audit::append(tx, audit::entry(ctx, "party:member:unmask", "party_member:" + std::to_string(id),
                                 json::object{{"reason", reason}}));
  return plain;
}

}  // namespace wangge::party
