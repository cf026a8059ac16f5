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

// --- timeline ---
void append(storage::Tx& tx, const TimelineEntry& e);
std::vector<TimelineEntry> timeline(storage::Tx& tx, const std::string& kind, std::int64_t id);

// Records of a region code (its deletion is refused while any) and under a path (a move).
std::int64_t count_uses(storage::Tx& tx, const std::string& region_code);
std::int64_t count_under(storage::Tx& tx, const std::string& path);

}  // namespace wangge::services::store
