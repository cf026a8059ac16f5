// The application: opens storage, runs migrations, builds every module and its routes,
// and puts the one request pipeline in front of them (authentication, errors as
// problem+json, metrics, access log). main.cpp and the integration tests both use it.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "core/config.h"
#include "core/file_store.h"
#include "core/files.h"
#include "core/http/message.h"
#include "core/http/router.h"
#include "core/http/server.h"
#include "core/metrics.h"
#include "core/storage/database.h"

namespace wangge {

namespace territory {
class Service;
}
namespace accounts {
class Service;
}
namespace audit {
class Service;
}
namespace events {
class Service;
class Spikes;
class Suggestions;
}  // namespace events
namespace assessment {
class Service;
}
namespace attachments {
class Service;
}
namespace open311 {
class Service;
}
namespace notifications {
class Service;
}
namespace registry {
class Service;
}
namespace disputes {
class Service;
}
namespace services {
class Service;
}
namespace points {
class Service;
}
namespace deliberation {
class Service;
}
namespace party {
class Service;
}
namespace teams {
class Service;
}
namespace cobuild {
class Service;
}
namespace emergency {
class Service;
}
namespace cockpit {
class Service;
}
namespace notices {
class Service;
}
namespace volunteers {
class Service;
}
namespace http {
class Server;
}
class Calendar;
class Crypto;

class App {
 public:
  explicit App(Config cfg);
  ~App();

  // Creates `admin` on an empty database; returns the password when it was generated here
  // or taken from WANGGE_ADMIN_PASSWORD (admin_password), nullopt when users exist.
  std::optional<std::string> bootstrap_admin(const std::string& admin_password);
  // Loads the demo territory and accounts once. Returns false when already loaded.
  // history: also the demo's past events (2020-2022; tests skip them for speed).
  // registry_households: also a registry of that many households in each demo grid, with
  // visits and a year of disputes (demo.cpp; 0, the tests' default: none).
  bool load_demo(const std::string& demo_password, int history_events = 24000, int registry_households = 0);
  // The demo registry, visits and disputes under the demo town, once (demo.cpp): entered as
  // the admin account, visited by the demo grid worker and grid chief, disputes recorded by
  // them or the mediator and mediated by the mediator. Answers whether anything was loaded.
  bool load_demo_registry(int households_per_grid);
  // The demo council, its topics and the demo notices (demo_deliberation.cpp); once.
  void load_demo_deliberation();
  // The demo party organisations, members and pledges (demo_party.cpp); once.
  void load_demo_party();
  // The demo grid team, households in care, co-building units and lists, emergency plans,
  // teams, drills and supplies (demo_teams.cpp, demo_cobuild.cpp, demo_emergency.cpp); once.
  void load_demo_teams();
  void load_demo_cobuild();
  void load_demo_emergency();
  void load_demo_assessment();  // two 平沙镇 schemes and a frozen run (demo_assessment.cpp)
  // Residents with linked accounts and sessions under a node, their tokens written to a
  // file (generate_residents.cpp; benchmarks); answers how many were made.
  // COUNT grid workers over the communities under root, the events of [from, until) under each
  // attributed to them (generate_workers.cpp; bench/assessment_bench.sh); answers how many.
  std::int64_t generate_workers(const std::string& root, std::int64_t count, std::int64_t from_ms,
                                std::int64_t until_ms, std::uint64_t seed);
  std::int64_t generate_residents(const std::string& root, std::int64_t count, const std::string& tokens_file,
                                  std::uint64_t seed);
  // CARERS roster entries under a node, HOUSEHOLDS in their care and VISITS care visits over
  // the twelve months up to MONTH (YYYY-MM), with the teams module's rollups
  // (generate_care.cpp; bench/care_bench.sh); answers the visits made.
  std::int64_t generate_care(const std::string& root, std::int64_t carers, std::int64_t households, std::int64_t visits,
                             const std::string& month, std::uint64_t seed);

  // The OpenAPI 3.1 document of every route (GET /api/openapi.json; `wangge openapi`).
  const std::string& openapi() const { return openapi_; }

  // The request pipeline (thread-safe).
  http::Response handle(http::Request& req);
  http::Response reject(int status, std::string_view code);
  // Where a request runs and its load class, from its route's RouteDoc (placement.cpp).
  // Matches the route once and leaves the match in the request for handle().
  http::ServerOptions::Placement place(http::Request& req) const;

  // Serving: listen() binds (returns the port), run() blocks until stop().
  std::uint16_t listen(bool handle_signals);
  void run();
  void stop();

  storage::Database& db() { return *db_; }
  territory::Service& territory() { return *territory_; }
  accounts::Service& accounts() { return *accounts_; }
  events::Service& events() { return *events_; }
  services::Service& services() { return *services_; }
  points::Service& points() { return *points_; }
  volunteers::Service& volunteers() { return *volunteers_; }
  deliberation::Service& deliberation() { return *deliberation_; }
  notices::Service& notices() { return *notices_; }
  party::Service& party() { return *party_; }
  teams::Service& teams() { return *teams_; }
  cobuild::Service& cobuild() { return *cobuild_; }
  emergency::Service& emergency() { return *emergency_; }
  assessment::Service& assessment() { return *assessment_; }
  events::Suggestions& suggestions() { return *suggestions_; }
  registry::Service& registry() { return *registry_; }
  const Calendar& calendar() const { return *calendar_; }
  open311::Service& open311() { return *open311_; }
  notifications::Service& notifications() { return *notifications_; }
  // Recolours events whose warning or due time has passed (the scheduler runs it).
  std::size_t refresh_sla();
  // Whether this node holds the "background" lease and does the cluster's background work
  // (cluster.cpp). Thread-safe.
  bool leading() const { return leading_.load(); }
  const http::Router& router() const { return router_; }
  const Config& config() const { return cfg_; }

