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
#include "assessment/service.h"
#include "attachments/attachments.h"
#include "audit/audit.h"
#include "cobuild/service.h"
#include "cockpit/service.h"
#include "core/calendar.h"
#include "core/crypto.h"
#include "core/deployment.h"
#include "core/error.h"
#include "core/http/server.h"
#include "core/json.h"
#include "core/paths.h"
#include "core/storage/migrations.h"
#include "deliberation/service.h"
#include "disputes/service.h"
#include "disputes/store.h"
#include "emergency/service.h"
#include "events/service.h"
#include "events/spikes.h"
#include "events/suggest.h"
#include "notices/service.h"
#include "notifications/notifications.h"
#include "open311/open311.h"
#include "party/service.h"
#include "points/service.h"
#include "registry/service.h"
#include "registry/store.h"
#include "services/service.h"
#include "teams/service.h"
#include "territory/service.h"
#include "volunteers/service.h"

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

}  // namespace

App::App(Config cfg) : cfg_(std::move(cfg)) {
  open_storage();
  keep_lease();  // before the services: the importer sweeps at start on the leading node
  build_services();
  wire_services();
  wire_cluster();
  register_system_routes();
  accounts_->register_routes(router_);
  territory_->register_routes(router_);
  audit_->register_routes(router_);
  events_->register_routes(router_);
  events::register_spike_routes(*events_, *spikes_, router_);
  events::register_suggest_routes(*events_, *suggestions_, router_);
  attachments_->register_routes(router_);
  open311_->register_routes(router_);
  notifications_->register_routes(router_);
  registry_->register_routes(router_);
  disputes_->register_routes(router_);
  services_->register_routes(router_);
  points_->register_routes(router_);
  volunteers_->register_routes(router_);
  deliberation_->register_routes(router_);
  notices_->register_routes(router_);
  party_->register_routes(router_);
  teams_->register_routes(router_);
  cobuild_->register_routes(router_);
  emergency_->register_routes(router_);
  cockpit_->register_routes(router_);
  assessment_->register_routes(router_);
  register_my_work_routes();
  openapi_ = router_.openapi(version());
  web_root_ = find_web_root(cfg_.web_root);
  register_metrics();
}

void App::open_storage() {
  if (!spdlog::get("access")) {
    // stdout, buffered: flushed every second rather than after every line.
    auto access = std::make_shared<spdlog::logger>("access", std::make_shared<BufferedStdout>());
    spdlog::register_logger(access);
    spdlog::flush_every(std::chrono::seconds(1));
    access->set_pattern(R"({"ts":"%Y-%m-%dT%H:%M:%S.%eZ","log":"access",%v)", spdlog::pattern_time_type::utc);
  }
  std::string url = cfg_.database_url();
  if (url.rfind("postgres", 0) != 0) {
    std::filesystem::create_directories(cfg_.data_dir);
    try {
      sqlite_lock_ = std::make_unique<files::FileLock>(url + ".lock", false);
    } catch (const std::runtime_error&) {
      throw std::runtime_error(url + " is being moved to PostgreSQL (wangge move-to holds " + url +
                               ".lock): wait for it to finish, then start on the PostgreSQL database");
    }
  }
  storage::Options storage_options;
  storage_options.pg_writers = cfg_.pg_writers;
  storage_options.sqlite_readers = cfg_.sqlite_readers;
  storage_options.replica_max_lag_ms = cfg_.replica_max_lag_ms;
  for (std::size_t at = 0; at < cfg_.replicas.size();) {
    std::size_t comma = std::min(cfg_.replicas.find(',', at), cfg_.replicas.size());
    std::string one = cfg_.replicas.substr(at, comma - at);
    if (one.rfind("postgres", 0) != 0) throw std::runtime_error("replicas: not a postgresql:// URL: " + one);
    if (one == url) throw std::runtime_error("replicas: " + one + " is the primary's URL");
    storage_options.replicas.push_back(one);
    at = comma + 1;
  }
  db_ = storage::Database::open(url, storage_options);
  storage::migrate(*db_, storage::embedded_migrations());
}

