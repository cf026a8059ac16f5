// The scope matrix's rows for the teams module's routes (scope_probes.h): every route tried
// against the foreign places' team entry ({roster_entry}, its account {team_account}), care
// assignment ({care_assignment}) and call ({team_call}), their nodes and households, and
// the demo grid's entry ({home_roster_entry}) paired with a foreign household.
#include "integration/scope_probes.h"

namespace wangge::testing {

void add_teams_probes(const ScopeTable& t) {
  // The roster.
  t.probe("POST /api/v1/team-members",
          {{"/api/v1/team-members", R"({"region_code":"{grid}","post":"volunteer","name":"x"})"},
           {"/api/v1/team-members", R"({"region_code":"{community}","post":"volunteer","name":"x"})"},
           {"/api/v1/team-members",
            R"({"region_code":"{home_grid}","post":"volunteer","name":"x","username":"{team_account}"})"},
           {"/api/v1/team-members",
            R"({"region_code":"{home_grid}","post":"volunteer","name":"x","person_id":{person}})"}});
  t.probe("GET /api/v1/team-members", {{"/api/v1/team-members", "", true},
                                       {"/api/v1/team-members?active=all", "", true},
                                       {"/api/v1/team-members?region={grid}", "", true},
                                       {"/api/v1/team-members?region={community}", "", true}});
  t.probe("GET /api/v1/team-members/{id}", {{"/api/v1/team-members/{roster_entry}", ""}});
  t.probe("PATCH /api/v1/team-members/{id}",
          {{"/api/v1/team-members/{roster_entry}", R"({"version":1,"responsibility":"x"})"},
           {"/api/v1/team-members/{home_roster_entry}", R"({"version":1,"person_id":{person}})"}});
  t.probe("POST /api/v1/team-members/{id}/end", {{"/api/v1/team-members/{roster_entry}/end", R"({"reason":"x"})"}});
  t.probe("POST /api/v1/team-members/{id}/phone", {{"/api/v1/team-members/{roster_entry}/phone", ""}});
  // What residents see.
  t.probe("GET /api/v1/me/grid-team", {{"/api/v1/me/grid-team", "", true}});
  t.probe("GET /api/v1/regions/{code}/team-board",
          {{"/api/v1/regions/{grid}/team-board", ""}, {"/api/v1/regions/{community}/team-board", "", true}});
  // Calls.
  t.none("POST /api/v1/grid-team/calls", "calls the caller's own grid team: no record or node is named");
  t.probe("GET /api/v1/grid-team/calls", {{"/api/v1/grid-team/calls", "", true},
                                          {"/api/v1/grid-team/calls?status=open", "", true},
                                          {"/api/v1/grid-team/calls?region={grid}", "", true},
                                          {"/api/v1/grid-team/calls?region={community}", "", true}});
  t.probe("POST /api/v1/grid-team/calls/{id}/answer",
          {{"/api/v1/grid-team/calls/{team_call}/answer", R"({"note":"x"})"}});
  t.probe("POST /api/v1/grid-team/calls/{id}/close", {{"/api/v1/grid-team/calls/{team_call}/close", "{}"}});
  // Households in care.
  t.probe("GET /api/v1/care-settings/{code}", {{"/api/v1/care-settings/{community}", ""}});
  t.probe("PUT /api/v1/care-settings/{code}", {{"/api/v1/care-settings/{community}", R"({"key_days":5})"}});
  t.probe("POST /api/v1/care-assignments",
          {{"/api/v1/care-assignments", R"({"household_id":{household},"member_id":{roster_entry}})"},
           {"/api/v1/care-assignments", R"({"household_id":{household},"member_id":{home_roster_entry}})"},
           {"/api/v1/care-assignments", R"({"household_id":{home_household},"member_id":{roster_entry}})"}});
  t.probe("GET /api/v1/care-assignments", {{"/api/v1/care-assignments", "", true},
                                           {"/api/v1/care-assignments?status=all", "", true},
                                           {"/api/v1/care-assignments?member_id={roster_entry}", "", true},
                                           {"/api/v1/care-assignments?region={grid}", "", true}});
  t.probe("POST /api/v1/care-assignments/{id}/end",
          {{"/api/v1/care-assignments/{care_assignment}/end", R"({"reason":"x"})"}});
  t.probe("POST /api/v1/care-assignments/{id}/visits",
          {{"/api/v1/care-assignments/{care_assignment}/visits", R"({"findings":"x"})"}});
  t.probe("GET /api/v1/care-assignments/{id}/visits", {{"/api/v1/care-assignments/{care_assignment}/visits", ""}});
  t.probe("GET /api/v1/care/worklist",
          {{"/api/v1/care/worklist", "", true}, {"/api/v1/care/worklist?member={roster_entry}", ""}});
  // Figures and ledgers.
  t.probe("GET /api/v1/care/coverage", {{"/api/v1/care/coverage", "", true},
                                        {"/api/v1/care/coverage?region={grid}", "", true},
                                        {"/api/v1/care/coverage?region={community}", "", true},
                                        {"/api/v1/care/coverage?region={town}", "", true}});
  t.probe("GET /api/v1/team-stats", {{"/api/v1/team-stats", "", true},
                                     {"/api/v1/team-stats?region={grid}", "", true},
                                     {"/api/v1/team-stats?region={community}", "", true}});
  t.probe("GET /api/v1/exports/care-coverage", {{"/api/v1/exports/care-coverage", "", true},
                                                {"/api/v1/exports/care-coverage?region={community}", "", true}});
  t.probe("GET /api/v1/exports/team-roster",
          {{"/api/v1/exports/team-roster", "", true}, {"/api/v1/exports/team-roster?region={community}", "", true}});
}

}  // namespace wangge::testing
