// The assessment module's SQL (store_schemes.cpp, store_runs.cpp). Only this module reads or
// writes assessment_schemes, assessment_indicators, assessment_runs, assessment_results,
// assessment_adjustments and assessment_commendations.
//
// A run's results are written in multi-row INSERTs (256 rows a statement) inside the run's
// transaction; a rank is rewritten by one UPDATE from a window over the run's totals.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "assessment/model.h"
#include "core/storage/database.h"

namespace wangge::assessment::store {

// --- schemes (store_schemes.cpp) ---
std::int64_t insert_scheme(storage::Tx& tx, const Scheme& s);
// Writes name, description, period kind, status and its times where the version is
// `expected` (the row's version becomes s.version); false when it changed.
bool update_scheme(storage::Tx& tx, const Scheme& s, std::int64_t expected);
void replace_indicators(storage::Tx& tx, std::int64_t scheme_id, const std::vector<Indicator>& indicators);
std::optional<Scheme> scheme(storage::Tx& tx, std::int64_t id);  // with its indicators
struct SchemeFilter {
  std::vector<std::string> within;         // the caller's scope
  std::optional<std::string> region_path;  // under it
  std::optional<std::string> post, status;
  std::optional<std::int64_t> before_id;
  int limit = 50;
};
std::vector<Scheme> schemes(storage::Tx& tx, const SchemeFilter& f);  // newest first, with indicators
// Schemes and runs of a region code (its deletion is refused while any) and under a path (a move).
std::int64_t count_uses(storage::Tx& tx, const std::string& code);
std::int64_t count_under(storage::Tx& tx, const std::string& path);

// --- runs (store_runs.cpp) ---
std::int64_t insert_run(storage::Tx& tx, const Run& r);
// After a draft's recomputation: its indicators, subjects, computations and times.
void update_computed(storage::Tx& tx, const Run& r);
bool freeze(storage::Tx& tx, std::int64_t id, std::int64_t at, std::int64_t by);
std::optional<Run> run(storage::Tx& tx, std::int64_t id);
// The latest version of a scheme's run of a period.
std::optional<Run> latest_run(storage::Tx& tx, std::int64_t scheme_id, const std::string& period);
struct RunFilter {
  std::vector<std::string> within;
  std::optional<std::int64_t> scheme_id;
  std::optional<std::string> period;
  std::optional<std::int64_t> before_id;
  int limit = 50;
};
std::vector<Run> runs(storage::Tx& tx, const RunFilter& f);  // newest first

// A run's results: replaced whole (a draft recomputed), read a page at a time in rank
// order after (rank, subject key), read one.
void delete_results(storage::Tx& tx, std::int64_t run_id);
void insert_results(storage::Tx& tx, std::int64_t run_id, const std::vector<Result>& results);
std::vector<Result> results(storage::Tx& tx, std::int64_t run_id,
                            const std::optional<std::pair<std::int64_t, std::string>>& after, int limit);
std::optional<Result> result(storage::Tx& tx, std::int64_t run_id, const std::string& subject_key);
// Sets a subject's manual points and total, then every rank of the run from the totals.
void set_manual(storage::Tx& tx, std::int64_t run_id, const std::string& subject_key, double manual, double total);
void rerank(storage::Tx& tx, std::int64_t run_id);

// Manual points and commendations.
std::int64_t insert_adjustment(storage::Tx& tx, const Adjustment& a);
std::vector<Adjustment> adjustments(storage::Tx& tx, std::int64_t run_id);
// The sum of a draft's adjustments per subject (kept when the draft is recomputed).
std::map<std::string, double> manual_points(storage::Tx& tx, std::int64_t run_id);
std::int64_t insert_commendation(storage::Tx& tx, const Commendation& c);
std::vector<Commendation> commendations(storage::Tx& tx, std::int64_t run_id);

// A worker's own results: their rows in frozen runs of active schemes, the latest version
// of each (scheme, period), newest period first; of one period when given.
struct CardRow {
  Run run;
  Result result;
};
std::vector<CardRow> card(storage::Tx& tx, const std::string& subject_kind, const std::string& subject_key,
                          const std::optional<std::string>& period, int limit);
// The commendations of a subject in these runs.
std::vector<Commendation> commendations_of(storage::Tx& tx, const std::string& subject_key,
                                           const std::vector<std::int64_t>& run_ids);

}  // namespace wangge::assessment::store