void App::build_services() {
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
  const char* key = std::getenv("WANGGE_DATA_KEY");  // NOLINT(concurrency-mt-unsafe): at start, one thread
  crypto_ = std::make_unique<Crypto>(
      Crypto::load(key ? key : "", cfg_.data_key_file.empty() ? cfg_.data_dir + "/keys/data.key" : cfg_.data_key_file));
  deployment::verify_data_key(*db_, *crypto_);
  files_ = open_file_store();
  events_ = std::make_unique<events::Service>(*db_, *territory_, *calendar_, *crypto_);
  events_->set_export_dir(cfg_.data_dir + "/exports");
  events_->verify_fallback_role = cfg_.verify_fallback_role;
  events_->seed_categories();
  spikes_ = std::make_unique<events::Spikes>(*events_);
  suggestions_ = std::make_unique<events::Suggestions>(*events_);
  if (auto n = events_->ensure_statistics(); n >= 0) spdlog::info("event statistics counters built from {} events", n);
  open311_ = std::make_unique<open311::Service>(*db_, *events_, cfg_.open311_public_reads);
  notifications_ = std::make_unique<notifications::Service>(
      *db_, notifications::WebhookOptions{.url = cfg_.webhook_url, .secret = cfg_.webhook_secret});
  attachments_ = std::make_unique<attachments::Service>(*db_, *files_, *crypto_, cfg_.max_upload_bytes);
  if (auto n = attachments_->seal_existing(); n > 0) spdlog::info("attachments: {} files kept in clear sealed", n);
  registry_ = std::make_unique<registry::Service>(*db_, *territory_, *calendar_, *crypto_);
  registry_->leading = [this] { return leading(); };  // import jobs run on the leading node
  registry_->set_import_store(*files_);
  registry_->set_export_dir(cfg_.data_dir + "/exports");
  remove_stale_exports(cfg_.data_dir + "/exports");
  disputes_ = std::make_unique<disputes::Service>(*db_, *territory_, *calendar_, *crypto_);
  disputes_->set_export_dir(cfg_.data_dir + "/exports");
  services_ = std::make_unique<services::Service>(*db_, *territory_, *calendar_, *crypto_);
  services_->set_export_dir(cfg_.data_dir + "/exports");
  points_ = std::make_unique<points::Service>(*db_, *territory_, *calendar_);
  points_->set_export_dir(cfg_.data_dir + "/exports");
  volunteers_ = std::make_unique<volunteers::Service>(*db_, *territory_, *calendar_);
  volunteers_->set_export_dir(cfg_.data_dir + "/exports");
  deliberation_ = std::make_unique<deliberation::Service>(*db_, *territory_, *calendar_);
  deliberation_->set_export_dir(cfg_.data_dir + "/exports");
  notices_ = std::make_unique<notices::Service>(*db_, *territory_, *calendar_);
  notices_->set_export_dir(cfg_.data_dir + "/exports");
  party_ = std::make_unique<party::Service>(*db_, *territory_, *calendar_, *crypto_);
  party_->set_export_dir(cfg_.data_dir + "/exports");
  teams_ = std::make_unique<teams::Service>(*db_, *territory_, *calendar_, *crypto_);
  teams_->set_export_dir(cfg_.data_dir + "/exports");
  cobuild_ = std::make_unique<cobuild::Service>(*db_, *territory_, *calendar_, *crypto_);
  cobuild_->set_export_dir(cfg_.data_dir + "/exports");
  emergency_ = std::make_unique<emergency::Service>(*db_, *territory_, *calendar_, *crypto_);
  emergency_->set_export_dir(cfg_.data_dir + "/exports");
  cockpit_ = std::make_unique<cockpit::Service>(*events_, *registry_, *disputes_, *territory_);
  assessment_ = std::make_unique<assessment::Service>(*db_, *territory_, *calendar_);
  assessment_->set_export_dir(cfg_.data_dir + "/exports");
  cockpit_->set_spikes_of([this](const std::string& path) { return spikes_->open_json(path); });
}

