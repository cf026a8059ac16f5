// Tests for wangge::geo (geo.h): GeoJSON parsing and validation, shape operations. The point
// index and the coverage report: geo_index_test.cpp.

#include "core/geo/geo.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

namespace wangge::geo {
namespace {

using Ring = std::vector<std::pair<double, double>>;

// Shortest round-trip text of d.
std::string num(double d) {
  char buf[32];
  const auto res = std::to_chars(buf, buf + sizeof buf, d);
  return std::string(buf, res.ptr);
}

std::string ring_text(const Ring& r) {
  std::string s = "[";
  for (std::size_t i = 0; i < r.size(); ++i) {
    if (i > 0) s += ",";
    s += "[" + num(r[i].first) + "," + num(r[i].second) + "]";
  }
  return s + "]";
}

std::string polygon_text(const std::vector<Ring>& rings) {
  std::string s = R"({"type":"Polygon","coordinates":[)";
  for (std::size_t i = 0; i < rings.size(); ++i) {
    if (i > 0) s += ",";
    s += ring_text(rings[i]);
  }
  return s + "]}";
}

// Closed counter-clockwise square ring.
Ring square_ring(double lng, double lat, double size) {
  return {{lng, lat}, {lng + size, lat}, {lng + size, lat + size}, {lng, lat + size}, {lng, lat}};
}

struct ParseResult {
  std::optional<Shape> shape;
  std::string error;
  std::string error_zh;
};

ParseResult parse(std::string_view text) {
  ParseResult r;
  r.shape = Shape::from_geojson(text, &r.error, &r.error_zh);
  return r;
}

// Expects text to be rejected with an English reason containing en and a
// zh-CN reason containing zh.
void expect_rejected(std::string_view text, std::string_view en, std::string_view zh) {
  ParseResult r = parse(text);
  EXPECT_FALSE(r.shape.has_value()) << text;
  EXPECT_NE(r.error.find(en), std::string::npos) << "error was: " << r.error << " for " << text;
  EXPECT_NE(r.error_zh.find(zh), std::string::npos) << "error_zh was: " << r.error_zh << " for " << text;
}

// Twice the signed area of the first ring of a GeoJSON Polygon value.
double signed_area_of_outer(const boost::json::value& v) {
  const auto& ring = v.at("coordinates").as_array().at(0).as_array();
  double a = 0;
  for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
    const auto& p = ring[i].as_array();
    const auto& q = ring[i + 1].as_array();
    a += p[0].to_number<double>() * q[1].to_number<double>() - q[0].to_number<double>() * p[1].to_number<double>();
  }
  return a;
}

// ----------------------------------------------------------------------------
// Parsing

TEST(ShapeParse, ValidSquareParsesAndRoundTrips) {
  ParseResult r = parse(polygon_text({square_ring(114.0, 22.0, 0.01)}));
  ASSERT_TRUE(r.shape.has_value()) << r.error;
  const Shape& s = *r.shape;
  EXPECT_FALSE(s.empty());
  EXPECT_EQ(s.vertex_count(), 5u);
  EXPECT_EQ(s.polygon_count(), 1u);
  EXPECT_TRUE(s.valid());
  const Shape::Box b = s.bbox();
  EXPECT_DOUBLE_EQ(b.min_lng, 114.0);
  EXPECT_DOUBLE_EQ(b.min_lat, 22.0);
  EXPECT_DOUBLE_EQ(b.max_lng, 114.01);
  EXPECT_DOUBLE_EQ(b.max_lat, 22.01);

  const std::string text = s.to_geojson();
  EXPECT_EQ(text.rfind(R"({"type":"Polygon","coordinates":[[[)", 0), 0u) << text;
  ParseResult again = parse(text);
  ASSERT_TRUE(again.shape.has_value()) << again.error;
  EXPECT_EQ(again.shape->to_geojson(), text);
  EXPECT_DOUBLE_EQ(again.shape->area_m2(), s.area_m2());

  // to_json() has the same structure as to_geojson().
  const boost::json::value j = s.to_json();
  EXPECT_EQ(j.at("type"), "Polygon");
  const auto& ring = j.at("coordinates").as_array().at(0).as_array();
  ASSERT_EQ(ring.size(), 5u);
  EXPECT_DOUBLE_EQ(ring[0].as_array()[0].to_number<double>(), 114.0);
  EXPECT_DOUBLE_EQ(ring[0].as_array()[1].to_number<double>(), 22.0);
  // And the JSON-value overload parses it too.
  std::string err;
  std::string err_zh;
  auto from_value = Shape::from_geojson(s.to_json(), &err, &err_zh);
  ASSERT_TRUE(from_value.has_value()) << err;
  EXPECT_EQ(from_value->to_geojson(), text);
}

TEST(ShapeParse, IntegerCoordinatesAndAltitudeAccepted) {
  ParseResult r = parse(R"({"type":"Polygon","coordinates":[[[0,0,5],[1,0,5],[1,1,5],[0,1,5],[0,0,5]]]})");
  ASSERT_TRUE(r.shape.has_value()) << r.error;
  EXPECT_EQ(r.shape->vertex_count(), 5u);
}

TEST(ShapeParse, ErrorPointersMayBeNull) {
  EXPECT_FALSE(Shape::from_geojson("nope", nullptr, nullptr).has_value());
  const std::string text = "{}";
  EXPECT_FALSE(Shape::from_geojson(text, nullptr, nullptr).has_value());
}

TEST(ShapeParse, RejectsUnclosedRing) {
  expect_rejected(R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0.5]]]})", "not closed", "未闭合");
}

