// Check-in codes shown at a site (a volunteer activity, an emergency drill or patrol): six
// digits that change every minute, derived from the record's random key with HMAC-SHA-256
// and RFC 4226's dynamic truncation, as TOTP does (RFC 6238). The organiser's phone shows
// the current code (or its QR code); a participant types or scans it, which proves they
// saw the organiser's screen within the last minute or two.
//
// Thread safety: pure functions (new_key draws from libsodium's generator, thread-safe).
#pragma once

#include <cstdint>
#include <string>

namespace wangge::checkin {

// A fresh random key for a record's codes (32 bytes).
std::string new_key();
// The code `key` shows for record `id` in the minute `window` (epoch minutes): six digits.
std::string code(const std::string& key, std::int64_t id, std::int64_t window);
// Does `typed` match the code of the minute of `now_ms` or of the one before (a code read
// just as it changes still counts)? Both are compared, each in constant time.
bool matches(const std::string& key, std::int64_t id, const std::string& typed, std::int64_t now_ms);

}  // namespace wangge::checkin
