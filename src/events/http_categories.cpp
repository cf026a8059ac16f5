// Event categories: the list with their deadlines, and create or edit (administrators).
#include "events/http_routes.h"
#include "events/render.h"
#include "events/service.h"

namespace wangge::events {

void register_category_routes(Service& svc, http::Router& router) {
  router.add("GET", "/api/v1/event-categories",
             {.summary = "Event categories (two levels) with their deadlines",
              .tag = "events",
              .permission = "events:category:read"},
             [&svc](Context&) {
               json::array items;
               for (const auto& c : svc.categories()) items.push_back(category_json(c));
               return json::respond(200, json::object{{"items", std::move(items)}});
             });
  router.add(
      "PUT", "/api/v1/event-categories/{code}",
      {.summary = "Create or edit a category (administrators)",
       .tag = "events",
       .permission = "events:category:write",
       .request_body = "{name_zh, name_en, parent_code?, department_kind?, priority?, self_handle?, "
                       "accept_hours?, sign_hours?, handle_days?{normal,urgent,critical}, verify_days?, "
                       "active?, sort?, attributes?[{code, datatype, required?, variable?, order?, description_zh, "
                       "description_en, values?[{key, name_zh, name_en}]}], version? (required to edit)}",
       .statuses = {200, 201, 409, 422}},
      [&svc](Context& ctx) {
        ctx.require("events:category:write", "/");
        auto body = json::parse_body(ctx.req());
        auto [c, created] = svc.save_category(ctx, ctx.req().param("code"), body);
        return json::respond(created ? 201 : 200, category_json(c));
      });
}

}  // namespace wangge::events
