// The scope matrix's rows for the party module's routes (scope_probes.h): the foreign
// place's organisations, members, pledges and figures, read, changed or named in a body
// (a foreign parent, person, building or target organisation beside a home record).
#include "integration/scope_probes.h"

namespace wangge::testing {

void add_party_probes(const ScopeTable& t) {
  // Organisations.
  t.probe(
      "POST /api/v1/party-orgs",
      {{"/api/v1/party-orgs", R"({"region_code":"{grid}","level":"branch","name":"x","parent_id":{party_top}})"},
       {"/api/v1/party-orgs",
        R"({"region_code":"{home_grid}","level":"group","name":"x{marker}","parent_id":{party_org}})"},
       {"/api/v1/party-orgs",
        R"({"region_code":"{home_grid}","level":"group","name":"y{marker}","parent_id":{home_party_branch},"building_id":{building}})"}});
  t.probe("GET /api/v1/party-orgs", {{"/api/v1/party-orgs", "", true},
                                     {"/api/v1/party-orgs?region={grid}", ""},
                                     {"/api/v1/party-orgs?status=all&q={marker}", "", true},
                                     {"/api/v1/party-orgs?parent_id={party_top}", "", true}});
  t.probe("GET /api/v1/party-orgs/{id}", {{"/api/v1/party-orgs/{party_org}", ""},
                                          {"/api/v1/party-orgs/{party_group}", ""},
                                          {"/api/v1/party-orgs/{party_top}", ""}});
  t.probe("PATCH /api/v1/party-orgs/{id}",
          {{"/api/v1/party-orgs/{party_org}", R"({"version":1,"name":"x"})"},
           {"/api/v1/party-orgs/{party_group}", R"({"version":1,"building_id":null})"}});
  t.probe("POST /api/v1/party-orgs/{id}/dissolve",
          {{"/api/v1/party-orgs/{party_group}/dissolve", R"({"version":1,"reason":"x"})"}});
  t.probe("GET /api/v1/party-tree", {{"/api/v1/party-tree", "", true},
                                     {"/api/v1/party-tree?region={grid}", ""},
                                     {"/api/v1/party-tree?region={community}&all=true", "", true}});
  // Members.
  t.probe("POST /api/v1/party-orgs/{id}/members",
          {{"/api/v1/party-orgs/{party_org}/members",
            R"({"kind":"in_service","name":"x","phone":"13800138000","home_unit":"y"})"},
           {"/api/v1/party-orgs/{home_party_org}/members", R"({"person_id":{person}})"},
           {"/api/v1/party-orgs/{home_party_branch}/members",
            R"({"kind":"in_service","person_id":{person},"home_unit":"y"})"}});
  t.probe("GET /api/v1/party-members", {{"/api/v1/party-members", "", true},
                                        {"/api/v1/party-members?region={grid}", ""},
                                        {"/api/v1/party-members?active=all&q={marker}", "", true},
                                        {"/api/v1/party-members?org_id={party_org}", "", true}});
  t.probe("GET /api/v1/party-members/{id}",
          {{"/api/v1/party-members/{party_member}", ""}, {"/api/v1/party-members/{party_reporter}", ""}});
  t.probe("PATCH /api/v1/party-members/{id}",
          {{"/api/v1/party-members/{party_member}", R"({"version":1,"home_unit":"x"})"},
           {"/api/v1/party-members/{party_reporter}", R"({"version":1,"username":"partymember"})"}});
  t.probe("POST /api/v1/party-members/{id}/leave",
          {{"/api/v1/party-members/{party_member}/leave", R"({"version":1,"reason":"other"})"}});
  t.probe("POST /api/v1/party-members/{id}/transfer",
          {{"/api/v1/party-members/{party_member}/transfer", R"({"version":1,"org_id":{home_party_org}})"},
           {"/api/v1/party-members/{home_party_member}/transfer", R"({"version":1,"org_id":{party_org}})"}});
  t.probe("POST /api/v1/party-members/{id}/unmask",
          {{"/api/v1/party-members/{party_reporter}/unmask", R"({"reason":"scope matrix"})"}});
  t.probe("GET /api/v1/my/party", {{"/api/v1/my/party", "", true}});
  // Pledges.
  t.probe("POST /api/v1/party-members/{id}/pledges",
          {{"/api/v1/party-members/{party_member}/pledges", R"({"kind":"service","content":"x"})"}});
  t.probe("GET /api/v1/party-pledges", {{"/api/v1/party-pledges", "", true},
                                        {"/api/v1/party-pledges?region={grid}", ""},
                                        {"/api/v1/party-pledges?member_id={party_member}", "", true}});
  for (const char* a : {"fulfil", "withdraw"})
    t.probe(std::string("POST /api/v1/party-pledges/{id}/") + a,
            {{std::string("/api/v1/party-pledges/{party_pledge}/") + a, R"({"version":1,"note":"x"})"}});
  // Figures and the ledger.
  t.probe("GET /api/v1/party-stats", {{"/api/v1/party-stats?region={community}", "", true},
                                      {"/api/v1/party-stats?region={town}", "", true},
                                      {"/api/v1/party-stats?region={grid}", ""}});
  t.probe("GET /api/v1/exports/party-members", {{"/api/v1/exports/party-members?region={community}", "", true},
                                                {"/api/v1/exports/party-members?all=true", "", true}});
}

}  // namespace wangge::testing
