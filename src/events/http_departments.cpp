// Departments (职能部门): list, create, edit, set their handler accounts.
#include <algorithm>

#include "core/error.h"
#include "events/http_routes.h"
#include "events/render.h"
#include "events/service.h"

namespace wangge::events {

void register_department_routes(Service& svc, http::Router& router) {
  router.add("GET", "/api/v1/departments",
             {.summary = "Departments serving the caller's territory (and those above it)",
              .tag = "events",
              .permission = "events:department:read",
              .query = {{"region", "only those serving this region code"}, {"kind", "only this kind"}},
              .response = schema::object({schema::req("items", schema::array(schema::ref("Department")))})},
             [&svc](Context& ctx) {
               json::array items;
               for (const auto& d :
                    svc.visible_departments(ctx, ctx.req().query_param("region"), ctx.req().query_param("kind")))
                 items.push_back(department_json(d));
               return json::respond(200, json::object{{"items", std::move(items)}});
             });
  router.add("POST", "/api/v1/departments",
             {.summary = "Create a department on a territory node",
              .tag = "events",
              .permission = "events:department:write",
              .request = schema::object({schema::req("region_code", schema::str(24)),
                                         schema::req("kind", schema::str(32)), schema::req("name", schema::str(100))},
                                        schema::closed),
              .response = schema::ref("Department"),
              .statuses = {201, 409, 422}},
             [&svc](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"region_code", "kind", "name"});
               Department d;
               d.region_code = json::get_string(body, "region_code", 24);
               d.kind = json::get_string(body, "kind", 32);
               d.name = json::get_string(body, "name", 100);
               return json::respond(201, department_json(svc.create_department(ctx, std::move(d))));
             });
  router.add(
      "PATCH", "/api/v1/departments/{id}",
      {.summary = "Rename, re-kind or (de)activate a department",
       .tag = "events",
       .permission = "events:department:write",
       .request = schema::object({schema::opt("name", schema::str(100, 1)), schema::opt("kind", schema::str(32, 1)),
                                  schema::opt("active", schema::boolean()), schema::req("version", schema::id())},
                                 schema::closed),
       .response = schema::ref("Department"),
       .statuses = {200, 404, 409, 422, 428}},
      [&svc](Context& ctx) {
        auto body = json::parse_body(ctx.req());
        json::allow_only(body, {"name", "kind", "active", "version"});
        std::int64_t id = json::path_id(ctx.req(), "id");
        return json::respond(200, department_json(svc.update_department(ctx, id, body)));
      });
  router.add("PUT", "/api/v1/departments/{id}/members",
             {.summary = "Set the handler accounts of a department",
              .tag = "events",
              .permission = "events:department:write",
              .request = schema::object({schema::req("user_ids", schema::array(schema::id(), 200))}, schema::closed),
              .response = schema::ref("Department"),
              .statuses = {200, 404, 422}},
             [&svc](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"user_ids"});
               auto it = body.find("user_ids");
               if (it == body.end() || !it->value().is_array() || it->value().as_array().size() > 200)
                 throw_validation("user_ids", "an array of up to 200 user ids", "应为最多 200 个用户编号的数组");
               std::vector<std::int64_t> users;
               for (const auto& v : it->value().as_array()) {
                 if (!v.is_int64()) throw_validation("user_ids", "user ids are integers", "用户编号应为整数");
                 if (std::find(users.begin(), users.end(), v.as_int64()) == users.end()) users.push_back(v.as_int64());
               }
               std::int64_t id = json::path_id(ctx.req(), "id");
               return json::respond(200, department_json(svc.set_department_members(ctx, id, users)));
             });
}

}  // namespace wangge::events
