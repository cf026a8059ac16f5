// The territory through HTTP: the demo tree, GeoJSON, point lookup, coverage, and the
// administrator's create / update / move / delete with their guards.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "integration/harness.h"

namespace wangge::testing {
namespace {

namespace json = boost::json;

class TerritoryTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    admin_ = server_->login("admin", kAdminPassword);
  }
  static void TearDownTestSuite() { delete server_; }
  static TestServer* server_;
  static std::string admin_;
};
TestServer* TerritoryTest::server_ = nullptr;
std::string TerritoryTest::admin_;

// A rectangle polygon as GeoJSON.
json::object rect(double x0, double y0, double x1, double y1) {
  return {{"type", "Polygon"},
          {"coordinates", json::array{json::array{json::array{x0, y0}, json::array{x1, y0}, json::array{x1, y1},
                                                  json::array{x0, y1}, json::array{x0, y0}}}}};
}

TEST_F(TerritoryTest, DemoTreeFromOfficialDivisions) {
  auto c = server_->client();
  auto town = c.get("/api/v1/regions/440404104", admin_);
  ASSERT_EQ(town.status, 200);
  auto j = town.json();
  EXPECT_EQ(j.at("name"), "平沙镇");
  EXPECT_EQ(j.at("level"), "town");
  EXPECT_EQ(j.at("child_count"), 11);
  auto path = j.at("path").as_array();
  ASSERT_EQ(path.size(), 4u);
  EXPECT_EQ(path[0].at("name"), "广东省");
  EXPECT_EQ(path[1].at("name"), "珠海市");
  EXPECT_EQ(path[2].at("name"), "金湾区");
  EXPECT_TRUE(j.at("geometry").is_object());
  auto kids = c.get("/api/v1/regions/440404104/children", admin_).json().at("items").as_array();
  ASSERT_EQ(kids.size(), 11u);
  EXPECT_EQ(kids[0].at("name"), "立新社区居民委员会");
  EXPECT_EQ(kids[0].at("code"), "440404104001");
  // Pagination by cursor walks the same list.
  std::vector<std::string> paged;
  std::string cursor;
  for (;;) {
    auto page =
        c.get("/api/v1/regions/440404104/children?limit=4" + (cursor.empty() ? "" : "&cursor=" + cursor), admin_)
            .json();
    for (const auto& k : page.at("items").as_array()) paged.emplace_back(k.at("code").as_string());
    if (page.at("next_cursor").is_null()) break;
    cursor = std::string(page.at("next_cursor").as_string());
  }
  ASSERT_EQ(paged.size(), 11u);
  EXPECT_EQ(paged.back(), str(kids.back().at("code")));
}

TEST_F(TerritoryTest, GeoJsonOfAGridsChildren) {
  auto c = server_->client();
  auto r = c.get("/api/v1/regions/440404104001/geojson", admin_);
  ASSERT_EQ(r.status, 200);
  auto fc = r.json();
  EXPECT_EQ(fc.at("type"), "FeatureCollection");
  auto features = fc.at("features").as_array();
  ASSERT_EQ(features.size(), 6u);
  EXPECT_EQ(features[0].at("properties").at("level"), "grid");
  EXPECT_EQ(features[0].at("properties").at("code").as_string().size(), 15u);
  EXPECT_EQ(features[0].at("geometry").at("type"), "Polygon");
}

TEST_F(TerritoryTest, LocateFindsTheGridAndItsChain) {
  auto c = server_->client();
  // The centre of a unit polygon of grid 440404104001001 must locate to that grid.
  auto g = c.get("/api/v1/regions/440404104001001001", admin_).json();
  const auto& ring = g.at("geometry").at("coordinates").as_array()[0].as_array();
  double lng = 0, lat = 0;
  for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
    lng += ring[i].as_array()[0].to_number<double>();
    lat += ring[i].as_array()[1].to_number<double>();
  }
  lng /= static_cast<double>(ring.size() - 1);
  lat /= static_cast<double>(ring.size() - 1);
  auto r = c.get("/api/v1/locate?lat=" + std::to_string(lat) + "&lng=" + std::to_string(lng), admin_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("grid").at("code"), "440404104001001");
  EXPECT_EQ(r.json().at("path").as_array().size(), 6u);
  auto out = c.get("/api/v1/locate?lat=39.9&lng=116.4", admin_);
  EXPECT_EQ(out.status, 404);
  EXPECT_EQ(out.json().at("code"), "not_located");
  auto bad = c.get("/api/v1/locate?lat=abc&lng=113", admin_);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json().at("field"), "lat");
  EXPECT_EQ(c.get("/api/v1/locate?lat=91&lng=113", admin_).status, 400);
}

