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

// The first `max_chars` code points of valid UTF-8 `s` (never a partial character).
std::string truncate_utf8(std::string_view s, std::size_t max_chars);

// A person's name from its two halves as Open311 sends them (first_name = given name,
// last_name = family name): Chinese order without a space when both are Han characters
// ("王" + "小明" -> 王小明), given name first with a space otherwise ("Ada Lovelace").
std::string join_name(std::string_view first_name, std::string_view last_name);

}  // namespace wangge::text
