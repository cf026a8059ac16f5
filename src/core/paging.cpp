#include "core/paging.h"

#include <cstdint>

namespace wangge::paging {

int limit(const http::Request& req, int max, int fallback) {
  return static_cast<int>(json::query_int(req, "limit", 1, max).value_or(fallback));
}

std::optional<std::int64_t> id_cursor(const http::Request& req, std::int64_t min) {
  return json::query_int(req, "cursor", min, INT64_MAX);
}

}  // namespace wangge::paging
