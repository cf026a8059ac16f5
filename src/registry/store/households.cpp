// Households and their membership history.
#include "registry/store.h"

#include <algorithm>
#include <map>

#include "core/json.h"
#include "core/storage/rows.h"
#include "registry/store/rows.h"
#include "territory/store.h"

namespace wangge::registry::store {

using namespace detail;

std::int64_t insert_household(storage::Tx& tx, const Household& h) {
  std::int64_t id = tx.insert_id(
      "INSERT INTO households (region_code, region_path, building_id, address, room, housing_type, landlord_id, "
      "head_id, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {h.region_code, h.region_path, opt(h.building_id), h.address, h.room, h.housing_type, opt(h.landlord_id),
       opt(h.head_id), h.version, h.created_at, h.updated_at});
  // SQLite's address index, written with the transaction's deferred inserts (migration 0022).
  if (tx.dialect() == storage::Dialect::sqlite)
    tx.insert_later("INSERT INTO households_fts (rowid, address) VALUES (?, ?)", {id, h.address});
  return id;
}

bool update_household(storage::Tx& tx, const Household& h, std::int64_t expected) {
  return tx.exec(
               "UPDATE households SET building_id = ?, address = ?, room = ?, housing_type = ?, landlord_id = ?, "
               "head_id = ?, version = ?, updated_at = ? WHERE id = ? AND version = ?",
               {opt(h.building_id), h.address, h.room, h.housing_type, opt(h.landlord_id), opt(h.head_id), h.version,
                h.updated_at, h.id, expected})
             .changes == 1;
}

bool head_if_none(storage::Tx& tx, std::int64_t household_id, std::int64_t person_id, std::int64_t now) {
  return tx.exec(
               "UPDATE households SET head_id = ?, version = version + 1, updated_at = ? "
               "WHERE id = ? AND head_id IS NULL",
               {person_id, now, household_id})
             .changes == 1;
}

void clear_head_if(storage::Tx& tx, std::int64_t household_id, std::int64_t person_id, std::int64_t now) {
  tx.exec("UPDATE households SET head_id = NULL, version = version + 1, updated_at = ? WHERE id = ? AND head_id = ?",
          {now, household_id, person_id});
}

std::optional<Household> household(storage::Tx& tx, std::int64_t id) {
  auto res = tx.exec(std::string("SELECT ") + kHouseholdColumns + " FROM households WHERE id = ?", {id});
  if (res.empty()) return std::nullopt;
  return decode_household(res.rows[0]);
}

std::vector<Household> households(storage::Tx& tx, const HouseholdFilter& f) {
  bool lite = tx.dialect() == storage::Dialect::sqlite;
  bool narrow =
      !f.scope_paths.empty() && std::all_of(f.scope_paths.begin(), f.scope_paths.end(), territory::store::narrow_path);
  if (f.region_path) narrow = narrow || territory::store::narrow_path(*f.region_path);
  // Three characters or more make a trigram: a wide scope is searched through the index,
  // walked newest first (SQLite: the FTS table drives, in rowid order, and stops at the page).
  bool by_index = f.address && !narrow && json::utf8_length(*f.address) >= 3;
  std::string sql = "SELECT " + prefixed(kHouseholdColumns, "h") +
                    (by_index && lite ? " FROM households_fts f JOIN households h ON h.id = f.rowid WHERE "
                                      : " FROM households h WHERE ");
  std::vector<Value> p;
  territory::store::scope_clause(f.scope_paths, "h.region_path", sql, p);
  if (f.region_path) {
    sql += " AND h.region_path >= ? AND h.region_path < ?";
    p.emplace_back(*f.region_path);
    p.emplace_back(territory::store::path_upper_bound(*f.region_path));
  }
  if (f.building_id) sql += " AND h.building_id = ?", p.emplace_back(*f.building_id);
  if (f.address) {
    if (by_index && lite) {
      // A phrase: the text in double quotes, its own quotes doubled.
      std::string phrase = "\"";
      for (char c : *f.address) phrase += c == '"' ? std::string("\"\"") : std::string(1, c);
      sql += " AND households_fts MATCH ?", p.emplace_back(phrase + "\"");
    } else if (by_index) {
      std::string like = "%";
      for (char c : *f.address) {
        if (c == '%' || c == '_' || c == '\\') like += '\\';
        like += c;
      }
      sql += " AND h.address LIKE ?", p.emplace_back(like + "%");
    } else {
      sql += lite ? " AND instr(h.address, ?) > 0" : " AND strpos(h.address, ?) > 0";
      p.emplace_back(*f.address);
    }
  }
  if (f.tag) {
    sql +=
        " AND h.id IN (SELECT m.household_id FROM household_members m JOIN person_tags t ON t.person_id = "
        "m.person_id WHERE m.moved_out_on IS NULL AND t.tag = ? AND t.until IS NULL)";
    p.emplace_back(*f.tag);
  }
  std::string id = by_index && lite ? "f.rowid" : "h.id";
  if (f.before_id) sql += " AND " + id + " < ?", p.emplace_back(*f.before_id);
  sql += " ORDER BY " + id + " DESC LIMIT ?";
  p.emplace_back(std::int64_t{f.limit});
  return storage::all_as(tx.exec(sql, p), decode_household);
}

