#include "territory/region.h"

#include <array>

namespace wangge::territory {
namespace {

constexpr std::array kLevels = {
    LevelSpec{"province", "", 2, 2, "省", "Province"},
    LevelSpec{"city", "province", 2, 4, "市", "City"},
    LevelSpec{"county", "city", 2, 6, "区县", "County"},
    LevelSpec{"town", "county", 3, 9, "镇街", "Town / street"},
    LevelSpec{"community", "town", 3, 12, "社区/村", "Community / village"},
    LevelSpec{"grid", "community", 3, 15, "网格", "Grid"},
    LevelSpec{"unit", "grid", 3, 18, "最小单元", "Unit"},
    LevelSpec{"building", "unit", 3, 21, "楼栋", "Building"},
};

}  // namespace

const LevelSpec* find_level(std::string_view level) {
  for (const auto& l : kLevels) {
    if (l.level == level) return &l;
  }
  return nullptr;
}

const LevelSpec* level_of_code_length(std::size_t length) {
  for (const auto& l : kLevels) {
    if (static_cast<std::size_t>(l.code_length) == length) return &l;
  }
  return nullptr;
}

bool digits_only(std::string_view code) {
  if (code.empty()) return false;
  for (char c : code) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace wangge::territory
