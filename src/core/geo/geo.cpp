// Shape (geo.h) on top of Boost.Geometry (cartesian, lng/lat degrees treated as planar
// x/y): construction, areas, validity and set operations. GeoJSON, PointIndex and
// coverage live in the other geo_*.cpp files (see geo_impl.h).
#include "core/geo/geo.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "core/geo/geo_impl.h"

namespace wangge::geo {

using namespace detail;

namespace {

constexpr double kDegToRad = std::numbers::pi / 180.0;
constexpr double kMetresPerDegree = kEarthRadiusM * kDegToRad;

Failure validity_failure(bg::validity_failure_type t) {
  switch (t) {
    case bg::no_failure:
      return {"valid", "有效"};
    case bg::failure_few_points:
      return {"too few distinct points", "有效顶点过少"};
    case bg::failure_wrong_topological_dimension:
      return {"degenerate polygon (zero area)", "多边形退化（面积为零）"};
    case bg::failure_spikes:
      return {"spike", "多边形存在尖刺"};
    case bg::failure_duplicate_points:
      return {"duplicate points", "存在重复顶点"};
    case bg::failure_not_closed:
      return {"ring is not closed", "环未闭合（首尾坐标不一致）"};
    case bg::failure_self_intersections:
      return {"self-intersection", "多边形自相交"};
    case bg::failure_wrong_orientation:
    case bg::failure_wrong_corner_order:
      return {"wrong ring orientation", "环方向错误"};
    case bg::failure_interior_rings_outside:
      return {"hole outside its outer ring", "内环（洞）位于外环之外"};
    case bg::failure_nested_interior_rings:
      return {"nested holes", "内环互相嵌套"};
    case bg::failure_disconnected_interior:
      return {"disconnected interior", "多边形内部不连通"};
    case bg::failure_intersecting_interiors:
      return {"overlapping polygons in MultiPolygon", "多多边形中的多边形互相重叠"};
    case bg::failure_invalid_coordinate:
      return {"invalid coordinate", "坐标无效"};
  }
  return {"invalid geometry", "几何图形无效"};
}

// Area of a planar (degree) area in m^2 with the equirectangular projection
// centred on latitude lat0.
double deg2_to_m2(double area_deg2, double lat0) {
  return area_deg2 * kMetresPerDegree * kMetresPerDegree * std::cos(lat0 * kDegToRad);
}

// Signed area (counter-clockwise positive) and centroid latitude of a closed
// ring.  Coordinates are taken relative to the first vertex so that small
// rings far from (0, 0) do not lose precision to cancellation.
struct Moments {
  double area = 0;
  double centroid_lat = 0;
};

Moments ring_moments(const Ring& r) {
  Moments m;
  if (r.size() < 4) return m;
  const double x0 = r.front().x();
  const double y0 = r.front().y();
  double twice_area = 0;
  double cy6 = 0;  // 6 * area * centroid_y (relative)
  for (std::size_t i = 0; i + 1 < r.size(); ++i) {
    const double xa = r[i].x() - x0;
    const double ya = r[i].y() - y0;
    const double xb = r[i + 1].x() - x0;
    const double yb = r[i + 1].y() - y0;
    const double cross = xa * yb - xb * ya;
    twice_area += cross;
    cy6 += (ya + yb) * cross;
  }
  m.area = 0.5 * twice_area;
  m.centroid_lat = twice_area != 0 ? y0 + cy6 / (3.0 * twice_area) : y0;
  return m;
}

}  // namespace

namespace detail {

void report(const Failure& f, std::string* error, std::string* error_zh) {
  if (error != nullptr) *error = f.en;
  if (error_zh != nullptr) *error_zh = f.zh;
}

// OGC validity of an oriented multipolygon; std::nullopt when valid.
std::optional<Failure> check_valid(const MultiPolygon& mp) {
  bg::validity_failure_type failure = bg::no_failure;
  if (bg::is_valid(mp, failure)) return std::nullopt;
  if (failure == bg::failure_wrong_orientation) {
    // bg::correct() already fixed the winding of every simple ring, so a
    // ring still "wrongly" oriented has no net area: it crosses itself (a
    // symmetric bow-tie) or is degenerate.  Report the more useful reason.
    for (const Polygon& p : mp) {
      if (bg::intersects(p.outer())) {
        return validity_failure(bg::failure_self_intersections);
      }
      for (const Ring& r : p.inners()) {
        if (bg::intersects(r)) {
          return validity_failure(bg::failure_self_intersections);
        }
      }
    }
    return validity_failure(bg::failure_wrong_topological_dimension);
  }
  return validity_failure(failure);
}

BBox to_bbox(const Shape::Box& b) {
  return BBox(Point(b.min_lng, b.min_lat), Point(b.max_lng, b.max_lat));
}

Shape ShapeAccess::make(MultiPolygon mp, bool drop_degenerate) {
  if (drop_degenerate) {
    mp.erase(std::remove_if(mp.begin(), mp.end(), [](const Polygon& p) { return ring_moments(p.outer()).area == 0.0; }),
             mp.end());
  }
  auto impl = std::make_shared<Shape::Impl>();
  impl->mp = std::move(mp);
  if (!impl->mp.empty()) {
    // Outer rings bound their holes, so they alone determine the box.
    const Point& p0 = impl->mp.front().outer().front();
    Shape::Box box{p0.x(), p0.y(), p0.x(), p0.y()};
    double area = 0;     // signed: outer rings +, holes -
    double lat_sum = 0;  // sum of signed ring area * ring centroid lat
    auto add = [&](const Ring& r) {
      const Moments m = ring_moments(r);
      area += m.area;
      lat_sum += m.area * m.centroid_lat;
    };
    for (const Polygon& poly : impl->mp) {
      for (const Point& p : poly.outer()) {
        box.min_lng = std::min(box.min_lng, p.x());
        box.min_lat = std::min(box.min_lat, p.y());
        box.max_lng = std::max(box.max_lng, p.x());
        box.max_lat = std::max(box.max_lat, p.y());
      }
      add(poly.outer());
      for (const Ring& r : poly.inners()) add(r);
    }
    impl->box = box;
    if (area > 0) {  // <= 0 only for degenerate (self-intersecting) input
      impl->area_deg2 = area;
      impl->area_m2 = deg2_to_m2(area, lat_sum / area);
    }
  }
  return Shape(std::shared_ptr<const Shape::Impl>(std::move(impl)));
}

// Union of many multipolygons by pairwise (cascaded) merging, which keeps
// intermediate results small compared with folding left to right.
MultiPolygon cascaded_union(std::vector<MultiPolygon> items) {
  if (items.empty()) return {};
  while (items.size() > 1) {
    std::vector<MultiPolygon> next;
    next.reserve((items.size() + 1) / 2);
    for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
      MultiPolygon u;
      bg::union_(items[i], items[i + 1], u);
      next.push_back(std::move(u));
    }
    if (items.size() % 2 == 1) next.push_back(std::move(items.back()));
    items = std::move(next);
  }
  return std::move(items.front());
}

}  // namespace detail

