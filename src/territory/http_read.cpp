// HTTP routes of the territory module that read: the caller's roots, a region, its
// children and their boundaries, coverage, locating a point.
#include <algorithm>

#include "core/error.h"
#include "core/paging.h"
#include "territory/render.h"
#include "territory/service.h"
#include "territory/store.h"

namespace wangge::territory {
namespace {

json::object piece_json(const geo::CoveragePiece& p) {
  json::array codes;
  for (const auto& c : p.codes) codes.emplace_back(c);
  return json::object{{"codes", std::move(codes)}, {"area_m2", p.area_m2}, {"geometry", p.shape.to_json()}};
}

// The children's boundaries as a GeoJSON FeatureCollection, built as text: the stored
// geometries are spliced in without a parse.
std::string features_text(const Service& territory, const std::string& code) {
  std::string body = R"({"type":"FeatureCollection","features":[)";
  bool first = true;
  std::string after;
  for (;;) {
    auto batch = territory.children(code, after, 1000, true);
    for (const auto& c : batch) {
      if (!c.geometry || c.geometry->empty()) continue;
      if (!first) body += ',';
      first = false;
      body += R"({"type":"Feature","id":)" + json::to_text(json::value(c.code)) + R"(,"properties":)" +
              json::to_text(json::object{{"code", c.code}, {"name", c.name}, {"level", c.level}}) + R"(,"geometry":)" +
              *c.geometry + "}";
    }
    if (batch.size() < 1000) break;
    after = batch.back().code;
  }
  body += "]}";
  return body;
}

json::object coverage_json(const Region& r, const geo::CoverageReport& rep) {
  json::array gaps, overlaps, outside;
  for (const auto& p : rep.gaps) gaps.push_back(piece_json(p));
  for (const auto& p : rep.overlaps) overlaps.push_back(piece_json(p));
  for (const auto& p : rep.outside) outside.push_back(piece_json(p));
  return json::object{{"code", r.code},
                      {"area_m2", rep.area_m2},
                      {"covered_m2", std::min(rep.covered_m2, rep.area_m2)},  // float noise
                      {"complete", rep.complete()},
                      {"gaps", std::move(gaps)},
                      {"overlaps", std::move(overlaps)},
                      {"outside", std::move(outside)}};
}

}  // namespace

void Service::register_routes(http::Router& router) {
  register_schemas(router.components());
  register_read_routes(router);
  register_write_routes(router);
}

void Service::register_read_routes(http::Router& router) {
  const std::string read = "territory:region:read";

  router.add("GET", "/api/v1/regions",
             {.summary = "The caller's territory roots (the nodes of their grants)",
              .tag = "territory",
              .permission = read,
              .response = schema::object({schema::req("items", schema::array(schema::ref("Region")))})},
             [this, read](Context& ctx) {
               json::array items;
               for (const auto& path : ctx.user().scope(read)) {
                 if (path == "/") {
                   // A system-wide grant: every root region.
                   auto rows =
                       db_.read_value<std::vector<std::string>>([](storage::Tx& tx) { return store::root_codes(tx); });
                   for (const auto& c : rows) items.push_back(region_json(get(c, false, true)));
                 } else {
                   std::string code = path.substr(0, path.size() - 1);
                   code = code.substr(code.rfind('/') + 1);
                   if (auto r = find(code, false, true)) items.push_back(region_json(*r));
                 }
               }
               return json::respond(200, json::object{{"items", std::move(items)}});
             });

  router.add("GET", "/api/v1/regions/{code}",
             {.summary = "A region with its chain of parents and its boundary",
              .tag = "territory",
              .permission = read,
              .response = schema::ref("RegionDetail"),
              .statuses = {200, 404}},
             [this, read](Context& ctx) {
               // One read transaction for the region and its chain (nested reads share it).
               Region r;
               std::vector<Region> parents;
               db_.read([&](storage::Tx&) {
                 r = get(ctx.req().param("code"), true, true);
                 ctx.require(read, r.path);
                 parents = chain(r);
               });
               json::object out = region_json(r);
               out["path"] = chain_json(parents);
               return json::respond_with_raw(200, out, "geometry", r.geometry.value_or(""));
             });

  router.add("GET", "/api/v1/regions/{code}/children",
             {.summary = "The children of a region, by code, paginated",
              .tag = "territory",
              .permission = read,
              .query = {{"cursor", "next_cursor of the previous page"}, {"limit", "1..1000, default 200"}},
              .response = schema::page_of(schema::ref("Region")),
              .statuses = {200, 404}},
             [this, read](Context& ctx) {
               Region r = get(ctx.req().param("code"), false);
               ctx.require(read, r.path);
               int limit = paging::limit(ctx.req(), 1000, 200);
               std::string after = ctx.req().query_param("cursor").value_or("");
               auto kids = children(r.code, after, limit + 1, false);
               return json::respond(200,
                                    paging::page(kids, limit, region_json, [](const Region& k) { return k.code; }));
             });

  router.add("GET", "/api/v1/regions/{code}/geojson",
             {.summary = "The children's boundaries as a GeoJSON FeatureCollection",
              .tag = "territory",
              .permission = read,
              .response = schema::ref("RegionFeatureCollection"),
              .statuses = {200, 404},
              .runs = http::Runs::pool},
             [this, read](Context& ctx) {
               Region r = get(ctx.req().param("code"), false);
               ctx.require(read, r.path);
               std::string body = features_text(*this, r.code);
               auto resp = http::Response::json(200, std::move(body));
               resp.content_type = "application/geo+json";
               return resp;
             });

  router.add("GET", "/api/v1/regions/{code}/coverage",
             {.summary = "全域覆盖: gaps and overlaps among the children's boundaries",
              .tag = "territory",
              .permission = "territory:coverage:read",
              .response = schema::ref("RegionCoverage"),
              .statuses = {200, 404, 409},
              .runs = http::Runs::pool},
             [this](Context& ctx) {
               Region r = get(ctx.req().param("code"), true);
               ctx.require("territory:coverage:read", r.path);
               auto rep = coverage(r);
               return json::respond(200, coverage_json(r, rep));
             });

  router.add("GET", "/api/v1/locate",
             {.summary = "The grid containing a point, with its chain of parents",
              .tag = "territory",
              .permission = read,
              .query = {{"lat", "latitude, WGS84", true}, {"lng", "longitude, WGS84", true}},
              .response = schema::ref("GridLocation"),
              .statuses = {200, 404}},
             [this, read](Context& ctx) {
               ctx.require_somewhere(read);
               auto lat = json::query_double(ctx.req(), "lat");
               auto lng = json::query_double(ctx.req(), "lng");
               if (!lat || *lat < -90 || *lat > 90)
                 throw Error("invalid_query", "lat", "latitude in [-90, 90] is required", "需要 -90 到 90 之间的纬度");
               if (!lng || *lng < -180 || *lng > 180)
                 throw Error("invalid_query", "lng", "longitude in [-180, 180] is required",
                             "需要 -180 到 180 之间的经度");
               auto code = locate(*lng, *lat);
               if (!code) throw Error("not_located");
               Region g = get(*code, false, true);
               return json::respond(200, json::object{{"grid", region_json(g)}, {"path", chain_json(chain(g))}});
             });

  router.add("GET", "/api/v1/map/nearby",
             {.summary = "The map around a point: outlines of the grids and communities near it and the buildings "
                         "there, with their names (public to every account: nothing about people)",
              .tag = "territory",
              .query = {{"lat", "latitude, WGS84", true},
                        {"lng", "longitude, WGS84", true},
                        {"radius", "metres, 50-3000 (default 800): half the side of the square drawn"}},
              .response = schema::ref("MapFeatureCollection"),
              .statuses = {200, 400}},
             [this](Context& ctx) {
               auto lat = json::query_double(ctx.req(), "lat");
               auto lng = json::query_double(ctx.req(), "lng");
               if (!lat || *lat < -85 || *lat > 85)
                 throw Error("invalid_query", "lat", "latitude in [-85, 85] is required", "需要 -85 到 85 之间的纬度");
               if (!lng || *lng < -180 || *lng > 180)
                 throw Error("invalid_query", "lng", "longitude in [-180, 180] is required",
                             "需要 -180 到 180 之间的经度");
               double radius = 800;
               if (ctx.req().query_param("radius")) {
                 auto r = json::query_double(ctx.req(), "radius");
                 if (!r || *r < 50 || *r > 3000)
                   throw Error("invalid_query", "radius", "radius in metres from 50 to 3000", "半径应为 50 到 3000 米");
                 radius = *r;
               }
               auto resp = http::Response::json(200, nearby(*lng, *lat, radius));
               resp.content_type = "application/geo+json";
               // Boundaries change seldom: a phone reuses what it fetched for a few minutes.
               resp.set_header("Cache-Control", "private, max-age=300");
               return resp;
             });
}

}  // namespace wangge::territory
