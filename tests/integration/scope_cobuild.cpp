// The scope matrix's rows for the cobuild module's routes (scope_probes.h): every route
// against a foreign place's unit, contact, resource, needs and projects, and the indirect
// paths: a foreign unit named as a resource's provider or a project's owner or partner, a
// foreign resource or project matched to a home need, a need raised from a foreign visit,
// order or wish, a home unit added to a foreign project.
#include "integration/scope_probes.h"

namespace wangge::testing {

void add_cobuild_probes(const ScopeTable& t) {
  // Units and contacts.
  t.probe("GET /api/v1/cobuild-units", {{"/api/v1/cobuild-units", "", true},
                                        {"/api/v1/cobuild-units?status=all", "", true},
                                        {"/api/v1/cobuild-units?view=mine", "", true},
                                        {"/api/v1/cobuild-units?q={marker}", "", true},
                                        {"/api/v1/cobuild-units?region={community}", "", true}});
  t.probe("POST /api/v1/cobuild-units",
          {{"/api/v1/cobuild-units", R"({"region_code":"{community}","name":"zxw","kind":"other"})"},
           {"/api/v1/cobuild-units", R"({"region_code":"{town}","name":"zxw","kind":"other"})"}});
  t.probe("GET /api/v1/cobuild-units/{id}",
          {{"/api/v1/cobuild-units/{cobuild_unit}", ""}, {"/api/v1/cobuild-units/{cobuild_unit}?all=true", ""}});
  t.probe("PATCH /api/v1/cobuild-units/{id}",
          {{"/api/v1/cobuild-units/{cobuild_unit}", R"({"version":1,"name":"x"})"}});
  t.probe("POST /api/v1/cobuild-units/{id}/leave",
          {{"/api/v1/cobuild-units/{cobuild_unit}/leave", R"({"version":1,"reason":"x"})"}});
  t.probe("POST /api/v1/cobuild-units/{id}/contacts",
          {{"/api/v1/cobuild-units/{cobuild_unit}/contacts", R"({"name":"x","phone":"13800138000"})"}});
  t.probe("POST /api/v1/cobuild-contacts/{id}/remove",
          {{"/api/v1/cobuild-contacts/{cobuild_contact}/remove", R"({"reason":"x"})"}});
  t.probe("POST /api/v1/cobuild-contacts/{id}/unmask",
          {{"/api/v1/cobuild-contacts/{cobuild_contact}/unmask", R"({"reason":"scope matrix"})"}});
  // Resources.
  t.probe("GET /api/v1/cobuild-resources", {{"/api/v1/cobuild-resources", "", true},
                                            {"/api/v1/cobuild-resources?unit_id={cobuild_unit}", "", true},
                                            {"/api/v1/cobuild-resources?q={marker}", "", true},
                                            {"/api/v1/cobuild-resources?region={grid}", "", true}});
  t.probe("POST /api/v1/cobuild-resources",
          {{"/api/v1/cobuild-resources", R"({"region_code":"{grid}","provider_name":"x","kind":"room","title":"x"})"},
           {"/api/v1/cobuild-resources", R"({"unit_id":{cobuild_unit},"kind":"room","title":"x"})"},
           {"/api/v1/cobuild-resources",
            R"({"unit_id":{cobuild_unit},"region_code":"{home_grid}","kind":"room","title":"x"})"}});
  t.probe("GET /api/v1/cobuild-resources/{id}", {{"/api/v1/cobuild-resources/{cobuild_resource}", ""}});
  t.probe("PATCH /api/v1/cobuild-resources/{id}",
          {{"/api/v1/cobuild-resources/{cobuild_resource}", R"({"version":1,"available":false})"}});
  // Needs.
  t.probe("GET /api/v1/cobuild-needs", {{"/api/v1/cobuild-needs", "", true},
                                        {"/api/v1/cobuild-needs?status=matched", "", true},
                                        {"/api/v1/cobuild-needs?region={grid}", "", true}});
  t.probe("POST /api/v1/cobuild-needs",
          {{"/api/v1/cobuild-needs", R"({"region_code":"{grid}","title":"x"})"},
           {"/api/v1/cobuild-needs", R"({"source":"visit","source_id":{visit}})"},
           {"/api/v1/cobuild-needs", R"({"source":"visit","source_id":{visit},"region_code":"{community}"})"},
           {"/api/v1/cobuild-needs", R"({"source":"order","source_id":{order}})"},
           {"/api/v1/cobuild-needs", R"({"source":"wish","source_id":{wish}})"}});
  t.probe("GET /api/v1/cobuild-needs/{id}",
          {{"/api/v1/cobuild-needs/{cobuild_need}", ""}, {"/api/v1/cobuild-needs/{cobuild_need_matched}", ""}});
  t.probe("POST /api/v1/cobuild-needs/{id}/match",
          {{"/api/v1/cobuild-needs/{cobuild_need}/match", R"({"version":1,"resource_id":{cobuild_resource}})"},
           {"/api/v1/cobuild-needs/{home_cobuild_need}/match", R"({"version":1,"resource_id":{cobuild_resource}})"},
           {"/api/v1/cobuild-needs/{home_cobuild_need}/match", R"({"version":1,"project_id":{cobuild_project}})"}});
  t.probe("POST /api/v1/cobuild-needs/{id}/meet",
          {{"/api/v1/cobuild-needs/{cobuild_need_matched}/meet", R"({"version":2,"note":"x"})"}});
  t.probe("POST /api/v1/cobuild-needs/{id}/close",
          {{"/api/v1/cobuild-needs/{cobuild_need}/close", R"({"version":1,"reason":"x"})"},
           {"/api/v1/cobuild-needs/{cobuild_need_matched}/close", R"({"version":2,"reason":"x"})"}});
  // Projects.
  t.probe("GET /api/v1/cobuild-projects", {{"/api/v1/cobuild-projects", "", true},
                                           {"/api/v1/cobuild-projects?status=in_progress", "", true},
                                           {"/api/v1/cobuild-projects?unit_id={cobuild_unit}", "", true},
                                           {"/api/v1/cobuild-projects?region={grid}", "", true}});
  t.probe("POST /api/v1/cobuild-projects",
          {{"/api/v1/cobuild-projects", R"({"region_code":"{grid}","title":"x"})"},
           {"/api/v1/cobuild-projects", R"({"region_code":"{home_grid}","title":"x","owner_unit_id":{cobuild_unit}})"},
           {"/api/v1/cobuild-projects",
            R"({"region_code":"{home_grid}","title":"x","units":[{"unit_id":{cobuild_unit},"role":"partner"}]})"}});
  t.probe("GET /api/v1/cobuild-projects/{id}", {{"/api/v1/cobuild-projects/{cobuild_project}", ""}});
  t.probe("PATCH /api/v1/cobuild-projects/{id}",
          {{"/api/v1/cobuild-projects/{cobuild_project}", R"({"version":2,"title":"x"})"},
           {"/api/v1/cobuild-projects/{home_cobuild_project}", R"({"version":1,"owner_unit_id":{cobuild_unit}})"}});
  t.probe("POST /api/v1/cobuild-projects/{id}/units",
          {{"/api/v1/cobuild-projects/{cobuild_project}/units", R"({"unit_id":{home_cobuild_unit}})"},
           {"/api/v1/cobuild-projects/{home_cobuild_project}/units", R"({"unit_id":{cobuild_unit}})"}});
  t.probe("POST /api/v1/cobuild-projects/{id}/updates",
          {{"/api/v1/cobuild-projects/{cobuild_project}/updates", R"({"progress":50,"note":"x"})"}});
  t.probe("POST /api/v1/cobuild-projects/{id}/start",
          {{"/api/v1/cobuild-projects/{cobuild_project_planned}/start", R"({"version":1})"}});
  t.probe("POST /api/v1/cobuild-projects/{id}/finish",
          {{"/api/v1/cobuild-projects/{cobuild_project}/finish", R"({"version":2})"}});
  t.probe("POST /api/v1/cobuild-projects/{id}/cancel",
          {{"/api/v1/cobuild-projects/{cobuild_project}/cancel", R"({"version":2,"reason":"x"})"},
           {"/api/v1/cobuild-projects/{cobuild_project_planned}/cancel", R"({"version":1,"reason":"x"})"}});
  // Figures and ledgers.
  t.probe("GET /api/v1/cobuild-stats", {{"/api/v1/cobuild-stats", "", true},
                                        {"/api/v1/cobuild-stats?region={community}", "", true},
                                        {"/api/v1/cobuild-stats?region={town}", "", true}});
  for (const char* ledger : {"units", "needs", "projects"}) {
    std::string path = std::string("/api/v1/exports/cobuild-") + ledger;
    t.probe("GET " + path, {{path, "", true}, {path + "?region={community}", "", true}});
  }
}

}  // namespace wangge::testing
