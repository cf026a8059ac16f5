// Early warning (预警) and statistics (研判). Warnings are computed from the ledger on each
// read, so they are never stale: a person or a place with `min` or more disputes found in
// the last `days` days, open disputes that are high-risk by level or by type (land,
// labour), and open disputes whose risk was raised in that window. They feed the
// dispatcher's and the mediator's worklists. Statistics: disputes found, settled, failed,
// referred and still open, the mediation success rate (调解成功率 = settled / closed), by
// type and per child node.
#include <algorithm>
#include <map>
#include <set>

#include "core/dates.h"
#include "core/error.h"
#include "disputes/service.h"
#include "disputes/store.h"
#include "territory/service.h"

namespace wangge::disputes {

void Service::register_warning_routes(http::Router& router) {
  router.add("GET", "/api/v1/disputes/warnings",
             {.summary = "Early warnings: repeated disputes of a person or a place, high-risk and escalating ones",
              .tag = "disputes",
              .permission = "disputes:dispute:read",
              .query = {{"region", "under this region code"},
                        {"days", "window in days, 1-3650, default 90"},
                        {"min", "disputes that make a repeat, 2-100, default 2"}}},
             [this](Context& ctx) {
               const auto& req = ctx.req();
               store::Filter f;
               f.scope_paths = ctx.user().scope("disputes:dispute:read");
               if (auto r = req.query_param("region")) {
                 f.region_path = territory_.path_of(*r);
                 ctx.require("disputes:dispute:read", *f.region_path);
               }
               std::int64_t days = json::query_int(req, "days", 1, 3650).value_or(90);
               std::int64_t min = json::query_int(req, "min", 2, 100).value_or(2);
               std::int64_t now = storage::now_ms();
               f.found_from = format_day(calendar_.day_of(now) - days);
               f.limit = 100000;
               std::vector<Dispute> rows;
               std::vector<std::int64_t> raised;
               db_.read([&](storage::Tx& tx) {
                 rows = store::list(tx, f);
                 store::load_parties(tx, rows);
                 raised = store::raised_since(tx, f.scope_paths, now - days * 86'400'000);
               });
               std::map<std::int64_t, std::pair<std::string, std::set<std::int64_t>>> by_person;
               std::map<std::string, std::set<std::int64_t>> by_grid, by_place;
               json::array items;
               auto ids_json = [](const std::set<std::int64_t>& ids) {
                 json::array a;
                 for (auto id : ids) a.push_back(id);
                 return a;
               };
               for (const auto& d : rows) {
                 for (const auto& p : d.parties) {
                   if (!p.person_id) continue;
                   auto& e = by_person[*p.person_id];
                   e.first = p.name;
                   e.second.insert(d.id);
                 }
                 by_grid[d.region_code.substr(0, std::min<std::size_t>(15, d.region_code.size()))].insert(d.id);
                 if (!d.place.empty()) by_place[d.place].insert(d.id);
                 bool active = !is_closed(d.status);
                 bool risky_type = std::any_of(std::begin(kHighRiskTypes), std::end(kHighRiskTypes),
                                               [&](const char* t) { return d.type == t; });
                 if (active && (d.risk == "high" || risky_type)) {
                   items.push_back(json::object{{"kind", "high_risk"},
                                                {"key", std::to_string(d.id)},
                                                {"name", d.title},
                                                {"reason", d.risk == "high" ? "risk" : "type"},
                                                {"count", 1},
                                                {"dispute_ids", json::array{d.id}}});
                 }
               }
               for (const auto& [person, e] : by_person) {
                 if (static_cast<std::int64_t>(e.second.size()) < min) continue;
                 items.push_back(json::object{{"kind", "repeated_person"},
                                              {"key", std::to_string(person)},
                                              {"name", e.first},
                                              {"count", e.second.size()},
                                              {"dispute_ids", ids_json(e.second)}});
               }
               for (const auto& [grid, ids] : by_grid) {
                 if (static_cast<std::int64_t>(ids.size()) < min) continue;
                 auto g = territory_.find(grid, false);
                 items.push_back(json::object{{"kind", "repeated_place"},
                                              {"key", grid},
                                              {"name", g ? g->name : grid},
                                              {"count", ids.size()},
                                              {"dispute_ids", ids_json(ids)}});
               }
               for (const auto& [place, ids] : by_place) {
                 if (static_cast<std::int64_t>(ids.size()) < min) continue;
                 items.push_back(json::object{{"kind", "repeated_place"},
                                              {"key", place},
                                              {"name", place},
                                              {"count", ids.size()},
                                              {"dispute_ids", ids_json(ids)}});
               }
               for (auto id : raised) {
                 items.push_back(json::object{{"kind", "escalating"},
                                              {"key", std::to_string(id)},
                                              {"name", ""},
                                              {"count", 1},
                                              {"dispute_ids", json::array{id}}});
               }
               return json::respond(200, json::object{{"days", days}, {"min", min}, {"items", std::move(items)}});
             });

  router.add(
      "GET", "/api/v1/disputes/stats",
      {.summary = "Disputes found, settled, failed, referred, open; mediation success rate; by type and child",
       .tag = "disputes",
       .permission = "disputes:stats:read",
       .query = {{"region", "region code (required)"},
                 {"from", "found on or after (YYYY-MM-DD; default: the start of this year)"},
                 {"to", "found before (default: tomorrow)"}},
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
            children.push_back(json::object{{"code", kid.code},
                                            {"name", kid.name},
                                            {"found", a[0]},
                                            {"settled", a[1]},
                                            {"success_rate", a[2] ? static_cast<double>(a[1]) / a[2] : 0.0}});
          }
        }
        return json::respond(200, json::object{{"region", json::object{{"code", region.code}, {"name", region.name}}},
                                               {"from", from},
                                               {"to", to},
                                               {"found", found},
                                               {"settled", settled},
                                               {"failed", failed},
                                               {"referred", referred},
                                               {"active", found - closed},
                                               {"success_rate", closed ? static_cast<double>(settled) / closed : 0.0},
                                               {"by_status", std::move(statuses)},
                                               {"by_type", std::move(types)},
                                               {"children", std::move(children)}});
      });
}

}  // namespace wangge::disputes
