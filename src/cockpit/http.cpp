// GET /api/v1/cockpit: the leaders' cockpit of a node over a period (service.h).
#include "cockpit/service.h"
#include "core/dates.h"
#include "core/error.h"
#include "events/service.h"
#include "territory/service.h"

namespace wangge::cockpit {

using namespace schema;

void register_schemas(schema::Components& c) {
  value n = integer(0), rate = number();
  value figures =
      object({req("reported", n), req("closed", n), req("filed", n),
              req("closure_rate", describe(rate, "办结率: closed ÷ reported (seed 000)")),
              req("closure_rate_filed", describe(rate, "closed ÷ reported less rejected, merged, withdrawn")),
              req("on_time_rate", describe(rate, "closed on time ÷ (closed + open and overdue)")),
              req("on_time_rate_closed", describe(rate, "closed on time ÷ closed")), req("closed_on_time", n),
              req("closed_same_day", n),
              req("same_day_rate", describe(rate, "当日办结率: closed the day reported ÷ reported (002)")),
              req("rated", n), req("satisfaction_rate", rate), req("solved_at_grid_share", rate),
              req("solved_at_community_share", describe(rate, "closed at grid or community level ÷ closed (001: 80%)")),
              req("overdue_open", n)});
  c.add("CockpitFigures", figures);
  c.add(
      "Cockpit",
      object(
          {req("region", object({req("code", str()), req("name", str()), req("level", str())})), req("from", date()),
           req("to", date()), req("previous_from", date()), req("generated_at", integer()),
           req("figures", object({req("current", ref("CockpitFigures")), req("previous", ref("CockpitFigures"))})),
           req("trend", array(object({req("month", str()), req("from", date()), req("to", date()), req("reported", n),
                                      req("closed", n), req("closure_rate", rate), req("on_time_rate", rate),
                                      req("satisfaction_rate", rate), req("same_day_rate", rate)}))),
           req("hotspots", array(object({req("code", str()), req("name", str()), req("community_code", str()),
                                         req("total", n), req("closed", n), req("overdue_open", n), req("residents", n),
                                         req("per_1000", describe(rate, "events per 1,000 registered residents")),
                                         opt("lng", number()), opt("lat", number())}))),
           req("categories",
               array(object({req("code", str()), req("name_zh", str()), req("name_en", str()), req("count", n),
                             req("previous", n), req("change", number()), req("rising", boolean())}))),
           req("departments",
               array(object({req("id", id()), req("name", str()), req("kind", str()), req("total", n), req("closed", n),
                             req("closed_on_time", n), req("overdue_open", n), req("reworked", n),
                             req("on_time_rate", rate), req("rework_rate", rate), req("satisfaction_rate", rate)}))),
           req("visits",
               object({req("households", n), req("households_visited", n),
                       req("coverage", describe(rate, "走访率: households visited ÷ households")),
                       req("visits", describe(n, "户次")), req("persons", describe(n, "人次")), req("visitors", n),
                       req("top_visitors", array(object({req("user_id", id()), req("name", str()), req("visits", n),
                                                         req("households", n), req("persons", n)})))})),
           req("disputes", object({req("found", n), req("settled", n), req("closed", n), req("active", n),
                                   req("mediation_rate", describe(rate, "调解率: settled ÷ found (002)")),
                                   req("success_rate", rate), req("by_type", map_of(n))})),
           req("spikes", array(object({}, open)))}));
}

void Service::register_routes(http::Router& router) {
  register_schemas(router.components());
  router.add("GET", "/api/v1/cockpit",
             {.summary = "The leaders' cockpit of a node over a period: the seeds' figures, trend, hotspots, "
                         "categories, departments, visits, disputes, spikes",
              .tag = "cockpit",
              .permission = "events:stats:read",
              .query = {{"region", "region code (default: the caller's first statistics root)"},
                        {"from", "first day (YYYY-MM-DD; default: 1 January this year)"},
                        {"to", "the day after the last (default: tomorrow)"}},
              .response = schema::ref("Cockpit"),
              .statuses = {200, 400, 403, 404}},
             [this](Context& ctx) {
               const auto& req = ctx.req();
               std::string code;
               if (auto r = req.query_param("region")) {
                 code = *r;
               } else {
                 auto scope = ctx.user().scope("events:stats:read");
                 if (scope.empty() || scope[0] == "/")
                   throw Error("invalid_query", "region", "region is required", "请指定区域");
                 std::string p = scope[0].substr(0, scope[0].size() - 1);
                 code = p.substr(p.rfind('/') + 1);
               }
               territory::Region region = territory_.get(code, false);
               ctx.require("events:stats:read", region.path);
               const auto& cal = events_.calendar();
               Day today = cal.day_of(storage::now_ms());
               Day from = dates::query_day(req, "from").value_or(day_from_ymd(year_of(today), 1, 1));
               Day to = dates::query_day(req, "to").value_or(today + 1);
               if (to <= from) throw Error("invalid_query", "to", "to must be after from", "结束日期须晚于开始日期");
               if (to - from > 366 * 5)
                 throw Error("invalid_query", "from", "a period of at most five years", "时间段不能超过五年");
               return json::respond(200, build(ctx, region, cal.midnight(from), cal.midnight(to)));
             });
}

}  // namespace wangge::cockpit
