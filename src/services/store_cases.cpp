// The SQL of window cases (service_cases) and micro-wishes (service_wishes).
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/storage/rows.h"
#include "core/storage/scope.h"
#include "services/store.h"
#include "services/store_values.h"

namespace wangge::services::store {
namespace {

using storage::Value;

using values::opt;
using values::sealed;

std::string names_text(const std::vector<std::string>& names) {
  boost::json::array a;
  for (const auto& n : names) a.emplace_back(n);
  return boost::json::serialize(a);
}

std::vector<std::string> names_of(const std::string& text) {
  std::vector<std::string> out;
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& n : v.as_array())
    if (n.is_string()) out.emplace_back(n.as_string());
  return out;
}

constexpr const char* kCaseColumns =
    "c.id, c.region_code, c.region_path, c.desk, c.item_id, COALESCE(i.name, ''), c.mode, c.carrier, "
    "c.applicant_kind, c.applicant_name, c.id_sealed, c.id_masked, c.phone_sealed, c.phone_masked, c.credit_code, "
    "c.summary, c.materials, c.grid_code, c.address, c.status, c.clerk_id, c.coordinator_id, c.event_id, c.outcome, "
    "c.rating, c.due_at, c.closed_at, c.version, c.created_at, c.updated_at "
    "FROM service_cases c LEFT JOIN service_items i ON i.id = c.item_id";

Case decode_case(const storage::Row& r) {
  Case c;
  std::size_t i = 0;
  c.id = r.i64(i++);
  c.region_code = r.str(i++);
  c.region_path = r.str(i++);
  c.desk = r.str(i++);
  c.item_id = r.opt_i64(i++);
  c.item_name = r.str(i++);
  c.mode = r.str(i++);
  c.carrier = r.str(i++);
  c.applicant_kind = r.str(i++);
  c.applicant_name = r.str(i++);
  c.id_sealed = r.opt_str(i++);
  c.id_masked = r.str(i++);
  c.phone_sealed = r.opt_str(i++);
  c.phone_masked = r.str(i++);
  c.credit_code = r.str(i++);
  c.summary = r.str(i++);
  c.materials = names_of(r.str(i++));
  c.grid_code = r.opt_str(i++);
  c.address = r.str(i++);
  c.status = r.str(i++);
  c.clerk_id = r.i64(i++);
  c.coordinator_id = r.opt_i64(i++);
  c.event_id = r.opt_i64(i++);
  c.outcome = r.str(i++);
  if (auto v = r.opt_i64(i++)) c.rating = static_cast<int>(*v);
  c.due_at = r.i64(i++);
  c.closed_at = r.opt_i64(i++);
  c.version = r.i64(i++);
  c.created_at = r.i64(i++);
  c.updated_at = r.i64(i++);
  return c;
}

constexpr const char* kWishColumns =
    "id, region_code, region_path, publish_path, channel, wisher_id, collector_id, wisher_name, phone_sealed, "
    "phone_masked, title, detail, status, claimer_kind, claimer_id, claimer_name, claimed_at, claim_due_at, "
    "fulfilled_at, confirmed_at, claims, version, created_at, updated_at";

Wish decode_wish(const storage::Row& r) {
  Wish w;
  std::size_t i = 0;
  w.id = r.i64(i++);
  w.region_code = r.str(i++);
  w.region_path = r.str(i++);
  w.publish_path = r.str(i++);
  w.channel = r.str(i++);
  w.wisher_id = r.opt_i64(i++);
  w.collector_id = r.opt_i64(i++);
  w.wisher_name = r.str(i++);
  w.phone_sealed = r.opt_str(i++);
  w.phone_masked = r.str(i++);
  w.title = r.str(i++);
  w.detail = r.str(i++);
  w.status = r.str(i++);
  w.claimer_kind = r.opt_str(i++);
  w.claimer_id = r.opt_i64(i++);
  w.claimer_name = r.str(i++);
  w.claimed_at = r.opt_i64(i++);
  w.claim_due_at = r.opt_i64(i++);
  w.fulfilled_at = r.opt_i64(i++);
  w.confirmed_at = r.opt_i64(i++);
  w.claims = static_cast<int>(r.i64(i++));
  w.version = r.i64(i++);
  w.created_at = r.i64(i++);
  w.updated_at = r.i64(i++);
  return w;
}

// " AND <column> within [path, upper)" for a subtree filter.
void within(std::string& sql, std::vector<Value>& p, const char* column, const std::string& path) {
  sql += std::string(" AND ") + column + " >= ? AND " + column + " < ?";
  p.emplace_back(path);
  p.emplace_back(storage::path_upper_bound(path));
}

}  // namespace

