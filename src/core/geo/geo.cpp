// Implementation of geo.h on top of Boost.Geometry (cartesian, lng/lat
// degrees treated as planar x/y).

#include "geo.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <numbers>
#include <system_error>

#include <boost/geometry.hpp>
#include <boost/geometry/geometries/box.hpp>
#include <boost/geometry/geometries/multi_polygon.hpp>
#include <boost/geometry/geometries/point_xy.hpp>
#include <boost/geometry/geometries/polygon.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <boost/iterator/function_output_iterator.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

namespace wangge::geo {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
namespace json = boost::json;

namespace {

using Point = bg::model::d2::point_xy<double>;
// Counter-clockwise outer rings, closed: what GeoJSON (RFC 7946) prescribes.
using Polygon = bg::model::polygon<Point, /*ClockWise=*/false,
                                   /*Closed=*/true>;
using Ring = Polygon::ring_type;
using MultiPolygon = bg::model::multi_polygon<Polygon>;
using BBox = bg::model::box<Point>;
using TreeValue = std::pair<BBox, std::uint32_t>;
using Tree = bgi::rtree<TreeValue, bgi::quadratic<16>>;

constexpr double kDegToRad = std::numbers::pi / 180.0;
constexpr double kMetresPerDegree = kEarthRadiusM * kDegToRad;

// A parse / validation failure: English and zh-CN reasons.
struct Failure {
  std::string en;
  std::string zh;
};

void report(const Failure& f, std::string* error, std::string* error_zh) {
  if (error != nullptr) *error = f.en;
  if (error_zh != nullptr) *error_zh = f.zh;
}

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

// ---------------------------------------------------------------------------
// Shape::Impl

struct Shape::Impl {
  MultiPolygon mp;
  double area_deg2 = 0;  // planar area, >= 0
  double area_m2 = 0;
  Box box{0, 0, 0, 0};
};

namespace detail {

// Grants the free functions and PointIndex of this file access to the
// geometry inside a Shape.
struct ShapeAccess {
  static const MultiPolygon& mp(const Shape& s) { return s.impl_->mp; }

  // The shared representation of every empty Shape.
  static const std::shared_ptr<const Shape::Impl>& empty_impl() {
    static const std::shared_ptr<const Shape::Impl> kEmpty = std::make_shared<const Shape::Impl>();
    return kEmpty;
  }
  static double area_deg2(const Shape& s) { return s.impl_->area_deg2; }

