// Grid first through HTTP on both backends (docs/EVENTS.md "Grid first"): with its community's
// setting on, a resident's report waits at its grid, unseen by the community's dispatcher;
// the grid's chief solves it on the spot with a photo or passes it up; its deadline passes
// it up by itself; a grid chief whistles departments; residents and party members blow the
// whistle through their report; the 告知 step for reporters without an account; the figures.
#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>

#include "events/service.h"
#include "integration/harness.h"

namespace wangge::testing {
namespace {

namespace json = boost::json;

constexpr const char* kHeldCommunity = "440404104001";
constexpr const char* kHeldGrid = "440404104001001";

class GridFirstTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    for (const char* u : {"resident", "dispatcher", "gridworker", "gridchief", "leader", "partymember", "handler"})
      tokens_[u] = server_->login(u);
    std::tie(lng_, lat_) = server_->point_in_grid(kHeldGrid);
    auto c = server_->client();
    auto deps = c.get("/api/v1/departments?region=440404104001", tokens_["dispatcher"]).json();
    for (const auto& d : deps.at("items").as_array()) {
      if (d.at("kind") == "urban_management") urban_ = d.at("id").as_int64();
    }
    auto r = c.send_json("PUT", std::string("/api/v1/grid-first/") + kHeldCommunity,
                         {{"enabled", true}, {"grid_hours", 4}}, tokens_["dispatcher"]);
    ASSERT_EQ(r.status, 200) << r.body;
  }
  static void TearDownTestSuite() { delete server_; }

  static HttpResponse report(const std::string& who, json::object extra = {}) {
    json::object body{{"category", "0301"}, {"description", "楼道堆放杂物堵住消防通道"}, {"lat", lat_}, {"lng", lng_}};
    for (const auto& [k, v] : extra) body[k] = v;
    return server_->client().send_json("POST", "/api/v1/events", body, tokens_[who]);
  }
  static json::value get(std::int64_t id, const std::string& who = "gridworker") {
    return server_->client().get("/api/v1/events/" + std::to_string(id), tokens_[who]).json();
  }
  static HttpResponse act(const std::string& who, std::int64_t id, const std::string& action, json::object body = {}) {
    if (!body.contains("version")) body["version"] = get(id, "leader").at("version");
    return server_->client().send_json("POST", "/api/v1/events/" + std::to_string(id) + "/" + action, body,
                                       tokens_[who]);
  }
  static bool listed(const std::string& who, const std::string& query, std::int64_t id) {
    auto page = server_->client().get("/api/v1/events?" + query, tokens_[who]).json();
    const auto& items = page.at("items").as_array();
    return std::any_of(items.begin(), items.end(), [&](const json::value& e) { return e.at("id") == id; });
  }
  static std::string photo(int seed) {
    auto r =
        server_->client().request("POST", "/api/v1/attachments", make_png(seed),
                                  {{"Content-Type", "image/png"}, {"Authorization", "Bearer " + tokens_["gridchief"]}});
    EXPECT_EQ(r.status, 201) << r.body;
    return str(r.json().at("hash"));
  }

  static TestServer* server_;
  static std::map<std::string, std::string> tokens_;
  static double lat_, lng_;
  static std::int64_t urban_;
};
TestServer* GridFirstTest::server_ = nullptr;
std::map<std::string, std::string> GridFirstTest::tokens_;
double GridFirstTest::lat_ = 0, GridFirstTest::lng_ = 0;
std::int64_t GridFirstTest::urban_ = 0;

TEST_F(GridFirstTest, AReportWaitsAtItsGridUntilSolvedThereOrPassedUp) {
  auto r = report("resident");
  ASSERT_EQ(r.status, 201) << r.body;
  std::int64_t id = r.json().at("id").as_int64();
  EXPECT_EQ(r.json().at("status"), "at_grid");
  auto e = get(id);
  EXPECT_EQ(e.at("next").at("role"), "grid");
  EXPECT_EQ(e.at("timeline").at(0).at("to_status"), "at_grid");
  // The community's dispatcher does not see it among the reports to accept; the grid does.
  EXPECT_FALSE(listed("dispatcher", "status=reported", id));
  EXPECT_TRUE(listed("gridworker", "status=at_grid", id));
  EXPECT_EQ(act("dispatcher", id, "accept").status, 409);  // not the dispatcher's yet
  // The grid's chief hears of it first.
  auto inbox = server_->client().get("/api/v1/notifications", tokens_["gridchief"]).json();
  bool told = false;
  const auto& notes = inbox.at("items").as_array();
  for (const auto& n : notes) told |= n.at("event_id") == id;
  EXPECT_TRUE(told);
  // Solving on the spot needs a photo; nothing changes without one.
  auto bad = act("gridchief", id, "solve", {{"comment", "已清理"}});
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(get(id).at("status"), "at_grid");
  EXPECT_EQ(act("resident", id, "solve", {{"comment", "x"}, {"photos", json::array{photo(1)}}}).status, 403);
  auto done = act("gridchief", id, "solve", {{"comment", "已联系物业清理完毕"}, {"photos", json::array{photo(2)}}});
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.json().at("status"), "closed");
  EXPECT_EQ(done.json().at("solved_level"), "grid");
  EXPECT_EQ(done.json().at("on_time"), true);
  // The reporter reads what was done.
  auto mine = server_->client().get("/api/v1/events/" + std::to_string(id), tokens_["resident"]).json();
  EXPECT_EQ(mine.at("timeline").as_array().back().at("comment"), "已联系物业清理完毕");

  // Passed up: the dispatcher's from then on.
  std::int64_t up = report("resident").json().at("id").as_int64();
  ASSERT_EQ(act("gridworker", up, "pass-up").status, 422);  // the reason is required
  auto passed = act("gridworker", up, "pass-up", {{"comment", "需城管执法"}});
  ASSERT_EQ(passed.status, 200) << passed.body;
  EXPECT_EQ(passed.json().at("status"), "reported");
  EXPECT_TRUE(listed("dispatcher", "status=reported", up));
  EXPECT_EQ(act("dispatcher", up, "accept").status, 200);
}

