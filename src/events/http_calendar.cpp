// GET /calendar/add-working-days: working-day arithmetic on the official holiday calendar.
#include "core/error.h"
#include "events/http_routes.h"
#include "events/service.h"

namespace wangge::events {

void register_calendar_routes(Service& svc, http::Router& router) {
  router.add(
      "GET", "/api/v1/calendar/add-working-days",
      {.summary = "The date N working days after a date, on the official holiday calendar",
       .tag = "calendar",
       .query = {{"from", "YYYY-MM-DD", true}, {"days", "-3650..3650", true}},
       .response = schema::object(
           {schema::req("from", schema::date()), schema::req("days", schema::integer()),
            schema::req("date", schema::date()),
            schema::req("days_off_skipped",
                        schema::array(schema::object(
                            {schema::req("date", schema::date()), schema::req("kind", schema::str()),
                             schema::req("name_zh", schema::str()), schema::req("name_en", schema::str())}))),
            schema::req("holiday_data_covers_dates", schema::boolean())}),
       .statuses = {200, 400}},
      [&svc](Context& ctx) {
        auto from_text = ctx.req().query_param("from");
        if (!from_text)
          throw Error("invalid_query", "from", "from is required (YYYY-MM-DD)", "缺少 from（YYYY-MM-DD）");
        Day from;
        try {
          from = parse_day(*from_text);
        } catch (const std::invalid_argument&) {
          throw Error("invalid_query", "from", "from must be a date YYYY-MM-DD", "from 应为日期 YYYY-MM-DD");
        }
        auto days = json::query_int(ctx.req(), "days", -3650, 3650);
        if (!days) throw Error("invalid_query", "days", "days is required", "缺少 days");
        Day to = svc.calendar().add_working_days(from, static_cast<int>(*days));
        json::array skipped;
        for (Day d = std::min(from, to) + 1; d < std::max(from, to); ++d) {
          auto info = svc.calendar().info(d);
          if (!info.working)
            skipped.push_back(json::object{
                {"date", format_day(d)}, {"kind", info.kind}, {"name_zh", info.name_zh}, {"name_en", info.name_en}});
        }
        bool known = year_of(to) >= svc.calendar().first_year() && year_of(to) <= svc.calendar().last_year() &&
                     year_of(from) >= svc.calendar().first_year() && year_of(from) <= svc.calendar().last_year();
        return json::respond(200, json::object{{"from", format_day(from)},
                                               {"days", *days},
                                               {"date", format_day(to)},
                                               {"days_off_skipped", std::move(skipped)},
                                               {"holiday_data_covers_dates", known}});
      });
}

}  // namespace wangge::events
