// Import jobs, and where the records an import matches live.
#include "registry/store.h"

#include <algorithm>
#include <map>

#include "core/json.h"
#include "registry/store/rows.h"
#include "territory/store.h"

namespace wangge::registry::store {

using namespace detail;

namespace {
ImportJob decode_import(const storage::Row& r) {
  ImportJob j;
  std::size_t i = 0;
  j.id = r.i64(i++);
  j.kind = r.str(i++);
  j.status = r.str(i++);
  j.dry_run = r.i64(i++) != 0;
  j.filename = r.str(i++);
  j.encoding = r.str(i++);
  j.file_path = r.str(i++);
  j.rows_total = r.i64(i++);
  j.rows_done = r.i64(i++);
  j.inserted = r.i64(i++);
  j.updated = r.i64(i++);
  j.unchanged = r.i64(i++);
  j.error_count = r.i64(i++);
  j.errors = r.str(i++);
  j.message = r.str(i++);
  j.created_by = r.opt_i64(i++);
  j.scope = r.str(i++);
  j.created_at = r.i64(i++);
  j.finished_at = r.opt_i64(i++);
  return j;
}
}  // namespace

std::int64_t insert_import(storage::Tx& tx, const ImportJob& j) {
  return tx.insert_id(
      "INSERT INTO registry_imports (kind, status, dry_run, filename, encoding, file_path, created_by, scope, "
      "created_at) VALUES (?, 'queued', ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {j.kind, std::int64_t{j.dry_run ? 1 : 0}, j.filename, j.encoding, j.file_path, opt(j.created_by), j.scope,
       j.created_at});
}

std::optional<ImportJob> import_job(storage::Tx& tx, std::int64_t id) {
  auto res = tx.exec(std::string("SELECT ") + kImportColumns + " FROM registry_imports WHERE id = ?", {id});
  if (res.empty()) return std::nullopt;
  return decode_import(res.rows[0]);
}

std::vector<ImportJob> imports(storage::Tx& tx, std::optional<std::int64_t> created_by, int limit) {
  std::string sql = std::string("SELECT ") + kImportColumns + " FROM registry_imports";
  std::vector<Value> p;
  if (created_by) sql += " WHERE created_by = ?", p.emplace_back(*created_by);
  sql += " ORDER BY id DESC LIMIT ?";
  p.emplace_back(std::int64_t{limit});
  std::vector<ImportJob> out;
  for (const auto& r : tx.exec(sql, p).rows) {
    out.push_back(decode_import(r));
    out.back().errors = "[]";
  }
  return out;
}

std::optional<std::int64_t> next_import(storage::Tx& tx) {
  auto res =
      tx.exec("SELECT id FROM registry_imports WHERE status IN ('queued', 'checking', 'applying') ORDER BY id LIMIT 1");
  if (res.empty()) return std::nullopt;
  return res.rows[0].i64(0);
}

void set_import_status(storage::Tx& tx, std::int64_t id, const std::string& status) {
  tx.exec("UPDATE registry_imports SET status = ? WHERE id = ?", {status, id});
}

void set_import_check(storage::Tx& tx, std::int64_t id, std::int64_t rows, std::int64_t error_count,
                      const std::string& errors, std::int64_t inserted, std::int64_t updated, std::int64_t unchanged) {
  tx.exec(
      "UPDATE registry_imports SET rows_total = ?, error_count = ?, errors = ?, inserted = ?, updated = ?, "
      "unchanged = ? WHERE id = ?",
      {rows, error_count, errors, inserted, updated, unchanged, id});
}

void set_import_progress(storage::Tx& tx, std::int64_t id, std::int64_t done, std::int64_t inserted,
                         std::int64_t updated, std::int64_t unchanged) {
  tx.exec("UPDATE registry_imports SET rows_done = ?, inserted = ?, updated = ?, unchanged = ? WHERE id = ?",
          {done, inserted, updated, unchanged, id});
}

void finish_import(storage::Tx& tx, std::int64_t id, const std::string& status, const std::string& message) {
  tx.exec("UPDATE registry_imports SET status = ?, message = ?, finished_at = ? WHERE id = ?",
          {status, message, storage::now_ms(), id});
}

void add_import_errors(storage::Tx& tx, std::int64_t id, std::int64_t more, const std::string& errors) {
  tx.exec("UPDATE registry_imports SET error_count = error_count + ?, errors = ? WHERE id = ?", {more, errors, id});
}

std::vector<ImportJob> import_files(storage::Tx& tx) {
  std::vector<ImportJob> out;
  for (const auto& r : tx.exec("SELECT id, status, file_path FROM registry_imports ORDER BY id").rows) {
    ImportJob j;
    j.id = r.i64(0);
    j.status = r.str(1);
    j.file_path = r.str(2);
    out.push_back(std::move(j));
  }
  return out;
}

namespace {

// key -> region path of the rows whose `column` is one of `keys`, 500 keys a query.
std::map<std::string, std::string> paths_by(storage::Tx& tx, const char* table, const char* column,
                                            const std::vector<std::string>& keys) {
  std::map<std::string, std::string> out;
  for (std::size_t i = 0; i < keys.size(); i += 500) {
    std::size_t n = std::min<std::size_t>(500, keys.size() - i);
    std::string sql = std::string("SELECT ") + column + ", region_path FROM " + table + " WHERE " + column + " IN (";
    std::vector<Value> p;
    for (std::size_t k = 0; k < n; ++k) {
      sql += k ? ", ?" : "?";
      p.emplace_back(keys[i + k]);
    }
    sql += ")";
    for (const auto& r : tx.exec(sql, p).rows) out.emplace(r.str(0), r.str(1));
  }
  return out;
}

}  // namespace

std::map<std::string, std::string> person_paths(storage::Tx& tx, const std::vector<std::string>& id_indexes) {
  return paths_by(tx, "persons", "id_index", id_indexes);
}

std::map<std::string, std::string> business_paths(storage::Tx& tx, const std::vector<std::string>& licences) {
  return paths_by(tx, "businesses", "licence_no", licences);
}

}  // namespace wangge::registry::store
