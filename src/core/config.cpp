#include "core/config.h"

#include "core/auth.h"

#include "core/calendar.h"

#include <boost/json.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace wangge {

std::string Config::database_url() const {
  if (!database.empty()) return database;
  std::string dir = data_dir.empty() ? "." : data_dir;
  if (dir.back() == '/') dir.pop_back();
  return dir + "/wangge.db";
}

std::string Config::host() const {
  auto colon = listen.rfind(':');
  std::string h = colon == std::string::npos ? listen : listen.substr(0, colon);
  if (h.size() > 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  return h.empty() ? "0.0.0.0" : h;
}

std::uint16_t Config::port() const {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) throw std::runtime_error("listen must be HOST:PORT: " + listen);
  int p = std::atoi(listen.c_str() + colon + 1);
  if (p < 0 || p > 65535) throw std::runtime_error("bad port in listen: " + listen);
  return static_cast<std::uint16_t>(p);
}

namespace {

template <typename T>
void set_from_json(T& field, const boost::json::value& v, const std::string& key) {
  if constexpr (std::is_same_v<T, std::string>) {
    if (!v.is_string()) throw std::runtime_error("config: " + key + " must be a string");
    field = std::string(v.as_string());
  } else if constexpr (std::is_same_v<T, bool>) {
    if (!v.is_bool()) throw std::runtime_error("config: " + key + " must be true or false");
    field = v.as_bool();
  } else {
    if (!v.is_int64()) throw std::runtime_error("config: " + key + " must be an integer");
    field = static_cast<T>(v.as_int64());
  }
}

template <typename T>
void set_from_text(T& field, const char* text, const std::string& name) {
  if constexpr (std::is_same_v<T, std::string>) {
    field = text;
  } else if constexpr (std::is_same_v<T, bool>) {
    std::string t = text;
    if (t == "1" || t == "true" || t == "yes")
      field = true;
    else if (t == "0" || t == "false" || t == "no")
      field = false;
    else
      throw std::runtime_error(name + " must be true or false");
  } else {
    char* end = nullptr;
    long long v = std::strtoll(text, &end, 10);
    if (!end || *end != '\0') throw std::runtime_error(name + " must be an integer");
    field = static_cast<T>(v);
  }
}

// Applies fn(key, member) for each configuration key.
template <typename Fn>
void for_each_key(Config& c, Fn&& fn) {
  fn("listen", c.listen);
  fn("data_dir", c.data_dir);
  fn("database", c.database);
  fn("web_root", c.web_root);
  fn("tile_url", c.tile_url);
  fn("tile_subdomains", c.tile_subdomains);
  fn("tile_overlay_url", c.tile_overlay_url);
  fn("tile_attribution", c.tile_attribution);
  fn("tile_max_zoom", c.tile_max_zoom);
  fn("photo_max_side", c.photo_max_side);
  fn("verify_fallback_role", c.verify_fallback_role);
  fn("divisions_dir", c.divisions_dir);
  fn("holidays_file", c.holidays_file);
  fn("work_hours", c.work_hours);
  fn("extra_days_off", c.extra_days_off);
  fn("utc_offset_minutes", c.utc_offset_minutes);
  fn("data_key_file", c.data_key_file);
  fn("files", c.files);
  fn("sla_interval_seconds", c.sla_interval_seconds);
  fn("webhook_url", c.webhook_url);
  fn("webhook_secret", c.webhook_secret);
  fn("io_threads", c.io_threads);
  fn("workers", c.workers);
  fn("pg_writers", c.pg_writers);
  fn("sqlite_readers", c.sqlite_readers);
  fn("replicas", c.replicas);
  fn("replica_max_lag_ms", c.replica_max_lag_ms);
  fn("max_body_bytes", c.max_body_bytes);
  fn("max_upload_bytes", c.max_upload_bytes);
  fn("max_import_bytes", c.max_import_bytes);
  fn("max_header_bytes", c.max_header_bytes);
  fn("read_timeout_ms", c.read_timeout_ms);
  fn("session_ttl_minutes", c.session_ttl_minutes);
  fn("max_in_flight", c.max_in_flight);
  fn("max_logins_in_flight", c.max_logins_in_flight);
  fn("max_bulk_in_flight", c.max_bulk_in_flight);
  fn("max_streams", c.max_streams);
  fn("overload_lag_ms", c.overload_lag_ms);
  fn("open311_public_reads", c.open311_public_reads);
  fn("access_log", c.access_log);
  fn("trust_proxy", c.trust_proxy);
  fn("check_contracts", c.check_contracts);
  fn("log_level", c.log_level);
}

}  // namespace

void load_config_file(Config& cfg, const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read config file " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  boost::system::error_code ec;
  auto v = boost::json::parse(ss.str(), ec);
  if (ec || !v.is_object()) throw std::runtime_error("config file " + path + " is not a JSON object");
  const auto& obj = v.as_object();
  for (const auto& kv : obj) {
    bool known = false;
    std::string key(kv.key());
    for_each_key(cfg, [&](const char* name, auto& field) {
      if (key == name) {
        set_from_json(field, kv.value(), key);
        known = true;
      }
    });
    if (!known) throw std::runtime_error("config file " + path + ": unknown key " + key);
  }
}

