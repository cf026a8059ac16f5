// HTTP routes of the territory module that write: create, update, move, delete.
#include "core/error.h"
#include "territory/render.h"
#include "territory/service.h"

namespace wangge::territory {
namespace {

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

void Service::register_write_routes(http::Router& router) {
  const std::string write = "territory:region:write";
  router.add("POST", "/api/v1/regions",
             {.summary = "Create a region under a parent",
              .tag = "territory",
              .permission = write,
              .request = schema::object(
                  {schema::req("code", schema::str(24, 1)), schema::req("name", schema::str(100, 1)),
                   schema::req("level", schema::ref("RegionLevel")),
                   schema::opt("parent_code", schema::describe(schema::nullable(schema::str(24)), "absent for a root")),
                   schema::opt("geometry", schema::nullable(schema::ref("PolygonGeometry")))},
                  schema::closed),
              .response = schema::ref("Region"),
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
              .request = schema::object(
                  {schema::opt("name", schema::nullable(schema::str(100, 1))),
                   schema::opt("geometry",
                               schema::describe(schema::nullable(schema::ref("PolygonGeometry")), "null removes it")),
                   schema::opt("version", schema::describe(schema::nullable(schema::integer()),
                                                           "the region's version, checked when given"))},
                  schema::closed),
              .response = schema::ref("Region"),
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
              .request = schema::object({schema::req("parent_code", schema::str(24, 1))}, schema::closed),
              .response = schema::ref("Region"),
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
