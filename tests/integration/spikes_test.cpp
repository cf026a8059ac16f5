// Spike warnings through HTTP on both backends (docs/EVENTS.md "Spike warnings"): eight weeks
// of a grid's environment reports, back-dated in the database (the API files events now),
// then a burst today; a scan finds it once and tells the community's leader and secretary;
// the list shows it within the caller's scope and refuses a node outside it; acknowledging
// twice is a conflict.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/calendar.h"
#include "core/storage/database.h"
#include "integration/harness.h"

namespace wangge::testing {
namespace {

namespace json = boost::json;

constexpr const char* kSpikeGrid = "440404104001001";

class SpikesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    for (const char* u : {"dispatcher", "leader", "secretary", "gridworker"}) tokens_[u] = server_->login(u);
    tokens_["admin"] = server_->login("admin", kAdminPassword);
    // A leader of another community of the town (440404104002).
    auto c = server_->client();
    auto u = c.send_json("POST", "/api/v1/users",
                         {{"username", "spikeleader"}, {"display_name", "S"}, {"password", "Spike#Leader2026"}},
                         tokens_["admin"]);
    ASSERT_EQ(u.status, 201) << u.body;
    auto g = c.send_json("POST", "/api/v1/users/" + std::to_string(u.json().at("id").as_int64()) + "/grants",
                         {{"role", "leader"}, {"region_code", "440404104002"}}, tokens_["admin"]);
    ASSERT_EQ(g.status, 201) << g.body;
    tokens_["other"] = server_->login("spikeleader", "Spike#Leader2026");
  }
  static void TearDownTestSuite() { delete server_; }

  // A patrol report of piled-up rubbish (category 0301, top level 03) in the grid.
  static std::int64_t spike_report() {
    auto r = server_->client().send_json("POST", "/api/v1/events",
                                         {{"source", "patrol"},
                                          {"category", "0301"},
                                          {"description", "小区门口垃圾堆放"},
                                          {"grid_code", kSpikeGrid},
                                          {"address", "平沙镇一村 3 号"}},
                                         tokens_["dispatcher"]);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().at("id").as_int64();
  }
  static HttpResponse spike_scan(const std::string& who = "admin") {
    return server_->client().send_json("POST", "/api/v1/events/spikes/scan", json::object{}, tokens_[who]);
  }
  // The spike warnings `who` lists with `query`.
  static json::array spike_list(const std::string& who, const std::string& query = "") {
    auto r = server_->client().get("/api/v1/events/spikes" + query, tokens_[who]);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r.json().at("items").as_array() : json::array{};
  }
  // The spike notifications in `who`'s inbox.
  static std::vector<json::object> spike_inbox(const std::string& who) {
    auto page = server_->client().get("/api/v1/notifications?limit=100", tokens_[who]).json();
    std::vector<json::object> out;
    for (const auto& n : page.at("items").as_array()) {
      if (n.at("kind") == "event.spike") out.push_back(n.as_object());
    }
    return out;
  }

  static TestServer* server_;
  static std::map<std::string, std::string> tokens_;
};
TestServer* SpikesTest::server_ = nullptr;
std::map<std::string, std::string> SpikesTest::tokens_;