std::unique_ptr<files::FileStore> App::open_file_store() {
  const bool postgres = db_->dialect() == storage::Dialect::postgres;
  std::string where = cfg_.files.empty() ? (postgres ? "database" : cfg_.data_dir) : cfg_.files;
  // Several nodes keep their files in one place: the database, or one shared directory.
  if (postgres) deployment::verify_files(*db_, where);
  if (where == "database") {
    spdlog::info("files: kept in the database");
    auto store = files::database_store(*db_, *crypto_);
    // An older version kept them under DATA: moved in, so that nothing answered before the
    // upgrade is lost.
    for (const char* prefix : {"attachments", "imports"}) {
      if (auto n = files::move_into(*store, cfg_.data_dir, prefix, *crypto_); n > 0)
        spdlog::info("files: {} files of {}/{} moved into the database", n, cfg_.data_dir, prefix);
    }
    return store;
  }
  spdlog::info("files: kept in {}", where);
  return files::directory_store(where, *crypto_);
}

App::~App() {
  // No message handler may run once the services it calls start to go (members are
  // destroyed after this body, the database last).
  if (db_) db_->bus().close();
}

std::optional<std::string> App::bootstrap_admin(const std::string& admin_password) {
  return accounts_->bootstrap_admin(admin_password);
}

bool App::load_demo(const std::string& demo_password, int history_events, int registry_households) {
  bool loaded = territory_->load_demo(territory::find_divisions_dir(cfg_.divisions_dir));
  accounts_->load_demo(demo_password);
  events_->load_demo(accounts_->find_user_id("handler"));
  if (history_events > 0) {
    auto n = events_->load_demo_history(history_events);
    if (n > 0) spdlog::info("demo history loaded: {} events over 2020-2022", n);
  }
  if (registry_households > 0) load_demo_registry(registry_households);
  load_demo_deliberation();
  load_demo_party();
  load_demo_teams();
  load_demo_cobuild();
  load_demo_emergency();
  load_demo_assessment();
  return loaded;
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
  std::int64_t now = storage::now_ms();
  return events_->refresh_sla(now) + events_->release_at_grid(now);
}

void App::run() {
  // The scheduler: every second the search indexer, every sla_interval_seconds the deadlines.
  scheduler_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "wg-scheduler");
    std::unique_lock lock(scheduler_mu_);
    for (int tick = 0; !scheduler_stop_; ++tick) {
      lock.unlock();
      try {
        // Only on the node holding the background lease (cluster.cpp). A backlog (an
        // upgrade, generated history) is indexed in batches; a stop request is honoured
        // between batches.
        auto stopping = [this] {
          std::lock_guard guard(scheduler_mu_);
          return scheduler_stop_;
        };
        // Every node answers suggestions from its own model, retrained from the shared
        // database after 500 closures or ten minutes (events/suggest.h).
        suggestions_->retrain_if_due(*db_, storage::now_ms());
        if (keep_lease()) {
          while (!stopping() && events_->index_search() >= 5000) {
          }
          if (tick % cfg_.sla_interval_seconds == 0) {
            refresh_sla();
            services_->lapse_claims(storage::now_ms());  // wishes whose claim ran out
          }
          // Spike warnings every 15 minutes (exactly once across nodes: a spike's row is
          // unique per grid, category and day, and only the leading node scans).
          if (tick % 900 == 0) spikes_->scan(*db_, *calendar_, storage::now_ms());
        }
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
  // The background work ends here before the lease goes: a node that takes it over must
  // not find an import chunk of this node still being applied.
  leading_ = false;
  registry_->halt_imports();
  lease_.reset();  // another node takes the background work over
}

void App::stop() {
  if (server_) server_->stop();
}

}  // namespace wangge
