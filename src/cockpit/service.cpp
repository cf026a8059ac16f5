#include "cockpit/service.h"

#include "core/dates.h"
#include "core/geo/geo.h"
#include "events/rollup.h"
#include "events/service.h"
#include "territory/service.h"

namespace wangge::cockpit {

namespace {

double share_of(std::int64_t a, std::int64_t b) {
  return b > 0 ? static_cast<double>(a) / static_cast<double>(b) : 0.0;
}

// The seeds' figures from the counters (docs/EVENTS.md "Figures").
json::object figures_of(const events::rollup::Measures& m) {
  using namespace events::rollup;
  std::int64_t total = m[kTotal], closed = m[kReported + 5];
  std::int64_t filed = total - m[kReported + 6] - m[kReported + 7] - m[kReported + 8];
  return json::object{
      {"reported", total},
      {"closed", closed},
      {"filed", filed},
      {"closure_rate", share_of(closed, total)},
      {"closure_rate_filed", share_of(closed, filed)},
      {"on_time_rate", share_of(m[kClosedOnTime], closed + m[kRedOpen])},
      {"on_time_rate_closed", share_of(m[kClosedOnTime], closed)},
      {"closed_on_time", m[kClosedOnTime]},
      {"closed_same_day", m[kClosedSameDay]},
      {"same_day_rate", share_of(m[kClosedSameDay], total)},
      {"rated", m[kClosedRated]},
      {"satisfaction_rate", share_of(m[kClosedSatisfied], m[kClosedRated])},
      {"solved_at_grid_share", share_of(m[kClosedGrid], closed)},
      {"solved_at_community_share", share_of(m[kClosedGrid] + m[kClosedGrid + 1], closed)},
      {"overdue_open", m[kRedOpen]},
  };
}

std::string month_label(std::int64_t month) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", static_cast<int>(month / 12), static_cast<int>(month % 12) + 1);
  return buf;
}

}  // namespace

Service::Service(events::Service& events, registry::Service& registry, disputes::Service& disputes,
                 territory::Service& territory)
    : events_(events), registry_(registry), disputes_(disputes), territory_(territory) {}

std::int64_t Service::previous_from(std::int64_t from_ms, std::int64_t to_ms) const {
  const auto& cal = events_.calendar();
  const Day d0 = cal.day_of(from_ms), d1 = cal.day_of(to_ms);
  const std::int64_t m0 = events::rollup::month_of(d0), m1 = events::rollup::month_of(d1);
  const bool whole_months = cal.midnight(d0) == from_ms && cal.midnight(d1) == to_ms &&
                            events::rollup::first_day_of_month(m0) == d0 &&
                            events::rollup::first_day_of_month(m1) == d1 && m1 > m0;
  if (whole_months) return cal.midnight(events::rollup::first_day_of_month(m0 - (m1 - m0)));
  return from_ms - (to_ms - from_ms);
}

json::object Service::figures_section(const events::rollup::Totals& now, const events::rollup::Totals& before) {
  return json::object{{"current", figures_of(now.m)}, {"previous", figures_of(before.m)}};
}

json::array Service::trend_section(const territory::Region& region, std::int64_t to_ms) {
  // The twelve months ending with the period's last month, from the month counters.
  const auto& cal = events_.calendar();
  std::int64_t last = events::rollup::month_of(cal.day_of(to_ms - 1));
  std::map<std::int64_t, events::rollup::Measures> months;
  events_.db().read([&](storage::Tx& tx) { months = events::rollup::monthly(tx, region.path, last - 11, last + 1); });
  json::array out;
  for (std::int64_t m = last - 11; m <= last; ++m) {
    events::rollup::Measures measures{};
    if (auto it = months.find(m); it != months.end()) measures = it->second;
    json::object f = figures_of(measures);
    out.push_back(json::object{{"month", month_label(m)},
                               {"from", format_day(events::rollup::first_day_of_month(m))},
                               {"to", format_day(events::rollup::first_day_of_month(m + 1))},
                               {"reported", f.at("reported")},
                               {"closed", f.at("closed")},
                               {"closure_rate", f.at("closure_rate")},
                               {"on_time_rate", f.at("on_time_rate")},
                               {"satisfaction_rate", f.at("satisfaction_rate")},
                               {"same_day_rate", f.at("same_day_rate")}});
  }
  return out;
}

Service::GridPlace Service::grid_place(const std::string& code) {
  constexpr std::int64_t kFresh = 10 * 60 * 1000;
  std::int64_t now = storage::now_ms();
  {
    std::lock_guard lock(places_mu_);
    if (auto it = places_.find(code); it != places_.end() && now - it->second.fetched_at < kFresh) return it->second;
  }
  GridPlace p;
  p.fetched_at = now;
  if (auto g = territory_.find(code, true)) {
    p.name = g->name;
    p.community = g->parent_code.value_or("");
    if (g->geometry) {
      std::string err, err_zh;
      if (auto shape = geo::Shape::from_geojson(*g->geometry, &err, &err_zh)) {
        auto b = shape->bbox();
        p.lng = (b.min_lng + b.max_lng) / 2;
        p.lat = (b.min_lat + b.max_lat) / 2;
        p.located = true;
      }
    }
  }
  std::lock_guard lock(places_mu_);
  if (places_.size() > 100000) places_.clear();
  places_[code] = p;
  return p;
}

json::object Service::build(const Context& ctx, const territory::Region& region, std::int64_t from_ms,
                            std::int64_t to_ms) {
  const auto& cal = events_.calendar();
  json::object out{
      {"region", json::object{{"code", region.code}, {"name", region.name}, {"level", region.level}}},
      {"from", format_day(cal.day_of(from_ms))},
      {"to", format_day(cal.day_of(to_ms))},
      {"previous_from", format_day(cal.day_of(previous_from(from_ms, to_ms)))},
      {"generated_at", storage::now_ms()},
  };
  // This period's and the previous one's counters, read once for the figures and the
  // categories.
  events::rollup::Totals now, before;
  events_.db().read([&](storage::Tx& tx) {
    now = events::rollup::query(tx, cal, region.path, from_ms, to_ms, nullptr);
    before = events::rollup::query(tx, cal, region.path, previous_from(from_ms, to_ms), from_ms, nullptr);
  });
  out["figures"] = figures_section(now, before);
  out["trend"] = trend_section(region, to_ms);
  out["hotspots"] = hotspots_section(region, from_ms, to_ms);
  out["categories"] = categories_section(now, before);
  out["departments"] = departments_section(ctx, region, from_ms, to_ms);
  out["visits"] = visits_section(region, from_ms, to_ms);
  out["disputes"] = disputes_section(region, from_ms, to_ms);
  out["spikes"] = spikes_of_ ? spikes_of_(region.path) : json::array{};
  return out;
}

}  // namespace wangge::cockpit
