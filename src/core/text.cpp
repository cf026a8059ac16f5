#include "core/text.h"

#include <iconv.h>

#include <algorithm>
#include <cerrno>

#include "core/json.h"

namespace wangge::text {
namespace {

std::optional<std::string> from_gb18030(std::string_view bytes) {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  // NOLINTNEXTLINE(performance-no-int-to-ptr): (iconv_t)-1 is iconv's documented error value
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  std::string out(bytes.size() * 3 / 2 + 16, '\0');
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  std::size_t done = 0;
  std::optional<std::string> result;
  for (;;) {
    char* dst = out.data() + done;
    std::size_t out_left = out.size() - done;
    std::size_t r = iconv(cd, &in, &in_left, &dst, &out_left);
    done = out.size() - out_left;
    if (r != static_cast<std::size_t>(-1)) {
      out.resize(done);
      result = std::move(out);
      break;
    }
    if (errno != E2BIG) break;  // EILSEQ, EINVAL: not GB 18030
    out.resize(out.size() * 2);
  }
  iconv_close(cd);
  return result;
}

}  // namespace

std::optional<std::string> to_utf8(std::string_view bytes, std::string_view encoding, std::string* used) {
  bool utf8 = json::valid_utf8(bytes);
  if (encoding == "utf-8" || (encoding == "auto" && utf8)) {
    if (used) *used = "utf-8";
    if (!utf8) return std::nullopt;
    return std::string(bytes);
  }
  if (used) *used = "gbk";
  return from_gb18030(bytes);
}

std::string truncate_utf8(std::string_view s, std::size_t max_chars) {
  std::size_t i = 0, n = 0;
  while (i < s.size() && n < max_chars) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (i + len > s.size()) break;
    i += len;
    ++n;
  }
  return std::string(s.substr(0, i));
}

namespace {

// Whether every character of s is outside ASCII (Han characters, in practice).
bool all_wide(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string join_name(std::string_view first_name, std::string_view last_name) {
  std::string_view first = trimmed(first_name), last = trimmed(last_name);
  if (first.empty()) return std::string(last);
  if (last.empty()) return std::string(first);
  if (all_wide(first) && all_wide(last)) return std::string(last) + std::string(first);
  return std::string(first) + " " + std::string(last);
}

}  // namespace wangge::text
