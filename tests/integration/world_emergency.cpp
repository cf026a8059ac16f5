// The foreign places' emergency records (world.h): at the place's node (G2: its grid; G3,
// G4: their communities) an active plan and a draft, a patrol team with the place's grid
// worker as a member, a drill calling it (check-ins open: it starts within the hour), a
// stock of supplies and an alert calling the team, made by the administrator; and once, at
// the demo community, a team and a drill of its own, to name a foreign record in.
#include <stdexcept>

#include "core/json.h"
#include "core/storage/database.h"
#include "integration/world.h"

namespace wangge::testing {

void World::build_emergency(TestServer& server, ForeignPlace& p) {
  namespace json = boost::json;
  auto c = server.client();
  auto post = [&](const std::string& path, const json::value& body, const std::string& what) {
    auto r = c.send_json("POST", path, body, admin_token);
    if (r.status != 201) throw std::runtime_error(what + ": " + std::to_string(r.status) + " " + r.body);
    return std::to_string(r.json().at("id").as_int64());
  };
  auto in = [](std::int64_t ms) { return json::value(wangge::json::rfc3339(storage::now_ms() + ms)); };
  const std::string node = p.tag == "G2" ? p.grid : p.grid.substr(0, 12);
  auto& m = p.more;
  m["em_plan"] =
      post("/api/v1/emergency-plans",
           {{"region_code", node}, {"hazard", "flood"}, {"title", p.marker + "防汛预案"}, {"activate", true}}, "plan");
  m["em_plan_draft"] =
      post("/api/v1/emergency-plans",
           {{"region_code", node}, {"hazard", "typhoon"}, {"title", p.marker + "防台风预案草稿"}}, "draft plan");
  m["em_team"] = post("/api/v1/emergency-teams",
                      {{"region_code", node}, {"kind", "patrol"}, {"name", p.marker + "巡逻队"}}, "team");
  m["em_username"] = p.worker_username;
  m["em_member"] = post("/api/v1/emergency-teams/" + m["em_team"] + "/members",
                        {{"name", p.marker + "队员"},
                         {"phone", "13700000" + std::to_string(100 + p.tag.back())},
                         {"username", p.worker_username}},
                        "member");
  std::int64_t team = std::stoll(m["em_team"]);
  m["em_activity"] = post("/api/v1/emergency-activities",
                          {{"region_code", node},
                           {"kind", "drill"},
                           {"team_ids", json::array{team}},
                           {"plan_id", std::stoll(m["em_plan"])},
                           {"title", p.marker + "集结演练"},
                           {"place", p.marker + "广场"},
                           {"starts_at", in(30 * 60'000)},
                           {"ends_at", in(90 * 60'000)}},
                          "activity");
  m["em_supply"] = post("/api/v1/emergency-supplies",
                        {{"region_code", node},
                         {"name", p.marker + "沙袋"},
                         {"category", "flood_control"},
                         {"quantity", 100},
                         {"unit", "个"}},
                        "supply");
  m["em_alert"] = post("/api/v1/emergency-alerts",
                       {{"region_code", node},
                        {"level", "yellow"},
                        {"hazard", "flood"},
                        {"message", p.marker + "暴雨预警"},
                        {"team_ids", json::array{team}}},
                       "alert");
  if (home.count("home_em_team")) return;
  home["home_em_team"] =
      post("/api/v1/emergency-teams", {{"region_code", kHomeCommunity}, {"kind", "rescue"}, {"name", "本社区应急分队"}},
           "home team");
  home["home_em_activity"] = post("/api/v1/emergency-activities",
                                  {{"region_code", kHomeCommunity},
                                   {"kind", "patrol"},
                                   {"team_ids", json::array{std::stoll(home["home_em_team"])}},
                                   {"title", "本社区巡查"},
                                   {"starts_at", in(30 * 60'000)},
                                   {"ends_at", in(90 * 60'000)}},
                                  "home activity");
}

}  // namespace wangge::testing