// --- cases ---

std::int64_t insert_case(storage::Tx& tx, const Case& c) {
  return tx.insert_id(
      "INSERT INTO service_cases (region_code, region_path, desk, item_id, mode, carrier, applicant_kind, "
      "applicant_name, id_sealed, id_masked, phone_sealed, phone_masked, credit_code, summary, materials, grid_code, "
      "address, status, clerk_id, coordinator_id, event_id, outcome, rating, due_at, closed_at, version, created_at, "
      "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "RETURNING id",
      {c.region_code,
       c.region_path,
       c.desk,
       opt(c.item_id),
       c.mode,
       c.carrier,
       c.applicant_kind,
       c.applicant_name,
       sealed(c.id_sealed),
       c.id_masked,
       sealed(c.phone_sealed),
       c.phone_masked,
       c.credit_code,
       c.summary,
       names_text(c.materials),
       opt(c.grid_code),
       c.address,
       c.status,
       c.clerk_id,
       opt(c.coordinator_id),
       opt(c.event_id),
       c.outcome,
       opt(c.rating),
       c.due_at,
       opt(c.closed_at),
       c.version,
       c.created_at,
       c.updated_at});
}

bool update_case(storage::Tx& tx, const Case& c, std::int64_t expected_version) {
  return tx.exec(
               "UPDATE service_cases SET status = ?, coordinator_id = ?, event_id = ?, outcome = ?, rating = ?, "
               "closed_at = ?, version = ?, updated_at = ? WHERE id = ? AND version = ?",
               {c.status, opt(c.coordinator_id), opt(c.event_id), c.outcome, opt(c.rating), opt(c.closed_at), c.version,
                c.updated_at, c.id, expected_version})
             .changes == 1;
}

std::optional<Case> find_case(storage::Tx& tx, std::int64_t id) {
  return storage::first_or_none(tx.exec(std::string("SELECT ") + kCaseColumns + " WHERE c.id = ?", {id}), decode_case);
}

std::optional<Case> case_of_event(storage::Tx& tx, std::int64_t event_id) {
  return storage::first_or_none(tx.exec(std::string("SELECT ") + kCaseColumns + " WHERE c.event_id = ?", {event_id}),
                                decode_case);
}

std::vector<Case> cases(storage::Tx& tx, const CaseFilter& f) {
  std::string sql = std::string("SELECT ") + kCaseColumns + " WHERE ";
  std::vector<Value> p;
  if (f.coordinator_id) {
    sql += "c.coordinator_id = ?", p.emplace_back(*f.coordinator_id);
  } else {
    storage::scope_clause(f.scope_paths, "c.region_path", sql, p);
  }
  if (f.region_path) within(sql, p, "c.region_path", *f.region_path);
  if (f.desk) sql += " AND c.desk = ?", p.emplace_back(*f.desk);
  if (!f.statuses.empty()) sql += " AND c.status IN (" + storage::in_list(f.statuses, p) + ")";
  if (f.overdue_at_now) {
    sql += " AND c.status IN ('accepted', 'coordinating') AND c.due_at < ?";
    p.emplace_back(f.now);
  }
  if (f.from) sql += " AND c.created_at >= ?", p.emplace_back(*f.from);
  if (f.to) sql += " AND c.created_at < ?", p.emplace_back(*f.to);
  if (f.before_id) sql += " AND c.id < ?", p.emplace_back(*f.before_id);
  sql += " ORDER BY c.id DESC LIMIT ?";
  p.emplace_back(std::int64_t{f.limit});
  return storage::all_as(tx.exec(sql, p), decode_case);
}

// --- wishes ---

