// The JSON forms of regions in answers (http_read.cpp, http_write.cpp).
#pragma once

#include <vector>

#include "core/http/schema.h"
#include "core/json.h"
#include "territory/region.h"

namespace wangge::territory {

// The schemas of the module's answers and bodies (schemas.cpp): Region, RegionDetail, RegionCoverage, ...
void register_schemas(schema::Components& c);

json::object region_json(const Region& r);
// The chain root..node as [{code, name, level}].
json::array chain_json(const std::vector<Region>& chain);

}  // namespace wangge::territory
