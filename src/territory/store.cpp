#include "territory/store.h"

#include <algorithm>
#include <array>

#include "core/storage/rows.h"
#include "core/storage/scope.h"

namespace wangge::territory::store {
namespace {

// Tells every node that regions changed: each reloads its grid index and names when this
// transaction commits (app/cluster.cpp subscribes).
void regions_changed(storage::Tx& tx) {
  tx.notify(storage::channels::kTerritory, "regions");
}

constexpr const char* kColumns = "code, parent_code, level, name, path, depth, source, version, created_at, updated_at";
constexpr const char* kChildCount = "(SELECT COUNT(*) FROM regions c WHERE c.parent_code = r.code)";

Region from_row(const storage::Row& row, bool with_geometry) {
  Region r;
  r.code = row.str(0);
  r.parent_code = row.opt_str(1);
  r.level = row.str(2);
  r.name = row.str(3);
  r.path = row.str(4);
  r.depth = static_cast<int>(row.i64(5));
  r.source = row.str(6);
  r.version = row.i64(7);
  r.created_at = row.i64(8);
  r.updated_at = row.i64(9);
  r.child_count = row.i64(10);
  if (with_geometry) r.geometry = row.opt_str(11);
  return r;
}

}  // namespace

std::map<std::string, std::string> names(storage::Tx& tx, const std::vector<std::string>& codes) {
  std::map<std::string, std::string> out;
  for (std::size_t at = 0; at < codes.size(); at += 500) {
    std::vector<std::string> part(codes.begin() + static_cast<std::ptrdiff_t>(at),
                                  codes.begin() + static_cast<std::ptrdiff_t>(std::min(codes.size(), at + 500)));
    std::vector<storage::Value> p;
    for (const auto& r :
         tx.exec("SELECT code, name FROM regions WHERE code IN (" + storage::in_list(part, p) + ")", p).rows)
      out[r.str(0)] = r.str(1);
  }
  return out;
}

std::optional<Region> get(storage::Tx& tx, const std::string& code, bool with_geometry, bool count_children) {
  std::string sql = std::string("SELECT ") + kColumns + ", " + (count_children ? kChildCount : "0") + ", " +
                    (with_geometry ? "geometry" : "geometry IS NOT NULL") + " FROM regions r WHERE code = ?";
  auto res = tx.exec(sql, {code});
  if (res.empty()) return std::nullopt;
  Region r = from_row(res.rows[0], with_geometry);
  if (!with_geometry && res.rows[0].i64(11)) r.geometry = std::string();
  return r;
}

std::vector<Region> children(storage::Tx& tx, const std::string& code, const std::string& after, int limit,
                             bool with_geometry) {
  std::string sql = std::string("SELECT ") + kColumns + ", " + kChildCount + ", " +
                    (with_geometry ? "geometry" : "geometry IS NOT NULL") +
                    " FROM regions r WHERE parent_code = ? AND code > ? ORDER BY code LIMIT ?";
  auto res = tx.exec(sql, {code, after, std::int64_t{limit}});
  std::vector<Region> out;
  out.reserve(res.rows.size());
  for (const auto& row : res.rows) {
    Region r = from_row(row, with_geometry);
    if (!with_geometry && row.i64(11)) r.geometry = std::string();
    out.push_back(std::move(r));
  }
  return out;
}

std::int64_t child_count(storage::Tx& tx, const std::string& code) {
  return tx.exec("SELECT COUNT(*) FROM regions WHERE parent_code = ?", {code}).one().i64(0);
}

std::vector<std::string> root_codes(storage::Tx& tx) {
  return storage::all_as(tx.exec("SELECT code FROM regions WHERE parent_code IS NULL ORDER BY code"),
                         [](const storage::Row& row) { return row.str(0); });
}

std::vector<Region> names_of(storage::Tx& tx, const std::vector<std::string>& codes) {
  if (codes.empty()) return {};
  std::string sql = "SELECT code, name, level FROM regions WHERE code IN (?";
  for (std::size_t i = 1; i < codes.size(); ++i) sql += ",?";
  sql += ") ORDER BY length(code)";
  std::vector<storage::Value> params(codes.begin(), codes.end());
  return storage::all_as(tx.exec(sql, params), [](const storage::Row& row) {
    Region a;
    a.code = row.str(0);
    a.name = row.str(1);
    a.level = row.str(2);
    return a;
  });
}

std::int64_t count(storage::Tx& tx) {
  return tx.exec("SELECT COUNT(*) FROM regions").one().i64(0);
}

bool has_grid_under(storage::Tx& tx, const std::string& prefix) {
  return !tx.exec("SELECT 1 FROM regions WHERE parent_code LIKE '" + prefix + "%' AND level = 'grid' LIMIT 1").empty();
}

bool rename(storage::Tx& tx, const std::string& code, const std::optional<std::string>& name, std::int64_t version,
            std::int64_t now) {
  regions_changed(tx);
  auto res = tx.exec(
      "UPDATE regions SET name = COALESCE(?, name), version = version + 1, updated_at = ? "
      "WHERE code = ? AND version = ?",
      {name ? storage::Value(*name) : storage::Value(nullptr), now, code, version});
  return res.changes == 1;
}

void set_geometry(storage::Tx& tx, const std::string& code, const std::optional<std::string>& geometry,
                  const std::optional<std::array<double, 4>>& bbox, std::optional<std::int64_t> updated_at) {
  regions_changed(tx);
  auto box = [&](int i) {
    return bbox ? storage::Value((*bbox)[static_cast<std::size_t>(i)]) : storage::Value(nullptr);
  };
  storage::Value text = geometry ? storage::Value(*geometry) : storage::Value(nullptr);
  if (updated_at) {
    tx.exec(
        "UPDATE regions SET geometry = ?, min_lng = ?, min_lat = ?, max_lng = ?, max_lat = ?, updated_at = ? WHERE "
        "code = ?",
        {text, box(0), box(1), box(2), box(3), *updated_at, code});
  } else {
    tx.exec("UPDATE regions SET geometry = ?, min_lng = ?, min_lat = ?, max_lng = ?, max_lat = ? WHERE code = ?",
            {text, box(0), box(1), box(2), box(3), code});
  }
}

bool reparent(storage::Tx& tx, const std::string& code, const std::string& parent_code, std::int64_t version,
              std::int64_t now) {
  regions_changed(tx);
  auto res = tx.exec(
      "UPDATE regions SET parent_code = ?, version = version + 1, updated_at = ? WHERE code = ? AND version = ?",
      {parent_code, now, code, version});
  return res.changes == 1;
}

void remove(storage::Tx& tx, const std::string& code) {
  regions_changed(tx);
  tx.exec("DELETE FROM regions WHERE code = ?", {code});
}

std::int64_t upsert_divisions(storage::Tx& tx, const std::vector<Division>& rows, std::int64_t now) {
  regions_changed(tx);
  if (rows.empty()) return 0;
  std::string sql =
      "INSERT INTO regions (code, parent_code, level, name, path, depth, source, version, "
      "created_at, updated_at) VALUES ";
  std::vector<storage::Value> params;
  params.reserve(rows.size() * 9);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    sql += i ? ",(?,?,?,?,?,?,'division',1,?,?)" : "(?,?,?,?,?,?,'division',1,?,?)";
    const auto& d = rows[i];
    params.insert(params.end(),
                  {d.code, d.parent_code.empty() ? storage::Value(nullptr) : storage::Value(d.parent_code), d.level,
                   d.name, d.path, d.depth, now, now});
  }
  // Existing rows: update the name only when it changed (a rename in a new edition).
  sql +=
      " ON CONFLICT (code) DO UPDATE SET name = excluded.name, version = regions.version + 1, "
      "updated_at = excluded.updated_at WHERE regions.name <> excluded.name";
  return tx.exec(sql, params).changes;
}