TEST_F(TerritoryTest, CoverageIsCompleteThenShowsAGapAndAnOverlap) {
  auto c = server_->client();
  auto full = c.get("/api/v1/regions/440404104002/coverage", admin_).json();
  EXPECT_TRUE(full.at("complete").as_bool());
  EXPECT_GT(full.at("area_m2").to_number<double>(), 1e6);
  EXPECT_TRUE(full.at("gaps").as_array().empty());
  // Shrink grid 002001 to a small square inside itself: the rest becomes a gap.
  auto grid = c.get("/api/v1/regions/440404104002001", admin_).json();
  const auto& ring = grid.at("geometry").at("coordinates").as_array()[0].as_array();
  double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
  for (const auto& p : ring) {
    x0 = std::min(x0, p.as_array()[0].to_number<double>());
    y0 = std::min(y0, p.as_array()[1].to_number<double>());
    x1 = std::max(x1, p.as_array()[0].to_number<double>());
    y1 = std::max(y1, p.as_array()[1].to_number<double>());
  }
  double cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  auto upd = c.send_json(
      "PATCH", "/api/v1/regions/440404104002001",
      {{"geometry", rect(cx - 0.001, cy - 0.001, cx + 0.001, cy + 0.001)}, {"version", grid.at("version")}}, admin_);
  ASSERT_EQ(upd.status, 200) << upd.body;
  auto gap = c.get("/api/v1/regions/440404104002/coverage", admin_).json();
  EXPECT_FALSE(gap.at("complete").as_bool());
  ASSERT_EQ(gap.at("gaps").as_array().size(), 1u);
  EXPECT_GT(gap.at("gaps").as_array()[0].at("area_m2").to_number<double>(), 1000.0);
  EXPECT_EQ(gap.at("gaps").as_array()[0].at("geometry").at("type"), "Polygon");
  // A stale version is refused and changes nothing.
  auto stale = c.send_json("PATCH", "/api/v1/regions/440404104002001",
                           {{"name", "改名"}, {"version", grid.at("version")}}, admin_);
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(c.get("/api/v1/regions/440404104002001", admin_).json().at("name"), grid.at("name"));
  // Grow grid 002002 over the whole community: overlaps with its neighbours.
  auto community = c.get("/api/v1/regions/440404104002", admin_).json();
  auto grow = c.send_json("PATCH", "/api/v1/regions/440404104002002", {{"geometry", community.at("geometry")}}, admin_);
  ASSERT_EQ(grow.status, 200) << grow.body;
  auto over = c.get("/api/v1/regions/440404104002/coverage", admin_).json();
  EXPECT_FALSE(over.at("overlaps").as_array().empty());
  const auto& codes = over.at("overlaps").as_array()[0].at("codes").as_array();
  EXPECT_EQ(codes.size(), 2u);
  // The point index follows the change: the old centre of 002001 now lies in 002002.
  auto loc =
      c.get("/api/v1/locate?lat=" + std::to_string(y0 + 0.0002) + "&lng=" + std::to_string(x0 + 0.0002), admin_).json();
  EXPECT_EQ(loc.at("grid").at("code"), "440404104002002");
}

