// GeoJSON for Shape (geo.h): parsing with validation (Shape::from_geojson) and output
// (Shape::to_geojson, Shape::to_json).
#include <charconv>
#include <cmath>
#include <system_error>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>

#include "core/geo/geo.h"
#include "core/geo/geo_impl.h"

namespace wangge::geo {

using namespace detail;
namespace json = boost::json;

namespace {

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

}  // namespace

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

}  // namespace wangge::geo