namespace {

constexpr const char* kInsert =
    "INSERT INTO regions (code, parent_code, level, name, path, depth, geometry, min_lng, "
    "min_lat, max_lng, max_lat, source, version, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)";

std::vector<storage::Value> insert_params(const Region& r, const std::optional<std::array<double, 4>>& bbox) {
  auto opt = [](const std::optional<std::string>& s) { return s ? storage::Value(*s) : storage::Value(nullptr); };
  auto box = [&](int i) {
    return bbox ? storage::Value((*bbox)[static_cast<std::size_t>(i)]) : storage::Value(nullptr);
  };
  return {r.code,          opt(r.parent_code),
          r.level,         r.name,
          r.path,          std::int64_t{r.depth},
          opt(r.geometry), box(0),
          box(1),          box(2),
          box(3),          r.source,
          r.created_at,    r.updated_at};
}

}  // namespace

void insert(storage::Tx& tx, const Region& r, const std::optional<std::array<double, 4>>& bbox) {
  regions_changed(tx);
  tx.exec(kInsert, insert_params(r, bbox));
}

void insert_later(storage::Tx& tx, const Region& r, const std::optional<std::array<double, 4>>& bbox) {
  regions_changed(tx);
  tx.insert_later(kInsert, insert_params(r, bbox));
}

std::optional<std::pair<std::string, int>> parent_slot(storage::Tx& tx, const std::string& code,
                                                       const std::string& level) {
  auto res = tx.exec("SELECT path, depth FROM regions WHERE code = ? AND level = ?", {code, level});
  if (res.empty()) return std::nullopt;
  return std::make_pair(res.rows[0].str(0), static_cast<int>(res.rows[0].i64(1)));
}

std::vector<NodeGeometry> geometries_of_level(storage::Tx& tx, const std::string& level) {
  auto res = tx.exec("SELECT code, path, geometry FROM regions WHERE level = ? AND geometry IS NOT NULL ORDER BY code",
                     {level});
  std::vector<NodeGeometry> out;
  out.reserve(res.rows.size());
  for (const auto& row : res.rows) out.push_back({row.str(0), row.str(1), row.str(2)});
  return out;
}

bool narrow_path(const std::string& path) {
  if (path.size() < 2) return false;
  std::size_t last = path.rfind('/', path.size() - 2);
  return last != std::string::npos && path.size() - last - 2 >= 12;
}

void repath_subtree(storage::Tx& tx, const std::string& old_path, const std::string& new_path, int depth_delta) {
  regions_changed(tx);
  tx.exec(
      "UPDATE regions SET path = ? || substr(path, ?), depth = depth + ? "
      "WHERE path >= ? AND path < ?",
      {new_path, static_cast<std::int64_t>(old_path.size() + 1), std::int64_t{depth_delta}, old_path,
       path_upper_bound(old_path)});
}

std::map<std::string, std::string> paths_under(storage::Tx& tx, const std::string& path) {
  std::map<std::string, std::string> out;
  for (const auto& r :
       tx.exec("SELECT code, path FROM regions WHERE path >= ? AND path < ?", {path, storage::path_upper_bound(path)})
           .rows)
    out[r.str(0)] = r.str(1);
  return out;
}

}  // namespace wangge::territory::store
