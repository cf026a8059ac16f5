// Routes of alerts: send one to a node calling teams (Idempotency-Key: a retried send acts
// once), list those on the caller's line and those that called the caller, read one (its
// overseers see who answered when and who did not), answer it, close it.
#include "core/error.h"
#include "core/idempotency.h"
#include "core/paging.h"
#include "emergency/http_common.h"
#include "emergency/service.h"
#include "emergency/store.h"
#include "territory/service.h"

namespace wangge::emergency {

void Service::register_alert_routes(http::Router& router) {
  using namespace schema;
  router.add(
      "POST", "/api/v1/emergency-alerts",
      {.summary = "Send an alert (预警/集结) to a node, calling teams of its line: their members with accounts are "
                  "told (inbox, webhook, live) (Idempotency-Key)",
       .tag = "emergency",
       .permission = "emergency:alert:send",
       .request = object({req("region_code", describe(str(24, 1), "the node called; the caller must command it")),
                          req("level", enumeration(kLevels)), req("hazard", enumeration(kHazards)),
                          req("message", str(1000, 1)), req("team_ids", array(id(), 20))},
                         closed),
       .response = ref("EmergencyAlert"),
       .statuses = {201, 403, 409, 422}},
      [this](Context& ctx) {
        auto body = json::parse_body(ctx.req());
        json::allow_only(body, {"region_code", "level", "hazard", "message", "team_ids"});
        Alert a;
        a.region_code = json::get_string(body, "region_code", 24);
        a.level = json::one_of(body, "level", kLevels);
        a.hazard = json::one_of(body, "hazard", kHazards);
        a.message = json::get_string(body, "message", 1000);
        a.team_ids = web::id_list(body, "team_ids", 20);
        bool ran = false;
        Alert sent;
        std::vector<std::int64_t> users;
        auto response = idempotency::run(db_, ctx, [&](storage::Tx& tx) {
          ran = true;
          sent = send_alert(tx, ctx, a);
          users.clear();
          for (const auto& r : store::recipients(tx, sent.id)) users.push_back(r.user_id);
          return idempotency::Reply{201, json::to_text(alert_json(tx, ctx, sent, true))};
        });
        if (ran) publish_alert(sent, users);  // after the commit; a replayed answer tells no one again
        return response;
      });

  router.add("GET", "/api/v1/emergency-alerts",
             {.summary = "Alerts on the caller's line, and those that called the caller (view=received: only those)",
              .tag = "emergency",
              .permission = "",
              .query = {{"view", "all (default) or received"},
                        {"region", "a node within the caller's scope (emergency:plan:read)"},
                        {"status", "open or closed"},
                        {"cursor", "next_cursor of the previous page"},
                        {"limit", "1-100, default 50"}},
              .response = page_of(ref("EmergencyAlert")),
              .statuses = {200, 400, 403, 404}},
             [this](Context& ctx) {
               const auto& req = ctx.req();
               std::string view = req.query_param("view").value_or("all");
               if (view != "all" && view != "received")
                 throw Error("invalid_query", "view", "all or received", "应为 all 或 received");
               store::AlertFilter f;
               if (req.query_param("region")) {
                 f.reach = web::reach_of(ctx, territory_, "emergency:plan:read");
               } else {
                 auto scope = ctx.user().scope("emergency:plan:read");
                 for (auto& p : ctx.user().scope("emergency:alert:send")) scope.push_back(std::move(p));
                 f.reach = store::Reach{scope, scope, std::nullopt};
               }
               f.recipient = ctx.user().user_id;
               f.only_received = view == "received";
               f.status = web::query_one_of(req, "status", kAlertStates);
               f.before_id = paging::id_cursor(req);
               int limit = paging::limit(req, 100, 50);
               f.limit = limit + 1;
               json::object page;
               db_.read([&](storage::Tx& tx) {
                 page = paging::page(
                     store::alerts(tx, f), limit, [&](const Alert& a) { return alert_json(tx, ctx, a, false); },
                     [](const Alert& a) { return std::to_string(a.id); });
               });
               return json::respond(200, page);
             });

  router.add(
      "GET", "/api/v1/emergency-alerts/{id}",
      {.summary = "An alert: the caller's answer; for its overseers who answered when (响应用时) and who did not",
       .tag = "emergency",
       .permission = "",
       .response = ref("EmergencyAlert"),
       .statuses = {200, 404}},
      [this](Context& ctx) {
        auto id = json::path_id(ctx.req(), "id");
        json::object out;
        db_.read([&](storage::Tx& tx) { out = alert_json(tx, ctx, readable_alert(tx, ctx, id), true); });
        return json::respond(200, out);
      });

  router.add(
      "POST", "/api/v1/emergency-alerts/{id}/respond",
      {.summary = "Answer an alert that called the caller: arriving, on site or unavailable (each change once)",
       .tag = "emergency",
       .permission = "emergency:alert:respond",
       .request = object({req("response", enumeration(kResponses)), opt("note", str(500))}, closed),
       .response = ref("EmergencyAlert"),
       .statuses = {200, 403, 404, 409, 422}},
      [this](Context& ctx) {
        auto id = json::path_id(ctx.req(), "id");
        auto body = json::parse_body(ctx.req());
        json::allow_only(body, {"response", "note"});
        auto response = json::one_of(body, "response", kResponses);
        auto note = json::opt_string(body, "note", 500).value_or("");
        json::object out;
        db_.write([&](storage::Tx& tx) { out = alert_json(tx, ctx, respond(tx, ctx, id, response, note), false); });
        return json::respond(200, out);
      });

  router.add("POST", "/api/v1/emergency-alerts/{id}/close",
             {.summary = "Close an alert (those who command its node), with a note",
              .tag = "emergency",
              .permission = "emergency:alert:send",
              .request = object({opt("note", str(500))}, closed),
              .response = ref("EmergencyAlert"),
              .statuses = {200, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"note"});
               auto note = json::opt_string(body, "note", 500).value_or("");
               json::object out;
               db_.write([&](storage::Tx& tx) { out = alert_json(tx, ctx, close_alert(tx, ctx, id, note), true); });
               return json::respond(200, out);
             });
}

}  // namespace wangge::emergency
