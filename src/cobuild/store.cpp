// The SQL of units, their log and their contacts.
#include "cobuild/store.h"

#include "core/storage/rows.h"
#include "core/storage/scope.h"

namespace wangge::cobuild::store {
namespace {

using storage::Value;

constexpr const char* kUnitColumns =
    "u.id, u.region_code, u.region_path, u.name, u.kind, u.credit_code, u.address, u.description, u.alliance, "
    "u.joined_on, u.area, u.status, u.left_on, u.left_reason, u.created_by, u.version, u.created_at, u.updated_at, "
    "(SELECT COUNT(*) FROM cobuild_contacts c WHERE c.unit_id = u.id AND c.removed_at IS NULL) FROM cobuild_units u";

Unit decode_unit(const storage::Row& r) {
  Unit u;
  std::size_t i = 0;
  u.id = r.i64(i++);
  u.region_code = r.str(i++);
  u.region_path = r.str(i++);
  u.name = r.str(i++);
  u.kind = r.str(i++);
  u.credit_code = r.str(i++);
  u.address = r.str(i++);
  u.description = r.str(i++);
  u.alliance = r.i64(i++) != 0;
  u.joined_on = r.opt_str(i++);
  u.area = r.str(i++);
  u.status = r.str(i++);
  u.left_on = r.opt_str(i++);
  u.left_reason = r.str(i++);
  u.created_by = r.i64(i++);
  u.version = r.i64(i++);
  u.created_at = r.i64(i++);
  u.updated_at = r.i64(i++);
  u.contacts = r.i64(i++);
  return u;
}

constexpr const char* kContactColumns =
    "id, unit_id, name, post, phone_sealed, phone_masked, phone_index, user_id, added_at, removed_at, removed_reason "
    "FROM cobuild_contacts";

Contact decode_contact(const storage::Row& r) {
  Contact c;
  std::size_t i = 0;
  c.id = r.i64(i++);
  c.unit_id = r.i64(i++);
  c.name = r.str(i++);
  c.post = r.str(i++);
  c.phone_sealed = r.opt_str(i++);
  c.phone_masked = r.str(i++);
  c.phone_index = r.str(i++);
  c.user_id = r.opt_i64(i++);
  c.added_at = r.i64(i++);
  c.removed_at = r.opt_i64(i++);
  c.removed_reason = r.str(i++);
  return c;
}

// "%text%" for LIKE ... ESCAPE '\', its wildcards taken literally.
std::string unit_like(const std::string& text) {
  std::string like = "%";
  for (char ch : text) {
    if (ch == '%' || ch == '_' || ch == '\\') like += '\\';
    like += ch;
  }
  return like + "%";
}

}  // namespace

std::int64_t insert_unit(storage::Tx& tx, const Unit& u) {
  return tx.insert_id(
      "INSERT INTO cobuild_units (region_code, region_path, name, kind, credit_code, address, description, alliance, "
      "joined_on, area, status, created_by, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "'active', ?, 1, ?, ?) RETURNING id",
      {u.region_code, u.region_path, u.name, u.kind, u.credit_code, u.address, u.description,
       std::int64_t{u.alliance ? 1 : 0}, opt_text(u.joined_on), u.area, u.created_by, u.created_at, u.updated_at});
}

bool update_unit(storage::Tx& tx, const Unit& u, std::int64_t expected_version) {
  return tx.exec(
               "UPDATE cobuild_units SET name = ?, kind = ?, credit_code = ?, address = ?, description = ?, alliance "
               "= ?, joined_on = ?, area = ?, status = ?, left_on = ?, left_reason = ?, version = ?, updated_at = ? "
               "WHERE id = ? AND version = ?",
               {u.name, u.kind, u.credit_code, u.address, u.description, std::int64_t{u.alliance ? 1 : 0},
                opt_text(u.joined_on), u.area, u.status, opt_text(u.left_on), u.left_reason, u.version, u.updated_at,
                u.id, expected_version})
             .changes == 1;
}