TEST_F(GridFirstTest, TheGridsDeadlinePassesTheReportToTheCommunity) {
  std::int64_t id = report("resident").json().at("id").as_int64();
  auto before = get(id);
  EXPECT_EQ(server_->app().events().release_at_grid(storage::now_ms()), 0u);  // not yet due
  // The scheduler, a week on.
  EXPECT_GE(server_->app().events().release_at_grid(storage::now_ms() + 7LL * 86'400'000), 1u);
  auto after = get(id);
  EXPECT_EQ(after.at("status"), "reported");
  EXPECT_EQ(after.at("version").as_int64(), before.at("version").as_int64() + 1);
  EXPECT_EQ(after.at("timeline").as_array().back().at("action"), "grid-timeout");
  EXPECT_TRUE(listed("dispatcher", "status=reported", id));
}

TEST_F(GridFirstTest, AGridChiefWhistlesDepartmentsThatReportIn) {
  std::int64_t id = report("resident").json().at("id").as_int64();
  EXPECT_EQ(act("gridchief", id, "grid-whistle", {{"comment", "占道经营"}}).status, 422);  // nobody summoned
  EXPECT_EQ(act("gridworker", id, "grid-whistle", {{"comment", "x"}, {"department_ids", json::array{urban_}}}).status,
            403);  // a grid worker does not whistle
  auto r = act("gridchief", id, "grid-whistle",
               {{"comment", "占道经营，请城管报到"}, {"department_ids", json::array{urban_}}, {"report_hours", 2}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("status"), "at_grid");  // the grid still holds it
  auto w = get(id).at("whistles").at(0);
  EXPECT_EQ(w.at("summoned_as"), "grid");
  EXPECT_EQ(w.at("department_id"), urban_);
  EXPECT_TRUE(w.at("unit_id").is_null());
  auto in = act("handler", id, "report-in", {{"comment", "已到场处置"}});
  ASSERT_EQ(in.status, 200) << in.body;
  EXPECT_FALSE(get(id).at("whistles").at(0).at("reported_at").is_null());
  // A unit that does not exist is refused with nothing changed.
  auto v = get(id, "leader").at("version");
  EXPECT_EQ(act("gridchief", id, "grid-whistle", {{"comment", "x"}, {"unit_ids", json::array{999999}}}).status, 422);
  EXPECT_EQ(get(id, "leader").at("version"), v);
}

TEST_F(GridFirstTest, ResidentsAndPartyMembersBlowTheWhistleThroughTheirReport) {
  auto r = report("resident", {{"whistle", true}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(get(r.json().at("id").as_int64()).at("whistle_by"), "resident");
  auto p = report("partymember", {{"whistle", true}});
  ASSERT_EQ(p.status, 201) << p.body;
  EXPECT_EQ(get(p.json().at("id").as_int64()).at("whistle_by"), "party_member");
  EXPECT_EQ(get(report("resident").json().at("id").as_int64()).at("whistle_by"), "");
  // Staff take reports in for others: theirs carry no whistle.
  auto staff = report("gridworker", {{"source", "hotline"}, {"whistle", true}, {"reporter_name", "张先生"}});
  EXPECT_EQ(staff.status, 422) << staff.body;
}

TEST_F(GridFirstTest, ReportersWithoutAnAccountAreToldOnceAndHow) {
  // A hotline caller's report, solved on the spot by the grid worker.
  auto r = report("gridworker", {{"source", "patrol"},
                                 {"reporter_name", "王阿姨"},
                                 {"phone", "13812345678"},
                                 {"self_handled", true},
                                 {"result", "已清理"}});
  ASSERT_EQ(r.status, 201) << r.body;
  std::int64_t id = r.json().at("id").as_int64();
  EXPECT_EQ(act("gridworker", id, "inform", {{"comment", "已电话告知"}}).status, 422);  // how?
  EXPECT_EQ(act("resident", id, "inform", {{"comment", "x"}, {"method", "phone"}}).status, 403);
  auto told = act("gridworker", id, "inform",
                  {{"comment", "已电话告知处理结果"}, {"method", "phone"}, {"informer_name", "李邻长"}});
  ASSERT_EQ(told.status, 200) << told.body;
  auto last = get(id).at("timeline").as_array().back();
  EXPECT_EQ(last.at("action"), "inform");
  EXPECT_EQ(last.at("detail").at("informer_name"), "李邻长");
  EXPECT_EQ(act("gridworker", id, "inform", {{"comment", "再次告知"}, {"method", "visit"}}).status, 409);
  // A reporter with an account hears from the platform.
  std::int64_t own = report("resident").json().at("id").as_int64();
  ASSERT_EQ(act("gridchief", own, "solve", {{"comment", "好了"}, {"photos", json::array{photo(3)}}}).status, 200);
  EXPECT_EQ(act("gridworker", own, "inform", {{"comment", "x"}, {"method", "phone"}}).status, 409);
}

TEST_F(GridFirstTest, SettingsAndFiguresAreScoped) {
  auto c = server_->client();
  // The community's grid chief reads the setting but may not change it; a version is needed
  // to change it; the grid worker's scope is their grid.
  EXPECT_EQ(c.get(std::string("/api/v1/grid-first/") + kHeldCommunity, tokens_["gridworker"]).status, 403);
  auto s = c.get(std::string("/api/v1/grid-first/") + kHeldCommunity, tokens_["gridchief"]);
  ASSERT_EQ(s.status, 200) << s.body;
  EXPECT_EQ(s.json().at("enabled"), true);
  std::int64_t v = s.json().at("version").as_int64();
  EXPECT_EQ(c.send_json("PUT", std::string("/api/v1/grid-first/") + kHeldCommunity, {{"enabled", false}},
                        tokens_["gridworker"])
                .status,
            403);
  EXPECT_EQ(c.send_json("PUT", std::string("/api/v1/grid-first/") + kHeldCommunity,
                        {{"enabled", true}, {"grid_hours", 8}}, tokens_["dispatcher"])
                .status,
            428);
  EXPECT_EQ(c.send_json("PUT", "/api/v1/grid-first/440404104", {{"enabled", true}}, tokens_["dispatcher"]).status,
            422);  // a town is not a community
  EXPECT_EQ(c.send_json("PUT", std::string("/api/v1/grid-first/") + kHeldCommunity,
                        {{"enabled", true}, {"grid_hours", 99}, {"version", v}}, tokens_["dispatcher"])
                .status,
            422);
  EXPECT_EQ(c.get(std::string("/api/v1/grid-first/") + kHeldCommunity, tokens_["dispatcher"]).json().at("version"), v);

  // Figures: what reached the grids, how it ended there.
  std::int64_t a = report("resident").json().at("id").as_int64();
  ASSERT_EQ(act("gridchief", a, "solve", {{"comment", "好了"}, {"photos", json::array{photo(4)}}}).status, 200);
  std::int64_t b = report("resident").json().at("id").as_int64();
  ASSERT_EQ(act("gridworker", b, "pass-up", {{"comment", "需社区协调"}}).status, 200);
  auto f = c.get("/api/v1/grid-first-stats?region=440404104", tokens_["leader"]);
  ASSERT_EQ(f.status, 200) << f.body;
  const auto stats = f.json();
  const auto& totals = stats.at("totals");
  EXPECT_GE(totals.at("received").as_int64(), 2);
  EXPECT_GE(totals.at("solved").as_int64(), 1);
  EXPECT_GE(totals.at("passed_up").as_int64(), 1);
  std::int64_t sum = 0;
  for (const auto& g : stats.at("grids").as_array()) sum += g.at("received").as_int64();
  EXPECT_EQ(sum, totals.at("received").as_int64());
  EXPECT_EQ(stats.at("grids").at(0).at("code"), kHeldGrid);
  double rate = totals.at("solve_rate").to_number<double>();
  EXPECT_DOUBLE_EQ(rate, static_cast<double>(totals.at("solved").as_int64()) / totals.at("received").as_int64());
  EXPECT_EQ(c.get("/api/v1/grid-first-stats?region=440404104", tokens_["gridworker"]).status, 403);
  EXPECT_EQ(c.get("/api/v1/grid-first-stats?region=440404998", tokens_["leader"]).status, 404);
}

}  // namespace
}  // namespace wangge::testing
