// What waits for a user (GET /api/v1/my/work, src/app/my_work.cpp): each module counts its
// own waiting records through its own list paths and answers them as items of this shape.
// A count reads at most cap + 1 ids, never COUNT(*) over a scope, so its cost stays bounded
// however many records a territory holds; beyond the cap it says `more`.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

namespace wangge::work {

// The largest count answered; more than this is answered as the cap with more = true.
inline constexpr int kCap = 99;

struct Item {
  std::string module;  // events, registry, disputes, notifications
  std::string key;     // what waits, e.g. "dispatch.reported"
  std::int64_t count = 0;
  bool more = false;  // more than `count` (the cap) wait
};

// An item from the number of ids a walk limited to cap + 1 read.
inline Item capped(std::string module, std::string key, std::size_t read, int cap) {
  auto n = static_cast<std::int64_t>(read);
  bool more = n > cap;
  return Item{std::move(module), std::move(key), more ? cap : n, more};
}

}  // namespace wangge::work
