// Keyset paging from the request: `limit` and `cursor` query parameters in, a page of
// `items` and `next_cursor` out. A listing reads limit + 1 rows; the extra row only tells
// that there is a next page, whose cursor is the key of the page's last row.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/http/message.h"
#include "core/json.h"

namespace wangge::paging {

// The `limit` query parameter in [1, max]; `fallback` when absent. 400 invalid_query
// otherwise (json::query_int).
int limit(const http::Request& req, int max, int fallback);

// A numeric `cursor` query parameter (an id) in [min, INT64_MAX]; nullopt when absent.
// 400 invalid_query otherwise.
std::optional<std::int64_t> id_cursor(const http::Request& req, std::int64_t min = 1);

// {"items": [to_json(row)...], "next_cursor": cursor_of(last row) or null} for rows read
// with limit + 1: at most `limit` rows are rendered; next_cursor is null when there are
// no more rows than that. cursor_of answers a string (ids are rendered as strings).
template <typename T, typename ToJson, typename CursorOf>
json::object page(const std::vector<T>& rows, int limit, ToJson&& to_json, CursorOf&& cursor_of) {
  json::array items;
  const std::size_t n = static_cast<std::size_t>(limit);
  for (std::size_t i = 0; i < rows.size() && i < n; ++i) items.push_back(to_json(rows[i]));
  json::value next = rows.size() > n ? json::value(std::string(cursor_of(rows[n - 1]))) : json::value(nullptr);
  return json::object{{"items", std::move(items)}, {"next_cursor", std::move(next)}};
}

}  // namespace wangge::paging