void load_config_env(Config& cfg) {
  for_each_key(cfg, [](const char* name, auto& field) {
    std::string env = "WANGGE_";
    for (const char* p = name; *p; ++p) env += static_cast<char>(std::toupper(static_cast<unsigned char>(*p)));
    // NOLINTNEXTLINE(concurrency-mt-unsafe): configuration is read at start, on one thread
    if (const char* v = std::getenv(env.c_str())) set_from_text(field, v, env);
  });
}

void validate_config(const Config& cfg) {
  (void)cfg.port();
  if (cfg.workers < 1 || cfg.workers > 1024) throw std::runtime_error("workers must be in [1, 1024]");
  if (cfg.pg_writers < 1 || cfg.pg_writers > 64) throw std::runtime_error("pg_writers must be in [1, 64]");
  if (cfg.sqlite_readers < 0 || cfg.sqlite_readers > 256)
    throw std::runtime_error("sqlite_readers must be in [0, 256] (0: 4 per core, at least 8)");
  if (cfg.replica_max_lag_ms < 100 || cfg.replica_max_lag_ms > 600000)
    throw std::runtime_error("replica_max_lag_ms must be in [100, 600000]");
  if (!cfg.replicas.empty() && cfg.database_url().rfind("postgres", 0) != 0)
    throw std::runtime_error("replicas need a PostgreSQL database");
  if (cfg.io_threads < 0 || cfg.io_threads > 256) throw std::runtime_error("io_threads must be in [0, 256]");
  if (cfg.max_body_bytes < 1024) throw std::runtime_error("max_body_bytes must be at least 1024");
  if (cfg.max_upload_bytes < 1024 || cfg.max_upload_bytes > (1LL << 31))
    throw std::runtime_error("max_upload_bytes must be in [1024, 2 GiB]");
  if (cfg.max_import_bytes < 1024 || cfg.max_import_bytes > (1LL << 32))
    throw std::runtime_error("max_import_bytes must be in [1024, 4 GiB]");
  if (cfg.max_header_bytes < 1024) throw std::runtime_error("max_header_bytes must be at least 1024");
  if (!cfg.verify_fallback_role.empty() && !find_role(cfg.verify_fallback_role))
    throw std::runtime_error("verify_fallback_role must be a role name (or empty): " + cfg.verify_fallback_role);
  if (cfg.photo_max_side < 320 || cfg.photo_max_side > 8192)
    throw std::runtime_error("photo_max_side must be in [320, 8192]");
  if (cfg.tile_max_zoom < 1 || cfg.tile_max_zoom > 22) throw std::runtime_error("tile_max_zoom must be in [1, 22]");
  for (const auto* url : {&cfg.tile_url, &cfg.tile_overlay_url}) {
    if (!url->empty() && url->rfind("https://", 0) != 0 && url->rfind("http://", 0) != 0 && url->front() != '/')
      throw std::runtime_error("tile_url and tile_overlay_url must be http(s):// URLs or paths on this server");
    if (url->find("{s}") != std::string::npos && cfg.tile_subdomains.empty())
      throw std::runtime_error("a tile URL with {s} needs tile_subdomains");
  }
  if (!cfg.tile_overlay_url.empty() && cfg.tile_url.empty())
    throw std::runtime_error("tile_overlay_url needs tile_url");
  if (cfg.read_timeout_ms < 100) throw std::runtime_error("read_timeout_ms must be at least 100");
  if (cfg.session_ttl_minutes < 1) throw std::runtime_error("session_ttl_minutes must be positive");
  if (!cfg.webhook_url.empty() && cfg.webhook_url.rfind("http://", 0) != 0)
    throw std::runtime_error("webhook_url must be an http:// URL (terminate TLS in a local proxy)");
  if (!cfg.webhook_url.empty() && cfg.webhook_secret.size() < 16)
    throw std::runtime_error("webhook_secret must have at least 16 characters when webhook_url is set");
  for (auto [name, v] :
       {std::pair{"max_in_flight", cfg.max_in_flight}, std::pair{"max_logins_in_flight", cfg.max_logins_in_flight},
        std::pair{"max_bulk_in_flight", cfg.max_bulk_in_flight}, std::pair{"max_streams", cfg.max_streams}}) {
    if (v < 1 || v > 1'000'000) throw std::runtime_error(std::string(name) + " must be in [1, 1000000]");
  }
  if (cfg.overload_lag_ms < 10 || cfg.overload_lag_ms > 60'000)
    throw std::runtime_error("overload_lag_ms must be in [10, 60000]");
  if (cfg.sla_interval_seconds < 1 || cfg.sla_interval_seconds > 3600)
    throw std::runtime_error("sla_interval_seconds must be in [1, 3600]");
  if (cfg.utc_offset_minutes < -720 || cfg.utc_offset_minutes > 840)
    throw std::runtime_error("utc_offset_minutes must be in [-720, 840]");
  try {
    (void)parse_work_hours(cfg.work_hours);
    (void)parse_days_off(cfg.extra_days_off);
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(std::string("work_hours / extra_days_off: ") + e.what());
  }
}

}  // namespace wangge
