// The system's own routes (health, readiness, metrics, the OpenAPI document, the web app's
// settings) and the metrics the server and storage expose.
#include "app/app.h"
#include "core/http/server.h"
#include "core/json.h"
#include "territory/service.h"

namespace wangge {

void App::register_system_routes() {
  using namespace schema;
  router_.add("GET", "/healthz",
              {.summary = "Liveness: the process answers",
               .tag = "system",
               .authenticated = false,
               .response = object({req("status", enumeration({"ok"}))}),
               .load = http::Load::never_shed},
              [](Context&) {
                return json::respond(200, json::object{{"status", "ok"}});
              });
  router_.add("GET", "/readyz",
              {.summary = "Readiness: the storage answers and can write (PostgreSQL: a primary is reachable)",
               .tag = "system",
               .authenticated = false,
               .response = object({req("status", enumeration({"ready", "unavailable"})),
                                   req("storage", describe(str(), "the storage backend and where it is"))}),
               .statuses = {200, 503},
               .load = http::Load::never_shed},
              [this](Context&) {
                bool ok = db_->ready();
                return json::respond(ok ? 200 : 503, json::object{{"status", ok ? "ready" : "unavailable"},
                                                                  {"storage", db_->describe()}});
              });
  router_.add(
      "GET", "/metrics",
      {.summary = "Prometheus metrics", .tag = "system", .authenticated = false, .load = http::Load::never_shed},
      [this](Context&) {
        http::Response r;
        r.content_type = "text/plain; version=0.0.4";
        r.body = metrics_.render();
        return r;
      });
  router_.add("GET", "/api/openapi.json",
              {.summary = "This OpenAPI 3.1 document",
               .tag = "system",
               .authenticated = false,
               .response = object({req("openapi", str()), req("info", map_of(any())), req("paths", map_of(any())),
                                   req("components", map_of(any()))})},
              [this](Context&) { return http::Response::json(200, openapi_); });
  router_.add(
      "GET", "/api/v1/meta",
      {.summary = "Version and web app settings",
       .tag = "system",
       .authenticated = false,
       .response = router_.components().add(
           "ServerMeta",
           object({req("version", str()), req("tile_url", describe(str(), "the map tiles' URL template")),
                   req("tile_subdomains", describe(str(), "what {s} in the tile URLs takes, one character each")),
                   req("tile_overlay_url", describe(str(), "a second tile layer drawn over the first (labels)")),
                   req("tile_attribution", describe(str(), "the tiles' credit line")),
                   req("tile_max_zoom", describe(integer(1, 22), "the deepest zoom the tiles have")),
                   req("map_center", describe(array(number(), 2), "[lat, lng] the map opens on")),
                   req("photo_max_side", describe(integer(320),
                                                  "phones resize photos to this longest side "
                                                  "(pixels) before they upload them"))}))},
      [this](Context&) {
        return json::respond(200, json::object{{"version", version()},
                                               {"tile_url", cfg_.tile_url},
                                               {"tile_subdomains", cfg_.tile_subdomains},
                                               {"tile_overlay_url", cfg_.tile_overlay_url},
                                               {"tile_attribution", cfg_.tile_attribution},
                                               {"tile_max_zoom", cfg_.tile_max_zoom},
                                               {"map_center", json::array{22.055, 113.215}},
                                               {"photo_max_side", cfg_.photo_max_side}});
      });
}

void App::register_metrics() {
  metrics_.gauge("wangge_storage_write_queue", "Writes waiting for the group commit.",
                 [this] { return static_cast<double>(db_->stats().write_queue_depth); });
  metrics_.gauge("wangge_storage_commits_total", "Durable commits (one per group).",
                 [this] { return static_cast<double>(db_->stats().commits); });
  metrics_.gauge("wangge_storage_writes_total", "Write transactions committed.",
                 [this] { return static_cast<double>(db_->stats().writes); });
  metrics_.gauge("wangge_storage_exec_seconds_total", "Writer time running write closures (SQLite).",
                 [this] { return db_->stats().exec_seconds; });
  metrics_.gauge("wangge_storage_commit_seconds_total", "Writer time committing, without the fsync (SQLite).",
                 [this] { return db_->stats().commit_seconds; });
  metrics_.gauge("wangge_storage_syncs_total", "WAL fdatasyncs, each making one or more commits durable (SQLite).",
                 [this] { return static_cast<double>(db_->stats().syncs); });
  metrics_.gauge("wangge_storage_sync_seconds_total", "Time in WAL fdatasyncs, beside the writer (SQLite).",
                 [this] { return db_->stats().sync_seconds; });
  metrics_.gauge("wangge_cluster_leading",
                 "1 when this node holds the background lease (scheduler, indexer, webhooks, imports).",
                 [this] { return leading() ? 1.0 : 0.0; });
  metrics_.gauge("wangge_storage_replica_reads_total", "Read transactions served by a read replica (PostgreSQL).",
                 [this] { return static_cast<double>(db_->stats().replica_reads); });
  metrics_.gauge("wangge_storage_replicas_usable", "Read replicas now within replica_max_lag_ms (PostgreSQL).",
                 [this] { return static_cast<double>(db_->stats().replicas_usable); });
  metrics_.gauge("wangge_http_open_connections", "Open client connections.",
                 [this] { return server_ ? static_cast<double>(server_->open_connections()) : 0.0; });
  metrics_.gauge("wangge_http_in_flight", "Requests being handled.",
                 [this] { return server_ ? static_cast<double>(server_->in_flight()) : 0.0; });
  for (int i = 0; i < 5; ++i) {
    std::string cls = http::kLoadNames[i];
    metrics_.gauge(
        "wangge_http_class_in_flight{class=\"" + cls + "\"}", "Requests of a shedding class in flight.", [this, i] {
          return server_ ? static_cast<double>(server_->shed_stats().in_flight[static_cast<std::size_t>(i)]) : 0.0;
        });
    metrics_.gauge(
        "wangge_http_shed_total{class=\"" + cls + "\"}", "Requests answered 503 by load shedding.", [this, i] {
          return server_ ? static_cast<double>(server_->shed_stats().shed[static_cast<std::size_t>(i)]) : 0.0;
        });
  }
  metrics_.gauge("wangge_http_loop_lag_seconds", "How late the most lagging I/O thread runs (load shedding).",
                 [this] { return server_ ? server_->shed_stats().loop_lag_seconds : 0.0; });
  metrics_.gauge("wangge_territory_indexed_grids", "Grids in the point index.",
                 [this] { return static_cast<double>(territory_->indexed_grids()); });
}

}  // namespace wangge
