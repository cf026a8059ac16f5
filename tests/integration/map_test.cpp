// The map around a point (GET /api/v1/map/nearby) through HTTP: what a resident's phone
// draws under the pin. The demo town's grids and communities near a point with their
// names and which hold the point, simplified outlines, the buildings there by name only,
// a bounded and cacheable answer, and bad input refused with problem+json.
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "integration/harness.h"

namespace wangge::testing {
namespace {

namespace json = boost::json;

class MapTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    admin_ = server_->login("admin", kAdminPassword);
    resident_ = server_->login("resident");
  }
  static void TearDownTestSuite() { delete server_; }
  static TestServer* server_;
  static std::string admin_, resident_;

  static std::string at(std::pair<double, double> p, const std::string& more = "") {
    char buf[96];
    std::snprintf(buf, sizeof buf, "/api/v1/map/nearby?lat=%.6f&lng=%.6f", p.second, p.first);
    return buf + more;
  }
  // The features of an answer by kind.
  static std::vector<json::object> of_kind(const json::value& fc, const std::string& kind) {
    std::vector<json::object> out;
    for (const auto& f : fc.at("features").as_array())
      if (f.at("properties").at("kind") == kind.c_str()) out.push_back(f.as_object());
    return out;
  }
  static std::size_t positions(const json::value& geometry) {
    std::size_t n = 0;
    const auto& coords = geometry.at("coordinates").as_array();
    if (geometry.at("type") == "Polygon") {
      for (const auto& ring : coords) n += ring.as_array().size();
    } else {
      for (const auto& poly : coords)
        for (const auto& ring : poly.as_array()) n += ring.as_array().size();
    }
    return n;
  }
};
TestServer* MapTest::server_ = nullptr;
std::string MapTest::admin_;
std::string MapTest::resident_;

