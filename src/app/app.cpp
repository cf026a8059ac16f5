#include "app/app.h"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <boost/json/serialize.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <pthread.h>

#include "accounts/service.h"
#include "attachments/attachments.h"
#include "audit/audit.h"
#include "core/calendar.h"
#include "core/crypto.h"
#include "core/error.h"
#include "core/http/server.h"
#include "core/json.h"
#include "core/paths.h"
#include "core/storage/migrations.h"
#include "disputes/service.h"
#include "disputes/store.h"
#include "events/service.h"
#include "notifications/notifications.h"
#include "open311/open311.h"
#include "registry/service.h"
#include "registry/store.h"
#include "territory/service.h"

namespace wangge {

const char* version() {
  return "0.1.0";
}

namespace {

// A stdout sink that does not flush after every line (spdlog's stdout sinks do).
class BufferedStdout final : public spdlog::sinks::base_sink<std::mutex> {
 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t formatted;
    formatter_->format(msg, formatted);
    std::fwrite(formatted.data(), 1, formatted.size(), stdout);
  }
  void flush_() override { std::fflush(stdout); }
};

std::string find_web_root(const std::string& configured) {
  if (!configured.empty()) return configured;
  return find_data_dir("web/dist", "index.html", {"/usr/share/wangge/web"}).value_or("");
}

// An export is written to a temporary file under DATA/exports and removed before its answer
// is sent; a crash mid-way leaves one behind, with personal data in it. Those older than an
// hour are removed at start (younger ones may be another node's export in progress when
// several nodes share the directory).
void remove_stale_exports(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  auto cutoff = fs::file_time_type::clock::now() - std::chrono::hours(1);
  std::size_t removed = 0;
  for (const auto& f : fs::directory_iterator(dir, ec)) {
    std::error_code ec2;
    if (f.is_regular_file(ec2) && f.last_write_time(ec2) < cutoff && fs::remove(f.path(), ec2)) ++removed;
  }
  if (removed > 0) spdlog::info("exports: {} files a crash left behind removed", removed);
}

std::string mime_of(const std::string& path) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".ttf", "font/ttf"},
      {".jpg", "image/jpeg"},
      {".webp", "image/webp"},
  };
  for (auto [ext, type] : kTypes) {
    if (path.size() >= std::strlen(ext) && path.compare(path.size() - std::strlen(ext), std::string::npos, ext) == 0) {
      return type;
    }
  }
  return "application/octet-stream";
}

}  // namespace

