// The foreign places' cobuild records (world.h), made by the administrator: a co-building
// unit with a contact, a resource, an open need and a matched one, a running project and a
// planned one; and, once, a home unit, need and project of the demo community for probes
// that pull a foreign record into a home one. Units serve a community or a town, never a
// grid: the sibling grid (G2) has its resource, needs and projects at the grid, and its unit
// serves another community of the demo town (美平社区), outside the demo grid's reach too.
#include <stdexcept>

#include "integration/world.h"

namespace wangge::testing {

void World::build_cobuild(TestServer& server, ForeignPlace& p) {
  namespace json = boost::json;
  auto c = server.client();
  auto post = [&](const std::string& path, const json::value& body, const std::string& what, int status = 201) {
    auto r = c.send_json("POST", path, body, admin_token);
    if (r.status != status)
      throw std::runtime_error("cobuild " + what + ": " + std::to_string(r.status) + " " + r.body);
    return r.json();
  };
  auto id_text = [](const json::value& v) { return std::to_string(v.at("id").as_int64()); };
  if (!home.count("home_cobuild_unit")) {
    home["home_cobuild_unit"] =
        id_text(post("/api/v1/cobuild-units",
                     {{"region_code", kHomeCommunity}, {"name", "本社区共建单位"}, {"kind", "other"}}, "home unit"));
    home["home_cobuild_need"] =
        id_text(post("/api/v1/cobuild-needs", {{"region_code", kHomeGrid}, {"title", "本网格需求"}}, "home need"));
    home["home_cobuild_project"] = id_text(
        post("/api/v1/cobuild-projects", {{"region_code", kHomeCommunity}, {"title", "本社区项目"}}, "home project"));
  }
  const std::string community = p.grid.substr(0, 12);
  const std::string unit_node = p.tag == "G2" ? "440404104002" : community;
  const std::string node = p.tag == "G2" ? p.grid : community;
  auto unit = post("/api/v1/cobuild-units",
                   {{"region_code", unit_node},
                    {"name", p.marker + "共建单位"},
                    {"kind", "enterprise"},
                    {"alliance", true},
                    {"address", p.marker + "路"}},
                   "unit");
  p.more["cobuild_unit"] = id_text(unit);
  p.more["cobuild_contact"] = id_text(
      post("/api/v1/cobuild-units/" + id_text(unit) + "/contacts",
           {{"name", p.marker + "联络人"}, {"phone", "1390756000" + std::to_string(p.tag.back() - '0')}}, "contact"));
  json::object resource{{"region_code", node}, {"kind", "room"}, {"title", p.marker + "活动室"}};
  if (p.tag == "G2")
    resource["provider_name"] = p.marker + "网格";
  else
    resource["unit_id"] = unit.at("id");
  auto r = post("/api/v1/cobuild-resources", resource, "resource");
  p.more["cobuild_resource"] = id_text(r);
  p.more["cobuild_need"] =
      id_text(post("/api/v1/cobuild-needs", {{"region_code", p.grid}, {"title", p.marker + "需求"}}, "need"));
  auto matched = post("/api/v1/cobuild-needs", {{"region_code", p.grid}, {"title", p.marker + "已对接需求"}}, "need 2");
  post("/api/v1/cobuild-needs/" + id_text(matched) + "/match", {{"version", 1}, {"resource_id", r.at("id")}}, "match",
       200);
  p.more["cobuild_need_matched"] = id_text(matched);  // version 2
  json::object project{{"region_code", node}, {"title", p.marker + "项目"}, {"budget_cents", 100000}};
  if (p.tag != "G2") project["owner_unit_id"] = unit.at("id");
  auto running = post("/api/v1/cobuild-projects", project, "project");
  post("/api/v1/cobuild-projects/" + id_text(running) + "/start", {{"version", 1}}, "start", 200);
  p.more["cobuild_project"] = id_text(running);  // version 2, in progress
  p.more["cobuild_project_planned"] = id_text(
      post("/api/v1/cobuild-projects", {{"region_code", node}, {"title", p.marker + "计划项目"}}, "planned project"));
}

}  // namespace wangge::testing
