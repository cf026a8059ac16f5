// What the cockpit and the assessment read from the registry, in one grouped query each:
// residents per grid (the hotspot map's denominator) and visits per visitor (走访 in 户次
// and 人次, 002: "已走访121000余人次"). Other modules call these, never the tables.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "registry/service.h"

namespace wangge::registry {

// Residents registered under `path`, per grid (keyed by the grid's code; persons placed at
// a node above the grid level are not counted). Cached per path for ten minutes: the
// registry of a county changes slowly next to the cockpit's refresh.
std::map<std::string, std::int64_t> residents_per_grid(Service& svc, const std::string& path);

// Visits done under `path` in [from_ms, to_ms) per visitor account: visits (户次), the
// distinct households visited, and the persons living in them at the time of the query
// (人次: each visit counts its household's current members).
struct VisitorFigures {
  std::string name;
  std::int64_t visits = 0, households = 0, persons = 0;
};
std::map<std::int64_t, VisitorFigures> visits_per_visitor(Service& svc, const std::string& path, std::int64_t from_ms,
                                                          std::int64_t to_ms);

}  // namespace wangge::registry