std::vector<Membership> memberships(storage::Tx& tx, std::int64_t household_id) {
  std::vector<Membership> out;
  for (const auto& r : tx.exec(std::string("SELECT ") + kMembershipColumns +
                                   " FROM household_members WHERE household_id = ? ORDER BY id",
                               {household_id})
                           .rows)
    out.push_back(decode_membership(r));
  return out;
}

std::map<std::int64_t, std::int64_t> current_member_counts(storage::Tx& tx, const std::vector<std::int64_t>& ids) {
  std::map<std::int64_t, std::int64_t> out;
  if (ids.empty()) return out;
  std::vector<Value> p;
  const std::string in = storage::in_list(ids, p);
  for (const auto& r : tx.exec("SELECT household_id, COUNT(*) FROM household_members WHERE moved_out_on IS NULL AND "
                               "household_id IN (" +
                                   in + ") GROUP BY household_id",
                               p)
                           .rows)
    out[r.i64(0)] = r.i64(1);
  return out;
}

std::optional<Membership> current_membership(storage::Tx& tx, std::int64_t person_id) {
  auto res = tx.exec(std::string("SELECT ") + kMembershipColumns +
                         " FROM household_members WHERE person_id = ? AND moved_out_on IS NULL",
                     {person_id});
  if (res.empty()) return std::nullopt;
  return decode_membership(res.rows[0]);
}

std::int64_t insert_membership(storage::Tx& tx, const Membership& m, std::optional<std::int64_t> by, std::int64_t now) {
  return tx.insert_id(
      "INSERT INTO household_members (household_id, person_id, relation, moved_in_on, created_by, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
      {m.household_id, m.person_id, m.relation, m.moved_in_on, opt(by), now});
}

void add_membership_later(storage::Tx& tx, const Membership& m, std::optional<std::int64_t> by, std::int64_t now) {
  tx.insert_later(
      "INSERT INTO household_members (household_id, person_id, relation, moved_in_on, created_by, created_at) VALUES "
      "(?, ?, ?, ?, ?, ?)",
      {m.household_id, m.person_id, m.relation, m.moved_in_on, opt(by), now});
}

void add_tag_later(storage::Tx& tx, const Tag& t, std::optional<std::int64_t> by, std::int64_t now) {
  tx.insert_later(
      "INSERT INTO person_tags (person_id, tag, since, until, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, "
      "?)",
      {t.person_id, t.tag, t.since, opt(t.until), t.note, opt(by), now});
}

void set_relation(storage::Tx& tx, std::int64_t membership_id, const std::string& relation) {
  tx.exec("UPDATE household_members SET relation = ? WHERE id = ? AND moved_out_on IS NULL", {relation, membership_id});
}

void close_membership(storage::Tx& tx, std::int64_t id, const std::string& on, const std::string& reason) {
  tx.exec("UPDATE household_members SET moved_out_on = ?, out_reason = ? WHERE id = ? AND moved_out_on IS NULL",
          {on, reason, id});
}

std::optional<std::int64_t> household_at(storage::Tx& tx, const std::string& region_code, const std::string& address,
                                         const std::string& room) {
  auto res = tx.exec("SELECT id FROM households WHERE region_code = ? AND address = ? AND room = ? ORDER BY id LIMIT 1",
                     {region_code, address, room});
  if (res.empty()) return std::nullopt;
  return res.rows[0].i64(0);
}

}  // namespace wangge::registry::store
