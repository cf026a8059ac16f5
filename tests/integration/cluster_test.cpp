// Several Wangge nodes on one PostgreSQL database (docs/CLUSTER.md): what one node writes
// reaches the live consoles of the others, security changes take effect on every node
// within a second, and the background work runs on exactly one node, another taking over
// when it stops. Two nodes here are two Apps in this process, each with its own caches,
// listener connection, HTTP server and data directory, on one database schema.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <set>
#include <thread>

#include "integration/harness.h"

namespace wangge::testing {
namespace {

namespace json = boost::json;

class ClusterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!using_postgres()) GTEST_SKIP() << "several nodes share a PostgreSQL database";
    a_ = std::make_unique<TestServer>();
    b_ = std::make_unique<TestServer>(*a_, Config{});
  }

  static json::object report_body() {
    return {{"category", "0301"},
            {"description", "两个节点"},
            {"grid_code", "440404104001001"},
            {"address", "立新路 1 号"},
            {"source", "hotline"}};
  }

  // Polls `fn` every 20 ms until it is true or `ms` have passed; whether it became true.
  template <typename F>
  static bool within(int ms, F fn) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (std::chrono::steady_clock::now() < deadline) {
      if (fn()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return fn();
  }

  std::unique_ptr<TestServer> a_, b_;
};

TEST_F(ClusterTest, AnEventReportedOnOneNodeReachesTheConsolesOfTheOther) {
  auto dispatcher = a_->login("dispatcher");
  StreamReader on_b(b_->port(), dispatcher);
  ASSERT_TRUE(on_b.read_until("event: hello", 3000)) << on_b.text();
  auto c = a_->client();
  auto r = c.send_json("POST", "/api/v1/events", report_body(), dispatcher);
  ASSERT_EQ(r.status, 201) << r.body;
  std::string id = std::to_string(r.json().at("id").as_int64());
  EXPECT_TRUE(on_b.read_until("\"id\":" + id, 1000)) << on_b.text();
  // ... and its new notification rings the dispatcher's bell there too.
  EXPECT_TRUE(on_b.read_until("event: inbox", 1000)) << on_b.text();
}

TEST_F(ClusterTest, ALogoutOrARevokedGrantOnOneNodeHoldsOnEveryNodeWithinASecond) {
  auto token = a_->login("gridworker");
  auto cb = b_->client();
  auto me = cb.get("/api/v1/auth/me", token);  // now cached on b
  ASSERT_EQ(me.status, 200);
  std::int64_t user = me.json().at("id").as_int64();
  auto grants = me.json().at("grants").as_array();
  ASSERT_FALSE(grants.empty());

  // A revoked grant: the administrator takes the grid worker's roles away on a.
  auto admin = a_->login("admin", kAdminPassword);
  auto ca = a_->client();
  for (const auto& g : grants) {
    auto d = ca.request("DELETE",
                        "/api/v1/users/" + std::to_string(user) + "/grants/" + std::to_string(g.at("id").as_int64()),
                        "", {{"Authorization", "Bearer " + admin}});
    ASSERT_EQ(d.status, 204) << d.body;
  }
  EXPECT_TRUE(within(1000, [&] { return cb.get("/api/v1/auth/me", token).json().at("grants").as_array().empty(); }));

  // A logout on a ends the session on b.
  ASSERT_EQ(ca.request("POST", "/api/v1/auth/logout", "", {{"Authorization", "Bearer " + token}}).status, 204);
  EXPECT_TRUE(within(1000, [&] { return cb.get("/api/v1/auth/me", token).status == 401; }));
}

TEST_F(ClusterTest, FailedLoginsCountAcrossNodes) {
  auto ca = a_->client(), cb = b_->client();
  json::object wrong{{"username", "dispatcher"}, {"password", "wrong-Wrong1"}};
  for (int i = 0; i < 4; ++i) {
    auto& c = i % 2 ? cb : ca;
    EXPECT_EQ(c.send_json("POST", "/api/v1/auth/login", wrong).status, 401);
  }
  EXPECT_EQ(ca.send_json("POST", "/api/v1/auth/login", wrong).status, 423);
  json::object right{{"username", "dispatcher"}, {"password", kDemoPassword}};
  EXPECT_EQ(cb.send_json("POST", "/api/v1/auth/login", right).status, 423);
}

TEST_F(ClusterTest, ACategoryChangedOnOneNodeIsServedByTheOther) {
  auto admin = a_->login("admin", kAdminPassword);
  auto ca = a_->client(), cb = b_->client();
  auto named = [&](const std::string& name) {
    return cb.get("/api/v1/event-categories", admin).body.find(name) != std::string::npos;
  };
  ASSERT_FALSE(named("两节点类别"));  // b has loaded (and cached) the categories
  auto r = ca.send_json("PUT", "/api/v1/event-categories/0907",
                        {{"name_zh", "两节点类别"}, {"name_en", "Two nodes"}, {"parent_code", "09"}}, admin);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_TRUE(within(1000, [&] { return named("两节点类别"); }));
}

