// The scope matrix's rows for the assessment module's routes (scope_probes.h): every route
// tried against the foreign places' schemes ({as_scheme}, {as_frozen_scheme}), their runs
// ({as_run} a draft, {as_frozen_run} frozen), the subject in them ({as_subject}: the place's
// grid worker) and their node ({as_node}).
#include "integration/scope_probes.h"

namespace wangge::testing {

void add_assessment_probes(const ScopeTable& t) {
  t.none("GET /api/v1/assessment/indicators", "the indicator catalogue: no territorial record");
  t.none("GET /api/v1/assessment/my-card", "the caller's own results only (AssessmentTest)");
  // Schemes.
  t.probe("GET /api/v1/assessment/schemes", {{"/api/v1/assessment/schemes", "", true},
                                             {"/api/v1/assessment/schemes?status=active", "", true},
                                             {"/api/v1/assessment/schemes?region={as_node}", "", true}});
  t.probe("POST /api/v1/assessment/schemes",
          {{"/api/v1/assessment/schemes",
            R"({"name":"x","post":"grid_worker","region_code":"{as_node}","period_kind":"month",)"
            R"("indicators":[{"key":"visits","weight":100,"target":2}]})"}});
  t.probe("GET /api/v1/assessment/schemes/{id}", {{"/api/v1/assessment/schemes/{as_scheme}", ""}});
  t.probe("PUT /api/v1/assessment/schemes/{id}",
          {{"/api/v1/assessment/schemes/{as_scheme}", R"({"version":2,"name":"x"})"}});
  t.probe("POST /api/v1/assessment/schemes/{id}/activate", {{"/api/v1/assessment/schemes/{as_scheme}/activate", ""}});
  t.probe("POST /api/v1/assessment/schemes/{id}/retire", {{"/api/v1/assessment/schemes/{as_scheme}/retire", ""}});
  t.probe("POST /api/v1/assessment/schemes/{id}/copy",
          {{"/api/v1/assessment/schemes/{as_scheme}/copy", R"({"name":"x"})"}});
  // Runs and what is done to them.
  t.probe("POST /api/v1/assessment/schemes/{id}/runs",
          {{"/api/v1/assessment/schemes/{as_scheme}/runs", R"({"period":"2026-01"})"}});
  t.probe("GET /api/v1/assessment/runs",
          {{"/api/v1/assessment/runs", "", true}, {"/api/v1/assessment/runs?scheme={as_scheme}", "", true}});
  t.probe("GET /api/v1/assessment/runs/{id}", {{"/api/v1/assessment/runs/{as_run}", ""}});
  t.probe("GET /api/v1/assessment/runs/{id}/export.xlsx",
          {{"/api/v1/assessment/runs/{as_frozen_run}/export.xlsx", ""}});
  t.probe("POST /api/v1/assessment/runs/{id}/adjustments",
          {{"/api/v1/assessment/runs/{as_run}/adjustments", R"({"subject":"{as_subject}","points":5,"reason":"x"})"}});
  t.probe("POST /api/v1/assessment/runs/{id}/freeze", {{"/api/v1/assessment/runs/{as_run}/freeze", ""}});
  t.probe("POST /api/v1/assessment/runs/{id}/commendations",
          {{"/api/v1/assessment/runs/{as_frozen_run}/commendations",
            R"({"subject":"{as_subject}","title":"x","reason":"x"})"}});
}

}  // namespace wangge::testing
