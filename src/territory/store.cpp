#include "territory/store.h"

#include <array>

namespace wangge::territory::store {
namespace {

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
  tx.exec(kInsert, insert_params(r, bbox));
}

void insert_later(storage::Tx& tx, const Region& r, const std::optional<std::array<double, 4>>& bbox) {
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

std::string path_upper_bound(const std::string& path) {
  // Paths are digits and '/'; '0' follows '/' in ASCII, so every path under "/44/" sorts
  // below "/440" and above "/44/".
  std::string up = path;
  up.back() = '0';
  return up;
}

void scope_clause(const std::vector<std::string>& paths, const std::string& column, std::string& sql,
                  std::vector<storage::Value>& params) {
  sql += "(";
  for (std::size_t i = 0; i < paths.size(); ++i) {
    if (i) sql += " OR ";
    if (paths[i] == "/") {
      sql += "1 = 1";
    } else {
      sql += "(" + column + " >= ? AND " + column + " < ?)";
      params.emplace_back(paths[i]);
      params.emplace_back(path_upper_bound(paths[i]));
    }
  }
  if (paths.empty()) sql += "1 = 0";
  sql += ")";
}

bool narrow_path(const std::string& path) {
  if (path.size() < 2) return false;
  std::size_t last = path.rfind('/', path.size() - 2);
  return last != std::string::npos && path.size() - last - 2 >= 12;
}

void repath_subtree(storage::Tx& tx, const std::string& old_path, const std::string& new_path, int depth_delta) {
  tx.exec(
      "UPDATE regions SET path = ? || substr(path, ?), depth = depth + ? "
      "WHERE path >= ? AND path < ?",
      {new_path, static_cast<std::int64_t>(old_path.size() + 1), std::int64_t{depth_delta}, old_path,
       path_upper_bound(old_path)});
}

}  // namespace wangge::territory::store
