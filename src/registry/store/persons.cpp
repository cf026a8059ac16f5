// Persons: insert, update, read, and the filtered list.
#include "registry/store.h"

#include <algorithm>
#include <map>

#include "core/json.h"
#include "core/storage/rows.h"
#include "registry/store/rows.h"
#include "territory/store.h"

namespace wangge::registry::store {

using namespace detail;

namespace {

// `sql` with a unary + before each `column`.
std::string unary_plus(const std::string& sql, std::string_view column) {
  std::string out;
  out.reserve(sql.size() + 8);
  std::size_t pos = 0;
  for (std::size_t hit; (hit = sql.find(column, pos)) != std::string::npos; pos = hit + column.size()) {
    out.append(sql, pos, hit - pos);
    out += '+';
    out.append(column);
  }
  out.append(sql, pos, std::string::npos);
  return out;
}

}  // namespace

std::int64_t insert_person(storage::Tx& tx, const Person& p) {
  auto v = person_values(p);
  v.emplace_back(p.created_at);
  return tx.insert_id(
      "INSERT INTO persons (name, gender, birth_date, id_sealed, id_index, id_masked, phone_sealed, phone_index, "
      "phone_masked, residence_type, floating_registered_on, floating_expires_on, household_id, region_code, "
      "region_path, note, version, updated_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "?, ?, ?) RETURNING id",
      v);
}

bool update_person(storage::Tx& tx, const Person& p, std::int64_t expected) {
  auto v = person_values(p);
  v.emplace_back(p.id);
  v.emplace_back(expected);
  return tx.exec(
               "UPDATE persons SET name = ?, gender = ?, birth_date = ?, id_sealed = ?, id_index = ?, id_masked = ?, "
               "phone_sealed = ?, phone_index = ?, phone_masked = ?, residence_type = ?, floating_registered_on = ?, "
               "floating_expires_on = ?, household_id = ?, region_code = ?, region_path = ?, note = ?, version = ?, "
               "updated_at = ? WHERE id = ? AND version = ?",
               v)
             .changes == 1;
}

std::optional<Person> person(storage::Tx& tx, std::int64_t id) {
  auto res = tx.exec(std::string("SELECT ") + kPersonColumns + " FROM persons WHERE id = ?", {id});
  if (res.empty()) return std::nullopt;
  return decode_person(res.rows[0]);
}

std::optional<Person> person_by_id_index(storage::Tx& tx, const std::string& index) {
  auto res = tx.exec(std::string("SELECT ") + kPersonColumns + " FROM persons WHERE id_index = ?", {index});
  if (res.empty()) return std::nullopt;
  return decode_person(res.rows[0]);
}

std::vector<Person> persons(storage::Tx& tx, const PersonFilter& f) {
  std::string sql = std::string("SELECT ") + kPersonColumns + " FROM persons WHERE ";
  std::vector<Value> p;
  scope_clause(f.scope_paths, sql, p);
  under(f.region_path, sql, p);
  if (f.id_index) sql += " AND id_index = ?", p.emplace_back(*f.id_index);
  if (f.phone_index) sql += " AND phone_index = ?", p.emplace_back(*f.phone_index);
  if (f.household_id) sql += " AND household_id = ?", p.emplace_back(*f.household_id);
  if (f.residence_type) sql += " AND residence_type = ?", p.emplace_back(*f.residence_type);
  if (f.tag) {
    sql += " AND id IN (SELECT person_id FROM person_tags WHERE tag = ? AND until IS NULL)";
    p.emplace_back(*f.tag);
  }
  if (f.contains) {
    sql += tx.dialect() == storage::Dialect::postgres ? " AND strpos(name, ?) > 0" : " AND instr(name, ?) > 0";
    p.emplace_back(*f.contains);
  }
  if (f.name) {
    // A byte range: every UTF-8 string starting with the prefix sorts below prefix + U+10FFFF.
    // A narrow scope (a community or below) is read by its path and sorted; a wide one walks
    // the name index (SQLite's unary + keeps its planner off the other index).
    bool narrow = !f.scope_paths.empty() &&
                  std::all_of(f.scope_paths.begin(), f.scope_paths.end(), territory::store::narrow_path);
    bool lite = tx.dialect() == storage::Dialect::sqlite;
    if (lite && !narrow) {
      sql = unary_plus(sql, "region_path");
    }
    sql += lite && narrow ? " AND +name >= ? AND +name < ?" : " AND name >= ? AND name < ?";
    p.emplace_back(*f.name);
    p.emplace_back(*f.name + "\xF4\x8F\xBF\xBF");
    if (f.before_id) {
      auto at = tx.exec("SELECT name FROM persons WHERE id = ?", {*f.before_id});
      if (!at.empty()) {
        sql += " AND (name > ? OR (name = ? AND id > ?))";
        p.emplace_back(at.rows[0].str(0));
        p.emplace_back(at.rows[0].str(0));
        p.emplace_back(*f.before_id);
      }
    }
    sql += " ORDER BY name, id LIMIT ?";
  } else {
    if (f.before_id) sql += " AND id < ?", p.emplace_back(*f.before_id);
    sql += " ORDER BY id DESC LIMIT ?";
  }
  p.emplace_back(std::int64_t{f.limit});
  return storage::all_as(tx.exec(sql, p), decode_person);
}

}  // namespace wangge::registry::store
