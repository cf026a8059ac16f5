// The territory model: a tree of regions with hierarchical codes.
//
// Levels and their codes (GB/T 2260 and the statistical division codes for the upper
// five; the digital-urban-management unit-grid code for grids, extended for units and
// buildings): a child's code is its parent's code followed by `digits` more digits.
//   province 2, city +2, county +2, town +3, community +3, grid +3 (15), unit +3 (18),
//   building +3 (21).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wangge::territory {

struct LevelSpec {
  std::string_view level;
  std::string_view parent;  // "" for the root level
  int digits;               // digits added to the parent's code
  int code_length;
  std::string_view name_zh;
  std::string_view name_en;
};

const LevelSpec* find_level(std::string_view level);
// The level whose children have level `child`, i.e. child's required parent level.
const LevelSpec* level_of_code_length(std::size_t length);

struct Region {
  std::string code;
  std::optional<std::string> parent_code;
  std::string level;
  std::string name;
  std::string path;  // "/44/4404/.../code/"
  int depth = 0;
  std::optional<std::string> geometry;  // GeoJSON geometry text
  std::string source;
  std::int64_t version = 0;
  std::int64_t child_count = 0;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

// True when code is all ASCII digits.
bool digits_only(std::string_view code);

}  // namespace wangge::territory
