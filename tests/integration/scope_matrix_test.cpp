// The scope matrix: every route of the OpenAPI document, as each narrow demo role, against
// the records of a sibling grid, another community and another town (tests/integration/
// world.h), through the indirect paths too: a body or a query that names a foreign record
// (linking a photo, a party, a member, a landlord), an import row that matches one by ID
// number or credit code, a move, an export, the live stream. Any 2xx that reads or changes a
// foreign record fails; a list that answers 2xx must not carry a foreign record's marker.
// A route the table below does not classify fails too, so a new route is walked from the
// day it is added.
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "integration/scope_probes.h"
#include "integration/world.h"
#include "integration/xlsx_reader.h"

namespace wangge::testing {
namespace {

namespace json = boost::json;

// Placeholders: {grid} {person} {household} {building} {business} {visit} {event} {dispute}
// {photo} {visit_photo} {user} {import} {tag_id} {tracking} {department} {notification}
// {id_number} {licence} {event_version} {person_version} {household_version}
// {dispute_version} {home_household} {home_event} {home_event_version} {town} {community}
// {order} {order_version} {item} {admission_item} {admission} {admission_version}.
std::string fill(std::string s, const std::map<std::string, std::string>& values) {
  for (const auto& [k, v] : values) {
    std::string key = "{" + k + "}";
    for (auto pos = s.find(key); pos != std::string::npos; pos = s.find(key, pos + v.size()))
      s.replace(pos, key.size(), v);
  }
  return s;
}

// Every route of the OpenAPI document, by "METHOD /pattern": the probes, or none with the
// reason the route reaches no territorial record.
struct Entry {
  std::vector<Probe> probes;
  std::string none;  // why nothing is probed
};

const std::map<std::string, Entry>& table() {
  static const std::map<std::string, Entry> kTable = [] {
    std::map<std::string, Entry> t;
    auto none = [&](const std::string& route, const std::string& why) { t[route] = Entry{{}, why}; };
    auto probe = [&](const std::string& route, std::vector<Probe> probes) { t[route] = Entry{std::move(probes), ""}; };
    // No territorial record behind these.
    for (const char* r : {"GET /healthz", "GET /readyz", "GET /metrics", "GET /api/openapi.json", "GET /api/v1/meta"})
      none(r, "system");
    for (const char* r :
         {"POST /api/v1/auth/login", "POST /api/v1/auth/logout", "GET /api/v1/auth/me", "POST /api/v1/auth/password"})
      none(r, "the caller's own session");
    for (const char* r : {"GET /api/v1/roles", "GET /api/v1/calendar/add-working-days", "GET /api/v1/event-categories",
                          "GET /api/v1/event-lifecycle", "GET /api/v1/person-tags"})
      none(r, "catalogues shared by everyone");
    // The caller's own things.
    probe("GET /api/v1/notifications", {{"/api/v1/notifications", "", true}});
    probe("POST /api/v1/notifications/{id}/read", {{"/api/v1/notifications/{notification}/read", "{}"}});
    none("POST /api/v1/notifications/read-all", "marks the caller's own inbox only");
    none("GET /api/v1/stream", "walked by LiveStreamCarriesNoForeignEvent");
    none("GET /api/v1/my/work", "counts only, no record; MyWorkTest checks a sibling grid's events are not counted");
    // Accounts and the territory tree: administrators; regions read within scope.
    probe("GET /api/v1/users", {{"/api/v1/users", "", true}});
    probe("POST /api/v1/users",
          {{"/api/v1/users", R"({"username":"zxw_new","display_name":"x","password":"Zxw#New2026"})"}});
    probe("GET /api/v1/users/{id}", {{"/api/v1/users/{user}", ""}});
    probe("PATCH /api/v1/users/{id}", {{"/api/v1/users/{user}", R"({"display_name":"x"})"}});
    probe("POST /api/v1/users/{id}/password", {{"/api/v1/users/{user}/password", R"({"password":"Zxw#Reset2026"})"}});
    probe("DELETE /api/v1/users/{id}/sessions", {{"/api/v1/users/{user}/sessions", ""}});
    probe("POST /api/v1/users/{id}/grants",
          {{"/api/v1/users/{user}/grants", R"({"role":"grid_worker","region_code":"{grid}"})"}});
    probe("DELETE /api/v1/users/{id}/grants/{grant_id}", {{"/api/v1/users/{user}/grants/1", ""}});
    probe("GET /api/v1/regions", {{"/api/v1/regions", "", true}});
    probe("POST /api/v1/regions",
          {{"/api/v1/regions", R"({"code":"{grid}009","name":"x","level":"unit","parent_code":"{grid}"})"}});
    probe("GET /api/v1/regions/{code}", {{"/api/v1/regions/{grid}", ""}});
    probe("PATCH /api/v1/regions/{code}", {{"/api/v1/regions/{grid}", R"({"name":"x"})"}});
    probe("DELETE /api/v1/regions/{code}", {{"/api/v1/regions/{grid}", ""}});
    probe("GET /api/v1/regions/{code}/children", {{"/api/v1/regions/{grid}/children", ""}});
    probe("GET /api/v1/regions/{code}/geojson", {{"/api/v1/regions/{grid}/geojson", ""}});
    probe("GET /api/v1/regions/{code}/coverage", {{"/api/v1/regions/{grid}/coverage", ""}});
    probe("POST /api/v1/regions/{code}/move", {{"/api/v1/regions/{grid}/move", R"({"parent_code":"440404104001"})"}});
    none("GET /api/v1/locate", "which grid holds a point: the territory map is public to every account");
    none("GET /api/v1/map/nearby",
         "outlines and names of grids, communities and buildings near a point: public to every account, nothing "
         "about people (MapTest.BuildingsNearbyByNameOnly)");
    probe("GET /api/v1/audit", {{"/api/v1/audit?target=event:{event}", ""}});
    probe("PUT /api/v1/event-categories/{code}",
          {{"/api/v1/event-categories/0301", R"({"name_zh":"x","name_en":"x"})"}});
    // Departments.
    probe("GET /api/v1/departments", {{"/api/v1/departments?region={grid}", ""}, {"/api/v1/departments", "", true}});
    probe("POST /api/v1/departments",
          {{"/api/v1/departments", R"({"region_code":"440404998","kind":"water","name":"x"})"}});
    probe("PATCH /api/v1/departments/{id}", {{"/api/v1/departments/{department}", R"({"name":"x","version":1})"}});
    probe("PUT /api/v1/departments/{id}/members", {{"/api/v1/departments/{department}/members", R"({"user_ids":[]})"}});
    // Events.
    probe("POST /api/v1/events",
          {// a photo of the other place's, however valid the rest
           {"/api/v1/events",
            R"({"category":"0301","description":"x","grid_code":"{home_grid}","address":"x","photos":["{photo}"]})"},
           // staff intake in a grid outside the caller's territory
           {"/api/v1/events",
            R"({"source":"patrol","category":"0301","description":"x","grid_code":"{grid}","address":"x"})"}});
    // A place outside the caller's territory still holds their own reports and their
    // department's tasks: the filter narrows what they may see, so a 2xx without a foreign
    // record is right.
    probe("GET /api/v1/events", {{"/api/v1/events", "", true},
                                 {"/api/v1/events?region={grid}", "", true},
                                 {"/api/v1/events?q={marker}", "", true}});
    probe("GET /api/v1/events/{id}", {{"/api/v1/events/{event}", ""}});
    probe("GET /api/v1/events/{id}/duplicates", {{"/api/v1/events/{event}/duplicates", ""}});
    probe("GET /api/v1/events/stats", {{"/api/v1/events/stats?region={grid}", ""}});
    // Figures: the cockpit of a foreign node, its events' ledger, its spike warnings.
    probe("GET /api/v1/cockpit", {{"/api/v1/cockpit?region={grid}", ""}, {"/api/v1/cockpit?region={community}", ""}});
    probe("GET /api/v1/exports/events", {{"/api/v1/exports/events?region={grid}", ""}});
    probe("GET /api/v1/events/spikes",
          {{"/api/v1/events/spikes?region={grid}", ""}, {"/api/v1/events/spikes", "", true}});
    none("POST /api/v1/events/spikes/{id}/acknowledge",
         "no spike in the world; SpikesTest checks that another community's leader gets 403");
    none("POST /api/v1/events/spikes/scan", "administrators only; names no record");
    probe("GET /api/v1/events/{id}/suggest", {{"/api/v1/events/{event}/suggest", ""}});
    probe("POST /api/v1/events/suggest",
          {{"/api/v1/events/suggest", R"({"description":"楼下垃圾没人清","grid_code":"{grid}"})", true}});
    none("POST /api/v1/events/similar",
         "a point's open reports: category, status and distance only; the ids of those the caller may read "
         "(DuplicatesTest)");
    // Grid first: a community's setting (no personal data: read along the line), its change,
    // the figures of a foreign node.
    probe("GET /api/v1/grid-first/{code}", {{"/api/v1/grid-first/{community}", ""}});
    probe("PUT /api/v1/grid-first/{code}", {{"/api/v1/grid-first/{community}", R"({"enabled":false})"}});
    probe("GET /api/v1/grid-first-stats",
          {{"/api/v1/grid-first-stats?region={grid}", ""}, {"/api/v1/grid-first-stats?region={community}", "", true}});
    probe("POST /api/v1/events/{id}/merge",
          {{"/api/v1/events/{event}/merge", R"({"version":{event_version},"target_id":{home_event}})"},
           {"/api/v1/events/{home_event}/merge", R"({"version":{home_event_version},"target_id":{event}})"}});
    probe("POST /api/v1/events/{id}/dispatch",
          {{"/api/v1/events/{event}/dispatch", R"({"version":{event_version},"department_id":{department}})"}});
    probe("POST /api/v1/events/{id}/whistle",
          {{"/api/v1/events/{event}/whistle", R"({"version":{event_version},"department_ids":[{department}]})"}});
    none("POST /api/v1/public/events",
         "an anonymous report names no record (no photos, no ids): anyone may report anywhere");
    for (const char* action : {"", "/rate", "/pass", "/rework", "/withdraw", "/reopen", "/comment"})
      none(std::string(*action ? "POST" : "GET") + " /api/v1/public/events/{tracking_code}" + action,
           "the tracking code is the reporter's proof: whoever holds it acts as the reporter");
    // Attachments.
    none("POST /api/v1/attachments", "an upload names no record");
    probe("GET /api/v1/attachments/{hash}",
          {{"/api/v1/attachments/{photo}", ""}, {"/api/v1/attachments/{visit_photo}", ""}});
    // The registry.
    probe("GET /api/v1/persons", {{"/api/v1/persons", "", true},
                                  {"/api/v1/persons?region={grid}", ""},
                                  {"/api/v1/persons?q={id_number}", "", true},
                                  {"/api/v1/persons?household_id={household}", "", true}});
    probe("POST /api/v1/persons",
          {{"/api/v1/persons", R"({"name":"x","gender":"female","birth_date":"1980-01-01","region_code":"{grid}"})"},
           {"/api/v1/persons",
            R"({"name":"x","gender":"female","birth_date":"1980-01-01","household_id":{household}})"}});
    probe("GET /api/v1/persons/{id}", {{"/api/v1/persons/{person}", ""}});
    probe("PATCH /api/v1/persons/{id}", {{"/api/v1/persons/{person}", R"({"note":"x","version":{person_version}})"}});
    probe("POST /api/v1/persons/{id}/unmask", {{"/api/v1/persons/{person}/unmask", R"({"reason":"scope matrix"})"}});
    probe("POST /api/v1/persons/{id}/tags", {{"/api/v1/persons/{person}/tags", R"({"tag":"veteran"})"}});
    probe("POST /api/v1/persons/{id}/tags/{tag_id}/end", {{"/api/v1/persons/{person}/tags/{tag_id}/end", "{}"}});
    probe("GET /api/v1/households", {{"/api/v1/households", "", true},
                                     {"/api/v1/households?region={grid}", ""},
                                     {"/api/v1/households?building_id={building}", "", true},
                                     {"/api/v1/households?q={marker}", "", true}});
    probe("POST /api/v1/households",
          {{"/api/v1/households", R"({"region_code":"{grid}","address":"x","housing_type":"owned"})"},
           {"/api/v1/households",
            R"({"region_code":"{home_grid}","address":"zxw 1","housing_type":"owned","building_id":{building}})"},
           {"/api/v1/households",
            R"({"region_code":"{home_grid}","address":"zxw 2","housing_type":"rented","landlord_id":{person}})"}});
    probe("GET /api/v1/households/{id}", {{"/api/v1/households/{household}", ""}});
    probe("PATCH /api/v1/households/{id}",
          {{"/api/v1/households/{household}", R"({"room":"1","version":{household_version}})"},
           {"/api/v1/households/{home_household}", R"({"head_id":{person},"version":{home_household_version}})"}});
    probe("POST /api/v1/households/{id}/members",
          {{"/api/v1/households/{household}/members", R"({"person_id":{person},"relation":"other"})"},
           {"/api/v1/households/{home_household}/members", R"({"person_id":{person},"relation":"other"})"}});
    probe("POST /api/v1/households/{id}/members/{person_id}/move-out",
          {{"/api/v1/households/{household}/members/{person}/move-out", R"({"reason":"moved"})"}});
    probe("GET /api/v1/buildings", {{"/api/v1/buildings", "", true}, {"/api/v1/buildings?region={grid}", ""}});
    probe("POST /api/v1/buildings", {{"/api/v1/buildings", R"({"region_code":"{grid}","name":"x"})"}});
    probe("GET /api/v1/businesses", {{"/api/v1/businesses", "", true}, {"/api/v1/businesses?region={grid}", ""}});
    probe("POST /api/v1/businesses",
          {{"/api/v1/businesses", R"({"name":"x","region_code":"{grid}"})"},
           {"/api/v1/businesses", R"({"name":"zxw b1","region_code":"{home_grid}","owner_id":{person}})"},
           {"/api/v1/businesses", R"({"name":"zxw b2","region_code":"{home_grid}","building_id":{building}})"},
           {"/api/v1/businesses", R"({"name":"zxw b3","region_code":"{home_grid}","licence_no":"{licence}"})"}});
    probe("GET /api/v1/visits", {{"/api/v1/visits", "", true},
                                 {"/api/v1/visits?region={grid}", ""},
                                 {"/api/v1/visits?household_id={household}", "", true}});
    probe("POST /api/v1/visits",
          {{"/api/v1/visits", R"({"household_id":{household},"findings":"x"})"},
           {"/api/v1/visits", R"({"household_id":{home_household},"findings":"x","photos":["{visit_photo}"]})"}});
    probe("POST /api/v1/visits/{id}/complete",
          {{"/api/v1/visits/{visit}/complete", R"({"findings":"x","version":1})"}});
    probe("POST /api/v1/visits/{id}/cancel", {{"/api/v1/visits/{visit}/cancel", R"({"version":1})"}});
    probe("GET /api/v1/visits/worklist",
          {{"/api/v1/visits/worklist?region={grid}", ""}, {"/api/v1/visits/worklist", "", true}});
    probe("GET /api/v1/visits/coverage", {{"/api/v1/visits/coverage?region={grid}", ""}});
    none("POST /api/v1/registry/imports", "walked by ImportsCannotReachForeignRecords (the rows name the records)");
    probe("GET /api/v1/registry/imports", {{"/api/v1/registry/imports", "", true}});
    // A template holds a place of the caller's own territory, never a foreign record.
    probe("GET /api/v1/registry/imports/template",
          {{"/api/v1/registry/imports/template?kind=persons", "", true},
           {"/api/v1/registry/imports/template?kind=businesses&format=csv", "", true}});
    probe("GET /api/v1/registry/imports/{id}", {{"/api/v1/registry/imports/{import}", ""}});
    probe("GET /api/v1/registry/imports/{id}/errors.csv", {{"/api/v1/registry/imports/{import}/errors.csv", ""}});
    for (const char* ledger : {"persons", "households", "buildings", "businesses", "visits", "disputes"}) {
      std::string path = std::string("/api/v1/exports/") + ledger;
      probe("GET " + path, {{path + "?node={grid}", ""}, {path, "", true}});
    }
    // Disputes.
    probe("GET /api/v1/disputes", {{"/api/v1/disputes", "", true},
                                   {"/api/v1/disputes?region={grid}", ""},
                                   {"/api/v1/disputes?person_id={person}", "", true}});
    probe(
        "POST /api/v1/disputes",
        {{"/api/v1/disputes",
          R"({"region_code":"{grid}","type":"family","title":"x","description":"x","risk":"low","source":"self","parties":[{"name":"x"}]})"},
         {"/api/v1/disputes",
          R"({"region_code":"{home_grid}","type":"family","title":"x","description":"x","risk":"low","source":"self","parties":[{"name":"x","person_id":{person}}]})"}});
    probe("GET /api/v1/disputes/{id}", {{"/api/v1/disputes/{dispute}", ""}});
    probe("PATCH /api/v1/disputes/{id}",
          {{"/api/v1/disputes/{dispute}", R"({"place":"x","version":{dispute_version}})"}});
    probe(
        "POST /api/v1/disputes/{id}/sessions",
        {{"/api/v1/disputes/{dispute}/sessions", R"({"record":"x","result":"continue","version":{dispute_version}})"}});
    probe("POST /api/v1/disputes/{id}/close",
          {{"/api/v1/disputes/{dispute}/close", R"({"outcome":"failed","detail":"x","version":{dispute_version}})"}});
    probe("POST /api/v1/disputes/{id}/followups",
          {{"/api/v1/disputes/{dispute}/followups", R"({"note":"x","stable":true})"}});
    probe("GET /api/v1/disputes/warnings", {{"/api/v1/disputes/warnings?region={grid}", ""}});
    probe("GET /api/v1/disputes/stats", {{"/api/v1/disputes/stats?region={grid}", ""}});
    // Open311 and its keys.
    // The service desk: a town's catalogue, a community's admissions, a place's orders.
    probe("GET /api/v1/service-items", {{"/api/v1/service-items?region={grid}", "", true},
                                        {"/api/v1/service-items", "", true},
                                        {"/api/v1/service-items?region={town}&q=ZXW", "", true}});
    probe("GET /api/v1/service-items/{id}", {{"/api/v1/service-items/{item}", ""}});
    probe("GET /api/v1/communities/{code}/service-items",
          {{"/api/v1/communities/{community}/service-items", "", true}});
    probe("POST /api/v1/service-items",
          {{"/api/v1/service-items",
            R"({"region_code":"{town}","level":"town","kind":"duty","name":"zxw","time_limit_days":1})"}});
    probe("PATCH /api/v1/service-items/{id}", {{"/api/v1/service-items/{item}", R"({"name":"zxw","version":1})"}});
    probe("GET /api/v1/service-admissions",
          {{"/api/v1/service-admissions", "", true}, {"/api/v1/service-admissions?community={community}", "", true}});
    probe(
        "POST /api/v1/service-admissions",
        {{"/api/v1/service-admissions", R"({"item_id":{admission_item},"community_code":"{community}","basis":"x"})"}});
    for (const char* d : {"approve", "reject", "remove"})
      probe(std::string("POST /api/v1/service-admissions/{id}/") + d,
            {{std::string("/api/v1/service-admissions/{admission}/") + d,
              R"({"version":{admission_version},"note":"x"})"}});
    probe("POST /api/v1/service-admissions/{id}/ready",
          {{"/api/v1/service-admissions/{admission}/ready", R"({"version":{admission_version},"ready":true})"}});
    probe("POST /api/v1/service-orders", {{"/api/v1/service-orders", R"({"region_code":"{grid}","title":"x"})"},
                                          {"/api/v1/service-orders", R"({"region_code":"{grid}","item_id":{item}})"}});
    probe("GET /api/v1/service-orders", {{"/api/v1/service-orders", "", true},
                                         {"/api/v1/service-orders?region={grid}", "", true},
                                         {"/api/v1/service-orders?view=mine", "", true},
                                         {"/api/v1/service-orders?view=taker", "", true},
                                         {"/api/v1/service-orders?view=open", "", true}});
    probe("GET /api/v1/service-orders/{id}", {{"/api/v1/service-orders/{order}", ""}});
    probe("GET /api/v1/service-orders/{id}/takers", {{"/api/v1/service-orders/{order}/takers", ""}});
    for (const char* a : {"dispatch", "publish", "decline", "recall", "take", "accept", "return", "complete", "confirm",
                          "rework", "cancel", "remind"})
      probe(std::string("POST /api/v1/service-orders/{id}/") + a,
            {{std::string("/api/v1/service-orders/{order}/") + a,
              R"({"version":{order_version},"comment":"x","taker_id":{user},"rating":5})"}});
    // Window cases, the 办不成事 window, wishes, the desk's figures and ledgers.
    probe("GET /api/v1/service-cases", {{"/api/v1/service-cases", "", true},
                                        {"/api/v1/service-cases?region={community}", "", true},
                                        {"/api/v1/service-cases?mine=true", "", true}});
    probe("GET /api/v1/service-cases/{id}", {{"/api/v1/service-cases/{case}", ""}});
    probe("GET /api/v1/service-cases/coordinators", {{"/api/v1/service-cases/coordinators?region={town}", ""},
                                                     {"/api/v1/service-cases/coordinators?region={community}", ""}});
    probe(
        "POST /api/v1/service-cases",
        {{"/api/v1/service-cases",
          R"({"region_code":"{community}","desk":"hard","applicant_name":"x","summary":"x","grid_code":"{grid}","address":"x"})"},
         {"/api/v1/service-cases", R"({"region_code":"{town}","item_id":{item},"applicant_name":"x"})"}});
    for (const char* a : {"complete", "refuse", "summon", "solve", "rate"})
      probe(std::string("POST /api/v1/service-cases/{id}/") + a,
            {{std::string("/api/v1/service-cases/{case}/") + a,
              R"({"version":{case_version},"comment":"x","rating":5,"department_ids":[1],"category_code":"0301"})"}});
    probe("POST /api/v1/wishes",
          {{"/api/v1/wishes", R"({"region_code":"{grid}","title":"x"})"},
           {"/api/v1/wishes", R"({"region_code":"{grid}","title":"x","channel":"visit","wisher_name":"y"})"}});
    probe("GET /api/v1/wishes", {{"/api/v1/wishes", "", true},
                                 {"/api/v1/wishes?view=wall", "", true},
                                 {"/api/v1/wishes?view=wall&region={community}", "", true},
                                 {"/api/v1/wishes?view=claimed", "", true},
                                 {"/api/v1/wishes?view=community&region={grid}", "", true}});
    probe("GET /api/v1/wishes/{id}", {{"/api/v1/wishes/{wish}", ""}});
    for (const char* a : {"publish", "decline", "claim", "release", "fulfil", "confirm", "withdraw"})
      probe(std::string("POST /api/v1/wishes/{id}/") + a,
            {{std::string("/api/v1/wishes/{wish}/") + a, R"({"version":{wish_version},"comment":"x"})"}});
    probe("GET /api/v1/service-stats",
          {{"/api/v1/service-stats?region={community}", "", true}, {"/api/v1/service-stats?region={town}", "", true}});
    for (const char* l : {"items", "cases", "orders", "wishes"})
      probe(std::string("GET /api/v1/exports/service-") + l,
            {{std::string("/api/v1/exports/service-") + l, "", true},
             {std::string("/api/v1/exports/service-") + l + "?node={community}", "", true}});
    // Volunteers: stations, teams, volunteers, activities on a foreign node.
    probe("GET /api/v1/volunteer-stations", {{"/api/v1/volunteer-stations", "", true}});
    probe("POST /api/v1/volunteer-stations",
          {{"/api/v1/volunteer-stations", R"({"region_code":"{grid}","name":"x"})"},
           {"/api/v1/volunteer-stations", R"({"region_code":"{community}","name":"x"})"}});
    probe("PATCH /api/v1/volunteer-stations/{id}",
          {{"/api/v1/volunteer-stations/{station}", R"({"name":"x","version":1})"}});
    probe("GET /api/v1/volunteer-teams",
          {{"/api/v1/volunteer-teams", "", true}, {"/api/v1/volunteer-teams?station_id={station}", "", true}});
    probe("GET /api/v1/volunteer-teams/{id}", {{"/api/v1/volunteer-teams/{team}", ""}});
    probe("POST /api/v1/volunteer-teams",
          {{"/api/v1/volunteer-teams", R"({"station_id":{station},"name":"x"})"},
           {"/api/v1/volunteer-teams", R"({"station_id":{home_station},"name":"x{marker}","leader_id":{volunteer}})"}});
    probe("PATCH /api/v1/volunteer-teams/{id}",
          {{"/api/v1/volunteer-teams/{team}", R"({"name":"x","version":1})"},
           {"/api/v1/volunteer-teams/{home_team}", R"({"leader_id":{volunteer},"version":1})"}});
    probe("POST /api/v1/volunteer-teams/{id}/members",
          {{"/api/v1/volunteer-teams/{team}/members", "{}"},
           {"/api/v1/volunteer-teams/{team}/members", R"({"volunteer_id":{volunteer}})"},
           {"/api/v1/volunteer-teams/{home_team}/members", R"({"volunteer_id":{volunteer}})"}});
    probe("POST /api/v1/volunteer-teams/{id}/members/{volunteer_id}/leave",
          {{"/api/v1/volunteer-teams/{team}/members/{volunteer}/leave", R"({"reason":"x"})"}});
    probe("GET /api/v1/volunteers", {{"/api/v1/volunteers", "", true}, {"/api/v1/volunteers?region={grid}", "", true}});
    probe("POST /api/v1/volunteers", {{"/api/v1/volunteers", R"({"person_id":{person}})"}});
    probe("PATCH /api/v1/volunteers/{id}", {{"/api/v1/volunteers/{volunteer}", R"({"skills":["x"],"version":1})"}});
    probe("GET /api/v1/volunteers/me", {{"/api/v1/volunteers/me", "", true}});
    probe("GET /api/v1/volunteer-activities", {{"/api/v1/volunteer-activities", "", true},
                                               {"/api/v1/volunteer-activities?view=mine", "", true},
                                               {"/api/v1/volunteer-activities?view=organised", "", true}});
    probe(
        "POST /api/v1/volunteer-activities",
        {{"/api/v1/volunteer-activities",
          R"({"station_id":{station},"title":"x","place":"x","lat":22,"lng":113,"starts_at":"2099-01-01T08:00:00Z","ends_at":"2099-01-01T10:00:00Z","capacity":3})"}});
    probe("GET /api/v1/volunteer-activities/{id}", {{"/api/v1/volunteer-activities/{activity}", ""}});
    for (const char* a : {"sign-up", "withdraw", "cancel", "certify"})
      probe(std::string("POST /api/v1/volunteer-activities/{id}/") + a,
            {{std::string("/api/v1/volunteer-activities/{activity}/") + a,
              std::string(a) == "cancel" ? R"({"reason":"x"})" : "{}"}});
    for (const char* a : {"check-in", "check-out"})
      probe(std::string("POST /api/v1/volunteer-activities/{id}/") + a,
            {{std::string("/api/v1/volunteer-activities/{activity}/") + a, R"({"code":"123456","lat":22,"lng":113})"}});
    probe("GET /api/v1/volunteer-activities/{id}/code", {{"/api/v1/volunteer-activities/{activity}/code", ""}});
    probe("GET /api/v1/volunteer-activities/{id}/signups", {{"/api/v1/volunteer-activities/{activity}/signups", ""}});
    probe("POST /api/v1/volunteer-signups/{id}/correct",
          {{"/api/v1/volunteer-signups/{signup}/correct", R"({"minutes":5,"reason":"xx"})"}});
    probe("GET /api/v1/volunteer-stats", {{"/api/v1/volunteer-stats?region={community}", "", true},
                                          {"/api/v1/volunteer-stats?region={town}", "", true}});
    probe("GET /api/v1/exports/volunteer-hours", {{"/api/v1/exports/volunteer-hours?region={community}", "", true},
                                                  {"/api/v1/exports/volunteer-hours", "", true}});
    // Points: a foreign list, holder, shop and redemption.
    probe("GET /api/v1/point-rules", {{"/api/v1/point-rules", "", true},
                                      {"/api/v1/point-rules?view=place&region={grid}", "", true},
                                      {"/api/v1/point-rules?view=manage", "", true}});
    probe("POST /api/v1/point-rules",
          {{"/api/v1/point-rules",
            R"({"region_code":"{grid}","earner_type":"resident","deed":"manual","name":"x","points":5})"}});
    probe("PATCH /api/v1/point-rules/{id}", {{"/api/v1/point-rules/{rule}", R"({"points":7,"version":1})"}});
    probe("GET /api/v1/points/me", {{"/api/v1/points/me", "", true}});
    probe("GET /api/v1/point-holders",
          {{"/api/v1/point-holders", "", true}, {"/api/v1/point-holders?region={grid}", "", true}});
    probe("GET /api/v1/point-holders/{id}", {{"/api/v1/point-holders/{holder}", ""}});
    probe("GET /api/v1/point-holders/{id}/entries", {{"/api/v1/point-holders/{holder}/entries", ""}});
    probe("POST /api/v1/point-awards",
          {{"/api/v1/point-awards", R"({"holder_kind":"person","ref_id":{person},"rule_id":{rule}})"},
           {"/api/v1/point-awards", R"({"holder_kind":"household","ref_id":{household},"rule_id":{rule}})"}});
    probe("POST /api/v1/point-corrections",
          {{"/api/v1/point-corrections", R"({"holder_id":{holder},"points":5,"reason":"xx"})"}});
    probe("GET /api/v1/points/check",
          {{"/api/v1/points/check?region={community}", "", true}, {"/api/v1/points/check", "", true}});
    probe("GET /api/v1/point-rankings", {{"/api/v1/point-rankings?region={grid}", "", true},
                                         {"/api/v1/point-rankings?region={community}&period=all", "", true},
                                         {"/api/v1/point-rankings?period=all", "", true}});
    probe("GET /api/v1/point-rewards", {{"/api/v1/point-rewards", "", true},
                                        {"/api/v1/point-rewards?view=shop&region={community}", "", true},
                                        {"/api/v1/point-rewards?view=manage", "", true}});
    probe(
        "POST /api/v1/point-rewards",
        {{"/api/v1/point-rewards",
          R"({"region_code":"{community}","name":"x","price":5,"stock":1,"supplier_kind":"unit","supplier_name":"x"})"}});
    probe("PATCH /api/v1/point-rewards/{id}", {{"/api/v1/point-rewards/{reward}", R"({"restock":5,"version":1})"}});
    probe("POST /api/v1/point-redemptions",
          {{"/api/v1/point-redemptions", R"({"reward_id":{reward}})"},
           {"/api/v1/point-redemptions", R"({"reward_id":{reward},"holder_id":{holder}})"}});
    probe("GET /api/v1/point-redemptions",
          {{"/api/v1/point-redemptions", "", true}, {"/api/v1/point-redemptions?view=shop", "", true}});
    probe("POST /api/v1/point-redemptions/verify",
          {{"/api/v1/point-redemptions/verify", R"({"code":"{redemption_code}"})"}});
    probe("POST /api/v1/point-redemptions/{id}/cancel", {{"/api/v1/point-redemptions/{redemption}/cancel", "{}"}});
    probe("GET /api/v1/point-stats",
          {{"/api/v1/point-stats?region={community}", "", true}, {"/api/v1/point-stats?region={town}", "", true}});
    probe("GET /api/v1/exports/points",
          {{"/api/v1/exports/points?region={community}", "", true}, {"/api/v1/exports/points", "", true}});
    // Deliberation: councils, topics in every stage and their records on a foreign node.
    probe("GET /api/v1/councils", {{"/api/v1/councils", "", true}});
    probe("POST /api/v1/councils", {{"/api/v1/councils", R"({"region_code":"{grid}","name":"x"})"},
                                    {"/api/v1/councils", R"({"region_code":"{community}","name":"x"})"}});
    probe("GET /api/v1/councils/{id}", {{"/api/v1/councils/{council}", ""}});
    probe("PATCH /api/v1/councils/{id}", {{"/api/v1/councils/{council}", R"({"name":"x","version":1})"}});
    probe("POST /api/v1/councils/{id}/members",
          {{"/api/v1/councils/{council}/members", R"({"group":"residents_rep","name":"x"})"}});
    probe("POST /api/v1/council-members/{id}/leave", {{"/api/v1/council-members/{member}/leave", R"({"reason":"x"})"}});
    probe("GET /api/v1/topics", {{"/api/v1/topics", "", true},
                                 {"/api/v1/topics?view=supported", "", true},
                                 {"/api/v1/topics?council_id={council}", "", true}});
    probe("POST /api/v1/topics",
          {{"/api/v1/topics", R"({"council_id":{council},"title":"x"})"},
           {"/api/v1/topics", R"({"council_id":{home_council},"title":"x","source":"event","source_id":{event}})"},
           {"/api/v1/topics", R"({"council_id":{home_council},"title":"x","source":"visit","source_id":{visit}})"}});
    probe("GET /api/v1/topics/{id}", {{"/api/v1/topics/{topic0}", ""}, {"/api/v1/topics/{topic2}", ""}});
    for (const char* m : {"POST", "DELETE"})
      probe(std::string(m) + " /api/v1/topics/{id}/support", {{"/api/v1/topics/{topic0}/support", ""}});
    // Each step against a foreign topic in the state it starts from.
    const std::map<std::string, std::string> at = {
        {"accept", "topic0"},     {"merge", "topic0"},     {"decline", "topic0"}, {"withdraw", "topic0"},
        {"deliberate", "topic1"}, {"publicize", "topic2"}, {"reject", "topic2"},  {"reconsider", "topic3"},
        {"implement", "topic3"},  {"complete", "topic4"}};
    for (const auto& [a, topic] : at)
      probe("POST /api/v1/topics/{id}/" + a,
            {{"/api/v1/topics/{" + topic + "}/" + a,
              R"({"version":{)" + topic + R"(_version},"comment":"x","decision":"x","into":{topic1}})"}});
    probe("POST /api/v1/topics/{id}/notes", {{"/api/v1/topics/{topic1}/notes", R"({"body":"x"})"}});
    probe("POST /api/v1/topics/{id}/surveys",
          {{"/api/v1/topics/{topic1}/surveys",
            R"({"title":"x","questions":[{"text":"q","type":"single","options":["a","b"]}]})"}});
    probe("GET /api/v1/surveys/{id}", {{"/api/v1/surveys/{survey}", ""}});
    probe("POST /api/v1/surveys/{id}/responses", {{"/api/v1/surveys/{survey}/responses", R"({"answers":[0]})"}});
    probe("POST /api/v1/surveys/{id}/close", {{"/api/v1/surveys/{survey}/close", ""}});
    probe("POST /api/v1/topics/{id}/meetings",
          {{"/api/v1/topics/{topic2}/meetings",
            R"({"kind":"council","starts_at":"2026-01-01T09:00:00+08:00","place":"x","all_members":true})"}});
    probe("POST /api/v1/meetings/{id}/record",
          {{"/api/v1/meetings/{meeting}/record", R"({"version":1,"record":"x","present":[]})"}});
    probe("POST /api/v1/meetings/{id}/cancel", {{"/api/v1/meetings/{meeting}/cancel", R"({"reason":"x"})"}});
    probe("POST /api/v1/topics/{id}/ballots",
          {{"/api/v1/topics/{topic2}/ballots", R"({"question":"x","electorate":"council"})"}});
    probe("GET /api/v1/ballots/{id}", {{"/api/v1/ballots/{ballot}", ""}});
    probe("POST /api/v1/ballots/{id}/vote", {{"/api/v1/ballots/{ballot}/vote", R"({"option":0})"}});
    probe("POST /api/v1/ballots/{id}/paper",
          {{"/api/v1/ballots/{ballot}/paper", R"({"votes":[{"voter_id":{voter},"option":0}]})"}});
    probe("POST /api/v1/ballots/{id}/close", {{"/api/v1/ballots/{ballot}/close", R"({"version":1})"}});
    probe("GET /api/v1/ballots/{id}/register", {{"/api/v1/ballots/{ballot}/register", ""}});
    probe("POST /api/v1/topics/{id}/objections", {{"/api/v1/topics/{topic3}/objections", R"({"body":"x"})"}});
    probe("POST /api/v1/topic-objections/{id}/answer",
          {{"/api/v1/topic-objections/{objection}/answer", R"({"answer":"x"})"}});
    probe("POST /api/v1/topics/{id}/tasks",
          {{"/api/v1/topics/{topic4}/tasks", R"({"title":"x","owner_name":"y","due_on":"2099-01-01"})"}});
    probe("POST /api/v1/topic-tasks/{id}/done", {{"/api/v1/topic-tasks/{task}/done", R"({"version":1,"result":"x"})"}});
    probe("GET /api/v1/topic-tasks", {{"/api/v1/topic-tasks", "", true}});
    probe("GET /api/v1/deliberation-stats", {{"/api/v1/deliberation-stats?region={community}", "", true},
                                             {"/api/v1/deliberation-stats?region={town}", "", true}});
    probe("GET /api/v1/exports/topics",
          {{"/api/v1/exports/topics?region={community}", "", true}, {"/api/v1/exports/topics", "", true}});
    // Notices to a foreign node: read, receipts, changes.
    probe("GET /api/v1/notices", {{"/api/v1/notices", "", true},
                                  {"/api/v1/notices?view=all", "", true},
                                  {"/api/v1/notices?view=manage", "", true}});
    probe("POST /api/v1/notices", {{"/api/v1/notices", R"({"region_code":"{grid}","title":"x","body":"y"})"},
                                   {"/api/v1/notices", R"({"region_code":"{community}","title":"x","body":"y"})"}});
    probe("GET /api/v1/notices/{id}", {{"/api/v1/notices/{notice}", ""}, {"/api/v1/notices/{notice_draft}", ""}});
    probe("POST /api/v1/notices/{id}/read", {{"/api/v1/notices/{notice}/read", ""}});
    probe("PATCH /api/v1/notices/{id}", {{"/api/v1/notices/{notice_draft}", R"({"version":1,"title":"x"})"}});
    probe("POST /api/v1/notices/{id}/publish", {{"/api/v1/notices/{notice_draft}/publish", R"({"version":1})"}});
    probe("POST /api/v1/notices/{id}/withdraw",
          {{"/api/v1/notices/{notice}/withdraw", R"({"version":2,"reason":"x"})"}});
    probe("GET /api/v1/notices/{id}/receipts", {{"/api/v1/notices/{notice}/receipts", ""}});
    probe("GET /api/v1/notice-stats",
          {{"/api/v1/notice-stats?region={community}", "", true}, {"/api/v1/notice-stats?region={town}", "", true}});
    probe("GET /api/v1/exports/notices",
          {{"/api/v1/exports/notices?region={community}", "", true}, {"/api/v1/exports/notices", "", true}});
    // Accounts linked to registry persons.
    probe("PUT /api/v1/persons/{id}/account", {{"/api/v1/persons/{person}/account", R"({"username":"resident"})"}});
    probe("DELETE /api/v1/persons/{id}/account", {{"/api/v1/persons/{person}/account", ""}});
    probe("POST /api/v1/me/person", {{"/api/v1/me/person", R"({"name":"{marker}居民","id_number":"{id_number}"})"}});
    none("GET /api/v1/me/person", "the caller's own link");
    probe("GET /api/v1/api-keys", {{"/api/v1/api-keys", ""}});
    probe("POST /api/v1/api-keys", {{"/api/v1/api-keys", R"({"name":"x"})"}});
    probe("DELETE /api/v1/api-keys/{id}", {{"/api/v1/api-keys/1", ""}});
    const ScopeTable parts{probe, none};
    add_party_probes(parts);
    add_teams_probes(parts);
    add_cobuild_probes(parts);
    add_emergency_probes(parts);
    add_assessment_probes(parts);
    return t;
  }();
  return kTable;
}

// The lifecycle's routes (one a row of the transition table): the foreign event, at its
// version, with an otherwise plausible body.
std::optional<Probe> lifecycle_probe(const std::string& method, const std::string& pattern) {
  if (method != "POST") return std::nullopt;
  for (const char* prefix : {"/api/v1/events/{id}/", "/api/v1/my/events/{id}/"}) {
    std::string p(prefix);
    if (pattern.rfind(p, 0) == 0 && pattern.find('/', p.size()) == std::string::npos) {
      std::string base = p.substr(0, p.size() - 5);  // without "{id}/"
      return Probe{
          base + "{event}/" + pattern.substr(p.size()),
          R"({"version":{event_version},"comment":"x","reason":"x","result":"x","rating":"satisfied","days":2,"method":"phone"})"};
    }
  }
  return std::nullopt;
}

class ScopeMatrixTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    world_ = new World();
    world_->build(*server_);
  }
  static void TearDownTestSuite() {
    delete world_;
    delete server_;
  }
  static TestServer* server_;
  static World* world_;
};
TestServer* ScopeMatrixTest::server_ = nullptr;
World* ScopeMatrixTest::world_ = nullptr;

const std::vector<std::string> kNarrowRoles = {"gridworker",  "resident",    "gridchief", "volunteer",
                                               "partymember", "windowclerk", "shopclerk", "dispatcher",
                                               "leader",      "handler",     "mediator",  "secretary"};

TEST_F(ScopeMatrixTest, NoRouteReachesARecordOutsideTheCallersTerritory) {
  auto c = server_->client();
  auto doc = c.get("/api/openapi.json").json();
  // A home event and household of the demo grid worker's, for probes that pull a foreign
  // record into a home one.
  std::string worker = server_->login("gridworker");
  auto home_event = c.send_json("POST", "/api/v1/events",
                                {{"source", "patrol"},
                                 {"category", "0301"},
                                 {"description", "home event"},
                                 {"grid_code", World::kHomeGrid},
                                 {"address", "立新路"}},
                                worker);
  ASSERT_EQ(home_event.status, 201) << home_event.body;
  auto home_household =
      c.send_json("POST", "/api/v1/households",
                  {{"region_code", World::kHomeGrid}, {"address", "立新路 88 号"}, {"housing_type", "owned"}}, worker);
  ASSERT_EQ(home_household.status, 201) << home_household.body;
  // A home station and team, to name a foreign volunteer in (as a member or its leader).
  auto home_station =
      c.send_json("POST", "/api/v1/volunteer-stations",
                  {{"region_code", World::kHomeCommunity}, {"name", "本社区志愿服务站"}}, world_->admin_token);
  ASSERT_EQ(home_station.status, 201) << home_station.body;
  auto home_team =
      c.send_json("POST", "/api/v1/volunteer-teams",
                  {{"station_id", home_station.json().at("id")}, {"name", "本社区服务队"}}, world_->admin_token);
  ASSERT_EQ(home_team.status, 201) << home_team.body;
  // A home council, to raise a foreign event or visit as a topic in.
  auto home_council =
      c.send_json("POST", "/api/v1/councils", {{"region_code", World::kHomeCommunity}, {"name", "本社区议事会"}},
                  world_->admin_token);
  ASSERT_EQ(home_council.status, 201) << home_council.body;
  // Another account's notification, by id (the inbox routes take ids).
  auto notification_of_another = [&](const std::string& token) {
    std::int64_t me = c.get("/api/v1/auth/me", token).json().at("id").as_int64();
    std::string id;
    server_->app().db().read([&](storage::Tx& tx) {
      auto r = tx.exec("SELECT id FROM notifications WHERE user_id <> ? ORDER BY id LIMIT 1", {me});
      id = r.empty() ? "999999" : std::to_string(r.rows[0].i64(0));
    });
    return id;
  };
  std::map<std::string, int> statuses;  // how the probes were refused

  std::set<std::string> unclassified;
  int calls = 0;
  std::vector<std::string> failures;
  for (const auto& role : kNarrowRoles) {
    std::string token = server_->login(role);
    std::string other_notification = notification_of_another(token);
    for (const auto& [path, ops] : doc.at("paths").as_object()) {
      if (std::string(path).rfind("/open311/", 0) == 0) continue;  // API keys, not roles: Open311Test
      for (const auto& [method_lower, op] : ops.as_object()) {
        std::string method(method_lower);
        for (auto& ch : method) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        std::string route = method + " " + std::string(path);
        std::vector<Probe> probes;
        if (auto lp = lifecycle_probe(method, std::string(path))) {
          probes.push_back(*lp);
        } else if (auto it = table().find(route); it != table().end()) {
          probes = it->second.probes;
        } else {
          unclassified.insert(route);
          continue;
        }
        for (const ForeignPlace* p : world_->foreign_to(role)) {
          std::map<std::string, std::string> v = world_->home;
          for (const auto& [k, val] : p->more) v[k] = val;
          v.merge(std::map<std::string, std::string>{
              {"grid", p->grid},
              {"home_grid", World::kHomeGrid},
              {"marker", p->marker},
              {"person", std::to_string(p->person)},
              {"household", std::to_string(p->household)},
              {"building", std::to_string(p->building)},
              {"business", std::to_string(p->business)},
              {"visit", std::to_string(p->visit)},
              {"event", std::to_string(p->event)},
              {"dispute", std::to_string(p->dispute)},
              {"photo", p->event_photo},
              {"visit_photo", p->visit_photo},
              {"user", std::to_string(p->worker_id)},
              {"import", std::to_string(p->import_job)},
              {"tag_id", std::to_string(p->person_tag)},
              {"tracking", p->event_tracking},
              {"department", std::to_string(world_->foreign_department)},
              {"notification", other_notification},
              {"id_number", p->id_number},
              {"licence", p->licence_no},
              {"event_version", std::to_string(p->event_version)},
              {"person_version", std::to_string(p->person_version)},
              {"household_version", std::to_string(p->household_version)},
              {"dispute_version", std::to_string(p->dispute_version)},
              {"town", p->grid.substr(0, 9)},
              {"community", p->grid.substr(0, 12)},
              {"order", std::to_string(p->order)},
              {"order_version", std::to_string(p->order_version)},
              {"item", std::to_string(p->item)},
              {"admission", std::to_string(p->admission)},
              {"admission_item", std::to_string(p->admission_item)},
              {"admission_version", std::to_string(p->admission_version)},
              {"case", std::to_string(p->service_case)},
              {"case_version", std::to_string(p->case_version)},
              {"wish", std::to_string(p->wish)},
              {"wish_version", std::to_string(p->wish_version)},
              {"station", std::to_string(p->station)},
              {"team", std::to_string(p->team)},
              {"volunteer", std::to_string(p->volunteer)},
              {"activity", std::to_string(p->activity)},
              {"signup", std::to_string(p->signup)},
              {"rule", std::to_string(p->rule)},
              {"holder", std::to_string(p->holder)},
              {"reward", std::to_string(p->reward)},
              {"redemption", std::to_string(p->redemption)},
              {"redemption_code", p->redemption_code},
              {"council", std::to_string(p->council)},
              {"member", std::to_string(p->member)},
              {"topic0", std::to_string(p->topic0)},
              {"topic1", std::to_string(p->topic1)},
              {"topic2", std::to_string(p->topic2)},
              {"topic3", std::to_string(p->topic3)},
              {"topic4", std::to_string(p->topic4)},
              {"topic0_version", "1"},
              {"topic1_version", "2"},
              {"topic2_version", "3"},
              {"topic3_version", "4"},
              {"topic4_version", "5"},
              {"survey", std::to_string(p->survey)},
              {"meeting", std::to_string(p->meeting)},
              {"ballot", std::to_string(p->ballot)},
              {"voter", std::to_string(p->voter)},
              {"objection", std::to_string(p->objection)},
              {"task", std::to_string(p->task)},
              {"notice", std::to_string(p->notice)},
              {"notice_draft", std::to_string(p->notice_draft)},
              {"home_council", std::to_string(home_council.json().at("id").as_int64())},
              {"home_station", std::to_string(home_station.json().at("id").as_int64())},
              {"home_team", std::to_string(home_team.json().at("id").as_int64())},
              {"home_event", std::to_string(home_event.json().at("id").as_int64())},
              {"home_event_version", std::to_string(home_event.json().at("version").as_int64())},
              {"home_household", std::to_string(home_household.json().at("id").as_int64())},
              {"home_household_version", std::to_string(home_household.json().at("version").as_int64())},
          });
          for (const auto& pr : probes) {
            std::string target = fill(pr.target, v);
            std::string body = fill(pr.body, v);
            std::vector<std::pair<std::string, std::string>> h{{"Authorization", "Bearer " + token}};
            if (!body.empty()) h.emplace_back("Content-Type", "application/json");
            auto r = c.request(method, target, body, h);
            ++calls;
            ++statuses[std::to_string(r.status)];
            bool ok = r.status < 200 || r.status >= 300;
            if (!ok && pr.list) {
              ok = true;
              for (const ForeignPlace* q : world_->foreign_to(role)) {
                bool leaked = r.body.find(q->marker) != std::string::npos;
                if (r.header("content-type").find("spreadsheetml") != std::string::npos) {
                  for (const auto& row : sheet_rows(r.body)) {
                    for (const auto& cell : row) leaked |= cell.find(q->marker) != std::string::npos;
                  }
                }
                if (leaked) ok = false;
              }
            }
            if (!ok)
              failures.push_back(role + " " + method + " " + target + " " + body + " -> " + std::to_string(r.status) +
                                 " " + r.body.substr(0, 300));
          }
        }
      }
    }
  }
  EXPECT_TRUE(unclassified.empty()) << "routes the scope matrix does not classify (add them to table()): " << [&] {
    std::string s;
    for (const auto& u : unclassified) s += "\n  " + u;
    return s;
  }();
  for (const auto& f : failures) ADD_FAILURE() << f;
  EXPECT_GT(calls, 1000);
  for (const auto& [status, n] : statuses) std::printf("scope matrix: %d answers %s\n", n, status.c_str());
  // Nothing foreign changed: the records are as the world made them.
  std::string admin = world_->admin_token;
  for (const auto& p : world_->places) {
    auto person = c.get("/api/v1/persons/" + std::to_string(p.person), admin).json();
    EXPECT_EQ(person.at("version").as_int64(), p.person_version) << p.tag;
    EXPECT_EQ(str(person.at("name")), p.marker + "居民");
    auto e = c.get("/api/v1/events/" + std::to_string(p.event), admin).json();
    EXPECT_EQ(e.at("version").as_int64(), p.event_version) << p.tag;
    EXPECT_EQ(e.at("status"), "reported");
    auto h = c.get("/api/v1/households/" + std::to_string(p.household), admin).json();
    EXPECT_EQ(h.at("version").as_int64(), p.household_version) << p.tag;
  }
}

// The live stream: a change to a foreign event never reaches the subscriber; one at home does.
TEST_F(ScopeMatrixTest, LiveStreamCarriesNoForeignEvent) {
  auto c = server_->client();
  const ForeignPlace& g2 = world_->place("G2");
  std::string worker = server_->login("gridworker");
  StreamReader stream(server_->port(), worker);
  ASSERT_TRUE(stream.read_until("event: hello", 3000)) << stream.text();
  // Foreign: a new event in the sibling grid, and a step on the existing one.
  auto foreign = c.send_json("POST", "/api/v1/events",
                             {{"source", "patrol"},
                              {"category", "0301"},
                              {"description", g2.marker + " stream"},
                              {"grid_code", g2.grid},
                              {"address", g2.marker}},
                             g2.worker_token);
  ASSERT_EQ(foreign.status, 201) << foreign.body;
  auto accepted = c.send_json("POST", "/api/v1/events/" + std::to_string(g2.event) + "/supervise",
                              {{"version", g2.event_version}, {"comment", "督办"}}, server_->login("leader"));
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  // Home: the resident's report in the worker's own grid arrives.
  auto home = c.send_json(
      "POST", "/api/v1/events",
      {{"category", "0301"}, {"description", "stream home"}, {"grid_code", World::kHomeGrid}, {"address", "立新路"}},
      server_->login("resident"));
  ASSERT_EQ(home.status, 201) << home.body;
  std::string home_id = "\"id\":" + std::to_string(home.json().at("id").as_int64()) + ",";
  ASSERT_TRUE(stream.read_until(home_id, 5000)) << stream.text();
  EXPECT_EQ(stream.text().find(g2.marker), std::string::npos) << stream.text();
  EXPECT_EQ(stream.text().find("\"id\":" + std::to_string(foreign.json().at("id").as_int64()) + ","),
            std::string::npos);
  EXPECT_EQ(stream.text().find("\"id\":" + std::to_string(g2.event) + ","), std::string::npos);
}

// Imports match records by ID number and credit code: a row naming a foreign one is a row
// error and nothing changes; within the importer's territory the same row updates.
TEST_F(ScopeMatrixTest, ImportsCannotReachForeignRecords) {
  auto c = server_->client();
  const ForeignPlace& g2 = world_->place("G2");
  const ForeignPlace& g3 = world_->place("G3");
  std::string worker = server_->login("gridworker");
  auto import = [&](const std::string& token, const std::string& kind, const std::string& csv, bool dry) {
    auto r = c.request("POST", "/api/v1/registry/imports?kind=" + kind + (dry ? "&dry_run=true" : ""), csv,
                       {{"Content-Type", "text/csv"}, {"Authorization", "Bearer " + token}});
    EXPECT_EQ(r.status, 202) << r.body;
    return wait_for_import(c, r.json().at("id").as_int64(), token);
  };
  auto person = [&](const ForeignPlace& p) {
    return c.get("/api/v1/persons/" + std::to_string(p.person), world_->admin_token).json();
  };
  for (const ForeignPlace* p : {&g2, &g3}) {
    for (bool dry : {true, false}) {
      // A person of another grid, "moved" into the worker's grid, renamed, phone erased.
      std::string csv =
          "姓名,身份证号,网格编码,地址\r\n改名者," + p->id_number + "," + World::kHomeGrid + ",立新路 1 号\r\n";
      auto job = import(worker, "persons", csv, dry);
      EXPECT_EQ(job.at("status"), "rejected") << job;
      ASSERT_FALSE(job.at("errors").as_array().empty()) << job;
      EXPECT_EQ(job.at("errors").as_array()[0].at("column"), "id_number") << job;
      EXPECT_EQ(job.at("errors").as_array()[0].at("line").as_int64(), 2);
      auto now = person(*p);
      EXPECT_EQ(str(now.at("name")), p->marker + "居民");
      EXPECT_EQ(now.at("version").as_int64(), p->person_version);
      EXPECT_EQ(str(now.at("region_code")), p->grid);
      // A business of another grid by its credit code.
      std::string biz = "名称,统一社会信用代码,网格编码\r\n改名店," + p->licence_no + "," + World::kHomeGrid + "\r\n";
      job = import(worker, "businesses", biz, dry);
      EXPECT_EQ(job.at("status"), "rejected") << job;
      ASSERT_FALSE(job.at("errors").as_array().empty()) << job;
      EXPECT_EQ(job.at("errors").as_array()[0].at("column"), "licence_no") << job;
    }
  }
  // The community's grid chief may: G2 is inside their community (a move between its grids).
  std::string csv = "姓名,身份证号,网格编码,地址\r\n" + g2.marker + "居民," + g2.id_number + "," + World::kHomeGrid +
                    ",立新路 2 号\r\n";
  auto job = import(server_->login("gridchief"), "persons", csv, false);
  EXPECT_EQ(job.at("status"), "done") << job;
  EXPECT_EQ(job.at("updated").as_int64(), 1) << job;
  EXPECT_EQ(str(person(g2).at("region_code")), World::kHomeGrid);
}

}  // namespace
}  // namespace wangge::testing
