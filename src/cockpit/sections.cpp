// The cockpit's sections beside the figures: hotspots per grid, categories rising,
// departments, visits and disputes (service.h).
#include <algorithm>

#include "cockpit/service.h"
#include "core/dates.h"
#include "disputes/service.h"
#include "events/rollup.h"
#include "events/service.h"
#include "registry/figures.h"
#include "registry/visits.h"
#include "territory/service.h"

namespace wangge::cockpit {

namespace {

double part_of(std::int64_t a, std::int64_t b) {
  return b > 0 ? static_cast<double>(a) / static_cast<double>(b) : 0.0;
}

}  // namespace

json::array Service::hotspots_section(const territory::Region& region, std::int64_t from_ms, std::int64_t to_ms) {
  // Events per grid and per 1,000 residents registered there (the registry's count; a grid
  // without registered residents shows its count only), hottest first.
  std::map<std::string, events::rollup::UnitMeasures> per_grid;
  events_.db().read([&](storage::Tx& tx) {
    per_grid = events::rollup::per_grid(tx, events_.calendar(), region.path, from_ms, to_ms);
  });
  auto residents = registry::residents_per_grid(registry_, region.path);
  struct Row {
    std::string code;
    events::rollup::UnitMeasures m;
    std::int64_t residents;
    double per_1000;
  };
  std::vector<Row> rows;
  for (const auto& [code, m] : per_grid) {
    std::int64_t r = 0;
    if (auto it = residents.find(code); it != residents.end()) r = it->second;
    rows.push_back({code, m, r, r > 0 ? 1000.0 * static_cast<double>(m.total) / static_cast<double>(r) : 0.0});
  }
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return a.per_1000 != b.per_1000 ? a.per_1000 > b.per_1000 : a.m.total > b.m.total;
  });
  if (rows.size() > 500) rows.resize(500);
  json::array out;
  for (const auto& row : rows) {
    const GridPlace place = grid_place(row.code);
    json::object o{{"code", row.code},           {"name", place.name},      {"community_code", place.community},
                   {"total", row.m.total},       {"closed", row.m.closed},  {"overdue_open", row.m.red_open},
                   {"residents", row.residents}, {"per_1000", row.per_1000}};
    if (place.located) {
      o["lng"] = place.lng;
      o["lat"] = place.lat;
    }
    out.push_back(std::move(o));
  }
  return out;
}

json::array Service::categories_section(const events::rollup::Totals& now, const events::rollup::Totals& before) {
  // Top-level categories by events this period against the previous period (previous_from),
  // the fastest rising first (a rise needs at least 5 events now).
  struct Row {
    std::string code;
    std::int64_t n, prev;
    double change;
  };
  std::vector<Row> rows;
  for (const auto& c : *events_.category_list()) {
    if (c.parent_code) continue;
    std::int64_t n = now.categories.count(c.code) ? now.categories.at(c.code) : 0;
    std::int64_t p = before.categories.count(c.code) ? before.categories.at(c.code) : 0;
    if (n == 0 && p == 0) continue;
    rows.push_back({c.code, n, p, p > 0 ? static_cast<double>(n - p) / static_cast<double>(p) : (n > 0 ? 1.0 : 0.0)});
  }
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    bool ar = a.n >= 5 && a.change > 0, br = b.n >= 5 && b.change > 0;
    if (ar != br) return ar;
    return ar ? a.change > b.change : a.n > b.n;
  });
  json::array out;
  for (const auto& r : rows) {
    auto c = events_.category(r.code);
    out.push_back(json::object{{"code", r.code},
                               {"name_zh", c ? c->name_zh : r.code},
                               {"name_en", c ? c->name_en : r.code},
                               {"count", r.n},
                               {"previous", r.prev},
                               {"change", r.change},
                               {"rising", r.n >= 5 && r.change > 0}});
  }
  return out;
}

