#include "core/calendar.h"

#include <gtest/gtest.h>

namespace wangge {
namespace {

// The real holiday data from the npm package (node_modules of the source tree).
Calendar official(std::set<Day> extra = {}) {
  CalendarOptions o;
  o.holidays_file = find_holidays_file("");
  o.extra_days_off = std::move(extra);
  return Calendar(o);
}

// Epoch ms of a local (UTC+8) wall-clock time.
std::int64_t at(const char* day, int h, int m) {
  return (parse_day(day) * 86400 + h * 3600 + m * 60 - 8 * 3600) * 1000;
}

TEST(CalendarTest, CivilDates) {
  EXPECT_EQ(parse_day("1970-01-01"), 0);
  EXPECT_EQ(format_day(parse_day("2024-02-29")), "2024-02-29");
  EXPECT_EQ(weekday(parse_day("2025-09-24")), 3);  // a Wednesday
  EXPECT_THROW(parse_day("2025-02-29"), std::invalid_argument);
  EXPECT_THROW(parse_day("2025-13-01"), std::invalid_argument);
  EXPECT_THROW(parse_day("2025-1-01"), std::invalid_argument);
  EXPECT_THROW(parse_day("2025-01-0x"), std::invalid_argument);
}

TEST(CalendarTest, NationalDayWeekCountsTheMakeupSundayNotTheHolidays) {
  Calendar cal = official();
  Day wed = parse_day("2025-09-24");
  // Thu 25, Fri 26, Sun 28 (makeup workday) ...
  EXPECT_EQ(format_day(cal.add_working_days(wed, 3)), "2025-09-28");
  // ... Mon 29, Tue 30, then 1-8 October are off: Thu 9 October.
  EXPECT_EQ(format_day(cal.add_working_days(wed, 6)), "2025-10-09");
  // Sat 11 October is a makeup workday too.
  EXPECT_EQ(format_day(cal.add_working_days(wed, 8)), "2025-10-11");
  EXPECT_EQ(format_day(cal.add_working_days(parse_day("2025-10-09"), -6)), "2025-09-24");
  EXPECT_EQ(cal.add_working_days(wed, 0), wed);
  EXPECT_EQ(cal.info(parse_day("2025-10-03")).kind, "holiday");
  EXPECT_EQ(cal.info(parse_day("2025-09-28")).kind, "makeup_workday");
  EXPECT_LE(cal.first_year(), 2020);
  EXPECT_GE(cal.last_year(), 2025);
}

TEST(CalendarTest, LocalDaysOffAndYearsWithoutData) {
  Calendar cal = official({parse_day("2025-09-25")});
  EXPECT_EQ(format_day(cal.add_working_days(parse_day("2025-09-24"), 1)), "2025-09-26");
  Calendar plain{CalendarOptions{}};  // weekends only
  EXPECT_EQ(format_day(plain.add_working_days(parse_day("2025-10-01"), 3)), "2025-10-06");
}

TEST(CalendarTest, FormatTimeIsLocal) {
  Calendar plain{CalendarOptions{}};  // UTC+8
  EXPECT_EQ(plain.format_time(at("2025-09-30", 23, 59)), "2025-09-30 23:59");
  EXPECT_EQ(plain.format_time(at("2025-10-01", 0, 5)), "2025-10-01 00:05");   // 16:05 UTC the day before
  EXPECT_EQ(plain.format_time(at("1969-12-31", 7, 30)), "1969-12-31 07:30");  // before the epoch in UTC
}

TEST(CalendarTest, WorkingMinutesSkipLunchNightsWeekendsAndHolidays) {
  Calendar cal = official();
  ASSERT_EQ(cal.minutes_per_day(), 7 * 60);  // 08:30-12:00, 14:00-17:30
  // Friday 11:00 + 2 h: 1 h before lunch, 1 h after it.
  EXPECT_EQ(cal.add_working_minutes(at("2025-09-26", 11, 0), 120), at("2025-09-26", 15, 0));
  // Friday 17:00 + 1 h: 30 min on Friday, then Sunday the 28th (makeup workday) at 09:00.
  EXPECT_EQ(cal.add_working_minutes(at("2025-09-26", 17, 0), 60), at("2025-09-28", 9, 0));
  // Starting at night counts from the next morning; Tuesday 30 September 22:00 + 1 h lands
  // after the National Day week.
  EXPECT_EQ(cal.add_working_minutes(at("2025-09-30", 22, 0), 60), at("2025-10-09", 9, 30));
  // One working day from Wednesday 10:00 is Thursday 10:00.
  EXPECT_EQ(cal.add_working_minutes(at("2025-09-24", 10, 0), cal.minutes_per_day()), at("2025-09-25", 10, 0));
  EXPECT_EQ(cal.working_ms_between(at("2025-09-26", 11, 0), at("2025-09-28", 9, 0)),
            5 * 3600 * 1000);  // 1 + 3.5 + 0.5 h
  EXPECT_EQ(cal.working_ms_between(at("2025-09-28", 9, 0), at("2025-09-26", 11, 0)), 0);
}

// A plain day-by-day count, the reference for the week-skipping arithmetic.
std::int64_t naive_between(const Calendar& cal, std::int64_t a, std::int64_t b) {
  std::int64_t total = 0;
  for (Day d = cal.day_of(a); d <= cal.day_of(b); ++d) {
    if (!cal.is_working_day(d)) continue;
    for (const auto& p : parse_work_hours("08:30-12:00,14:00-17:30")) {
      std::int64_t ps = std::max(a, cal.midnight(d) + std::int64_t{p.start_minute} * 60000);
      std::int64_t pe = std::min(b, cal.midnight(d) + std::int64_t{p.end_minute} * 60000);
      if (pe > ps) total += pe - ps;
    }
  }
  return total;
}

TEST(CalendarTest, DeadlinesYearsAheadAreComputedNotRefused) {
  Calendar cal = official({parse_day("2031-05-06")});
  // A deadline a person typed for 2040 (issue 14: sign answered 500 beyond ten years).
  std::int64_t now = at("2026-12-01", 10, 0), due = at("2040-06-01", 12, 0);
  std::int64_t allowed = cal.working_ms_between(now, due);
  EXPECT_EQ(allowed, naive_between(cal, now, due));
  std::int64_t warn = cal.add_working_minutes(now, allowed * 8 / 10 / 60000);
  EXPECT_GT(warn, now);
  EXPECT_LT(warn, due);
  EXPECT_EQ(cal.working_ms_between(now, warn), allowed * 8 / 10 / 60000 * 60000);
  // Exactly 52 plain weeks from a Monday morning ends on the 52nd Friday at 17:30.
  std::int64_t monday = at("2040-01-02", 8, 30);
  EXPECT_EQ(cal.add_working_minutes(monday, 52LL * 5 * cal.minutes_per_day()), at("2040-12-28", 17, 30));
  // Odd starts and lengths agree with the day-by-day count.
  for (std::int64_t minutes : {std::int64_t{1}, std::int64_t{419}, std::int64_t{2100}, std::int64_t{2101}, std::int64_t{99'999}, std::int64_t{1'000'003}}) {
    for (std::int64_t start : {at("2035-03-07", 16, 45), at("2039-12-31", 23, 0), at("2026-12-01", 12, 30)}) {
      std::int64_t end = cal.add_working_minutes(start, minutes);
      EXPECT_EQ(naive_between(cal, start, end), minutes * 60000) << minutes << " from " << start;
    }
  }
  // Absurd stored values are clamped, never a throw or an overflow.
  EXPECT_NO_THROW(cal.add_working_minutes(now, INT64_MAX));
  EXPECT_EQ(cal.add_working_minutes(now, -5), at("2026-12-01", 10, 0));
}

TEST(CalendarTest, WorkHoursParsing) {
  auto p = parse_work_hours("09:00-12:00, 13:30-18:00");
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[1].start_minute, 13 * 60 + 30);
  EXPECT_THROW(parse_work_hours("12:00-09:00"), std::invalid_argument);
  EXPECT_THROW(parse_work_hours("09:00-12:00,11:00-13:00"), std::invalid_argument);
  EXPECT_THROW(parse_work_hours("9-12"), std::invalid_argument);
  EXPECT_THROW(parse_work_hours(""), std::invalid_argument);
}

}  // namespace
}  // namespace wangge
