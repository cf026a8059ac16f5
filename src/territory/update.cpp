// Use case: rename a region or replace its boundary (admin), with optimistic concurrency.
#include "audit/audit.h"
#include "core/error.h"
#include "territory/service.h"
#include "territory/store.h"

namespace wangge::territory {

Region Service::update(const Context& ctx, const std::string& code, const UpdateInput& in) {
  Region cur = get(code, true);
  ctx.require("territory:region:write", cur.path);
  if (in.version && *in.version != cur.version) {
    throw Error("conflict", "version", "the region was changed meanwhile (version " + std::to_string(cur.version) + ")",
                "该区域已被他人修改（当前版本 " + std::to_string(cur.version) + "）");
  }
  std::optional<std::array<double, 4>> bbox;
  std::string canonical;
  bool geometry_changed = false;
  if (in.geometry && !in.geometry->empty()) {
    std::optional<std::string> parent_geometry;
    if (cur.parent_code) parent_geometry = get(*cur.parent_code, true).geometry;
    auto shape = check_geometry(*in.geometry, parent_geometry);
    canonical = shape.to_geojson();
    auto b = shape.bbox();
    bbox = std::array<double, 4>{b.min_lng, b.min_lat, b.max_lng, b.max_lat};
    geometry_changed = true;
  } else if (in.geometry) {
    geometry_changed = true;  // removal
  }
  std::int64_t now = storage::now_ms();
  db_.write([&](storage::Tx& tx) {
    if (!store::rename(tx, code, in.name, cur.version, now)) {
      throw Error("conflict", "version", "the region was changed meanwhile", "该区域已被他人修改");
    }
    if (geometry_changed) {
      store::set_geometry(tx, code, bbox ? std::optional(canonical) : std::nullopt, bbox, std::nullopt);
    }
    json::object detail;
    if (in.name) detail["name"] = *in.name;
    if (geometry_changed) detail["geometry"] = bbox ? "replaced" : "removed";
    audit::append(tx, audit::entry(ctx, "territory:region:update", code, detail));
  });
  if (cur.level == "grid" && geometry_changed) reload_index();
  return get(code, true, true);
}

}  // namespace wangge::territory
