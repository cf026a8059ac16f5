// Geometry for Wangge: grid / community shapes, point lookup and coverage
// (全域覆盖) checks.
//
// All coordinates are WGS84 longitude/latitude in degrees and are treated as
// planar (cartesian) for topology.  Areas are converted to square metres with a
// local equirectangular projection, which is accurate to well under 0.5% for
// town-sized shapes.
//
// This header deliberately does not include Boost.Geometry; the geometry lives
// behind a pimpl (geo_impl.h, geo*.cpp).
//
// Thread safety: Shape and PointIndex are immutable after construction; all
// const methods may be called concurrently from any number of threads.

#ifndef WANGGE_CORE_GEO_GEO_H_
#define WANGGE_CORE_GEO_GEO_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>

namespace wangge::geo {

namespace detail {
struct ShapeAccess;
}  // namespace detail

// Maximum number of positions (including each ring's closing position)
// accepted by Shape::from_geojson.
inline constexpr std::size_t kMaxVertices = 100000;

// Mean Earth radius (IUGG) used for all metric conversions.
inline constexpr double kEarthRadiusM = 6371008.8;

// A (multi)polygon in WGS84 lng/lat degrees.  Immutable value; copies share
// the underlying geometry, so copying is O(1).  A default-constructed Shape is
// empty.
//
// Invariant for shapes produced by from_geojson(): closed rings, outer rings
// counter-clockwise, holes clockwise, valid per OGC (bg::is_valid).  Shapes
// produced by polygon() or by boolean operations are closed and correctly
// oriented but are not re-validated.
class Shape {
 public:
  struct Box {
    double min_lng, min_lat, max_lng, max_lat;
  };

  Shape();  // empty

  // Parses a GeoJSON geometry object of type "Polygon" or "MultiPolygon".
  // Accepts either ring winding and normalises it.  Extra position members
  // (altitude) are ignored.  On failure returns std::nullopt and, for each
  // non-null pointer, stores a short English reason in *error and a zh-CN
  // reason in *error_zh.  On success the strings are left untouched.
  static std::optional<Shape> from_geojson(std::string_view text, std::string* error, std::string* error_zh);
  static std::optional<Shape> from_geojson(const boost::json::value& v, std::string* error, std::string* error_zh);
  // Text overloads that keep string literals and std::string from being
  // ambiguous between the string_view and json::value overloads.
  static std::optional<Shape> from_geojson(const char* text, std::string* error, std::string* error_zh) {
    return from_geojson(std::string_view(text), error, error_zh);
  }
  static std::optional<Shape> from_geojson(const std::string& text, std::string* error, std::string* error_zh) {
    return from_geojson(std::string_view(text), error, error_zh);
  }

  // GeoJSON geometry text: {"type":"Polygon",...} when the shape has exactly
  // one polygon, otherwise {"type":"MultiPolygon",...} (an empty shape yields
  // an empty MultiPolygon).  Numbers use the shortest round-trip form, so
  // from_geojson(to_geojson()) reproduces the coordinates exactly.
  std::string to_geojson() const;
  // The same geometry as a JSON value.
  boost::json::value to_json() const;

  // True iff the shape has no polygons or zero area.
  bool empty() const;

  // Area in square metres (local equirectangular projection around the
  // latitude of the shape's centroid, R = kEarthRadiusM).  0 for empty shapes.
  double area_m2() const;

  // Bounding box in degrees.  All zeros for an empty shape.
  Box bbox() const;

  // True iff every point of *this lies inside or on the boundary of outer.
  // A tolerance of max(0.01 m^2, 1e-7 * area_m2()) on the area of
  // (*this - outer) absorbs floating-point slivers along shared edges.  An
  // empty shape is covered by anything.
  bool covered_by(const Shape& outer) const;

  // True iff (lng, lat) is inside or on the boundary.
  bool contains(double lng, double lat) const;

  // Planar boolean operations.  Inputs should be valid; results are closed
  // and oriented like the inputs but may carry zero-area degeneracies.
  Shape intersection(const Shape& other) const;
  Shape difference(const Shape& other) const;
  Shape union_with(const Shape& other) const;

