// HTTP routes of the accounts module: log in and out, the caller, roles.
#include "accounts/render.h"
#include "accounts/service.h"
#include "core/error.h"

namespace wangge::accounts {

void Service::register_routes(http::Router& router) {
  register_schemas(router.components());
  register_auth_routes(router);
  register_user_routes(router);
}

void Service::register_auth_routes(http::Router& router) {
  router.add(
      "POST", "/api/v1/auth/login",
      {.summary = "Log in with username and password; returns a bearer token and sets the session cookie",
       .tag = "accounts",
       .authenticated = false,
       .request = schema::object(
           {schema::req("username", schema::str(64, 1)), schema::req("password", schema::str(0, 1))}, schema::closed),
       .response = schema::ref("LoginSession"),
       .statuses = {200, 401, 403, 422, 423},
       .load = http::Load::login},
      [this](Context& ctx) {
        auto body = json::parse_body(ctx.req());
        json::allow_only(body, {"username", "password"});
        std::string username = json::get_string(body, "username", 64);
        auto it = body.find("password");
        if (it == body.end() || !it->value().is_string() || it->value().as_string().empty()) {
          throw_validation("password", "is required", "必填");
        }
        std::string password(it->value().as_string());
        auto ua = ctx.req().header("user-agent").value_or("");
        LoginResult r = login(username, password, ctx.ip(), std::string(ua));
        auto resp = json::respond(200, json::object{{"token", r.token},
                                                    {"expires_at", json::rfc3339(r.expires_at)},
                                                    {"user", principal_json(r.principal)}});
        resp.set_header("Set-Cookie", "wangge_session=" + r.token + "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" +
                                          std::to_string(session_ttl_ms_ / 1000));
        resp.set_header("Cache-Control", "no-store");
        return resp;
      });

  router.add("POST", "/api/v1/auth/logout",
             {.summary = "End the current session (token and cookie)", .tag = "accounts", .statuses = {204}},
             [this](Context& ctx) {
               logout(ctx);
               auto resp = http::Response::no_content();
               resp.set_header("Set-Cookie", "wangge_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
               return resp;
             });

  router.add(
      "GET", "/api/v1/auth/me",
      {.summary = "The caller: grants and permissions", .tag = "accounts", .response = schema::ref("CurrentUser")},
      [](Context& ctx) { return json::respond(200, principal_json(ctx.user())); });

  router.add("POST", "/api/v1/auth/password",
             {.summary = "Change one's own password (ends the other sessions)",
              .tag = "accounts",
              .request = schema::object(
                  {schema::req("old_password", schema::str(256, 1)), schema::req("new_password", schema::str(256, 1))},
                  schema::closed),
              .statuses = {204, 422},
              .load = http::Load::login},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"old_password", "new_password"});
               change_password(ctx, json::get_string(body, "old_password", 256),
                               json::get_string(body, "new_password", 256));
               return http::Response::no_content();
             });

  router.add(
      "GET", "/api/v1/roles",
      {.summary = "The roles and their permissions",
       .tag = "accounts",
       .response = schema::object({schema::req("items", schema::array(schema::ref("Role")))})},
      [](Context& ctx) {
        (void)ctx.user();
        json::array items;
        for (const auto& r : roles()) {
          json::array perms;
          for (auto p : r.permissions) {
            if (p == "*") {
              for (auto q : all_permissions()) perms.emplace_back(q);
            } else {
              perms.emplace_back(p);
            }
          }
          items.push_back(json::object{
              {"role", r.role}, {"name_zh", r.name_zh}, {"name_en", r.name_en}, {"permissions", std::move(perms)}});
        }
        return json::respond(200, json::object{{"items", std::move(items)}});
      });
}

}  // namespace wangge::accounts
