// Resources (资源清单, seed 004): what a unit, a party member or the community offers at a
// node (a room, equipment, a service, funding, people), how much, whether it is available
// now, whom to call. Staff with cobuild:list:write over the node keep them; a unit's
// contacts keep their own unit's.
#include "audit/audit.h"
#include "cobuild/service.h"
#include "cobuild/store.h"
#include "core/crypto.h"
#include "core/error.h"
#include "territory/service.h"

namespace wangge::cobuild {
namespace {

[[noreturn]] void no_resource(std::int64_t id) {
  throw_not_found("no resource " + std::to_string(id), "资源 " + std::to_string(id) + " 不存在");
}

[[noreturn]] void stale_resource() {
  throw Error("stale_version", "version", "the resource changed meanwhile", "资源已被他人修改");
}

void seal_resource_phone(const Crypto& crypto, Resource& r, const std::optional<std::string>& phone) {
  if (!phone) return;
  if (phone->empty()) {
    r.phone_sealed.reset();
    r.phone_masked.clear();
    return;
  }
  if (!valid_phone(*phone))
    throw_validation("contact_phone", "an 11-digit mobile or a landline with area code",
                     "应为 11 位手机号或带区号的固话");
  std::string normal = normalize_phone(*phone);
  r.phone_sealed = crypto.seal(normal);
  r.phone_masked = mask_phone(normal);
}

}  // namespace

Resource Service::readable_resource(storage::Tx& tx, const Context& ctx, std::int64_t id) const {
  auto r = store::resource(tx, id);
  if (!r || !ctx.user().reaches("cobuild:list:read", r->region_path)) no_resource(id);
  return *r;
}

bool Service::writes_resource(storage::Tx& tx, const Context& ctx, const Resource& r) const {
  return staff_can(ctx, "cobuild:list:write", r.region_path) || contact_of(tx, ctx, r.unit_id);
}

bool Service::writes_resource(const Context& ctx, const Resource& r, const std::vector<std::int64_t>& my_units) const {
  if (staff_can(ctx, "cobuild:list:write", r.region_path)) return true;
  return r.unit_id && ctx.user().can_somewhere("cobuild:list:write") &&
         std::find(my_units.begin(), my_units.end(), *r.unit_id) != my_units.end();
}

Resource Service::create_resource(storage::Tx& tx, const Context& ctx, Resource r,
                                  const std::optional<std::string>& phone) {
  std::optional<Unit> unit;
  if (r.unit_id) {
    unit = named_unit(tx, ctx, *r.unit_id, "unit_id");
    if (r.region_code.empty()) r.region_code = unit->region_code;
    r.provider_name.clear();
  } else if (r.provider_name.empty()) {
    throw_validation("provider_name", "who offers it: a unit (unit_id) or a name", "请填写提供方：共建单位或名称");
  }
  auto region = territory_.find(r.region_code, false);
  if (!region) throw_validation("region_code", "a node of the territory", "应为辖区内的区域");
  r.region_path = region->path;
  if (unit && !path_within(r.region_path, unit->region_path))
    throw_validation("region_code", "the unit's node or a node under it", "应为共建单位结对的区域或其下级区域");
  if (!staff_can(ctx, "cobuild:list:write", r.region_path) && !contact_of(tx, ctx, r.unit_id))
    throw Error("forbidden", {}, "you may not list resources here", "您不能在此登记资源");
  if (r.quantity && *r.quantity < 0) throw_validation("quantity", "0 or more", "数量不能为负");
  seal_resource_phone(crypto_, r, phone);
  r.created_by = ctx.user().user_id;
  r.created_at = r.updated_at = storage::now_ms();
  r.version = 1;
  r.id = store::insert_resource(tx, r);
  if (unit) r.provider_name = unit->name;
  audit::append(tx, audit::entry(ctx, "cobuild:resource:create", "cobuild_resource:" + std::to_string(r.id),
                                 json::object{{"region", r.region_code}, {"kind", r.kind}}));
  return r;
}

Resource Service::update_resource(storage::Tx& tx, const Context& ctx, std::int64_t id, const json::object& body) {
  Resource before = readable_resource(tx, ctx, id);
  if (!writes_resource(tx, ctx, before))
    throw Error("forbidden", {}, "you may not change this resource", "您不能修改该资源");
  if (json::get_int(body, "version") != before.version) stale_resource();
  Resource r = before;
  if (body.contains("kind")) r.kind = json::one_of(body, "kind", kResourceKinds);
  if (auto v = json::opt_string(body, "title", 100, 1)) r.title = *v;
  if (auto v = json::opt_string(body, "description", 2000)) r.description = *v;
  if (auto v = json::opt_string(body, "provider_name", 100, 1)) {
    if (r.unit_id)
      throw_validation("provider_name", "a unit's resource is offered by the unit", "共建单位的资源由该单位提供");
    r.provider_name = *v;
  }
  if (const auto* q = body.if_contains("quantity")) {
    r.quantity = q->is_null() ? std::nullopt : json::opt_int(body, "quantity");
    if (r.quantity && *r.quantity < 0) throw_validation("quantity", "0 or more", "数量不能为负");
  }
  if (auto v = json::opt_string(body, "quantity_unit", 10)) r.quantity_unit = *v;
  if (auto v = json::opt_bool(body, "available")) r.available = *v;
  if (auto v = json::opt_string(body, "contact_name", 50)) r.contact_name = *v;
  seal_resource_phone(crypto_, r, json::opt_string(body, "contact_phone", 20));
  r.version = before.version + 1;
  r.updated_at = storage::now_ms();
  if (!store::update_resource(tx, r, before.version)) stale_resource();
  audit::append(tx, audit::entry(ctx, "cobuild:resource:update", "cobuild_resource:" + std::to_string(id),
                                 json::object{{"available", r.available}}));
  return r;
}

}  // namespace wangge::cobuild
