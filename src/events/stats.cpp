#include "events/stats.h"

#include <array>
#include <map>

#include "core/error.h"
#include "events/service.h"
#include "territory/service.h"
#include "territory/store.h"

namespace wangge::events {
namespace {

double ratio(std::int64_t a, std::int64_t b) {
  return b > 0 ? static_cast<double>(a) / static_cast<double>(b) : 0.0;
}

// Child code length under a node of code length n (county 6 -> town 9 -> community 12 -> grid 15).
std::size_t child_length(std::size_t n) {
  switch (n) {
    case 2:
      return 4;
    case 4:
      return 6;
    case 6:
      return 9;
    case 9:
      return 12;
    default:
      return 15;
  }
}

}  // namespace

void register_stats_routes(Service& svc, http::Router& router) {
  router.add(
      "GET", "/api/v1/events/stats",
      {.summary = "Event statistics of a territory node over a period",
       .tag = "events",
       .permission = "events:stats:read",
       .query = {{"region", "region code (default: the caller's first territory root)"},
                 {"from", "created at or after (date or RFC 3339)"},
                 {"to", "created before"}},
       .statuses = {200, 400, 403, 404}},
      [&svc](Context& ctx) {
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
        territory::Region region = svc.territory().get(code, false);
        ctx.require("events:stats:read", region.path);
        auto time = [&](const char* name, std::int64_t dflt) {
          auto v = req.query_param(name);
          if (!v) return dflt;
          auto t = json::parse_time(*v);
          if (!t) throw Error("invalid_query", name, "a date or RFC 3339 time", "应为日期或 RFC 3339 时间");
          return *t;
        };
        std::int64_t from = time("from", 0), to = time("to", INT64_MAX);
        std::string lo = region.path, hi = territory::store::path_upper_bound(region.path);
        const std::string where =
            " FROM events WHERE region_path >= ? AND region_path < ? AND created_at >= ? AND created_at < ?";
        std::vector<storage::Value> p{lo, hi, from, to};
        json::object out{
            {"region", json::object{{"code", region.code}, {"name", region.name}, {"level", region.level}}}};
        svc.db().read([&](storage::Tx& tx) {
          auto group = [&](const std::string& column) {
            json::object o;
            for (const auto& r : tx.exec("SELECT " + column + ", COUNT(*)" + where + " GROUP BY 1 ORDER BY 1", p).rows)
              o[r.str(0).empty() ? "none" : r.str(0)] = r.i64(1);
            return o;
          };
          auto by_status = group("status");
          auto n = [&](const char* s) { return by_status.contains(s) ? by_status.at(s).as_int64() : 0; };
          std::int64_t total = 0;
          for (const auto& kv : by_status) total += kv.value().as_int64();
          std::int64_t filed = total - n("rejected") - n("merged") - n("withdrawn");
          auto agg = tx.exec(
                           "SELECT COUNT(*), "
                           "SUM(CASE WHEN on_time = 1 THEN 1 ELSE 0 END), "
                           "AVG(CAST(closed_at - created_at AS DOUBLE PRECISION)), "
                           "SUM(CASE WHEN rating IS NOT NULL THEN 1 ELSE 0 END), "
                           "SUM(CASE WHEN rating IN ('satisfied', 'basically_satisfied') THEN 1 ELSE 0 END), "
                           "SUM(CASE WHEN solved_level = 'grid' THEN 1 ELSE 0 END), "
                           "SUM(CASE WHEN solved_level = 'community' THEN 1 ELSE 0 END)" +
                               where + " AND status = 'closed'",
                           p)
                         .one();
          std::int64_t closed = agg.i64(0), on_time = agg.i64(1), rated = agg.i64(3), satisfied = agg.i64(4);
          std::int64_t at_grid = agg.i64(5), at_community = agg.i64(6);
          std::int64_t overdue_open = tx.exec("SELECT COUNT(*)" + where +
                                                  " AND sla = 'red' AND status IN ('reported', 'accepted', "
                                                  "'dispatched', 'handling', 'handled')",
                                              p)
                                          .one()
                                          .i64(0);
          out["total"] = total;
          out["filed"] = filed;
          out["closed"] = closed;
          out["overdue_open"] = overdue_open;
          out["closure_rate"] = ratio(closed, filed);
          out["on_time_rate"] = ratio(on_time, closed);
          out["mean_handling_hours"] = agg.is_null(2) ? 0.0 : agg.f64(2) / 3'600'000.0;
          out["rated"] = rated;
          out["satisfaction_rate"] = ratio(satisfied, rated);
          out["solved_at_grid_share"] = ratio(at_grid, closed);
          out["solved_at_community_share"] = ratio(at_grid + at_community, closed);
          out["by_status"] = std::move(by_status);
          out["by_source"] = group("source");
          out["by_category"] = group("substr(category_code, 1, 2)");
          out["by_solved_level"] = group("solved_level");
          // Per child node, every child listed (zero rows too) with its name; a child's code
          // is a prefix of the grid code.
          std::size_t len = child_length(region.code.size());
          std::map<std::string, std::array<std::int64_t, 3>> counts;  // total, closed, dropped
          if (len <= 15) {
            for (const auto& r :
                 tx.exec("SELECT substr(grid_code, 1, " + std::to_string(len) +
                             "), COUNT(*), SUM(CASE WHEN status = 'closed' THEN 1 ELSE 0 END), "
                             "SUM(CASE WHEN status IN ('rejected', 'merged', 'withdrawn') THEN 1 ELSE 0 END)" +
                             where + " GROUP BY 1",
                         p)
                     .rows)
              counts[r.str(0)] = {r.i64(1), r.i64(2), r.i64(3)};
          }
          json::array children;
          std::vector<territory::Region> kids;
          if (region.code.size() < 15) kids = svc.territory().children(region.code, "", 1000, false);  // grids end it
          for (const auto& child : kids) {
            auto [t, c, dropped] = counts.count(child.code) ? counts[child.code] : std::array<std::int64_t, 3>{0, 0, 0};
            children.push_back(json::object{{"code", child.code},
                                            {"name", child.name},
                                            {"total", t},
                                            {"closed", c},
                                            {"closure_rate", ratio(c, t - dropped)}});
          }
          json::object names;
          for (const auto& c : *svc.category_list()) {
            if (!c.parent_code) names[c.code] = json::object{{"name_zh", c.name_zh}, {"name_en", c.name_en}};
          }
          out["category_names"] = std::move(names);
          out["children"] = std::move(children);
        });
        return json::respond(200, out);
      });
}

}  // namespace wangge::events