std::optional<Unit> unit(storage::Tx& tx, std::int64_t id) {
  return storage::first_or_none(tx.exec(std::string("SELECT ") + kUnitColumns + " WHERE u.id = ?", {id}), decode_unit);
}

std::optional<std::int64_t> active_unit_named(storage::Tx& tx, const std::string& region_code,
                                              const std::string& name) {
  auto res = tx.exec("SELECT id FROM cobuild_units WHERE region_code = ? AND name = ? AND status = 'active'",
                     {region_code, name});
  if (res.empty()) return std::nullopt;
  return res.rows[0].i64(0);
}

std::optional<std::int64_t> active_unit_with_code(storage::Tx& tx, const std::string& region_code,
                                                  const std::string& credit_code) {
  auto res = tx.exec(
      "SELECT id FROM cobuild_units WHERE region_code = ? AND credit_code = ? AND status = 'active' AND credit_code "
      "<> ''",
      {region_code, credit_code});
  if (res.empty()) return std::nullopt;
  return res.rows[0].i64(0);
}

std::vector<Unit> units(storage::Tx& tx, const UnitFilter& f) {
  std::string sql = std::string("SELECT ") + kUnitColumns + " WHERE ";
  std::vector<Value> p;
  storage::reach_clause(f.where.within, f.where.line, "u.region_path", sql, p);
  if (f.where.under) {
    sql += " AND ";
    storage::scope_clause({*f.where.under}, "u.region_path", sql, p);
  }
  if (f.kind) sql += " AND u.kind = ?", p.emplace_back(*f.kind);
  if (f.status) sql += " AND u.status = ?", p.emplace_back(*f.status);
  if (f.alliance) sql += " AND u.alliance = ?", p.emplace_back(std::int64_t{*f.alliance ? 1 : 0});
  if (f.q && !f.q->empty()) sql += " AND u.name LIKE ? ESCAPE '\\'", p.emplace_back(unit_like(*f.q));
  if (f.contact_user) {
    sql += " AND u.id IN (SELECT unit_id FROM cobuild_contacts WHERE user_id = ? AND removed_at IS NULL)";
    p.emplace_back(*f.contact_user);
  }
  if (f.where.before_id) sql += " AND u.id < ?", p.emplace_back(*f.where.before_id);
  sql += " ORDER BY u.id DESC LIMIT ?";
  p.emplace_back(std::int64_t{f.where.limit});
  return storage::all_as(tx.exec(sql, p), decode_unit);
}

std::vector<Unit> units_on_line(storage::Tx& tx, const std::string& path) {
  std::string sql = std::string("SELECT ") + kUnitColumns + " WHERE u.status = 'active' AND ";
  std::vector<Value> p;
  storage::line_clause({path}, "u.region_path", sql, p);
  sql += " ORDER BY u.id";
  return storage::all_as(tx.exec(sql, p), decode_unit);
}

std::map<std::int64_t, std::string> unit_names(storage::Tx& tx, const std::vector<std::int64_t>& ids) {
  std::map<std::int64_t, std::string> out;
  if (ids.empty()) return out;
  std::vector<Value> p;
  std::string in = storage::in_list(ids, p);
  for (const auto& r : tx.exec("SELECT id, name FROM cobuild_units WHERE id IN (" + in + ")", p).rows)
    out[r.i64(0)] = r.str(1);
  return out;
}

void append_log(storage::Tx& tx, const LogEntry& e) {
  tx.insert_later("INSERT INTO cobuild_unit_log (unit_id, action, detail, actor_id, at) VALUES (?, ?, ?, ?, ?)",
                  {e.unit_id, e.action, e.detail, opt_int(e.actor_id), e.at});
}

std::vector<LogEntry> log_of(storage::Tx& tx, std::int64_t unit_id, int limit) {
  return storage::all_as(
      tx.exec("SELECT id, unit_id, action, detail, actor_id, at FROM cobuild_unit_log WHERE unit_id = ? ORDER BY id "
              "DESC LIMIT ?",
              {unit_id, std::int64_t{limit}}),
      [](const storage::Row& r) { return LogEntry{r.i64(0), r.i64(1), r.str(2), r.str(3), r.opt_i64(4), r.i64(5)}; });
}