  // Axis-aligned rectangle.  Requires min < max on both axes.
  static Shape rectangle(double min_lng, double min_lat, double max_lng, double max_lat);
  // A single polygon from an outer ring given as (lng, lat) pairs, in either
  // winding, closed or not.  The ring is closed and oriented but NOT
  // validated (see valid()).
  static Shape polygon(const std::vector<std::pair<double, double>>& outer_ring_lng_lat);

  // Number of stored positions, counting each ring's closing position.
  std::size_t vertex_count() const;

  // Number of polygons (connected pieces as stored).
  std::size_t polygon_count() const;
  // The i-th polygon as its own Shape.  Requires i < polygon_count().
  Shape polygon_at(std::size_t i) const;

  // A copy for drawing: each ring simplified (Douglas-Peucker) with `tolerance_deg` and
  // every position rounded to `decimals` decimal places. A ring that would fall below
  // four positions keeps its rounded original; holes that would are left out. The result
  // is not re-validated (rings may touch): draw it, do not compute with it.
  Shape simplified(double tolerance_deg, int decimals) const;

  // OGC validity (bg::is_valid).  On failure stores the reason as in
  // from_geojson() for each non-null pointer.
  bool valid(std::string* error = nullptr, std::string* error_zh = nullptr) const;

 private:
  friend struct detail::ShapeAccess;
  struct Impl;
  explicit Shape(std::shared_ptr<const Impl> impl);
  std::shared_ptr<const Impl> impl_;  // never null
};

// Point -> region index: an R-tree over bounding boxes, followed by an exact
// point-in-polygon check.  Built once from a snapshot; afterwards immutable and
// safe for concurrent lookups without locking.  Copies share the index.
class PointIndex {
 public:
  PointIndex();  // empty index
  // Regions are (code, shape) pairs.  Empty shapes are ignored.
  explicit PointIndex(std::vector<std::pair<std::string, Shape>>
                          regions);  // NOLINT(performance-unnecessary-value-param): its elements are moved in

  // The code of the region whose shape contains (lng, lat), boundary
  // included.  When several regions contain the point, the one with the
  // smallest area wins; areas equal within a relative 1e-7 are ties, broken
  // by the lexicographically smallest code, so points on a shared edge get a
  // deterministic answer.  std::nullopt when no region contains the point.
  std::optional<std::string> locate(double lng, double lat) const;

  // Like locate(), but returns the region's position in code()/shape()
  // order, avoiding the string copy.
  std::optional<std::size_t> locate_index(double lng, double lat) const;

  // The positions (code()/shape() order) of the regions whose bounding box meets `box`,
  // at most `limit`, those whose box's centre lies nearest the box's centre first.
  std::vector<std::size_t> near(const Shape::Box& box, std::size_t limit) const;

  // Number of indexed (non-empty) regions.
  std::size_t size() const;
  // Requires i < size().
  const std::string& code(std::size_t i) const;
  const Shape& shape(std::size_t i) const;

 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;  // never null
};

// One gap, overlap or outside piece of a coverage report.
struct CoveragePiece {
  Shape shape;     // the gap / overlap / outside geometry
  double area_m2;  // shape.area_m2()
  // Overlaps: the two grid codes (in input order); outside: {grid code};
  // gaps: empty.
  std::vector<std::string> codes;
};

// 全域覆盖 report for one community.
struct CoverageReport {
  double area_m2 = 0;     // the community's area
  double covered_m2 = 0;  // area of the union of the grids clipped to it
  // Parts of the community covered by no grid, one piece per connected
  // polygon; pieces below min_piece_m2 are dropped.
  std::vector<CoveragePiece> gaps;
  // Pairwise grid intersections with area > min_piece_m2.
  std::vector<CoveragePiece> overlaps;
  // For each grid, its part outside the community when larger than
  // min_piece_m2 (codes = {grid}).
  std::vector<CoveragePiece> outside;

  // No gaps, no overlaps and nothing outside.
  bool complete() const;
};

// Computes the coverage of community by grids.  Candidate overlap pairs come
// from an R-tree over the grids' bounding boxes, so the cost is proportional to
// the number of neighbouring pairs, not n^2.
CoverageReport coverage(const Shape& community, const std::vector<std::pair<std::string, Shape>>& grids,
                        double min_piece_m2 = 1.0);

}  // namespace wangge::geo

#endif  // WANGGE_CORE_GEO_GEO_H_
