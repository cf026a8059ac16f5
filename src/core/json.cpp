#include "core/json.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "core/error.h"

namespace wangge::json {

object parse_body(const http::Request& req) {
  if (auto ct = req.header("content-type")) {
    std::string_view t = *ct;
    if (t.find("json") == std::string_view::npos) {
      throw Error("unsupported_media_type", {}, "send application/json", "请使用 application/json 格式");
    }
  }
  if (req.body.empty()) throw Error("invalid_json", {}, "empty body", "请求体为空");
  boost::system::error_code ec;
  boost::json::parse_options opts;
  opts.max_depth = 32;
  value v = boost::json::parse(req.body, ec, {}, opts);
  if (ec) {
    if (!valid_utf8(req.body)) throw Error("invalid_utf8", {}, "body is not UTF-8", "请求体不是 UTF-8 编码");
    throw Error("invalid_json", {}, ec.message(), "JSON 语法错误");
  }
  if (!v.is_object()) throw Error("invalid_json", {}, "expected a JSON object", "应为 JSON 对象");
  // No text anywhere may hold U+0000: databases refuse it (PostgreSQL) or cut the text at
  // it (SQLite's full-text queries), so it would fail a later step rather than this one.
  std::vector<const value*> todo{&v};
  while (!todo.empty()) {
    const value* x = todo.back();
    todo.pop_back();
    if (x->is_string()) {
      if (x->as_string().find('\0') != boost::json::string::npos)
        throw Error("invalid_json", {}, "text may not contain the NUL character (U+0000)", "文本不能包含空字符（U+0000）");
    } else if (x->is_array()) {
      for (const auto& y : x->as_array()) todo.push_back(&y);
    } else if (x->is_object()) {
      for (const auto& kv : x->as_object()) {
        if (kv.key().find('\0') != std::string_view::npos)
          throw Error("invalid_json", {}, "text may not contain the NUL character (U+0000)", "文本不能包含空字符（U+0000）");
        todo.push_back(&kv.value());
      }
    }
  }
  return std::move(v.as_object());
}

void allow_only(const object& o, std::initializer_list<std::string_view> allowed) {
  for (const auto& kv : o) {
    bool ok = false;
    for (auto a : allowed) ok = ok || kv.key() == a;
    if (!ok) {
      throw_validation(std::string(kv.key()), "unknown field", "不支持的字段");
    }
  }
}

namespace {

std::string trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::string check_string(const value& v, std::string_view key, std::size_t max_chars, std::size_t min_chars) {
  if (!v.is_string()) throw_validation(std::string(key), "must be a string", "必须是字符串");
  std::string s = trim(v.as_string());
  std::size_t n = utf8_length(s);
  if (n < min_chars) {
    throw_validation(std::string(key),
                     min_chars == 1 ? "must not be empty" : "at least " + std::to_string(min_chars) + " characters",
                     min_chars == 1 ? "不能为空" : "至少 " + std::to_string(min_chars) + " 个字符");
  }
  if (n > max_chars) {
    throw_validation(std::string(key), "at most " + std::to_string(max_chars) + " characters",
                     "最多 " + std::to_string(max_chars) + " 个字符");
  }
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') {
      throw_validation(std::string(key), "contains control characters", "包含控制字符");
    }
  }
  return s;
}

std::int64_t check_int(const value& v, std::string_view key) {
  if (v.is_int64()) return v.as_int64();
  if (v.is_uint64() && v.as_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    return static_cast<std::int64_t>(v.as_uint64());
  }
  if (v.is_double() && std::floor(v.as_double()) == v.as_double() && std::abs(v.as_double()) < 9e15) {
    return static_cast<std::int64_t>(v.as_double());
  }
  throw_validation(std::string(key), "must be an integer", "必须是整数");
}

}  // namespace

std::string get_string(const object& o, std::string_view key, std::size_t max_chars, std::size_t min_chars) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) {
    throw_validation(std::string(key), "is required", "必填");
  }
  return check_string(it->value(), key, max_chars, min_chars);
}

std::optional<std::string> opt_string(const object& o, std::string_view key, std::size_t max_chars,
                                      std::size_t min_chars) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::nullopt;
  return check_string(it->value(), key, max_chars, min_chars);
}