TEST_F(ClusterTest, TwoNodesRacingOnOneEventVersionGiveOneSuccessAndOneConflict) {
  auto dispatcher = a_->login("dispatcher");
  auto ca = a_->client(), cb = b_->client();
  auto r = ca.send_json("POST", "/api/v1/events", report_body(), dispatcher);
  ASSERT_EQ(r.status, 201) << r.body;
  auto id = std::to_string(r.json().at("id").as_int64());
  auto version = r.json().at("version").as_int64();
  json::object accept{{"version", version}};
  HttpResponse first, second;
  std::thread t([&] { first = ca.send_json("POST", "/api/v1/events/" + id + "/accept", accept, dispatcher); });
  second = cb.send_json("POST", "/api/v1/events/" + id + "/accept", accept, dispatcher);
  t.join();
  std::multiset<int> statuses{first.status, second.status};
  EXPECT_EQ(statuses, (std::multiset<int>{200, 409})) << first.body << second.body;
}

TEST_F(ClusterTest, BackgroundWorkRunsOnOneNodeAndMovesWhenItStops) {
  // Both nodes try every second; exactly one holds the lease.
  ASSERT_TRUE(within(3000, [&] { return a_->app().leading() != b_->app().leading(); }));
  bool a_led = a_->app().leading();
  EXPECT_NE(a_led, b_->app().leading());
  // The leader stops (its connections close): the other takes over within seconds.
  if (a_led) {
    // a owns the schema; stop it last. A third node stands in for a.
    auto c = std::make_unique<TestServer>(*a_, Config{});
    EXPECT_FALSE(c->app().leading());
    a_->app().stop();
    EXPECT_TRUE(within(4000, [&] { return b_->app().leading() || c->app().leading(); }));
    EXPECT_FALSE(b_->app().leading() && c->app().leading());
  } else {
    b_.reset();
    EXPECT_TRUE(within(4000, [&] { return a_->app().leading(); }));
  }
}

TEST_F(ClusterTest, AFileUploadedOnOneNodeIsServedAndImportedByTheOthers) {
  auto worker = a_->login("gridworker");
  auto ca = a_->client();
  std::string png = make_png(1601);
  auto up = ca.request("POST", "/api/v1/attachments", png,
                       {{"Content-Type", "image/png"}, {"Authorization", "Bearer " + worker}});
  ASSERT_EQ(up.status, 201) << up.body;
  std::string hash(up.json().at("hash").as_string());
  auto cb = b_->client();
  auto down = cb.get("/api/v1/attachments/" + hash, worker);
  ASSERT_EQ(down.status, 200) << down.body.substr(0, 200);
  EXPECT_EQ(down.body, png);
  // An import uploaded to the node that does not lead is run by the one that does.
  auto& other = a_->app().leading() ? *b_ : *a_;
  auto co = other.client();
  auto job = co.request(
      "POST", "/api/v1/registry/imports?kind=persons",
      "姓名,身份证号,网格编码,地址\r\n两节点," + valid_id("44040419800101123") + ",440404104001001,立新路 2 号\r\n",
      {{"Content-Type", "text/csv"}, {"Authorization", "Bearer " + worker}});
  ASSERT_EQ(job.status, 202) << job.body;
  auto done = wait_for_import(co, job.json().at("id").as_int64(), worker);
  EXPECT_EQ(done.at("status"), "done") << done;
}

TEST_F(ClusterTest, ANodeWithAnotherDataKeyFilesPlaceOrAPrimaryAsReplicaIsRefusedAtStart) {
  auto refusal = [&](Config cfg) -> std::string {
    cfg.listen = "127.0.0.1:0";
    cfg.database = a_->db_url();
    cfg.divisions_dir = divisions_dir();
    cfg.access_log = false;
    if (cfg.data_dir.empty() || cfg.data_dir == Config{}.data_dir) cfg.data_dir = temp_dir("wangge-refused");
    if (cfg.data_key_file.empty()) cfg.data_key_file = a_->dir + "/keys/data.key";
    try {
      App app(cfg);
    } catch (const std::exception& e) {
      return e.what();
    }
    return "";
  };
  // A fresh key (its file made on first start) would seal what no other node can open.
  Config other_key;
  other_key.data_key_file = temp_dir("wangge-key") + "/data.key";
  EXPECT_NE(refusal(other_key).find("data key"), std::string::npos);
  // The nodes keep their files in the database: a node with a directory is refused, and
  // so is one whose directory is not the shared one once a deployment uses a directory.
  Config dir;
  dir.files = temp_dir("wangge-files");
  EXPECT_NE(refusal(dir).find("in the database"), std::string::npos);
  // A "replica" that is the primary: by its URL, or by what it answers (not a standby).
  Config primary_as_replica;
  primary_as_replica.replicas = a_->db_url();
  EXPECT_NE(refusal(primary_as_replica).find("primary's URL"), std::string::npos);
  primary_as_replica.replicas = a_->db_url() + "&application_name=not-a-replica";
  EXPECT_NE(refusal(primary_as_replica).find("is not a standby"), std::string::npos);
  Config same;  // the nodes' own setting: accepted
  EXPECT_EQ(refusal(same), "");
}

