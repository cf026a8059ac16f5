// Spike warnings' routes (events/spikes.h): the cockpit's list, a leader's acknowledgement,
// and a scan on demand (the administrator; the browser test injects reports and runs it).
#include "core/dates.h"
#include "core/error.h"
#include "core/paging.h"
#include "events/service.h"
#include "events/spikes.h"
#include "territory/service.h"

namespace wangge::events {

void register_spike_routes(Service& svc, Spikes& spikes, http::Router& router) {
  register_spike_schemas(router.components());
  using namespace schema;
  router.add("GET", "/api/v1/events/spikes",
             {.summary = "Spike warnings: a grid's events of a category rose beyond its own seasonal baseline "
                         "(事件激增预警), newest first",
              .tag = "events",
              .permission = "events:stats:read",
              .query = {{"region", "only under this region code (default: the caller's whole scope)"},
                        {"status", "open | acknowledged"},
                        {"from", "days on or after (YYYY-MM-DD)"},
                        {"cursor", "next_cursor of the previous page"},
                        {"limit", "1..200, default 50"}},
              .response = ref("EventSpikePage"),
              .statuses = {200, 400, 403, 404}},
             [&svc, &spikes](Context& ctx) {
               const auto& req = ctx.req();
               store::SpikeFilter f;
               f.path = svc.territory().scoped_region(ctx, "events:stats:read").path;
               if (auto s = req.query_param("status")) {
                 if (*s != "open" && *s != "acknowledged")
                   throw Error("invalid_query", "status", "status is open or acknowledged",
                               "status 应为 open 或 acknowledged");
                 f.status = *s;
               }
               f.from_day = dates::query_day(req, "from");
               f.before_id = paging::id_cursor(req);
               int limit = paging::limit(req, 200, 50);
               f.limit = limit + 1;
               auto rows = spikes.list(ctx, f);
               territory::NameCache grid_names(svc.territory());
               {
                 std::vector<std::string> codes;  // one read of the page's grid names
                 for (const auto& s : rows) codes.push_back(s.grid_code);
                 grid_names.prime(std::move(codes));
               }
               return json::respond(
                   200,
                   paging::page(
                       rows, limit, [&](const store::Spike& s) { return spikes.to_json(s, grid_names(s.grid_code)); },
                       [](const store::Spike& s) { return std::to_string(s.id); }));
             });
  router.add("POST", "/api/v1/events/spikes/{id}/acknowledge",
             {.summary = "Acknowledge a spike warning (its grid within the caller's statistics scope), with a note",
              .tag = "events",
              .permission = "events:stats:read",
              .request = object({opt("note", str(500))}, closed),
              .response = ref("EventSpike"),
              .statuses = {200, 403, 404, 409, 422}},
             [&svc, &spikes](Context& ctx) {
               std::int64_t id = json::path_id(ctx.req(), "id");
               // The body is optional: {note?}.
               json::object body = ctx.req().body.empty() ? json::object{} : json::parse_body(ctx.req());
               json::allow_only(body, {"note"});
               std::string note = json::opt_string(body, "note", 500).value_or("");
               store::Spike s = spikes.acknowledge(ctx, id, note);
               territory::NameCache grid_names(svc.territory());
               return json::respond(200, spikes.to_json(s, grid_names(s.grid_code)));
             });
  router.add("POST", "/api/v1/events/spikes/scan",
             {.summary = "Scan for spike warnings now (the scheduler does every 15 minutes); administrators",
              .tag = "events",
              .permission = "system:jobs:run",
              .request = object({}, closed),
              .response = object({req("found", describe(integer(0), "spike warnings newly recorded"))}, closed),
              .statuses = {200, 403},
              .runs = http::Runs::pool},
             [&svc, &spikes](Context& ctx) {
               // A body, if any, must be an empty object (clients post {}).
               if (!ctx.req().body.empty()) json::allow_only(json::parse_body(ctx.req()), {});
               std::size_t n = spikes.scan(svc.db(), svc.calendar(), storage::now_ms());
               return json::respond(200, json::object{{"found", static_cast<std::int64_t>(n)}});
             });
}

}  // namespace wangge::events
