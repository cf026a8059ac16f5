// The assessment module (考核, docs/ASSESSMENT.md): schemes per post over a territory node
// with weighted indicators from the catalogue (schemes.cpp); runs that compute a scheme
// for a month or a quarter from the other modules' records, keeping every subject's raw
// values as the data the run was computed from, manual points with their reasons, freezing
// and versions, commendations (runs.cpp, results.cpp); a worker's own card (card.cpp) and
// a run as .xlsx (http_runs.cpp). The records are reached only through what the app wires
// (app/wiring_assessment.cpp): a provider per indicator, answering for every subject in one
// grouped query of the module that keeps them, and the subjects of each post.
//
// Thread safety: a Service is shared by every request thread; its state after start is
// the wired callbacks, set once before serving.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "assessment/model.h"
#include "core/calendar.h"
#include "core/context.h"
#include "core/http/router.h"
#include "core/json.h"
#include "core/storage/database.h"

namespace wangge::territory {
class Service;
}

namespace wangge::assessment {

void register_schemas(schema::Components& c);
// An indicator of a scheme or run as answered (render.cpp).
schema::value indicator_schema();

class Service {
 public:
  Service(storage::Database& db, territory::Service& territory, const Calendar& calendar);
  void register_routes(http::Router& router);

  // --- wiring (app/wiring_assessment.cpp) ---
  // An indicator's raw values for a period, by subject key, for the subjects of `post` under
  // `scope_path` (one grouped query; subjects with nothing recorded may be left out; a rate
  // leaves out those with nothing to count). Runs inside the computation's read.
  using Provider = std::function<std::map<std::string, double>(storage::Tx&, const Period&,
                                                               const std::string& scope_path, const std::string& post)>;
  void set_provider(const std::string& key, Provider p) { providers_[key] = std::move(p); }
  bool provides(std::string_view key) const { return providers_.count(std::string(key)) > 0; }
  // Who a post assesses under a node: accounts holding the role or roster post, the
  // departments serving it. Grids and communities are the territory's (this module's own).
  using SubjectsOf = std::function<std::vector<Subject>(storage::Tx&, const std::string& scope_path)>;
  void set_subjects(const std::string& post, SubjectsOf f) { subjects_of_[post] = std::move(f); }
  using NamesOf = std::function<std::map<std::int64_t, std::string>(storage::Tx&, const std::vector<std::int64_t>&)>;
  void set_names(NamesOf names) { names_of_ = std::move(names); }
  void set_export_dir(std::string dir) { export_dir_ = std::move(dir); }

  // --- schemes (schemes.cpp) ---
  Scheme create_scheme(storage::Tx& tx, const Context& ctx, Scheme s);
  // A draft copy of a scheme (an active one changes this way: retire it, copy it, edit).
  Scheme copy_scheme(storage::Tx& tx, const Context& ctx, std::int64_t id, const std::optional<std::string>& name);
  // Changes a draft: name, description, period kind, indicators (version checked).
  Scheme update_scheme(storage::Tx& tx, const Context& ctx, std::int64_t id, const json::object& body);
  // draft -> active: its weights must sum to 100 (422) and every indicator be provided.
  Scheme activate(storage::Tx& tx, const Context& ctx, std::int64_t id);
  Scheme retire(storage::Tx& tx, const Context& ctx, std::int64_t id);
  // The scheme if the caller holds `permission` at its node (404 when it is not theirs to see).
  Scheme readable_scheme(storage::Tx& tx, const Context& ctx, std::int64_t id, std::string_view permission) const;
  // A body's indicators for a post: known keys measuring that post, each once, numbers in range.
  std::vector<Indicator> read_indicators(const json::value& v, const std::string& post) const;

  // --- runs (runs.cpp) ---
  // The subjects of a scheme and their raw values for a period (one read; no write).
  struct Computed {
    std::vector<Subject> subjects;
    std::map<std::string, std::map<std::string, double>> values;  // indicator -> subject -> value
    std::int64_t ms = 0;
  };
  Computed compute(const Scheme& s, const Period& p) const;
  // Stores a computation as the period's next version, or in place of its latest version
  // while that is a draft (its manual points kept), and audits it.
  Run store_run(storage::Tx& tx, const Context& ctx, std::int64_t scheme_id, const Period& p, const Computed& c);
  // The period a request names for a scheme (its kind), or 422.
  Period period_for(const Scheme& s, const std::string& label) const;

  // --- results (results.cpp) ---
  Run readable_run(storage::Tx& tx, const Context& ctx, std::int64_t id, std::string_view permission) const;
  Adjustment adjust(storage::Tx& tx, const Context& ctx, std::int64_t run_id, const std::string& subject, double points,
                    const std::string& reason);
  Run freeze(storage::Tx& tx, const Context& ctx, std::int64_t run_id);
  Commendation commend(storage::Tx& tx, const Context& ctx, std::int64_t run_id, const std::string& subject,
                       const std::string& title, const std::string& reason);

  // --- rendering (render.cpp) ---
  json::object scheme_json(const Scheme& s) const;
  json::object run_json(const Run& r) const;
  json::object result_json(const Result& r) const;
  json::object adjustment_json(const Adjustment& a, const std::map<std::string, std::string>& subjects,
                               const std::map<std::int64_t, std::string>& names) const;
  json::object commendation_json(const Commendation& c, const std::map<std::string, std::string>& subjects,
                                 const std::map<std::int64_t, std::string>& names) const;
  json::object indicator_spec_json(const IndicatorSpec& spec) const;
  // A worker's card (card.cpp): their results of frozen runs, with the indicators' names.
  json::object card_json(storage::Tx& tx, const Context& ctx, const std::optional<std::string>& period) const;
  std::map<std::int64_t, std::string> names(storage::Tx& tx, const std::vector<std::int64_t>& ids) const {
    return names_of_ && !ids.empty() ? names_of_(tx, ids) : std::map<std::int64_t, std::string>{};
  }

  const Calendar& calendar() const { return calendar_; }

 private:
  void register_scheme_routes(http::Router& router);  // http_schemes.cpp
  void register_run_routes(http::Router& router);     // http_runs.cpp
  void register_result_routes(http::Router& router);  // http_results.cpp: adjustments, freeze, export, card
  // The grids or communities under a node, as subjects (the territory's).
  std::vector<Subject> regions_under(const std::string& path, const std::string& level) const;
  std::vector<Subject> subjects_for(storage::Tx& tx, const std::string& post, const std::string& path) const;

  storage::Database& db_;
  territory::Service& territory_;
  const Calendar& calendar_;
  std::map<std::string, Provider> providers_;
  std::map<std::string, SubjectsOf> subjects_of_;
  NamesOf names_of_;
  std::string export_dir_ = "exports";
};

}  // namespace wangge::assessment
