// PointIndex (geo.h): the region containing a point, through an R-tree of the regions'
// bounding boxes.
#include <algorithm>
#include <limits>

#include <boost/iterator/function_output_iterator.hpp>

#include "core/geo/geo.h"
#include "core/geo/geo_impl.h"

namespace wangge::geo {

using namespace detail;

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

// NOLINTNEXTLINE(performance-unnecessary-value-param): the elements are moved into the index
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

std::vector<std::size_t> PointIndex::near(const Shape::Box& box, std::size_t limit) const {
  const Impl& im = *impl_;
  const double cx = (box.min_lng + box.max_lng) / 2, cy = (box.min_lat + box.max_lat) / 2;
  std::vector<std::pair<double, std::size_t>> found;
  im.tree.query(bgi::intersects(to_bbox(box)), boost::make_function_output_iterator([&](const TreeValue& v) {
                  const auto& b = v.first;
                  const double dx = (b.min_corner().x() + b.max_corner().x()) / 2 - cx;
                  const double dy = (b.min_corner().y() + b.max_corner().y()) / 2 - cy;
                  found.emplace_back(dx * dx + dy * dy, v.second);
                }));
  std::sort(found.begin(), found.end());
  if (found.size() > limit) found.resize(limit);
  std::vector<std::size_t> out;
  out.reserve(found.size());
  for (const auto& f : found) out.push_back(f.second);
  return out;
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

}  // namespace wangge::geo
