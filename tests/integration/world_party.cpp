// The foreign places' party records (world.h): a grid branch (G2: under the demo's 立新社区党委;
// G3, G4: under a working committee of their own community), a building group tied to the
// place's building, the place's person as a regular member with a pledge, and an in-service
// member; and, once, the home records the probes name beside them: the demo's committee and
// grid branch, and an in-service member of that branch.
#include <gtest/gtest.h>

#include <stdexcept>

#include "core/json.h"
#include "integration/world.h"

namespace wangge::testing {
namespace {

namespace json = boost::json;

std::int64_t party_demo_org(Client& c, const std::string& token, const std::string& name) {
  auto r = c.get("/api/v1/party-orgs?limit=200&q=" + url_encode(name), token);
  if (r.status != 200) throw std::runtime_error("party orgs: " + std::to_string(r.status) + " " + r.body);
  auto page = r.json();
  for (const auto& o : page.at("items").as_array())
    if (str(o.at("name")) == name) return o.at("id").as_int64();
  throw std::runtime_error("no demo party organisation " + name);
}

}  // namespace

void World::build_party(TestServer& server, ForeignPlace& p) {
  auto c = server.client();
  auto post = [&](const std::string& path, const json::value& body, const std::string& what, int status = 201) {
    auto r = c.send_json("POST", path, body, admin_token);
    if (r.status != status) throw std::runtime_error(what + ": " + std::to_string(r.status) + " " + r.body);
    return r.json();
  };
  auto id = [](const json::value& v) { return v.at("id").as_int64(); };
  const std::int64_t committee = party_demo_org(c, admin_token, "立新社区党委");
  if (!home.count("home_party_org")) {
    const std::int64_t branch = party_demo_org(c, admin_token, "立新社区第一网格党支部");
    home["home_party_org"] = std::to_string(committee);
    home["home_party_branch"] = std::to_string(branch);
    home["home_party_member"] = std::to_string(id(post(
        "/api/v1/party-orgs/" + std::to_string(branch) + "/members",
        {{"kind", "in_service"}, {"name", "本网格在职党员"}, {"phone", "13500135009"}, {"home_unit", "平沙镇水务所"}},
        "home party member")));
  }
  // The place's own top: the demo committee for the sibling grid, a working committee of
  // their community for the others.
  std::int64_t top = committee;
  if (p.tag != "G2")
    top = id(
        post("/api/v1/party-orgs",
             {{"region_code", p.grid.substr(0, 12)}, {"level", "working_committee"}, {"name", p.marker + "社区党工委"}},
             "party working committee"));
  const std::int64_t branch = id(post("/api/v1/party-orgs",
                                      {{"region_code", p.grid},
                                       {"level", "branch"},
                                       {"name", p.marker + "网格党支部"},
                                       {"parent_id", top},
                                       {"secretary_name", p.marker + "支书"}},
                                      "party branch"));
  const std::int64_t group = id(post("/api/v1/party-orgs",
                                     {{"region_code", p.grid},
                                      {"level", "group"},
                                      {"name", p.marker + "楼栋党小组"},
                                      {"parent_id", branch},
                                      {"building_id", p.building}},
                                     "party group"));
  const std::int64_t member =
      id(post("/api/v1/party-orgs/" + std::to_string(branch) + "/members",
              {{"person_id", p.person}, {"home_org_name", p.marker + "原党组织"}}, "party member"));
  const std::int64_t reporter =
      id(post("/api/v1/party-orgs/" + std::to_string(p.tag == "G2" ? branch : top) + "/members",
              {{"kind", "in_service"},
               {"name", p.marker + "在职党员"},
               {"phone", "1350013500" + std::to_string(places.size() + 1)},
               {"home_unit", p.marker + "单位"}},
              "party in-service member"));
  const std::int64_t pledge = id(post("/api/v1/party-members/" + std::to_string(member) + "/pledges",
                                      {{"kind", "service"}, {"content", p.marker + "承诺"}}, "party pledge"));
  p.more["party_top"] = std::to_string(p.tag == "G2" ? branch : top);
  p.more["party_org"] = std::to_string(branch);
  p.more["party_group"] = std::to_string(group);
  p.more["party_member"] = std::to_string(member);
  p.more["party_reporter"] = std::to_string(reporter);
  p.more["party_pledge"] = std::to_string(pledge);
}

}  // namespace wangge::testing
