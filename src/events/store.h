// The events module's SQL. Only this module reads or writes the events, event_timeline,
// event_whistles, event_categories, departments and department_members tables.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/storage/database.h"
#include "events/model.h"

namespace wangge::events::store {

// --- events ---
std::optional<Event> get(storage::Tx& tx, std::int64_t id);
std::optional<Event> get_by_tracking(storage::Tx& tx, const std::string& code);
// The writes keep the statistics counters (events/rollup.h) exact in the same transaction;
// `cal` decides the civil day an event counts in.
std::int64_t insert(storage::Tx& tx, const Calendar& cal, const Event& e);  // returns the new id
// Writes every mutable column of e where the stored version is before.version (as read
// by the caller); e.version must already be before.version + 1. False when the row changed
// meanwhile (a lost race).
bool update(storage::Tx& tx, const Calendar& cal, const Event& before, const Event& e);

struct ListFilter {
  std::vector<std::string> scope_paths;      // region_path under any of them ("/" = all); empty = none
  std::vector<std::int64_t> department_ids;  // OR: assigned to one of these departments
  std::optional<std::int64_t> reporter_id;   // OR: reported by this user
  std::vector<std::string> statuses;
  std::optional<std::string> level, category_prefix, source, sla, grid_prefix_path;
  std::optional<bool> overdue, supervised, pending_extension;
  std::vector<std::int64_t> whistled_departments;  // OR: summoned, not yet reported in
  std::vector<std::int64_t> whistled_units;        // OR: co-building units summoned, not yet reported in
  std::optional<std::int64_t> from_ms, to_ms;      // created_at in [from, to)
  std::optional<std::string> text;                 // substring of description or address
  std::vector<std::int64_t> ids;                   // only these events (when not empty)
  std::vector<std::string> category_codes;         // exactly these categories (when not empty)
  std::vector<std::int64_t> assigned_departments;  // AND: assigned to one of these (the query's department=)
  std::optional<std::int64_t> before_id;           // cursor: newest first
  int limit = 50;
};
std::vector<Event> list(storage::Tx& tx, const ListFilter& f);
// The same walk reading only the ids (the index entries): what waits, counted up to a cap
// (GET /my/work).
std::vector<std::int64_t> list_ids(storage::Tx& tx, const ListFilter& f);

// Events whose current stage passed its warning or due time and whose colour is behind:
// sets sla to yellow/red (and ever_overdue) and returns the ids that changed.
std::vector<std::pair<std::int64_t, std::string>> refresh_sla(storage::Tx& tx, const Calendar& cal, std::int64_t now,
                                                              int limit);

// --- grid first (store_grid_first.cpp; migration 0041) ---
struct GridFirstRow {
  bool enabled = false;
  int grid_hours = 4;
  std::int64_t version = 0;
};
std::optional<GridFirstRow> grid_first(storage::Tx& tx, const std::string& community_code);
// Creates (expected 0) or updates the setting at version `expected`; false on a lost race.
bool save_grid_first(storage::Tx& tx, const std::string& community_code, const GridFirstRow& row, std::int64_t expected,
                     std::int64_t by, std::int64_t now);
// What happened to a report held at its grid, counted on the day it was reported.
enum class GridFirstMeasure { received = 0, solved = 1, passed_up = 2, timed_out = 3 };
void count_grid_first(storage::Tx& tx, const std::string& grid_path, std::int64_t day, GridFirstMeasure m);
struct GridFirstFigures {
  std::string grid_path;
  std::int64_t received = 0, solved = 0, passed_up = 0, timed_out = 0;
};
// Per grid under `path`, reports that reached it on the days [from_day, until_day).
std::vector<GridFirstFigures> grid_first_figures(storage::Tx& tx, const std::string& path, std::int64_t from_day,
                                                 std::int64_t until_day);
// Events held at their grid whose deadline passed (oldest first).
std::vector<std::int64_t> held_past(storage::Tx& tx, std::int64_t now, int limit);
// 告知: a reporter without an account was told of the closing at closed_at.
struct Inform {
  std::int64_t event_id = 0, closed_at = 0, informed_at = 0, informed_by = 0;
  std::string informer_name, method, note;
};
bool informed(storage::Tx& tx, std::int64_t event_id, std::int64_t closed_at);
void insert_inform(storage::Tx& tx, const Inform& i);
// Co-building units' whistles over events under `path` summoned in [from, until): per unit
// {summoned, reported in, late (reported after the deadline, or not yet and past it)}.
std::map<std::int64_t, std::array<std::int64_t, 3>> unit_report_ins(storage::Tx& tx, const std::string& path,
                                                                    std::int64_t from, std::int64_t until);
std::vector<Whistle> unit_whistles(storage::Tx& tx, std::int64_t unit_id, int limit);
// The tracking codes of events, by id (one statement).
std::map<std::int64_t, std::string> tracking_codes(storage::Tx& tx, const std::vector<std::int64_t>& ids);

// --- timeline ---
void append(storage::Tx& tx, const TimelineEntry& t);
std::vector<TimelineEntry> timeline(storage::Tx& tx, std::int64_t event_id);

// --- whistles ---
void insert_whistle(storage::Tx& tx, const Whistle& w);
std::vector<Whistle> whistles(storage::Tx& tx, std::int64_t event_id);
// The pending whistle of one of `departments` on the event; nullopt when none.
std::optional<Whistle> pending_whistle(storage::Tx& tx, std::int64_t event_id,
                                       const std::vector<std::int64_t>& departments);
// The pending whistle of one of `units` (co-building units) on the event; nullopt when none.
std::optional<Whistle> pending_unit_whistle(storage::Tx& tx, std::int64_t event_id,
                                            const std::vector<std::int64_t>& units);
void report_in(storage::Tx& tx, std::int64_t whistle_id, std::int64_t at, std::int64_t by, const std::string& response);

// --- extras (e-mail, media link, answers) of events that have them ---
void insert_extras(storage::Tx& tx, std::int64_t event_id, const EventExtras& x);
std::optional<EventExtras> extras(storage::Tx& tx, std::int64_t event_id);
std::map<std::int64_t, EventExtras> extras_of(storage::Tx& tx, const std::vector<std::int64_t>& event_ids);
// Timeline entries of every event with from_ms <= at <= to_ms, oldest first, at most limit.
std::vector<TimelineEntry> timeline_between(storage::Tx& tx, std::int64_t from_ms, std::int64_t to_ms, int limit);

// --- categories ---
std::vector<Category> categories(storage::Tx& tx);
std::optional<Category> category(storage::Tx& tx, const std::string& code);
void upsert_category(storage::Tx& tx, const Category& c, std::int64_t now);
std::int64_t count_categories(storage::Tx& tx);

// --- departments ---
std::vector<Department> departments(storage::Tx& tx, const std::vector<std::string>& scope_paths);
std::optional<Department> department(storage::Tx& tx, std::int64_t id);
// Every department's name by id (one query; for lists that show names).
std::map<std::int64_t, std::string> department_names(storage::Tx& tx);
std::int64_t insert_department(storage::Tx& tx, const Department& d, std::int64_t now);
bool update_department(storage::Tx& tx, const Department& d, std::int64_t expected, std::int64_t now);
void set_members(storage::Tx& tx, std::int64_t department_id, const std::vector<std::int64_t>& users, std::int64_t now);
std::vector<std::int64_t> departments_of_user(storage::Tx& tx, std::int64_t user_id);
// Active departments of `kind` serving the node at `region_code`.
std::vector<Department> departments_of_kind(storage::Tx& tx, const std::string& region_code, const std::string& kind);
std::int64_t count_department_uses(storage::Tx& tx, const std::string& region_code);
// Events and departments anywhere under a path.
std::int64_t count_under(storage::Tx& tx, const std::string& path);

}  // namespace wangge::events::store
