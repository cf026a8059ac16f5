// The building and business routes: each parses its request, calls a use case
// (places.cpp), renders.
#include "core/error.h"
#include "registry/places.h"
#include "registry/rules.h"
#include "registry/service.h"
#include "territory/service.h"

namespace wangge::registry {
namespace {

// The region asked for (under the caller's scope for `permission`), if any.
std::optional<std::string> region_asked(Service& svc, Context& ctx, const char* permission) {
  auto r = ctx.req().query_param("region");
  if (!r) return std::nullopt;
  std::string path = svc.territory().path_of(*r);
  ctx.require(permission, path);
  return path;
}

json::value or_null(const auto& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

// A number of the body, or none when absent.
std::optional<double> number(const json::object& body, const char* key) {
  if (!body.contains(key)) return std::nullopt;
  const auto& v = body.at(key);
  if (!v.is_number()) throw_validation(key, "a number", "应为数字");
  return v.to_number<double>();
}

Building new_building(Service& svc, Context& ctx, const json::object& body) {
  Building b;
  b.region_code = json::get_string(body, "region_code", 24);
  if (b.region_code.size() < 15) throw_validation("region_code", "a grid or a minimal unit", "应为网格或最小单元");
  b.region_path = svc.place_path(b.region_code, "region_code");
  ctx.require("registry:building:write", b.region_path);
  b.name = json::get_string(body, "name", 100);
  b.address = json::opt_string(body, "address", 200, 0).value_or("");
  b.floors = json::opt_int(body, "floors");
  b.lat = number(body, "lat");
  b.lng = number(body, "lng");
  BuildingInput in{b.floors ? std::optional<double>(static_cast<double>(*b.floors)) : std::nullopt, b.lat, b.lng};
  check_building(in, Problems::first());
  return b;
}

Business new_business(Service& svc, Context& ctx, const json::object& body) {
  Business b;
  b.name = json::get_string(body, "name", 100);
  b.licence_no = json::opt_string(body, "licence_no", 18, 18);
  check_business({b.licence_no}, Problems::first());
  b.kind = json::opt_string(body, "kind", 32, 0).value_or("");
  b.owner_id = json::opt_int(body, "owner_id");
  b.region_code = json::get_string(body, "region_code", 24);
  b.region_path = svc.place_path(b.region_code, "region_code");
  ctx.require("registry:business:write", b.region_path);
  b.building_id = json::opt_int(body, "building_id");
  b.address = json::opt_string(body, "address", 200, 0).value_or("");
  return b;
}

schema::value new_building_body() {
  using namespace schema;
  return object({req("region_code", describe(str(24), "a grid or a minimal unit")), req("name", str(100)),
                 schema::opt("address", str(200)), schema::opt("floors", integer(1, 200)),
                 schema::opt("lat", number_between(-90, 90)), schema::opt("lng", number_between(-180, 180))},
                closed);
}

schema::value new_business_body() {
  using namespace schema;
  return object(
      {req("name", str(100)), schema::opt("licence_no", describe(str(18, 18), "the unified social credit code")),
       schema::opt("kind", str(32)), schema::opt("owner_id", describe(id(), "a person")),
       req("region_code", describe(str(24), "a community, grid or unit")), schema::opt("building_id", id()),
       schema::opt("address", str(200))},
      closed);
}

void building_routes(Service& svc, http::Router& router) {
  router.add("GET", "/api/v1/buildings",
             {.summary = "Buildings in the caller's territory, with the number of households in each",
              .tag = "registry",
              .permission = "registry:building:read",
              .query = {{"region", "under this region code"}, {"limit", "1-1000, default 200"}},
              .response = schema::object({schema::req("items", schema::array(schema::ref("Building")))})},
             [&svc](Context& ctx) {
               auto scope = ctx.user().scope("registry:building:read");
               auto region_path = region_asked(svc, ctx, "registry:building:read");
               int limit = static_cast<int>(json::query_int(ctx.req(), "limit", 1, 1000).value_or(200));
               auto list = list_buildings(svc, scope, region_path, limit);
               json::array items;
               for (const auto& b : list.items) {
                 items.push_back(json::object{{"id", b.id},
                                              {"region_code", b.region_code},
                                              {"name", b.name},
                                              {"address", b.address},
                                              {"floors", or_null(b.floors)},
                                              {"lat", or_null(b.lat)},
                                              {"lng", or_null(b.lng)},
                                              {"households", list.households[b.id]},
                                              {"version", b.version}});
               }
               return json::respond(200, json::object{{"items", std::move(items)}});
             });

  router.add("POST", "/api/v1/buildings",
             {.summary = "Add a building in a grid or minimal unit",
              .tag = "registry",
              .permission = "registry:building:write",
              .request = new_building_body(),
              .response = schema::ref("BuildingCreated"),
              .statuses = {201, 403, 409, 422}},
             [&svc](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"region_code", "name", "address", "floors", "lat", "lng"});
               Building b = add_building(svc, ctx, new_building(svc, ctx, body));
               return json::respond(201, json::object{{"id", b.id},
                                                      {"region_code", b.region_code},
                                                      {"name", b.name},
                                                      {"address", b.address},
                                                      {"version", 1}});
             });
}

void business_routes(Service& svc, http::Router& router) {
  router.add("GET", "/api/v1/businesses",
             {.summary = "Businesses and shops in the caller's territory",
              .tag = "registry",
              .permission = "registry:business:read",
              .query = {{"region", "under this region code"}, {"limit", "1-1000, default 200"}},
              .response = schema::object({schema::req("items", schema::array(schema::ref("Business")))})},
             [&svc](Context& ctx) {
               auto scope = ctx.user().scope("registry:business:read");
               auto region_path = region_asked(svc, ctx, "registry:business:read");
               int limit = static_cast<int>(json::query_int(ctx.req(), "limit", 1, 1000).value_or(200));
               json::array items;
               for (const auto& b : list_businesses(svc, scope, region_path, limit)) {
                 items.push_back(json::object{{"id", b.id},
                                              {"name", b.name},
                                              {"licence_no", or_null(b.licence_no)},
                                              {"kind", b.kind},
                                              {"owner_id", or_null(b.owner_id)},
                                              {"region_code", b.region_code},
                                              {"building_id", or_null(b.building_id)},
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
       .request = new_business_body(),
       .response = schema::ref("BusinessCreated"),
       .statuses = {201, 403, 409, 422}},
      [&svc](Context& ctx) {
        auto body = json::parse_body(ctx.req());
        json::allow_only(body, {"name", "licence_no", "kind", "owner_id", "region_code", "building_id", "address"});
        Business b = register_business(svc, ctx, new_business(svc, ctx, body));
        return json::respond(201, json::object{{"id", b.id}, {"name", b.name}, {"region_code", b.region_code}});
      });
}

}  // namespace

void Service::register_place_routes(http::Router& router) {
  building_routes(*this, router);
  business_routes(*this, router);
}

}  // namespace wangge::registry
