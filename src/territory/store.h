// The territory's SQL. Only this module reads or writes the regions table.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/storage/database.h"
#include "core/storage/scope.h"
#include "territory/region.h"

namespace wangge::territory::store {

// count_children fills child_count (a COUNT over the children index; skip it when unused).
// The names of these codes (unknown codes left out), in one read per 500.
std::map<std::string, std::string> names(storage::Tx& tx, const std::vector<std::string>& codes);
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
// The codes of the root regions (no parent), by code.
std::vector<std::string> root_codes(storage::Tx& tx);
// (code, name, level) of the regions `codes`, shortest code (highest) first.
std::vector<Region> names_of(storage::Tx& tx, const std::vector<std::string>& codes);
std::int64_t count(storage::Tx& tx);
// Every node at `path` or under it: code -> path.
std::map<std::string, std::string> paths_under(storage::Tx& tx, const std::string& path);
// True when some grid lies in the subtree of the code `prefix` (its children's codes
// start with it).
bool has_grid_under(storage::Tx& tx, const std::string& prefix);
// Renames the node (name unset: unchanged) if it still has `version`; bumps the version.
// False when it changed meanwhile (or is gone).
bool rename(storage::Tx& tx, const std::string& code, const std::optional<std::string>& name, std::int64_t version,
            std::int64_t now);
// Sets (geometry and bbox given) or removes (neither) the node's geometry and its box;
// updated_at when given.
void set_geometry(storage::Tx& tx, const std::string& code, const std::optional<std::string>& geometry,
                  const std::optional<std::array<double, 4>>& bbox, std::optional<std::int64_t> updated_at);
// Moves the node under `parent_code` if it still has `version` (its path is repath_subtree's).
bool reparent(storage::Tx& tx, const std::string& code, const std::string& parent_code, std::int64_t version,
              std::int64_t now);
void remove(storage::Tx& tx, const std::string& code);
// Official divisions: inserted, or renamed when their name changed (version bumped).
// Answers how many rows were inserted or renamed.
struct Division {
  std::string code, parent_code, level, name, path;  // parent_code "" for a province
  std::int64_t depth = 0;
};
std::int64_t upsert_divisions(storage::Tx& tx, const std::vector<Division>& rows, std::int64_t now);
// Every region of `level` with a geometry (the point index snapshot).
// (code, path, GeoJSON geometry) of every node of `level` that has a geometry, by code.
struct NodeGeometry {
  std::string code, path, geometry;
};
std::vector<NodeGeometry> geometries_of_level(storage::Tx& tx, const std::string& level);
// Rewrites the path prefix of a whole subtree (after a move).
void repath_subtree(storage::Tx& tx, const std::string& old_path, const std::string& new_path, int depth_delta);
// The first code of the upper bound of paths under `path` ("/44/" -> "/440"): see
// core/storage/scope.h.
using storage::path_upper_bound;

// For the modules that scope their rows by a region path column (not a query of these
// tables): appends "(column within any of `paths`)" to sql (core/storage/scope.h).
using storage::scope_clause;
// True when the path's own node is a community or below (a code of 12 digits or more):
// a subtree small enough to read by its path index and sort.
bool narrow_path(const std::string& path);

}  // namespace wangge::territory::store
