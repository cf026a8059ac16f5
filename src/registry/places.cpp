// Buildings (楼栋) in grids or minimal units, and businesses and shops (商业网点) with their
// unified social credit code (统一社会信用代码, GB 32100-2015) checked.
#include "audit/audit.h"
#include "core/error.h"
#include "registry/service.h"
#include "registry/store.h"
#include "territory/service.h"

namespace wangge::registry {

// GB 32100-2015: 18 characters from 0-9 and the capitals without I, O, S, V, Z; the last
// is a check character (weights 3^i mod 31).
bool valid_credit_code(std::string_view code) {
  static constexpr std::string_view kChars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  static constexpr int kWeights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
  if (code.size() != 18) return false;
  int sum = 0;
  for (std::size_t i = 0; i < 18; ++i) {
    auto pos = kChars.find(code[i]);
    if (pos == std::string_view::npos) return false;
    if (i < 17) sum += static_cast<int>(pos) * kWeights[i];
  }
  int check = (31 - sum % 31) % 31;
  return kChars[static_cast<std::size_t>(check)] == code[17];
}

void Service::register_place_routes(http::Router& router) {
  router.add("GET", "/api/v1/buildings",
             {.summary = "Buildings in the caller's territory, with the number of households in each",
              .tag = "registry",
              .permission = "registry:building:read",
              .query = {{"region", "under this region code"}, {"limit", "1-1000, default 200"}}},
             [this](Context& ctx) {
               auto scope = ctx.user().scope("registry:building:read");
               std::optional<std::string> region_path;
               if (auto r = ctx.req().query_param("region")) {
                 region_path = territory_.path_of(*r);
                 ctx.require("registry:building:read", *region_path);
               }
               int limit = static_cast<int>(json::query_int(ctx.req(), "limit", 1, 1000).value_or(200));
               std::vector<Building> rows;
               std::map<std::int64_t, std::int64_t> homes;
               db_.read([&](storage::Tx& tx) {
                 rows = store::buildings(tx, scope, region_path, limit);
                 std::vector<std::int64_t> ids;
                 for (const auto& b : rows) ids.push_back(b.id);
                 homes = store::household_counts(tx, ids);
               });
               json::array items;
               for (const auto& b : rows) {
                 items.push_back(json::object{{"id", b.id},
                                              {"region_code", b.region_code},
                                              {"name", b.name},
                                              {"address", b.address},
                                              {"floors", b.floors ? json::value(*b.floors) : json::value(nullptr)},
                                              {"lat", b.lat ? json::value(*b.lat) : json::value(nullptr)},
                                              {"lng", b.lng ? json::value(*b.lng) : json::value(nullptr)},
                                              {"households", homes[b.id]},
                                              {"version", b.version}});
               }
               return json::respond(200, json::object{{"items", std::move(items)}});
             });

  router.add("POST", "/api/v1/buildings",
             {.summary = "Add a building in a grid or minimal unit",
              .tag = "registry",
              .permission = "registry:building:write",
              .request_body = "{region_code, name, address?, floors?, lat?, lng?}",
              .statuses = {201, 403, 409, 422}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"region_code", "name", "address", "floors", "lat", "lng"});
               Building b;
               b.region_code = json::get_string(body, "region_code", 24);
               if (b.region_code.size() < 15)
                 throw_validation("region_code", "a grid or a minimal unit", "应为网格或最小单元");
               b.region_path = place_path(b.region_code, "region_code");
               ctx.require("registry:building:write", b.region_path);
               b.name = json::get_string(body, "name", 100);
               b.address = json::opt_string(body, "address", 200, 0).value_or("");
               b.floors = json::opt_int(body, "floors");
               if (b.floors && (*b.floors < 1 || *b.floors > 200))
                 throw_validation("floors", "1 to 200", "应为 1 到 200");
               auto number = [&](const char* key, double lo, double hi) -> std::optional<double> {
                 if (!body.contains(key)) return std::nullopt;
                 const auto& v = body.at(key);
                 if (!v.is_number()) throw_validation(key, "a number", "应为数字");
                 double d = v.to_number<double>();
                 if (d < lo || d > hi) throw_validation(key, "out of range", "超出范围");
                 return d;
               };
               b.lat = number("lat", -90, 90);
               b.lng = number("lng", -180, 180);
               try {
                 db_.write([&](storage::Tx& tx) {
                   b.id = store::insert_building(tx, b, storage::now_ms());
                   audit::append(tx, audit::entry(ctx, "registry:building:create", "building:" + std::to_string(b.id),
                                                  {{"region", b.region_code}, {"name", b.name}}));
                 });
               } catch (const storage::DbError& e) {
                 if (e.kind() == storage::DbError::Kind::unique)
                   throw Error("already_exists", "name", b.name + " exists in this place", b.name + " 已存在");
                 throw;
               }
               return json::respond(201, json::object{{"id", b.id},
                                                      {"region_code", b.region_code},
                                                      {"name", b.name},
                                                      {"address", b.address},
                                                      {"version", 1}});
             });

  router.add("GET", "/api/v1/businesses",
             {.summary = "Businesses and shops in the caller's territory",
              .tag = "registry",
              .permission = "registry:business:read",
              .query = {{"region", "under this region code"}, {"limit", "1-1000, default 200"}}},
             [this](Context& ctx) {
               auto scope = ctx.user().scope("registry:business:read");
               std::optional<std::string> region_path;
               if (auto r = ctx.req().query_param("region")) {
                 region_path = territory_.path_of(*r);
                 ctx.require("registry:business:read", *region_path);
               }
               int limit = static_cast<int>(json::query_int(ctx.req(), "limit", 1, 1000).value_or(200));
               std::vector<Business> rows;
               db_.read([&](storage::Tx& tx) { rows = store::businesses(tx, scope, region_path, limit); });
               json::array items;
               for (const auto& b : rows) {
                 auto opt = [](const auto& v) { return v ? json::value(*v) : json::value(nullptr); };
                 items.push_back(json::object{{"id", b.id},
                                              {"name", b.name},
                                              {"licence_no", opt(b.licence_no)},
                                              {"kind", b.kind},
                                              {"owner_id", opt(b.owner_id)},
                                              {"region_code", b.region_code},
                                              {"building_id", opt(b.building_id)},
                                              {"address", b.address},
                                              {"version", b.version}});
               }
               return json::respond(200, json::object{{"items", std::move(items)}});
             });

  router.add(
      "POST", "/api/v1/businesses",
      {.summary = "Register a business or shop",
       .tag = "registry",
       .permission = "registry:business:write",
       .request_body = "{name, licence_no?, kind?, owner_id?, region_code, building_id?, address?}",
       .statuses = {201, 403, 409, 422}},
      [this](Context& ctx) {
        auto body = json::parse_body(ctx.req());
        json::allow_only(body, {"name", "licence_no", "kind", "owner_id", "region_code", "building_id", "address"});
        Business b;
        b.name = json::get_string(body, "name", 100);
        b.licence_no = json::opt_string(body, "licence_no", 18, 18);
        if (b.licence_no && !valid_credit_code(*b.licence_no))
          throw_validation("licence_no", "not a valid unified social credit code (check character)",
                           "统一社会信用代码无效（校验位不符）");
        b.kind = json::opt_string(body, "kind", 32, 0).value_or("");
        b.owner_id = json::opt_int(body, "owner_id");
        b.region_code = json::get_string(body, "region_code", 24);
        b.region_path = place_path(b.region_code, "region_code");
        ctx.require("registry:business:write", b.region_path);
        b.building_id = json::opt_int(body, "building_id");
        b.address = json::opt_string(body, "address", 200, 0).value_or("");
        try {
          db_.write([&](storage::Tx& tx) {
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
        return json::respond(201, json::object{{"id", b.id}, {"name", b.name}, {"region_code", b.region_code}});
      });
}

}  // namespace wangge::registry
