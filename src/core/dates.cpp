#include "core/dates.h"

#include <string>

#include "core/error.h"

namespace wangge::dates {
namespace {

constexpr std::string_view kRangeEn = "2000-01-01 to 2099-12-31";
constexpr std::string_view kRangeZh = "2000-01-01 至 2099-12-31";

// The instant of a date or an RFC 3339 time; nullopt when malformed.
std::optional<std::int64_t> instant_of(std::string_view text, const Calendar& cal) {
  auto t = json::parse_time(text);
  if (!t) return std::nullopt;
  if (text.size() != 10) return t;
  try {
    return cal.midnight(parse_day(text));
  } catch (const std::invalid_argument&) {
    return std::nullopt;
  }
}

}  // namespace

std::int64_t earliest(const Calendar& cal) {
  return cal.midnight(day_from_ymd(kFirstYear, 1, 1));
}

std::int64_t latest(const Calendar& cal) {
  return cal.midnight(day_from_ymd(kLastYear + 1, 1, 1)) - 1;
}

std::optional<std::int64_t> query_instant(const http::Request& req, std::string_view name, const Calendar& cal) {
  auto v = req.query_param(name);
  if (!v) return std::nullopt;
  auto t = instant_of(*v, cal);
  if (!t)
    throw Error("invalid_query", std::string(name), "a date YYYY-MM-DD or an RFC 3339 time",
                "应为日期 YYYY-MM-DD 或 RFC 3339 时间");
  if (*t < earliest(cal) || *t > latest(cal))
    throw Error("invalid_query", std::string(name), "a date from " + std::string(kRangeEn),
                "日期应在 " + std::string(kRangeZh) + " 之间");
  return t;
}

std::optional<Day> query_day(const http::Request& req, std::string_view name) {
  auto v = req.query_param(name);
  if (!v) return std::nullopt;
  Day d;
  try {
    d = parse_day(*v);
  } catch (const std::invalid_argument&) {
    throw Error("invalid_query", std::string(name), "a date YYYY-MM-DD", "应为日期 YYYY-MM-DD");
  }
  if (d < day_from_ymd(kFirstYear, 1, 1) || d > day_from_ymd(kLastYear, 12, 31))
    throw Error("invalid_query", std::string(name), "a date from " + std::string(kRangeEn),
                "日期应在 " + std::string(kRangeZh) + " 之间");
  return d;
}

std::optional<std::int64_t> body_instant(const json::object& body, std::string_view key, const Calendar& cal,
                                         std::int64_t lo, std::int64_t hi, std::string_view range_en,
                                         std::string_view range_zh) {
  auto text = json::opt_string(body, key, 40);
  if (!text) return std::nullopt;
  auto t = instant_of(*text, cal);
  if (!t) throw_validation(std::string(key), "an RFC 3339 time", "应为 RFC 3339 时间");
  if (*t < lo || *t > hi) throw_validation(std::string(key), std::string(range_en), std::string(range_zh));
  return t;
}

std::string body_day(const json::object& body, std::string_view key, const std::string& dflt, const std::string& today,
                     bool future_ok) {
  auto v = json::opt_string(body, key, 10, 10);
  if (!v) return dflt;
  std::string d;
  try {
    d = format_day(parse_day(*v));
  } catch (const std::invalid_argument&) {
    throw_validation(std::string(key), "a date YYYY-MM-DD", "应为日期 YYYY-MM-DD");
  }
  if (!future_ok && d > today) throw_validation(std::string(key), "not after today", "不能晚于今天");
  return d;
}

}  // namespace wangge::dates
