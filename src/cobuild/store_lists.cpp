// The SQL of resources (资源清单) and needs (需求清单).
#include "cobuild/store.h"
#include "core/storage/rows.h"
#include "core/storage/scope.h"

namespace wangge::cobuild::store {
namespace {

using storage::Value;

constexpr const char* kResourceColumns =
    "r.id, r.region_code, r.region_path, r.kind, r.title, r.description, r.unit_id, COALESCE(u.name, "
    "r.provider_name), r.quantity, r.quantity_unit, r.available, r.contact_name, r.phone_sealed, r.phone_masked, "
    "r.created_by, r.version, r.created_at, r.updated_at FROM cobuild_resources r LEFT JOIN cobuild_units u ON u.id = "
    "r.unit_id";

Resource decode_resource(const storage::Row& row) {
  Resource r;
  std::size_t i = 0;
  r.id = row.i64(i++);
  r.region_code = row.str(i++);
  r.region_path = row.str(i++);
  r.kind = row.str(i++);
  r.title = row.str(i++);
  r.description = row.str(i++);
  r.unit_id = row.opt_i64(i++);
  r.provider_name = row.str(i++);
  r.quantity = row.opt_i64(i++);
  r.quantity_unit = row.str(i++);
  r.available = row.i64(i++) != 0;
  r.contact_name = row.str(i++);
  r.phone_sealed = row.opt_str(i++);
  r.phone_masked = row.str(i++);
  r.created_by = row.i64(i++);
  r.version = row.i64(i++);
  r.created_at = row.i64(i++);
  r.updated_at = row.i64(i++);
  return r;
}

constexpr const char* kNeedColumns =
    "n.id, n.region_code, n.region_path, n.title, n.description, n.source, n.source_id, n.collected_by, "
    "n.collected_at, n.status, n.resource_id, n.project_id, n.matched_by, n.matched_at, n.match_note, n.met_at, "
    "n.met_note, n.closed_at, n.closed_reason, n.version, n.created_at, n.updated_at, COALESCE(r.title, ''), "
    "COALESCE(p.title, ''), r.unit_id FROM cobuild_needs n LEFT JOIN cobuild_resources r ON r.id = n.resource_id "
    "LEFT JOIN cobuild_projects p ON p.id = n.project_id";

Need decode_need(const storage::Row& r) {
  Need n;
  std::size_t i = 0;
  n.id = r.i64(i++);
  n.region_code = r.str(i++);
  n.region_path = r.str(i++);
  n.title = r.str(i++);
  n.description = r.str(i++);
  n.source = r.str(i++);
  n.source_id = r.opt_i64(i++);
  n.collected_by = r.i64(i++);
  n.collected_at = r.i64(i++);
  n.status = r.str(i++);
  n.resource_id = r.opt_i64(i++);
  n.project_id = r.opt_i64(i++);
  n.matched_by = r.opt_i64(i++);
  n.matched_at = r.opt_i64(i++);
  n.match_note = r.str(i++);
  n.met_at = r.opt_i64(i++);
  n.met_note = r.str(i++);
  n.closed_at = r.opt_i64(i++);
  n.closed_reason = r.str(i++);
  n.version = r.i64(i++);
  n.created_at = r.i64(i++);
  n.updated_at = r.i64(i++);
  n.resource_title = r.str(i++);
  n.project_title = r.str(i++);
  n.resource_unit = r.opt_i64(i++);
  return n;
}

// The shared part of a list's WHERE: reach, subtree, cursor.
void lists_where(const Where& w, const std::string& column, std::string& sql, std::vector<Value>& p) {
  storage::reach_clause(w.within, w.line, column, sql, p);
  if (w.under) {
    sql += " AND ";
    storage::scope_clause({*w.under}, column, sql, p);
  }
}

std::string lists_like(const std::string& text) {
  std::string like = "%";
  for (char ch : text) {
    if (ch == '%' || ch == '_' || ch == '\\') like += '\\';
    like += ch;
  }
  return like + "%";
}

}  // namespace

std::int64_t insert_resource(storage::Tx& tx, const Resource& r) {
  return tx.insert_id(
      "INSERT INTO cobuild_resources (region_code, region_path, kind, title, description, unit_id, provider_name, "
      "quantity, quantity_unit, available, contact_name, phone_sealed, phone_masked, created_by, version, created_at, "
      "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id",
      {r.region_code, r.region_path, r.kind, r.title, r.description, opt_int(r.unit_id),
       r.unit_id ? std::string() : r.provider_name, opt_int(r.quantity), r.quantity_unit,
       std::int64_t{r.available ? 1 : 0}, r.contact_name, opt_blob(r.phone_sealed), r.phone_masked, r.created_by,
       r.created_at, r.updated_at});
}

bool update_resource(storage::Tx& tx, const Resource& r, std::int64_t expected_version) {
  return tx.exec(
               "UPDATE cobuild_resources SET kind = ?, title = ?, description = ?, provider_name = ?, quantity = ?, "
               "quantity_unit = ?, available = ?, contact_name = ?, phone_sealed = ?, phone_masked = ?, version = ?, "
               "updated_at = ? WHERE id = ? AND version = ?",
               {r.kind, r.title, r.description, r.unit_id ? std::string() : r.provider_name, opt_int(r.quantity),
                r.quantity_unit, std::int64_t{r.available ? 1 : 0}, r.contact_name, opt_blob(r.phone_sealed),
                r.phone_masked, r.version, r.updated_at, r.id, expected_version})
             .changes == 1;
}

std::optional<Resource> resource(storage::Tx& tx, std::int64_t id) {
  return storage::first_or_none(tx.exec(std::string("SELECT ") + kResourceColumns + " WHERE r.id = ?", {id}),
                                decode_resource);
}

std::vector<Resource> resources(storage::Tx& tx, const ResourceFilter& f) {
  std::string sql = std::string("SELECT ") + kResourceColumns + " WHERE ";
  std::vector<Value> p;
  lists_where(f.where, "r.region_path", sql, p);
  if (f.kind) sql += " AND r.kind = ?", p.emplace_back(*f.kind);
  if (f.available) sql += " AND r.available = ?", p.emplace_back(std::int64_t{*f.available ? 1 : 0});
  if (f.unit_id) sql += " AND r.unit_id = ?", p.emplace_back(*f.unit_id);
  if (f.q && !f.q->empty()) {
    sql += " AND (r.title LIKE ? ESCAPE '\\' OR r.description LIKE ? ESCAPE '\\')";
    p.emplace_back(lists_like(*f.q));
    p.emplace_back(lists_like(*f.q));
  }
  if (f.where.before_id) sql += " AND r.id < ?", p.emplace_back(*f.where.before_id);
  sql += " ORDER BY r.id DESC LIMIT ?";
  p.emplace_back(std::int64_t{f.where.limit});
  return storage::all_as(tx.exec(sql, p), decode_resource);
}

std::int64_t insert_need(storage::Tx& tx, const Need& n) {
  return tx.insert_id(
      "INSERT INTO cobuild_needs (region_code, region_path, title, description, source, source_id, collected_by, "
      "collected_at, status, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', 1, ?, ?) "
      "RETURNING id",
      {n.region_code, n.region_path, n.title, n.description, n.source, opt_int(n.source_id), n.collected_by,
       n.collected_at, n.created_at, n.updated_at});
}

bool update_need(storage::Tx& tx, const Need& n, std::int64_t expected_version) {
  return tx.exec(
               "UPDATE cobuild_needs SET status = ?, resource_id = ?, project_id = ?, matched_by = ?, matched_at = ?, "
               "match_note = ?, met_at = ?, met_note = ?, closed_at = ?, closed_reason = ?, version = ?, updated_at = "
               "? WHERE id = ? AND version = ?",
               {n.status, opt_int(n.resource_id), opt_int(n.project_id), opt_int(n.matched_by), opt_int(n.matched_at),
                n.match_note, opt_int(n.met_at), n.met_note, opt_int(n.closed_at), n.closed_reason, n.version,
                n.updated_at, n.id, expected_version})
             .changes == 1;
}

std::optional<Need> need(storage::Tx& tx, std::int64_t id) {
  return storage::first_or_none(tx.exec(std::string("SELECT ") + kNeedColumns + " WHERE n.id = ?", {id}), decode_need);
}

std::optional<std::int64_t> need_of_source(storage::Tx& tx, const std::string& source, std::int64_t source_id) {
  auto res = tx.exec("SELECT id FROM cobuild_needs WHERE source = ? AND source_id = ?", {source, source_id});
  if (res.empty()) return std::nullopt;
  return res.rows[0].i64(0);
}

std::vector<Need> needs(storage::Tx& tx, const NeedFilter& f) {
  std::string sql = std::string("SELECT ") + kNeedColumns + " WHERE ";
  std::vector<Value> p;
  lists_where(f.where, "n.region_path", sql, p);
  if (f.status) sql += " AND n.status = ?", p.emplace_back(*f.status);
  if (f.source) sql += " AND n.source = ?", p.emplace_back(*f.source);
  if (f.project_id) sql += " AND n.project_id = ?", p.emplace_back(*f.project_id);
  if (f.resource_id) sql += " AND n.resource_id = ?", p.emplace_back(*f.resource_id);
  if (f.created_from) sql += " AND n.created_at >= ?", p.emplace_back(*f.created_from);
  if (f.created_to) sql += " AND n.created_at < ?", p.emplace_back(*f.created_to);
  if (f.where.before_id) sql += " AND n.id < ?", p.emplace_back(*f.where.before_id);
  sql += " ORDER BY n.id DESC LIMIT ?";
  p.emplace_back(std::int64_t{f.where.limit});
  return storage::all_as(tx.exec(sql, p), decode_need);
}

std::int64_t meet_needs_of_project(storage::Tx& tx, std::int64_t project_id, std::int64_t at, const std::string& note) {
  return tx
      .exec(
          "UPDATE cobuild_needs SET status = 'met', met_at = ?, met_note = ?, version = version + 1, updated_at = ? "
          "WHERE project_id = ? AND status = 'matched'",
          {at, note, at, project_id})
      .changes;
}

}  // namespace wangge::cobuild::store
