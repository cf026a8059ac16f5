// The events store's reads for the suggestion model (suggest.h): the closed cases it learns
// from and the count of closed events that says when to learn again.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/storage/database.h"

namespace wangge::events::store {

struct ClosedCase {
  std::int64_t id = 0;
  std::string description, category_code, region_path;
  std::optional<std::int64_t> department_id;
};

// Closed events with id < before_id (0: from the newest), newest first, at most `limit`:
// the walk of the (status, id) index, paged by the caller.
std::vector<ClosedCase> closed_cases(storage::Tx& tx, std::int64_t before_id, int limit);

// How many events are closed now, summed from the statistics counters' month rows
// (events/rollup.h): a row per community and month, not a scan of the events.
std::int64_t closed_total(storage::Tx& tx);

}  // namespace wangge::events::store