TEST_F(SpikesTest, ABurstIsFoundOnceToldListedInScopeAndAcknowledgedOnce) {
  // The baseline: one report every other day from 56 to 2 days ago (0.5 a day).
  const std::int64_t now = storage::now_ms();
  std::vector<std::int64_t> history;
  for (int i = 0; i < 28; ++i) history.push_back(spike_report());
  server_->app().db().write([&](storage::Tx& tx) {
    for (std::size_t i = 0; i < history.size(); ++i) {
      std::int64_t at = now - static_cast<std::int64_t>(2 + 2 * i) * 86'400'000;
      tx.exec("UPDATE events SET created_at = ?, updated_at = ?, stage_started_at = ? WHERE id = ?",
              {at, at, at, history[i]});
    }
  });
  // Nothing to warn of yet: the grid's days were all ordinary.
  auto quiet = spike_scan();
  ASSERT_EQ(quiet.status, 200) << quiet.body;
  EXPECT_EQ(quiet.json().at("found"), 0);

  // Eight today: P(X >= 8 | Poisson(0.5)) is about 1e-8.
  for (int i = 0; i < 8; ++i) spike_report();
  auto first = spike_scan();
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.json().at("found"), 1);
  auto again = spike_scan();
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json().at("found"), 0) << "a spike is recorded once";
  // Only administrators run a scan.
  EXPECT_EQ(spike_scan("leader").status, 403);

  // Listed in the leader's scope (the town), with the grid's figures.
  const std::string today = format_day(server_->app().calendar().day_of(now));
  auto items = spike_list("leader", "?region=440404104");
  ASSERT_EQ(items.size(), 1u);
  const auto& s = items[0].as_object();
  std::int64_t id = s.at("id").as_int64();
  EXPECT_EQ(s.at("grid_code"), kSpikeGrid);
  EXPECT_FALSE(str(s.at("grid_name")).empty());
  EXPECT_EQ(s.at("category").at("code"), "03");
  EXPECT_EQ(s.at("category").at("name_zh"), "环境卫生");
  EXPECT_EQ(str(s.at("day")), today);
  EXPECT_EQ(s.at("count"), 8);
  EXPECT_NEAR(s.at("expected").to_number<double>(), 0.5, 0.15);
  EXPECT_GT(s.at("ratio").to_number<double>(), 10.0);
  EXPECT_LT(s.at("p_value").to_number<double>(), 1e-5);
  EXPECT_EQ(s.at("severity"), "alarm");
  EXPECT_EQ(s.at("status"), "open");
  // The dispatcher's whole scope lists it too; a node outside the leader's scope is refused,
  // and a grid worker reads no statistics.
  auto mine = spike_list("dispatcher");
  EXPECT_TRUE(std::any_of(mine.begin(), mine.end(), [&](const json::value& v) { return v.at("id") == id; }));
  EXPECT_EQ(server_->client().get("/api/v1/events/spikes?region=440404", tokens_["leader"]).status, 403);
  EXPECT_EQ(server_->client().get("/api/v1/events/spikes", tokens_["gridworker"]).status, 403);
  EXPECT_TRUE(spike_list("leader", "?region=440404104002").empty()) << "another community's";

  // Told once to the leader (the town) and the secretary (the grid's community).
  for (const char* who : {"leader", "secretary"}) {
    auto told = spike_inbox(who);
    ASSERT_EQ(told.size(), 1u) << who;
    EXPECT_EQ(str(told[0].at("record")), "spike:" + std::to_string(id)) << who;
    std::string zh = str(told[0].at("title_zh"));
    EXPECT_NE(zh.find("「环境卫生」事件今日 8 件"), std::string::npos) << zh;
    EXPECT_NE(str(told[0].at("title_en")).find("8 \"Environment and sanitation\" events today"), std::string::npos);
  }
  EXPECT_TRUE(spike_inbox("dispatcher").empty());
  // A leader of another community is not told, does not see it and may not acknowledge it.
  EXPECT_TRUE(spike_inbox("other").empty());
  EXPECT_TRUE(spike_list("other").empty());
  EXPECT_EQ(server_->client().get("/api/v1/events/spikes?region=440404104001", tokens_["other"]).status, 403);
  EXPECT_EQ(server_->client()
                .send_json("POST", "/api/v1/events/spikes/" + std::to_string(id) + "/acknowledge", json::object{},
                           tokens_["other"])
                .status,
            403);

  // Acknowledged once, with a note; the second time is a conflict.
  std::string ack = "/api/v1/events/spikes/" + std::to_string(id) + "/acknowledge";
  auto c = server_->client();
  EXPECT_EQ(c.send_json("POST", ack, {{"note", "x"}}, tokens_["gridworker"]).status, 403);
  auto done = c.send_json("POST", ack, {{"note", "已安排清运"}}, tokens_["leader"]);
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.json().at("status"), "acknowledged");
  EXPECT_EQ(done.json().at("note"), "已安排清运");
  EXPECT_FALSE(done.json().at("acknowledged_at").is_null());
  EXPECT_EQ(c.send_json("POST", ack, json::object{}, tokens_["leader"]).status, 409);
  EXPECT_EQ(c.send_json("POST", "/api/v1/events/spikes/999999/acknowledge", json::object{}, tokens_["leader"]).status,
            404);
  EXPECT_TRUE(spike_list("leader", "?status=open").empty());
  EXPECT_EQ(spike_list("leader", "?status=acknowledged&from=" + today).size(), 1u);
  EXPECT_EQ(server_->client().get("/api/v1/events/spikes?status=closed", tokens_["leader"]).status, 400);
}

}  // namespace
}  // namespace wangge::testing
