// The SQL of supplies (物资储备) and their movements.
#include "core/storage/rows.h"
#include "emergency/store_sql.h"

namespace wangge::emergency::store {
namespace {

using storage::Value;

constexpr const char* kSupplyColumns =
    "id, region_code, region_path, name, category, quantity, unit, location, keeper_name, min_quantity, expires_on, "
    "version, created_at, updated_at FROM emergency_supplies";

Supply decode_supply(const storage::Row& r) {
  Supply s;
  std::size_t i = 0;
  s.id = r.i64(i++);
  s.region_code = r.str(i++);
  s.region_path = r.str(i++);
  s.name = r.str(i++);
  s.category = r.str(i++);
  s.quantity = r.i64(i++);
  s.unit = r.str(i++);
  s.location = r.str(i++);
  s.keeper_name = r.str(i++);
  s.min_quantity = r.i64(i++);
  s.expires_on = r.opt_str(i++);
  s.version = r.i64(i++);
  s.created_at = r.i64(i++);
  s.updated_at = r.i64(i++);
  return s;
}

}  // namespace

std::int64_t insert_supply(storage::Tx& tx, const Supply& s) {
  return tx.insert_id(
      "INSERT INTO emergency_supplies (region_code, region_path, name, category, quantity, unit, location, "
      "keeper_name, min_quantity, expires_on, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "1, "
      "?, ?) RETURNING id",
      {s.region_code, s.region_path, s.name, s.category, s.quantity, s.unit, s.location, s.keeper_name, s.min_quantity,
       sql::opt(s.expires_on), s.created_at, s.updated_at});
}

bool update_supply(storage::Tx& tx, const Supply& s, std::int64_t expected_version) {
  return tx.exec(
               "UPDATE emergency_supplies SET name = ?, category = ?, unit = ?, location = ?, keeper_name = ?, "
               "min_quantity = ?, expires_on = ?, version = ?, updated_at = ? WHERE id = ? AND version = ?",
               {s.name, s.category, s.unit, s.location, s.keeper_name, s.min_quantity, sql::opt(s.expires_on),
                s.version, s.updated_at, s.id, expected_version})
             .changes == 1;
}

std::optional<Supply> supply(storage::Tx& tx, std::int64_t id) {
  return storage::first_or_none(tx.exec(std::string("SELECT ") + kSupplyColumns + " WHERE id = ?", {id}),
                                decode_supply);
}

std::optional<Supply> supply_named(storage::Tx& tx, const std::string& region_code, const std::string& name,
                                   const std::string& location) {
  return storage::first_or_none(
      tx.exec(std::string("SELECT ") + kSupplyColumns + " WHERE region_code = ? AND name = ? AND location = ?",
              {region_code, name, location}),
      decode_supply);
}

std::vector<Supply> supplies(storage::Tx& tx, const SupplyFilter& f) {
  std::string q = std::string("SELECT ") + kSupplyColumns + " WHERE ";
  std::vector<Value> p;
  sql::reach(f.reach, "region_path", q, p);
  if (f.category) q += " AND category = ?", p.emplace_back(*f.category);
  if (f.flag == "expired") {
    q += " AND expires_on IS NOT NULL AND expires_on < ?";
    p.emplace_back(f.today);
  } else if (f.flag == "expiring") {
    q += " AND expires_on IS NOT NULL AND expires_on >= ? AND expires_on <= ?";
    p.emplace_back(f.today);
    p.emplace_back(f.soon);
  } else if (f.flag == "below_minimum") {
    q += " AND quantity < min_quantity";
  }
  if (f.before_id) q += " AND id < ?", p.emplace_back(*f.before_id);
  q += " ORDER BY id DESC LIMIT ?";
  p.emplace_back(std::int64_t{f.limit});
  return storage::all_as(tx.exec(q, p), decode_supply);
}

std::optional<std::int64_t> move(storage::Tx& tx, std::int64_t id, std::int64_t delta, std::int64_t at) {
  // Guarded: an issue takes only what is there (the row is held until the commit).
  auto changed = tx.exec(
                       "UPDATE emergency_supplies SET quantity = quantity + ?, version = version + 1, updated_at = ? "
                       "WHERE id = ? AND quantity + ? >= 0",
                       {delta, at, id, delta})
                     .changes;
  if (changed != 1) return std::nullopt;
  return tx.exec("SELECT quantity FROM emergency_supplies WHERE id = ?", {id}).one().i64(0);
}

void insert_movement(storage::Tx& tx, const Movement& m) {
  tx.exec(
      "INSERT INTO emergency_supply_movements (supply_id, direction, quantity, balance, reason, actor_id, at) VALUES "
      "(?, ?, ?, ?, ?, ?, ?)",
      {m.supply_id, m.direction, m.quantity, m.balance, m.reason, sql::opt(m.actor_id), m.at});
}

std::vector<Movement> movements(storage::Tx& tx, std::int64_t supply_id, int limit) {
  auto res = tx.exec(
      "SELECT id, supply_id, direction, quantity, balance, reason, actor_id, at FROM emergency_supply_movements WHERE "
      "supply_id = ? ORDER BY id DESC LIMIT ?",
      {supply_id, std::int64_t{limit}});
  return storage::all_as(res, [](const storage::Row& r) {
    return Movement{r.i64(0), r.i64(1), r.str(2), r.i64(3), r.i64(4), r.str(5), r.opt_i64(6), r.i64(7)};
  });
}

}  // namespace wangge::emergency::store
