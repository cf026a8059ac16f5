// The JSON Schemas of spike warnings' answers (Spikes::to_json, http_spikes.cpp): published
// in /api/openapi.json, checked against every answer in the tests (Config::check_contracts).
#include "core/http/schema.h"
#include "events/spikes.h"

namespace wangge::events {

void register_spike_schemas(schema::Components& c) {
  using namespace schema;
  c.add("EventSpike",
        object(
            {req("id", id()), req("grid_code", str()), req("grid_name", describe(str(), "\"\" when the grid is gone")),
             req("category", describe(ref("EventCategoryRef"), "the top-level category")),
             req("day", describe(date(), "the civil day whose events rose")),
             req("count", describe(integer(0), "events created that day (when last scanned)")),
             req("expected", describe(number(), "the day's seasonal baseline μ (0: no history)")),
             req("ratio", describe(number(), "count ÷ max(expected, 0.2)")),
             req("p_value", describe(number(), "P(X ≥ count) for X ~ Poisson(max(expected, 0.2))")),
             req("severity", describe(enumeration({"warn", "alarm"}), "alarm: p < 1e-5; warn: p < 1e-3")),
             req("status", enumeration({"open", "acknowledged"})), req("acknowledged_by", nullable(id())),
             req("acknowledged_at", nullable(date_time())), req("note", str()),
             req("created_at", describe(date_time(), "when a scan first raised it")), req("updated_at", date_time())}));
  c.add("EventSpikePage", page_of(ref("EventSpike")));
}

}  // namespace wangge::events
