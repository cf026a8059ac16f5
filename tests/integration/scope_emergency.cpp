// The scope matrix's rows for the emergency module's routes (scope_probes.h): each route
// against the foreign place's plan, draft, team, member, drill, stock and alert, and the
// indirect paths: a foreign team called to a home node, a foreign plan named by a home
// drill, a foreign account made a member of a home team, a foreign member marked present
// at a home drill.
#include "integration/scope_probes.h"

namespace wangge::testing {

void add_emergency_probes(const ScopeTable& t) {
  const std::string when = R"("starts_at":"2099-01-01T08:00:00Z","ends_at":"2099-01-01T09:00:00Z")";
  // Plans.
  t.probe("GET /api/v1/emergency-plans", {{"/api/v1/emergency-plans", "", true},
                                          {"/api/v1/emergency-plans?region={grid}", "", true},
                                          {"/api/v1/emergency-plans?view=manage", "", true}});
  t.probe("POST /api/v1/emergency-plans",
          {{"/api/v1/emergency-plans", R"({"region_code":"{grid}","hazard":"fire","title":"x"})"},
           {"/api/v1/emergency-plans", R"({"region_code":"{grid}","hazard":"fire","title":"x","activate":true})"}});
  t.probe("GET /api/v1/emergency-plans/{id}",
          {{"/api/v1/emergency-plans/{em_plan}", ""}, {"/api/v1/emergency-plans/{em_plan_draft}", ""}});
  t.probe("PATCH /api/v1/emergency-plans/{id}",
          {{"/api/v1/emergency-plans/{em_plan_draft}", R"({"version":1,"title":"x"})"},
           {"/api/v1/emergency-plans/{em_plan}", R"({"version":2,"reviewed_on":"2024-01-01"})"}});
  t.probe("POST /api/v1/emergency-plans/{id}/activate",
          {{"/api/v1/emergency-plans/{em_plan_draft}/activate", R"({"version":1})"}});
  t.probe("POST /api/v1/emergency-plans/{id}/retire",
          {{"/api/v1/emergency-plans/{em_plan}/retire", R"({"version":2,"reason":"x"})"}});
  // Teams and members.
  t.probe("GET /api/v1/emergency-teams",
          {{"/api/v1/emergency-teams", "", true}, {"/api/v1/emergency-teams?region={grid}", "", true}});
  t.probe("POST /api/v1/emergency-teams",
          {{"/api/v1/emergency-teams", R"({"region_code":"{grid}","kind":"patrol","name":"x"})"}});
  t.probe("GET /api/v1/emergency-teams/{id}", {{"/api/v1/emergency-teams/{em_team}", ""}});
  t.probe("PATCH /api/v1/emergency-teams/{id}", {{"/api/v1/emergency-teams/{em_team}", R"({"version":1,"name":"x"})"}});
  t.probe("POST /api/v1/emergency-teams/{id}/members",
          {{"/api/v1/emergency-teams/{em_team}/members", R"({"name":"x"})"},
           {"/api/v1/emergency-teams/{home_em_team}/members", R"({"name":"x","username":"{em_username}"})"}});
  t.probe("POST /api/v1/emergency-members/{id}/leave",
          {{"/api/v1/emergency-members/{em_member}/leave", R"({"reason":"x"})"}});
  // Patrols and drills.
  t.probe(
      "POST /api/v1/emergency-activities",
      {{"/api/v1/emergency-activities",
        R"({"region_code":"{grid}","kind":"drill","team_ids":[{em_team}],"title":"x",)" + when + "}"},
       {"/api/v1/emergency-activities",
        R"({"region_code":"{home_grid}","kind":"drill","team_ids":[{em_team}],"title":"x",)" + when + "}"},
       {"/api/v1/emergency-activities",
        R"({"region_code":"{home_grid}","kind":"drill","team_ids":[{home_em_team}],"plan_id":{em_plan},"title":"x",)" +
            when + "}"}});
  t.probe("GET /api/v1/emergency-activities", {{"/api/v1/emergency-activities", "", true},
                                               {"/api/v1/emergency-activities?view=mine", "", true},
                                               {"/api/v1/emergency-activities?region={grid}", "", true}});
  t.probe("GET /api/v1/emergency-activities/{id}", {{"/api/v1/emergency-activities/{em_activity}", ""}});
  t.probe("GET /api/v1/emergency-activities/{id}/code", {{"/api/v1/emergency-activities/{em_activity}/code", ""}});
  t.probe("POST /api/v1/emergency-activities/{id}/check-in",
          {{"/api/v1/emergency-activities/{em_activity}/check-in", R"({"code":"123456"})"}});
  t.probe("POST /api/v1/emergency-activities/{id}/attendance",
          {{"/api/v1/emergency-activities/{em_activity}/attendance", R"({"member_ids":[{em_member}]})"},
           {"/api/v1/emergency-activities/{home_em_activity}/attendance", R"({"member_ids":[{em_member}]})"}});
  t.probe("POST /api/v1/emergency-activities/{id}/hold",
          {{"/api/v1/emergency-activities/{em_activity}/hold", R"({"version":1,"summary":"x"})"}});
  t.probe("POST /api/v1/emergency-activities/{id}/cancel",
          {{"/api/v1/emergency-activities/{em_activity}/cancel", R"({"version":1,"reason":"x"})"}});
  // Supplies.
  t.probe("GET /api/v1/emergency-supplies", {{"/api/v1/emergency-supplies", "", true},
                                             {"/api/v1/emergency-supplies?region={grid}", "", true},
                                             {"/api/v1/emergency-supplies?flag=below_minimum", "", true}});
  t.probe("POST /api/v1/emergency-supplies",
          {{"/api/v1/emergency-supplies",
            R"({"region_code":"{grid}","name":"x","category":"other","quantity":1,"unit":"x"})"}});
  t.probe("GET /api/v1/emergency-supplies/{id}", {{"/api/v1/emergency-supplies/{em_supply}", ""}});
  t.probe("PATCH /api/v1/emergency-supplies/{id}",
          {{"/api/v1/emergency-supplies/{em_supply}", R"({"version":1,"name":"x"})"}});
  t.probe("POST /api/v1/emergency-supplies/{id}/movements",
          {{"/api/v1/emergency-supplies/{em_supply}/movements", R"({"direction":"out","quantity":1,"reason":"x"})"}});
  // Alerts.
  t.probe("POST /api/v1/emergency-alerts",
          {{"/api/v1/emergency-alerts",
            R"({"region_code":"{grid}","level":"red","hazard":"fire","message":"x","team_ids":[{em_team}]})"},
           {"/api/v1/emergency-alerts",
            R"({"region_code":"{home_grid}","level":"red","hazard":"fire","message":"x","team_ids":[{em_team}]})"}});
  t.probe("GET /api/v1/emergency-alerts", {{"/api/v1/emergency-alerts", "", true},
                                           {"/api/v1/emergency-alerts?view=received", "", true},
                                           {"/api/v1/emergency-alerts?region={grid}", "", true}});
  t.probe("GET /api/v1/emergency-alerts/{id}", {{"/api/v1/emergency-alerts/{em_alert}", ""}});
  t.probe("POST /api/v1/emergency-alerts/{id}/respond",
          {{"/api/v1/emergency-alerts/{em_alert}/respond", R"({"response":"arriving"})"}});
  t.probe("POST /api/v1/emergency-alerts/{id}/close", {{"/api/v1/emergency-alerts/{em_alert}/close", "{}"}});
  // Figures and ledgers.
  t.probe("GET /api/v1/emergency-stats", {{"/api/v1/emergency-stats?region={community}", "", true},
                                          {"/api/v1/emergency-stats?region={town}", "", true},
                                          {"/api/v1/emergency-stats?region={grid}", ""}});
  for (const char* ledger : {"emergency-supplies", "emergency-activities"}) {
    std::string path = std::string("/api/v1/exports/") + ledger;
    t.probe("GET " + path, {{path + "?region={community}", "", true}, {path, "", true}});
  }
}

}  // namespace wangge::testing
