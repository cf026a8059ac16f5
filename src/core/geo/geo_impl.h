// Private to the geometry implementation (geo.h); shared by its translation units:
//   geo.cpp           Shape: construction, areas, validity, set operations
//   geo_geojson.cpp   GeoJSON parsing and validation (Shape::from_geojson) and output
//   geo_index.cpp     PointIndex (an R-tree of region bounding boxes)
//   geo_coverage.cpp  coverage() of a community by its grids
// Only these files include Boost.Geometry.
//
// Thread safety: everything here is either immutable (Shape::Impl once made) or local to
// one call; no locks.
#pragma once

#include <cstdint>
#include <memory>
#include <numbers>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/geometry.hpp>
#include <boost/geometry/geometries/box.hpp>
#include <boost/geometry/geometries/multi_polygon.hpp>
#include <boost/geometry/geometries/point_xy.hpp>
#include <boost/geometry/geometries/polygon.hpp>
#include <boost/geometry/index/rtree.hpp>

#include "core/geo/geo.h"

namespace wangge::geo {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

namespace detail {

using Point = bg::model::d2::point_xy<double>;
// Counter-clockwise outer rings, closed: what GeoJSON (RFC 7946) prescribes.
using Polygon = bg::model::polygon<Point, /*ClockWise=*/false,
                                   /*Closed=*/true>;
using Ring = Polygon::ring_type;
using MultiPolygon = bg::model::multi_polygon<Polygon>;
using BBox = bg::model::box<Point>;
using TreeValue = std::pair<BBox, std::uint32_t>;
using Tree = bgi::rtree<TreeValue, bgi::quadratic<16>>;

// A parse / validation failure: English and zh-CN reasons.
struct Failure {
  std::string en;
  std::string zh;
};

// Stores the failure's reasons where the caller asked for them (either may be null).
void report(const Failure& f, std::string* error, std::string* error_zh);

// OGC validity of an oriented multipolygon; std::nullopt when valid.
std::optional<Failure> check_valid(const MultiPolygon& mp);

BBox to_bbox(const Shape::Box& b);

// Union of many multipolygons by pairwise (cascaded) merging.
MultiPolygon cascaded_union(std::vector<MultiPolygon> items);

}  // namespace detail

struct Shape::Impl {
  detail::MultiPolygon mp;
  double area_deg2 = 0;  // planar area, >= 0
  double area_m2 = 0;
  Box box{0, 0, 0, 0};
};

namespace detail {

// Grants the free functions and PointIndex of the geo*.cpp files access to the geometry
// inside a Shape.
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
  static Shape make(MultiPolygon mp, bool drop_degenerate);
};

}  // namespace detail

using detail::ShapeAccess;

}  // namespace wangge::geo