TEST(ShapeParse, RejectsThreePointRing) {
  expect_rejected(R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]})", "fewer than 4", "少于 4");
}

TEST(ShapeParse, RejectsBowTie) {
  expect_rejected(R"({"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]})", "self-intersection",
                  "多边形自相交");
  // Asymmetric bow-tie (non-zero net area).
  expect_rejected(R"({"type":"Polygon","coordinates":[[[0,0],[2,2],[2,0],[0,1],[0,0]]]})", "self-intersection",
                  "多边形自相交");
}

TEST(ShapeParse, RejectsDegenerateRing) {
  ParseResult r = parse(R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[2,0],[1,0],[0,0]]]})");
  EXPECT_FALSE(r.shape.has_value());
  EXPECT_FALSE(r.error.empty());
  EXPECT_FALSE(r.error_zh.empty());
}

TEST(ShapeParse, RejectsLongitudeOutOfRange) {
  expect_rejected(polygon_text({square_ring(180.5, 10, 1)}), "longitude out of range", "经度超出范围");
  expect_rejected(polygon_text({square_ring(-181, 10, 1)}), "longitude out of range", "经度超出范围");
}

TEST(ShapeParse, RejectsLatitudeOutOfRange) {
  expect_rejected(polygon_text({square_ring(10, 89.5, 1)}), "latitude out of range", "纬度超出范围");
}

TEST(ShapeParse, RejectsWrongType) {
  expect_rejected(R"({"type":"Point","coordinates":[114.0,22.0]})", "unsupported geometry type \"Point\"",
                  "不支持的几何类型");
  expect_rejected(R"({"coordinates":[]})", "missing \"type\"", "type");
  expect_rejected(R"({"type":"Polygon"})", "missing \"coordinates\"", "coordinates");
  expect_rejected(R"([1,2,3])", "must be a JSON object", "JSON 对象");
}

TEST(ShapeParse, RejectsNonNumberCoordinates) {
  expect_rejected(R"({"type":"Polygon","coordinates":[[["0",0],[1,0],[1,1],[0,1],["0",0]]]})", "not a number",
                  "不是数字");
  expect_rejected(R"({"type":"Polygon","coordinates":[[[0,null],[1,0],[1,1],[0,1],[0,null]]]})", "not a number",
                  "不是数字");
  expect_rejected(R"({"type":"Polygon","coordinates":[[[0],[1,0],[1,1],[0,1],[0]]]})", "at least 2 numbers",
                  "至少包含 2 个数字");
}

TEST(ShapeParse, RejectsMalformedNesting) {
  expect_rejected(R"({"type":"Polygon","coordinates":[]})", "no rings", "没有环");
  expect_rejected(R"({"type":"Polygon","coordinates":[5]})", "ring must be an array", "环必须");
  expect_rejected(R"({"type":"MultiPolygon","coordinates":[]})", "no polygons", "不包含任何多边形");
  expect_rejected(R"({"type":"MultiPolygon","coordinates":[5]})", "polygon must be an array", "多边形必须");
}

TEST(ShapeParse, RejectsGarbageJson) {
  expect_rejected("{not json", "invalid JSON", "JSON 格式错误");
  expect_rejected("", "invalid JSON", "JSON 格式错误");
}

