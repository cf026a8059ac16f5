#include "core/crypto.h"

#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace wangge {
namespace {

std::optional<Crypto::Key> parse_hex_key(std::string_view hex) {
  Crypto::Key key{};
  std::size_t len = 0;
  if (hex.size() != 64 || sodium_hex2bin(key.data(), key.size(), hex.data(), hex.size(), nullptr, &len, nullptr) != 0 ||
      len != 32) {
    return std::nullopt;
  }
  return key;
}

std::string to_hex(const unsigned char* p, std::size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), p, n);
  out.pop_back();
  return out;
}

}  // namespace

Crypto::Crypto(const Key& key) : key_(key) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

Crypto Crypto::load(const std::string& hex_key, const std::string& key_file) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  if (!hex_key.empty()) {
    auto key = parse_hex_key(hex_key);
    if (!key) throw std::runtime_error("WANGGE_DATA_KEY must be 64 hex digits");
    return Crypto(*key);
  }
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(key_file, ec)) {
    Key key;
    randombytes_buf(key.data(), key.size());
    fs::create_directories(fs::path(key_file).parent_path(), ec);
    std::string tmp = key_file + ".tmp";
    std::FILE* f = std::fopen(tmp.c_str(), "wx");
    if (!f) throw std::runtime_error("cannot create data key file " + key_file);
    ::chmod(tmp.c_str(), 0600);
    std::string hex = to_hex(key.data(), key.size()) + "\n";
    bool ok = std::fwrite(hex.data(), 1, hex.size(), f) == hex.size() && std::fflush(f) == 0 && ::fsync(fileno(f)) == 0;
    std::fclose(f);
    if (!ok || std::rename(tmp.c_str(), key_file.c_str()) != 0)
      throw std::runtime_error("cannot write data key file " + key_file);
    return Crypto(key);
  }
  struct stat st {};
  if (::stat(key_file.c_str(), &st) == 0 && (st.st_mode & 0077) != 0)
    throw std::runtime_error("data key file " + key_file + " must not be readable by group or others (chmod 600)");
  std::ifstream in(key_file);
  std::string hex;
  in >> hex;
  auto key = parse_hex_key(hex);
  if (!key) throw std::runtime_error("data key file " + key_file + " must hold 64 hex digits");
  return Crypto(*key);
}

std::string Crypto::seal(std::string_view plain) const {
  std::string out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size(), '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(out.data());
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES, reinterpret_cast<const unsigned char*>(plain.data()),
                        plain.size(), nonce, key_.data());
  return out;
}

std::optional<std::string> Crypto::open(std::string_view sealed) const {
  if (sealed.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) return std::nullopt;
  const auto* nonce = reinterpret_cast<const unsigned char*>(sealed.data());
  std::string out(sealed.size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(out.data()), nonce + crypto_secretbox_NONCEBYTES,
                                 sealed.size() - crypto_secretbox_NONCEBYTES, nonce, key_.data()) != 0) {
    return std::nullopt;
  }
  return out;
}

namespace {

constexpr std::size_t kFileChunk = std::size_t{64} * 1024;

// The files' subkey: derived from the data key, so that field and file encryption never
// share a key.
std::array<unsigned char, crypto_secretstream_xchacha20poly1305_KEYBYTES> file_key(const Crypto::Key& key) {
  std::array<unsigned char, crypto_secretstream_xchacha20poly1305_KEYBYTES> sub{};
  crypto_kdf_derive_from_key(sub.data(), sub.size(), 1, "wgfiles_", key.data());
  return sub;
}

}  // namespace

std::string Crypto::seal_file(std::string_view plain) const {
  auto key = file_key(key_);
  crypto_secretstream_xchacha20poly1305_state st;
  std::string out(kFileMagic);
  std::size_t chunks = plain.size() / kFileChunk + 1;
  out.resize(kFileMagic.size() + crypto_secretstream_xchacha20poly1305_HEADERBYTES + plain.size() +
             chunks * crypto_secretstream_xchacha20poly1305_ABYTES);
  auto* header = reinterpret_cast<unsigned char*>(out.data() + kFileMagic.size());
  crypto_secretstream_xchacha20poly1305_init_push(&st, header, key.data());
  std::size_t at = kFileMagic.size() + crypto_secretstream_xchacha20poly1305_HEADERBYTES;
  // Every chunk is full but the last, which may be empty and carries the FINAL tag.
  for (std::size_t pos = 0;; pos += kFileChunk) {
    std::size_t n = std::min(kFileChunk, plain.size() - pos);
    bool last = pos + n == plain.size() && n < kFileChunk;
    unsigned long long written = 0;
    crypto_secretstream_xchacha20poly1305_push(&st, reinterpret_cast<unsigned char*>(out.data() + at), &written,
                                               reinterpret_cast<const unsigned char*>(plain.data() + pos), n, nullptr,
                                               0, last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
    at += written;
    if (last) break;
  }
  out.resize(at);
  sodium_memzero(key.data(), key.size());
  return out;
}

std::optional<std::string> Crypto::open_file(std::string_view sealed) const {
  constexpr std::size_t kHead = kFileMagic.size() + crypto_secretstream_xchacha20poly1305_HEADERBYTES;
  constexpr std::size_t kA = crypto_secretstream_xchacha20poly1305_ABYTES;
  if (sealed.size() < kHead + kA || !is_sealed_file(sealed)) return std::nullopt;
  auto key = file_key(key_);
  crypto_secretstream_xchacha20poly1305_state st;
  bool ok = crypto_secretstream_xchacha20poly1305_init_pull(
                &st, reinterpret_cast<const unsigned char*>(sealed.data() + kFileMagic.size()), key.data()) == 0;
  sodium_memzero(key.data(), key.size());
  if (!ok) return std::nullopt;
  std::string out;
  out.resize(sealed.size() - kHead);
  std::size_t at = kHead, written_total = 0;
  for (;;) {
    std::size_t n = std::min(kFileChunk + kA, sealed.size() - at);
    if (n < kA) return std::nullopt;
    unsigned long long written = 0;
    unsigned char tag = 0;
    if (crypto_secretstream_xchacha20poly1305_pull(
            &st, reinterpret_cast<unsigned char*>(out.data() + written_total), &written, &tag,
            reinterpret_cast<const unsigned char*>(sealed.data() + at), n, nullptr, 0) != 0)
      return std::nullopt;
    at += n;
    written_total += written;
    if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
      if (at != sealed.size()) return std::nullopt;  // bytes after the end
      break;
    }
    if (at == sealed.size()) return std::nullopt;  // truncated: no final chunk
  }
  out.resize(written_total);
  return out;
}

