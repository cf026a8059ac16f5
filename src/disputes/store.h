// The disputes module's SQL. Only this module reads or writes the disputes,
// dispute_parties, dispute_risk_changes, mediation_sessions and dispute_followups tables.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/storage/database.h"
#include "disputes/model.h"

namespace wangge::disputes::store {

std::int64_t insert(storage::Tx& tx, const Dispute& d);  // with its parties
bool update(storage::Tx& tx, const Dispute& d, std::int64_t expected);
std::optional<Dispute> get(storage::Tx& tx, std::int64_t id);  // with its parties

struct Filter {
  std::vector<std::string> scope_paths;
  std::optional<std::string> region_path, status, type, risk;
  std::optional<std::string> found_from, found_to;  // YYYY-MM-DD, [from, to)
  std::optional<std::int64_t> person_id;
  std::optional<std::int64_t> before_id;
  int limit = 50;
};
std::vector<Dispute> list(storage::Tx& tx, const Filter& f);  // parties not loaded
void load_parties(storage::Tx& tx, std::vector<Dispute>& ds);

void insert_risk_change(storage::Tx& tx, std::int64_t dispute_id, const RiskChange& c, std::optional<std::int64_t> by);
std::vector<RiskChange> risk_changes(storage::Tx& tx, std::int64_t dispute_id);
// Open disputes under the scope whose risk was raised since `since_ms`.
std::vector<std::int64_t> raised_since(storage::Tx& tx, const std::vector<std::string>& scope_paths,
                                       std::int64_t since_ms);

// Disputes of a region code (its deletion is refused while any) and under a path (a move).
std::int64_t count_uses(storage::Tx& tx, const std::string& region_code);
std::int64_t count_under(storage::Tx& tx, const std::string& path);

// Disputes under `path` found in [from, to) (YYYY-MM-DD), counted per place, type and status.
struct Count {
  std::string region_path, type, status;
  std::int64_t n = 0;
};
std::vector<Count> counts(storage::Tx& tx, const std::string& path, const std::string& from, const std::string& to);

// For an assessment's period [from, to) (YYYY-MM-DD) under `path` (store_assessment.cpp):
// per account, disputes it recorded found in the period; per mediator account, disputes
// settled in the period; per area (the first `digits` digits of the place: 15 a grid, 12 a
// community), (found, settled) in the period.
std::map<std::int64_t, std::int64_t> found_by_recorder(storage::Tx& tx, const std::string& path,
                                                       const std::string& from, const std::string& to);
std::map<std::int64_t, std::int64_t> settled_by_mediator(storage::Tx& tx, const std::string& path,
                                                         const std::string& from, const std::string& to);
std::map<std::string, std::pair<std::int64_t, std::int64_t>> disputes_by_area(storage::Tx& tx, const std::string& path,
                                                                              const std::string& from,
                                                                              const std::string& to,
                                                                              std::size_t digits);

std::int64_t insert_session(storage::Tx& tx, const Session& s, std::int64_t now);
std::vector<Session> sessions(storage::Tx& tx, std::int64_t dispute_id);
std::int64_t insert_followup(storage::Tx& tx, const Followup& f, std::optional<std::int64_t> by, std::int64_t now);
std::vector<Followup> followups(storage::Tx& tx, std::int64_t dispute_id);

}  // namespace wangge::disputes::store
