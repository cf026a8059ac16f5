// Early warning (预警); statistics (研判) are in stats.cpp. Warnings are computed from the ledger on each
// read, so they are never stale: a person or a place with `min` or more disputes found in
// the last `days` days, open disputes that are high-risk by level or by type (land,
// labour), and open disputes whose risk was raised in that window. They feed the
// dispatcher's and the mediator's worklists.
#include <algorithm>
#include <map>
#include <set>

#include "core/dates.h"
#include "core/error.h"
#include "disputes/service.h"
#include "disputes/store.h"
#include "territory/service.h"

namespace wangge::disputes {
namespace {

// The warnings among the disputes found in the window (with their parties) and those
// whose risk was raised in it: high-risk ones, repeats of a person, a grid or a place
// (`min` or more), escalating ones.
json::array warning_items(const territory::Service& territory, const std::vector<Dispute>& rows,
                          const std::vector<std::int64_t>& raised, std::int64_t min) {
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
    bool risky_type =
        std::any_of(std::begin(kHighRiskTypes), std::end(kHighRiskTypes), [&](const char* t) { return d.type == t; });
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
    auto g = territory.find(grid, false);
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
  return items;
}

}  // namespace

void Service::register_warning_routes(http::Router& router) {
  router.add("GET", "/api/v1/disputes/warnings",
             {.summary = "Early warnings: repeated disputes of a person or a place, high-risk and escalating ones",
              .tag = "disputes",
              .permission = "disputes:dispute:read",
              .query = {{"region", "under this region code"},
                        {"days", "window in days, 1-3650, default 90"},
                        {"min", "disputes that make a repeat, 2-100, default 2"}},
              .response = schema::object({schema::req("days", schema::integer(1, 3650)),
                                          schema::req("min", schema::integer(2, 100)),
                                          schema::req("items", schema::array(schema::ref("DisputeWarning")))})},
             [this](Context& ctx) {
               const auto& req = ctx.req();
               store::Filter f;
               auto scoped = territory_.scoped_region(ctx, "disputes:dispute:read");
               f.scope_paths = std::move(scoped.scope);
               f.region_path = std::move(scoped.path);
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
               json::array items = warning_items(territory_, rows, raised, min);
               return json::respond(200, json::object{{"days", days}, {"min", min}, {"items", std::move(items)}});
             });
}

}  // namespace wangge::disputes
