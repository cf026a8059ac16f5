// Use case: the demo territory. 平沙镇 (440404104) and its 11 communities come from the
// official division list; their boundaries, grids and units are generated here so that
// they tile exactly (全域覆盖 holds by construction): a 4x3 lattice of perturbed quads
// (two merged into one community) refined into a fine lattice whose vertices are
// computed once and shared by every polygon that touches them.
#include <spdlog/spdlog.h>

#include <cmath>

#include "core/error.h"
#include "territory/service.h"
#include "territory/store.h"

namespace wangge::territory {
namespace {

constexpr int kCols = 4, kRows = 3;    // coarse lattice of community cells
constexpr int kFineX = 6, kFineY = 4;  // fine cells per community cell
constexpr int kGridX = 2, kGridY = 2;  // fine cells per grid (units are fine cells)
constexpr double kLng0 = 113.155, kLat0 = 22.005, kDLng = 0.030, kDLat = 0.034;

struct Pt {
  double lng, lat;
};

// Coarse lattice vertex (c, r), interior ones displaced by a fixed pseudo-random offset.
Pt coarse(int c, int r) {
  double lng = kLng0 + c * kDLng, lat = kLat0 + r * kDLat;
  if (c > 0 && c < kCols && r > 0 && r < kRows) {
    double a = std::sin(c * 12.9898 + r * 78.233) * 43758.5453;
    double b = std::sin(c * 39.3468 + r * 11.135) * 24634.6345;
    lng += (a - std::floor(a) - 0.5) * 0.25 * kDLng;
    lat += (b - std::floor(b) - 0.5) * 0.25 * kDLat;
  }
  // 1e-6 degrees (about 0.1 m) is plenty; rounding keeps the GeoJSON short.
  return {std::round(lng * 1e6) / 1e6, std::round(lat * 1e6) / 1e6};
}

// Fine lattice vertex (i, j): bilinear inside its coarse cell; each (i, j) has one formula,
// so a vertex shared by neighbouring polygons is the same double in all of them.
Pt fine(int i, int j) {
  int c = std::min(i / kFineX, kCols - 1), r = std::min(j / kFineY, kRows - 1);
  double u = static_cast<double>(i - c * kFineX) / kFineX, v = static_cast<double>(j - r * kFineY) / kFineY;
  Pt p00 = coarse(c, r), p10 = coarse(c + 1, r), p01 = coarse(c, r + 1), p11 = coarse(c + 1, r + 1);
  auto mix = [&](double a00, double a10, double a01, double a11) {
    return (1 - u) * (1 - v) * a00 + u * (1 - v) * a10 + (1 - u) * v * a01 + u * v * a11;
  };
  // Rounded to 1e-7 degrees (1 cm): exact in every polygon that shares the vertex, short in JSON.
  auto round7 = [](double x) { return std::round(x * 1e7) / 1e7; };
  return {round7(mix(p00.lng, p10.lng, p01.lng, p11.lng)), round7(mix(p00.lat, p10.lat, p01.lat, p11.lat))};
}

// The polygon of the fine-index rectangle [i0,i1]x[j0,j1], every boundary vertex included,
// counter-clockwise, as GeoJSON geometry text.
std::string rect_geojson(int i0, int j0, int i1, int j1) {
  std::vector<Pt> ring;
  for (int i = i0; i < i1; ++i) ring.push_back(fine(i, j0));
  for (int j = j0; j < j1; ++j) ring.push_back(fine(i1, j));
  for (int i = i1; i > i0; --i) ring.push_back(fine(i, j1));
  for (int j = j1; j > j0; --j) ring.push_back(fine(i0, j));
  ring.push_back(ring.front());
  std::vector<std::pair<double, double>> pts;
  pts.reserve(ring.size());
  for (auto p : ring) pts.emplace_back(p.lng, p.lat);
  return geo::Shape::polygon(pts).to_geojson();
}

const char* kDigitsZh[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"};

}  // namespace

bool Service::load_demo(const std::string& divisions_dir) {
  constexpr const char* kTown = "440404104";
  bool present = db_.read_value<bool>([](storage::Tx& tx) { return store::has_grid_under(tx, "440404104"); });
  if (present) return false;
  import_divisions(kTown, divisions_dir);
  auto communities = children(kTown, "", 100, false);
  if (communities.size() != 11) {
    throw std::runtime_error("expected 11 communities under 平沙镇, the division data has " +
                             std::to_string(communities.size()));
  }
  // Community k occupies coarse cell k (row-major), the last one cells 10 and 11 merged.
  struct Cell {
    int i0, j0, i1, j1;
  };
  std::vector<Cell> cells;
  for (int k = 0; k < 11; ++k) {
    int c = k % kCols, r = k / kCols;
    int width = (k == 10) ? 2 : 1;
    cells.push_back({c * kFineX, r * kFineY, (c + width) * kFineX, (r + 1) * kFineY});
  }
  std::int64_t now = storage::now_ms();
  auto set_geometry = [&](storage::Tx& tx, const std::string& code, const std::string& text) {
    auto shape = geo::Shape::from_geojson(text, nullptr, nullptr);
    auto b = shape->bbox();
    store::set_geometry(tx, code, text, std::array<double, 4>{b.min_lng, b.min_lat, b.max_lng, b.max_lat}, now);
  };
  auto insert = [&](storage::Tx& tx, const Region& parent, const std::string& code, const std::string& level,
                    const std::string& name, const std::string& text) {
    Region r;
    r.code = code;
    r.parent_code = parent.code;
    r.level = level;
    r.name = name;
    r.path = parent.path + code + "/";
    r.depth = parent.depth + 1;
    r.geometry = text;
    r.source = "demo";
    r.created_at = r.updated_at = now;
    auto b = geo::Shape::from_geojson(text, nullptr, nullptr)->bbox();
    store::insert(tx, r, std::array<double, 4>{b.min_lng, b.min_lat, b.max_lng, b.max_lat});
    return r;
  };
  db_.bulk([&](storage::Tx& tx) {
    set_geometry(tx, kTown, rect_geojson(0, 0, kCols * kFineX, kRows * kFineY));
    for (std::size_t k = 0; k < communities.size(); ++k) {
      const Region& community = communities[k];
      const Cell& cell = cells[k];
      set_geometry(tx, community.code, rect_geojson(cell.i0, cell.j0, cell.i1, cell.j1));
      std::string short_name = community.name;
      if (auto pos = short_name.find("居民委员会"); pos != std::string::npos) short_name.erase(pos);
      int grid_no = 0;
      for (int j = cell.j0; j < cell.j1; j += kGridY) {
        for (int i = cell.i0; i < cell.i1; i += kGridX) {
          ++grid_no;
          char code[32];
          std::snprintf(code, sizeof code, "%s%03d", community.code.c_str(), grid_no);
          Region grid = insert(tx, community, code, "grid", short_name + "第" + kDigitsZh[grid_no] + "网格",
                               rect_geojson(i, j, i + kGridX, j + kGridY));
          int unit_no = 0;
          for (int uj = j; uj < j + kGridY; ++uj) {
            for (int ui = i; ui < i + kGridX; ++ui) {
              ++unit_no;
              char ucode[32];
              std::snprintf(ucode, sizeof ucode, "%s%03d", grid.code.c_str(), unit_no);
              insert(tx, grid, ucode, "unit", "第" + std::to_string(unit_no) + "单元",
                     rect_geojson(ui, uj, ui + 1, uj + 1));
            }
          }
        }
      }
    }
  });
  reload_index();
  spdlog::info("demo territory loaded: 平沙镇 with {} communities, {} grids", communities.size(), indexed_grids());
  return true;
}

}  // namespace wangge::territory