TEST_F(TerritoryTest, CreateValidatesCodeLevelAndGeometry) {
  auto c = server_->client();
  auto unit = c.get("/api/v1/regions/440404104003001001", admin_).json();
  auto ok = c.send_json("POST", "/api/v1/regions",
                        {{"code", "440404104003001001001"},
                         {"name", "1栋"},
                         {"level", "building"},
                         {"parent_code", "440404104003001001"}},
                        admin_);
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(ok.json().at("level"), "building");
  auto dup = c.send_json("POST", "/api/v1/regions",
                         {{"code", "440404104003001001001"},
                          {"name", "1栋"},
                          {"level", "building"},
                          {"parent_code", "440404104003001001"}},
                         admin_);
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.json().at("code"), "already_exists");
  struct Case {
    json::object body;
    int status;
    std::string code, field;
  };
  std::vector<Case> cases = {
      {{{"code", "4404041040030010010"}, {"name", "x"}, {"level", "building"}, {"parent_code", "440404104003001001"}},
       422,
       "validation",
       "code"},
      {{{"code", "440404104004001001002"}, {"name", "x"}, {"level", "building"}, {"parent_code", "440404104003001001"}},
       422,
       "validation",
       "code"},
      {{{"code", "440404104003001001002"}, {"name", "x"}, {"level", "grid"}, {"parent_code", "440404104003001001"}},
       422,
       "validation",
       "code"},
      {{{"code", "440404104003001001002"}, {"name", "x"}, {"level", "castle"}, {"parent_code", "440404104003001001"}},
       422,
       "validation",
       "level"},
      {{{"code", "440404104003001001002"}, {"name", "x"}, {"level", "building"}, {"parent_code", "440404104999001001"}},
       422,
       "validation",
       "parent_code"},
      {{{"code", "440404104003001001002"}, {"name", ""}, {"level", "building"}, {"parent_code", "440404104003001001"}},
       422,
       "validation",
       "name"},
      {{{"code", "440404104003001001002"}, {"name", 5}, {"level", "building"}, {"parent_code", "440404104003001001"}},
       422,
       "validation",
       "name"},
      {{{"code", "440404104003001001002"},
        {"name", "x"},
        {"level", "building"},
        {"parent_code", "440404104003001001"},
        {"extra", 1}},
       422,
       "validation",
       "extra"},
      // A bow-tie (self-intersecting) ring.
      {{{"code", "440404104003001001002"},
        {"name", "x"},
        {"level", "building"},
        {"parent_code", "440404104003001001"},
        {"geometry",
         {{"type", "Polygon"},
          {"coordinates", json::array{json::array{json::array{0, 0}, json::array{1, 1}, json::array{1, 0},
                                                  json::array{0, 1}, json::array{0, 0}}}}}}},
       422,
       "invalid_geometry",
       "geometry"},
      // Valid, but far outside its parent unit.
      {{{"code", "440404104003001001002"},
        {"name", "x"},
        {"level", "building"},
        {"parent_code", "440404104003001001"},
        {"geometry", rect(116.0, 39.0, 116.1, 39.1)}},
       422,
       "geometry_outside_parent",
       "geometry"},
  };
  for (const auto& tc : cases) {
    auto r = c.send_json("POST", "/api/v1/regions", tc.body, admin_);
    EXPECT_EQ(r.status, tc.status) << json::serialize(tc.body) << " -> " << r.body;
    EXPECT_EQ(str(r.json().at("code")), tc.code) << r.body;
    EXPECT_EQ(str(r.json().at("field")), tc.field) << r.body;
    EXPECT_FALSE(r.json().at("message_zh").as_string().empty());
    EXPECT_FALSE(r.json().at("message_en").as_string().empty());
  }
  // Nothing was created by the refused requests.
  auto kids = c.get("/api/v1/regions/440404104003001001/children", admin_).json().at("items").as_array();
  EXPECT_EQ(kids.size(), 1u);
  (void)unit;
}

