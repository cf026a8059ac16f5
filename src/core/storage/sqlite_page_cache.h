// A thin layer over SQLite's own page cache (pcache1) that keeps one of its bookkeeping
// figures honest, so that small commits do not walk the whole cache.
//
// Why: when a B-tree balance (balance_nonroot) swaps two pages to keep siblings in ascending
// order, it parks one of them for a moment under the lock-byte page's number (1 GiB / page
// size + 1, page 262145 at 4 KiB). pcache1 remembers the largest key it has seen (iMaxKey)
// and every commit ends by truncating the cache to the database size; when that largest key
// lies far beyond the database, the truncation scans every hash slot and page of the cache.
// Without this layer that scan is the writer's largest single cost on event intake, and it
// grows with the cache (figures: docs/PERFORMANCE.md).
//
// What: the layer forwards every call to pcache1 unchanged, except that the lock-byte page's
// number is stored under key 0, which SQLite never uses for a page (page numbers start at 1).
// A parked page lives there for the three renumberings of one swap; the largest key pcache1
// sees stays the database's real largest page, and truncation scans only the slots above it.
#pragma once

#include <cstdint>

namespace wangge::storage {

// Installs the layer for the whole process. Must run before SQLite initialises (before the
// first connection opens); answers false, and changes nothing, when that is too late.
bool install_sqlite_page_cache();

// What the layer has seen in this process: calls that named the lock-byte page's number
// (each renumbered to key 0), and the largest key pcache1 was given (0 before any page).
struct PageCacheStats {
  std::uint64_t parked = 0;
  unsigned max_key = 0;
};
PageCacheStats sqlite_page_cache_stats();

}  // namespace wangge::storage
