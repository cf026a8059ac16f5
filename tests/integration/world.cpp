#include "integration/world.h"

#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <thread>

#include "core/json.h"
#include "core/storage/database.h"

namespace wangge::testing {
namespace {

namespace json = boost::json;

// The answer's JSON, after checking the status (a failed setup stops the test here).
json::value expect(const HttpResponse& r, int status, const std::string& what) {
  if (r.status != status) throw std::runtime_error(what + ": " + std::to_string(r.status) + " " + r.body);
  return r.json();
}

std::int64_t id_of(const json::value& v) {
  return v.at("id").as_int64();
}

}  // namespace

void World::build_volunteers_and_points(TestServer& server, ForeignPlace& p) {
  auto c = server.client();
  auto post = [&](const std::string& path, const json::value& body, const std::string& token, int status,
                  const std::string& what) { return expect(c.send_json("POST", path, body, token), status, what); };
  const std::string node = p.tag == "G2" ? p.grid : p.grid.substr(0, 12);
  p.station = id_of(post("/api/v1/volunteer-stations", {{"region_code", node}, {"name", p.marker + "志愿服务站"}},
                         admin_token, 201, "station"));
  p.team = id_of(post("/api/v1/volunteer-teams", {{"station_id", p.station}, {"name", p.marker + "服务队"}},
                      admin_token, 201, "team"));
  // A resident account of the place, linked to its person as a volunteer.
  std::string username = "zxw_res_" + p.tag;
  auto resident = id_of(post(
      "/api/v1/users", {{"username", username}, {"display_name", p.marker + "志愿者"}, {"password", "Zxw#Res2026"}},
      admin_token, 201, "resident"));
  post("/api/v1/users/" + std::to_string(resident) + "/grants", {{"role", "resident"}, {"region_code", p.grid}},
       admin_token, 201, "resident grant");
  p.volunteer = id_of(
      post("/api/v1/volunteers", {{"person_id", p.person}, {"username", username}}, admin_token, 201, "volunteer"));
  auto in_an_hour = json::value(wangge::json::rfc3339(storage::now_ms() + 3'600'000));
  auto in_two = json::value(wangge::json::rfc3339(storage::now_ms() + 7'200'000));
  p.activity = id_of(post("/api/v1/volunteer-activities",
                          {{"station_id", p.station},
                           {"team_id", p.team},
                           {"title", p.marker + "活动"},
                           {"place", p.marker + "广场"},
                           {"lat", 22.0},
                           {"lng", 113.2},
                           {"starts_at", in_an_hour},
                           {"ends_at", in_two},
                           {"capacity", 5}},
                          admin_token, 201, "activity"));
  std::string resident_token = server.login(username, "Zxw#Res2026");
  p.signup = id_of(post("/api/v1/volunteer-activities/" + std::to_string(p.activity) + "/sign-up", json::object{},
                        resident_token, 200, "sign-up"));
  // Points.
  p.rule = id_of(post("/api/v1/point-rules",
                      {{"region_code", node},
                       {"earner_type", "resident"},
                       {"deed", "manual"},
                       {"name", p.marker + "积分项目"},
                       {"points", 100}},
                      admin_token, 201, "rule"));
  post("/api/v1/point-awards", {{"holder_kind", "person"}, {"ref_id", p.person}, {"rule_id", p.rule}}, admin_token, 201,
       "award");
  auto holders = expect(c.get("/api/v1/point-holders?region=" + p.grid + "&kind=person", admin_token), 200, "holders");
  for (const auto& h : holders.at("items").as_array())
    if (h.at("ref_id").as_int64() == p.person) p.holder = id_of(h);
  p.reward = id_of(post("/api/v1/point-rewards",
                        {{"region_code", node},
                         {"name", p.marker + "礼品"},
                         {"price", 10},
                         {"stock", 5},
                         {"supplier_kind", "community"},
                         {"supplier_name", p.marker + "社区"}},
                        admin_token, 201, "reward"));
  auto d = post("/api/v1/point-redemptions", {{"reward_id", p.reward}, {"holder_id", p.holder}}, admin_token, 201,
                "redemption");
  p.redemption = id_of(d);
  p.redemption_code = std::string(d.at("code").as_string());
}

void World::build(TestServer& server) {
  auto c = server.client();
  admin_token = server.login("admin", kAdminPassword);
  auto post = [&](const std::string& path, const json::value& body, const std::string& token, int status,
                  const std::string& what) { return expect(c.send_json("POST", path, body, token), status, what); };
  // The other town, its community and grid (no boundary: records there are placed by code).
  post("/api/v1/regions", {{"code", kOtherTown}, {"name", "ZXW-G4镇"}, {"level", "town"}, {"parent_code", "440404"}},
       admin_token, 201, "town");
  post("/api/v1/regions",
       {{"code", std::string(kOtherTown) + "001"},
        {"name", "ZXW-G4社区"},
        {"level", "community"},
        {"parent_code", kOtherTown}},
       admin_token, 201, "community");
  post("/api/v1/regions",
       {{"code", std::string(kOtherTown) + "001001"},
        {"name", "ZXW-G4网格"},
        {"level", "grid"},
        {"parent_code", std::string(kOtherTown) + "001"}},
       admin_token, 201, "grid");
  foreign_department = id_of(post("/api/v1/departments",
                                  {{"region_code", kOtherTown}, {"kind", "urban_management"}, {"name", "ZXW-G4城管"}},
                                  admin_token, 201, "department"));

  const std::vector<std::pair<std::string, std::string>> grids = {
      {"G2", "440404104001002"}, {"G3", "440404104002001"}, {"G4", std::string(kOtherTown) + "001001"}};
  int n = 0;
  for (const auto& [tag, grid] : grids) {
    ++n;
    ForeignPlace p;
    p.tag = tag;
    p.grid = grid;
    p.marker = "ZXW-" + tag;
    // Its grid worker.
    p.worker_username = "zxw_" + tag;
    p.worker_id = id_of(
        post("/api/v1/users",
             {{"username", p.worker_username}, {"display_name", p.marker + "网格员"}, {"password", "Zxw#Worker2026"}},
             admin_token, 201, "worker"));
    post("/api/v1/users/" + std::to_string(p.worker_id) + "/grants", {{"role", "grid_worker"}, {"region_code", grid}},
         admin_token, 201, "grant");
    p.worker_token = server.login(p.worker_username, "Zxw#Worker2026");
    // The registry.
    p.building = id_of(
        post("/api/v1/buildings", {{"region_code", grid}, {"name", p.marker + "楼"}}, admin_token, 201, "building"));
    auto h = post("/api/v1/households",
                  {{"region_code", grid},
                   {"address", p.marker + "路" + std::to_string(n) + "号"},
                   {"housing_type", "owned"},
                   {"building_id", p.building}},
                  admin_token, 201, "household");
    p.household = id_of(h);
    p.id_number = valid_id("44040419700" + std::to_string(100 + n) + "12" + std::to_string(n));
    p.phone = "1390000000" + std::to_string(n);
    auto person = post("/api/v1/persons",
                       {{"name", p.marker + "居民"},
                        {"id_number", p.id_number},
                        {"phone", p.phone},
                        {"household_id", p.household},
                        {"relation", "head"}},
                       admin_token, 201, "person");
    p.person = id_of(person);
    p.person_tag = id_of(
        post("/api/v1/persons/" + std::to_string(p.person) + "/tags", {{"tag", "elderly"}}, admin_token, 201, "tag"));
    p.licence_no = credit_code("92440404MA5TKW0" + std::to_string(n) + "0");
    p.business = id_of(post("/api/v1/businesses",
                            {{"name", p.marker + "商店"}, {"licence_no", p.licence_no}, {"region_code", grid}},
                            admin_token, 201, "business"));
    // A visit and an event by the place's own worker, each with a photo only they uploaded.
    auto upload = [&](int seed) {
      auto r = c.request("POST", "/api/v1/attachments", make_png(seed),
                         {{"Content-Type", "image/png"}, {"Authorization", "Bearer " + p.worker_token}});
      return std::string(expect(r, 201, "upload").at("hash").as_string());
    };
    p.visit_photo = upload(1000 + n);
    p.event_photo = upload(2000 + n);
    p.visit = id_of(post("/api/v1/visits",
                         {{"household_id", p.household},
                          {"findings", p.marker + " 走访发现"},
                          {"photos", json::array{json::value(p.visit_photo)}}},
                         p.worker_token, 201, "visit"));
    auto e = post("/api/v1/events",
                  {{"source", "patrol"},
                   {"category", "0301"},
                   {"description", p.marker + " 垃圾堆放"},
                   {"grid_code", grid},
                   {"address", p.marker + "路口"},
                   {"photos", json::array{json::value(p.event_photo)}}},
                  p.worker_token, 201, "event");
    p.event = id_of(e);
    p.event_tracking = std::string(e.at("tracking_code").as_string());
    p.event_version = e.at("version").as_int64();
    auto d =
        post("/api/v1/disputes",
             {{"region_code", grid},
              {"type", "neighbour"},
              {"title", p.marker + "纠纷"},
              {"description", p.marker + " 邻里噪声纠纷"},
              {"risk", "low"},
              {"source", "visit"},
              {"parties",
               json::array{json::object{{"role", "applicant"}, {"name", p.marker + "居民"}, {"person_id", p.person}}}}},
             admin_token, 201, "dispute");
    p.dispute = id_of(d);
    p.dispute_version = d.at("version").as_int64();
    // An import job of the place's worker (a dry run: nothing changes).
    auto job = c.request("POST", "/api/v1/registry/imports?kind=buildings&dry_run=true",
                         "网格编码,楼栋名称\r\n" + grid + "," + p.marker + "新楼\r\n",
                         {{"Content-Type", "text/csv"}, {"Authorization", "Bearer " + p.worker_token}});
    p.import_job = id_of(expect(job, 202, "import"));
    // The service desk.
    auto order = post("/api/v1/service-orders",
                      {{"region_code", grid}, {"title", p.marker + "代办"}, {"detail", p.marker + " 上门服务"}},
                      p.worker_token, 201, "order");
    p.order = id_of(order);
    p.order_version = order.at("version").as_int64();
    if (tag != "G2") {
      const std::string town = grid.substr(0, 9), community = grid.substr(0, 12);
      auto item = post("/api/v1/service-items",
                       {{"region_code", town},
                        {"level", "community"},
                        {"kind", "convenience"},
                        {"name", tag == "G4" ? p.marker + "事项" : "准入测试事项" + tag},
                        {"time_limit_days", 3},
                        {"orderable", true}},
                       admin_token, 201, "service item");
      p.admission_item = id_of(item);
      if (tag == "G4") p.item = p.admission_item;
      auto a = post("/api/v1/service-admissions",
                    {{"item_id", p.admission_item}, {"community_code", community}, {"basis", p.marker + " 准入依据"}},
                    admin_token, 201, "admission");
      p.admission = id_of(a);
      p.admission_version = a.at("version").as_int64();
      if (tag == "G4") {  // on the other community's list, whose answers then carry the marker
        auto approved = post("/api/v1/service-admissions/" + std::to_string(p.admission) + "/approve",
                             {{"version", p.admission_version}}, admin_token, 200, "approval");
        p.admission_version = approved.at("version").as_int64();
      }
    }
    // A window case and a wish.
    if (tag == "G4") {
      auto item = post("/api/v1/service-items",
                       {{"region_code", kOtherTown},
                        {"level", "town"},
                        {"kind", "duty"},
                        {"name", p.marker + "窗口事项"},
                        {"time_limit_days", 3}},
                       admin_token, 201, "town item");
      auto k = post("/api/v1/service-cases",
                    {{"region_code", kOtherTown},
                     {"item_id", id_of(item)},
                     {"applicant_name", p.marker + "申请人"},
                     {"phone", "13800138000"}},
                    admin_token, 201, "case");
      p.service_case = id_of(k);
      p.case_version = k.at("version").as_int64();
    } else if (tag == "G3") {
      auto users = expect(c.get("/api/v1/users?q=dispatcher", admin_token), 200, "users");
      std::int64_t dispatcher = 0;
      for (const auto& u : users.at("items").as_array())
        if (u.at("username") == "dispatcher") dispatcher = id_of(u);
      auto k = post("/api/v1/service-cases",
                    {{"region_code", grid.substr(0, 12)},
                     {"desk", "hard"},
                     {"applicant_name", p.marker + "申请人"},
                     {"summary", p.marker + " 办不成事"},
                     {"grid_code", grid},
                     {"address", p.marker + "路"},
                     {"coordinator_id", dispatcher}},
                    admin_token, 201, "hard case");
      p.service_case = id_of(k);
      p.case_version = k.at("version").as_int64();
    }
    auto wish = post("/api/v1/wishes",
                     {{"region_code", grid},
                      {"title", p.marker + "心愿"},
                      {"channel", "visit"},
                      {"wisher_name", p.marker + "老人"},
                      {"phone", "13700137000"}},
                     p.worker_token, 201, "wish");
    p.wish = id_of(wish);
    p.wish_version = wish.at("version").as_int64();
    if (tag != "G2") {
      auto published = post("/api/v1/wishes/" + std::to_string(p.wish) + "/publish", {{"version", p.wish_version}},
                            admin_token, 200, "publish");
      p.wish_version = published.at("version").as_int64();
    }
    build_volunteers_and_points(server, p);
    build_deliberation(server, p);
    build_party(server, p);
    build_teams(server, p);
    build_cobuild(server, p);
    build_emergency(server, p);
    build_assessment(server, p);
    // Versions as they are now.
    p.person_version = expect(c.get("/api/v1/persons/" + std::to_string(p.person), admin_token), 200, "person")
                           .at("version")
                           .as_int64();
    p.household_version =
        expect(c.get("/api/v1/households/" + std::to_string(p.household), admin_token), 200, "household")
            .at("version")
            .as_int64();
    places.push_back(std::move(p));
  }
}

const ForeignPlace& World::place(const std::string& tag) const {
  for (const auto& p : places) {
    if (p.tag == tag) return p;
  }
  throw std::runtime_error("no place " + tag);
}

std::vector<const ForeignPlace*> World::foreign_to(const std::string& username) const {
  std::vector<const ForeignPlace*> out;
  bool grid_level = username == "gridworker" || username == "resident";
  bool community_level = username == "gridchief" || username == "volunteer" || username == "partymember" ||
                         username == "shopclerk" || username == "secretary";
  for (const auto& p : places) {
    if (p.tag == "G2" && !grid_level) continue;
    if (p.tag == "G3" && !grid_level && !community_level) continue;
    out.push_back(&p);
  }
  return out;
}

}  // namespace wangge::testing
