// Buildings (楼栋) in grids or minimal units, and businesses and shops (商业网点) with their
// unified social credit code (统一社会信用代码, GB 32100-2015) checked (rules.cpp).
#include "registry/places.h"

#include "audit/audit.h"
#include "core/auth.h"
#include "core/error.h"
#include "registry/service.h"
#include "registry/store.h"

namespace wangge::registry {

BuildingList list_buildings(Service& svc, const std::vector<std::string>& scope,
                            const std::optional<std::string>& region_path, int limit) {
  BuildingList out;
  svc.db().read([&](storage::Tx& tx) {
    out.items = store::buildings(tx, scope, region_path, limit);
    std::vector<std::int64_t> ids;
    ids.reserve(out.items.size());
    for (const auto& b : out.items) ids.push_back(b.id);
    out.households = store::household_counts(tx, ids);
  });
  return out;
}

std::vector<Building> buildings_near(Service& svc, double min_lng, double min_lat, double max_lng, double max_lat,
                                     int limit) {
  std::vector<Building> out;
  svc.db().read([&](storage::Tx& tx) { out = store::buildings_near(tx, min_lng, min_lat, max_lng, max_lat, limit); });
  return out;
}

Building add_building(Service& /*svc*/, storage::Tx& tx, const Context& ctx, Building b) {
  b.id = store::insert_building(tx, b, storage::now_ms());
  audit::append(tx, audit::entry(ctx, "registry:building:create", "building:" + std::to_string(b.id),
                                 {{"region", b.region_code}, {"name", b.name}}));
  return b;
}

Building add_building(Service& svc, const Context& ctx, Building b) {
  try {
    svc.db().write([&](storage::Tx& tx) { b = add_building(svc, tx, ctx, b); });
  } catch (const storage::DbError& e) {
    if (e.kind() == storage::DbError::Kind::unique)
      throw Error("already_exists", "name", b.name + " exists in this place", b.name + " 已存在");
    throw;
  }
  return b;
}

std::vector<Business> list_businesses(Service& svc, const std::vector<std::string>& scope,
                                      const std::optional<std::string>& region_path, int limit) {
  std::vector<Business> rows;
  svc.db().read([&](storage::Tx& tx) { rows = store::businesses(tx, scope, region_path, limit); });
  return rows;
}

Business register_business(Service& svc, const Context& ctx, Business b) {
  try {
    svc.db().write([&](storage::Tx& tx) {
      if (b.owner_id) {
        auto owner = store::person(tx, *b.owner_id);
        if (!owner || !ctx.user().can("registry:person:read", owner->region_path))
          throw_validation("owner_id", "no such person in your territory", "您的管辖范围内无此人员");
      }
      if (b.building_id) {
        auto bd = store::building(tx, *b.building_id);
        if (!bd || !path_within(bd->region_path, b.region_path))
          throw_validation("building_id", "no such building at " + b.region_code, "该区域内无此楼栋");
      }
      b.id = store::insert_business(tx, b, storage::now_ms());
      audit::append(tx, audit::entry(ctx, "registry:business:create", "business:" + std::to_string(b.id),
                                     {{"region", b.region_code}}));
    });
  } catch (const storage::DbError& e) {
    if (e.kind() == storage::DbError::Kind::unique)
      throw Error("already_exists", "licence_no", "this credit code is registered", "该统一社会信用代码已登记");
    throw;
  }
  return b;
}

}  // namespace wangge::registry
