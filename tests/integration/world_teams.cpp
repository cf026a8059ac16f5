// The foreign places' teams records (world.h): a team entry of the place's grid (its grid
// worker, on duty, with a phone), the place's household in that entry's care, and a call by
// the place's resident to its grid team; each carries the place's marker. Once, a home
// entry of the demo grid (the demo's 专职网格员) for probes that pair it with a foreign record.
#include <gtest/gtest.h>

#include <stdexcept>

#include "integration/world.h"

namespace wangge::testing {

void World::build_teams(TestServer& server, ForeignPlace& p) {
  namespace json = boost::json;
  auto c = server.client();
  auto call = [&](const std::string& method, const std::string& path, const json::value& body, const std::string& token,
                  int status, const std::string& what) {
    auto r = c.send_json(method, path, body, token);
    if (r.status != status) throw std::runtime_error(what + ": " + std::to_string(r.status) + " " + r.body);
    return r.json();
  };
  auto entry = call("POST", "/api/v1/team-members",
                    {{"region_code", p.grid},
                     {"post", "full_time"},
                     {"name", p.marker + "专职网格员"},
                     {"username", p.worker_username},
                     {"on_duty", true},
                     {"phone", "135000001" + std::to_string(10 + (p.tag.back() - '0'))},
                     {"responsibility", p.marker + "全网格"}},
                    admin_token, 201, "team entry");
  const std::int64_t member = entry.at("id").as_int64();
  p.more["roster_entry"] = std::to_string(member);
  p.more["team_account"] = p.worker_username;
  auto care = call("POST", "/api/v1/care-assignments", {{"household_id", p.household}, {"member_id", member}},
                   admin_token, 201, "care assignment");
  p.more["care_assignment"] = std::to_string(care.at("id").as_int64());
  // The place's resident account (made by the volunteers' builder) calls its grid team.
  std::string resident = server.login("zxw_res_" + p.tag, "Zxw#Res2026");
  auto k = call("POST", "/api/v1/grid-team/calls", {{"message", p.marker + "楼道灯坏了"}, {"kind", "report"}}, resident,
                201, "call");
  if (k.at("recipients").as_int64() != 1) throw std::runtime_error("call: reached " + json::serialize(k));
  p.more["team_call"] = std::to_string(k.at("id").as_int64());
  if (!home.count("home_roster_entry")) {
    auto page = call("GET", "/api/v1/team-members?region=" + std::string(kHomeGrid) + "&post=full_time", nullptr,
                     admin_token, 200, "home entries");
    const auto& items = page.at("items").as_array();
    if (items.empty()) throw std::runtime_error("the demo grid has no team entry");
    home["home_roster_entry"] = std::to_string(items[0].at("id").as_int64());
  }
}

}  // namespace wangge::testing
