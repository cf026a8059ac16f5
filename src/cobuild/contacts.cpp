// A unit's contacts (联络人): added with their post and phone (sealed, a masked copy shown,
// a keyed blind index so the same phone is not entered twice for one unit), optionally
// linked to the account they log in with (which should hold unit_contact where the unit
// serves); removed with the reason, never deleted; a phone shown in full only for a stated
// reason, audited.
#include "audit/audit.h"
#include "cobuild/service.h"
#include "cobuild/store.h"
#include "core/crypto.h"
#include "core/error.h"

namespace wangge::cobuild {
namespace {

[[noreturn]] void no_contact(std::int64_t id) {
  throw_not_found("no contact " + std::to_string(id), "联络人 " + std::to_string(id) + " 不存在");
}

}  // namespace

Contact Service::add_contact(storage::Tx& tx, const Context& ctx, std::int64_t unit_id, Contact c,
                             const std::optional<std::string>& phone, const std::optional<std::string>& username) {
  Unit u = readable_unit(tx, ctx, unit_id);
  ctx.require("cobuild:unit:write", u.region_path);
  if (u.status != "active") throw Error("conflict", {}, "the unit has left the alliance", "该共建单位已退出");
  if (phone && !phone->empty()) {
    if (!valid_phone(*phone))
      throw_validation("phone", "an 11-digit mobile or a landline with area code", "应为 11 位手机号或带区号的固话");
    std::string normal = normalize_phone(*phone);
    c.phone_sealed = crypto_.seal(normal);
    c.phone_masked = mask_phone(normal);
    c.phone_index = crypto_.blind_index("phone", normal);
    if (store::contact_with_phone(tx, unit_id, c.phone_index))
      throw Error("already_exists", "phone", "a contact of this unit has this phone already",
                  "该单位已有使用此电话的联络人");
  }
  if (username && !username->empty()) {
    c.user_id = user_by_name_ ? user_by_name_(tx, *username) : std::nullopt;
    if (!c.user_id) throw_validation("username", "an existing account", "账号不存在");
    if (!holds_role_ || !holds_role_(tx, *c.user_id, std::string(kContactRole), u.region_path))
      throw_validation("username", "an account holding the unit contact role where the unit serves",
                       "该账号应在共建单位所在区域具有“共建单位联络人”角色");
    if (store::contact_with_user(tx, unit_id, *c.user_id))
      throw Error("already_exists", "username", "this account is a contact of the unit already",
                  "该账号已是本单位联络人");
  }
  c.unit_id = unit_id;
  c.added_at = storage::now_ms();
  c.id = store::insert_contact(tx, c);
  log_unit(tx, ctx, unit_id, "contact_add",
           json::object{{"contact", c.id}, {"post", c.post}, {"linked", c.user_id.has_value()}});
  if (c.user_id)
    tell(tx, {*c.user_id}, ctx, "cobuild.contact", "cobuild_unit:" + std::to_string(unit_id),
         "您已被登记为共建单位“" + u.name + "”的联络人", "You are now a contact of the co-building unit " + u.name);
  return c;
}

Contact Service::remove_contact(storage::Tx& tx, const Context& ctx, std::int64_t contact_id,
                                const std::string& reason) {
  auto c = store::contact(tx, contact_id);
  if (!c) no_contact(contact_id);
  auto u = store::unit(tx, c->unit_id);
  if (!u || !ctx.user().reaches("cobuild:unit:read", u->region_path)) no_contact(contact_id);
  ctx.require("cobuild:unit:write", u->region_path);
  if (c->removed_at) throw Error("conflict", {}, "the contact was removed already", "该联络人已移除");
  c->removed_at = storage::now_ms();
  c->removed_reason = reason;
  if (!store::remove_contact(tx, contact_id, *c->removed_at, reason))
    throw Error("conflict", {}, "the contact was removed already", "该联络人已移除");
  log_unit(tx, ctx, c->unit_id, "contact_remove", json::object{{"contact", contact_id}});
  return *c;
}

std::string Service::unmask_contact(storage::Tx& tx, const Context& ctx, std::int64_t contact_id,
                                    const std::string& reason) {
  auto c = store::contact(tx, contact_id);
  if (!c) no_contact(contact_id);
  auto u = store::unit(tx, c->unit_id);
  if (!u || !ctx.user().reaches("cobuild:unit:read", u->region_path)) no_contact(contact_id);
  ctx.require("cobuild:unit:write", u->region_path);
  std::string plain;
  if (c->phone_sealed) plain = crypto_.open(*c->phone_sealed).value_or("");
  audit::append(tx, audit::entry(ctx, "cobuild:contact:unmask", "cobuild_contact:" + std::to_string(contact_id),
                                 json::object{{"unit", c->unit_id}, {"reason", reason}}));
  return plain;
}

}  // namespace wangge::cobuild
