// Field encryption of personal data (phones, ID numbers): libsodium secretbox
// (XSalsa20-Poly1305) under one 256-bit data key that never enters the database, and keyed
// blind indexes (BLAKE2b under a subkey per purpose) for exact-match search of sealed values.
//
// The key comes from WANGGE_DATA_KEY (64 hex digits) or from the key file (created with mode
// 0600 on first start when missing). Losing the key loses the sealed values: back it up
// apart from the database.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace wangge {

class Crypto {
 public:
  using Key = std::array<unsigned char, 32>;
  explicit Crypto(const Key& key);

  // Loads the key: `hex_key` when not empty, else the file at `key_file`, created with a
  // fresh random key when it does not exist. Throws std::runtime_error on a malformed key,
  // a key file with loose permissions, or an unreadable file.
  static Crypto load(const std::string& hex_key, const std::string& key_file);

  // nonce || ciphertext (binary).
  std::string seal(std::string_view plain) const;
  // The plain text, or nullopt when `sealed` was not sealed under this key or was altered.
  std::optional<std::string> open(std::string_view sealed) const;
  // Files (uploads, imported CSVs): libsodium secretstream (XChaCha20-Poly1305) in 64 KiB
  // chunks under a subkey of the data key, behind the magic kFileMagic. open_file answers
  // nullopt when the bytes are not a whole file sealed under this key (altered, truncated).
  static constexpr std::string_view kFileMagic{"WGSF\x01", 5};
  std::string seal_file(std::string_view plain) const;
  std::optional<std::string> open_file(std::string_view sealed) const;
  static bool is_sealed_file(std::string_view head) { return head.substr(0, kFileMagic.size()) == kFileMagic; }
  // A deterministic 32-hex-digit tag of `value` for `purpose` ("phone", "id_number"):
  // equal values give equal tags, and without the key nobody can compute or invert one.
  std::string blind_index(std::string_view purpose, std::string_view value) const;

 private:
  Key key_;
};

// 13812345678 -> 138****5678; shorter values keep their first and last character.
std::string mask_phone(std::string_view phone);
// 张三丰 -> 张**: the family name kept, the rest starred (a name on a public wall or ranking).
std::string mask_name(std::string_view name);
// A plausible e-mail address: local@domain.tld, at most 254 bytes, no spaces or controls.
bool valid_email(std::string_view email);
// alice@example.org -> a****@example.org
std::string mask_email(std::string_view email);

// True when the phone, once normalised, is an 11-digit mainland mobile number (1[3-9]x) or
// a landline with its area code: "13800138000", "138 0013 8000", "+86 138 0013 8000",
// "0086-13800138000", "0756-1234567", "(0756) 123-4567", "+86 756 1234567".
bool valid_phone(std::string_view typed);
// The one form a phone is sealed, indexed and masked in: digits only, full-width digits
// made ASCII, separators dropped, the country code +86 / 0086 taken off (a landline gets its
// trunk 0 back), so searches match however it was typed. Validate with valid_phone().
std::string normalize_phone(std::string_view phone);

}  // namespace wangge
