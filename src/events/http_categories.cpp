// Event categories: the list with their deadlines, and create or edit (administrators).
#include "events/http_routes.h"
#include "events/render.h"
#include "events/service.h"

namespace wangge::events {
namespace {

// PUT /event-categories/{code}: version is required to edit an existing category.
schema::value category_input() {
  using namespace schema;
  value days = integer(1, 720);
  value attribute =
      object({req("code", str(32)), req("datatype", str(20)), opt("required", boolean()), opt("variable", boolean()),
              opt("order", integer()), opt("description_zh", str(200)), opt("description_en", str(200)),
              opt("values", array(object({req("key", str(32)), req("name_zh", str(100)), req("name_en", str(100))})))});
  return object(
      {req("name_zh", str(50)), req("name_en", str(100)), opt("parent_code", nullable(str(8))),
       opt("department_kind", nullable(str(32))),
       opt("priority", nullable(enumeration({"normal", "urgent", "critical"}))),
       opt("self_handle", nullable(boolean())), opt("accept_hours", days), opt("sign_hours", days),
       opt("handle_days", object({opt("normal", integer(1)), opt("urgent", integer(1)), opt("critical", integer(1))})),
       opt("verify_days", integer(1, 30)), opt("active", nullable(boolean())), opt("sort", integer(0, 100000)),
       opt("attributes", array(attribute)), opt("version", id())},
      closed);
}

}  // namespace

void register_category_routes(Service& svc, http::Router& router) {
  router.add("GET", "/api/v1/event-categories",
             {.summary = "Event categories (two levels) with their deadlines",
              .tag = "events",
              .permission = "events:category:read",
              .response = schema::object({schema::req("items", schema::array(schema::ref("EventCategory")))})},
             [&svc](Context&) {
               json::array items;
               for (const auto& c : svc.categories()) items.push_back(category_json(c));
               return json::respond(200, json::object{{"items", std::move(items)}});
             });
  router.add("PUT", "/api/v1/event-categories/{code}",
             {.summary = "Create or edit a category (administrators)",
              .tag = "events",
              .permission = "events:category:write",
              .request = category_input(),
              .response = schema::ref("EventCategory"),
              .statuses = {200, 201, 409, 422}},
             [&svc](Context& ctx) {
               ctx.require("events:category:write", "/");
               auto body = json::parse_body(ctx.req());
               auto [c, created] = svc.save_category(ctx, ctx.req().param("code"), body);
               return json::respond(created ? 201 : 200, category_json(c));
             });
}

}  // namespace wangge::events