TEST(ShapeParse, RejectsNaNInJsonValue) {
  boost::json::array ring;
  ring.push_back(boost::json::array{0.0, 0.0});
  ring.push_back(boost::json::array{std::numeric_limits<double>::quiet_NaN(), 0.0});
  ring.push_back(boost::json::array{1.0, 1.0});
  ring.push_back(boost::json::array{0.0, 1.0});
  ring.push_back(boost::json::array{0.0, 0.0});
  boost::json::object o;
  o["type"] = "Polygon";
  o["coordinates"] = boost::json::array{ring};
  std::string err;
  std::string err_zh;
  EXPECT_FALSE(Shape::from_geojson(boost::json::value(o), &err, &err_zh));
  EXPECT_NE(err.find("not finite"), std::string::npos) << err;
  EXPECT_NE(err_zh.find("有限"), std::string::npos) << err_zh;
}

TEST(ShapeParse, RejectsTooManyVertices) {
  Ring r;
  const std::size_t n = kMaxVertices;  // + closing position = n + 1
  for (std::size_t i = 0; i < n; ++i) {
    const double t = 2.0 * 3.141592653589793 * static_cast<double>(i) / static_cast<double>(n);
    r.emplace_back(std::cos(t), std::sin(t));
  }
  r.push_back(r.front());
  expect_rejected(polygon_text({r}), "too many vertices", "顶点总数超过上限");

  r.erase(r.end() - 2);  // n - 1 distinct + closing = exactly the limit
  ParseResult ok = parse(polygon_text({r}));
  EXPECT_TRUE(ok.shape.has_value()) << ok.error;
}

TEST(ShapeParse, AcceptsConsecutiveDuplicatePoints) {
  // OGC / Boost.Geometry treat repeated consecutive points as valid.
  ParseResult r = parse(R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[1,0],[1,1],[0,1],[0,0]]]})");
  ASSERT_TRUE(r.shape.has_value()) << r.error;
  EXPECT_EQ(r.shape->vertex_count(), 6u);
}

TEST(ShapeParse, RejectsSpike) {
  ParseResult r = parse(R"({"type":"Polygon","coordinates":[[[0,0],[2,0],[2,1],[3,1],[2,1],[2,2],[0,2],[0,0]]]})");
  EXPECT_FALSE(r.shape.has_value());
  EXPECT_FALSE(r.error.empty());
  EXPECT_FALSE(r.error_zh.empty());
}

TEST(ShapeParse, RejectsHoleOutsideOuter) {
  expect_rejected(polygon_text({square_ring(0, 0, 1), square_ring(5, 5, 1)}), "hole outside", "内环");
}

TEST(ShapeParse, RejectsOverlappingMultiPolygon) {
  const std::string text = R"({"type":"MultiPolygon","coordinates":[[)" + ring_text(square_ring(0, 0, 2)) + "],[" +
                           ring_text(square_ring(1, 1, 2)) + "]]}";
  ParseResult r = parse(text);
  EXPECT_FALSE(r.shape.has_value());
  EXPECT_FALSE(r.error.empty());
}

TEST(ShapeParse, ClockwiseInputAcceptedAndNormalisedToCcw) {
  Ring cw = square_ring(114.0, 22.0, 0.01);
  std::reverse(cw.begin(), cw.end());
  ParseResult r = parse(polygon_text({cw}));
  ASSERT_TRUE(r.shape.has_value()) << r.error;
  EXPECT_GT(r.shape->area_m2(), 0.0);
  // RFC 7946: the outer ring is written counter-clockwise.
  EXPECT_GT(signed_area_of_outer(r.shape->to_json()), 0.0);
  // Same shape as the counter-clockwise input.
  ParseResult ccw = parse(polygon_text({square_ring(114.0, 22.0, 0.01)}));
  ASSERT_TRUE(ccw.shape.has_value());
  EXPECT_NEAR(r.shape->area_m2(), ccw.shape->area_m2(), 1e-6);
}