std::int64_t insert_wish(storage::Tx& tx, const Wish& w) {
  return tx.insert_id(
      "INSERT INTO service_wishes (region_code, region_path, publish_path, channel, wisher_id, collector_id, "
      "wisher_name, phone_sealed, phone_masked, title, detail, status, claimer_kind, claimer_id, claimer_name, "
      "claimed_at, claim_due_at, fulfilled_at, confirmed_at, claims, version, created_at, updated_at) VALUES (?, ?, "
      "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {w.region_code,
       w.region_path,
       w.publish_path,
       w.channel,
       opt(w.wisher_id),
       opt(w.collector_id),
       w.wisher_name,
       sealed(w.phone_sealed),
       w.phone_masked,
       w.title,
       w.detail,
       w.status,
       opt(w.claimer_kind),
       opt(w.claimer_id),
       w.claimer_name,
       opt(w.claimed_at),
       opt(w.claim_due_at),
       opt(w.fulfilled_at),
       opt(w.confirmed_at),
       std::int64_t{w.claims},
       w.version,
       w.created_at,
       w.updated_at});
}

bool update_wish(storage::Tx& tx, const Wish& w, std::int64_t expected_version) {
  return tx.exec(
               "UPDATE service_wishes SET publish_path = ?, status = ?, claimer_kind = ?, claimer_id = ?, "
               "claimer_name = ?, claimed_at = ?, claim_due_at = ?, fulfilled_at = ?, confirmed_at = ?, claims = ?, "
               "version = ?, updated_at = ? WHERE id = ? AND version = ?",
               {w.publish_path, w.status, opt(w.claimer_kind), opt(w.claimer_id), w.claimer_name, opt(w.claimed_at),
                opt(w.claim_due_at), opt(w.fulfilled_at), opt(w.confirmed_at), std::int64_t{w.claims}, w.version,
                w.updated_at, w.id, expected_version})
             .changes == 1;
}

std::optional<Wish> wish(storage::Tx& tx, std::int64_t id) {
  return storage::first_or_none(
      tx.exec(std::string("SELECT ") + kWishColumns + " FROM service_wishes WHERE id = ?", {id}), decode_wish);
}

std::vector<Wish> wishes(storage::Tx& tx, const WishFilter& f) {
  std::string sql = std::string("SELECT ") + kWishColumns + " FROM service_wishes WHERE ";
  std::vector<Value> p;
  if (f.wisher_or_collector) {
    sql += "(wisher_id = ? OR collector_id = ?)";
    p.emplace_back(*f.wisher_or_collector);
    p.emplace_back(*f.wisher_or_collector);
  } else if (f.claimer_id) {
    sql += "claimer_id = ?", p.emplace_back(*f.claimer_id);
  } else if (f.wall_path) {
    // The wall of a place: published within it, or to a subtree that holds it.
    sql += "status IN ('published', 'claimed', 'fulfilled', 'confirmed') AND ((publish_path >= ? AND publish_path < ?)";
    p.emplace_back(*f.wall_path);
    p.emplace_back(storage::path_upper_bound(*f.wall_path));
    std::vector<std::string> above;
    for (std::size_t at = f.wall_path->find('/', 1); at != std::string::npos; at = f.wall_path->find('/', at + 1))
      above.push_back(f.wall_path->substr(0, at + 1));
    if (!above.empty()) above.pop_back();  // the path itself is in the range above
    if (!above.empty()) sql += " OR publish_path IN (" + storage::in_list(above, p) + ")";
    sql += ")";
  } else {
    storage::scope_clause(f.scope_paths, "region_path", sql, p);
  }
  if (f.region_path) within(sql, p, "region_path", *f.region_path);
  if (!f.statuses.empty()) sql += " AND status IN (" + storage::in_list(f.statuses, p) + ")";
  if (f.from) sql += " AND created_at >= ?", p.emplace_back(*f.from);
  if (f.to) sql += " AND created_at < ?", p.emplace_back(*f.to);
  if (f.before_id) sql += " AND id < ?", p.emplace_back(*f.before_id);
  sql += " ORDER BY id DESC LIMIT ?";
  p.emplace_back(std::int64_t{f.limit});
  return storage::all_as(tx.exec(sql, p), decode_wish);
}

std::vector<std::int64_t> lapsed_claims(storage::Tx& tx, std::int64_t now, int limit) {
  std::vector<std::int64_t> ids;
  for (const auto& r : tx.exec("SELECT id FROM service_wishes WHERE status = 'claimed' AND claim_due_at < ? "
                               "ORDER BY claim_due_at LIMIT ?",
                               {now, std::int64_t{limit}})
                           .rows)
    ids.push_back(r.i64(0));
  return ids;
}

}  // namespace wangge::services::store