App::App(Config cfg) : cfg_(std::move(cfg)) {
  if (!spdlog::get("access")) {
    // stdout, buffered: flushed every second rather than after every line.
    auto access = std::make_shared<spdlog::logger>("access", std::make_shared<BufferedStdout>());
    spdlog::register_logger(access);
    spdlog::flush_every(std::chrono::seconds(1));
    access->set_pattern(R"({"ts":"%Y-%m-%dT%H:%M:%S.%eZ","log":"access",%v)", spdlog::pattern_time_type::utc);
  }
  std::string url = cfg_.database_url();
  if (url.rfind("postgres", 0) != 0) std::filesystem::create_directories(cfg_.data_dir);
  storage::Options storage_options;
  storage_options.pg_writers = cfg_.pg_writers;
  db_ = storage::Database::open(url, storage_options);
  storage::migrate(*db_, storage::embedded_migrations());
  audit_ = std::make_unique<audit::Service>(*db_);
  territory_ = std::make_unique<territory::Service>(*db_);
  accounts_ = std::make_unique<accounts::Service>(*db_, *territory_, cfg_.session_ttl_minutes * 60 * 1000);
  territory_->reload_index();
  CalendarOptions cal;
  cal.holidays_file = find_holidays_file(cfg_.holidays_file);
  cal.work_hours = parse_work_hours(cfg_.work_hours);
  cal.extra_days_off = parse_days_off(cfg_.extra_days_off);
  cal.utc_offset_minutes = cfg_.utc_offset_minutes;
  calendar_ = std::make_unique<Calendar>(cal);
  const char* key = std::getenv("WANGGE_DATA_KEY");
  crypto_ = std::make_unique<Crypto>(
      Crypto::load(key ? key : "", cfg_.data_key_file.empty() ? cfg_.data_dir + "/keys/data.key" : cfg_.data_key_file));
  events_ = std::make_unique<events::Service>(*db_, *territory_, *calendar_, *crypto_);
  events_->seed_categories();
  if (auto n = events_->ensure_statistics(); n >= 0) spdlog::info("event statistics counters built from {} events", n);
  open311_ = std::make_unique<open311::Service>(*db_, *events_, cfg_.open311_public_reads);
  notifications_ = std::make_unique<notifications::Service>(
      *db_, notifications::WebhookOptions{.url = cfg_.webhook_url, .secret = cfg_.webhook_secret});
  events_->set_notifier(notifications_.get(),
                        [this](storage::Tx& tx, const std::string& role, const std::string& path) {
                          return accounts_->users_with_role(tx, role, path);
                        });
  notifications_->departments_of = [this](const Context& ctx) {
    return db_->read_value<std::vector<std::int64_t>>(
        [&](storage::Tx& tx) { return events_->my_departments(tx, ctx); });
  };
  attachments_ =
      std::make_unique<attachments::Service>(*db_, *crypto_, cfg_.data_dir + "/attachments", cfg_.max_upload_bytes);
  if (auto n = attachments_->seal_existing(); n > 0) spdlog::info("attachments: {} files kept in clear sealed", n);
  events_->set_photo_linker([this](storage::Tx& tx, const Context& ctx, const std::vector<std::string>& hashes,
                                   std::int64_t id) { attachments_->link(tx, ctx, hashes, "event", id, "photos"); });
  attachments_->add_access_check("event", [this](storage::Tx& tx, const Context& ctx, std::int64_t id) {
    auto e = events::store::get(tx, id);
    return e && events_->can_read(tx, ctx, *e);
  });
  registry_ = std::make_unique<registry::Service>(*db_, *territory_, *calendar_, *crypto_);
  registry_->set_import_dir(cfg_.data_dir + "/imports");
  registry_->set_export_dir(cfg_.data_dir + "/exports");
  remove_stale_exports(cfg_.data_dir + "/exports");
  registry_->set_event_raiser([this](storage::Tx& tx, const Context& ctx, const registry::Service::EventRequest& r) {
    events::ReportInput in;
    in.source = "visit";
    in.category_code = r.category;
    in.description = r.description;
    in.address = r.address;
    in.grid_code = r.grid_code;
    in.lat = r.lat;
    in.lng = r.lng;
    in.photos = r.photos;
    in.self_handled = r.self_handled;
    in.result = r.result;
    auto e = events_->report(tx, ctx, in);
    return registry::Service::RaisedEvent{e.id, e.tracking_code};
  });
  registry_->set_photo_linker([this](storage::Tx& tx, const Context& ctx, const std::vector<std::string>& hashes,
                                     std::int64_t id) { attachments_->link(tx, ctx, hashes, "visit", id, "photos"); });
  disputes_ = std::make_unique<disputes::Service>(*db_, *territory_, *calendar_, *crypto_);
  disputes_->set_export_dir(cfg_.data_dir + "/exports");
  disputes_->set_person_check(
      [this](storage::Tx& tx, const Context& ctx, std::int64_t id) { return registry_->can_read_person(tx, ctx, id); });
  attachments_->add_access_check("visit", [this](storage::Tx& tx, const Context& ctx, std::int64_t id) {
    return registry_->can_read_visit(tx, ctx, id);
  });
  territory_->add_usage_check([](storage::Tx& tx, const std::string& code) -> std::optional<std::string> {
    std::int64_t n = registry::store::count_uses(tx, code);
    if (n == 0) return std::nullopt;
    return std::to_string(n) + " buildings, households, persons or businesses";
  });
  territory_->add_usage_check([](storage::Tx& tx, const std::string& code) -> std::optional<std::string> {
    std::int64_t n = events::store::count_department_uses(tx, code);
    if (n == 0) return std::nullopt;
    return std::to_string(n) + " departments or events";
  });
  territory_->add_usage_check([](storage::Tx& tx, const std::string& code) -> std::optional<std::string> {
    std::int64_t n = disputes::store::count_uses(tx, code);
    if (n == 0) return std::nullopt;
    return std::to_string(n) + " disputes";
  });
  territory_->add_subtree_check([](storage::Tx& tx, const std::string& path) -> std::optional<std::string> {
    std::int64_t n = registry::store::count_under(tx, path) + events::store::count_under(tx, path) +
                     disputes::store::count_under(tx, path);
    if (n == 0) return std::nullopt;
    return std::to_string(n) + " records (registry, events, departments, disputes)";
  });

  register_system_routes();
  accounts_->register_routes(router_);
  territory_->register_routes(router_);
  audit_->register_routes(router_);
  events_->register_routes(router_);
  attachments_->register_routes(router_);
  open311_->register_routes(router_);
  notifications_->register_routes(router_);
  registry_->register_routes(router_);
  disputes_->register_routes(router_);
  openapi_ = router_.openapi(version());
  web_root_ = find_web_root(cfg_.web_root);

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

App::~App() = default;

std::optional<std::string> App::bootstrap_admin(const std::string& admin_password) {
  return accounts_->bootstrap_admin(admin_password);
}

bool App::load_demo(const std::string& demo_password, int history_events) {
  bool loaded = territory_->load_demo(territory::find_divisions_dir(cfg_.divisions_dir));
  accounts_->load_demo(demo_password);
  events_->load_demo(accounts_->find_user_id("handler"));
  if (history_events > 0) {
    auto n = events_->load_demo_history(history_events);
    if (n > 0) spdlog::info("demo history loaded: {} events over 2020-2022", n);
  }
  return loaded;
}

void App::register_system_routes() {
  router_.add("GET", "/healthz",
              {.summary = "Liveness: the process answers",
               .tag = "system",
               .authenticated = false,
               .load = http::Load::never_shed},
              [](Context&) {
                return json::respond(200, json::object{{"status", "ok"}});
              });
  router_.add("GET", "/readyz",
              {.summary = "Readiness: storage answers",
               .tag = "system",
               .authenticated = false,
               .statuses = {200, 503},
               .load = http::Load::never_shed},
              [this](Context&) {
                bool ok = db_->ping();
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
              {.summary = "This OpenAPI 3.1 document", .tag = "system", .authenticated = false},
              [this](Context&) { return http::Response::json(200, openapi_); });
  router_.add("GET", "/api/v1/meta",
              {.summary = "Version and web app settings", .tag = "system", .authenticated = false}, [this](Context&) {
                return json::respond(200, json::object{{"version", version()},
                                                       {"tile_url", cfg_.tile_url},
                                                       {"map_center", json::array{22.055, 113.215}}});
              });
}

http::Response App::reject(int status, std::string_view code) {
  const ErrorSpec& spec = error_spec(code);
  json::object p{{"type", "urn:wangge:problem:" + std::string(spec.code)},
                 {"title", spec.title_en},
                 {"status", status},
                 {"code", spec.code},
                 {"message_zh", spec.title_zh},
                 {"message_en", spec.title_en}};
  auto r = http::Response::json(status, json::to_text(p));
  r.content_type = "application/problem+json";
  r.close = true;
  return r;
}

namespace {

http::Response problem(const http::Request& req, const Error& e) {
  const ErrorSpec& spec = error_spec(e.code());
  std::string en(spec.title_en), zh(spec.title_zh);
  if (!e.detail_en().empty()) en += ": " + e.detail_en();
  if (!e.detail_zh().empty()) zh += "：" + e.detail_zh();
  json::object p{{"type", "urn:wangge:problem:" + e.code()},
                 {"title", req.prefers_zh() ? std::string(spec.title_zh) : std::string(spec.title_en)},
                 {"status", spec.status},
                 {"code", e.code()},
                 {"detail", req.prefers_zh() ? zh : en},
                 {"message_zh", zh},
                 {"message_en", en},
                 {"instance", json::valid_utf8(req.path) ? req.path : std::string()}};
  if (!e.field().empty()) p["field"] = e.field();
  auto r = http::Response::json(spec.status, json::to_text(p));
  r.content_type = "application/problem+json";
  return r;
}

}  // namespace

http::Response App::handle(http::Request& req) {
  auto started = std::chrono::steady_clock::now();
  // Shared: a deferred answer (below) keeps the context alive until it is built.
  auto owned_ctx = std::make_shared<Context>(req);
  Context& ctx = *owned_ctx;
  http::Response resp;
  try {
    if (cfg_.trust_proxy) {
      if (auto xff = req.header("x-forwarded-for")) {
        std::string_view first = xff->substr(0, xff->find(','));
        while (!first.empty() && first.front() == ' ') first.remove_prefix(1);
        req.remote_ip = std::string(first);
      }
    }
    if (!json::valid_utf8(req.path)) throw Error("invalid_utf8", "path");
    if (!json::valid_text(req.path)) throw Error("bad_request", "path", "a NUL character", "包含空字符");
    for (const auto& [k, v] : req.query) {
      if (!json::valid_utf8(k) || !json::valid_utf8(v)) throw Error("invalid_utf8", k);
      if (!json::valid_text(k) || !json::valid_text(v))
        throw Error("invalid_query", k, "text may not contain the NUL character (U+0000)", "不能包含空字符（U+0000）");
    }
    if (!req.routed) place(req);  // the server placed it already; tests may call handle() directly
    const http::Route* route = req.matched;
    if (!route) {
      // Every path outside the web app's pages answers 404 in its own format: Open311's
      // error list under /open311/, problem+json under /api/, plain text for a missing file.
      bool api = req.path.rfind("/api/", 0) == 0;
      if (req.path.rfind("/open311/", 0) == 0 && !req.path_matched) {
        resp = open311::not_found(req.path);
        resp.status = 404;
      } else if (api || req.path_matched || (req.method != "GET" && req.method != "HEAD")) {
        if (req.path_matched) throw Error("method_not_allowed");
        throw Error("route_not_found");
      } else {
        resp = serve_static(req);
      }
    } else {
      if (route->doc.authenticated) {
        std::optional<std::string> token;
        if (auto auth = req.header("authorization");
            auth && auth->size() > 7 && (auth->substr(0, 7) == "Bearer " || auth->substr(0, 7) == "bearer ")) {
          token = std::string(auth->substr(7));
        } else {
          token = req.cookie("wangge_session");
        }
        auto principal = token ? accounts_->authenticate(*token) : nullptr;
        if (!principal) throw Error("unauthorized");
        ctx.set_principal(std::move(principal));
        // Role first: a caller whose roles lack the route's permission everywhere learns
        // nothing more (not even whether the body was valid). Handlers check the scope.
        if (!route->doc.permission.empty()) ctx.require_somewhere(route->doc.permission);
      }
      resp = route->handler(ctx);
    }
  } catch (...) {
    resp = failure(req, ctx, std::current_exception());
  }
  if (resp.deferred) {
    // The handler's write is in the group commit: its answer, and this request's metrics
    // and log line, come when it is durable. The request lives in the server's connection
    // until the answer is written.
    auto outer = std::make_shared<http::Deferred>();
    resp.deferred->on_complete([this, outer, owned_ctx, &req, started](http::Deferred::Finish finish) {
      outer->complete([this, owned_ctx, &req, started, finish = std::move(finish)]() {
        http::Response r;
        try {
          r = finish();
        } catch (...) {
          r = failure(req, *owned_ctx, std::current_exception());
        }
        record(req, *owned_ctx, r, started);
        return r;
      });
    });
    http::Response later;
    later.deferred = std::move(outer);
    return later;
  }
  record(req, ctx, resp, started);
  return resp;
}

http::Response App::failure(const http::Request& req, const Context& ctx, std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const Error& e) {
    if (e.code() == "forbidden" && ctx.authenticated()) {
      // Denials are part of the audit trail.
      try {
        audit_->record(audit::entry(ctx, "access:denied", req.method + " " + req.path, {}, "denied"));
      } catch (const std::exception&) {
      }
    }
    return problem(req, e);
  } catch (const storage::DbError& e) {
    // A constraint the database enforced that the handler did not check first: the input
    // conflicts with what is stored, and the transaction changed nothing. Answered as such
    // (and logged: the handler should have said it in its own words).
    using Kind = storage::DbError::Kind;
    if (e.kind() == Kind::unique || e.kind() == Kind::foreign_key || e.kind() == Kind::check) {
      spdlog::warn("constraint on {} {} not checked by its handler: {}", req.method, req.path, e.what());
      if (e.kind() == Kind::check)
        return problem(req, Error("validation", {}, "a value the stored data does not allow", "取值不被允许"));
      return problem(req, Error("conflict", {},
                                e.kind() == Kind::unique ? "a record with the same key exists"
                                                         : "other records depend on this one",
                                e.kind() == Kind::unique ? "已存在相同键的记录" : "仍有其他记录引用此记录"));
    }
    spdlog::error("storage error on {} {}: {}", req.method, req.path, e.what());
    if (e.kind() == storage::DbError::Kind::connection) return problem(req, Error("unavailable"));
    return problem(req, Error("internal"));
  } catch (const std::exception& e) {
    spdlog::error("unhandled error on {} {}: {}", req.method, req.path, e.what());
    return problem(req, Error("internal"));
  } catch (...) {
    spdlog::error("unhandled error on {} {}", req.method, req.path);
    return problem(req, Error("internal"));
  }
}

void App::record(const http::Request& req, const Context& ctx, const http::Response& resp,
                 std::chrono::steady_clock::time_point started) {
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  metrics_.observe(req.method, req.route, resp.status, seconds);
  if (cfg_.access_log) {
    // Path only: query strings may carry personal data.
    spdlog::get("access")->info(
        R"("method":"{}","path":{},"route":"{}","status":{},"ms":{:.3f},"ip":"{}","user":{},"bytes":{}}})", req.method,
        json::to_text(json::value(req.path)), req.route, resp.status, seconds * 1000, req.remote_ip,
        ctx.authenticated() ? ctx.user().user_id : 0, resp.body.size());
  }
}

http::Response App::serve_static(const http::Request& req) {
  namespace fs = std::filesystem;
  if (web_root_.empty()) {
    throw Error("route_not_found", {}, "the web app is not built (npm run build in web/)", "前端尚未构建");
  }
  std::string rel = req.path;
  auto plain_404 = [] {
    http::Response r;
    r.status = 404;
    r.content_type = "text/plain; charset=utf-8";
    r.body = "404 Not Found\n";
    r.set_header("X-Content-Type-Options", "nosniff");
    return r;
  };
  if (rel.find("..") != std::string::npos) return plain_404();
  fs::path file = fs::path(web_root_) / rel.substr(1);
  std::error_code ec;
  if (rel != "/" && !fs::is_regular_file(file, ec)) {
    // A page of the web app (its router draws it, or its own "not found" page) has no file
    // extension; a missing file (a stale asset, /favicon.ico, /robots.txt) is a plain 404.
    std::string last = rel.substr(rel.rfind('/') + 1);
    if (last.find('.') != std::string::npos || rel.rfind("/assets/", 0) == 0) return plain_404();
    file = fs::path(web_root_) / "index.html";
  } else if (rel == "/") {
    file = fs::path(web_root_) / "index.html";
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error("route_not_found");
  std::stringstream ss;
  ss << in.rdbuf();
  http::Response r;
  r.content_type = mime_of(file.string());
  r.body = ss.str();
  bool hashed_asset = rel.rfind("/assets/", 0) == 0;
  r.set_header("Cache-Control", hashed_asset ? "public, max-age=31536000, immutable" : "no-cache");
  r.set_header("X-Content-Type-Options", "nosniff");
  return r;
}

std::uint16_t App::listen(bool handle_signals) {
  http::ServerOptions o;
  o.host = cfg_.host();
  o.port = cfg_.port();
  o.io_threads =
      cfg_.io_threads > 0 ? cfg_.io_threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  o.workers = cfg_.workers;
  o.body_limit = static_cast<std::size_t>(cfg_.max_body_bytes);
  o.body_limit_for = [this](std::string_view method, std::string_view target) {
    if (method != "POST") return std::size_t{0};
    const http::Route* r = router_.find(method, target.substr(0, target.find('?')));
    if (!r || r->doc.body == http::Body::normal) return std::size_t{0};
    return static_cast<std::size_t>(r->doc.body == http::Body::upload ? cfg_.max_upload_bytes : cfg_.max_import_bytes);
  };
  o.largest_body_limit = static_cast<std::size_t>(std::max(cfg_.max_upload_bytes, cfg_.max_import_bytes));
  o.header_limit = static_cast<std::size_t>(cfg_.max_header_bytes);
  o.read_timeout = std::chrono::milliseconds(cfg_.read_timeout_ms);
  o.handle_signals = handle_signals;
  // Load shedding by class; the classes' order is http::kLoadNames'.
  o.class_limits = {cfg_.max_in_flight, cfg_.max_in_flight, cfg_.max_logins_in_flight, cfg_.max_bulk_in_flight,
                    cfg_.max_streams};
  o.loop_lag_limit = std::chrono::milliseconds(cfg_.overload_lag_ms);
  o.place = [this](http::Request& r) { return place(r); };
  server_ = std::make_unique<http::Server>(
      o, [this](http::Request& r) { return handle(r); },
      [this](int status, std::string_view code) { return reject(status, code); });
  return server_->listen();
}

std::size_t App::refresh_sla() {
  return events_->refresh_sla(storage::now_ms());
}

void App::run() {
  // The scheduler: every second the search indexer, every sla_interval_seconds the deadlines.
  scheduler_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "wg-scheduler");
    std::unique_lock lock(scheduler_mu_);
    for (int tick = 0; !scheduler_stop_; ++tick) {
      lock.unlock();
      try {
        // A backlog (an upgrade, generated history) is indexed in batches; a stop request
        // is honoured between batches.
        auto stopping = [this] {
          std::lock_guard guard(scheduler_mu_);
          return scheduler_stop_;
        };
        while (!stopping() && events_->index_search() >= 5000) {
        }
        if (tick % cfg_.sla_interval_seconds == 0) refresh_sla();
      } catch (const std::exception& e) {
        spdlog::warn("scheduler: {}", e.what());
      }
      lock.lock();
      scheduler_cv_.wait_for(lock, std::chrono::seconds(1), [this] { return scheduler_stop_; });
    }
  });
  notifications_->start();
  server_->run();
  notifications_->stop();
  {
    std::lock_guard lock(scheduler_mu_);
    scheduler_stop_ = true;
  }
  scheduler_cv_.notify_all();
  scheduler_.join();
}

void App::stop() {
  if (server_) server_->stop();
}

}  // namespace wangge
