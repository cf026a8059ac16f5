// JSON out of handlers: text, responses, and the time and UTF-8 helpers of json.h.
#include "core/json.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "core/error.h"

namespace wangge::json {

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

// Writes each value directly: boost::json::serialize per scalar would build a serializer and
// a string for every key and value, a large share of the HTTP threads' time answering an
// event (figures: docs/PERFORMANCE.md).
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