TEST(ShapeParse, PolygonWithHole) {
  // Hole given counter-clockwise (wrong per RFC 7946): still accepted.
  ParseResult r = parse(polygon_text({square_ring(114.0, 22.0, 0.03), square_ring(114.01, 22.01, 0.01)}));
  ASSERT_TRUE(r.shape.has_value()) << r.error;
  const Shape full = Shape::rectangle(114.0, 22.0, 114.03, 22.03);
  const Shape hole = Shape::rectangle(114.01, 22.01, 114.02, 22.02);
  EXPECT_NEAR(r.shape->area_m2(), full.area_m2() - hole.area_m2(), 1e-6 * full.area_m2());
  EXPECT_FALSE(r.shape->contains(114.015, 22.015));
  EXPECT_TRUE(r.shape->contains(114.005, 22.015));
  EXPECT_TRUE(r.shape->contains(114.01, 22.015));  // on the hole's edge
  EXPECT_EQ(r.shape->vertex_count(), 10u);
}

TEST(ShapeParse, MultiPolygonRoundTrip) {
  const std::string text = R"({"type":"MultiPolygon","coordinates":[[)" + ring_text(square_ring(114.0, 22.0, 0.01)) +
                           "],[" + ring_text(square_ring(114.02, 22.0, 0.01)) + "]]}";
  ParseResult r = parse(text);
  ASSERT_TRUE(r.shape.has_value()) << r.error;
  EXPECT_EQ(r.shape->polygon_count(), 2u);
  EXPECT_EQ(r.shape->to_json().at("type"), "MultiPolygon");
  const double one = Shape::rectangle(114.0, 22.0, 114.01, 22.01).area_m2();
  EXPECT_NEAR(r.shape->area_m2(), 2 * one, 1e-3 * one);
  ParseResult again = parse(r.shape->to_geojson());
  ASSERT_TRUE(again.shape.has_value()) << again.error;
  EXPECT_EQ(again.shape->to_geojson(), r.shape->to_geojson());
}

// ----------------------------------------------------------------------------
// Measures and predicates

TEST(Shape, AreaOfSmallSquareAtLat22) {
  const Shape s = Shape::rectangle(114.0, 22.0, 114.01, 22.01);
  const double expected = 1113.2 * 1032.1;
  EXPECT_NEAR(s.area_m2(), expected, 0.005 * expected);
}

TEST(Shape, AreaShrinksWithLatitude) {
  const double eq = Shape::rectangle(10, 0, 10.01, 0.01).area_m2();
  const double north = Shape::rectangle(10, 60, 10.01, 60.01).area_m2();
  EXPECT_NEAR(north / eq, std::cos(60.005 * 3.141592653589793 / 180), 1e-3);
}

TEST(Shape, EmptyShape) {
  const Shape e;
  EXPECT_TRUE(e.empty());
  EXPECT_EQ(e.area_m2(), 0.0);
  EXPECT_EQ(e.vertex_count(), 0u);
  EXPECT_FALSE(e.contains(0, 0));
  EXPECT_EQ(e.to_geojson(), R"({"type":"MultiPolygon","coordinates":[]})");
  const Shape s = Shape::rectangle(0, 0, 1, 1);
  EXPECT_TRUE(e.covered_by(s));
  EXPECT_FALSE(s.covered_by(e));
  EXPECT_TRUE(s.intersection(e).empty());
  EXPECT_DOUBLE_EQ(s.union_with(e).area_m2(), s.area_m2());
  EXPECT_DOUBLE_EQ(e.union_with(s).area_m2(), s.area_m2());
}

TEST(Shape, CoveredBy) {
  const Shape parent = Shape::rectangle(114.0, 22.0, 114.02, 22.02);
  // Shares two edges with the parent.
  const Shape child = Shape::rectangle(114.0, 22.0, 114.01, 22.01);
  EXPECT_TRUE(child.covered_by(parent));
  EXPECT_TRUE(parent.covered_by(parent));
  // A non-rectangular child whose vertices lie on the parent's edges.
  const Shape tri = Shape::polygon({{114.0, 22.0}, {114.02, 22.0}, {114.02, 22.02}});
  EXPECT_TRUE(tri.covered_by(parent));
  // Pokes out by 0.001 deg (~100 m).
  const Shape poking = Shape::rectangle(114.015, 22.0, 114.021, 22.01);
  EXPECT_FALSE(poking.covered_by(parent));
  EXPECT_FALSE(parent.covered_by(child));
  const Shape far = Shape::rectangle(115.0, 23.0, 115.01, 23.01);
  EXPECT_FALSE(far.covered_by(parent));
}

