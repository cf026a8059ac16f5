// The volunteers module's SQL. Only this module reads or writes the volunteer_* tables.
//
// Locking: a sign-up, a withdrawal and a certification change the activity's counters with
// one guarded UPDATE first, which holds the activity's row for the rest of the transaction
// (PostgreSQL), so places are never given twice; SQLite runs one writer at a time.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/storage/database.h"
#include "volunteers/model.h"

namespace wangge::volunteers::store {

// Shared by the module's SQL files: skills as JSON text and back; "(column within any of
// `within`, or on the line of a node of `line`: the node or one of its ancestors)".
std::string skills_text(const std::vector<std::string>& skills);
std::vector<std::string> skills_of(const std::string& text);
inline storage::Value opt_id(const std::optional<std::int64_t>& v) {
  return v ? storage::Value(*v) : storage::Value(nullptr);
}
void where_reaches(const std::vector<std::string>& within, const std::vector<std::string>& line,
                   const std::string& column, std::string& sql, std::vector<storage::Value>& p);

// --- stations ---
std::int64_t insert_station(storage::Tx& tx, const Station& s);
bool update_station(storage::Tx& tx, const Station& s, std::int64_t expected_version);
std::optional<Station> station(storage::Tx& tx, std::int64_t id);
// Stations within `within` or on the nodes holding `line` (a resident's community station).
std::vector<Station> stations(storage::Tx& tx, const std::vector<std::string>& within,
                              const std::vector<std::string>& line, int limit);

// --- volunteers ---
std::int64_t insert_volunteer(storage::Tx& tx, const Volunteer& v);
bool update_volunteer(storage::Tx& tx, const Volunteer& v, std::int64_t expected_version);
std::optional<Volunteer> volunteer(storage::Tx& tx, std::int64_t id);
std::optional<Volunteer> volunteer_of_person(storage::Tx& tx, std::int64_t person_id);
std::optional<Volunteer> volunteer_of_user(storage::Tx& tx, std::int64_t user_id);
std::vector<Volunteer> volunteers(storage::Tx& tx, const std::vector<std::string>& scope,
                                  const std::optional<std::string>& q, std::optional<std::int64_t> before_id,
                                  int limit);
void add_minutes(storage::Tx& tx, std::int64_t volunteer_id, std::int64_t minutes);

// --- teams and memberships ---
std::int64_t insert_team(storage::Tx& tx, const Team& t);
bool update_team(storage::Tx& tx, const Team& t, std::int64_t expected_version);
std::optional<Team> team(storage::Tx& tx, std::int64_t id);
std::vector<Team> teams(storage::Tx& tx, const std::vector<std::string>& within, const std::vector<std::string>& line,
                        std::optional<std::int64_t> station_id, int limit);
std::optional<Membership> current_membership(storage::Tx& tx, std::int64_t team_id, std::int64_t volunteer_id);
std::int64_t insert_membership(storage::Tx& tx, const Membership& m);
void end_membership(storage::Tx& tx, std::int64_t id, std::int64_t at, const std::string& reason);
// A team's stays, current first then ended, or a volunteer's.
std::vector<Membership> memberships_of_team(storage::Tx& tx, std::int64_t team_id);
std::vector<Membership> memberships_of_volunteer(storage::Tx& tx, std::int64_t volunteer_id);

// --- activities (store_activities.cpp) ---
std::int64_t insert_activity(storage::Tx& tx, const Activity& a);
std::optional<Activity> activity(storage::Tx& tx, std::int64_t id);
struct ActivityFilter {
  std::vector<std::string> within, line;  // as stations()
  std::optional<std::int64_t> from, to;   // starting in [from, to)
  std::optional<std::int64_t> organiser_id;
  std::optional<std::int64_t> volunteer_id;  // signed up (not cancelled)
  std::optional<std::string> status;
  int limit = 200;
};
std::vector<Activity> activities(storage::Tx& tx, const ActivityFilter& f);
// Takes a place (signed + 1) if one is free and sign-up is open; false otherwise.
bool take_place(storage::Tx& tx, std::int64_t activity_id, std::int64_t now);
void add_waiting(storage::Tx& tx, std::int64_t activity_id, std::int64_t delta);
void release_place(storage::Tx& tx, std::int64_t activity_id);
bool set_activity_status(storage::Tx& tx, std::int64_t id, const std::string& from, const std::string& to,
                         std::int64_t now);
void add_activity_minutes(storage::Tx& tx, std::int64_t id, std::int64_t minutes, std::int64_t participants);

std::optional<Signup> signup(storage::Tx& tx, std::int64_t id);
std::optional<Signup> signup_of(storage::Tx& tx, std::int64_t activity_id, std::int64_t volunteer_id);
// A volunteer's sign-ups to these activities, by activity (a page's, in one statement).
std::map<std::int64_t, Signup> signups_of(storage::Tx& tx, std::int64_t volunteer_id,
                                          const std::vector<Activity>& activities);
std::int64_t insert_signup(storage::Tx& tx, const Signup& s);
bool update_signup(storage::Tx& tx, const Signup& s, std::int64_t expected_version);
// The activity's sign-ups in order (signed first, then the waiting list by time).
std::vector<Signup> signups(storage::Tx& tx, std::int64_t activity_id);
std::optional<Signup> first_waiting(storage::Tx& tx, std::int64_t activity_id);
void insert_hour_record(storage::Tx& tx, const HourRecord& r);
std::vector<HourRecord> hour_records(storage::Tx& tx, std::int64_t signup_id);

// --- figures (store_activities.cpp) ---
struct Figures {
  std::int64_t volunteers = 0, teams = 0, stations = 0;
  std::int64_t activities = 0, participants = 0, person_times = 0, minutes = 0;
};
// Volunteers, teams and stations under path now; activities certified in [from, to) there.
Figures figures(storage::Tx& tx, const std::string& path, std::int64_t from, std::int64_t to);
struct TopVolunteer {
  std::int64_t volunteer_id = 0;
  std::string name;
  std::int64_t minutes = 0, activities = 0;
};
std::vector<TopVolunteer> top_volunteers(storage::Tx& tx, const std::string& path, std::int64_t from, std::int64_t to,
                                         int limit);
// Participations certified in [from, to) under path: (activity, signup, volunteer name).
struct Served {
  Activity activity;
  Signup signup;
};
std::vector<Served> served(storage::Tx& tx, const std::string& path, std::int64_t from, std::int64_t to,
                           std::optional<std::int64_t> after_signup, int limit);

std::int64_t count_uses(storage::Tx& tx, const std::string& region_code);
std::int64_t count_under(storage::Tx& tx, const std::string& path);

// Per account linked to a volunteer: certified minutes of their sign-ups for the certified
// activities under `path` that started in [from, to) (store_assessment.cpp: what an
// assessment counts as volunteer hours).
std::map<std::int64_t, std::int64_t> minutes_by_account(storage::Tx& tx, const std::string& path, std::int64_t from,
                                                        std::int64_t to);

}  // namespace wangge::volunteers::store
