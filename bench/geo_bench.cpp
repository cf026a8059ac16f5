// Benchmarks for wangge::geo: point -> grid lookup and coverage reports.
//
// Run: geo_bench --benchmark_repetitions=3 --benchmark_report_aggregates_only=true

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "core/geo/geo.h"

namespace {

using wangge::geo::CoverageReport;
using wangge::geo::PointIndex;
using wangge::geo::Shape;

constexpr double kLng0 = 114.0;
constexpr double kLat0 = 22.5;
constexpr double kStep = 0.001;  // ~100 m cells

// rows x cols lattice of irregular quadrilaterals.  Interior lattice vertices
// are jittered by up to 30% of a cell; boundary vertices only move along the
// boundary, so the tiling's extent is the exact rectangle
// [kLng0, kLng0 + cols*kStep] x [kLat0, kLat0 + rows*kStep].  Neighbouring
// cells are built from the very same vertex values, so shared edges tile
// exactly.
std::vector<std::pair<std::string, Shape>> irregular_lattice(std::size_t rows, std::size_t cols, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> jitter(-0.3 * kStep, 0.3 * kStep);
  std::vector<std::vector<std::pair<double, double>>> v(rows + 1, std::vector<std::pair<double, double>>(cols + 1));
  for (std::size_t r = 0; r <= rows; ++r) {
    for (std::size_t c = 0; c <= cols; ++c) {
      double lng = kLng0 + static_cast<double>(c) * kStep;
      double lat = kLat0 + static_cast<double>(r) * kStep;
      if (c > 0 && c < cols) lng += jitter(rng);
      if (r > 0 && r < rows) lat += jitter(rng);
      v[r][c] = {lng, lat};
    }
  }
  std::vector<std::pair<std::string, Shape>> out;
  out.reserve(rows * cols);
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < cols; ++c) {
      out.emplace_back("440305" + std::to_string(100000 + r * cols + c),
                       Shape::polygon({v[r][c], v[r][c + 1], v[r + 1][c + 1], v[r + 1][c]}));
    }
  }
  return out;
}

struct LookupFixture {
  PointIndex index;
  std::vector<std::pair<double, double>> points;
};

const LookupFixture& lookup_fixture() {
  static const LookupFixture f = [] {
    LookupFixture x;
    constexpr std::size_t kN = 100;
    x.index = PointIndex(irregular_lattice(kN, kN, 42));
    std::mt19937 rng(1);
    std::uniform_real_distribution<double> lng(kLng0, kLng0 + static_cast<double>(kN) * kStep);
    std::uniform_real_distribution<double> lat(kLat0, kLat0 + static_cast<double>(kN) * kStep);
    x.points.resize(1 << 16);
    for (auto& p : x.points) p = {lng(rng), lat(rng)};
    return x;
  }();
  return f;
}

// locate() with 10,000 grids; every point hits exactly one grid.
void BM_Locate10k(benchmark::State& state) {
  const LookupFixture& f = lookup_fixture();
  const std::size_t mask = f.points.size() - 1;
  std::size_t i = 0;
  std::size_t misses = 0;
  for (auto _ : state) {
    const auto& [lng, lat] = f.points[i++ & mask];
    auto code = f.index.locate(lng, lat);
    if (!code) ++misses;
    benchmark::DoNotOptimize(code);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.counters["misses"] = static_cast<double>(misses);
}
BENCHMARK(BM_Locate10k);

// locate_index(): the same lookup without copying the code string.
void BM_LocateIndex10k(benchmark::State& state) {
  const LookupFixture& f = lookup_fixture();
  const std::size_t mask = f.points.size() - 1;
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& [lng, lat] = f.points[i++ & mask];
    auto idx = f.index.locate_index(lng, lat);
    benchmark::DoNotOptimize(idx);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_LocateIndex10k);

// coverage() of a community tiled by range(0) x 10 irregular grids (50 by
// default), with one grid removed so that a gap is found too.
void BM_Coverage(benchmark::State& state) {
  const auto rows = static_cast<std::size_t>(state.range(0)) / 10;
  auto grids = irregular_lattice(rows, 10, 7);
  grids.erase(grids.begin() + static_cast<std::ptrdiff_t>(grids.size() / 2));
  const Shape community = Shape::rectangle(kLng0, kLat0, kLng0 + 10 * kStep, kLat0 + static_cast<double>(rows) * kStep);
  for (auto _ : state) {
    CoverageReport rep = wangge::geo::coverage(community, grids);
    if (rep.gaps.size() != 1 || !rep.overlaps.empty() || !rep.outside.empty()) {
      state.SkipWithError("unexpected coverage report");
      break;
    }
    benchmark::DoNotOptimize(rep);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_Coverage)->Arg(50)->Arg(500)->Unit(benchmark::kMillisecond);

}  // namespace
