// HTTP routes of the accounts module.
#include "accounts/service.h"
#include "core/error.h"

namespace wangge::accounts {
namespace {

json::object grant_json(const Grant& g) {
  return json::object{{"id", g.id},
                      {"role", g.role},
                      {"region_code", g.region_code.empty() ? json::value(nullptr) : json::value(g.region_code)},
                      {"region_name", g.region_name}};
}

json::object principal_json(const Principal& p) {
  json::array grants, perms;
  for (const auto& g : p.grants) grants.push_back(grant_json(g));
  for (const auto& s : p.permissions()) perms.emplace_back(s);
  return json::object{{"id", p.user_id},
                      {"username", p.username},
                      {"display_name", p.display_name},
                      {"grants", std::move(grants)},
                      {"permissions", std::move(perms)}};
}

json::object user_json(const User& u) {
  json::array grants;
  for (const auto& g : u.grants) grants.push_back(grant_json(g));
  return json::object{
      {"id", u.id},
      {"username", u.username},
      {"display_name", u.display_name},
      {"disabled", u.disabled},
      {"locked_until", u.locked_until ? json::value(json::rfc3339(*u.locked_until)) : json::value(nullptr)},
      {"created_at", json::rfc3339(u.created_at)},
      {"grants", std::move(grants)}};
}

}  // namespace

void Service::register_routes(http::Router& router) {
  router.add("POST", "/api/v1/auth/login",
             {.summary = "Log in with username and password; returns a bearer token and sets the session cookie",
              .tag = "accounts",
              .authenticated = false,
              .request_body = "{username, password}",
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
               resp.set_header("Set-Cookie", "wangge_session=" + r.token +
                                                 "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" +
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

  router.add("GET", "/api/v1/auth/me", {.summary = "The caller: grants and permissions", .tag = "accounts"},
             [](Context& ctx) { return json::respond(200, principal_json(ctx.user())); });

  router.add("POST", "/api/v1/auth/password",
             {.summary = "Change one's own password (ends the other sessions)",
              .tag = "accounts",
              .request_body = "{old_password, new_password}",
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
      "GET", "/api/v1/roles", {.summary = "The roles and their permissions", .tag = "accounts"}, [](Context& ctx) {
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

  router.add("GET", "/api/v1/users",
             {.summary = "List users with their grants",
              .tag = "accounts",
              .permission = "accounts:user:read",
              .query = {{"q", "part of username or display name"},
                        {"cursor", "next_cursor"},
                        {"limit", "1..200, default 50"}}},
             [this](Context& ctx) {
               int limit = static_cast<int>(json::query_int(ctx.req(), "limit", 1, 200).value_or(50));
               std::int64_t after = json::query_int(ctx.req(), "cursor", 0, INT64_MAX).value_or(0);
               auto users = list_users(ctx, ctx.req().query_param("q"), after, limit + 1);
               json::array items;
               for (std::size_t i = 0; i < users.size() && static_cast<int>(i) < limit; ++i)
                 items.push_back(user_json(users[i]));
               json::value next = static_cast<int>(users.size()) > limit
                                      ? json::value(std::to_string(users[static_cast<std::size_t>(limit) - 1].id))
                                      : json::value(nullptr);
               return json::respond(200, json::object{{"items", std::move(items)}, {"next_cursor", next}});
             });

  router.add("POST", "/api/v1/users",
             {.summary = "Create a user",
              .tag = "accounts",
              .permission = "accounts:user:write",
              .request_body = "{username, display_name, password}",
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
              .statuses = {200, 404}},
             [this](Context& ctx) {
               ctx.require_somewhere("accounts:user:read");
               return json::respond(200, user_json(get_user(json::path_id(ctx.req(), "id"))));
             });

  router.add("PATCH", "/api/v1/users/{id}",
             {.summary = "Rename, disable or enable a user",
              .tag = "accounts",
              .permission = "accounts:user:write",
              .request_body = "{display_name?, disabled?}",
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
              .request_body = "{password}",
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
              .statuses = {200, 404}},
             [this](Context& ctx) {
               auto n = revoke_sessions(ctx, json::path_id(ctx.req(), "id"));
               return json::respond(200, json::object{{"revoked", n}});
             });

  router.add("POST", "/api/v1/users/{id}/grants",
             {.summary = "Grant a role on a territory node (and its subtree)",
              .tag = "accounts",
              .permission = "accounts:grant:write",
              .request_body = "{role, region_code (null: system-wide)}",
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
