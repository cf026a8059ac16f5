#include "core/calendar.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/paths.h"

namespace wangge {
namespace {

constexpr std::int64_t kMinuteMs = 60'000;
constexpr std::int64_t kDayMs = 86'400'000;

// Floor division for negative instants.
std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

void civil_from_days(Day z, int& y, int& m, int& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2));
}

int parse_int(std::string_view s) {
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') throw std::invalid_argument("not a number: " + std::string(s));
    v = v * 10 + (c - '0');
  }
  return v;
}

template <typename T>
const T* find_day(const std::vector<std::pair<Day, T>>& v, Day d) {
  auto it = std::lower_bound(v.begin(), v.end(), d, [](const auto& p, Day x) { return p.first < x; });
  return it != v.end() && it->first == d ? &it->second : nullptr;
}

}  // namespace

Day day_from_ymd(int y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = static_cast<unsigned>((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1);
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

Day parse_day(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') throw std::invalid_argument("expected YYYY-MM-DD");
  int y = parse_int(t.substr(0, 4)), m = parse_int(t.substr(5, 2)), d = parse_int(t.substr(8, 2));
  if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1) throw std::invalid_argument("no such date");
  Day day = day_from_ymd(y, m, d);
  int yy, mm, dd;
  civil_from_days(day, yy, mm, dd);
  if (yy != y || mm != m || dd != d) throw std::invalid_argument("no such date");
  return day;
}

std::string format_day(Day day) {
  int y, m, d;
  civil_from_days(day, y, m, d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

int weekday(Day d) {
  return static_cast<int>(((d % 7) + 7 + 4) % 7);
}  // 1970-01-01 was a Thursday

int year_of(Day day) {
  int y, m, d;
  civil_from_days(day, y, m, d);
  return y;
}

std::set<Day> parse_days_off(std::string_view text) {
  std::set<Day> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t comma = text.find(',', pos);
    std::string_view part = text.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    if (!part.empty()) out.insert(parse_day(part));
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return out;
}

std::vector<WorkPeriod> parse_work_hours(std::string_view text) {
  std::vector<WorkPeriod> out;
  auto minute_of = [](std::string_view hm) {
    if (hm.size() != 5 || hm[2] != ':') throw std::invalid_argument("expected HH:MM, got " + std::string(hm));
    int h = parse_int(hm.substr(0, 2)), m = parse_int(hm.substr(3, 2));
    if (h > 24 || m > 59 || (h == 24 && m != 0)) throw std::invalid_argument("no such time " + std::string(hm));
    return h * 60 + m;
  };
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t comma = text.find(',', pos);
    std::string_view part = text.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    std::size_t dash = part.find('-');
    if (dash == std::string_view::npos) throw std::invalid_argument("expected HH:MM-HH:MM, got " + std::string(part));
    WorkPeriod p{minute_of(part.substr(0, dash)), minute_of(part.substr(dash + 1))};
    if (p.end_minute <= p.start_minute) throw std::invalid_argument("a period must end after it starts");
    if (!out.empty() && p.start_minute < out.back().end_minute)
      throw std::invalid_argument("periods must be in order and must not overlap");
    out.push_back(p);
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  if (out.empty()) throw std::invalid_argument("no working period");
  return out;
}

Calendar::Calendar(CalendarOptions options) : options_(std::move(options)) {
  if (options_.work_hours.empty()) options_.work_hours = parse_work_hours("08:30-12:00,14:00-17:30");
  for (const auto& p : options_.work_hours) minutes_per_day_ += p.end_minute - p.start_minute;
  if (options_.holidays_file.empty()) return;

  std::ifstream in(options_.holidays_file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read holiday data " + options_.holidays_file);
  std::stringstream buf;
  buf << in.rdbuf();
  boost::system::error_code ec;
  auto doc = boost::json::parse(buf.str(), ec);
  if (ec || !doc.is_object()) throw std::runtime_error("holiday data is not a JSON object: " + options_.holidays_file);
  // {"holidays": {"2026-01-01": "New Year's Day,元旦,1", ...}, "workdays": {...}, "inLieuDays": {...}}
  auto load = [&](const char* key, std::vector<std::pair<Day, Named>>& into) {
    const auto* obj = doc.as_object().if_contains(key);
    if (!obj || !obj->is_object()) throw std::runtime_error(std::string("holiday data lacks \"") + key + "\"");
    for (const auto& [k, v] : obj->as_object()) {
      Day d = parse_day(k);
      std::string text = v.is_string() ? std::string(v.as_string()) : std::string();
      auto c1 = text.find(',');
      auto c2 = c1 == std::string::npos ? std::string::npos : text.find(',', c1 + 1);
      Named n;
      n.en = text.substr(0, c1);
      if (c1 != std::string::npos)
        n.zh = text.substr(c1 + 1, c2 == std::string::npos ? std::string::npos : c2 - c1 - 1);
      into.emplace_back(d, std::move(n));
      int y = year_of(d);
      if (first_year_ > last_year_) {
        first_year_ = last_year_ = y;
      } else {
        first_year_ = std::min(first_year_, y);
        last_year_ = std::max(last_year_, y);
      }
    }
    std::sort(into.begin(), into.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  };
  load("holidays", holidays_);
  load("workdays", workdays_);
}

Calendar::DayInfo Calendar::info(Day d) const {
  if (options_.extra_days_off.contains(d)) return {false, "local_day_off", "本地休息日", "Local day off"};
  if (const Named* n = find_day(workdays_, d))
    return {true, "makeup_workday", n->zh + "调休上班", n->en + " (makeup workday)"};
  if (const Named* n = find_day(holidays_, d)) return {false, "holiday", n->zh, n->en};
  int wd = weekday(d);
  if (wd == 0 || wd == 6) return {false, "weekend", "周末", "Weekend"};
  return {true, "workday", "工作日", "Workday"};
}

bool Calendar::is_working_day(Day d) const {
  if (options_.extra_days_off.contains(d)) return false;
  if (find_day(workdays_, d)) return true;
  if (find_day(holidays_, d)) return false;
  int wd = weekday(d);
  return wd != 0 && wd != 6;
}

Day Calendar::add_working_days(Day from, int n) const {
  int step = n >= 0 ? 1 : -1;
  Day d = from;
  for (int left = n >= 0 ? n : -n; left > 0;) {
    d += step;
    if (is_working_day(d)) --left;
  }
  return d;
}

Day Calendar::day_of(std::int64_t ms) const {
  return floor_div(ms + options_.utc_offset_minutes * kMinuteMs, kDayMs);
}

std::string Calendar::format_time(std::int64_t ms) const {
  Day d = day_of(ms);
  std::int64_t minute = (ms - midnight(d)) / kMinuteMs;
  char hm[8];
  std::snprintf(hm, sizeof hm, " %02d:%02d", static_cast<int>(minute / 60), static_cast<int>(minute % 60));
  return format_day(d) + hm;
}

std::int64_t Calendar::midnight(Day d) const {
  return d * kDayMs - options_.utc_offset_minutes * kMinuteMs;
}

Day Calendar::plain_weeks_from() const {
  // After the last day the holiday data or the local days off name, every week has exactly
  // five working days (Monday to Friday).
  Day last = 0;
  if (!holidays_.empty()) last = std::max(last, holidays_.back().first);
  if (!workdays_.empty()) last = std::max(last, workdays_.back().first);
  if (!options_.extra_days_off.empty()) last = std::max(last, *options_.extra_days_off.rbegin());
  return last + 1;
}

std::int64_t Calendar::add_working_minutes(std::int64_t start_ms, std::int64_t minutes) const {
  // Total: any stored duration gives an instant (a century of working minutes at most, so
  // the answer stays a date a person can read).
  std::int64_t left = std::clamp<std::int64_t>(minutes, 0, kMaxWorkingMinutes) * kMinuteMs;
  const std::int64_t week_ms = std::int64_t{5} * minutes_per_day_ * kMinuteMs;
  const Day plain = plain_weeks_from();
  for (Day d = day_of(start_ms);; ++d) {
    // Whole plain weeks are skipped from a Monday on, leaving the last one to the loop.
    if (d >= plain && weekday(d) == 1 && midnight(d) >= start_ms && week_ms > 0 && left > week_ms) {
      std::int64_t weeks = (left - 1) / week_ms;
      d += 7 * weeks;
      left -= weeks * week_ms;
    }
    if (!is_working_day(d)) continue;
    std::int64_t base = midnight(d);
    for (const auto& p : options_.work_hours) {
      std::int64_t ps = base + p.start_minute * kMinuteMs, pe = base + p.end_minute * kMinuteMs;
      if (start_ms >= pe) continue;
      std::int64_t begin = std::max(start_ms, ps);
      if (left <= pe - begin) return begin + left;
      left -= pe - begin;
    }
  }
}

std::int64_t Calendar::working_ms_between(std::int64_t a, std::int64_t b) const {
  if (b <= a) return 0;
  std::int64_t total = 0;
  const std::int64_t week_ms = std::int64_t{5} * minutes_per_day_ * kMinuteMs;
  const Day plain = plain_weeks_from();
  for (Day d = day_of(a), last = day_of(b); d <= last; ++d) {
    // Whole plain weeks strictly inside (a, b) count five working days each.
    if (d >= plain && weekday(d) == 1 && midnight(d) >= a && d + 7 < last) {
      std::int64_t weeks = (last - d) / 7 - 1;
      if (weeks > 0) {
        total += weeks * week_ms;
        d += 7 * weeks;
      }
    }
    if (!is_working_day(d)) continue;
    std::int64_t base = midnight(d);
    for (const auto& p : options_.work_hours) {
      std::int64_t ps = std::max(a, base + p.start_minute * kMinuteMs);
      std::int64_t pe = std::min(b, base + p.end_minute * kMinuteMs);
      if (pe > ps) total += pe - ps;
    }
  }
  return total;
}

std::string find_holidays_file(const std::string& configured) {
  if (configured == "none") return "";
  if (!configured.empty()) {
    if (std::filesystem::exists(configured)) return configured;
    throw std::runtime_error("holiday data not found: " + configured);
  }
  if (auto dir =
          find_data_dir("node_modules/chinese-days/dist", "chinese-days.json", {"/usr/share/wangge/chinese-days"})) {
    return *dir + "/chinese-days.json";
  }
  throw std::runtime_error(
      "chinese-days.json not found in node_modules/chinese-days/dist (here or beside the executable); run `npm "
      "install` in the source tree, set holidays_file, or set it to \"none\" for weekends only");
}

}  // namespace wangge