TEST_F(MapTest, AResidentSeesTheGridsAndCommunitiesAroundAPointWithTheirNames) {
  auto c = server_->client();
  auto p = server_->point_in_grid("440404104001001");
  auto r = c.get(at(p), resident_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-type"), "application/geo+json");
  EXPECT_NE(r.header("cache-control").find("max-age="), std::string::npos);
  auto fc = r.json();
  EXPECT_EQ(fc.at("type"), "FeatureCollection");
  auto grids = of_kind(fc, "grid");
  auto communities = of_kind(fc, "community");
  ASSERT_GE(grids.size(), 2u);
  EXPECT_LE(grids.size(), 60u);
  // The grid holding the point, and only it, is "here", with its name; its neighbour is drawn too.
  std::set<std::string> here, codes;
  for (const auto& g : grids) {
    codes.insert(str(g.at("id")));
    EXPECT_EQ(g.at("properties").at("code"), g.at("id"));
    EXPECT_FALSE(g.at("properties").at("name").as_string().empty());
    if (g.at("properties").at("here").as_bool()) here.insert(str(g.at("id")));
  }
  EXPECT_EQ(here, std::set<std::string>{"440404104001001"});
  EXPECT_TRUE(codes.contains("440404104001002"));
  for (const auto& g : grids) {
    if (g.at("id") == "440404104001001") {
      EXPECT_EQ(g.at("properties").at("name"), "立新社区第一网格");
    }
  }
  // Its community with its official name, "here"; every community drawn is a grid's parent.
  bool found = false;
  for (const auto& cm : communities) {
    std::string code = str(cm.at("id"));
    EXPECT_EQ(code.size(), 12u);
    if (code == "440404104001") {
      found = true;
      EXPECT_EQ(cm.at("properties").at("name"), "立新社区居民委员会");
      EXPECT_TRUE(cm.at("properties").at("here").as_bool());
    } else {
      EXPECT_FALSE(cm.at("properties").at("here").as_bool());
    }
  }
  EXPECT_TRUE(found);
  // Far grids of the town are not there: 连湾社区 (the town's north-east) lies kilometres away.
  for (const auto& code : codes) EXPECT_NE(code.substr(0, 12), "440404104014") << code;
  // Small enough for a phone on a weak signal.
  std::cout << "[ map ] nearby answer at radius 800 m: " << r.body.size() << " bytes, " << grids.size() << " grids, "
            << communities.size() << " communities\n";
  EXPECT_LT(r.body.size(), 40'000u);
}

TEST_F(MapTest, OutlinesAreSimplifiedToWhatTheMapShows) {
  auto c = server_->client();
  auto p = server_->point_in_grid("440404104001001");
  auto stored = c.get("/api/v1/regions/440404104001", admin_).json().at("geometry");
  auto fc = c.get(at(p, "&radius=3000"), resident_).json();
  std::size_t drawn = 0;
  for (const auto& cm : of_kind(fc, "community"))
    if (cm.at("id") == "440404104001") drawn = positions(cm.at("geometry"));
  ASSERT_GT(drawn, 3u);
  // The demo community's edges carry a vertex at every unit corner on straight lines.
  EXPECT_LT(drawn, positions(stored));
  // A wider square holds at least as many grids.
  auto narrow = c.get(at(p, "&radius=100"), resident_).json();
  EXPECT_GE(of_kind(fc, "grid").size(), of_kind(narrow, "grid").size());
  EXPECT_GE(of_kind(narrow, "grid").size(), 1u);
}

TEST_F(MapTest, BuildingsNearbyByNameOnly) {
  auto c = server_->client();
  auto p = server_->point_in_grid("440404104001001");
  auto far = server_->point_in_grid("440404104014001");
  std::string run = std::to_string(std::random_device{}() % 1000000);
  auto add = [&](const std::string& grid, const std::string& name, std::pair<double, double> at) {
    json::object b{
        {"region_code", grid}, {"name", name}, {"address", "e2e 地址 " + run}, {"lat", at.second}, {"lng", at.first}};
    auto r = c.send_json("POST", "/api/v1/buildings", b, admin_);
    ASSERT_EQ(r.status, 201) << r.body;
  };
  add("440404104001001", "3栋 " + run, {p.first + 0.0003, p.second + 0.0002});
  add("440404104014001", "9栋 " + run, far);
  auto fc = c.get(at(p), resident_).json();
  bool near_seen = false;
  for (const auto& b : of_kind(fc, "building")) {
    const auto& props = b.at("properties").as_object();
    EXPECT_EQ(props.size(), 2u) << json::serialize(props);  // kind and name: no address, no households
    EXPECT_NE(str(props.at("name")), "9栋 " + run);
    if (props.at("name") == ("3栋 " + run).c_str()) {
      near_seen = true;
      EXPECT_EQ(b.at("geometry").at("type"), "Point");
      EXPECT_NEAR(b.at("geometry").at("coordinates").at(0).to_number<double>(), p.first + 0.0003, 1e-6);
      EXPECT_NEAR(b.at("geometry").at("coordinates").at(1).to_number<double>(), p.second + 0.0002, 1e-6);
    }
  }
  EXPECT_TRUE(near_seen);
  EXPECT_EQ(c.get(at(p), resident_).body.find("e2e 地址"), std::string::npos);
}

TEST_F(MapTest, NothingNearAPointOutsideTheTerritory) {
  auto c = server_->client();
  auto r = c.get("/api/v1/map/nearby?lat=39.9&lng=116.4", resident_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json().at("features").as_array().empty());
}

TEST_F(MapTest, BadInputIsRefusedWithAProblem) {
  auto c = server_->client();
  struct Case {
    const char* query;
    const char* field;
  };
  for (auto [query, field] :
       {Case{"lat=91&lng=113.2", "lat"}, Case{"lat=22.05&lng=181", "lng"}, Case{"lat=abc&lng=113.2", "lat"},
        Case{"lng=113.2", "lat"}, Case{"lat=22.05", "lng"}, Case{"lat=22.05&lng=113.2&radius=100000", "radius"},
        Case{"lat=22.05&lng=113.2&radius=10", "radius"}, Case{"lat=22.05&lng=113.2&radius=far", "radius"}}) {
    auto r = c.get(std::string("/api/v1/map/nearby?") + query, resident_);
    EXPECT_EQ(r.status, 400) << query;
    EXPECT_EQ(r.header("content-type"), "application/problem+json") << query;
    EXPECT_EQ(r.json().at("code"), "invalid_query") << query;
    EXPECT_EQ(r.json().at("field"), field) << query;
  }
  // Signed-in accounts only.
  EXPECT_EQ(c.get("/api/v1/map/nearby?lat=22.05&lng=113.2").status, 401);
}

}  // namespace
}  // namespace wangge::testing
