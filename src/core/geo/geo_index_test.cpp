// Tests for wangge::geo's point index (which grid holds a point) and coverage report (gaps,
// overlaps and pieces outside a parent). Parsing and shape operations: geo_test.cpp.

#include <gtest/gtest.h>

#include <atomic>
#include <cstddef>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/geo/geo.h"

namespace wangge::geo {
namespace {

constexpr double kLng0 = 114.0;
constexpr double kLat0 = 22.5;
constexpr double kStep = 0.001;

double lattice_lng(int c) {
  return kLng0 + c * kStep;
}
double lattice_lat(int r) {
  return kLat0 + r * kStep;
}

std::string cell_code(int r, int c) {
  return "g" + std::to_string(r) + std::to_string(c);
}

// n x n lattice of square cells; codes "g<row><col>" (single digits).
std::vector<std::pair<std::string, Shape>> lattice(int n) {
  std::vector<std::pair<std::string, Shape>> out;
  for (int r = 0; r < n; ++r) {
    for (int c = 0; c < n; ++c) {
      out.emplace_back(cell_code(r, c),
                       Shape::rectangle(lattice_lng(c), lattice_lat(r), lattice_lng(c + 1), lattice_lat(r + 1)));
    }
  }
  return out;
}

TEST(PointIndex, EmptyIndex) {
  const PointIndex idx;
  EXPECT_EQ(idx.size(), 0u);
  EXPECT_FALSE(idx.locate(114.0, 22.0).has_value());
  const PointIndex idx2(std::vector<std::pair<std::string, Shape>>{});
  EXPECT_FALSE(idx2.locate(114.0, 22.0).has_value());
}

TEST(PointIndex, LocatesCellsOnLattice) {
  const PointIndex idx(lattice(10));
  ASSERT_EQ(idx.size(), 100u);
  for (int r = 0; r < 10; ++r) {
    for (int c = 0; c < 10; ++c) {
      const double lng = lattice_lng(c) + 0.3 * kStep;
      const double lat = lattice_lat(r) + 0.6 * kStep;
      EXPECT_EQ(idx.locate(lng, lat), cell_code(r, c)) << r << "," << c;
    }
  }
}

TEST(PointIndex, SharedEdgesGetDeterministicAnswer) {
  const PointIndex idx(lattice(10));
  // Vertical edge between g34 and g35: lexicographically smaller code wins
  // (equal areas).
  const double mid_lat = lattice_lat(3) + 0.5 * kStep;
  EXPECT_EQ(idx.locate(lattice_lng(5), mid_lat), "g34");
  // Horizontal edge between g34 (below) and g44 (above).
  EXPECT_EQ(idx.locate(lattice_lng(4) + 0.5 * kStep, lattice_lat(4)), "g34");
  // Corner shared by g34, g35, g44, g45.
  EXPECT_EQ(idx.locate(lattice_lng(5), lattice_lat(4)), "g34");
  // Outer boundary of the lattice still belongs to the edge cell.
  EXPECT_EQ(idx.locate(lattice_lng(0), mid_lat), "g30");
  EXPECT_EQ(idx.locate(lattice_lng(10), lattice_lat(10)), "g99");
  // Repeated calls agree.
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(idx.locate(lattice_lng(5), mid_lat), "g34");
  }
}

TEST(PointIndex, OutsideReturnsNullopt) {
  const PointIndex idx(lattice(10));
  EXPECT_FALSE(idx.locate(lattice_lng(0) - 1e-6, lattice_lat(5)).has_value());
  EXPECT_FALSE(idx.locate(lattice_lng(5), lattice_lat(10) + 1e-6).has_value());
  EXPECT_FALSE(idx.locate(0, 0).has_value());
  EXPECT_FALSE(idx.locate_index(0, 0).has_value());
}

TEST(PointIndex, SmallestAreaWinsOnOverlap) {
  std::vector<std::pair<std::string, Shape>> regions;
  regions.emplace_back("big", Shape::rectangle(114.0, 22.0, 114.1, 22.1));
  regions.emplace_back("small", Shape::rectangle(114.04, 22.04, 114.06, 22.06));
  regions.emplace_back("medium", Shape::rectangle(114.03, 22.03, 114.08, 22.08));
  regions.emplace_back("empty", Shape());
  const PointIndex idx(regions);
  EXPECT_EQ(idx.size(), 3u);  // the empty shape is not indexed
  EXPECT_EQ(idx.locate(114.05, 22.05), "small");
  EXPECT_EQ(idx.locate(114.07, 22.07), "medium");
  EXPECT_EQ(idx.locate(114.01, 22.01), "big");
  EXPECT_FALSE(idx.locate(114.2, 22.05).has_value());
  const auto i = idx.locate_index(114.05, 22.05);
  ASSERT_TRUE(i.has_value());
  EXPECT_EQ(idx.code(*i), "small");
  EXPECT_TRUE(idx.shape(*i).contains(114.05, 22.05));
}

TEST(PointIndex, ExactPolygonCheckNotJustBbox) {
  // A triangle whose bbox covers the query point but the triangle does not.
  std::vector<std::pair<std::string, Shape>> regions;
  regions.emplace_back("tri", Shape::polygon({{0, 0}, {1, 0}, {0, 1}}));
  const PointIndex idx(regions);
  EXPECT_EQ(idx.locate(0.2, 0.2), "tri");
  EXPECT_FALSE(idx.locate(0.8, 0.8).has_value());
}

TEST(PointIndex, ConcurrentLookups) {
  const PointIndex idx(lattice(10));
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&idx, &mismatches, t] {
      std::mt19937 rng(static_cast<unsigned>(t));
      std::uniform_int_distribution<int> cell(0, 9);
      for (int i = 0; i < 2000; ++i) {
        const int r = cell(rng);
        const int c = cell(rng);
        const auto got = idx.locate(lattice_lng(c) + 0.5 * kStep, lattice_lat(r) + 0.5 * kStep);
        if (got != cell_code(r, c)) mismatches.fetch_add(1);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(mismatches.load(), 0);
}

// ----------------------------------------------------------------------------
// Coverage

Shape lattice_extent(int n) {
  return Shape::rectangle(lattice_lng(0), lattice_lat(0), lattice_lng(n), lattice_lat(n));
}

TEST(Coverage, PerfectTilingIsComplete) {
  const auto grids = lattice(5);
  const Shape community = lattice_extent(5);
  const CoverageReport rep = coverage(community, grids);
  EXPECT_TRUE(rep.complete());
  EXPECT_TRUE(rep.gaps.empty());
  EXPECT_TRUE(rep.overlaps.empty());
  EXPECT_TRUE(rep.outside.empty());
  EXPECT_NEAR(rep.area_m2, community.area_m2(), 1e-9);
  EXPECT_NEAR(rep.covered_m2, rep.area_m2, 1e-6 * rep.area_m2);
}

TEST(Coverage, IrregularPerfectTilingIsComplete) {
  // Jittered lattice: interior vertices move, edges are shared exactly.
  constexpr int n = 8;
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> jitter(-0.3 * kStep, 0.3 * kStep);
  std::vector<std::vector<std::pair<double, double>>> v(n + 1, std::vector<std::pair<double, double>>(n + 1));
  for (int r = 0; r <= n; ++r) {
    for (int c = 0; c <= n; ++c) {
      double lng = lattice_lng(c);
      double lat = lattice_lat(r);
      if (c > 0 && c < n) lng += jitter(rng);
      if (r > 0 && r < n) lat += jitter(rng);
      v[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)] = {lng, lat};
    }
  }
  std::vector<std::pair<std::string, Shape>> grids;
  for (std::size_t r = 0; r < n; ++r) {
    for (std::size_t c = 0; c < n; ++c) {
      grids.emplace_back("q" + std::to_string(r * n + c),
                         Shape::polygon({v[r][c], v[r][c + 1], v[r + 1][c + 1], v[r + 1][c]}));
    }
  }
  const Shape community = lattice_extent(n);
  for (const auto& [code, g] : grids) {
    EXPECT_TRUE(g.valid()) << code;
    EXPECT_TRUE(g.covered_by(community)) << code;
  }
  const CoverageReport rep = coverage(community, grids);
  EXPECT_TRUE(rep.complete()) << rep.gaps.size() << " gaps, " << rep.overlaps.size() << " overlaps, "
                              << rep.outside.size() << " outside";
  EXPECT_NEAR(rep.covered_m2, rep.area_m2, 1e-6 * rep.area_m2);

  // The index agrees with the tiling at cell centroids.
  const PointIndex idx(grids);
  for (std::size_t r = 0; r < n; ++r) {
    for (std::size_t c = 0; c < n; ++c) {
      const double lng = (v[r][c].first + v[r][c + 1].first + v[r + 1][c + 1].first + v[r + 1][c].first) / 4;
      const double lat = (v[r][c].second + v[r][c + 1].second + v[r + 1][c + 1].second + v[r + 1][c].second) / 4;
      EXPECT_EQ(idx.locate(lng, lat), "q" + std::to_string(r * n + c));
    }
  }
}

TEST(Coverage, MissingGridIsOneGapWithItsArea) {
  auto grids = lattice(5);
  const auto removed = grids[12];  // g22, an interior cell
  grids.erase(grids.begin() + 12);
  const CoverageReport rep = coverage(lattice_extent(5), grids);
  EXPECT_FALSE(rep.complete());
  ASSERT_EQ(rep.gaps.size(), 1u);
  EXPECT_NEAR(rep.gaps[0].area_m2, removed.second.area_m2(), 1e-6 * removed.second.area_m2());
  EXPECT_TRUE(rep.gaps[0].codes.empty());
  EXPECT_TRUE(rep.gaps[0].shape.covered_by(removed.second));
  EXPECT_TRUE(rep.overlaps.empty());
  EXPECT_TRUE(rep.outside.empty());
  EXPECT_NEAR(rep.covered_m2, rep.area_m2 - removed.second.area_m2(), 1e-6 * rep.area_m2);
}

TEST(Coverage, TwoSeparateGapsReportedSeparately) {
  auto grids = lattice(5);
  grids.erase(grids.begin() + 24);  // g44
  grids.erase(grids.begin() + 0);   // g00
  const CoverageReport rep = coverage(lattice_extent(5), grids);
  EXPECT_EQ(rep.gaps.size(), 2u);
}

TEST(Coverage, OverlapReportsBothCodesAndArea) {
  const Shape community = Shape::rectangle(114.0, 22.0, 114.01, 22.01);
  std::vector<std::pair<std::string, Shape>> grids;
  grids.emplace_back("A", Shape::rectangle(114.0, 22.0, 114.006, 22.01));
  grids.emplace_back("B", Shape::rectangle(114.004, 22.0, 114.01, 22.01));
  const CoverageReport rep = coverage(community, grids);
  EXPECT_FALSE(rep.complete());
  EXPECT_TRUE(rep.gaps.empty());
  EXPECT_TRUE(rep.outside.empty());
  ASSERT_EQ(rep.overlaps.size(), 1u);
  EXPECT_EQ(rep.overlaps[0].codes, (std::vector<std::string>{"A", "B"}));
  const double expected = Shape::rectangle(114.004, 22.0, 114.006, 22.01).area_m2();
  EXPECT_NEAR(rep.overlaps[0].area_m2, expected, 1e-6 * expected);
  EXPECT_NEAR(rep.overlaps[0].shape.area_m2(), expected, 1e-6 * expected);
  EXPECT_NEAR(rep.covered_m2, rep.area_m2, 1e-6 * rep.area_m2);
}

TEST(Coverage, GridPokingOutIsReportedOutside) {
  const Shape community = Shape::rectangle(114.0, 22.0, 114.01, 22.01);
  std::vector<std::pair<std::string, Shape>> grids;
  grids.emplace_back("L", Shape::rectangle(114.0, 22.0, 114.005, 22.01));
  grids.emplace_back("R", Shape::rectangle(114.005, 22.0, 114.012, 22.01));
  const CoverageReport rep = coverage(community, grids);
  EXPECT_FALSE(rep.complete());
  EXPECT_TRUE(rep.gaps.empty());
  EXPECT_TRUE(rep.overlaps.empty());
  ASSERT_EQ(rep.outside.size(), 1u);
  EXPECT_EQ(rep.outside[0].codes, (std::vector<std::string>{"R"}));
  const double expected = Shape::rectangle(114.01, 22.0, 114.012, 22.01).area_m2();
  EXPECT_NEAR(rep.outside[0].area_m2, expected, 1e-6 * expected);
  EXPECT_NEAR(rep.covered_m2, rep.area_m2, 1e-6 * rep.area_m2);
}

TEST(Coverage, SmallPiecesBelowThresholdAreDropped) {
  const Shape community = Shape::rectangle(114.0, 22.0, 114.01, 22.01);
  std::vector<std::pair<std::string, Shape>> grids;
  // Leaves a 1e-6 deg (~0.1 m) wide strip uncovered: ~110 m^2.
  grids.emplace_back("A", Shape::rectangle(114.0, 22.0, 114.009999, 22.01));
  EXPECT_EQ(coverage(community, grids, 1.0).gaps.size(), 1u);
  EXPECT_TRUE(coverage(community, grids, 500.0).complete());
}

TEST(Coverage, NoGridsIsOneGap) {
  const Shape community = Shape::rectangle(114.0, 22.0, 114.01, 22.01);
  const CoverageReport rep = coverage(community, {});
  ASSERT_EQ(rep.gaps.size(), 1u);
  EXPECT_NEAR(rep.gaps[0].area_m2, community.area_m2(), 1e-9);
  EXPECT_EQ(rep.covered_m2, 0.0);
}

TEST(PointIndex, NearAnswersTheBoxesMeetingABoxNearestFirst) {
  std::vector<std::pair<std::string, Shape>> regions;
  for (int i = 0; i < 5; ++i) {
    regions.emplace_back("g" + std::to_string(i), Shape::rectangle(114.0 + i * 0.01, 22.0, 114.01 + i * 0.01, 22.01));
  }
  const PointIndex index(regions);
  // A box over g2, reaching into g1 and g3; its centre nearer g3's than g1's.
  auto hits = index.near({114.019, 22.004, 114.037, 22.006}, 10);
  ASSERT_EQ(hits.size(), 3u);
  EXPECT_EQ(index.code(hits[0]) + index.code(hits[1]) + index.code(hits[2]), "g2g3g1");
  EXPECT_EQ(index.near({114.019, 22.004, 114.037, 22.006}, 1).size(), 1u);
  EXPECT_TRUE(index.near({115.0, 23.0, 115.1, 23.1}, 10).empty());
}

}  // namespace
}  // namespace wangge::geo