TEST_F(TerritoryTest, DeleteAndMoveGuards) {
  auto c = server_->client();
  auto auth = std::vector<std::pair<std::string, std::string>>{{"Authorization", "Bearer " + admin_}};
  auto has_kids = c.request("DELETE", "/api/v1/regions/440404104004", {}, auth);
  EXPECT_EQ(has_kids.status, 409);
  EXPECT_EQ(has_kids.json().at("code"), "region_in_use");
  // A grid with a role grant on it is in use.
  auto granted = c.request("DELETE", "/api/v1/regions/440404104001001001", {}, auth);
  EXPECT_EQ(granted.status, 204) << granted.body;  // a unit: no grant, no children
  auto grid_with_grant = c.get("/api/v1/regions/440404104001001", admin_).json();
  // Remove its remaining units first, then the grant still blocks it.
  for (const char* u : {"440404104001001002", "440404104001001003", "440404104001001004"}) {
    EXPECT_EQ(c.request("DELETE", std::string("/api/v1/regions/") + u, {}, auth).status, 204);
  }
  auto blocked = c.request("DELETE", "/api/v1/regions/440404104001001", {}, auth);
  EXPECT_EQ(blocked.status, 409);
  EXPECT_NE(blocked.json().at("message_en").as_string().find("grant"), std::string::npos);
  EXPECT_EQ(c.get("/api/v1/regions/440404104001001", admin_).status, 200);
  (void)grid_with_grant;
  // A unit's boundary lies in its grid: moving it into another grid is refused.
  auto outside =
      c.send_json("POST", "/api/v1/regions/440404104006001001/move", {{"parent_code", "440404104006002"}}, admin_);
  EXPECT_EQ(outside.status, 422);
  EXPECT_EQ(str(outside.json().at("code")), "geometry_outside_parent");
  // A building without a boundary moves: its path follows, its code stays.
  ASSERT_EQ(c.send_json("POST", "/api/v1/regions",
                        {{"code", "440404104006001001001"},
                         {"name", "A栋"},
                         {"level", "building"},
                         {"parent_code", "440404104006001001"}},
                        admin_)
                .status,
            201);
  auto moved = c.send_json("POST", "/api/v1/regions/440404104006001001001/move",
                           {{"parent_code", "440404104006002001"}}, admin_);
  ASSERT_EQ(moved.status, 200) << moved.body;
  auto after = c.get("/api/v1/regions/440404104006001001001", admin_).json();
  EXPECT_EQ(after.at("parent_code"), "440404104006002001");
  EXPECT_EQ(after.at("path").as_array().at(5).at("code"), "440404104006002");
  EXPECT_EQ(after.at("path").as_array().at(6).at("code"), "440404104006002001");
  EXPECT_EQ(c.get("/api/v1/regions/440404104006001001/children", admin_).json().at("items").as_array().size(), 0u);
  auto wrong_level =
      c.send_json("POST", "/api/v1/regions/440404104006001002/move", {{"parent_code", "440404104007"}}, admin_);
  EXPECT_EQ(wrong_level.status, 422);
  auto unknown = c.request("DELETE", "/api/v1/regions/999999999", {}, auth);
  EXPECT_EQ(unknown.status, 404);
}

// Eight clients create the same twelve buildings at once, so that group commits hold
// duplicates (the region rows are deferred, multi-row inserts): each code is created
// exactly once, every other attempt answers 409, and each creation has one audit record.
TEST_F(TerritoryTest, ConcurrentDuplicateCreatesCreateEachCodeOnce) {
  constexpr int kClients = 8, kCodes = 12;
  const std::string unit = "440404104006001002";
  std::atomic<int> created{0}, conflicts{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kClients; ++t) {
    threads.emplace_back([&, t] {
      auto c = server_->client();
      for (int i = 0; i < kCodes; ++i) {
        int n = (i + t) % kCodes + 101;  // each client starts elsewhere in the list
        auto r = c.send_json("POST", "/api/v1/regions",
                             {{"code", unit + std::to_string(n)},
                              {"name", std::to_string(n) + "栋"},
                              {"level", "building"},
                              {"parent_code", unit}},
                             admin_);
        (r.status == 201 ? created : r.status == 409 ? conflicts : other)++;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(created.load(), kCodes);
  EXPECT_EQ(conflicts.load(), kClients * kCodes - kCodes);
  EXPECT_EQ(other.load(), 0);
  auto c = server_->client();
  auto kids = c.get("/api/v1/regions/" + unit + "/children?limit=100", admin_).json().at("items").as_array();
  EXPECT_EQ(kids.size(), static_cast<std::size_t>(kCodes));
  auto one = c.get("/api/v1/regions/" + unit + "107", admin_).json();
  auto path = one.at("path").as_array();  // province ... the building itself
  ASSERT_EQ(path.size(), 8u);
  EXPECT_EQ(path[6].at("code").as_string(), unit);
  auto log = c.get("/api/v1/audit?action=territory:region:create&target=" + unit + "101", admin_).json();
  EXPECT_EQ(log.at("items").as_array().size(), 1u);
}

TEST_F(TerritoryTest, WritesAreAudited) {
  auto c = server_->client();
  ASSERT_EQ(
      c.send_json("PATCH", "/api/v1/regions/440404104008001", {{"name", "前进社区第一网格（东）"}}, admin_).status,
      200);
  auto log = c.get("/api/v1/audit?action=territory:region:update&target=440404104008001", admin_).json();
  auto items = log.at("items").as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("actor"), "admin");
  EXPECT_EQ(items[0].at("ip"), "127.0.0.1");
  EXPECT_EQ(items[0].at("detail").at("name"), "前进社区第一网格（东）");
}

}  // namespace
}  // namespace wangge::testing
