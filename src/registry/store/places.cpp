// Buildings and businesses.
#include "registry/store.h"

#include <algorithm>
#include <map>

#include "core/json.h"
#include "core/storage/rows.h"
#include "registry/store/rows.h"
#include "territory/store.h"

namespace wangge::registry::store {

using namespace detail;

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
  return storage::all_as(tx.exec(sql, p), decode_building);
}

std::map<std::int64_t, std::int64_t> household_counts(storage::Tx& tx, const std::vector<std::int64_t>& building_ids) {
  std::map<std::int64_t, std::int64_t> out;
  if (building_ids.empty()) return out;
  std::vector<Value> p;
  const std::string in = storage::in_list(building_ids, p);
  for (const auto& r :
       tx.exec("SELECT building_id, COUNT(*) FROM households WHERE building_id IN (" + in + ") GROUP BY building_id", p)
           .rows)
    out[r.i64(0)] = r.i64(1);
  return out;
}

std::vector<Building> buildings_near(storage::Tx& tx, double min_lng, double min_lat, double max_lng, double max_lat,
                                     int limit) {
  const double lat = (min_lat + max_lat) / 2, lng = (min_lng + max_lng) / 2;
  return storage::all_as(
      tx.exec("SELECT id, name, lat, lng FROM buildings WHERE lat BETWEEN ? AND ? AND lng BETWEEN ? AND ? "
              "ORDER BY (lat - ?) * (lat - ?) + (lng - ?) * (lng - ?), id LIMIT ?",
              {min_lat, max_lat, min_lng, max_lng, lat, lat, lng, lng, std::int64_t{limit}}),
      [](const storage::Row& r) {
        Building b;
        b.id = r.i64(0);
        b.name = r.str(1);
        b.lat = r.f64(2);
        b.lng = r.f64(3);
        return b;
      });
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
  return storage::all_as(tx.exec(sql, p), decode_business);
}

}  // namespace wangge::registry::store
