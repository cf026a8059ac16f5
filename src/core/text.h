// Text encodings of uploaded files: UTF-8, or GBK/GB 18030 as Chinese Excel saves CSV.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace wangge::text {

// `bytes` as UTF-8. encoding: "utf-8", "gbk" (read as GB 18030, its superset) or "auto"
// (UTF-8 when the bytes are valid UTF-8, else GB 18030). Sets `used` to the encoding read;
// nullopt when the bytes are not valid in it.
std::optional<std::string> to_utf8(std::string_view bytes, std::string_view encoding, std::string* used);

}  // namespace wangge::text
