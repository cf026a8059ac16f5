// Visit use cases (visits.cpp), called by the routes in visits_http.cpp: plan a visit,
// record it (raising an event from it in the same transaction), cancel a plan; the
// worklist of households not visited for N days; coverage per grid and period.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/context.h"
#include "registry/model.h"
#include "registry/service.h"
#include "registry/store.h"

namespace wangge::registry {

// A done visit's details as given.
struct VisitRecord {
  std::string findings;
  std::optional<std::string> purpose;
  std::optional<std::int64_t> visited_at;  // else when recorded
  std::optional<double> lat, lng;
  std::vector<std::string> photos;  // attachment hashes
  // An event to raise from the visit: category, description, self_handled and result (its
  // place and photos are the visit's).
  std::optional<Service::EventRequest> event;
};

struct VisitQuery {
  std::vector<std::string> scope;
  std::optional<std::int64_t> household_id;
  std::optional<std::string> region_path, status;
  store::VisitPeriod period;  // the visit's date (store.h)
  std::optional<std::int64_t> before_id;
  int limit = 50;
};
struct VisitPage {
  std::vector<Visit> items;
  bool more = false;
};
VisitPage list_visits(Service& svc, const VisitQuery& q);

// Plans `v` (at v.planned_on) or, with a record, records it done, inside `tx` (the caller's
// write, under the request's Idempotency-Key: a phone's queued visit is filed once).
Visit create_visit(Service& svc, storage::Tx& tx, const Context& ctx, Visit v,
                   const std::optional<VisitRecord>& record);
// A done visit of a household in the caller's care (包户走访), recorded for the teams module,
// which has checked the care assignment: the registry's own write permission is not asked.
// No event is raised from it.
Visit record_care_visit(Service& svc, storage::Tx& tx, const Context& ctx, std::int64_t household_id,
                        const VisitRecord& record);
// Records a planned visit at `version` as done, inside `tx`.
Visit complete_visit(Service& svc, storage::Tx& tx, const Context& ctx, std::int64_t id, std::int64_t version,
                     const VisitRecord& record);
// Cancels a planned visit at `version`.
Visit cancel_visit(Service& svc, const Context& ctx, std::int64_t id, std::int64_t version);

struct Worklist {
  std::vector<store::Unvisited> items;
  bool more = false;
};
// Households in scope not visited since `cutoff` (or never), least recently visited first.
Worklist visit_worklist(Service& svc, const std::vector<std::string>& scope,
                        const std::optional<std::string>& region_path, std::int64_t cutoff,
                        const std::optional<std::pair<std::int64_t, std::int64_t>>& after, int limit);

// Per grid under `path`: households, and households with a done visit in [from, until).
std::map<std::string, std::pair<std::int64_t, std::int64_t>> visit_coverage(Service& svc, const std::string& path,
                                                                            std::int64_t from, std::int64_t until);

}  // namespace wangge::registry