std::int64_t get_int(const object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) throw_validation(std::string(key), "is required", "必填");
  return check_int(it->value(), key);
}

std::optional<std::int64_t> opt_int(const object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::nullopt;
  return check_int(it->value(), key);
}

std::string one_of(const object& o, std::string_view key, std::span<const char* const> allowed,
                   std::optional<std::string> dflt) {
  std::string v = dflt && !o.contains(key) ? *dflt : get_string(o, key, 32);
  for (const char* a : allowed) {
    if (v == a) return v;
  }
  std::string list;
  for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  throw_validation(std::string(key), "one of " + list, "应为以下之一：" + list);
}

std::optional<bool> opt_bool(const object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::nullopt;
  if (!it->value().is_bool()) throw_validation(std::string(key), "must be true or false", "必须是布尔值");
  return it->value().as_bool();
}

std::optional<std::int64_t> query_int(const http::Request& req, std::string_view name, std::int64_t min,
                                      std::int64_t max) {
  auto s = req.query_param(name);
  if (!s) return std::nullopt;
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
  if (ec != std::errc() || p != s->data() + s->size() || v < min || v > max) {
    throw Error("invalid_query", std::string(name),
                "must be an integer in [" + std::to_string(min) + ", " + std::to_string(max) + "]",
                "必须是 " + std::to_string(min) + " 到 " + std::to_string(max) + " 之间的整数");
  }
  return v;
}

std::optional<std::int64_t> parse_id(std::string_view s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  std::int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  if (v < 1) return std::nullopt;
  return v;
}

std::int64_t path_id(const http::Request& req, const std::string& name) {
  const std::string& s = req.param(name);
  auto id = parse_id(s);
  if (!id) throw_not_found("no such id " + s, "编号 " + s + " 不存在");
  return *id;
}

std::vector<std::string> split_list(std::string_view s) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= s.size()) {
    auto comma = s.find(',', pos);
    auto part = s.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
    if (!part.empty()) out.emplace_back(part);
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return out;
}

std::optional<double> query_double(const http::Request& req, std::string_view name) {
  auto s = req.query_param(name);
  if (!s) return std::nullopt;
  double v = 0;
  auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
  if (ec != std::errc() || p != s->data() + s->size() || !std::isfinite(v)) {
    throw Error("invalid_query", std::string(name), "must be a number", "必须是数字");
  }
  return v;
}

namespace {

// A JSON string literal of s, as Boost.JSON writes it: quote and backslash escaped, control
// characters as \b \f \n \r \t or \u00XX, everything else (UTF-8 included) as is.
void write_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  std::size_t run = 0;  // s[run, i) needs no escape
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s, run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 15];
    }
  }
  out.append(s, run, s.size() - run);
  out += '"';
}

template <typename Int>
void write_int(std::string& out, Int n) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, end);
}

// Writes each value directly (a boost::json::serialize per scalar made a serializer and a
// string for every key and value: a tenth of the HTTP threads' time answering an event).
void write_text(std::string& out, const value& v) {
  switch (v.kind()) {
    case boost::json::kind::object: {
      out += '{';
      bool first = true;
      for (const auto& kv : v.get_object()) {
        if (!first) out += ',';
        first = false;
        write_string(out, kv.key());
        out += ':';
        write_text(out, kv.value());
      }
      out += '}';
      break;
    }
    case boost::json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& e : v.get_array()) {
        if (!first) out += ',';
        first = false;
        write_text(out, e);
      }
      out += ']';
      break;
    }
    case boost::json::kind::double_: {
      double d = v.get_double();
      if (!std::isfinite(d)) {
        out += "null";
        break;
      }
      char buf[32];
      auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
      out.append(buf, end);
      break;
    }
    case boost::json::kind::string:
      write_string(out, v.get_string());
      break;
    case boost::json::kind::int64:
      write_int(out, v.get_int64());
      break;
    case boost::json::kind::uint64:
      write_int(out, v.get_uint64());
      break;
    case boost::json::kind::bool_:
      out += v.get_bool() ? "true" : "false";
      break;
    case boost::json::kind::null:
      out += "null";
      break;
  }
}

}  // namespace

