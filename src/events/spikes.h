// Spike warnings (事件激增预警; docs/EVENTS.md "Spike warnings"): a grid's events of one
// top-level category on one day rose beyond the grid's own seasonal baseline
// (events/spikes_model.h). The scan (the scheduler, every 15 minutes on the leading node;
// or POST /events/spikes/scan) counts the last weeks' events per grid, category and civil
// day, examines yesterday and today so far, records each new spike once (event_spikes,
// migration 0043) and tells the leaders and secretaries over the grid's community in their
// inbox. The cockpit lists them (GET /events/spikes) and a leader acknowledges them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/context.h"
#include "core/http/router.h"
#include "core/json.h"
#include "core/storage/database.h"
#include "events/spikes_model.h"
#include "events/store_spikes.h"

namespace wangge::events {

class Service;

// The class of a civil day for the weekday factors: its weekday (0 = Sunday), except that a
// holiday or a local day off is read as a Sunday and a makeup working day (调休上班) as a
// Wednesday, an ordinary working day: reports follow whether offices and patrols work.
int spike_day_class(const Calendar& cal, Day d);

class Spikes {
 public:
  explicit Spikes(Service& svc, spikes::Params params = {});

  // Counts the events of the last 58 days (the eight weeks before yesterday, yesterday and
  // today) per grid, top-level category and civil day; examines yesterday and today so far
  // (a partial day is only ever under-counted, so an alarm today stands); records the
  // spikes not recorded yet and tells the holders of `leader` and `secretary` over the
  // grid's community. Safe on several nodes at once: each spike is recorded and told once.
  // Returns the spikes newly recorded.
  std::size_t scan(storage::Database& db, const Calendar& cal, std::int64_t now);

  // The spikes the caller may see (f.scope_paths is set to the caller's events:stats:read
  // scope), filtered by the rest of f; newest first.
  std::vector<store::Spike> list(const Context& ctx, store::SpikeFilter f) const;
  // Acknowledges an open spike within the caller's scope (events:stats:read on its grid):
  // not_found, forbidden, conflict when it was acknowledged already. Audited.
  store::Spike acknowledge(const Context& ctx, std::int64_t id, const std::string& note);

  // The open spikes under `path`, newest first, at most `limit`, as to_json renders them:
  // the cockpit's section (cockpit::Service::set_spikes_of). No scope check: the caller
  // checked `path`.
  json::array open_json(const std::string& path, int limit = 20) const;

  // A spike for API answers: the grid's and the category's names, the ratio.
  json::object to_json(const store::Spike& s, const std::string& grid_name) const;

  Service& service() { return svc_; }
  const spikes::Params& params() const { return params_; }

 private:
  Service& svc_;
  spikes::Params params_;
};

// GET /events/spikes, POST /events/spikes/{id}/acknowledge, POST /events/spikes/scan
// (http_spikes.cpp), with their schemas (spikes_schemas.cpp).
void register_spike_routes(Service& svc, Spikes& spikes, http::Router& router);
void register_spike_schemas(schema::Components& c);

}  // namespace wangge::events
