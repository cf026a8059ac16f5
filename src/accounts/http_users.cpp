// HTTP routes of the accounts module: users and their grants.
#include "accounts/render.h"
#include "accounts/service.h"
#include "core/error.h"
#include "core/paging.h"

namespace wangge::accounts {

void Service::register_user_routes(http::Router& router) {
  router.add(
      "GET", "/api/v1/users",
      {.summary = "List users with their grants",
       .tag = "accounts",
       .permission = "accounts:user:read",
       .query = {{"q", "part of username or display name"}, {"cursor", "next_cursor"}, {"limit", "1..200, default 50"}},
       .response = schema::page_of(schema::ref("User"))},
      [this](Context& ctx) {
        int limit = paging::limit(ctx.req(), 200, 50);
        std::int64_t after = paging::id_cursor(ctx.req(), 0).value_or(0);
        auto users = list_users(ctx, ctx.req().query_param("q"), after, limit + 1);
        return json::respond(200,
                             paging::page(users, limit, user_json, [](const User& u) { return std::to_string(u.id); }));
      });

  router.add("POST", "/api/v1/users",
             {.summary = "Create a user",
              .tag = "accounts",
              .permission = "accounts:user:write",
              .request = schema::object(
                  {schema::req("username", schema::str(64, 1)), schema::req("display_name", schema::str(100, 1)),
                   schema::req("password", schema::str(256, 1))},
                  schema::closed),
              .response = schema::ref("User"),
              .statuses = {201, 409, 422}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"username", "display_name", "password"});
               auto u =
                   create_user(ctx, json::get_string(body, "username", 64), json::get_string(body, "display_name", 100),
                               json::get_string(body, "password", 256));
               return json::respond(201, user_json(u));
             });

  router.add("GET", "/api/v1/users/{id}",
             {.summary = "One user with grants",
              .tag = "accounts",
              .permission = "accounts:user:read",
              .response = schema::ref("User"),
              .statuses = {200, 404}},
             [this](Context& ctx) {
               ctx.require_somewhere("accounts:user:read");
               return json::respond(200, user_json(get_user(json::path_id(ctx.req(), "id"))));
             });

  router.add("PATCH", "/api/v1/users/{id}",
             {.summary = "Rename, disable or enable a user",
              .tag = "accounts",
              .permission = "accounts:user:write",
              .request = schema::object({schema::opt("display_name", schema::nullable(schema::str(100, 1))),
                                         schema::opt("disabled", schema::nullable(schema::boolean()))},
                                        schema::closed),
              .response = schema::ref("User"),
              .statuses = {200, 404, 422}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"display_name", "disabled"});
               auto u = update_user(ctx, json::path_id(ctx.req(), "id"), json::opt_string(body, "display_name", 100, 1),
                                    json::opt_bool(body, "disabled"));
               return json::respond(200, user_json(u));
             });

  router.add("POST", "/api/v1/users/{id}/password",
             {.summary = "Set a user's password (ends their sessions, lifts a lock)",
              .tag = "accounts",
              .permission = "accounts:user:write",
              .request = schema::object({schema::req("password", schema::str(256, 1))}, schema::closed),
              .statuses = {204, 404, 422}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"password"});
               reset_password(ctx, json::path_id(ctx.req(), "id"), json::get_string(body, "password", 256));
               return http::Response::no_content();
             });

  router.add("DELETE", "/api/v1/users/{id}/sessions",
             {.summary = "End every session of a user (their tokens stop working at once)",
              .tag = "accounts",
              .permission = "accounts:user:write",
              .response = schema::object({schema::req("revoked", schema::integer(0))}),
              .statuses = {200, 404}},
             [this](Context& ctx) {
               auto n = revoke_sessions(ctx, json::path_id(ctx.req(), "id"));
               return json::respond(200, json::object{{"revoked", n}});
             });

  router.add("POST", "/api/v1/users/{id}/grants",
             {.summary = "Grant a role on a territory node (and its subtree)",
              .tag = "accounts",
              .permission = "accounts:grant:write",
              .request = schema::object({schema::req("role", schema::ref("RoleName")),
                                         schema::opt("region_code", schema::describe(schema::nullable(schema::str(24)),
                                                                                     "null or absent: system-wide"))},
                                        schema::closed),
              .response = schema::ref("Grant"),
              .statuses = {201, 404, 409, 422}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"role", "region_code"});
               auto g = add_grant(ctx, json::path_id(ctx.req(), "id"), json::get_string(body, "role", 32),
                                  json::opt_string(body, "region_code", 24).value_or(""));
               return json::respond(201, grant_json(g));
             });

  router.add(
      "DELETE", "/api/v1/users/{id}/grants/{grant_id}",
      {.summary = "Revoke a grant", .tag = "accounts", .permission = "accounts:grant:write", .statuses = {204, 404}},
      [this](Context& ctx) {
        revoke_grant(ctx, json::path_id(ctx.req(), "id"), json::path_id(ctx.req(), "grant_id"));
        return http::Response::no_content();
      });
}

}  // namespace wangge::accounts
