// The catalogue (服务事项清单): a town's items with their kind, materials, time limit and
// ways of service (帮代办, 上门, 错时), created and corrected by the town's managers.
#include "audit/audit.h"
#include "core/error.h"
#include "services/service.h"
#include "services/store.h"

namespace wangge::services {

Item Service::create_item(const Context& ctx, Item it) {
  ctx.require("services:item:write", it.region_path);
  it.created_at = it.updated_at = storage::now_ms();
  it.version = 1;
  try {
    db_.write([&](storage::Tx& tx) {
      it.id = store::insert_item(tx, it);
      audit::append(tx, audit::entry(ctx, "services:item:create", "service_item:" + std::to_string(it.id),
                                     {{"region", it.region_code}, {"name", it.name}, {"level", it.level}}));
    });
  } catch (const storage::DbError& e) {
    if (e.kind() == storage::DbError::Kind::unique)
      throw Error("already_exists", "name", "an item named " + it.name + " exists in this town",
                  "本街道已有名为“" + it.name + "”的事项");
    throw;
  }
  return it;
}

Item Service::update_item(const Context& ctx, std::int64_t id, const json::object& body) {
  Item it;
  try {
    db_.write([&](storage::Tx& tx) {
      auto found = store::item(tx, id);
      if (!found) throw_not_found("no service item " + std::to_string(id), "服务事项不存在");
      ctx.require("services:item:write", found->region_path);
      auto v = json::opt_int(body, "version");
      if (!v) throw Error("precondition_required", "version", "send the version you edit", "请提供所编辑的版本号");
      if (*v != found->version)
        throw Error("stale_version", "version", "the item changed meanwhile", "服务事项已被他人修改");
      it = *found;
      it.name = json::opt_string(body, "name", 100, 1).value_or(it.name);
      it.description = json::opt_string(body, "description", 2000, 0).value_or(it.description);
      if (body.contains("kind")) it.kind = json::one_of(body, "kind", kKinds);
      if (body.contains("level")) it.level = json::one_of(body, "level", kLevels);
      if (body.contains("time_limit_days")) it.time_limit_days = time_limit_of(body);
      it.window_name = json::opt_string(body, "window_name", 100, 0).value_or(it.window_name);
      it.on_behalf = json::opt_bool(body, "on_behalf").value_or(it.on_behalf);
      it.door_to_door = json::opt_bool(body, "door_to_door").value_or(it.door_to_door);
      it.off_hours = json::opt_bool(body, "off_hours").value_or(it.off_hours);
      it.orderable = json::opt_bool(body, "orderable").value_or(it.orderable);
      it.active = json::opt_bool(body, "active").value_or(it.active);
      if (body.contains("materials")) it.materials = parse_materials(body);
      it.version = found->version + 1;
      it.updated_at = storage::now_ms();
      if (!store::update_item(tx, it, found->version))
        throw Error("stale_version", "version", "the item changed meanwhile", "服务事项已被他人修改");
      audit::append(tx, audit::entry(ctx, "services:item:update", "service_item:" + std::to_string(id),
                                     {{"active", it.active}, {"version", it.version}}));
    });
  } catch (const storage::DbError& e) {
    if (e.kind() == storage::DbError::Kind::unique)
      throw Error("already_exists", "name", "an item of that name exists in this town", "本街道已有同名事项");
    throw;
  }
  return it;
}

int time_limit_of(const json::object& body) {
  std::int64_t d = json::get_int(body, "time_limit_days");
  if (d < 0 || d > 365) throw_validation("time_limit_days", "0 to 365 working days", "应为 0 至 365 个工作日");
  return static_cast<int>(d);
}

std::vector<Material> parse_materials(const json::object& body) {
  std::vector<Material> out;
  const auto* v = body.if_contains("materials");
  if (!v) return out;
  if (!v->is_array() || v->as_array().size() > 30)
    throw_validation("materials", "a list of at most 30 materials", "材料清单最多 30 项");
  std::size_t i = 0;
  for (const auto& mv : v->as_array()) {
    std::string field = "materials[" + std::to_string(i++) + "]";
    if (!mv.is_object()) throw_validation(field, "an object", "应为对象");
    const auto& mo = mv.as_object();
    json::allow_only(mo, {"name", "required", "form"});
    Material m;
    m.name = json::get_string(mo, "name", 100);
    m.required = json::opt_bool(mo, "required").value_or(true);
    if (auto f = json::opt_string(mo, "form", 64, 64)) m.form = *f;
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace wangge::services