// ---------------------------------------------------------------------------
// Shape

Shape::Shape() : impl_(ShapeAccess::empty_impl()) {}

Shape::Shape(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
bool Shape::empty() const {
  return impl_->area_deg2 <= 0.0;
}

double Shape::area_m2() const {
  return impl_->area_m2;
}

Shape::Box Shape::bbox() const {
  return impl_->box;
}

bool Shape::covered_by(const Shape& outer) const {
  if (empty()) return true;
  if (outer.empty()) return false;
  const Box a = bbox();
  const Box b = outer.bbox();
  if (a.max_lng < b.min_lng || a.min_lng > b.max_lng || a.max_lat < b.min_lat || a.min_lat > b.max_lat) {
    return false;  // disjoint; *this has positive area
  }
  const double tolerance = std::max(0.01, 1e-7 * area_m2());
  return difference(outer).area_m2() <= tolerance;
}

bool Shape::contains(double lng, double lat) const {
  const Box& b = impl_->box;
  if (empty() || lng < b.min_lng || lng > b.max_lng || lat < b.min_lat || lat > b.max_lat) {
    return false;
  }
  return bg::covered_by(Point(lng, lat), impl_->mp);
}

Shape Shape::intersection(const Shape& other) const {
  if (empty() || other.empty()) return Shape();
  MultiPolygon out;
  bg::intersection(impl_->mp, other.impl_->mp, out);
  return ShapeAccess::make(std::move(out), /*drop_degenerate=*/true);
}

Shape Shape::difference(const Shape& other) const {
  if (empty() || other.empty()) return *this;
  MultiPolygon out;
  bg::difference(impl_->mp, other.impl_->mp, out);
  return ShapeAccess::make(std::move(out), /*drop_degenerate=*/true);
}

Shape Shape::union_with(const Shape& other) const {
  if (other.empty()) return *this;
  if (empty()) return other;
  MultiPolygon out;
  bg::union_(impl_->mp, other.impl_->mp, out);
  return ShapeAccess::make(std::move(out), /*drop_degenerate=*/true);
}

namespace {

// Rounds every position of the ring to 1 / scale and drops repeated ones.
void round_ring(Ring& r, double scale) {
  for (Point& p : r) {
    p.x(std::round(p.x() * scale) / scale);
    p.y(std::round(p.y() * scale) / scale);
  }
  r.erase(std::unique(r.begin(), r.end(), [](const Point& a, const Point& b) { return bg::equals(a, b); }), r.end());
}

}  // namespace

Shape Shape::simplified(double tolerance_deg, int decimals) const {
  const double scale = std::pow(10.0, std::clamp(decimals, 0, 12));
  MultiPolygon out;
  out.reserve(impl_->mp.size());
  for (const Polygon& p : impl_->mp) {
    Polygon s;
    if (tolerance_deg > 0) {
      bg::simplify(p, s, tolerance_deg);
    } else {
      s = p;
    }
    round_ring(s.outer(), scale);
    if (s.outer().size() < 4) {
      s = p;
      round_ring(s.outer(), scale);
      if (s.outer().size() < 4) continue;  // smaller than the rounding: nothing to draw
    }
    auto& holes = s.inners();
    for (Ring& h : holes) round_ring(h, scale);
    holes.erase(std::remove_if(holes.begin(), holes.end(), [](const Ring& h) { return h.size() < 4; }), holes.end());
    out.push_back(std::move(s));
  }
  return ShapeAccess::make(std::move(out), /*drop_degenerate=*/false);
}

Shape Shape::rectangle(double min_lng, double min_lat, double max_lng, double max_lat) {
  Polygon p;
  p.outer() = {Point(min_lng, min_lat), Point(max_lng, min_lat), Point(max_lng, max_lat), Point(min_lng, max_lat),
               Point(min_lng, min_lat)};
  MultiPolygon mp;
  mp.push_back(std::move(p));
  bg::correct(mp);  // in case min > max was passed
  return ShapeAccess::make(std::move(mp), /*drop_degenerate=*/false);
}

Shape Shape::polygon(const std::vector<std::pair<double, double>>& outer_ring_lng_lat) {
  if (outer_ring_lng_lat.empty()) return Shape();
  Polygon p;
  p.outer().reserve(outer_ring_lng_lat.size() + 1);
  for (const auto& [lng, lat] : outer_ring_lng_lat) {
    p.outer().push_back(Point(lng, lat));
  }
  const Point first = p.outer().front();
  const Point last = p.outer().back();
  if (first.x() != last.x() || first.y() != last.y()) {
    p.outer().push_back(first);
  }
  MultiPolygon mp;
  mp.push_back(std::move(p));
  bg::correct(mp);
  return ShapeAccess::make(std::move(mp), /*drop_degenerate=*/false);
}

std::size_t Shape::vertex_count() const {
  return bg::num_points(impl_->mp);
}

std::size_t Shape::polygon_count() const {
  return impl_->mp.size();
}

Shape Shape::polygon_at(std::size_t i) const {
  MultiPolygon mp;
  mp.push_back(impl_->mp.at(i));
  return ShapeAccess::make(std::move(mp), /*drop_degenerate=*/false);
}

bool Shape::valid(std::string* error, std::string* error_zh) const {
  const auto f = check_valid(impl_->mp);
  if (!f) return true;
  report(*f, error, error_zh);
  return false;
}

}  // namespace wangge::geo
