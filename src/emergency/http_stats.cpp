// The figures of a node and period (docs/EMERGENCY.md "Figures"): plans in force by hazard
// and the child nodes without one of their own; teams and members; patrols and drills held
// (drills per quarter per community, seed 004's "定期组织"), the mean attendance rate and
// assembly minutes; supplies expired, expiring and below minimum; alerts and the median
// first-response time.
#include <map>

#include "core/error.h"
#include "emergency/http_common.h"
#include "emergency/service.h"
#include "emergency/store.h"
#include "territory/service.h"

namespace wangge::emergency {
namespace {

json::object stats_counts(const std::map<std::string, std::int64_t>& m) {
  json::object o;
  for (const auto& [k, v] : m) o[k] = v;
  return o;
}

json::value maybe_number(const std::optional<double>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

std::int64_t stats_sum(const std::map<std::string, std::int64_t>& m) {
  std::int64_t n = 0;
  for (const auto& [k, v] : m) n += v;
  return n;
}

}  // namespace

void Service::register_stats_routes(http::Router& router) {
  using namespace schema;
  router.add(
      "GET", "/api/v1/emergency-stats",
      {.summary = "Emergency figures of a node and period: plans, teams, patrols and drills held with attendance and "
                  "assembly minutes, supplies, alerts and response times",
       .tag = "emergency",
       .permission = "emergency:stats:read",
       .query = {{"region", "a node within the scope (default: the caller's first)"},
                 {"from", "YYYY-MM-DD (default: 1 January)"},
                 {"to", "YYYY-MM-DD, inclusive (default: 31 December)"},
                 {"until", "the same as to"}},
       .response = object(
           {req("region_code", str()),
            req("from", date()),
            req("to", date()),
            req("plans_active", describe(integer(0), "now, at the node and under it")),
            req("plans_by_hazard", map_of(integer(0))),
            req("nodes", describe(integer(0), "the node's children")),
            req("nodes_without_plan", describe(array(object({req("region_code", str()), req("name", str())})),
                                               "children with no active plan at them or under them")),
            req("teams", describe(integer(0), "active, now")),
            req("teams_by_kind", map_of(integer(0))),
            req("members", describe(integer(0), "current members of active teams")),
            req("members_with_account", integer(0)),
            req("patrols_held", describe(integer(0), "starting in the period")),
            req("drills_held", integer(0)),
            req("drills_by_quarter",
                array(object({req("community_code", str()), req("quarter", str()), req("drills", integer(0))}))),
            req("attendance_rate",
                describe(nullable(number()), "percent: the mean over held patrols and drills of attended ÷ expected")),
            req("assembly_minutes_avg", describe(nullable(number()), "the mean 集结用时 of held drills")),
            req("supplies", integer(0)),
            req("supplies_expired", integer(0)),
            req("supplies_expiring", describe(integer(0), "within 30 days")),
            req("supplies_below_minimum", integer(0)),
            req("alerts", describe(integer(0), "sent in the period")),
            req("alerts_by_level", map_of(integer(0))),
            req("recipients", integer(0)),
            req("responded", integer(0)),
            req("median_response_seconds", describe(nullable(number()), "median of first answer - sent, in seconds"))}),
       .statuses = {200, 400, 403, 404}},
      [this](Context& ctx) {
        auto p = web::period_of(ctx, territory_, calendar_, "emergency:stats:read");
        auto [today, soon] = flag_days();
        store::Figures f;
        db_.read([&](storage::Tx& tx) { f = store::figures(tx, p.path, p.from, p.to, today, soon); });
        json::array without;
        auto children = territory_.children(p.code, "", 1000, false);
        for (const auto& child : children) {
          bool covered = false;
          for (const auto& plan : f.plan_paths) covered = covered || path_within(plan, child.path);
          if (!covered) without.push_back(json::object{{"region_code", child.code}, {"name", child.name}});
        }
        std::int64_t patrols = 0, drills = 0;
        std::map<std::pair<std::string, std::string>, std::int64_t> by_quarter;
        std::vector<std::pair<std::int64_t, std::int64_t>> rates;
        std::vector<std::int64_t> assembly;
        for (const auto& h : f.held) {
          rates.emplace_back(h.attended, h.expected);
          if (h.kind == "patrol") {
            ++patrols;
            continue;
          }
          ++drills;
          std::string community = community_of(h.region_path);
          if (community.empty()) community = code_of(h.region_path);
          ++by_quarter[{community, quarter_of(format_day(calendar_.day_of(h.starts_at)))}];
          if (h.assembly_minutes) assembly.push_back(*h.assembly_minutes);
        }
        json::array quarters;
        for (const auto& [key, n] : by_quarter)
          quarters.push_back(json::object{{"community_code", key.first}, {"quarter", key.second}, {"drills", n}});
        std::vector<std::int64_t> seconds;
        for (auto ms : f.response_ms) seconds.push_back(ms / 1000);
        json::object out{{"region_code", p.code},
                         {"from", p.from_day},
                         {"to", p.to_day},
                         {"plans_active", stats_sum(f.plans_by_hazard)},
                         {"plans_by_hazard", stats_counts(f.plans_by_hazard)},
                         {"nodes", static_cast<std::int64_t>(children.size())},
                         {"nodes_without_plan", std::move(without)},
                         {"teams", stats_sum(f.teams_by_kind)},
                         {"teams_by_kind", stats_counts(f.teams_by_kind)},
                         {"members", f.members},
                         {"members_with_account", f.members_with_account},
                         {"patrols_held", patrols},
                         {"drills_held", drills},
                         {"drills_by_quarter", std::move(quarters)},
                         {"attendance_rate", maybe_number(mean_rate(rates))},
                         {"assembly_minutes_avg", maybe_number(mean(assembly))},
                         {"supplies", f.supplies},
                         {"supplies_expired", f.expired},
                         {"supplies_expiring", f.expiring},
                         {"supplies_below_minimum", f.below_minimum},
                         {"alerts", stats_sum(f.alerts_by_level)},
                         {"alerts_by_level", stats_counts(f.alerts_by_level)},
                         {"recipients", f.recipients},
                         {"responded", f.responded},
                         {"median_response_seconds", maybe_number(median(seconds))}};
        return json::respond(200, out);
      });
}

}  // namespace wangge::emergency
