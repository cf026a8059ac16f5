// Use case: the map around a point (GET /api/v1/map/nearby). The outlines of the grids
// whose boxes meet a square around the point (from the point index, nearest first) and of
// their communities, each with its name, simplified to what a phone's map shows of that
// square, and the named places (buildings) the registry has there. Outlines and names of
// grids, communities and buildings are public (grids are posted on every stairwell's
// notice board); nothing about people is drawn.
#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>
#include <set>
#include <string>
#include <vector>

#include "core/json.h"
#include "territory/service.h"
#include "territory/store.h"

namespace wangge::territory {
namespace {

constexpr double kMetresPerDegreeLat = geo::kEarthRadiusM * std::numbers::pi / 180.0;
// What one answer holds at most: enough for a phone's view of a town's densest grids.
constexpr std::size_t kMaxNearbyGrids = 60;
constexpr int kMaxNearbyPlaces = 150;
// The square is drawn this many pixels wide on a phone: one pixel is the simplification's
// tolerance. An outline with more vertices than kMaxOutlineVertices after that is
// simplified further, so that one detailed boundary cannot swell the answer.
constexpr double kPhonePixels = 390;
constexpr std::size_t kMaxOutlineVertices = 600;

std::string outline_text(const geo::Shape& shape, double tolerance) {
  geo::Shape s = shape.simplified(tolerance, 6);
  for (int i = 0; i < 8 && s.vertex_count() > kMaxOutlineVertices; ++i) {
    tolerance *= 2;
    s = shape.simplified(tolerance, 6);
  }
  return s.to_geojson();
}

void append_region(std::string& body, const Region& r, bool here, const std::string& geometry) {
  if (body.back() != '[') body += ',';
  body += R"({"type":"Feature","id":)" + json::to_text(json::value(r.code)) + R"(,"properties":)" +
          json::to_text(json::object{{"kind", r.level}, {"code", r.code}, {"name", r.name}, {"here", here}}) +
          R"(,"geometry":)" + geometry + "}";
}

// The parent's code from a node's path ("/.../parent/code/").
std::string parent_in_path(const std::string& path) {
  auto end = path.rfind('/', path.size() - 2);
  if (end == std::string::npos || end == 0) return {};
  auto begin = path.rfind('/', end - 1);
  return path.substr(begin + 1, end - begin - 1);
}

double rounded(double v) {
  return std::round(v * 1e6) / 1e6;
}

}  // namespace

std::string Service::nearby(double lng, double lat, double radius_m) const {
  const double dlat = radius_m / kMetresPerDegreeLat;
  const double dlng = dlat / std::max(0.05, std::cos(lat * std::numbers::pi / 180.0));
  const geo::Shape::Box box{lng - dlng, lat - dlat, lng + dlng, lat + dlat};
  const double tolerance = 2 * dlat / kPhonePixels;

  auto g = grids();
  auto hits = g->index.near(box, kMaxNearbyGrids);
  auto at = g->index.locate_index(lng, lat);
  std::vector<std::string> codes;
  std::set<std::string> communities;
  std::string here_community;
  for (auto i : hits) {
    const std::string& code = g->index.code(i);
    codes.push_back(code);
    std::string parent = parent_in_path(g->paths.at(code));
    if (!parent.empty()) communities.insert(parent);
    if (at && *at == i) here_community = parent;
  }
  std::vector<Region> named, outer;
  db_.read([&](storage::Tx& tx) {
    named = store::names_of(tx, codes);
    for (const auto& c : communities) {
      if (auto r = store::get(tx, c, true); r && r->geometry) outer.push_back(std::move(*r));
    }
  });
  std::map<std::string, std::string> names;
  for (auto& r : named) names[r.code] = std::move(r.name);

  std::string body = R"({"type":"FeatureCollection","features":[)";
  for (const auto& c : outer) {
    auto shape = geo::Shape::from_geojson(*c.geometry, nullptr, nullptr);
    if (shape) append_region(body, c, c.code == here_community, outline_text(*shape, tolerance));
  }
  for (auto i : hits) {
    Region r;
    r.code = g->index.code(i);
    r.level = "grid";
    r.name = names[r.code];
    append_region(body, r, at && *at == i, outline_text(g->index.shape(i), tolerance));
  }
  if (places_near_) {
    for (const auto& p : places_near_(box, kMaxNearbyPlaces)) {
      if (body.back() != '[') body += ',';
      body += R"({"type":"Feature","properties":)" +
              json::to_text(json::object{{"kind", "building"}, {"name", p.name}}) +
              R"(,"geometry":{"type":"Point","coordinates":)" +
              json::to_text(json::array{rounded(p.lng), rounded(p.lat)}) + "}}";
    }
  }
  body += "]}";
  return body;
}

}  // namespace wangge::territory
