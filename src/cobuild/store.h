// The cobuild module's SQL. Only this module reads or writes cobuild_units,
// cobuild_unit_log, cobuild_contacts, cobuild_resources, cobuild_needs, cobuild_projects,
// cobuild_project_units and cobuild_project_updates.
//
// Locking: a change to a unit, resource, need or project updates its row guarded by its
// version first, so two people acting on one record at once get one 2xx and one 409; the
// partial unique indexes (an active unit's name and credit code at its node, a contact's
// account and phone within a unit, a need's source) decide races the checks before them
// cannot see.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cobuild/model.h"
#include "core/storage/database.h"

namespace wangge::cobuild::store {

inline storage::Value opt_int(const std::optional<std::int64_t>& v) {
  return v ? storage::Value(*v) : storage::Value(nullptr);
}
inline storage::Value opt_text(const std::optional<std::string>& v) {
  return v ? storage::Value(*v) : storage::Value(nullptr);
}
inline storage::Value opt_blob(const std::optional<std::string>& v) {
  return v ? storage::Value(storage::Blob{*v}) : storage::Value(nullptr);
}

// Where a list looks: rows within `within` or on the line of a node of `line` (what the
// caller reaches), and under `under` when set; newest first, before `before_id`.
struct Where {
  std::vector<std::string> within, line;
  std::optional<std::string> under;
  std::optional<std::int64_t> before_id;
  int limit = 50;
};

// --- units, their log and contacts (store.cpp) ---
std::int64_t insert_unit(storage::Tx& tx, const Unit& u);
bool update_unit(storage::Tx& tx, const Unit& u, std::int64_t expected_version);
std::optional<Unit> unit(storage::Tx& tx, std::int64_t id);
// The active unit of that name (or credit code) at the node, if any.
std::optional<std::int64_t> active_unit_named(storage::Tx& tx, const std::string& region_code, const std::string& name);
std::optional<std::int64_t> active_unit_with_code(storage::Tx& tx, const std::string& region_code,
                                                  const std::string& credit_code);
struct UnitFilter {
  Where where;
  std::optional<std::string> kind, status, q;
  std::optional<bool> alliance;
  std::optional<std::int64_t> contact_user;  // units whose active contacts include this account
};
std::vector<Unit> units(storage::Tx& tx, const UnitFilter& f);
// Active units whose node is on the line of `path` (the node itself or an ancestor).
std::vector<Unit> units_on_line(storage::Tx& tx, const std::string& path);
std::map<std::int64_t, std::string> unit_names(storage::Tx& tx, const std::vector<std::int64_t>& ids);
void append_log(storage::Tx& tx, const LogEntry& e);
std::vector<LogEntry> log_of(storage::Tx& tx, std::int64_t unit_id, int limit);

std::int64_t insert_contact(storage::Tx& tx, const Contact& c);
std::optional<Contact> contact(storage::Tx& tx, std::int64_t id);
std::vector<Contact> contacts(storage::Tx& tx, std::int64_t unit_id, bool all);
// The active contacts of several units (a page of the ledger), in one statement.
std::map<std::int64_t, std::vector<Contact>> active_contacts(storage::Tx& tx,
                                                             const std::vector<std::int64_t>& unit_ids);
// An active contact of the unit with this account, or this phone (its blind index).
bool contact_with_user(storage::Tx& tx, std::int64_t unit_id, std::int64_t user_id);
bool contact_with_phone(storage::Tx& tx, std::int64_t unit_id, const std::string& phone_index);
bool remove_contact(storage::Tx& tx, std::int64_t id, std::int64_t at, const std::string& reason);
// The active units whose active contacts include the account.
std::vector<std::int64_t> units_of_user(storage::Tx& tx, std::int64_t user_id);
// The accounts of the units' active contacts, by unit.
std::map<std::int64_t, std::vector<std::int64_t>> contact_users(storage::Tx& tx, const std::vector<std::int64_t>& ids);

// --- resources and needs (store_lists.cpp) ---
std::int64_t insert_resource(storage::Tx& tx, const Resource& r);
bool update_resource(storage::Tx& tx, const Resource& r, std::int64_t expected_version);
std::optional<Resource> resource(storage::Tx& tx, std::int64_t id);
struct ResourceFilter {
  Where where;
  std::optional<std::string> kind, q;
  std::optional<bool> available;
  std::optional<std::int64_t> unit_id;
};
std::vector<Resource> resources(storage::Tx& tx, const ResourceFilter& f);

std::int64_t insert_need(storage::Tx& tx, const Need& n);
bool update_need(storage::Tx& tx, const Need& n, std::int64_t expected_version);
std::optional<Need> need(storage::Tx& tx, std::int64_t id);
std::optional<std::int64_t> need_of_source(storage::Tx& tx, const std::string& source, std::int64_t source_id);
struct NeedFilter {
  Where where;
  std::optional<std::string> status, source;
  std::optional<std::int64_t> project_id, resource_id, created_from, created_to;
};
std::vector<Need> needs(storage::Tx& tx, const NeedFilter& f);
// The needs matched to the project, met as it is finished; answers how many.
std::int64_t meet_needs_of_project(storage::Tx& tx, std::int64_t project_id, std::int64_t at, const std::string& note);

// --- projects (store_projects.cpp) ---
std::int64_t insert_project(storage::Tx& tx, const Project& p);
bool update_project(storage::Tx& tx, const Project& p, std::int64_t expected_version);
// Progress (and spent, when given) from an update, whatever the version; bumps it.
void record_progress(storage::Tx& tx, std::int64_t id, int progress, std::optional<std::int64_t> spent_cents,
                     std::int64_t at);
std::optional<Project> project(storage::Tx& tx, std::int64_t id);
struct ProjectFilter {
  Where where;
  std::optional<std::string> status;
  std::optional<std::int64_t> unit_id, created_from, created_to;
};
std::vector<Project> projects(storage::Tx& tx, const ProjectFilter& f);
void insert_participant(storage::Tx& tx, const Participant& p);
bool is_participant(storage::Tx& tx, std::int64_t project_id, std::int64_t unit_id);
// The projects a unit takes part in (with its role), newest first.
std::vector<std::pair<Project, std::string>> projects_of_unit(storage::Tx& tx, std::int64_t unit_id, int limit);
std::int64_t insert_update(storage::Tx& tx, const ProjectUpdate& u);
std::vector<ProjectUpdate> updates(storage::Tx& tx, std::int64_t project_id, int limit);

// --- figures and the territory's checks (store_stats.cpp) ---
struct Figures {
  std::int64_t units = 0, alliance = 0, units_left = 0;
  std::map<std::string, std::int64_t> units_by_kind;
  std::int64_t resources = 0, resources_available = 0;
  std::map<std::string, std::int64_t> resources_by_kind;
  std::map<std::string, std::int64_t> needs_by_status, needs_by_source;
  std::map<std::string, std::int64_t> projects_by_status;
  std::int64_t budget_cents = 0, spent_cents = 0;
};
// Units and resources as they are now under `path`; needs and projects created in
// [from, to); units that left on a day in [from_day, to_day].
Figures figures(storage::Tx& tx, const std::string& path, std::int64_t from, std::int64_t to,
                const std::string& from_day, const std::string& to_day);
std::int64_t count_uses(storage::Tx& tx, const std::string& code);
std::int64_t count_under(storage::Tx& tx, const std::string& path);

}  // namespace wangge::cobuild::store
