// Content codings (RFC 9110 section 8.4): what a client accepts, gzip for answers made on
// the fly, and the choice among files compressed at build time. Phones on a weak signal
// (issue 17) get JSON and the web app's assets at a fraction of their size.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/http/message.h"

namespace wangge::http {

enum class Coding { identity, gzip, br };

// Whether `accept_encoding` (the header's value, empty when absent) accepts `coding` with
// a non-zero quality: an explicit entry, else "*". identity is always acceptable unless
// refused explicitly.
bool accepts(std::string_view accept_encoding, Coding coding);

// gzip (RFC 1952) of `bytes` at zlib level `level` (1 fastest .. 9 smallest).
std::string gzip(std::string_view bytes, int level = 1);
// The bytes a gzip stream holds; nullopt when it is not a whole gzip stream.
std::optional<std::string> gunzip(std::string_view gz);

// Answers of at least this many bytes are worth compressing (smaller ones fit a packet).
inline constexpr std::size_t kCompressFrom = 1400;

// Compresses `res` in place with gzip when the request accepts it, the body is at least
// kCompressFrom bytes of a compressible type (JSON, text, JavaScript, CSS, SVG, XML) and
// not already coded; adds Vary: Accept-Encoding to every answer of a compressible type so
// that caches keep the codings apart. Event streams and deferred answers are left alone.
void compress(const Request& req, Response& res);

// Whether the content type is one that compresses well.
bool compressible(std::string_view content_type);

}  // namespace wangge::http
