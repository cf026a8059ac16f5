// The working calendar: which days are working days (official holidays and makeup working
// days from the npm package chinese-days, plus local extra days off), the working hours of
// a day, and the deadline arithmetic every module uses (N working days, N working hours,
// elapsed working time). Times are epoch milliseconds; days are civil dates in the
// configured zone (China Standard Time, UTC+8, has no daylight saving).
//
// A date outside the years the holiday data covers falls back to "Monday to Friday"; the
// calendar reports those years so an operator knows to update the package.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace wangge {

// A civil date as days since 1970-01-01.
using Day = std::int64_t;

Day day_from_ymd(int y, int m, int d);
// "YYYY-MM-DD" -> Day; throws std::invalid_argument on a malformed or impossible date.
Day parse_day(std::string_view text);
std::string format_day(Day d);
int weekday(Day d);  // 0 = Sunday ... 6 = Saturday
int year_of(Day d);

struct WorkPeriod {
  int start_minute;  // minutes after midnight
  int end_minute;
};

struct CalendarOptions {
  std::string holidays_file;              // chinese-days.json; "" = only weekends are days off
  std::vector<WorkPeriod> work_hours;     // sorted, disjoint; default 08:30-12:00, 14:00-17:30
  std::set<Day> extra_days_off;           // local days off (e.g. a town's own closure)
  std::int64_t utc_offset_minutes = 480;  // the zone civil dates and hours are in
};

// "2026-05-06,2026-05-07" -> days; "" -> none; throws std::invalid_argument.
std::set<Day> parse_days_off(std::string_view text);
// "08:30-12:00,14:00-17:30" -> periods; throws std::invalid_argument.
std::vector<WorkPeriod> parse_work_hours(std::string_view text);

class Calendar {
 public:
  explicit Calendar(CalendarOptions options);

  bool is_working_day(Day d) const;
  // Why a day is or is not a working day: "workday", "weekend", "holiday", "makeup_workday",
  // "local_day_off"; and the holiday's name (zh, en) when there is one.
  struct DayInfo {
    bool working;
    std::string kind;
    std::string name_zh, name_en;
  };
  DayInfo info(Day d) const;

  // The day that is n working days after `from` (n < 0: before); n = 0 answers `from`.
  Day add_working_days(Day from, int n) const;

  // Working minutes in one working day.
  int minutes_per_day() const { return minutes_per_day_; }
  // The instant `minutes` of working time after `start` (a start outside working hours
  // counts from the next working period). Total: never throws; minutes are clamped to
  // [0, kMaxWorkingMinutes], and whole weeks past the holiday data take one step each.
  static constexpr std::int64_t kMaxWorkingMinutes = std::int64_t{100} * 250 * 24 * 60;
  std::int64_t add_working_minutes(std::int64_t start_ms, std::int64_t minutes) const;
  // Working milliseconds in [a, b); 0 when b <= a.
  std::int64_t working_ms_between(std::int64_t a_ms, std::int64_t b_ms) const;

  // The civil day of an instant in the calendar's zone.
  Day day_of(std::int64_t ms) const;
  // An instant as "YYYY-MM-DD HH:MM" in the calendar's zone (exports, messages).
  std::string format_time(std::int64_t ms) const;
  // Midnight of a civil day in the calendar's zone, as epoch ms.
  std::int64_t midnight(Day d) const;

  std::int64_t utc_offset_minutes() const { return options_.utc_offset_minutes; }

  // The years the holiday data covers ([first, last]; first > last when there is none).
  int first_year() const { return first_year_; }
  int last_year() const { return last_year_; }

 private:
  struct Named {
    std::string zh, en;
  };
  // The first day after every holiday, makeup workday and local day off: from there on,
  // weeks are plain Monday-to-Friday weeks.
  Day plain_weeks_from() const;
  CalendarOptions options_;
  std::vector<std::pair<Day, Named>> holidays_;  // sorted by day
  std::vector<std::pair<Day, Named>> workdays_;  // makeup working days, sorted
  int minutes_per_day_ = 0;
  int first_year_ = 1, last_year_ = 0;
};

// Locates chinese-days.json: the configured path, or node_modules/chinese-days/dist/ next to
// the working directory or the executable. Returns "" when none is found.
std::string find_holidays_file(const std::string& configured);

}  // namespace wangge
