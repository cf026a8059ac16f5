// Check-in codes (checkin_code.h): HMAC-SHA-256 of "<id>:<minute>" under the record's key,
// truncated to six digits as RFC 4226 does.
#include "core/checkin_code.h"

#include <sodium.h>

namespace wangge::checkin {

std::string new_key() {
  std::string key(32, '\0');
  randombytes_buf(key.data(), key.size());
  return key;
}

std::string code(const std::string& key, std::int64_t id, std::int64_t window) {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  std::string msg = std::to_string(id) + ":" + std::to_string(window);
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(msg.data()), msg.size());
  crypto_auth_hmacsha256_final(&st, mac);
  // RFC 4226 dynamic truncation.
  int offset = mac[sizeof mac - 1] & 0x0f;
  std::uint32_t bin = (static_cast<std::uint32_t>(mac[offset] & 0x7f) << 24) |
                      (static_cast<std::uint32_t>(mac[offset + 1]) << 16) |
                      (static_cast<std::uint32_t>(mac[offset + 2]) << 8) | static_cast<std::uint32_t>(mac[offset + 3]);
  std::string digits = std::to_string(bin % 1'000'000);
  return std::string(6 - digits.size(), '0') + digits;
}

bool matches(const std::string& key, std::int64_t id, const std::string& typed, std::int64_t now_ms) {
  std::int64_t window = now_ms / 60'000;
  bool ok = false;  // both compared, in constant time each
  for (std::int64_t w : {window, window - 1}) {
    std::string expected = code(key, id, w);
    ok |= typed.size() == expected.size() && sodium_memcmp(typed.data(), expected.data(), typed.size()) == 0;
  }
  return ok;
}

}  // namespace wangge::checkin