// The leading node stops in the middle of an import: another node takes the background
// lease and finishes the job from where it stopped, every row applied once.
TEST_F(ClusterTest, AnImportInterruptedByItsNodeStoppingIsFinishedByAnother) {
  ASSERT_TRUE(within(3000, [&] { return a_->app().leading() != b_->app().leading(); }));
  TestServer* leader = a_.get();
  TestServer* other = b_.get();
  if (b_->app().leading()) {
    leader = b_.get();
    other = a_.get();
  }
  constexpr int kRows = 30000;
  std::string csv = "姓名,身份证号,网格编码,地址\r\n";
  for (int i = 0; i < kRows; ++i) {  // born in 1980, a thousand a day
    char first17[32];
    std::snprintf(first17, sizeof first17, "4404041980%02d%02d%03d", 1 + i / 28000, 1 + (i / 1000) % 28, i % 1000);
    csv += "接管" + std::to_string(i) + "," + valid_id(first17) + ",440404104001001,立新路 " + std::to_string(i) +
           " 号\r\n";
  }
  auto worker = leader->login("gridworker");
  auto cl = leader->client();
  auto job = cl.request("POST", "/api/v1/registry/imports?kind=persons", csv,
                        {{"Content-Type", "text/csv"}, {"Authorization", "Bearer " + worker}});
  ASSERT_EQ(job.status, 202) << job.body;
  std::string id = std::to_string(job.json().at("id").as_int64());
  // Stopped once it has applied some rows and not all.
  std::int64_t done_at_stop = 0;
  ASSERT_TRUE(within(30000, [&] {
    auto j = cl.get("/api/v1/registry/imports/" + id, worker).json();
    done_at_stop = j.at("rows_done").as_int64();
    return str(j.at("status")) == "applying" && done_at_stop > 0;
  }));
  leader->app().stop();
  auto co = other->client();
  auto finished = wait_for_import(co, std::stoll(id), worker);
  ASSERT_EQ(str(finished.at("status")), "done") << finished;
  // Resumed from the start as upserts by ID number: what the first node applied counts as
  // unchanged on this pass, nothing is applied twice, no row fails.
  EXPECT_EQ(finished.at("inserted").as_int64() + finished.at("unchanged").as_int64(), kRows) << finished;
  EXPECT_GT(finished.at("unchanged").as_int64(), 0) << "stopped at " << done_at_stop << ": " << finished;
  EXPECT_EQ(finished.at("error_count").as_int64(), 0);
  EXPECT_TRUE(other->app().leading());
}

// A deployment whose nodes share a directory (NFS and the like) rather than the database.
TEST(ClusterFilesTest, NodesSharingADirectoryServeEachOthersFilesAndAPrivateDirectoryIsRefused) {
  if (!using_postgres()) GTEST_SKIP() << "several nodes share a PostgreSQL database";
  std::string shared = temp_dir("wangge-shared");
  Config on_shared;
  on_shared.files = shared;
  TestServer a(on_shared);
  TestServer b(a, on_shared);
  auto worker = a.login("gridworker");
  auto ca = a.client();
  std::string png = make_png(1602);
  auto up = ca.request("POST", "/api/v1/attachments", png,
                       {{"Content-Type", "image/png"}, {"Authorization", "Bearer " + worker}});
  ASSERT_EQ(up.status, 201) << up.body;
  std::string hash(up.json().at("hash").as_string());
  EXPECT_TRUE(
      std::filesystem::exists(shared + "/attachments/" + hash.substr(0, 2) + "/" + hash.substr(2, 2) + "/" + hash));
  auto cb = b.client();
  auto down = cb.get("/api/v1/attachments/" + hash, worker);
  ASSERT_EQ(down.status, 200);
  EXPECT_EQ(down.body, png);
  // A node pointed at a directory of its own (the shared one not mounted), or at the
  // database, is refused before it serves anything.
  for (const std::string& files : {temp_dir("wangge-private"), std::string("database")}) {
    Config cfg;
    cfg.files = files;
    cfg.listen = "127.0.0.1:0";
    cfg.database = a.db_url();
    cfg.data_dir = temp_dir("wangge-refused");
    cfg.data_key_file = a.dir + "/keys/data.key";
    cfg.divisions_dir = divisions_dir();
    cfg.access_log = false;
    std::string why;
    try {
      App app(cfg);
    } catch (const std::exception& e) {
      why = e.what();
    }
    EXPECT_NE(why.find("shared"), std::string::npos) << files << ": " << why;
  }
  std::filesystem::remove_all(shared);
}

}  // namespace
}  // namespace wangge::testing
