// The registry's SQL, one file per table group under store/ (persons, tags, households,
// places, visits, imports, exports, uses). Only this module reads or writes the buildings,
// households, household_members, persons, person_tags, businesses, visits and
// registry_imports tables.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/storage/database.h"
#include "registry/model.h"

namespace wangge::registry::store {

// --- persons ---
std::int64_t insert_person(storage::Tx& tx, const Person& p);
// Writes the mutable columns where the stored version is `expected`; p.version must be
// expected + 1. False when the row changed meanwhile.
bool update_person(storage::Tx& tx, const Person& p, std::int64_t expected);
std::optional<Person> person(storage::Tx& tx, std::int64_t id);
std::optional<Person> person_by_id_index(storage::Tx& tx, const std::string& index);

struct PersonFilter {
  std::vector<std::string> scope_paths;  // under any of them; "/" = all
  std::optional<std::string> region_path;
  std::optional<std::string> tag;       // carrying it now
  std::optional<std::string> name;      // a name prefix: ordered by name, then id (cursor: after before_id's name)
  std::optional<std::string> contains;  // a substring of the name: a scan of the scope, newest first
  std::optional<std::string> id_index, phone_index;
  std::optional<std::int64_t> household_id;
  std::optional<std::string> residence_type;
  std::optional<std::int64_t> before_id;  // cursor, newest first
  int limit = 50;
};
std::vector<Person> persons(storage::Tx& tx, const PersonFilter& f);

// Current tags (until IS NULL) of these persons, into their `tags`.
void load_tags(storage::Tx& tx, std::vector<Person>& ps);
// Every tag of a person, ended ones too, oldest first.
std::vector<Tag> tag_history(storage::Tx& tx, std::int64_t person_id);
std::int64_t insert_tag(storage::Tx& tx, const Tag& t, std::optional<std::int64_t> by, std::int64_t now);
std::optional<Tag> tag(storage::Tx& tx, std::int64_t id);
void end_tag(storage::Tx& tx, std::int64_t id, const std::string& until);

// --- households and membership ---
std::int64_t insert_household(storage::Tx& tx, const Household& h);
bool update_household(storage::Tx& tx, const Household& h, std::int64_t expected);
// Makes `person_id` the head of a household that has none (a new version); false when it has one.
// Writes only the head, so the address index is left alone.
bool head_if_none(storage::Tx& tx, std::int64_t household_id, std::int64_t person_id, std::int64_t now);
// The household has no head any more when `person_id` was it (they moved out); a new version.
void clear_head_if(storage::Tx& tx, std::int64_t household_id, std::int64_t person_id, std::int64_t now);
std::optional<Household> household(storage::Tx& tx, std::int64_t id);
struct HouseholdFilter {
  std::vector<std::string> scope_paths;  // under any of them; "/" = all
  std::optional<std::string> region_path;
  std::optional<std::int64_t> building_id;
  std::optional<std::string> address;     // a part of the address (trigram index for 3+ characters on wide scopes)
  std::optional<std::string> tag;         // a current member carries it now
  std::optional<std::int64_t> before_id;  // cursor, newest first
  int limit = 50;
};
std::vector<Household> households(storage::Tx& tx, const HouseholdFilter& f);
std::vector<Membership> memberships(storage::Tx& tx, std::int64_t household_id);  // history, oldest first
// Current members per household, for these households (one query).
std::map<std::int64_t, std::int64_t> current_member_counts(storage::Tx& tx, const std::vector<std::int64_t>& ids);
std::optional<Membership> current_membership(storage::Tx& tx, std::int64_t person_id);
std::int64_t insert_membership(storage::Tx& tx, const Membership& m, std::optional<std::int64_t> by, std::int64_t now);
// The relation of a current stay (the head changed).
void set_relation(storage::Tx& tx, std::int64_t membership_id, const std::string& relation);
// The same as insert_membership / insert_tag when the new id is not needed: merged with
// others of the transaction into multi-row INSERTs before it commits (imports).
void add_membership_later(storage::Tx& tx, const Membership& m, std::optional<std::int64_t> by, std::int64_t now);
void add_tag_later(storage::Tx& tx, const Tag& t, std::optional<std::int64_t> by, std::int64_t now);
void close_membership(storage::Tx& tx, std::int64_t id, const std::string& on, const std::string& reason);

// --- buildings and businesses ---
std::int64_t insert_building(storage::Tx& tx, const Building& b, std::int64_t now);
std::optional<Building> building(storage::Tx& tx, std::int64_t id);
// Households in each of these buildings (ids without any are left out).
std::map<std::int64_t, std::int64_t> household_counts(storage::Tx& tx, const std::vector<std::int64_t>& building_ids);
std::vector<Building> buildings(storage::Tx& tx, const std::vector<std::string>& scope_paths,
                                const std::optional<std::string>& region_path, int limit);
// Buildings whose point lies in the box, nearest its centre first, at most limit (id, name,
// lat, lng filled; the maps draw them).
std::vector<Building> buildings_near(storage::Tx& tx, double min_lng, double min_lat, double max_lng, double max_lat,
                                     int limit);
// Buildings named `name` at or under `path` (an import's way of finding one).
std::vector<Building> buildings_named(storage::Tx& tx, const std::string& path, const std::string& name);
bool update_building(storage::Tx& tx, const Building& b, std::int64_t expected, std::int64_t now);
std::int64_t insert_business(storage::Tx& tx, const Business& b, std::int64_t now);
std::optional<Business> business_by_licence(storage::Tx& tx, const std::string& licence_no);
// A business without a credit code, by its place and name.
std::optional<Business> business_named(storage::Tx& tx, const std::string& region_code, const std::string& name);
bool update_business(storage::Tx& tx, const Business& b, std::int64_t expected, std::int64_t now);
std::vector<Business> businesses(storage::Tx& tx, const std::vector<std::string>& scope_paths,
                                 const std::optional<std::string>& region_path, int limit);

// --- visits ---
std::int64_t insert_visit(storage::Tx& tx, const Visit& v);
bool update_visit(storage::Tx& tx, const Visit& v, std::int64_t expected);
std::optional<Visit> visit(storage::Tx& tx, std::int64_t id);
// A period of the visits list, on the visit's date: when it was done (visited_at), or, for
// a visit not done (planned, cancelled), the day it was planned for. Both bounds are the
// same days [from, to), as instants and as YYYY-MM-DD; unset: open.
struct VisitPeriod {
  std::optional<std::int64_t> from_ms, to_ms;
  std::optional<std::string> from_day, to_day;
};
std::vector<Visit> visits(storage::Tx& tx, const std::vector<std::string>& scope_paths,
                          const std::optional<std::int64_t>& household_id,
                          const std::optional<std::string>& region_path, const std::optional<std::string>& status,
                          const VisitPeriod& period, const std::optional<std::int64_t>& before_id, int limit);
// Records a done visit on its household (the latest one wins).
void mark_visited(storage::Tx& tx, std::int64_t household_id, std::int64_t at);
// Households in scope not visited since `cutoff_ms` (or never), least recently visited
// first; `after` is the (last visit or 0, id) of the previous page's last row.
struct Unvisited {
  Household household;
  std::optional<std::int64_t> last_visited_at;
};
std::vector<Unvisited> unvisited(storage::Tx& tx, const std::vector<std::string>& scope_paths,
                                 const std::optional<std::string>& region_path, std::int64_t cutoff_ms,
                                 const std::optional<std::pair<std::int64_t, std::int64_t>>& after, int limit);
// Per grid (the first 15 digits of the place) under `path`: households, and households with
// a done visit in [from, to).
std::map<std::string, std::pair<std::int64_t, std::int64_t>> visit_coverage(storage::Tx& tx, const std::string& path,
                                                                            std::int64_t from, std::int64_t to);
// Per visitor (account) under `path`: done visits in [from, to) (户次) and the distinct
// households among them (store/assessment.cpp: what an assessment weighs per worker).
std::map<std::int64_t, std::pair<std::int64_t, std::int64_t>> visits_by_visitor(storage::Tx& tx,
                                                                                const std::string& path,
                                                                                std::int64_t from, std::int64_t to);

// The household at a place, address and room (an import's way of finding it).
std::optional<std::int64_t> household_at(storage::Tx& tx, const std::string& region_code, const std::string& address,
                                         const std::string& room);

// --- imports ---
struct ImportJob {
  std::int64_t id = 0;
  std::string kind = "persons", status = "queued";
  bool dry_run = false;
  std::string filename, encoding, file_path;
  std::int64_t rows_total = 0, rows_done = 0, inserted = 0, updated = 0, unchanged = 0, error_count = 0;
  std::string errors = "[]", message;
  std::optional<std::int64_t> created_by;
  std::string scope = "[]";
  std::int64_t created_at = 0;
  std::optional<std::int64_t> finished_at;
};
std::int64_t insert_import(storage::Tx& tx, const ImportJob& j);
std::optional<ImportJob> import_job(storage::Tx& tx, std::int64_t id);
std::vector<ImportJob> imports(storage::Tx& tx, std::optional<std::int64_t> created_by, int limit);
std::optional<std::int64_t> next_import(storage::Tx& tx);  // the oldest job not finished
void set_import_status(storage::Tx& tx, std::int64_t id, const std::string& status);
void set_import_check(storage::Tx& tx, std::int64_t id, std::int64_t rows, std::int64_t error_count,
                      const std::string& errors, std::int64_t inserted, std::int64_t updated, std::int64_t unchanged);
void set_import_progress(storage::Tx& tx, std::int64_t id, std::int64_t done, std::int64_t inserted,
                         std::int64_t updated, std::int64_t unchanged);
void finish_import(storage::Tx& tx, std::int64_t id, const std::string& status, const std::string& message);
// Rows refused while applying (a matched record left the importer's scope meanwhile).
void add_import_errors(storage::Tx& tx, std::int64_t id, std::int64_t more, const std::string& errors);
// Every job with its status and file (the start-up sweep of the import directory).
std::vector<ImportJob> import_files(storage::Tx& tx);
// Where the records an import matches by natural key live now: blind index of an ID
// number -> the person's region path; credit code -> the business's region path.
std::map<std::string, std::string> person_paths(storage::Tx& tx, const std::vector<std::string>& id_indexes);
std::map<std::string, std::string> business_paths(storage::Tx& tx, const std::vector<std::string>& licences);

// --- exports: pages of a ledger under one path, in (region_path, id) order ---
struct PathCursor {
  std::string region_path;  // the last row's; "" before the first page
  std::int64_t id = 0;
};
struct PersonRow {
  Person person;                                                   // current tags loaded
  std::string address, room, housing_type, relation, moved_in_on;  // the current household's, if any
};
std::vector<PersonRow> export_persons(storage::Tx& tx, const std::string& path, const PathCursor& after, int limit);
// The same rows for these persons (a filtered export: the list's filter picked them), in
// the order of `ids`.
std::vector<PersonRow> export_persons_by_id(storage::Tx& tx, const std::vector<std::int64_t>& ids);
struct HouseholdRow {
  Household household;
  std::string building;
  std::string head, head_path, landlord, landlord_path;  // names, and their paths for the reader's scope
  std::int64_t members = 0;
  std::optional<std::int64_t> last_visited_at;
};
std::vector<HouseholdRow> export_households(storage::Tx& tx, const std::string& path, const PathCursor& after,
                                            int limit);
struct BuildingRow {
  Building building;
  std::int64_t households = 0;
};
std::vector<BuildingRow> export_buildings(storage::Tx& tx, const std::string& path, const PathCursor& after, int limit);
struct BusinessRow {
  Business business;
  std::string building, owner, owner_path;
};
std::vector<BusinessRow> export_businesses(storage::Tx& tx, const std::string& path, const PathCursor& after,
                                           int limit);
struct VisitRow {
  Visit visit;
  std::string address, room;
};
std::vector<VisitRow> export_visits(storage::Tx& tx, const std::string& path, const PathCursor& after, int limit);

// Rows of the registry on a territory node (the guard on deleting it).
std::int64_t count_uses(storage::Tx& tx, const std::string& region_code);
// Buildings, households, persons, businesses and visits anywhere under a path.
std::int64_t count_under(storage::Tx& tx, const std::string& path);

// --- accounts linked to persons (store/links.cpp) ---
// False when the person or the account is linked already.
bool link_account(storage::Tx& tx, std::int64_t person_id, std::int64_t user_id, const std::string& method,
                  std::optional<std::int64_t> by, std::int64_t at);
bool unlink_account(storage::Tx& tx, std::int64_t person_id);
std::optional<std::int64_t> account_of_person(storage::Tx& tx, std::int64_t person_id);
std::optional<std::int64_t> person_of_account(storage::Tx& tx, std::int64_t user_id);
std::int64_t claim_failures(storage::Tx& tx, std::int64_t user_id, std::int64_t since);
void add_claim_failure(storage::Tx& tx, std::int64_t user_id, std::int64_t at);
// An electorate under a node: kind "person" (adults born on or before born_by, living in a
// household there) or "household" (households someone lives in); (id, name), by id.
std::vector<std::pair<std::int64_t, std::string>> electorate(storage::Tx& tx, const std::string& kind,
                                                             const std::string& path, const std::string& born_by);

}  // namespace wangge::registry::store