std::int64_t insert_contact(storage::Tx& tx, const Contact& c) {
  return tx.insert_id(
      "INSERT INTO cobuild_contacts (unit_id, name, post, phone_sealed, phone_masked, phone_index, user_id, added_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {c.unit_id, c.name, c.post, opt_blob(c.phone_sealed), c.phone_masked, c.phone_index, opt_int(c.user_id),
       c.added_at});
}

std::optional<Contact> contact(storage::Tx& tx, std::int64_t id) {
  return storage::first_or_none(tx.exec(std::string("SELECT ") + kContactColumns + " WHERE id = ?", {id}),
                                decode_contact);
}

std::vector<Contact> contacts(storage::Tx& tx, std::int64_t unit_id, bool all) {
  std::string sql = std::string("SELECT ") + kContactColumns + " WHERE unit_id = ?";
  if (!all) sql += " AND removed_at IS NULL";
  sql += " ORDER BY (CASE WHEN removed_at IS NULL THEN 0 ELSE 1 END), id";
  return storage::all_as(tx.exec(sql, {unit_id}), decode_contact);
}

std::map<std::int64_t, std::vector<Contact>> active_contacts(storage::Tx& tx,
                                                             const std::vector<std::int64_t>& unit_ids) {
  std::map<std::int64_t, std::vector<Contact>> out;
  if (unit_ids.empty()) return out;
  std::vector<storage::Value> p;
  std::string in = storage::in_list(unit_ids, p);
  for (auto& c : storage::all_as(tx.exec(std::string("SELECT ") + kContactColumns + " WHERE unit_id IN (" + in +
                                             ") AND removed_at IS NULL ORDER BY unit_id, id",
                                         p),
                                 decode_contact))
    out[c.unit_id].push_back(std::move(c));
  return out;
}

bool contact_with_user(storage::Tx& tx, std::int64_t unit_id, std::int64_t user_id) {
  return !tx.exec("SELECT 1 FROM cobuild_contacts WHERE unit_id = ? AND user_id = ? AND removed_at IS NULL",
                  {unit_id, user_id})
              .empty();
}

bool contact_with_phone(storage::Tx& tx, std::int64_t unit_id, const std::string& phone_index) {
  return !tx.exec("SELECT 1 FROM cobuild_contacts WHERE unit_id = ? AND phone_index = ? AND removed_at IS NULL",
                  {unit_id, phone_index})
              .empty();
}

bool remove_contact(storage::Tx& tx, std::int64_t id, std::int64_t at, const std::string& reason) {
  return tx.exec("UPDATE cobuild_contacts SET removed_at = ?, removed_reason = ? WHERE id = ? AND removed_at IS NULL",
                 {at, reason, id})
             .changes == 1;
}

std::vector<std::int64_t> units_of_user(storage::Tx& tx, std::int64_t user_id) {
  std::vector<std::int64_t> out;
  for (const auto& r : tx.exec("SELECT DISTINCT c.unit_id FROM cobuild_contacts c JOIN cobuild_units u ON u.id = "
                               "c.unit_id WHERE c.user_id = ? AND c.removed_at IS NULL AND u.status = 'active' ORDER "
                               "BY c.unit_id",
                               {user_id})
                           .rows)
    out.push_back(r.i64(0));
  return out;
}

std::map<std::int64_t, std::vector<std::int64_t>> contact_users(storage::Tx& tx, const std::vector<std::int64_t>& ids) {
  std::map<std::int64_t, std::vector<std::int64_t>> out;
  if (ids.empty()) return out;
  std::vector<Value> p;
  std::string in = storage::in_list(ids, p);
  for (const auto& r : tx.exec("SELECT unit_id, user_id FROM cobuild_contacts WHERE removed_at IS NULL AND user_id IS "
                               "NOT NULL AND unit_id IN (" +
                                   in + ") ORDER BY unit_id, user_id",
                               p)
                           .rows)
    out[r.i64(0)].push_back(r.i64(1));
  return out;
}

}  // namespace wangge::cobuild::store