json::array Service::departments_section(const Context& ctx, const territory::Region& region, std::int64_t from_ms,
                                         std::int64_t to_ms) {
  // The departments serving the node (and above it) the caller may see; their events in
  // the node created in the period (a county bureau on a town's cockpit: how it served the
  // town): on-time rate over closures due (closed + open overdue), rework.
  // Only for callers who may read departments (a community secretary reads the figures,
  // not the departments).
  if (!ctx.user().can_somewhere("events:department:read")) return {};
  auto deps = events_.visible_departments(ctx, region.code, std::nullopt);
  std::vector<std::int64_t> ids;
  for (const auto& d : deps) ids.push_back(d.id);
  std::map<std::int64_t, events::rollup::UnitMeasures> per;
  events_.db().read([&](storage::Tx& tx) {
    per = events::rollup::per_department(tx, events_.calendar(), ids, region.path, from_ms, to_ms);
  });
  json::array out;
  for (const auto& d : deps) {
    auto it = per.find(d.id);
    if (it == per.end() || it->second.total == 0) continue;
    const auto& m = it->second;
    out.push_back(json::object{{"id", d.id},
                               {"name", d.name},
                               {"kind", d.kind},
                               {"total", m.total},
                               {"closed", m.closed},
                               {"closed_on_time", m.closed_on_time},
                               {"overdue_open", m.red_open},
                               {"reworked", m.reworked},
                               {"on_time_rate", part_of(m.closed_on_time, m.closed + m.red_open)},
                               {"rework_rate", part_of(m.reworked, m.closed)},
                               {"satisfaction_rate", part_of(m.closed_satisfied, m.closed_rated)}});
  }
  std::sort(out.begin(), out.end(), [](const json::value& a, const json::value& b) {
    return a.at("on_time_rate").to_number<double>() < b.at("on_time_rate").to_number<double>();
  });
  return out;
}

json::object Service::visits_section(const territory::Region& region, std::int64_t from_ms, std::int64_t to_ms) {
  // Coverage per grid (households visited ÷ households) and per visitor (户次, households,
  // 人次), seeds 000 and 002.
  auto per_grid = registry::visit_coverage(registry_, region.path, from_ms, to_ms);
  std::int64_t households = 0, visited = 0;
  for (const auto& [grid, hv] : per_grid) {
    households += hv.first;
    visited += hv.second;
  }
  auto per_visitor = registry::visits_per_visitor(registry_, region.path, from_ms, to_ms);
  std::vector<std::pair<std::int64_t, registry::VisitorFigures>> visitors(per_visitor.begin(), per_visitor.end());
  std::sort(visitors.begin(), visitors.end(),
            [](const auto& a, const auto& b) { return a.second.visits > b.second.visits; });
  std::int64_t visits = 0, persons = 0;
  for (const auto& [id, f] : visitors) {
    visits += f.visits;
    persons += f.persons;
  }
  json::array top;
  for (std::size_t i = 0; i < visitors.size() && i < 10; ++i) {
    const auto& [id, f] = visitors[i];
    top.push_back(json::object{
        {"user_id", id}, {"name", f.name}, {"visits", f.visits}, {"households", f.households}, {"persons", f.persons}});
  }
  return json::object{{"households", households},
                      {"households_visited", visited},
                      {"coverage", part_of(visited, households)},
                      {"visits", visits},
                      {"persons", persons},
                      {"visitors", static_cast<std::int64_t>(visitors.size())},
                      {"top_visitors", std::move(top)}};
}

json::object Service::disputes_section(const territory::Region& region, std::int64_t from_ms, std::int64_t to_ms) {
  const auto& cal = events_.calendar();
  auto f = disputes_.figures(region.path, format_day(cal.day_of(from_ms)), format_day(cal.day_of(to_ms - 1) + 1));
  json::object by_type;
  for (const auto& [t, n] : f.by_type) by_type[t] = n;
  return json::object{{"found", f.found},
                      {"settled", f.settled},
                      {"closed", f.closed},
                      {"active", f.active},
                      {"mediation_rate", part_of(f.settled, f.found)},
                      {"success_rate", part_of(f.settled, f.closed)},
                      {"by_type", std::move(by_type)}};
}

}  // namespace wangge::cockpit
