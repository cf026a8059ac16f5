// JSON in and out of handlers (Boost.JSON), with every input error turned into a
// wangge::Error that names the offending field.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/http/message.h"

namespace wangge::json {

using boost::json::array;
using boost::json::object;
using boost::json::value;

// The request body as a JSON object. Errors: unsupported_media_type (a non-JSON
// Content-Type), invalid_json (syntax, invalid UTF-8, not an object, too deep, a string
// holding U+0000).
object parse_body(const http::Request& req);

// Rejects fields outside `allowed` (validation error naming the first unknown field).
void allow_only(const object& o, std::initializer_list<std::string_view> allowed);

// Field readers. `required` ones throw validation errors when missing or null; all throw
// when the type is wrong. Strings are trimmed of surrounding ASCII spaces and limited to
// max_chars Unicode code points.
std::string get_string(const object& o, std::string_view key, std::size_t max_chars = 200, std::size_t min_chars = 1);
std::optional<std::string> opt_string(const object& o, std::string_view key, std::size_t max_chars = 200,
                                      std::size_t min_chars = 0);
std::int64_t get_int(const object& o, std::string_view key);
std::optional<std::int64_t> opt_int(const object& o, std::string_view key);
std::optional<bool> opt_bool(const object& o, std::string_view key);
// A string that must be one of `allowed` (an enumeration): `dflt` when absent (required
// when there is none); 422 naming the field and listing the values otherwise.
std::string one_of(const object& o, std::string_view key, std::span<const char* const> allowed,
                   std::optional<std::string> dflt = std::nullopt);

// Query parameter readers with the same error conventions.
std::optional<std::int64_t> query_int(const http::Request& req, std::string_view name, std::int64_t min,
                                      std::int64_t max);
std::optional<double> query_double(const http::Request& req, std::string_view name);

// A positive decimal id (at most 18 digits); nullopt for anything else.
std::optional<std::int64_t> parse_id(std::string_view s);
// The path parameter `name` as an id; anything else answers 404 not_found (no such record).
std::int64_t path_id(const http::Request& req, const std::string& name);
// "a,b,,c" -> {"a", "b", "c"}: a comma-separated query value, empty items dropped.
std::vector<std::string> split_list(std::string_view s);

// JSON text of v. Unlike boost::json::serialize, doubles are written in their shortest
// round-trip decimal form (113.2155, not 1.132155E2): smaller, and readable.
std::string to_text(const value& v);

// Serialises o with one more member `key` whose value is raw_json spliced in as is.
// raw_json must be valid JSON that the server produced itself (e.g. a stored GeoJSON
// geometry): it saves parsing and re-serialising large documents on every read.
http::Response respond_with_raw(int status, const object& o, std::string_view key, std::string_view raw_json);

// Serialises v as a JSON response.
http::Response respond(int status, const value& v);

// True when s is well-formed UTF-8 (no overlongs, no surrogates).
bool valid_utf8(std::string_view s);
// Text the platform takes: well-formed UTF-8 without the NUL character (U+0000), which the
// databases refuse or cut text at.
inline bool valid_text(std::string_view s) {
  return s.find('\0') == std::string_view::npos && valid_utf8(s);
}
// Whether s holds a C0 control character other than tab and line feed (JSON strings with
// one are refused; other inputs use this to refuse them alike).
inline bool has_control_chars(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') return true;
  }
  return false;
}
std::size_t utf8_length(std::string_view s);

// RFC 3339 UTC text of epoch milliseconds, e.g. 2026-11-23T03:12:24.000Z.
std::string rfc3339(std::int64_t epoch_ms);
// Parses YYYY-MM-DD or an RFC 3339 timestamp into epoch ms (UTC when no offset).
std::optional<std::int64_t> parse_time(std::string_view text);

}  // namespace wangge::json