std::string to_text(const value& v) {
  std::string out;
  out.reserve(512);
  write_text(out, v);
  return out;
}

http::Response respond_with_raw(int status, const object& o, std::string_view key, std::string_view raw_json) {
  std::string out = to_text(o);
  out.pop_back();  // the closing brace
  if (out.size() > 1) out += ',';
  write_string(out, key);
  out += ':';
  out += raw_json.empty() ? std::string_view("null") : raw_json;
  out += '}';
  return http::Response::json(status, std::move(out));
}

http::Response respond(int status, const value& v) {
  return http::Response::json(status, to_text(v));
}

bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  while (i < s.size()) {
    unsigned c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len;
    unsigned cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    for (std::size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += len;
  }
  return true;
}

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

std::string rfc3339(std::int64_t epoch_ms) {
  using namespace std::chrono;
  sys_time<milliseconds> tp{milliseconds{epoch_ms}};
  auto days = floor<std::chrono::days>(tp);
  year_month_day ymd{days};
  hh_mm_ss hms{tp - days};
  int year = static_cast<int>(ymd.year());
  if (year < 0 || year > 9999) {  // outside the fixed-width form: rare, take the slow path
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ld.%03ldZ", year, static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()), static_cast<long>(hms.hours().count()),
                  static_cast<long>(hms.minutes().count()), static_cast<long>(hms.seconds().count()),
                  static_cast<long>(hms.subseconds().count()));
    return buf;
  }
  // "YYYY-MM-DDTHH:MM:SS.mmmZ", digits written directly (this runs for every time field of
  // every answer).
  std::string out = "0000-00-00T00:00:00.000Z";
  auto put = [&out](std::size_t at, std::size_t width, long v) {
    for (std::size_t i = width; i-- > 0; v /= 10) out[at + i] = static_cast<char>('0' + v % 10);
  };
  put(0, 4, year);
  put(5, 2, static_cast<long>(static_cast<unsigned>(ymd.month())));
  put(8, 2, static_cast<long>(static_cast<unsigned>(ymd.day())));
  put(11, 2, static_cast<long>(hms.hours().count()));
  put(14, 2, static_cast<long>(hms.minutes().count()));
  put(17, 2, static_cast<long>(hms.seconds().count()));
  put(20, 3, static_cast<long>(hms.subseconds().count()));
  return out;
}

std::optional<std::int64_t> parse_time(std::string_view t) {
  using namespace std::chrono;
  int y = 0;
  unsigned mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (t.size() < 10) return std::nullopt;
  std::string text(t);
  int n = std::sscanf(text.c_str(), "%4d-%2u-%2u", &y, &mo, &d);
  if (n != 3 || text[4] != '-' || text[7] != '-') return std::nullopt;
  year_month_day ymd{year{y}, month{mo}, day{d}};
  if (!ymd.ok()) return std::nullopt;
  std::int64_t offset_min = 0;
  if (text.size() > 10) {
    if (text[10] != 'T' && text[10] != ' ') return std::nullopt;
    if (std::sscanf(text.c_str() + 11, "%2u:%2u:%2u", &h, &mi, &s) != 3 || h > 23 || mi > 59 || s > 60) {
      return std::nullopt;
    }
    std::size_t z = 19;
    while (z < text.size() && (text[z] == '.' || std::isdigit(static_cast<unsigned char>(text[z])))) ++z;
    if (z < text.size()) {
      if (text[z] == 'Z' && z + 1 == text.size()) {
      } else if ((text[z] == '+' || text[z] == '-') && z + 6 == text.size()) {
        unsigned oh = 0, om = 0;
        if (std::sscanf(text.c_str() + z + 1, "%2u:%2u", &oh, &om) != 2) return std::nullopt;
        offset_min = (text[z] == '+' ? 1 : -1) * static_cast<std::int64_t>(oh * 60 + om);
      } else {
        return std::nullopt;
      }
    }
  }
  auto tp = sys_days{ymd} + hours{h} + minutes{mi} + seconds{s} - minutes{offset_min};
  return duration_cast<milliseconds>(tp.time_since_epoch()).count();
}

}  // namespace wangge::json
