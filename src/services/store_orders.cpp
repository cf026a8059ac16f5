// The SQL of service orders (service_orders): filed, stored at a version, read, and listed
// newest first by walks of a state's index (migrations/0031_service_walks.sql).
#include "core/storage/cluster.h"
#include "core/storage/rows.h"
#include "core/storage/scope.h"
#include "services/store.h"
#include "services/store_values.h"

namespace wangge::services::store {
namespace {

using storage::Value;
using values::opt;
using values::sealed;

constexpr const char* kOrderColumns =
    "id, region_code, region_path, community_path, item_id, title, detail, requester_kind, requester_id, "
    "contact_name, phone_sealed, phone_masked, address, status, taker_id, due_at, taken_at, done_at, closed_at, "
    "rating, returns, reminded_at, version, created_at, updated_at";

Order decode_order(const storage::Row& r) {
  Order o;
  std::size_t i = 0;
  o.id = r.i64(i++);
  o.region_code = r.str(i++);
  o.region_path = r.str(i++);
  o.community_path = r.str(i++);
  o.item_id = r.opt_i64(i++);
  o.title = r.str(i++);
  o.detail = r.str(i++);
  o.requester_kind = r.str(i++);
  o.requester_id = r.i64(i++);
  o.contact_name = r.str(i++);
  o.phone_sealed = r.opt_str(i++);
  o.phone_masked = r.str(i++);
  o.address = r.str(i++);
  o.status = r.str(i++);
  o.taker_id = r.opt_i64(i++);
  o.due_at = r.i64(i++);
  o.taken_at = r.opt_i64(i++);
  o.done_at = r.opt_i64(i++);
  o.closed_at = r.opt_i64(i++);
  if (auto v = r.opt_i64(i++)) o.rating = static_cast<int>(*v);
  o.returns = static_cast<int>(r.i64(i++));
  o.reminded_at = r.opt_i64(i++);
  o.version = r.i64(i++);
  o.created_at = r.i64(i++);
  o.updated_at = r.i64(i++);
  return o;
}

}  // namespace

// --- orders ---

std::int64_t insert_order(storage::Tx& tx, const Order& o) {
  std::int64_t id = tx.insert_id(
      "INSERT INTO service_orders (region_code, region_path, community_path, item_id, title, detail, "
      "requester_kind, requester_id, contact_name, phone_sealed, phone_masked, address, status, taker_id, due_at, "
      "taken_at, done_at, closed_at, rating, returns, reminded_at, version, created_at, updated_at) VALUES (?, ?, ?, "
      "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {o.region_code,      o.region_path,    o.community_path, opt(o.item_id),  o.title,
       o.detail,           o.requester_kind, o.requester_id,   o.contact_name,  sealed(o.phone_sealed),
       o.phone_masked,     o.address,        o.status,         opt(o.taker_id), o.due_at,
       opt(o.taken_at),    opt(o.done_at),   opt(o.closed_at), opt(o.rating),   std::int64_t{o.returns},
       opt(o.reminded_at), o.version,        o.created_at,     o.updated_at});
  tx.notify(storage::channels::kOrders, std::to_string(id));  // every node's live consoles
  return id;
}

bool update_order(storage::Tx& tx, const Order& o, std::int64_t expected_version) {
  bool done =
      tx.exec(
            "UPDATE service_orders SET status = ?, taker_id = ?, due_at = ?, taken_at = ?, done_at = ?, "
            "closed_at = ?, rating = ?, returns = ?, reminded_at = ?, version = ?, updated_at = ? "
            "WHERE id = ? AND version = ?",
            {o.status, opt(o.taker_id), o.due_at, opt(o.taken_at), opt(o.done_at), opt(o.closed_at), opt(o.rating),
             std::int64_t{o.returns}, opt(o.reminded_at), o.version, o.updated_at, o.id, expected_version})
          .changes == 1;
  if (done) tx.notify(storage::channels::kOrders, std::to_string(o.id));
  return done;
}

std::optional<Order> order(storage::Tx& tx, std::int64_t id) {
  return storage::first_or_none(
      tx.exec(std::string("SELECT ") + kOrderColumns + " FROM service_orders WHERE id = ?", {id}), decode_order);
}

std::vector<Order> orders(storage::Tx& tx, const OrderFilter& f) {
  std::string sql;
  std::vector<Value> p;
  if (f.taker_id) {
    sql += "taker_id = ?", p.emplace_back(*f.taker_id);
  } else if (f.requester_id) {
    sql += "requester_id = ?", p.emplace_back(*f.requester_id);
  } else {
    storage::scope_clause(f.scope_paths, "region_path", sql, p);
  }
  if (f.region_path) {
    sql += " AND region_path >= ? AND region_path < ?";
    p.emplace_back(*f.region_path);
    p.emplace_back(storage::path_upper_bound(*f.region_path));
  }
  if (f.overdue_at_now) sql += " AND due_at < ?", p.emplace_back(f.now);
  if (f.before_id) sql += " AND id < ?", p.emplace_back(*f.before_id);
  // Newest first: a status's walk of its index (status, id, region_path, due_at) stops at
  // the page's end; several statuses are several walks merged, then the page's rows read
  // once by id (an IN list would sort every order of those states).
  std::vector<std::string> statuses = f.statuses;
  if (f.overdue_at_now && statuses.empty()) statuses = {"ordered", "open", "assigned", "taken"};
  if (f.overdue_at_now) std::erase_if(statuses, [](const std::string& st) { return st == "done" || !order_open(st); });
  if (f.overdue_at_now && statuses.empty()) return {};
  const std::string head = std::string("SELECT ") + kOrderColumns + " FROM service_orders WHERE ";
  const std::string tail = " ORDER BY id DESC LIMIT ?";
  std::string query;
  std::vector<Value> params;
  if (statuses.size() <= 1) {
    query = head + sql + (statuses.empty() ? "" : " AND status = ?") + tail;
    params = p;
    if (!statuses.empty()) params.emplace_back(statuses[0]);
  } else {
    std::string ids;
    for (std::size_t i = 0; i < statuses.size(); ++i) {
      ids += (i ? " UNION ALL " : "") + std::string("SELECT id FROM (SELECT id FROM service_orders WHERE ") + sql +
             " AND status = ?" + tail + ") AS s" + std::to_string(i);
      params.insert(params.end(), p.begin(), p.end());
      params.emplace_back(statuses[i]);
      params.emplace_back(std::int64_t{f.limit});
    }
    query = head + "id IN (" + ids + tail + ") ORDER BY id DESC";
  }
  params.emplace_back(std::int64_t{f.limit});
  return storage::all_as(tx.exec(query, params), decode_order);
}

}  // namespace wangge::services::store
