// The leaders' cockpit (驾驶舱, docs/COCKPIT.md): one answer with every figure a town or
// county leader watches over a period, each computed as the seeds define it (docs/EVENTS.md
// "Figures"), with the previous period of the same length for the trend, and the filter
// that lists the records behind every number (the web's drill-down). It keeps no tables:
// it calls the events (counters per node, grid and department), registry (residents per
// grid, visits) and disputes modules.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "core/context.h"
#include "core/http/router.h"
#include "core/http/schema.h"
#include "core/json.h"
#include "events/rollup.h"

namespace wangge::events {
class Service;
}
namespace wangge::registry {
class Service;
}
namespace wangge::disputes {
class Service;
}
namespace wangge::territory {
class Service;
struct Region;
}  // namespace wangge::territory

namespace wangge::cockpit {

void register_schemas(schema::Components& c);

class Service {
 public:
  Service(events::Service& events, registry::Service& registry, disputes::Service& disputes,
          territory::Service& territory);
  void register_routes(http::Router& router);

  // The open spike warnings under a path (events' spike detector), as the cockpit shows
  // them; set by the app. Unset: none.
  using SpikesOf = std::function<json::array(const std::string& path)>;
  void set_spikes_of(SpikesOf f) { spikes_of_ = std::move(f); }

  // The whole answer for `region` over [from_ms, to_ms) (the caller's scope checked).
  json::object build(const Context& ctx, const territory::Region& region, std::int64_t from_ms, std::int64_t to_ms);

 private:
  // The period before [from_ms, to_ms) it is compared with: as many whole months before a
  // period of whole months (a year against the last year, a month against the last month),
  // else as many days before.
  std::int64_t previous_from(std::int64_t from_ms, std::int64_t to_ms) const;
  json::object figures_section(const events::rollup::Totals& now, const events::rollup::Totals& before);
  json::array trend_section(const territory::Region& region, std::int64_t to_ms);
  json::array hotspots_section(const territory::Region& region, std::int64_t from_ms, std::int64_t to_ms);
  json::array categories_section(const events::rollup::Totals& now, const events::rollup::Totals& before);
  json::array departments_section(const Context& ctx, const territory::Region& region, std::int64_t from_ms,
                                  std::int64_t to_ms);
  json::object visits_section(const territory::Region& region, std::int64_t from_ms, std::int64_t to_ms);
  json::object disputes_section(const territory::Region& region, std::int64_t from_ms, std::int64_t to_ms);
  // A grid's name and a point to draw it at (its outline's box centre), cached.
  struct GridPlace {
    std::string name, community;
    double lng = 0, lat = 0;
    bool located = false;
    std::int64_t fetched_at = 0;  // re-read after ten minutes: a redrawn outline moves its point
  };
  // A copy: another thread may drop the cache meanwhile.
  GridPlace grid_place(const std::string& code);

  events::Service& events_;
  registry::Service& registry_;
  disputes::Service& disputes_;
  territory::Service& territory_;
  SpikesOf spikes_of_;
  std::mutex places_mu_;
  std::map<std::string, GridPlace> places_;  // guarded by places_mu_
};

}  // namespace wangge::cockpit