std::string Crypto::blind_index(std::string_view purpose, std::string_view value) const {
  // Subkey per purpose: BLAKE2b(key, "blind:" + purpose); then the tag: BLAKE2b(subkey, value).
  unsigned char subkey[32];
  std::string label = "blind:" + std::string(purpose);
  crypto_generichash(subkey, sizeof subkey, reinterpret_cast<const unsigned char*>(label.data()), label.size(),
                     key_.data(), key_.size());
  unsigned char tag[16];
  crypto_generichash(tag, sizeof tag, reinterpret_cast<const unsigned char*>(value.data()), value.size(), subkey,
                     sizeof subkey);
  sodium_memzero(subkey, sizeof subkey);
  return to_hex(tag, sizeof tag);
}

std::string mask_name(std::string_view name) {
  if (name.empty()) return {};
  std::size_t first = 1, count = 0;
  while (first < name.size() && (static_cast<unsigned char>(name[first]) & 0xC0) == 0x80) ++first;
  for (unsigned char c : name) count += (c & 0xC0) != 0x80;
  return std::string(name.substr(0, first)) + std::string(std::max<std::size_t>(count, 2) - 1, '*');
}

std::string mask_phone(std::string_view p) {
  if (p.size() >= 7) return std::string(p.substr(0, 3)) + "****" + std::string(p.substr(p.size() - 4));
  if (p.size() <= 2) return std::string(p.size(), '*');
  return std::string(1, p.front()) + std::string(p.size() - 2, '*') + std::string(1, p.back());
}

bool valid_email(std::string_view e) {
  if (e.size() < 3 || e.size() > 254) return false;
  auto at = e.rfind('@');
  if (at == std::string_view::npos || at == 0 || at > 64 || at + 1 >= e.size()) return false;
  std::string_view domain = e.substr(at + 1);
  auto dot = domain.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 >= domain.size()) return false;
  return std::none_of(e.begin(), e.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u <= 0x20 || u == 0x7f || c == '<' || c == '>' || c == '"' || c == ',';
  });
}

std::string mask_email(std::string_view e) {
  auto at = e.rfind('@');
  if (at == std::string_view::npos) return std::string(e.size(), '*');
  return std::string(e.substr(0, 1)) + "****" + std::string(e.substr(at));
}

std::string normalize_phone(std::string_view p) {
  // Full-width forms (as a Chinese input method types them) first: digits U+FF10-FF19,
  // plus, hyphen, parentheses, and the ideographic space.
  std::string ascii;
  for (std::size_t i = 0; i < p.size(); ++i) {
    auto u = [&](std::size_t k) { return static_cast<unsigned char>(p[i + k]); };
    if (i + 2 < p.size() && u(0) == 0xEF && u(1) == 0xBC && u(2) >= 0x90 && u(2) <= 0x99) {
      ascii += static_cast<char>('0' + (u(2) - 0x90));
      i += 2;
    } else if (i + 2 < p.size() && u(0) == 0xEF && u(1) == 0xBC &&
               (u(2) == 0x8B || u(2) == 0x8D || u(2) == 0x88 || u(2) == 0x89)) {
      ascii += u(2) == 0x8B ? '+' : ' ';
      i += 2;
    } else if (i + 2 < p.size() && u(0) == 0xE3 && u(1) == 0x80 && u(2) == 0x80) {
      ascii += ' ';
      i += 2;
    } else {
      ascii += p[i];
    }
  }
  // Separators people and clients put in: "138 0013 8000", "0756-123-4567", "(0756) 1234567".
  std::string out;
  for (char c : ascii) {
    if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '\t') continue;
    out += c;
  }
  // The country code of mainland China in its international forms: +86, 0086, 86 before a
  // mobile number. A landline written internationally drops its trunk 0 ("+86 756 1234567").
  std::string rest;
  if (out.rfind("+86", 0) == 0) {
    rest = out.substr(3);
  } else if (out.rfind("0086", 0) == 0) {
    rest = out.substr(4);
  } else if (out.size() == 13 && out.rfind("861", 0) == 0) {
    rest = out.substr(2);
  } else {
    return out;
  }
  if (!rest.empty() && rest[0] != '1' && rest[0] != '0') rest = "0" + rest;
  return rest;
}

bool valid_phone(std::string_view typed) {
  std::string p = normalize_phone(typed);
  bool digits = !p.empty() && std::all_of(p.begin(), p.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits) return false;
  // A mainland mobile: 11 digits, 1[3-9]...
  if (p.size() == 11 && p[0] == '1' && p[1] >= '3' && p[1] <= '9') return true;
  // A landline: the trunk 0, a 2-3 digit area code and a 7-8 digit number.
  return p.size() >= 10 && p.size() <= 12 && p[0] == '0' && p[1] != '0';
}

}  // namespace wangge
