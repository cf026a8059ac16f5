// The services module's SQL. Only this module reads or writes the service_items,
// service_admissions, service_orders and service_timeline tables.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/storage/database.h"
#include "services/model.h"

namespace wangge::services::store {

// --- items ---
std::int64_t insert_item(storage::Tx& tx, const Item& it);
bool update_item(storage::Tx& tx, const Item& it, std::int64_t expected_version);
std::optional<Item> item(storage::Tx& tx, std::int64_t id);
struct ItemFilter {
  std::string town_path;  // the town whose catalogue it is
  std::optional<std::string> level, kind, q;
  std::optional<bool> active, orderable;
  std::optional<std::int64_t> before_id;
  int limit = 50;
};
std::vector<Item> items(storage::Tx& tx, const ItemFilter& f);
// The active items admitted (approved) to a community's list, newest first.
std::vector<Item> community_items(storage::Tx& tx, const std::string& community_code);

// --- admissions ---
std::optional<Admission> admission(storage::Tx& tx, std::int64_t id);
std::optional<Admission> admission_of(storage::Tx& tx, std::int64_t item_id, const std::string& community_code);
std::int64_t insert_admission(storage::Tx& tx, const Admission& a);
bool update_admission(storage::Tx& tx, const Admission& a, std::int64_t expected_version);
struct AdmissionFilter {
  std::vector<std::string> scope_paths;  // communities within these
  std::optional<std::string> community_code, status;
  std::optional<std::int64_t> item_id, before_id;
  int limit = 50;
};
std::vector<Admission> admissions(storage::Tx& tx, const AdmissionFilter& f);

// --- orders ---
std::int64_t insert_order(storage::Tx& tx, const Order& o);
// Stores o if its row is still at `expected_version`; false when it moved meanwhile.
bool update_order(storage::Tx& tx, const Order& o, std::int64_t expected_version);
std::optional<Order> order(storage::Tx& tx, std::int64_t id);
struct OrderFilter {
  std::vector<std::string> scope_paths;  // by region_path; empty with no other owner: none
  std::optional<std::string> region_path;
  std::vector<std::string> statuses;  // any of
  std::optional<std::int64_t> taker_id, requester_id;
  bool overdue_at_now = false;  // open and past due
  std::int64_t now = 0;
  std::optional<std::int64_t> before_id;
  int limit = 50;
};
std::vector<Order> orders(storage::Tx& tx, const OrderFilter& f);

// --- cases (store_cases.cpp) ---
std::int64_t insert_case(storage::Tx& tx, const Case& c);
bool update_case(storage::Tx& tx, const Case& c, std::int64_t expected_version);
std::optional<Case> find_case(storage::Tx& tx, std::int64_t id);
// The hard case whose departments are whistled on this event.
std::optional<Case> case_of_event(storage::Tx& tx, std::int64_t event_id);
struct CaseFilter {
  std::vector<std::string> scope_paths;
  std::optional<std::int64_t> coordinator_id;  // instead of the scope
  std::optional<std::string> region_path, desk;
  std::vector<std::string> statuses;
  bool overdue_at_now = false;
  std::int64_t now = 0;
  std::optional<std::int64_t> from, to;  // created in [from, to)
  std::optional<std::int64_t> before_id;
  int limit = 50;
};
std::vector<Case> cases(storage::Tx& tx, const CaseFilter& f);

// --- wishes (store_cases.cpp) ---
std::int64_t insert_wish(storage::Tx& tx, const Wish& w);
bool update_wish(storage::Tx& tx, const Wish& w, std::int64_t expected_version);
std::optional<Wish> wish(storage::Tx& tx, std::int64_t id);
struct WishFilter {
  std::vector<std::string> scope_paths;             // by region_path (where the wisher lives)
  std::optional<std::int64_t> wisher_or_collector;  // mine: posted or collected by me
  std::optional<std::int64_t> claimer_id;           // claimed by me
  std::optional<std::string> wall_path;             // the wall of a place (published)
  std::optional<std::string> region_path;
  std::vector<std::string> statuses;
  std::optional<std::int64_t> from, to;
  std::optional<std::int64_t> before_id;
  int limit = 50;
};
std::vector<Wish> wishes(storage::Tx& tx, const WishFilter& f);
// Claimed wishes whose claim ran out before `now` (they return to published).
std::vector<std::int64_t> lapsed_claims(storage::Tx& tx, std::int64_t now, int limit);

// --- statistics (store_stats.cpp) ---
struct StatsScope {
  std::string path;               // a subtree
  std::int64_t from = 0, to = 0;  // created in [from, to)
};
// COUNT(*) of `table` rows in the subtree (and the period) grouped by `key`, largest first;
// `extra`: " AND ..." (no parameters).
std::vector<std::pair<std::string, std::int64_t>> grouped(storage::Tx& tx, const std::string& table,
                                                          const std::string& key, const std::string& path_column,
                                                          const StatsScope& s, bool in_period,
                                                          const std::string& extra = "");
// The median of `expr` over the rows in the subtree and period that satisfy `extra`.
std::optional<std::int64_t> median(storage::Tx& tx, const std::string& table, const std::string& expr,
                                   const std::string& path_column, const StatsScope& s, const std::string& extra);
// Per key (an item, a taker): rows, rated rows, rated 3 or more (基本满意 and above).
struct RatedRow {
  std::int64_t key = 0;
  std::string name;
  std::int64_t rows = 0, rated = 0, satisfied = 0;
};
std::vector<RatedRow> ratings(storage::Tx& tx, const std::string& table, const std::string& key,
                              const std::string& name, const std::string& path_column, const StatsScope& s);
// Per community under path: items approved on its list and those it can handle now.
struct CoverageRow {
  std::string community_code;
  std::int64_t approved = 0, ready = 0;
};
std::vector<CoverageRow> coverage(storage::Tx& tx, const std::string& path);

// --- timeline ---
void append(storage::Tx& tx, const TimelineEntry& e);
std::vector<TimelineEntry> timeline(storage::Tx& tx, const std::string& kind, std::int64_t id);

// Records of a region code (its deletion is refused while any) and under a path (a move).
std::int64_t count_uses(storage::Tx& tx, const std::string& region_code);
std::int64_t count_under(storage::Tx& tx, const std::string& path);

}  // namespace wangge::services::store