 private:
  // Start, in this order (app.cpp): the database and its migrations; every module's service;
  // the callbacks between modules (wiring.cpp); the routes and metrics (system_routes.cpp).
  void open_storage();
  // The file store the configuration names (Config::files); on PostgreSQL every node must
  // name the same (deployment::verify_files).
  std::unique_ptr<files::FileStore> open_file_store();
  void build_services();
  void wire_services();
  void wire_service_desk();  // the services module's callbacks (wiring.cpp)
  void wire_points();        // who holds points, and the deeds other modules report (wiring_points.cpp)
  void wire_deliberation();  // electorates, sources of topics, names (wiring_deliberation.cpp)
  void wire_notices();       // the staff a notice reaches, attachments (wiring_deliberation.cpp)
  void wire_party();         // persons, buildings, accounts (wiring_party.cpp)
  void wire_teams();         // households, visits, accounts; grid first's chiefs (wiring_teams.cpp)
  void wire_cobuild();       // sources of needs, accounts; whistled units (wiring_cobuild.cpp)
  void wire_assessment();    // indicators from every module (wiring_assessment.cpp)
  void wire_emergency();     // accounts, attachments (wiring_emergency.cpp)
  void wire_hard_cases(
      const std::function<std::vector<std::int64_t>(storage::Tx&, std::string_view, const std::string&)>& holders);
  // What the nodes sharing the database tell each other, and the background lease (cluster.cpp).
  void wire_cluster();
  // Keeps or takes the background lease; whether this node holds it. The constructor, then
  // the scheduler thread only.
  bool keep_lease();
  // Read replicas (cluster.cpp): who reads on the primary for now (read-your-writes).
  void pin_to_primary(std::int64_t user);
  bool pinned_to_primary(std::int64_t user);
  void announce_write(std::int64_t user);  // pins here and, by NOTIFY, on every node
  void register_system_routes();
  void register_my_work_routes();  // GET /my/work, composed of every module's (my_work.cpp)
  void register_metrics();
  http::Response serve_static(const http::Request& req);
  // The problem+json answer for what a handler threw (denials audited).
  http::Response failure(const http::Request& req, const Context& ctx, std::exception_ptr error);
  // Config::check_contracts: throws std::logic_error when a 2xx answer's request or
  // response body does not conform to its route's schemas (contracts.cpp).
  void check_contract(const http::Request& req, const http::Response& resp) const;
  // Metrics and the access log line of one answered request.
  void record(const http::Request& req, const Context& ctx, const http::Response& resp,
              std::chrono::steady_clock::time_point started);

  Config cfg_;
  // SQLite: held shared while this process uses the database, so that `wangge move-to`
  // (which takes it exclusively) never copies a database a server is changing.
  std::unique_ptr<files::FileLock> sqlite_lock_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<audit::Service> audit_;
  std::unique_ptr<territory::Service> territory_;
  std::unique_ptr<accounts::Service> accounts_;
  std::unique_ptr<Calendar> calendar_;
  std::unique_ptr<Crypto> crypto_;
  std::unique_ptr<files::FileStore> files_;  // attachments and import files (core/file_store.h)
  std::unique_ptr<events::Service> events_;
  std::unique_ptr<events::Spikes> spikes_;            // spike warnings per grid and category
  std::unique_ptr<events::Suggestions> suggestions_;  // category and department suggestions
  std::unique_ptr<assessment::Service> assessment_;
  std::unique_ptr<attachments::Service> attachments_;
  std::unique_ptr<open311::Service> open311_;
  std::unique_ptr<notifications::Service> notifications_;
  std::unique_ptr<registry::Service> registry_;
  std::unique_ptr<disputes::Service> disputes_;
  std::unique_ptr<cockpit::Service> cockpit_;
  std::unique_ptr<services::Service> services_;
  std::unique_ptr<points::Service> points_;
  std::unique_ptr<volunteers::Service> volunteers_;
  std::unique_ptr<deliberation::Service> deliberation_;
  std::unique_ptr<notices::Service> notices_;
  std::unique_ptr<party::Service> party_;
  std::unique_ptr<teams::Service> teams_;
  std::unique_ptr<cobuild::Service> cobuild_;
  std::unique_ptr<emergency::Service> emergency_;
  // The deadline scheduler: state lives in the database (warn_at, due_at), so a restart
  // loses nothing; the thread only compares it with the clock.
  std::thread scheduler_;
  std::unique_ptr<storage::Lease> lease_;                        // keep_lease() only
  std::mutex pins_mu_;                                           // guards pinned_until_
  std::unordered_map<std::int64_t, std::int64_t> pinned_until_;  // user -> ms
  std::atomic<bool> leading_{false};
  std::mutex scheduler_mu_;
  std::condition_variable scheduler_cv_;
  bool scheduler_stop_ = false;
  http::Router router_;
  Metrics metrics_;
  std::string web_root_;
  std::string openapi_;
  std::unique_ptr<http::Server> server_;
};

// Version string of this build.
const char* version();

}  // namespace wangge