  // Builds a Shape from an already closed and oriented multipolygon.  When
  // drop_degenerate, polygons of exactly zero area (overlay degeneracies)
  // are removed.
  static Shape make(MultiPolygon mp, bool drop_degenerate) {
    if (drop_degenerate) {
      mp.erase(
          std::remove_if(mp.begin(), mp.end(), [](const Polygon& p) { return ring_moments(p.outer()).area == 0.0; }),
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
};

}  // namespace detail

using detail::ShapeAccess;

namespace {

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

// ---------------------------------------------------------------------------
// GeoJSON parsing

class Parser {
 public:
  // Returns the failure, or std::nullopt on success with the result in *out.
  std::optional<Failure> parse(const json::value& v, MultiPolygon* out) {
    const json::object* obj = v.if_object();
    if (obj == nullptr) {
      return Failure{"geometry must be a JSON object", "几何对象必须是 JSON 对象"};
    }
    const json::value* type = obj->if_contains("type");
    if (type == nullptr || !type->is_string()) {
      return Failure{"missing \"type\" string", "缺少字符串类型的 type 字段"};
    }
    const json::string& t = type->get_string();
    const bool multi = (t == "MultiPolygon");
    if (!multi && t != "Polygon") {
      std::string name(t.data(), t.size());
      return Failure{"unsupported geometry type \"" + name + "\" (expected Polygon or MultiPolygon)",
                     "不支持的几何类型“" + name + "”（应为 Polygon 或 MultiPolygon）"};
    }
    const json::value* coords = obj->if_contains("coordinates");
    if (coords == nullptr || !coords->is_array()) {
      return Failure{"missing \"coordinates\" array", "缺少 coordinates 数组"};
    }
    if (!multi) {
      Polygon p;
      if (auto f = parse_polygon(*coords, &p)) return f;
      out->push_back(std::move(p));
      return std::nullopt;
    }
    const json::array& polys = coords->get_array();
    if (polys.empty()) {
      return Failure{"MultiPolygon has no polygons", "MultiPolygon 不包含任何多边形"};
    }
    out->reserve(polys.size());
    for (const json::value& pv : polys) {
      Polygon p;
      if (auto f = parse_polygon(pv, &p)) return f;
      out->push_back(std::move(p));
    }
    return std::nullopt;
  }

 private:
  std::optional<Failure> parse_polygon(const json::value& v, Polygon* out) {
    const json::array* rings = v.if_array();
    if (rings == nullptr) {
      return Failure{"polygon must be an array of rings", "多边形必须是由环组成的数组"};
    }
    if (rings->empty()) {
      return Failure{"polygon has no rings", "多边形没有环"};
    }
    for (std::size_t i = 0; i < rings->size(); ++i) {
      Ring r;
      if (auto f = parse_ring((*rings)[i], &r)) return f;
      if (i == 0) {
        out->outer() = std::move(r);
      } else {
        out->inners().push_back(std::move(r));
      }
    }
    return std::nullopt;
  }

  std::optional<Failure> parse_ring(const json::value& v, Ring* out) {
    const json::array* pos = v.if_array();
    if (pos == nullptr) {
      return Failure{"ring must be an array of positions", "环必须是由坐标点组成的数组"};
    }
    vertices_ += pos->size();
    if (vertices_ > kMaxVertices) {
      return Failure{"too many vertices (limit 100000)", "顶点总数超过上限 100000"};
    }
    if (pos->size() < 4) {
      return Failure{"ring has fewer than 4 positions", "环的坐标点少于 4 个"};
    }
    out->reserve(pos->size());
    for (const json::value& p : *pos) {
      Point pt;
      if (auto f = parse_position(p, &pt)) return f;
      out->push_back(pt);
    }
    const Point& a = out->front();
    const Point& b = out->back();
    if (a.x() != b.x() || a.y() != b.y()) {
      return Failure{"ring is not closed (first position != last position)", "环未闭合（首尾坐标不一致）"};
    }
    return std::nullopt;
  }

  static std::optional<Failure> number(const json::value& v, double* out) {
    switch (v.kind()) {
      case json::kind::double_:
        *out = v.get_double();
        break;
      case json::kind::int64:
        *out = static_cast<double>(v.get_int64());
        break;
      case json::kind::uint64:
        *out = static_cast<double>(v.get_uint64());
        break;
      default:
        return Failure{"coordinate is not a number", "坐标不是数字"};
    }
    if (!std::isfinite(*out)) {
      return Failure{"coordinate is not finite (NaN or infinity)", "坐标不是有限数值（NaN 或无穷大）"};
    }
    return std::nullopt;
  }

  static std::optional<Failure> parse_position(const json::value& v, Point* out) {
    const json::array* a = v.if_array();
    if (a == nullptr || a->size() < 2) {
      return Failure{"position must be an array of at least 2 numbers", "坐标点必须是至少包含 2 个数字的数组"};
    }
    double lng = 0;
    double lat = 0;
    if (auto f = number((*a)[0], &lng)) return f;
    if (auto f = number((*a)[1], &lat)) return f;
    for (std::size_t i = 2; i < a->size(); ++i) {
      double ignored = 0;
      if (auto f = number((*a)[i], &ignored)) return f;
    }
    if (lng < -180.0 || lng > 180.0) {
      return Failure{"longitude out of range [-180, 180]", "经度超出范围 [-180, 180]"};
    }
    if (lat < -90.0 || lat > 90.0) {
      return Failure{"latitude out of range [-90, 90]", "纬度超出范围 [-90, 90]"};
    }
    *out = Point(lng, lat);
    return std::nullopt;
  }

  std::size_t vertices_ = 0;
};

// ---------------------------------------------------------------------------
// GeoJSON writing

void append_number(std::string* out, double d) {
  char buf[32];
  auto res = std::to_chars(buf, buf + sizeof buf, d);
  out->append(buf, res.ptr);
}

void append_ring(std::string* out, const Ring& r) {
  out->push_back('[');
  bool first = true;
  for (const Point& p : r) {
    if (!first) out->push_back(',');
    first = false;
    out->push_back('[');
    append_number(out, p.x());
    out->push_back(',');
    append_number(out, p.y());
    out->push_back(']');
  }
  out->push_back(']');
}

void append_polygon(std::string* out, const Polygon& p) {
  out->push_back('[');
  append_ring(out, p.outer());
  for (const Ring& r : p.inners()) {
    out->push_back(',');
    append_ring(out, r);
  }
  out->push_back(']');
}

json::array ring_json(const Ring& r) {
  json::array a;
  a.reserve(r.size());
  for (const Point& p : r) a.push_back(json::array{p.x(), p.y()});
  return a;
}

json::array polygon_json(const Polygon& p) {
  json::array a;
  a.reserve(1 + p.inners().size());
  a.push_back(ring_json(p.outer()));
  for (const Ring& r : p.inners()) a.push_back(ring_json(r));
  return a;
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

BBox to_bbox(const Shape::Box& b) {
  return BBox(Point(b.min_lng, b.min_lat), Point(b.max_lng, b.max_lat));
}

}  // namespace

// ---------------------------------------------------------------------------
// Shape

Shape::Shape() : impl_(ShapeAccess::empty_impl()) {}

Shape::Shape(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

std::optional<Shape> Shape::from_geojson(std::string_view text, std::string* error, std::string* error_zh) {
  boost::system::error_code ec;
  json::value v = json::parse(json::string_view(text.data(), text.size()), ec);
  if (ec) {
    report({"invalid JSON", "JSON 格式错误"}, error, error_zh);
    return std::nullopt;
  }
  return from_geojson(v, error, error_zh);
}

std::optional<Shape> Shape::from_geojson(const json::value& v, std::string* error, std::string* error_zh) {
  MultiPolygon mp;
  Parser parser;
  if (auto f = parser.parse(v, &mp)) {
    report(*f, error, error_zh);
    return std::nullopt;
  }
  // Closure was checked by the parser; now fix the winding (either is
  // accepted) and validate.
  bg::correct(mp);
  if (auto f = check_valid(mp)) {
    report(*f, error, error_zh);
    return std::nullopt;
  }
  return ShapeAccess::make(std::move(mp), /*drop_degenerate=*/false);
}

std::string Shape::to_geojson() const {
  const MultiPolygon& mp = impl_->mp;
  std::string out;
  out.reserve(48 + 40 * bg::num_points(mp));
  if (mp.size() == 1) {
    out += R"({"type":"Polygon","coordinates":)";
    append_polygon(&out, mp.front());
  } else {
    out += R"({"type":"MultiPolygon","coordinates":[)";
    for (std::size_t i = 0; i < mp.size(); ++i) {
      if (i > 0) out.push_back(',');
      append_polygon(&out, mp[i]);
    }
    out.push_back(']');
  }
  out.push_back('}');
  return out;
}

json::value Shape::to_json() const {
  const MultiPolygon& mp = impl_->mp;
  json::object o;
  if (mp.size() == 1) {
    o["type"] = "Polygon";
    o["coordinates"] = polygon_json(mp.front());
  } else {
    o["type"] = "MultiPolygon";
    json::array polys;
    polys.reserve(mp.size());
    for (const Polygon& p : mp) polys.push_back(polygon_json(p));
    o["coordinates"] = std::move(polys);
  }
  return o;
}

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

// ---------------------------------------------------------------------------
// PointIndex

struct PointIndex::Impl {
  std::vector<std::string> codes;
  std::vector<Shape> shapes;
  std::vector<double> areas;  // planar areas, for the smallest-area rule
  Tree tree;

  // True iff region a is preferred over region b for a point both contain.
  bool better(std::size_t a, std::size_t b) const {
    const double aa = areas[a];
    const double ab = areas[b];
    const double tie = 1e-7 * std::max(aa, ab);
    if (aa < ab - tie) return true;
    if (ab < aa - tie) return false;
    return codes[a] < codes[b];
  }
};

PointIndex::PointIndex() : impl_(std::make_shared<const Impl>()) {}

PointIndex::PointIndex(std::vector<std::pair<std::string, Shape>> regions) {
  auto impl = std::make_shared<Impl>();
  std::vector<TreeValue> values;
  values.reserve(regions.size());
  for (auto& [code, shape] : regions) {
    if (shape.empty()) continue;
    values.emplace_back(to_bbox(shape.bbox()), static_cast<std::uint32_t>(impl->codes.size()));
    impl->areas.push_back(ShapeAccess::area_deg2(shape));
    impl->codes.push_back(std::move(code));
    impl->shapes.push_back(std::move(shape));
  }
  impl->tree = Tree(values.begin(), values.end());  // bulk-loaded (packed)
  impl_ = std::move(impl);
}

std::optional<std::size_t> PointIndex::locate_index(double lng, double lat) const {
  const Impl& im = *impl_;
  const Point pt(lng, lat);
  constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
  std::size_t best = kNone;
  im.tree.query(bgi::intersects(pt), boost::make_function_output_iterator([&](const TreeValue& v) {
                  const std::size_t i = v.second;
                  if (best != kNone && !im.better(i, best)) return;
                  if (bg::covered_by(pt, ShapeAccess::mp(im.shapes[i]))) {
                    best = i;
                  }
                }));
  if (best == kNone) return std::nullopt;
  return best;
}

std::optional<std::string> PointIndex::locate(double lng, double lat) const {
  if (auto i = locate_index(lng, lat)) return impl_->codes[*i];
  return std::nullopt;
}

std::size_t PointIndex::size() const {
  return impl_->codes.size();
}

const std::string& PointIndex::code(std::size_t i) const {
  return impl_->codes.at(i);
}

const Shape& PointIndex::shape(std::size_t i) const {
  return impl_->shapes.at(i);
}

// ---------------------------------------------------------------------------
// Coverage

bool CoverageReport::complete() const {
  return gaps.empty() && overlaps.empty() && outside.empty();
}

CoverageReport coverage(const Shape& community, const std::vector<std::pair<std::string, Shape>>& grids,
                        double min_piece_m2) {
  CoverageReport rep;
  rep.area_m2 = community.area_m2();

  // Clip every grid to the community; whatever is left over lies outside.
  std::vector<MultiPolygon> clipped;
  clipped.reserve(grids.size());
  for (const auto& [code, grid] : grids) {
    if (grid.empty()) continue;
    Shape inside = grid.intersection(community);
    if (!inside.empty()) clipped.push_back(ShapeAccess::mp(inside));
    Shape out = grid.difference(community);
    if (out.area_m2() > min_piece_m2) {
      const double a = out.area_m2();
      rep.outside.push_back({std::move(out), a, {code}});
    }
  }

  // Covered area and gaps.
  Shape covered = ShapeAccess::make(cascaded_union(std::move(clipped)), true);
  rep.covered_m2 = covered.area_m2();
  Shape gaps = community.difference(covered);
  for (std::size_t i = 0; i < gaps.polygon_count(); ++i) {
    Shape piece = gaps.polygon_at(i);
    const double a = piece.area_m2();
    if (a >= min_piece_m2) rep.gaps.push_back({std::move(piece), a, {}});
  }

  // Overlaps: only pairs whose bounding boxes meet are intersected.
  std::vector<TreeValue> values;
  values.reserve(grids.size());
  for (std::size_t i = 0; i < grids.size(); ++i) {
    if (grids[i].second.empty()) continue;
    values.emplace_back(to_bbox(grids[i].second.bbox()), static_cast<std::uint32_t>(i));
  }
  const Tree tree(values.begin(), values.end());
  std::vector<TreeValue> candidates;
  for (const TreeValue& v : values) {
    const std::size_t i = v.second;
    candidates.clear();
    tree.query(bgi::intersects(v.first), std::back_inserter(candidates));
    std::sort(candidates.begin(), candidates.end(),
              [](const TreeValue& x, const TreeValue& y) { return x.second < y.second; });
    for (const TreeValue& c : candidates) {
      const std::size_t j = c.second;
      if (j <= i) continue;
      Shape inter = grids[i].second.intersection(grids[j].second);
      const double a = inter.area_m2();
      if (a > min_piece_m2) {
        rep.overlaps.push_back({std::move(inter), a, {grids[i].first, grids[j].first}});
      }
    }
  }
  return rep;
}

}  // namespace wangge::geo
