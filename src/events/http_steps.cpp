// The lifecycle routes: one POST a row of the transition table (/events/{id}/{action}, or
// /my/events/{id}/{action} for the reporter's rows), and the reporter's rows again by
// tracking code for anonymous reports.
#include "core/error.h"
#include "events/http_routes.h"
#include "events/render.h"
#include "events/service.h"

namespace wangge::events {

std::int64_t expected_version(const Context& ctx, const json::object& body) {
  return flow::expected_version(ctx, body);
}

void register_step_routes(Service& svc, http::Router& router) {
  for (const auto& t : transitions()) {
    bool reporter = t.actor == Actor::reporter;
    std::string pattern =
        std::string(reporter ? "/api/v1/my/events/{id}/" : "/api/v1/events/{id}/") + std::string(t.action);
    // A grid without verifiers is verified by the fallback role (Service::verifiers), whose
    // permissions are configured: the route lets staff in, and the step checks the actor.
    bool verifier = t.actor == Actor::verifier;
    router.add("POST", pattern,
               {.summary = std::string(t.name_en) + " (" + std::string(t.name_zh) + "), by the " +
                           std::string(actor_name(t.actor)) +
                           (verifier ? " (or, where the grid has none, the verify_fallback_role)" : ""),
                .tag = "events",
                .permission = verifier ? std::string("events:event:read") : std::string(permission_of(t.actor)),
                .request = step_input(t),
                .response = schema::ref("Event"),
                .statuses = {200, 403, 404, 409, 422, 428}},
               [&svc, &t](Context& ctx) {
                 auto body = json::parse_body(ctx.req());
                 std::int64_t version = expected_version(ctx, body);
                 std::int64_t id = json::path_id(ctx.req(), "id");
                 return svc.take_step(ctx, id, t, version, body, /*by_tracking_code=*/false, [&svc](const Event& e) {
                   return idempotency::Reply{200, json::to_text(event_json(e, svc))};
                 });
               });
  }
}

void register_public_step_routes(Service& svc, http::Router& router) {
  for (const char* action : {"rate", "pass", "rework", "withdraw", "reopen", "comment"}) {
    const Transition* t = find_transition(action, Actor::reporter);
    router.add(
        "POST", std::string("/api/v1/public/events/{tracking_code}/") + action,
        {.summary =
             std::string(t->name_en) + " (" + std::string(t->name_zh) + ") an anonymous report by its tracking code",
         .tag = "events",
         .authenticated = false,
         .request = step_input(*t),
         .response = schema::object({schema::req("status", schema::str()), schema::req("version", schema::integer(1))}),
         .statuses = {200, 404, 409, 422, 428}},
        [&svc, t](Context& ctx) {
          auto body = json::parse_body(ctx.req());
          std::int64_t version = expected_version(ctx, body);
          std::optional<Event> found = svc.find_by_tracking(ctx.req().param("tracking_code"));
          // Only reports without an account: an account holder acts when logged in.
          if (!found || found->reporter_id)
            throw_not_found("no anonymous report with this tracking code", "没有该查询码对应的匿名事件");
          return svc.take_step(ctx, found->id, *t, version, body, /*by_tracking_code=*/true, [](const Event& e) {
            return idempotency::Reply{200, json::to_text(json::object{{"status", e.status}, {"version", e.version}})};
          });
        });
  }
}

}  // namespace wangge::events
