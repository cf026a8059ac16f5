#include "core/text.h"

#include <iconv.h>

#include <cerrno>

#include "core/json.h"

namespace wangge::text {
namespace {

std::optional<std::string> from_gb18030(std::string_view bytes) {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
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

}  // namespace wangge::text
