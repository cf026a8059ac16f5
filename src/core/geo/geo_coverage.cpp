// coverage() (geo.h): gaps, overlaps and area outside of a community's grids.
#include <algorithm>
#include <iterator>
#include <utility>
#include <vector>

#include "core/geo/geo.h"
#include "core/geo/geo_impl.h"

namespace wangge::geo {

using namespace detail;

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
