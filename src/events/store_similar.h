// The possible duplicates' candidates (similar.cpp), SQL in store_similar.cpp.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/storage/database.h"
#include "events/model.h"

namespace wangge::events::store {

// Open events (not closed, rejected, merged or withdrawn) under `path` created since
// `since_ms` within the box, newest first, excluding `exclude_id`; the caller measures the
// exact distance. Walks the path index (region_path, status, id) of one community.
std::vector<Event> nearby_open(storage::Tx& tx, const std::string& path, double min_lng, double min_lat, double max_lng,
                               double max_lat, std::int64_t since_ms, std::int64_t exclude_id, int limit);

}  // namespace wangge::events::store
