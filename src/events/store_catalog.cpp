// Categories and departments (with their members), and the counts the territory
// module's usage checks ask for.
#include "core/storage/rows.h"
#include "events/store.h"
#include "events/store_values.h"
#include "territory/store.h"

namespace wangge::events::store {
namespace {

Department decode_department(const storage::Row& r) {
  Department d;
  d.id = r.i64(0);
  d.region_code = r.str(1);
  d.region_path = r.str(2);
  d.kind = r.str(3);
  d.name = r.str(4);
  d.active = r.i64(5) != 0;
  d.version = r.i64(6);
  return d;
}
const std::string kDeptColumns = "id, region_code, region_path, kind, name, active, version";

// The members of every department in ds, in one query.
void load_members(storage::Tx& tx, std::vector<Department>& ds) {
  if (ds.empty()) return;
  std::map<std::int64_t, Department*> by_id;
  std::vector<Value> p;
  const std::string in = storage::in_list(ds, p, &Department::id);
  for (auto& d : ds) by_id[d.id] = &d;
  for (const auto& row : tx.exec("SELECT department_id, user_id FROM department_members WHERE department_id IN (" + in +
                                     ") ORDER BY department_id, user_id",
                                 p)
                             .rows)
    by_id[row.i64(0)]->members.push_back(row.i64(1));
}

}  // namespace

namespace {
const std::string kCategoryColumns =
    "code, parent_code, name_zh, name_en, department_kind, priority, self_handle, accept_hours, sign_hours, "
    "handle_days_normal, handle_days_urgent, handle_days_critical, verify_days, active, sort, version, attributes";
Category decode_category(const storage::Row& r) {
  Category c;
  c.code = r.str(0);
  c.parent_code = r.opt_str(1);
  c.name_zh = r.str(2);
  c.name_en = r.str(3);
  c.department_kind = r.str(4);
  c.priority = r.str(5);
  c.self_handle = r.i64(6) != 0;
  c.accept_hours = static_cast<int>(r.i64(7));
  c.sign_hours = static_cast<int>(r.i64(8));
  c.handle_days_normal = static_cast<int>(r.i64(9));
  c.handle_days_urgent = static_cast<int>(r.i64(10));
  c.handle_days_critical = static_cast<int>(r.i64(11));
  c.verify_days = static_cast<int>(r.i64(12));
  c.active = r.i64(13) != 0;
  c.sort = static_cast<int>(r.i64(14));
  c.version = r.i64(15);
  c.attributes = attributes_from_text(r.str(16));
  return c;
}
}  // namespace

std::vector<Category> categories(storage::Tx& tx) {
  std::vector<Category> out;
  for (const auto& r :
       tx.exec(std::string("SELECT ") + kCategoryColumns + " FROM event_categories ORDER BY sort, code").rows)
    out.push_back(decode_category(r));
  return out;
}

std::optional<Category> category(storage::Tx& tx, const std::string& code) {
  auto res = tx.exec(std::string("SELECT ") + kCategoryColumns + " FROM event_categories WHERE code = ?", {code});
  if (res.empty()) return std::nullopt;
  return decode_category(res.rows[0]);
}

void upsert_category(storage::Tx& tx, const Category& c, std::int64_t now) {
  tx.notify(storage::channels::kCatalog, "categories");  // the other nodes reload theirs
  std::vector<Value> v = {c.code,
                          opt(c.parent_code),
                          c.name_zh,
                          c.name_en,
                          c.department_kind,
                          c.priority,
                          std::int64_t{c.self_handle ? 1 : 0},
                          std::int64_t{c.accept_hours},
                          std::int64_t{c.sign_hours},
                          std::int64_t{c.handle_days_normal},
                          std::int64_t{c.handle_days_urgent},
                          std::int64_t{c.handle_days_critical},
                          std::int64_t{c.verify_days},
                          std::int64_t{c.active ? 1 : 0},
                          std::int64_t{c.sort},
                          c.version,
                          now,
                          attributes_text(c.attributes)};
  tx.exec(
      "INSERT INTO event_categories (code, parent_code, name_zh, name_en, department_kind, priority, self_handle, "
      "accept_hours, sign_hours, handle_days_normal, handle_days_urgent, handle_days_critical, verify_days, active, "
      "sort, version, updated_at, attributes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (code) DO UPDATE SET parent_code = excluded.parent_code, name_zh = excluded.name_zh, "
      "name_en = excluded.name_en, department_kind = excluded.department_kind, priority = excluded.priority, "
      "self_handle = excluded.self_handle, accept_hours = excluded.accept_hours, sign_hours = excluded.sign_hours, "
      "handle_days_normal = excluded.handle_days_normal, handle_days_urgent = excluded.handle_days_urgent, "
      "handle_days_critical = excluded.handle_days_critical, verify_days = excluded.verify_days, "
      "active = excluded.active, sort = excluded.sort, version = excluded.version, updated_at = excluded.updated_at, "
      "attributes = excluded.attributes",
      v);
}

std::int64_t count_categories(storage::Tx& tx) {
  return tx.exec("SELECT COUNT(*) FROM event_categories").one().i64(0);
}

std::vector<Department> departments(storage::Tx& tx, const std::vector<std::string>& scope_paths) {
  std::string sql = std::string("SELECT ") + kDeptColumns + " FROM departments WHERE ";
  std::vector<Value> p;
  territory::store::scope_clause(scope_paths, "region_path", sql, p);
  sql += " ORDER BY region_path, kind, name";
  std::vector<Department> out;
  for (const auto& r : tx.exec(sql, p).rows) out.push_back(decode_department(r));
  load_members(tx, out);
  return out;
}

std::optional<Department> department(storage::Tx& tx, std::int64_t id) {
  auto res = tx.exec(std::string("SELECT ") + kDeptColumns + " FROM departments WHERE id = ?", {id});
  if (res.empty()) return std::nullopt;
  std::vector<Department> one{decode_department(res.rows[0])};
  load_members(tx, one);
  return one[0];
}

std::map<std::int64_t, std::string> department_names(storage::Tx& tx) {
  std::map<std::int64_t, std::string> out;
  for (const auto& r : tx.exec("SELECT id, name FROM departments").rows) out[r.i64(0)] = r.str(1);
  return out;
}

std::int64_t insert_department(storage::Tx& tx, const Department& d, std::int64_t now) {
  return tx.insert_id(
      "INSERT INTO departments (region_code, region_path, kind, name, active, version, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, 1, ?, ?) RETURNING id",
      {d.region_code, d.region_path, d.kind, d.name, std::int64_t{d.active ? 1 : 0}, now, now});
}

bool update_department(storage::Tx& tx, const Department& d, std::int64_t expected, std::int64_t now) {
  return tx.exec(
               "UPDATE departments SET kind = ?, name = ?, active = ?, version = ?, updated_at = ? "
               "WHERE id = ? AND version = ?",
               {d.kind, d.name, std::int64_t{d.active ? 1 : 0}, d.version, now, d.id, expected})
             .changes == 1;
}

void set_members(storage::Tx& tx, std::int64_t department_id, const std::vector<std::int64_t>& users,
                 std::int64_t now) {
  tx.exec("DELETE FROM department_members WHERE department_id = ?", {department_id});
  for (auto u : users)
    tx.exec("INSERT INTO department_members (department_id, user_id, created_at) VALUES (?, ?, ?)",
            {department_id, u, now});
}

std::vector<std::int64_t> departments_of_user(storage::Tx& tx, std::int64_t user_id) {
  std::vector<std::int64_t> out;
  for (const auto& r : tx.exec("SELECT m.department_id FROM department_members m JOIN departments d ON "
                               "d.id = m.department_id WHERE m.user_id = ? AND d.active = 1 ORDER BY 1",
                               {user_id})
                           .rows)
    out.push_back(r.i64(0));
  return out;
}

std::vector<Department> departments_of_kind(storage::Tx& tx, const std::string& region_code, const std::string& kind) {
  std::vector<Department> out;
  for (const auto& r : tx.exec(std::string("SELECT ") + kDeptColumns +
                                   " FROM departments WHERE region_code = ? AND kind = ? AND active = 1 ORDER BY id",
                               {region_code, kind})
                           .rows)
    out.push_back(decode_department(r));
  return out;
}

std::int64_t count_under(storage::Tx& tx, const std::string& path) {
  std::string hi = territory::store::path_upper_bound(path);
  return tx
      .exec(
          "SELECT (SELECT COUNT(*) FROM departments WHERE region_path >= ? AND region_path < ?) + "
          "(SELECT COUNT(*) FROM events WHERE region_path >= ? AND region_path < ?) + "
          "(SELECT COUNT(*) FROM events WHERE handling_path >= ? AND handling_path < ? AND NOT (region_path >= ? AND "
          "region_path < ?))",
          {path, hi, path, hi, path, hi, path, hi})
      .one()
      .i64(0);
}

std::int64_t count_department_uses(storage::Tx& tx, const std::string& region_code) {
  return tx
      .exec(
          "SELECT (SELECT COUNT(*) FROM departments WHERE region_code = ?) + "
          "(SELECT COUNT(*) FROM events WHERE handling_code = ? OR grid_code = ?)",
          {region_code, region_code, region_code})
      .one()
      .i64(0);
}

}  // namespace wangge::events::store
