// Statistics (研判): disputes found, settled, failed, referred and still open; the seed's
// 调解率 = settled ÷ found (002: "摸排矛盾纠纷问题265个并全部解决，调解率达到100%"; open
// disputes count against it) and, second, the success of finished mediations (调解成功率 =
// settled ÷ closed); by type and per child node.
#include <array>
#include <map>

#include "core/dates.h"
#include "core/error.h"
#include "disputes/service.h"
#include "disputes/store.h"
#include "territory/service.h"

namespace wangge::disputes {

void Service::register_stats_routes(http::Router& router) {
  router.add(
      "GET", "/api/v1/disputes/stats",
      {.summary = "Disputes found, settled, failed, referred, open; mediation success rate; by type and child",
       .tag = "disputes",
       .permission = "disputes:stats:read",
       .query = {{"region", "region code (required)"},
                 {"from", "found on or after (YYYY-MM-DD; default: the start of this year)"},
                 {"to", "found before (default: tomorrow)"}},
       .response = schema::ref("DisputeStats"),
       .statuses = {200, 400, 403, 404}},
      [this](Context& ctx) {
        const auto& req = ctx.req();
        auto code = req.query_param("region");
        if (!code) throw Error("invalid_query", "region", "region is required", "请指定区域");
        auto region = territory_.get(*code, false);
        ctx.require("disputes:stats:read", region.path);
        Day today_d = calendar_.day_of(storage::now_ms());
        std::string from = format_day(dates::query_day(req, "from").value_or(day_from_ymd(year_of(today_d), 1, 1)));
        std::string to = format_day(dates::query_day(req, "to").value_or(today_d + 1));
        std::vector<store::Count> counts;
        db_.read([&](storage::Tx& tx) { counts = store::counts(tx, region.path, from, to); });
        std::map<std::string, std::int64_t> by_status, by_type;
        std::map<std::string, std::array<std::int64_t, 3>> per_child;  // found, settled, closed
        std::size_t depth = 0;
        for (char c : region.path) depth += c == '/';
        for (const auto& c : counts) {
          by_status[c.status] += c.n;
          by_type[c.type] += c.n;
          // The child node: the path segment after the region's own.
          std::size_t pos = 0;
          for (std::size_t k = 1; k < depth && pos != std::string::npos; ++k) pos = c.region_path.find('/', pos + 1);
          if (pos == std::string::npos || pos + 1 >= c.region_path.size()) continue;
          std::string child = c.region_path.substr(pos + 1, c.region_path.find('/', pos + 1) - pos - 1);
          auto& a = per_child[child];
          a[0] += c.n;
          if (c.status == "settled") a[1] += c.n;
          if (is_closed(c.status)) a[2] += c.n;
        }
        std::int64_t found = 0;
        for (const auto& [s, n] : by_status) found += n;
        std::int64_t settled = by_status["settled"], failed = by_status["failed"], referred = by_status["referred"];
        std::int64_t closed = settled + failed + referred;
        json::object statuses, types;
        for (const auto& [s, n] : by_status) {
          if (n) statuses[s] = n;
        }
        for (const auto& [t, n] : by_type) types[t] = n;
        json::array children;
        if (region.code.size() < 15) {
          for (const auto& kid : territory_.children(region.code, "", 1000, false)) {
            auto it = per_child.find(kid.code);
            std::array<std::int64_t, 3> a = it == per_child.end() ? std::array<std::int64_t, 3>{} : it->second;
            children.push_back(
                json::object{{"code", kid.code},
                             {"name", kid.name},
                             {"found", a[0]},
                             {"settled", a[1]},
                             {"mediation_rate", a[0] ? static_cast<double>(a[1]) / static_cast<double>(a[0]) : 0.0},
                             {"success_rate", a[2] ? static_cast<double>(a[1]) / static_cast<double>(a[2]) : 0.0}});
          }
        }
        return json::respond(
            200,
            json::object{{"region", json::object{{"code", region.code}, {"name", region.name}}},
                         {"from", from},
                         {"to", to},
                         {"found", found},
                         {"settled", settled},
                         {"failed", failed},
                         {"referred", referred},
                         {"active", found - closed},
                         {"mediation_rate", found ? static_cast<double>(settled) / static_cast<double>(found) : 0.0},
                         {"success_rate", closed ? static_cast<double>(settled) / static_cast<double>(closed) : 0.0},
                         {"by_status", std::move(statuses)},
                         {"by_type", std::move(types)},
                         {"children", std::move(children)}});
      });
}

}  // namespace wangge::disputes
