// Figures of a node and period (volunteers, teams and stations now; activities held (场次),
// participants, person-times and hours of the activities certified in the period; the top
// volunteers) and the hours ledger as .xlsx (every certified participation).
#include "audit/audit.h"
#include "core/dates.h"
#include "core/error.h"
#include "core/xlsx.h"
#include "territory/service.h"
#include "volunteers/service.h"
#include "volunteers/store.h"

namespace wangge::volunteers {
namespace {

struct VolunteerPeriod {
  std::string code, path;
  std::int64_t from = 0, to = 0;
  std::string from_day, to_day;
};

VolunteerPeriod volunteer_period(const Context& ctx, territory::Service& territory, const Calendar& cal) {
  const auto& req = ctx.req();
  auto paths = territory.request_paths(ctx, "volunteers:stats:read", req.query_param("region"));
  VolunteerPeriod p;
  p.path = paths.front();
  auto trimmed = p.path.substr(0, p.path.size() - 1);
  p.code = trimmed.substr(trimmed.rfind('/') + 1);
  Day today = cal.day_of(storage::now_ms());
  Day from = dates::query_day(req, "from").value_or(day_from_ymd(year_of(today), 1, 1));
  Day to = dates::query_day(req, "to").value_or(today);
  if (to < from) throw Error("invalid_query", "to", "on or after from", "结束日期不能早于开始日期");
  p.from = cal.midnight(from);
  p.to = cal.midnight(to + 1);
  p.from_day = format_day(from);
  p.to_day = format_day(to);
  return p;
}

double hours_of(std::int64_t minutes) {
  return static_cast<double>(minutes * 100 / 60) / 100.0;
}

}  // namespace

void Service::register_stats_routes(http::Router& router) {
  using namespace schema;
  router.add("GET", "/api/v1/volunteer-stats",
             {.summary = "Volunteering of a node and period: volunteers, teams, stations; activities held (场次), "
                         "participants, person-times and hours; the top volunteers",
              .tag = "volunteers",
              .permission = "volunteers:stats:read",
              .query = {{"region", "a node within the scope (default: the caller's first)"},
                        {"from", "YYYY-MM-DD (default: 1 January)"},
                        {"to", "YYYY-MM-DD, inclusive (default: today)"}},
              .response = object({req("region_code", str()), req("from", date()), req("to", date()),
                                  req("volunteers", integer(0)), req("teams", integer(0)), req("stations", integer(0)),
                                  req("activities", integer(0)), req("participants", integer(0)),
                                  req("person_times", integer(0)), req("hours", number()),
                                  req("top", array(object({req("volunteer_id", id()), req("name", str()),
                                                           req("hours", number()), req("activities", integer(0))})))}),
              .statuses = {200, 400, 403, 404}},
             [this](Context& ctx) {
               auto p = volunteer_period(ctx, territory_, calendar_);
               json::object out;
               db_.read([&](storage::Tx& tx) {
                 auto f = store::figures(tx, p.path, p.from, p.to);
                 json::array top;
                 for (const auto& t : store::top_volunteers(tx, p.path, p.from, p.to, 10))
                   top.push_back(json::object{{"volunteer_id", t.volunteer_id},
                                              {"name", t.name},
                                              {"hours", hours_of(t.minutes)},
                                              {"activities", t.activities}});
                 out = json::object{{"region_code", p.code},
                                    {"from", p.from_day},
                                    {"to", p.to_day},
                                    {"volunteers", f.volunteers},
                                    {"teams", f.teams},
                                    {"stations", f.stations},
                                    {"activities", f.activities},
                                    {"participants", f.participants},
                                    {"person_times", f.person_times},
                                    {"hours", hours_of(f.minutes)},
                                    {"top", std::move(top)}};
               });
               return json::respond(200, out);
             });

  router.add("GET", "/api/v1/exports/volunteer-hours",
             {.summary = "The hours ledger of a node and period as .xlsx: every certified participation",
              .tag = "volunteers",
              .permission = "volunteers:stats:read",
              .query = {{"region", "a node within the scope (default: the caller's first)"},
                        {"from", "YYYY-MM-DD (default: 1 January)"},
                        {"to", "YYYY-MM-DD, inclusive (default: today)"}},
              .statuses = {200, 400, 403, 404, 422},
              .load = http::Load::bulk},
             [this](Context& ctx) {
               auto p = volunteer_period(ctx, territory_, calendar_);
               const bool zh = ctx.req().prefers_zh();
               auto col = [&](const char* z, const char* e, double w) { return xlsx::Column{zh ? z : e, w, false}; };
               auto response = xlsx::attachment(
                   export_dir_, "volunteer-hours-" + p.code + "-" + p.from_day + "-" + p.to_day + ".xlsx",
                   [&](xlsx::Writer& w) {
                     w.sheet(zh ? "志愿服务时长" : "hours",
                             {col("活动编号", "activity", 8), col("活动", "title", 24), col("服务站", "station", 16),
                              col("服务队", "team", 16), col("开始", "starts", 18), col("志愿者", "volunteer", 12),
                              col("签到", "checked in", 18), col("签退", "checked out", 18),
                              col("认定时长(分钟)", "minutes", 10), col("小时", "hours", 8)});
                     db_.read([&](storage::Tx& tx) {
                       std::optional<std::int64_t> after;
                       for (;;) {
                         auto page = store::served(tx, p.path, p.from, p.to, after, 1000);
                         auto time = [&](const std::optional<std::int64_t>& t) {
                           return t ? xlsx::Cell(calendar_.format_time(*t)) : xlsx::Cell();
                         };
                         for (const auto& s : page)
                           w.row({s.activity.id, s.activity.title, s.activity.station_name, s.activity.team_name,
                                  calendar_.format_time(s.activity.starts_at), s.signup.volunteer_name,
                                  time(s.signup.checked_in_at), time(s.signup.checked_out_at),
                                  s.signup.minutes.value_or(0), hours_of(s.signup.minutes.value_or(0))});
                         if (page.size() < 1000) break;
                         after = page.back().signup.id;
                       }
                     });
                   });
               db_.write([&](storage::Tx& tx) {
                 audit::append(tx, audit::entry(ctx, "volunteers:hours:export", "region:" + p.code,
                                                json::object{{"from", p.from_day}, {"to", p.to_day}}));
               });
               return response;
             });
}

}  // namespace wangge::volunteers
