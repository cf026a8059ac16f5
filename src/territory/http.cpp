// HTTP routes of the territory module.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/error.h"
#include "territory/service.h"

namespace wangge::territory {
namespace {

json::object region_json(const Region& r) {
  return json::object{{"code", r.code},
                      {"name", r.name},
                      {"level", r.level},
                      {"parent_code", r.parent_code ? json::value(*r.parent_code) : json::value(nullptr)},
                      {"child_count", r.child_count},
                      {"has_geometry", r.geometry.has_value()},
                      {"version", r.version},
                      {"source", r.source},
                      {"updated_at", json::rfc3339(r.updated_at)}};
}

json::array chain_json(const std::vector<Region>& chain) {
  json::array out;
  for (const auto& c : chain) out.push_back(json::object{{"code", c.code}, {"name", c.name}, {"level", c.level}});
  return out;
}

json::object piece_json(const geo::CoveragePiece& p) {
  json::array codes;
  for (const auto& c : p.codes) codes.emplace_back(c);
  return json::object{{"codes", std::move(codes)}, {"area_m2", p.area_m2}, {"geometry", p.shape.to_json()}};
}

// The geometry member of a body as GeoJSON text, "" for an explicit null (removal).
std::optional<std::string> geometry_field(const json::object& body) {
  auto it = body.find("geometry");
  if (it == body.end()) return std::nullopt;
  if (it->value().is_null()) return std::string();
  if (!it->value().is_object())
    throw Error("invalid_geometry", "geometry", "must be a GeoJSON geometry object", "必须是 GeoJSON 几何对象");
  return json::to_text(it->value());
}

}  // namespace

void Service::register_routes(http::Router& router) {
  const std::string read = "territory:region:read", write = "territory:region:write";

  router.add(
      "GET", "/api/v1/regions",
      {.summary = "The caller's territory roots (the nodes of their grants)", .tag = "territory", .permission = read},
      [this, read](Context& ctx) {
        json::array items;
        for (const auto& path : ctx.user().scope(read)) {
          if (path == "/") {
            // A system-wide grant: every root region.
            auto rows = db_.read_value<std::vector<std::string>>([](storage::Tx& tx) {
              std::vector<std::string> codes;
              for (const auto& row : tx.exec("SELECT code FROM regions WHERE parent_code IS NULL ORDER BY code").rows) {
                codes.push_back(row.str(0));
              }
              return codes;
            });
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
              .statuses = {200, 404}},
             [this, read](Context& ctx) {
               Region r = get(ctx.req().param("code"), false);
               ctx.require(read, r.path);
               int limit = static_cast<int>(json::query_int(ctx.req(), "limit", 1, 1000).value_or(200));
               std::string after = ctx.req().query_param("cursor").value_or("");
               auto kids = children(r.code, after, limit + 1, false);
               json::array items;
               for (std::size_t i = 0; i < kids.size() && static_cast<int>(i) < limit; ++i)
                 items.push_back(region_json(kids[i]));
               json::value next = static_cast<int>(kids.size()) > limit
                                      ? json::value(kids[static_cast<std::size_t>(limit) - 1].code)
                                      : json::value(nullptr);
               return json::respond(200, json::object{{"items", std::move(items)}, {"next_cursor", next}});
             });

  router.add("GET", "/api/v1/regions/{code,
  .runs = http::Runs::pool}/geojson",
             {.summary = "The children's boundaries as a GeoJSON FeatureCollection",
              .tag = "territory",
              .permission = read,
              .statuses = {200, 404}},
             [this, read](Context& ctx) {
               Region r = get(ctx.req().param("code"), false);
               ctx.require(read, r.path);
               // Built as text: the stored geometries are spliced in without a parse.
               std::string body = R"({"type":"FeatureCollection","features":[)";
               bool first = true;
               std::string after;
               for (;;) {
                 auto batch = children(r.code, after, 1000, true);
                 for (const auto& c : batch) {
                   if (!c.geometry || c.geometry->empty()) continue;
                   if (!first) body += ',';
                   first = false;
                   body += R"({"type":"Feature","id":)" + json::to_text(json::value(c.code)) + R"(,"properties":)" +
                           json::to_text(json::object{{"code", c.code}, {"name", c.name}, {"level", c.level}}) +
                           R"(,"geometry":)" + *c.geometry + "}";
                 }
                 if (batch.size() < 1000) break;
                 after = batch.back().code;
               }
               body += "]}";
               auto resp = http::Response::json(200, std::move(body));
               resp.content_type = "application/geo+json";
               return resp;
             });

  router.add("GET", "/api/v1/regions/{code,
  .runs = http::Runs::pool}/coverage",
             {.summary = "全域覆盖: gaps and overlaps among the children's boundaries",
              .tag = "territory",
              .permission = "territory:coverage:read",
              .statuses = {200, 404, 409}},
             [this](Context& ctx) {
               Region r = get(ctx.req().param("code"), true);
               ctx.require("territory:coverage:read", r.path);
               auto rep = coverage(r);
               json::array gaps, overlaps, outside;
               for (const auto& p : rep.gaps) gaps.push_back(piece_json(p));
               for (const auto& p : rep.overlaps) overlaps.push_back(piece_json(p));
               for (const auto& p : rep.outside) outside.push_back(piece_json(p));
               return json::respond(200,
                                    json::object{{"code", r.code},
                                                 {"area_m2", rep.area_m2},
                                                 {"covered_m2", std::min(rep.covered_m2, rep.area_m2)},  // float noise

                                                 {"complete", rep.complete()},
                                                 {"gaps", std::move(gaps)},
                                                 {"overlaps", std::move(overlaps)},
                                                 {"outside", std::move(outside)}});
             });

  router.add("GET", "/api/v1/locate",
             {.summary = "The grid containing a point, with its chain of parents",
              .tag = "territory",
              .permission = read,
              .query = {{"lat", "latitude, WGS84", true}, {"lng", "longitude, WGS84", true}},
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

  router.add("POST", "/api/v1/regions",
             {.summary = "Create a region under a parent",
              .tag = "territory",
              .permission = write,
              .request_body = "{code, name, level, parent_code, geometry?}",
              .statuses = {201, 409, 422}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"code", "name", "level", "parent_code", "geometry"});
               CreateInput in;
               in.code = json::get_string(body, "code", 24);
               in.name = json::get_string(body, "name", 100);
               in.level = json::get_string(body, "level", 20);
               in.parent_code = json::opt_string(body, "parent_code", 24).value_or("");
               auto g = geometry_field(body);
               if (g && !g->empty()) in.geometry = *g;
               return create_deferred(ctx, in, [](const Region& r) { return json::respond(201, region_json(r)); });
             });

  router.add("PATCH", "/api/v1/regions/{code}",
             {.summary = "Rename a region or replace its boundary",
              .tag = "territory",
              .permission = write,
              .request_body = "{name?, geometry? (null removes), version?}",
              .statuses = {200, 404, 409, 422}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"name", "geometry", "version"});
               UpdateInput in;
               in.name = json::opt_string(body, "name", 100, 1);
               in.geometry = geometry_field(body);
               in.version = json::opt_int(body, "version");
               return json::respond(200, region_json(update(ctx, ctx.req().param("code"), in)));
             });

  router.add("POST", "/api/v1/regions/{code}/move",
             {.summary = "Move a region and its subtree under another parent",
              .tag = "territory",
              .permission = write,
              .request_body = "{parent_code}",
              .statuses = {200, 404, 409, 422}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"parent_code"});
               return json::respond(
                   200, region_json(move(ctx, ctx.req().param("code"), json::get_string(body, "parent_code", 24))));
             });

  router.add("DELETE", "/api/v1/regions/{code}",
             {.summary = "Delete a region that has no children and no records",
              .tag = "territory",
              .permission = write,
              .statuses = {204, 404, 409}},
             [this](Context& ctx) {
               remove(ctx, ctx.req().param("code"));
               return http::Response::no_content();
             });
}

}  // namespace wangge::territory