TEST(Shape, Contains) {
  const Shape s = Shape::rectangle(114.0, 22.0, 114.01, 22.01);
  EXPECT_TRUE(s.contains(114.005, 22.005));
  EXPECT_TRUE(s.contains(114.0, 22.005));  // edge
  EXPECT_TRUE(s.contains(114.01, 22.01));  // corner
  EXPECT_FALSE(s.contains(114.011, 22.005));
  EXPECT_FALSE(s.contains(113.0, 22.005));
}

TEST(Shape, BooleanOperations) {
  const Shape a = Shape::rectangle(114.0, 22.0, 114.02, 22.01);
  const Shape b = Shape::rectangle(114.01, 22.0, 114.03, 22.01);
  const double cell = Shape::rectangle(114.0, 22.0, 114.01, 22.01).area_m2();

  const Shape i = a.intersection(b);
  EXPECT_NEAR(i.area_m2(), cell, 1e-6 * cell);
  EXPECT_TRUE(i.covered_by(a));
  EXPECT_TRUE(i.covered_by(b));

  const Shape d = a.difference(b);
  EXPECT_NEAR(d.area_m2(), cell, 1e-6 * cell);
  EXPECT_FALSE(d.contains(114.015, 22.005));
  EXPECT_TRUE(d.contains(114.005, 22.005));

  const Shape u = a.union_with(b);
  EXPECT_NEAR(u.area_m2(), 3 * cell, 1e-6 * cell);
  EXPECT_EQ(u.polygon_count(), 1u);

  const Shape far = Shape::rectangle(115.0, 23.0, 115.01, 23.01);
  EXPECT_TRUE(a.intersection(far).empty());
  EXPECT_EQ(a.union_with(far).polygon_count(), 2u);
  EXPECT_EQ(a.union_with(far).to_json().at("type"), "MultiPolygon");
}

TEST(Shape, PolygonClosesAndCorrects) {
  // Clockwise, not closed.
  const Shape s = Shape::polygon({{114.0, 22.0}, {114.0, 22.01}, {114.01, 22.01}, {114.01, 22.0}});
  EXPECT_EQ(s.vertex_count(), 5u);
  EXPECT_TRUE(s.valid());
  EXPECT_NEAR(s.area_m2(), Shape::rectangle(114.0, 22.0, 114.01, 22.01).area_m2(), 1e-6);
  EXPECT_GT(signed_area_of_outer(s.to_json()), 0.0);
  EXPECT_TRUE(Shape::polygon({}).empty());

  // polygon() does not validate; valid() reports the problem.
  const Shape bow = Shape::polygon({{0, 0}, {1, 1}, {1, 0}, {0, 1}});
  std::string err;
  std::string err_zh;
  EXPECT_FALSE(bow.valid(&err, &err_zh));
  EXPECT_EQ(err, "self-intersection");
  EXPECT_EQ(err_zh, "多边形自相交");
}

TEST(Shape, SimplifiedDropsNearlyStraightVerticesAndRounds) {
  // A square whose edges carry points 1e-6 degrees off the straight line.
  std::vector<std::pair<double, double>> ring;
  for (int i = 0; i < 10; ++i) ring.emplace_back(114.0 + i * 0.001, 22.0 + (i % 2) * 1e-6);
  ring.emplace_back(114.01, 22.0);
  ring.emplace_back(114.01, 22.01);
  ring.emplace_back(114.0, 22.01);
  const Shape s = Shape::polygon(ring);
  EXPECT_EQ(s.vertex_count(), 14u);
  const Shape d = s.simplified(1e-5, 5);
  EXPECT_EQ(d.vertex_count(), 5u);  // the four corners, closed
  EXPECT_NEAR(d.area_m2(), s.area_m2(), 1e-3 * s.area_m2());
  EXPECT_EQ(d.to_geojson(),
            R"({"type":"Polygon","coordinates":[[[114.01,22.01],[114,22.01],[114,22],[114.01,22],[114.01,22.01]]]})");
  // Without tolerance only the rounding applies; a shape smaller than it is left out.
  EXPECT_EQ(s.simplified(0, 7).vertex_count(), 14u);
  EXPECT_TRUE(Shape::rectangle(114.0, 22.0, 114.000001, 22.000001).simplified(0.1, 3).empty());
  // A tolerance wider than the shape keeps it whole rather than collapsing it.
  EXPECT_EQ(Shape::rectangle(114.0, 22.0, 114.001, 22.001).simplified(0.1, 6).vertex_count(), 5u);
}

}  // namespace
}  // namespace wangge::geo
