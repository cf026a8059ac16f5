// Dates and times at the edge. Every instant or day a person or a client gives the platform
// in a query or a body is read here, against the range the platform serves, so that nothing
// outside it is stored, and nothing stored can later make a step fail (issue 14: a stats
// period from 1899 and a dispatch deadline in 2040 answered 500 later on). Errors are 400
// invalid_query (query parameters) or 422 validation (body fields), naming the field.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/calendar.h"
#include "core/http/message.h"
#include "core/json.h"

namespace wangge::dates {

// The years anything is recorded in or asked about: events, visits, deadlines, periods.
inline constexpr int kFirstYear = 2000;
inline constexpr int kLastYear = 2099;

// The first and last instants of the served range, in the calendar's zone.
std::int64_t earliest(const Calendar& cal);
std::int64_t latest(const Calendar& cal);

// A query parameter holding a date YYYY-MM-DD (its midnight in the calendar's zone) or an
// RFC 3339 time, within the served years; nullopt when absent.
std::optional<std::int64_t> query_instant(const http::Request& req, std::string_view name, const Calendar& cal);
// A query parameter holding a date YYYY-MM-DD within the served years; nullopt when absent.
std::optional<Day> query_day(const http::Request& req, std::string_view name);

// A body field holding an RFC 3339 time (or a date, read as its midnight) in [lo, hi];
// nullopt when absent or null. `range_en`/`range_zh` say the accepted range in the error.
std::optional<std::int64_t> body_instant(const json::object& body, std::string_view key, const Calendar& cal,
                                         std::int64_t lo, std::int64_t hi, std::string_view range_en,
                                         std::string_view range_zh);

// A body field holding a date YYYY-MM-DD, normalised; `dflt` when absent. Unless future_ok,
// a date after `today` (YYYY-MM-DD) is refused: a day something happened (found, held,
// moved in) cannot lie ahead. No lower bound: birth dates and moves reach far back.
std::string body_day(const json::object& body, std::string_view key, const std::string& dflt, const std::string& today,
                     bool future_ok = false);

}  // namespace wangge::dates
