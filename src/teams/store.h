// The teams module's SQL (store_roster.cpp, store_calls.cpp, store_care.cpp,
// store_stats.cpp). Only this module reads or writes team_members, team_calls,
// team_call_recipients, care_settings, care_assignments, care_visits, care_marks,
// care_rollup and care_due.
//
// Counting: a visit adds to its carer's month in care_rollup (visits, persons, and a
// household the first time care_marks sees it that month) and moves its assignment in
// care_due from the old due day to the new one, in the visit's transaction; an assignment
// made or ended adds or takes one in care_due and in its member's in_care. Coverage and
// overdue figures read those rows, not the visits.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "core/storage/database.h"
#include "teams/model.h"

namespace wangge::teams::store {

// --- the roster (store_roster.cpp) ---
std::int64_t insert_member(storage::Tx& tx, const Member& m);
bool update_member(storage::Tx& tx, const Member& m, std::int64_t expected_version);
std::optional<Member> member(storage::Tx& tx, std::int64_t id);
struct MemberFilter {
  std::vector<std::string> within, line;   // what the caller reaches
  std::optional<std::string> region_path;  // under it
  std::optional<std::string> post, status;
  std::optional<std::int64_t> before_id;
  int limit = 50;
};
std::vector<Member> members(storage::Tx& tx, const MemberFilter& f);
// The active entries of these nodes, in board order (sort, id).
std::vector<Member> active_at(storage::Tx& tx, const std::vector<std::string>& codes);
// The active entries linked to an account.
std::vector<Member> of_user(storage::Tx& tx, std::int64_t user_id);
// Which rule an active entry of the same node and post already fills: "account", "person",
// "phone" (same name and phone); nullopt when none. `except`: the entry itself.
std::optional<std::string> duplicate(storage::Tx& tx, const Member& m, std::int64_t except);
void add_in_care(storage::Tx& tx, std::int64_t member_id, std::int64_t delta);
std::int64_t count_uses(storage::Tx& tx, const std::string& code);
std::int64_t count_under(storage::Tx& tx, const std::string& path);

// --- calls (store_calls.cpp) ---
std::int64_t insert_call(storage::Tx& tx, const Call& c, const std::vector<std::int64_t>& recipients);
std::optional<Call> call(storage::Tx& tx, std::int64_t id);
bool is_recipient(storage::Tx& tx, std::int64_t call_id, std::int64_t user_id);
// Which of `call_ids` reached the account.
std::vector<std::int64_t> received_of(storage::Tx& tx, std::int64_t user_id, const std::vector<std::int64_t>& call_ids);
// Writes the call's answer or closing where its status is still `expected`.
bool update_call(storage::Tx& tx, const Call& c, const std::string& expected);
struct CallFilter {
  std::vector<std::string> within;    // the calls of grids under these
  std::optional<std::int64_t> party;  // and those this account made or received
  std::optional<std::string> region_path;
  std::optional<std::string> status;
  std::optional<std::int64_t> before_id;
  int limit = 50;
};
std::vector<Call> calls(storage::Tx& tx, const CallFilter& f);
struct CallFigures {
  std::int64_t calls = 0, answered = 0, late = 0, open = 0;
  std::optional<std::int64_t> median_ms, p90_ms;
};
// Calls made under `path` in [from, to): answered, late (unanswered after 10 minutes,
// answered late included), still open; median and 90th percentile of the response times.
CallFigures call_figures(storage::Tx& tx, const std::string& path, std::int64_t from, std::int64_t to,
                         std::int64_t now);

// --- care (store_care.cpp) ---
std::optional<CareSettings> settings(storage::Tx& tx, const std::string& community_code);
// Inserts (expected 0) or updates the row at version `expected`; false when it changed.
bool save_settings(storage::Tx& tx, const CareSettings& s, std::int64_t expected, std::int64_t by);
std::int64_t insert_assignment(storage::Tx& tx, const Assignment& a, std::int64_t by);
std::optional<Assignment> assignment(storage::Tx& tx, std::int64_t id);
bool active_pair(storage::Tx& tx, std::int64_t household_id, std::int64_t member_id);
// After a visit: last visit, due, interval and class where the version is `expected`.
bool update_visited(storage::Tx& tx, const Assignment& a, std::int64_t expected);
void end_assignment(storage::Tx& tx, std::int64_t id, std::int64_t at, const std::string& reason);
std::vector<Assignment> active_of_member(storage::Tx& tx, std::int64_t member_id);
struct AssignmentFilter {
  std::vector<std::string> within;
  std::optional<std::string> region_path;
  std::optional<std::int64_t> member_id;
  std::optional<std::string> status;
  std::optional<std::int64_t> before_id;
  int limit = 50;
};
std::vector<Assignment> assignments(storage::Tx& tx, const AssignmentFilter& f);
// The active assignments of these members by due date; after: (due_at, id) of the last row seen.
std::vector<Assignment> worklist(storage::Tx& tx, const std::vector<std::int64_t>& members,
                                 const std::optional<std::pair<std::int64_t, std::int64_t>>& after, int limit);
std::int64_t insert_visit(storage::Tx& tx, const CareVisit& v);
std::vector<CareVisit> visits_of(storage::Tx& tx, std::int64_t assignment_id, std::optional<std::int64_t> before_id,
                                 int limit);
// Marks the household visited by the member in the month; true the first time.
bool mark_month(storage::Tx& tx, std::int64_t member_id, std::int64_t household_id, const std::string& month);
void add_rollup(storage::Tx& tx, const std::string& month, const std::string& member_path, std::int64_t member_id,
                std::int64_t visits, std::int64_t persons, std::int64_t households);
void add_due(storage::Tx& tx, const std::string& community_path, std::int64_t due_day, std::int64_t delta);

// --- coverage and figures (store_stats.cpp) ---
struct CarerRow {
  std::int64_t member_id = 0;
  std::string name, post, region_code, region_path;
  std::int64_t in_care = 0, visits = 0, persons = 0, households = 0, overdue = 0;
};
// Carers whose node lies under `path` (in care now or with visits in the month), in
// (node path, id) order after the member `after`.
std::vector<CarerRow> carers(storage::Tx& tx, const std::string& path, const std::string& month,
                             std::optional<std::int64_t> after, int limit, std::int64_t overdue_before);
struct CareTotals {
  std::int64_t in_care = 0, visits = 0, persons = 0, households = 0, overdue = 0;
};
// The carers under `path`: their month from the rollup, in care and overdue now from the
// due-day counters (or, under a grid, from the assignments).
CareTotals care_totals(storage::Tx& tx, const std::string& path, const std::string& month, std::int64_t today_day,
                       std::int64_t overdue_before);
// Active entries under `path`: per post, and per grid (code -> posts held, entries on duty).
std::map<std::string, std::int64_t> posts_under(storage::Tx& tx, const std::string& path);
struct GridTeam {
  std::map<std::string, std::int64_t> by_post;
  std::int64_t on_duty = 0, entries = 0;
};
std::map<std::string, GridTeam> grid_teams(storage::Tx& tx, const std::string& path);

// --- for assessments (store_assessment.cpp; the assessment module's providers) ---
// Per account linked to active entries under `path`: households in their care now (summed
// over its entries) and households visited in each of `months`, summed (the rollup).
struct CareByAccount {
  std::int64_t in_care = 0, visited = 0;
};
std::map<std::int64_t, CareByAccount> care_by_account(storage::Tx& tx, const std::string& path,
                                                      const std::vector<std::string>& months);
// The accounts linked to active entries of `post` under `path`: (account, name, node code),
// one row per account, by account.
std::vector<std::tuple<std::int64_t, std::string, std::string>> post_holders(storage::Tx& tx, const std::string& path,
                                                                             const std::string& post);

}  // namespace wangge::teams::store
