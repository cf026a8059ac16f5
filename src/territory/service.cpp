#include <algorithm>

#include "territory/service.h"

#include "core/error.h"
#include "territory/store.h"

namespace wangge::territory {

Service::Service(storage::Database& db) : db_(db), grids_(std::make_shared<Grids>()) {}

std::optional<Region> Service::find(const std::string& code, bool with_geometry, bool count_children) const {
  return db_.read_value<std::optional<Region>>(
      [&](storage::Tx& tx) { return store::get(tx, code, with_geometry, count_children); });
}

Region Service::get(const std::string& code, bool with_geometry, bool count_children) const {
  auto r = find(code, with_geometry, count_children);
  if (!r) throw_not_found("no region with code " + code, "区域编码 " + code + " 不存在");
  return *r;
}

std::string Service::path_of(const std::string& code) const {
  return get(code, false).path;
}

std::vector<Region> Service::chain(const Region& r) const {
  // The path lists every ancestor's code: fetch them all in one query.
  std::vector<std::string> codes;
  std::size_t pos = 1;
  while (pos < r.path.size()) {
    auto end = r.path.find('/', pos);
    codes.push_back(r.path.substr(pos, end - pos));
    pos = end + 1;
  }
  codes.pop_back();  // r itself
  std::vector<Region> out;
  if (!codes.empty())
    out = db_.read_value<std::vector<Region>>([&](storage::Tx& tx) { return store::names_of(tx, codes); });
  out.push_back(r);
  return out;
}

std::vector<Region> Service::children(const std::string& code, const std::string& after, int limit,
                                      bool with_geometry) const {
  return db_.read_value<std::vector<Region>>(
      [&](storage::Tx& tx) { return store::children(tx, code, after, limit, with_geometry); });
}

std::vector<Region> Service::grids_under(const std::string& root) const {
  std::vector<Region> grids;
  std::vector<std::string> pending{root};
  while (!pending.empty()) {
    std::string code = std::move(pending.back());
    pending.pop_back();
    for (std::string after;;) {
      auto kids = children(code, after, 1000, false);
      for (auto& k : kids) {
        if (k.level == "grid") {
          grids.push_back(k);
        } else if (k.level != "unit") {
          pending.push_back(k.code);
        }
      }
      if (kids.size() < 1000) break;
      after = kids.back().code;
    }
  }
  std::sort(grids.begin(), grids.end(), [](const Region& a, const Region& b) { return a.code < b.code; });
  return grids;
}

std::shared_ptr<const Service::Grids> Service::grids() const {
  std::lock_guard lock(index_mu_);
  return grids_;
}

std::size_t Service::indexed_grids() const {
  return grids()->index.size();
}

void Service::reload_index() {
  auto rows = db_.read_value<std::vector<store::NodeGeometry>>(
      [](storage::Tx& tx) { return store::geometries_of_level(tx, "grid"); });
  std::vector<std::pair<std::string, geo::Shape>> shapes;
  shapes.reserve(rows.size());
  std::unordered_map<std::string, std::string> paths;
  for (auto& row : rows) {
    if (auto s = geo::Shape::from_geojson(row.geometry, nullptr, nullptr)) {
      shapes.emplace_back(row.code, *s);
      paths.emplace(row.code, row.path);
    }
  }
  auto fresh = std::make_shared<const Grids>(Grids{geo::PointIndex(std::move(shapes)), std::move(paths)});
  std::lock_guard lock(index_mu_);
  grids_ = std::move(fresh);
}

std::optional<std::string> Service::locate(double lng, double lat) const {
  return grids()->index.locate(lng, lat);
}

std::optional<Service::LocatedGrid> Service::locate_grid(double lng, double lat) const {
  auto g = grids();
  auto i = g->index.locate_index(lng, lat);
  if (!i) return std::nullopt;
  const std::string& code = g->index.code(*i);
  return LocatedGrid{code, g->paths.at(code)};
}

geo::Shape Service::check_geometry(const std::string& text, const std::optional<std::string>& parent_geometry) const {
  std::string err, err_zh;
  auto shape = geo::Shape::from_geojson(text, &err, &err_zh);
  if (!shape) throw Error("invalid_geometry", "geometry", err, err_zh);
  if (parent_geometry && !parent_geometry->empty()) {
    auto parent = geo::Shape::from_geojson(*parent_geometry, nullptr, nullptr);
    if (parent && !shape->covered_by(*parent)) {
      throw Error("geometry_outside_parent", "geometry");
    }
  }
  return *shape;
}

geo::CoverageReport Service::coverage(const Region& parent) const {
  if (!parent.geometry || parent.geometry->empty()) {
    throw Error("conflict", "geometry", "the region has no boundary to check against", "该区域没有边界，无法检查覆盖");
  }
  auto outer = geo::Shape::from_geojson(*parent.geometry, nullptr, nullptr);
  if (!outer) throw Error("internal", {}, "stored geometry does not parse", "已存储的图形无法解析");
  std::vector<std::pair<std::string, geo::Shape>> parts;
  std::string after;
  for (;;) {
    auto batch = children(parent.code, after, 1000, true);
    for (const auto& c : batch) {
      if (c.geometry) {
        if (auto s = geo::Shape::from_geojson(*c.geometry, nullptr, nullptr)) parts.emplace_back(c.code, *s);
      }
    }
    if (batch.size() < 1000) break;
    after = batch.back().code;
  }
  return geo::coverage(*outer, parts);
}

std::vector<std::string> Service::request_paths(const Context& ctx, std::string_view permission,
                                                const std::optional<std::string>& node) const {
  if (node && !node->empty()) {
    std::string path = path_of(*node);
    ctx.require(permission, path);
    return {path};
  }
  auto paths = ctx.user().scope(permission);
  if (paths.empty()) ctx.require_somewhere(permission);
  return paths;
}

Service::ScopedRegion Service::scoped_region(const Context& ctx, std::string_view permission,
                                             std::string_view param) const {
  ScopedRegion out;
  out.scope = ctx.user().scope(permission);
  if (auto code = ctx.req().query_param(param)) {
    out.path = path_of(*code);
    ctx.require(permission, *out.path);
  }
  return out;
}

const std::string& NameCache::operator()(const std::string& code) {
  auto it = names_.find(code);
  if (it != names_.end()) return it->second;
  auto r = territory_.find(code, false);
  return names_.emplace(code, r ? r->name : std::string()).first->second;
}

void NameCache::prime(std::vector<std::string> codes) {
  std::erase_if(codes, [&](const std::string& c) { return names_.count(c) > 0; });
  std::sort(codes.begin(), codes.end());
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
  if (codes.empty()) return;
  auto found = territory_.db().read_value<std::map<std::string, std::string>>(
      [&](storage::Tx& tx) { return store::names(tx, codes); });
  for (const auto& c : codes) names_.emplace(c, found.count(c) ? found[c] : std::string());
}

}  // namespace wangge::territory
