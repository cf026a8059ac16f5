// The territory's SQL. Only this module reads or writes the regions table.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "core/storage/database.h"
#include "territory/region.h"

namespace wangge::territory::store {

// count_children fills child_count (a COUNT over the children index; skip it when unused).
std::optional<Region> get(storage::Tx& tx, const std::string& code, bool with_geometry = true,
                          bool count_children = false);
// Children ordered by code, after `after` (cursor), at most limit.
std::vector<Region> children(storage::Tx& tx, const std::string& code, const std::string& after, int limit,
                             bool with_geometry);
std::int64_t child_count(storage::Tx& tx, const std::string& code);
void insert(storage::Tx& tx, const Region& r, const std::optional<std::array<double, 4>>& bbox);
// The same row, written with the transaction's deferred inserts (Tx::insert_later): the
// rows of a group commit go in multi-row INSERTs. Constraint failures surface at commit.
void insert_later(storage::Tx& tx, const Region& r, const std::optional<std::array<double, 4>>& bbox);
// Path and depth of the node `code` if it exists with level `level` (the parent of a new
// node), without its geometry.
std::optional<std::pair<std::string, int>> parent_slot(storage::Tx& tx, const std::string& code,
                                                       const std::string& level);
// Every region of `level` with a geometry (the point index snapshot).
// (code, path, GeoJSON geometry) of every node of `level` that has a geometry, by code.
struct NodeGeometry {
  std::string code, path, geometry;
};
std::vector<NodeGeometry> geometries_of_level(storage::Tx& tx, const std::string& level);
// Rewrites the path prefix of a whole subtree (after a move).
void repath_subtree(storage::Tx& tx, const std::string& old_path, const std::string& new_path, int depth_delta);
// The first code of the upper bound of paths under `path` ("/44/" -> "/440").
std::string path_upper_bound(const std::string& path);

// For the modules that scope their rows by a region path column (not a query of these
// tables): appends "(column within any of `paths`)" to sql, a range per root ("/" = all,
// none = nothing), binding into params.
void scope_clause(const std::vector<std::string>& paths, const std::string& column, std::string& sql,
                  std::vector<storage::Value>& params);
// True when the path's own node is a community or below (a code of 12 digits or more):
// a subtree small enough to read by its path index and sort.
bool narrow_path(const std::string& path);

}  // namespace wangge::territory::store
