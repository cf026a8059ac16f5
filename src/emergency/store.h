// The emergency module's SQL. Only this module reads or writes the emergency_* tables.
//
// Locking: a step updates its record's row first, guarded by its version (or, for a stock,
// by its quantity: an issue takes only what is there), which holds the row for the rest of
// the transaction on PostgreSQL; attendance and recipients are keyed rows inserted once
// (ON CONFLICT DO NOTHING), so a member counts once however often they check in.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/storage/database.h"
#include "emergency/model.h"

namespace wangge::emergency::store {

// Records within `within` or on the line of a node of `line`, optionally under `under`.
struct Reach {
  std::vector<std::string> within, line;
  std::optional<std::string> under;
};

// --- plans and teams (store.cpp) ---
std::int64_t insert_plan(storage::Tx& tx, const Plan& p);
bool update_plan(storage::Tx& tx, const Plan& p, std::int64_t expected_version);
std::optional<Plan> plan(storage::Tx& tx, std::int64_t id);
// Retires the active plan of the node and hazard, if any but `except`; answers its id.
std::optional<std::int64_t> retire_active(storage::Tx& tx, const std::string& region_code, const std::string& hazard,
                                          std::int64_t except, std::int64_t at);
struct PlanFilter {
  Reach reach;
  std::vector<std::string> statuses;  // empty: any
  std::optional<std::string> hazard;
  std::optional<std::int64_t> before_id;
  int limit = 50;
};
std::vector<Plan> plans(storage::Tx& tx, const PlanFilter& f);

std::int64_t insert_team(storage::Tx& tx, const Team& t);
bool update_team(storage::Tx& tx, const Team& t, std::int64_t expected_version);
std::optional<Team> team(storage::Tx& tx, std::int64_t id);
std::optional<Team> team_named(storage::Tx& tx, const std::string& region_code, const std::string& name);
struct TeamFilter {
  Reach reach;
  std::optional<std::string> kind;
  bool active_only = false;
  std::optional<std::int64_t> before_id;
  int limit = 50;
};
std::vector<Team> teams(storage::Tx& tx, const TeamFilter& f);
std::vector<Team> teams_by_ids(storage::Tx& tx, const std::vector<std::int64_t>& ids);

std::int64_t insert_member(storage::Tx& tx, const Member& m);
std::optional<Member> member(storage::Tx& tx, std::int64_t id);
bool end_member(storage::Tx& tx, std::int64_t id, const std::string& until, std::int64_t at, const std::string& reason);
// A team's current members (leader first), or every stay when `all`.
std::vector<Member> members(storage::Tx& tx, std::int64_t team_id, bool all);
// The current stay on the team of an account, of a phone (its blind index), of a leader.
std::optional<Member> current_by_user(storage::Tx& tx, std::int64_t team_id, std::int64_t user_id);
std::optional<Member> current_by_phone(storage::Tx& tx, std::int64_t team_id, const std::string& phone_index);
std::optional<Member> current_leader(storage::Tx& tx, std::int64_t team_id);

// --- patrols, drills and attendance (store_activities.cpp) ---
std::int64_t insert_activity(storage::Tx& tx, const Activity& a);
bool update_activity(storage::Tx& tx, const Activity& a, std::int64_t expected_version);
std::optional<Activity> activity(storage::Tx& tx, std::int64_t id);
struct ActivityFilter {
  Reach reach;
  std::optional<std::int64_t> member_user;  // or those calling a team the account is a current member of
  bool only_member = false;                 // only those
  std::optional<std::string> kind;
  std::vector<std::string> statuses;
  std::optional<std::int64_t> starts_from, starts_to;  // [from, to)
  std::optional<std::int64_t> before_id;
  int limit = 50;
};
std::vector<Activity> activities(storage::Tx& tx, const ActivityFilter& f);
// Whether the account is a current member of a team the activity calls.
bool calls_member(storage::Tx& tx, std::int64_t activity_id, std::int64_t user_id);
// The members of the called teams on `day` (since <= day < until), and any who attended.
std::vector<RosterEntry> roster(storage::Tx& tx, std::int64_t activity_id, const std::string& day);
// False when the member had attended already.
bool insert_attendance(storage::Tx& tx, std::int64_t activity_id, std::int64_t member_id,
                       std::optional<std::int64_t> arrived_at, const std::string& via,
                       std::optional<std::int64_t> marked_by, std::int64_t at);
// The account's attendance on the activity: when it arrived (any of its stays), if it did.
std::optional<std::optional<std::int64_t>> attended_by(storage::Tx& tx, std::int64_t activity_id, std::int64_t user_id);

// --- supplies (store_supplies.cpp) ---
std::int64_t insert_supply(storage::Tx& tx, const Supply& s);
bool update_supply(storage::Tx& tx, const Supply& s, std::int64_t expected_version);
std::optional<Supply> supply(storage::Tx& tx, std::int64_t id);
std::optional<Supply> supply_named(storage::Tx& tx, const std::string& region_code, const std::string& name,
                                   const std::string& location);
struct SupplyFilter {
  Reach reach;
  std::optional<std::string> category;
  std::optional<std::string> flag;  // expired, expiring, below_minimum
  std::string today, soon;          // the flags' days
  std::optional<std::int64_t> before_id;
  int limit = 50;
};
std::vector<Supply> supplies(storage::Tx& tx, const SupplyFilter& f);
// Adds `delta` to the stock unless it would fall below zero; the new balance, or nullopt.
std::optional<std::int64_t> move(storage::Tx& tx, std::int64_t id, std::int64_t delta, std::int64_t at);
void insert_movement(storage::Tx& tx, const Movement& m);
std::vector<Movement> movements(storage::Tx& tx, std::int64_t supply_id, int limit);

// --- alerts (store_alerts.cpp) ---
std::int64_t insert_alert(storage::Tx& tx, const Alert& a);
std::optional<Alert> alert(storage::Tx& tx, std::int64_t id);
struct AlertFilter {
  Reach reach;
  std::optional<std::int64_t> recipient;  // or those the account received
  bool only_received = false;
  std::optional<std::string> status;
  std::optional<std::int64_t> before_id;
  int limit = 50;
};
std::vector<Alert> alerts(storage::Tx& tx, const AlertFilter& f);
// The current members with accounts of the teams: (user, name on the roster, team), one
// per account (its first stay).
std::vector<Recipient> members_with_accounts(storage::Tx& tx, const std::vector<std::int64_t>& team_ids);
void insert_recipients(storage::Tx& tx, std::int64_t alert_id, const std::vector<Recipient>& rs);
std::vector<Recipient> recipients(storage::Tx& tx, std::int64_t alert_id);
std::optional<Recipient> recipient(storage::Tx& tx, std::int64_t alert_id, std::int64_t user_id);
// Records a response (a change of the recipient's status, guarded); counts the alert's
// responders at the first. False when the status is the same.
bool record_response(storage::Tx& tx, const Recipient& before, const std::string& response, const std::string& note,
                     std::int64_t at);
std::vector<Response> responses(storage::Tx& tx, std::int64_t alert_id);
bool close_alert(storage::Tx& tx, std::int64_t id, std::int64_t at, const std::string& note);

// --- figures (store_stats.cpp) ---
struct Figures {
  std::map<std::string, std::int64_t> plans_by_hazard, teams_by_kind, alerts_by_level;
  std::vector<std::string> plan_paths;  // of the active plans at the node or under it
  std::int64_t members = 0, members_with_account = 0;
  struct Held {
    std::string kind, region_path;
    std::int64_t starts_at = 0, expected = 0, attended = 0;
    std::optional<std::int64_t> assembly_minutes;
  };
  std::vector<Held> held;
  std::int64_t supplies = 0, expired = 0, expiring = 0, below_minimum = 0;
  std::int64_t recipients = 0, responded = 0;
  std::vector<std::int64_t> response_ms;  // first responses, after the alert was sent
};
Figures figures(storage::Tx& tx, const std::string& path, std::int64_t from, std::int64_t to, const std::string& today,
                const std::string& soon);
std::int64_t count_uses(storage::Tx& tx, const std::string& code);
std::int64_t count_under(storage::Tx& tx, const std::string& path);

// Per linked account: the held patrols and drills under `path` that started in [from, to)
// at which a team entry of theirs was marked present (store_assessment.cpp: what an
// assessment counts as training attended).
std::map<std::int64_t, std::int64_t> attended_by_account(storage::Tx& tx, const std::string& path, std::int64_t from,
                                                         std::int64_t to);

}  // namespace wangge::emergency::store
