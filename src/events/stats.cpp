#include "events/stats.h"

#include <array>
#include <map>

#include "core/dates.h"
#include "core/error.h"
#include "events/rollup.h"
#include "events/service.h"
#include "territory/service.h"
#include "territory/store.h"

namespace wangge::events {
namespace {

double ratio(std::int64_t a, std::int64_t b) {
  return b > 0 ? static_cast<double>(a) / static_cast<double>(b) : 0.0;
}

// The statistics answer: totals and rates of the node, then one row per child node.
void add_totals(Service& svc, const territory::Region& region, const rollup::Totals& all,
                const std::map<std::string, rollup::Totals>& per_child, json::object& out) {
  const auto& m = all.m;
  using namespace rollup;
  auto group = [&](const auto& names, int first) {
    json::object o;
    int i = first;
    for (const char* name : names) {
      if (m[i] > 0) o[name] = m[i];
      ++i;
    }
    return o;
  };
  std::int64_t total = m[kTotal], closed = m[kReported + 5];
  std::int64_t filed = total - m[kReported + 6] - m[kReported + 7] - m[kReported + 8];
  std::int64_t at_grid = m[kClosedGrid], at_community = m[kClosedGrid + 1];
  out["total"] = total;
  out["filed"] = filed;
  out["closed"] = closed;
  out["overdue_open"] = m[kRedOpen];
  // The seeds' figures (docs/EVENTS.md "Figures"): 办结率 = closed ÷ reported (000); the
  // on-time rate over every closure that fell due: closed on time ÷ (closed + open and
  // overdue); 当日办结率 = closed the day reported ÷ reported (002).
  out["closure_rate"] = ratio(closed, total);
  out["closure_rate_filed"] = ratio(closed, filed);
  out["on_time_rate"] = ratio(m[kClosedOnTime], closed + m[kRedOpen]);
  out["on_time_rate_closed"] = ratio(m[kClosedOnTime], closed);
  out["closed_on_time"] = m[kClosedOnTime];
  out["closed_same_day"] = m[kClosedSameDay];
  out["same_day_rate"] = ratio(m[kClosedSameDay], total);
  out["mean_handling_hours"] =
      closed > 0 ? static_cast<double>(m[kClosedMs]) / static_cast<double>(closed) / 3'600'000.0 : 0.0;
  out["rated"] = m[kClosedRated];
  out["satisfaction_rate"] = ratio(m[kClosedSatisfied], m[kClosedRated]);
  out["solved_at_grid_share"] = ratio(at_grid, closed);
  out["solved_at_community_share"] = ratio(at_grid + at_community, closed);
  out["by_status"] = group(kStatuses, kReported);
  out["by_source"] = group(kSources, kSourceResident);
  json::object by_category;
  for (const auto& [top, n] : all.categories) {
    if (n > 0) by_category[top] = n;
  }
  out["by_category"] = std::move(by_category);
  // Closed events by the level that solved them; "none": every other event.
  json::object by_level = group(kSolvedLevels, kClosedGrid);
  std::int64_t solved = 0;
  for (int i = 0; i < 4; ++i) solved += m[kClosedGrid + i];
  if (total > solved) by_level["none"] = total - solved;
  out["by_solved_level"] = std::move(by_level);
  // Every child node listed (zero rows too) with its name.
  json::array children;
  std::vector<territory::Region> kids;
  if (region.code.size() < 15) kids = svc.territory().children(region.code, "", 1000, false);  // grids end it
  for (const auto& child : kids) {
    Measures c{};
    if (auto it = per_child.find(child.code); it != per_child.end()) c = it->second.m;
    children.push_back(json::object{{"code", child.code},
                                    {"name", child.name},
                                    {"total", c[kTotal]},
                                    {"closed", c[kReported + 5]},
                                    {"closure_rate", ratio(c[kReported + 5], c[kTotal])},
                                    {"on_time_rate", ratio(c[kClosedOnTime], c[kReported + 5] + c[kRedOpen])},
                                    {"satisfaction_rate", ratio(c[kClosedSatisfied], c[kClosedRated])}});
  }
  json::object names;
  for (const auto& c : *svc.category_list()) {
    if (!c.parent_code) names[c.code] = json::object{{"name_zh", c.name_zh}, {"name_en", c.name_en}};
  }
  out["category_names"] = std::move(names);
  out["children"] = std::move(children);
}

}  // namespace

std::int64_t Service::ensure_statistics() {
  return rollup::ensure_built(db_, calendar_);
}

void register_stats_routes(Service& svc, http::Router& router) {
  router.add("GET", "/api/v1/events/stats",
             {.summary = "Event statistics of a territory node over a period",
              .tag = "events",
              .permission = "events:stats:read",
              .query = {{"region", "region code (default: the caller's first territory root)"},
                        {"from", "created at or after (date or RFC 3339)"},
                        {"to", "created before"}},
              .response = schema::ref("EventStats"),
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
               // A bare date is the civil day's midnight in the calendar's zone. Nothing is
               // created in the future: an open end stops after today.
               std::int64_t now = storage::now_ms();
               std::int64_t from = dates::query_instant(req, "from", svc.calendar()).value_or(0);
               std::int64_t to =
                   std::min(dates::query_instant(req, "to", svc.calendar()).value_or(INT64_MAX), now + 2 * 86'400'000);
               json::object out{
                   {"region", json::object{{"code", region.code}, {"name", region.name}, {"level", region.level}}}};
               std::map<std::string, rollup::Totals> per_child;
               rollup::Totals all;
               svc.db().read([&](storage::Tx& tx) {
                 all = rollup::query(tx, svc.calendar(), region.path, from, to,
                                     region.code.size() < 15 ? &per_child : nullptr);
               });
               add_totals(svc, region, all, per_child, out);
               return json::respond(200, out);
             });
}

}  // namespace wangge::events
