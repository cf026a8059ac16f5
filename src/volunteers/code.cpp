// Check-in codes (a six-digit code that changes every minute, derived from the activity's
// random key with HMAC-SHA-256, as TOTP does: RFC 6238), the place check (the phone within
// the activity's radius) and the minutes a check-in and check-out make.
#include <sodium.h>

#include <algorithm>
#include <cmath>

#include "volunteers/model.h"

namespace wangge::volunteers {

std::string check_code(const std::string& key, std::int64_t activity_id, std::int64_t window) {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  std::string msg = std::to_string(activity_id) + ":" + std::to_string(window);
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(msg.data()), msg.size());
  crypto_auth_hmacsha256_final(&st, mac);
  // RFC 4226 dynamic truncation.
  int offset = mac[sizeof mac - 1] & 0x0f;
  std::uint32_t bin = (static_cast<std::uint32_t>(mac[offset] & 0x7f) << 24) |
                      (static_cast<std::uint32_t>(mac[offset + 1]) << 16) |
                      (static_cast<std::uint32_t>(mac[offset + 2]) << 8) | static_cast<std::uint32_t>(mac[offset + 3]);
  std::string code = std::to_string(bin % 1'000'000);
  return std::string(6 - code.size(), '0') + code;
}

bool code_matches(const std::string& key, std::int64_t activity_id, const std::string& code, std::int64_t now_ms) {
  std::int64_t window = now_ms / 60'000;
  bool ok = false;  // both compared, in constant time each
  for (std::int64_t w : {window, window - 1}) {
    std::string expected = check_code(key, activity_id, w);
    ok |= code.size() == expected.size() && sodium_memcmp(code.data(), expected.data(), code.size()) == 0;
  }
  return ok;
}

bool within_code_window(const Activity& a, std::int64_t now_ms) {
  return now_ms >= a.starts_at - kCodeSlackMs && now_ms <= a.ends_at + kCodeSlackMs;
}

double distance_m(double lat1, double lng1, double lat2, double lng2) {
  constexpr double kEarth = 6'371'008.8, kRad = M_PI / 180.0;
  double dlat = (lat2 - lat1) * kRad, dlng = (lng2 - lng1) * kRad;
  double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
             std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlng / 2) * std::sin(dlng / 2);
  return 2 * kEarth * std::asin(std::min(1.0, std::sqrt(h)));
}

std::int64_t served_minutes(const Activity& a, const Signup& s) {
  if (!s.checked_in_at || !s.checked_out_at) return 0;
  std::int64_t from = std::max(*s.checked_in_at, a.starts_at);
  std::int64_t to = std::min(*s.checked_out_at, a.ends_at);
  return to > from ? (to - from) / 60'000 : 0;
}

}  // namespace wangge::volunteers
