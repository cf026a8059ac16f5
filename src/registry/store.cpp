#include "registry/store.h"

#include <algorithm>
#include <map>

#include "core/json.h"
#include "territory/store.h"

namespace wangge::registry::store {
namespace {

using storage::Value;

template <typename T>
Value opt(const std::optional<T>& v) {
  return v ? Value(*v) : Value(nullptr);
}
Value blob(const std::optional<std::string>& v) {
  return v ? Value(storage::Blob{*v}) : Value(nullptr);
}

void scope_clause(const std::vector<std::string>& paths, std::string& sql, std::vector<Value>& p) {
  territory::store::scope_clause(paths, "region_path", sql, p);
}

void under(const std::optional<std::string>& path, std::string& sql, std::vector<Value>& p) {
  if (!path) return;
  sql += " AND region_path >= ? AND region_path < ?";
  p.emplace_back(*path);
  p.emplace_back(territory::store::path_upper_bound(*path));
}

// "id, name" -> "p.id, p.name": a table's column list inside a join.
std::string prefixed(std::string_view columns, std::string_view alias) {
  std::string out;
  std::size_t pos = 0;
  while (pos < columns.size()) {
    std::size_t comma = columns.find(',', pos);
    if (comma == std::string_view::npos) comma = columns.size();
    std::string_view col = columns.substr(pos, comma - pos);
    while (!col.empty() && col.front() == ' ') col.remove_prefix(1);
    if (!out.empty()) out += ", ";
    out.append(alias).append(".").append(col);
    pos = comma + 1;
  }
  return out;
}

constexpr const char* kPersonColumns =
    "id, name, gender, birth_date, id_sealed, id_index, id_masked, phone_sealed, phone_index, phone_masked, "
    "residence_type, floating_registered_on, floating_expires_on, household_id, region_code, region_path, note, "
    "version, created_at, updated_at";

Person decode_person(const storage::Row& r) {
  Person p;
  std::size_t i = 0;
  p.id = r.i64(i++);
  p.name = r.str(i++);
  p.gender = r.str(i++);
  p.birth_date = r.str(i++);
  p.id_sealed = r.opt_str(i++);
  p.id_index = r.opt_str(i++);
  p.id_masked = r.str(i++);
  p.phone_sealed = r.opt_str(i++);
  p.phone_index = r.opt_str(i++);
  p.phone_masked = r.str(i++);
  p.residence_type = r.str(i++);
  p.floating_registered_on = r.opt_str(i++);
  p.floating_expires_on = r.opt_str(i++);
  p.household_id = r.opt_i64(i++);
  p.region_code = r.str(i++);
  p.region_path = r.str(i++);
  p.note = r.str(i++);
  p.version = r.i64(i++);
  p.created_at = r.i64(i++);
  p.updated_at = r.i64(i++);
  return p;
}

std::vector<Value> person_values(const Person& p) {
  return {p.name,
          p.gender,
          p.birth_date,
          blob(p.id_sealed),
          opt(p.id_index),
          p.id_masked,
          blob(p.phone_sealed),
          opt(p.phone_index),
          p.phone_masked,
          p.residence_type,
          opt(p.floating_registered_on),
          opt(p.floating_expires_on),
          opt(p.household_id),
          p.region_code,
          p.region_path,
          p.note,
          p.version,
          p.updated_at};
}

constexpr const char* kHouseholdColumns =
    "id, region_code, region_path, building_id, address, room, housing_type, landlord_id, head_id, version, "
    "created_at, updated_at";

Household decode_household(const storage::Row& r) {
  Household h;
  h.id = r.i64(0);
  h.region_code = r.str(1);
  h.region_path = r.str(2);
  h.building_id = r.opt_i64(3);
  h.address = r.str(4);
  h.room = r.str(5);
  h.housing_type = r.str(6);
  h.landlord_id = r.opt_i64(7);
  h.head_id = r.opt_i64(8);
  h.version = r.i64(9);
  h.created_at = r.i64(10);
  h.updated_at = r.i64(11);
  return h;
}

Tag decode_tag(const storage::Row& r) {
  return Tag{r.i64(0), r.i64(1), r.str(2), r.str(3), r.opt_str(4), r.str(5)};
}
constexpr const char* kTagColumns = "id, person_id, tag, since, until, note";

Membership decode_membership(const storage::Row& r) {
  return Membership{r.i64(0), r.i64(1), r.i64(2), r.str(3), r.str(4), r.opt_str(5), r.opt_str(6)};
}
constexpr const char* kMembershipColumns =
    "id, household_id, person_id, relation, moved_in_on, moved_out_on, out_reason";

constexpr const char* kBuildingColumns = "id, region_code, region_path, name, address, floors, lat, lng, version";
Building decode_building(const storage::Row& r) {
  Building b;
  b.id = r.i64(0);
  b.region_code = r.str(1);
  b.region_path = r.str(2);
  b.name = r.str(3);
  b.address = r.str(4);
  b.floors = r.opt_i64(5);
  if (!r.is_null(6)) b.lat = r.f64(6);
  if (!r.is_null(7)) b.lng = r.f64(7);
  b.version = r.i64(8);
  return b;
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
      for (std::size_t pos = 0; (pos = sql.find("region_path", pos)) != std::string::npos; pos += 12)
        sql.insert(pos++, "+");
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
  std::vector<Person> out;
  for (const auto& r : tx.exec(sql, p).rows) out.push_back(decode_person(r));
  return out;
}

void load_tags(storage::Tx& tx, std::vector<Person>& ps) {
  if (ps.empty()) return;
  std::string in;
  std::vector<Value> p;
  std::map<std::int64_t, Person*> by_id;
  for (auto& x : ps) {
    in += in.empty() ? "?" : ", ?";
    p.emplace_back(x.id);
    by_id[x.id] = &x;
  }
  for (const auto& r : tx.exec(std::string("SELECT ") + kTagColumns + " FROM person_tags WHERE until IS NULL AND " +
                                   "person_id IN (" + in + ") ORDER BY id",
                               p)
                           .rows) {
    Tag t = decode_tag(r);
    by_id[t.person_id]->tags.push_back(std::move(t));
  }
}

std::vector<Tag> tag_history(storage::Tx& tx, std::int64_t person_id) {
  std::vector<Tag> out;
  for (const auto& r :
       tx.exec(std::string("SELECT ") + kTagColumns + " FROM person_tags WHERE person_id = ? ORDER BY id", {person_id})
           .rows)
    out.push_back(decode_tag(r));
  return out;
}

std::int64_t insert_tag(storage::Tx& tx, const Tag& t, std::optional<std::int64_t> by, std::int64_t now) {
  return tx.insert_id(
      "INSERT INTO person_tags (person_id, tag, since, until, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, "
      "?, ?) RETURNING id",
      {t.person_id, t.tag, t.since, opt(t.until), t.note, opt(by), now});
}

std::optional<Tag> tag(storage::Tx& tx, std::int64_t id) {
  auto res = tx.exec(std::string("SELECT ") + kTagColumns + " FROM person_tags WHERE id = ?", {id});
  if (res.empty()) return std::nullopt;
  return decode_tag(res.rows[0]);
}

void end_tag(storage::Tx& tx, std::int64_t id, const std::string& until) {
  tx.exec("UPDATE person_tags SET until = ? WHERE id = ? AND until IS NULL", {until, id});
}

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
  std::vector<Household> out;
  for (const auto& r : tx.exec(sql, p).rows) out.push_back(decode_household(r));
  return out;
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
  std::string in;
  std::vector<Value> p;
  for (auto id : ids) {
    in += in.empty() ? "?" : ", ?";
    p.emplace_back(id);
  }
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

std::int64_t insert_building(storage::Tx& tx, const Building& b, std::int64_t now) {
  return tx.insert_id(
      "INSERT INTO buildings (region_code, region_path, name, address, floors, lat, lng, version, created_at, "
      "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id",
      {b.region_code, b.region_path, b.name, b.address, opt(b.floors), opt(b.lat), opt(b.lng), now, now});
}

std::optional<Building> building(storage::Tx& tx, std::int64_t id) {
  auto res = tx.exec(std::string("SELECT ") + kBuildingColumns + " FROM buildings WHERE id = ?", {id});
  if (res.empty()) return std::nullopt;
  return decode_building(res.rows[0]);
}

std::vector<Building> buildings(storage::Tx& tx, const std::vector<std::string>& scope_paths,
                                const std::optional<std::string>& region_path, int limit) {
  std::string sql = std::string("SELECT ") + kBuildingColumns + " FROM buildings WHERE ";
  std::vector<Value> p;
  scope_clause(scope_paths, sql, p);
  under(region_path, sql, p);
  sql += " ORDER BY region_path, name LIMIT ?";
  p.emplace_back(std::int64_t{limit});
  std::vector<Building> out;
  for (const auto& r : tx.exec(sql, p).rows) out.push_back(decode_building(r));
  return out;
}

std::map<std::int64_t, std::int64_t> household_counts(storage::Tx& tx, const std::vector<std::int64_t>& building_ids) {
  std::map<std::int64_t, std::int64_t> out;
  if (building_ids.empty()) return out;
  std::string in;
  std::vector<Value> p;
  for (auto id : building_ids) {
    in += in.empty() ? "?" : ", ?";
    p.emplace_back(id);
  }
  for (const auto& r :
       tx.exec("SELECT building_id, COUNT(*) FROM households WHERE building_id IN (" + in + ") GROUP BY building_id", p)
           .rows)
    out[r.i64(0)] = r.i64(1);
  return out;
}

std::vector<Building> buildings_named(storage::Tx& tx, const std::string& path, const std::string& name) {
  std::vector<Building> out;
  for (const auto& r :
       tx.exec(std::string("SELECT ") + kBuildingColumns +
                   " FROM buildings WHERE region_path >= ? AND region_path < ? AND name = ? ORDER BY id",
               {path, territory::store::path_upper_bound(path), name})
           .rows)
    out.push_back(decode_building(r));
  return out;
}

bool update_building(storage::Tx& tx, const Building& b, std::int64_t expected, std::int64_t now) {
  return tx.exec(
               "UPDATE buildings SET name = ?, address = ?, floors = ?, lat = ?, lng = ?, version = ?, updated_at = ? "
               "WHERE id = ? AND version = ?",
               {b.name, b.address, opt(b.floors), opt(b.lat), opt(b.lng), b.version, now, b.id, expected})
             .changes == 1;
}

std::int64_t insert_business(storage::Tx& tx, const Business& b, std::int64_t now) {
  return tx.insert_id(
      "INSERT INTO businesses (name, licence_no, kind, owner_id, region_code, region_path, building_id, address, "
      "version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id",
      {b.name, opt(b.licence_no), b.kind, opt(b.owner_id), b.region_code, b.region_path, opt(b.building_id), b.address,
       now, now});
}

namespace {

constexpr const char* kBusinessColumns =
    "id, name, licence_no, kind, owner_id, region_code, region_path, building_id, address, version";
constexpr std::size_t kBusinessColumnCount = 10;

Business decode_business(const storage::Row& r) {
  Business b;
  b.id = r.i64(0);
  b.name = r.str(1);
  b.licence_no = r.opt_str(2);
  b.kind = r.str(3);
  b.owner_id = r.opt_i64(4);
  b.region_code = r.str(5);
  b.region_path = r.str(6);
  b.building_id = r.opt_i64(7);
  b.address = r.str(8);
  b.version = r.i64(9);
  return b;
}

}  // namespace

std::optional<Business> business_by_licence(storage::Tx& tx, const std::string& licence_no) {
  auto res = tx.exec(std::string("SELECT ") + kBusinessColumns + " FROM businesses WHERE licence_no = ?", {licence_no});
  if (res.empty()) return std::nullopt;
  return decode_business(res.rows[0]);
}

std::optional<Business> business_named(storage::Tx& tx, const std::string& region_code, const std::string& name) {
  auto res =
      tx.exec(std::string("SELECT ") + kBusinessColumns +
                  " FROM businesses WHERE region_code = ? AND name = ? AND licence_no IS NULL ORDER BY id LIMIT 1",
              {region_code, name});
  if (res.empty()) return std::nullopt;
  return decode_business(res.rows[0]);
}

bool update_business(storage::Tx& tx, const Business& b, std::int64_t expected, std::int64_t now) {
  return tx.exec(
               "UPDATE businesses SET name = ?, licence_no = ?, kind = ?, owner_id = ?, region_code = ?, region_path = "
               "?, "
               "building_id = ?, address = ?, version = ?, updated_at = ? WHERE id = ? AND version = ?",
               {b.name, opt(b.licence_no), b.kind, opt(b.owner_id), b.region_code, b.region_path, opt(b.building_id),
                b.address, b.version, now, b.id, expected})
             .changes == 1;
}

std::vector<Business> businesses(storage::Tx& tx, const std::vector<std::string>& scope_paths,
                                 const std::optional<std::string>& region_path, int limit) {
  std::string sql = std::string("SELECT ") + kBusinessColumns + " FROM businesses WHERE ";
  std::vector<Value> p;
  scope_clause(scope_paths, sql, p);
  under(region_path, sql, p);
  sql += " ORDER BY id DESC LIMIT ?";
  p.emplace_back(std::int64_t{limit});
  std::vector<Business> out;
  for (const auto& r : tx.exec(sql, p).rows) out.push_back(decode_business(r));
  return out;
}

namespace {

constexpr const char* kVisitColumns =
    "id, household_id, region_code, region_path, status, planned_on, visited_at, visitor_id, visitor_name, purpose, "
    "findings, photos, lat, lng, event_id, version, created_at, updated_at";

Visit decode_visit(const storage::Row& r) {
  Visit v;
  std::size_t i = 0;
  v.id = r.i64(i++);
  v.household_id = r.i64(i++);
  v.region_code = r.str(i++);
  v.region_path = r.str(i++);
  v.status = r.str(i++);
  v.planned_on = r.opt_str(i++);
  v.visited_at = r.opt_i64(i++);
  v.visitor_id = r.opt_i64(i++);
  v.visitor_name = r.str(i++);
  v.purpose = r.str(i++);
  v.findings = r.str(i++);
  v.photos = r.str(i++);
  if (!r.is_null(i)) v.lat = r.f64(i);
  ++i;
  if (!r.is_null(i)) v.lng = r.f64(i);
  ++i;
  v.event_id = r.opt_i64(i++);
  v.version = r.i64(i++);
  v.created_at = r.i64(i++);
  v.updated_at = r.i64(i++);
  return v;
}

}  // namespace

std::int64_t insert_visit(storage::Tx& tx, const Visit& v) {
  return tx.insert_id(
      "INSERT INTO visits (household_id, region_code, region_path, status, planned_on, visited_at, visitor_id, "
      "visitor_name, purpose, findings, photos, lat, lng, event_id, version, created_at, updated_at) VALUES (?, ?, "
      "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {v.household_id, v.region_code, v.region_path, v.status, opt(v.planned_on), opt(v.visited_at), opt(v.visitor_id),
       v.visitor_name, v.purpose, v.findings, v.photos, opt(v.lat), opt(v.lng), opt(v.event_id), v.version,
       v.created_at, v.updated_at});
}

bool update_visit(storage::Tx& tx, const Visit& v, std::int64_t expected) {
  return tx.exec(
               "UPDATE visits SET status = ?, planned_on = ?, visited_at = ?, visitor_id = ?, visitor_name = ?, "
               "purpose = ?, findings = ?, photos = ?, lat = ?, lng = ?, event_id = ?, version = ?, updated_at = ? "
               "WHERE id = ? AND version = ?",
               {v.status, opt(v.planned_on), opt(v.visited_at), opt(v.visitor_id), v.visitor_name, v.purpose,
                v.findings, v.photos, opt(v.lat), opt(v.lng), opt(v.event_id), v.version, v.updated_at, v.id, expected})
             .changes == 1;
}

std::optional<Visit> visit(storage::Tx& tx, std::int64_t id) {
  auto res = tx.exec(std::string("SELECT ") + kVisitColumns + " FROM visits WHERE id = ?", {id});
  if (res.empty()) return std::nullopt;
  return decode_visit(res.rows[0]);
}

std::vector<Visit> visits(storage::Tx& tx, const std::vector<std::string>& scope_paths,
                          const std::optional<std::int64_t>& household_id,
                          const std::optional<std::string>& region_path, const std::optional<std::string>& status,
                          const std::optional<std::int64_t>& before_id, int limit) {
  std::string sql = std::string("SELECT ") + kVisitColumns + " FROM visits WHERE ";
  std::vector<Value> p;
  scope_clause(scope_paths, sql, p);
  under(region_path, sql, p);
  if (household_id) sql += " AND household_id = ?", p.emplace_back(*household_id);
  if (status) sql += " AND status = ?", p.emplace_back(*status);
  if (before_id) sql += " AND id < ?", p.emplace_back(*before_id);
  sql += " ORDER BY id DESC LIMIT ?";
  p.emplace_back(std::int64_t{limit});
  std::vector<Visit> out;
  for (const auto& r : tx.exec(sql, p).rows) out.push_back(decode_visit(r));
  return out;
}

void mark_visited(storage::Tx& tx, std::int64_t household_id, std::int64_t at) {
  tx.exec("UPDATE households SET last_visited_at = ? WHERE id = ? AND (last_visited_at IS NULL OR last_visited_at < ?)",
          {at, household_id, at});
}

std::vector<Unvisited> unvisited(storage::Tx& tx, const std::vector<std::string>& scope_paths,
                                 const std::optional<std::string>& region_path, std::int64_t cutoff_ms,
                                 const std::optional<std::pair<std::int64_t, std::int64_t>>& after, int limit) {
  std::string sql = std::string("SELECT ") + kHouseholdColumns + ", last_visited_at FROM households WHERE ";
  std::vector<Value> p;
  scope_clause(scope_paths, sql, p);
  under(region_path, sql, p);
  sql += " AND COALESCE(last_visited_at, 0) < ?";
  p.emplace_back(cutoff_ms);
  if (after) {
    sql += " AND (COALESCE(last_visited_at, 0) > ? OR (COALESCE(last_visited_at, 0) = ? AND id > ?))";
    p.emplace_back(after->first);
    p.emplace_back(after->first);
    p.emplace_back(after->second);
  }
  sql += " ORDER BY COALESCE(last_visited_at, 0), id LIMIT ?";
  p.emplace_back(std::int64_t{limit});
  std::vector<Unvisited> out;
  for (const auto& r : tx.exec(sql, p).rows) out.push_back({decode_household(r), r.opt_i64(12)});
  return out;
}

std::map<std::string, std::pair<std::int64_t, std::int64_t>> visit_coverage(storage::Tx& tx, const std::string& path,
                                                                            std::int64_t from, std::int64_t to) {
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> out;
  std::vector<Value> p{path, territory::store::path_upper_bound(path)};
  for (const auto& r : tx.exec("SELECT substr(region_code, 1, 15), COUNT(*) FROM households WHERE region_path >= ? "
                               "AND region_path < ? GROUP BY 1",
                               p)
                           .rows)
    out[r.str(0)].first = r.i64(1);
  p.emplace_back(from);
  p.emplace_back(to);
  for (const auto& r : tx.exec("SELECT substr(region_code, 1, 15), COUNT(DISTINCT household_id) FROM visits WHERE "
                               "region_path >= ? AND region_path < ? AND status = 'done' AND visited_at >= ? AND "
                               "visited_at < ? GROUP BY 1",
                               p)
                           .rows)
    out[r.str(0)].second = r.i64(1);
  return out;
}

std::optional<std::int64_t> household_at(storage::Tx& tx, const std::string& region_code, const std::string& address,
                                         const std::string& room) {
  auto res = tx.exec("SELECT id FROM households WHERE region_code = ? AND address = ? AND room = ? ORDER BY id LIMIT 1",
                     {region_code, address, room});
  if (res.empty()) return std::nullopt;
  return res.rows[0].i64(0);
}

namespace {
constexpr const char* kImportColumns =
    "id, kind, status, dry_run, filename, encoding, file_path, rows_total, rows_done, inserted, updated, unchanged, "
    "error_count, errors, message, created_by, scope, created_at, finished_at";
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

std::int64_t count_under(storage::Tx& tx, const std::string& path) {
  std::string hi = territory::store::path_upper_bound(path);
  std::string sql = "SELECT 0";
  std::vector<Value> p;
  for (const char* table : {"buildings", "households", "persons", "businesses", "visits"}) {
    sql += std::string(" + (SELECT COUNT(*) FROM ") + table + " WHERE region_path >= ? AND region_path < ?)";
    p.emplace_back(path);
    p.emplace_back(hi);
  }
  return tx.exec(sql, p).one().i64(0);
}

std::int64_t count_uses(storage::Tx& tx, const std::string& region_code) {
  return tx
      .exec(
          "SELECT (SELECT COUNT(*) FROM buildings WHERE region_code = ?) + (SELECT COUNT(*) FROM households WHERE "
          "region_code = ?) + (SELECT COUNT(*) FROM persons WHERE region_code = ?) + (SELECT COUNT(*) FROM businesses "
          "WHERE region_code = ?)",
          {region_code, region_code, region_code, region_code})
      .one()
      .i64(0);
}

// --- exports ---

namespace {

// The rows of `alias` under `path` after the cursor, in (region_path, id) order: the
// table's (region_path, id) index read in order, one page at a time.
std::string page_clause(std::string_view alias, const std::string& path, const PathCursor& after, int limit,
                        std::vector<Value>& p) {
  std::string a(alias);
  std::string sql = " WHERE " + a + ".region_path >= ? AND " + a + ".region_path < ?";
  p.emplace_back(path);
  p.emplace_back(territory::store::path_upper_bound(path));
  if (!after.region_path.empty()) {
    sql += " AND (" + a + ".region_path > ? OR (" + a + ".region_path = ? AND " + a + ".id > ?))";
    p.emplace_back(after.region_path);
    p.emplace_back(after.region_path);
    p.emplace_back(after.id);
  }
  sql += " ORDER BY " + a + ".region_path, " + a + ".id LIMIT ?";
  p.emplace_back(std::int64_t{limit});
  return sql;
}

}  // namespace

std::vector<PersonRow> export_persons(storage::Tx& tx, const std::string& path, const PathCursor& after, int limit) {
  std::vector<Value> p;
  std::string sql = "SELECT " + prefixed(kPersonColumns, "p") +
                    ", h.address, h.room, h.housing_type, m.relation, m.moved_in_on FROM persons p "
                    "LEFT JOIN households h ON h.id = p.household_id "
                    "LEFT JOIN household_members m ON m.person_id = p.id AND m.moved_out_on IS NULL" +
                    page_clause("p", path, after, limit, p);
  auto rows = tx.exec(sql, p).rows;
  std::vector<Person> persons;
  persons.reserve(rows.size());
  for (const auto& r : rows) persons.push_back(decode_person(r));
  load_tags(tx, persons);
  std::vector<PersonRow> out;
  out.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    std::size_t c = 20;  // after kPersonColumns
    out.push_back(PersonRow{std::move(persons[i]), r.str(c), r.str(c + 1), r.str(c + 2), r.str(c + 3), r.str(c + 4)});
  }
  return out;
}

std::vector<HouseholdRow> export_households(storage::Tx& tx, const std::string& path, const PathCursor& after,
                                            int limit) {
  std::vector<Value> p;
  std::string sql = "SELECT " + prefixed(kHouseholdColumns, "h") +
                    ", b.name, hd.name, hd.region_path, ll.name, ll.region_path, h.last_visited_at, "
                    "(SELECT count(*) FROM household_members m WHERE m.household_id = h.id AND m.moved_out_on IS NULL) "
                    "FROM households h LEFT JOIN buildings b ON b.id = h.building_id "
                    "LEFT JOIN persons hd ON hd.id = h.head_id LEFT JOIN persons ll ON ll.id = h.landlord_id" +
                    page_clause("h", path, after, limit, p);
  std::vector<HouseholdRow> out;
  for (const auto& r : tx.exec(sql, p).rows) {
    std::size_t c = 12;  // after kHouseholdColumns
    out.push_back(HouseholdRow{decode_household(r), r.str(c), r.str(c + 1), r.str(c + 2), r.str(c + 3), r.str(c + 4),
                               r.i64(c + 6), r.opt_i64(c + 5)});
  }
  return out;
}

std::vector<BuildingRow> export_buildings(storage::Tx& tx, const std::string& path, const PathCursor& after,
                                          int limit) {
  std::vector<Value> p;
  std::string sql = "SELECT " + prefixed(kBuildingColumns, "b") +
                    ", (SELECT count(*) FROM households h WHERE h.building_id = b.id) FROM buildings b" +
                    page_clause("b", path, after, limit, p);
  std::vector<BuildingRow> out;
  for (const auto& r : tx.exec(sql, p).rows) out.push_back(BuildingRow{decode_building(r), r.i64(9)});
  return out;
}

std::vector<BusinessRow> export_businesses(storage::Tx& tx, const std::string& path, const PathCursor& after,
                                           int limit) {
  std::vector<Value> p;
  std::string sql = "SELECT " + prefixed(kBusinessColumns, "x") +
                    ", b.name, o.name, o.region_path FROM businesses x LEFT JOIN buildings b ON b.id = x.building_id "
                    "LEFT JOIN persons o ON o.id = x.owner_id" +
                    page_clause("x", path, after, limit, p);
  std::vector<BusinessRow> out;
  for (const auto& r : tx.exec(sql, p).rows) {
    std::size_t c = kBusinessColumnCount;
    out.push_back(BusinessRow{decode_business(r), r.str(c), r.str(c + 1), r.str(c + 2)});
  }
  return out;
}

std::vector<VisitRow> export_visits(storage::Tx& tx, const std::string& path, const PathCursor& after, int limit) {
  std::vector<Value> p;
  std::string sql = "SELECT " + prefixed(kVisitColumns, "v") +
                    ", h.address, h.room FROM visits v JOIN households h ON h.id = v.household_id" +
                    page_clause("v", path, after, limit, p);
  std::vector<VisitRow> out;
  for (const auto& r : tx.exec(sql, p).rows) out.push_back(VisitRow{decode_visit(r), r.str(18), r.str(19)});
  return out;
}

}  // namespace wangge::registry::store
