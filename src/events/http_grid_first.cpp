// Grid first's routes: a community's setting (GET/PUT /grid-first/{community}) and its
// figures (GET /grid-first-stats): reports held at each grid, solved there, passed up by the
// grid or by the deadline, and the share of closed events solved at grid and community
// level (seed 001: "80%以上的事项在网格及社区层面得到解决").
#include <algorithm>

#include "core/dates.h"
#include "core/error.h"
#include "events/http_routes.h"
#include "events/rollup.h"
#include "events/service.h"
#include "territory/service.h"

namespace wangge::events {
namespace {

double share(std::int64_t a, std::int64_t b) {
  return b > 0 ? static_cast<double>(a) / static_cast<double>(b) : 0.0;
}

json::object grid_first_json(const Service::GridFirst& g) {
  return json::object{{"community_code", g.community_code},
                      {"enabled", g.enabled},
                      {"grid_hours", g.grid_hours},
                      {"version", g.version}};
}

json::object figures_json(const std::string& code, const std::string& name, std::int64_t received, std::int64_t solved,
                          std::int64_t passed_up, std::int64_t timed_out) {
  return json::object{{"code", code},
                      {"name", name},
                      {"received", received},
                      {"solved", solved},
                      {"passed_up", passed_up},
                      {"timed_out", timed_out},
                      {"waiting", std::max<std::int64_t>(0, received - solved - passed_up - timed_out)},
                      {"solve_rate", share(solved, received)}};
}

}  // namespace

void register_grid_first_routes(Service& svc, http::Router& router) {
  using namespace schema;
  auto setting = router.components().add(
      "GridFirstSetting",
      object({req("community_code", str()), req("enabled", boolean()),
              req("grid_hours", describe(integer(1, 72), "working hours a report waits at its grid")),
              req("version", describe(integer(0), "0: never set (off)"))},
             closed));
  auto row = object({req("code", str()), req("name", str()), req("received", integer(0)), req("solved", integer(0)),
                     req("passed_up", integer(0)), req("timed_out", integer(0)), req("waiting", integer(0)),
                     req("solve_rate", describe(number(), "solved at the grid ÷ received"))},
                    closed);
  router.add("GET", "/api/v1/grid-first/{code}",
             {.summary = "Whether a community's residents' reports go to their grid first (网格优先)",
              .tag = "events",
              .permission = "events:event:read",
              .response = setting,
              .statuses = {200, 403, 404}},
             [&svc](Context& ctx) {
               std::string code = ctx.req().param("code");
               territory::Region region = svc.territory().get(code, false);
               ctx.require("events:event:read", region.path);
               Service::GridFirst g;
               svc.db().read([&](storage::Tx& tx) { g = svc.grid_first(tx, code); });
               return json::respond(200, grid_first_json(g));
             });
  router.add("PUT", "/api/v1/grid-first/{code}",
             {.summary = "Turn grid first on or off for a community, with the grid's working hours",
              .tag = "events",
              .permission = "events:event:dispatch",
              .request = object(
                  {req("enabled", boolean()), opt("grid_hours", integer(1, 72)), opt("version", integer(1))}, closed),
              .response = setting,
              .statuses = {200, 403, 404, 409, 422, 428}},
             [&svc](Context& ctx) {
               // Who first: no answer about the body to those who may not change the setting.
               ctx.require("events:event:dispatch", svc.territory().get(ctx.req().param("code"), false).path);
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"enabled", "grid_hours", "version"});
               return json::respond(200, grid_first_json(svc.save_grid_first(ctx, ctx.req().param("code"), body)));
             });
  router.add(
      "GET", "/api/v1/grid-first-stats",
      {.summary = "Grid first's figures under a node over a period: per grid, reports held, solved on the spot, "
                  "passed up, timed out; the share solved at grid and community level",
       .tag = "events",
       .permission = "events:stats:read",
       .query = {{"region", "a region code (required)"},
                 {"from", "reported on or after (date)"},
                 {"to", "reported before (date)"}},
       .response = object(
           {req("region", object({req("code", str()), req("name", str())}, closed)), req("totals", row),
            req("grids", array(row)), req("closed", describe(integer(0), "events closed, reported in the period")),
            req("solved_at_grid_and_community", describe(integer(0), "of those, solved at grid or community level")),
            req("grid_and_community_share",
                describe(number(), "solved at grid and community level ÷ closed (seed 001's 80%)"))},
           closed),
       .statuses = {200, 400, 403, 404}},
      [&svc](Context& ctx) {
        const auto& req = ctx.req();
        auto code = req.query_param("region");
        if (!code) throw Error("invalid_query", "region", "region is required", "请指定区域");
        territory::Region region = svc.territory().get(*code, false);
        ctx.require("events:stats:read", region.path);
        Day from = dates::query_day(req, "from").value_or(0);
        Day to = dates::query_day(req, "to").value_or(svc.calendar().day_of(storage::now_ms()) + 1);
        if (to <= from) throw Error("invalid_query", "to", "to must be after from", "结束日期应晚于开始日期");
        std::vector<store::GridFirstFigures> grids;
        rollup::Totals all;
        svc.db().read([&](storage::Tx& tx) {
          grids = store::grid_first_figures(tx, region.path, from, to);
          all = rollup::query(tx, svc.calendar(), region.path, svc.calendar().midnight(from),
                              svc.calendar().midnight(to), nullptr);
        });
        territory::NameCache names(svc.territory());
        json::array rows;
        std::int64_t r = 0, s = 0, p = 0, t = 0;
        for (const auto& g : grids) {
          std::string p0 = g.grid_path.substr(0, g.grid_path.size() - 1);
          std::string grid = p0.substr(p0.rfind('/') + 1);
          rows.push_back(figures_json(grid, names(grid), g.received, g.solved, g.passed_up, g.timed_out));
          r += g.received, s += g.solved, p += g.passed_up, t += g.timed_out;
        }
        using namespace rollup;
        std::int64_t closed = all.m[kReported + 5];
        std::int64_t low = all.m[kClosedGrid] + all.m[kClosedGrid + 1];
        json::object out{{"region", json::object{{"code", region.code}, {"name", region.name}}},
                         {"totals", figures_json(region.code, region.name, r, s, p, t)},
                         {"grids", std::move(rows)},
                         {"closed", closed},
                         {"solved_at_grid_and_community", low},
                         {"grid_and_community_share", share(low, closed)}};
        return json::respond(200, out);
      });
}

}  // namespace wangge::events
