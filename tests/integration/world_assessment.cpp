// The foreign places' assessment records (world.h): at the place's node (G2: its grid; G3,
// G4: their communities) an active grid workers' scheme carrying the place's marker in its
// name, computed for this month (a draft run, the place's grid worker its subject), and a
// second one computed and frozen (for commendations), made by the administrator.
#include <stdexcept>

#include "core/calendar.h"
#include "core/storage/database.h"
#include "integration/world.h"

namespace wangge::testing {

void World::build_assessment(TestServer& server, ForeignPlace& p) {
  namespace json = boost::json;
  auto c = server.client();
  auto call = [&](const std::string& path, const json::value& body, int status, const std::string& what) {
    auto r = c.send_json("POST", path, body, admin_token);
    if (r.status != status) throw std::runtime_error(what + ": " + std::to_string(r.status) + " " + r.body);
    return r.json();
  };
  const std::string node = p.tag == "G2" ? p.grid : p.grid.substr(0, 12);
  const std::string month = format_day(server.app().calendar().day_of(storage::now_ms())).substr(0, 7);
  auto& m = p.more;
  for (const char* which : {"as_scheme", "as_frozen_scheme"}) {
    auto s = call("/api/v1/assessment/schemes",
                  {{"name", p.marker + (std::string(which) == "as_scheme" ? "网格员考核" : "网格员考核（已确认）")},
                   {"post", "grid_worker"},
                   {"region_code", node},
                   {"period_kind", "month"},
                   {"indicators", json::array{json::object{{"key", "visits"}, {"weight", 100}, {"target", 2}}}}},
                  201, "scheme");
    std::string id = std::to_string(s.at("id").as_int64());
    m[which] = id;
    call("/api/v1/assessment/schemes/" + id + "/activate", json::object{}, 200, "activate");
    auto run = call("/api/v1/assessment/schemes/" + id + "/runs", {{"period", month}}, 201, "run");
    std::string run_id = std::to_string(run.at("id").as_int64());
    if (std::string(which) == "as_scheme") {
      m["as_run"] = run_id;
    } else {
      call("/api/v1/assessment/runs/" + run_id + "/freeze", json::object{}, 200, "freeze");
      m["as_frozen_run"] = run_id;
    }
  }
  m["as_subject"] = std::to_string(p.worker_id);
  m["as_node"] = node;
}

}  // namespace wangge::testing
