// Tests that run the real `wangge` binary as a child process: SIGKILL in the middle of
// concurrent writes loses no acknowledged write; SIGTERM finishes in-flight requests and
// exits 0; import-divisions is idempotent.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>

#include "core/storage/database.h"
#include "integration/child.h"
#include "integration/harness.h"

namespace wangge::testing {
namespace {

class ProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = temp_dir("wangge-proc");
    db_ = std::make_unique<TestDatabase>(dir_);
    log_ = dir_ + "/server.log";
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::vector<std::string> serve_args(std::uint16_t port) {
    // The demo's territory and accounts only: no history, no registry (as the harness).
    return {"serve",           "--demo",
            "--demo-history",  "0",
            "--demo-registry", "0",
            "--listen",        "127.0.0.1:" + std::to_string(port),
            "--data",          dir_,
            "--database",      db_->url,
            "--divisions",     divisions_dir()};
  }
  std::string dir_, log_;
  std::unique_ptr<TestDatabase> db_;
};

TEST_F(ProcessTest, SigkillLosesNoAcknowledgedWrite) {
  std::uint16_t port = free_port();
  std::set<std::string> acked;
  std::set<std::int64_t> acked_events;  // intake: answered when durable, without a waiting thread
  {
    Child server(serve_args(port), log_);
    ASSERT_TRUE(wait_healthy(server, port, 60)) << slurp(log_);
    Client login(port);
    auto r = login.send_json("POST", "/api/v1/auth/login", {{"username", "admin"}, {"password", kAdminPassword}});
    ASSERT_EQ(r.status, 200);
    std::string token(r.json().at("token").as_string());
    std::mutex mu;
    std::atomic<bool> stop{false};
    std::atomic<int> errors{0};
    std::vector<std::thread> writers;
    // 16 writers, each creating buildings under its own unit until the server dies.
    for (int w = 0; w < 16; ++w) {
      writers.emplace_back([&, w] {
        char unit[64];
        std::snprintf(unit, sizeof unit, "440404104%03d%03d%03d", (w % 4) + 1, (w / 4) + 1, 1);
        try {
          Client c(port);
          for (int i = 1; i <= 999 && !stop; ++i) {
            char code[96];
            std::snprintf(code, sizeof code, "%s%03d", unit, i);
            auto resp = c.send_json(
                "POST", "/api/v1/regions",
                {{"code", code}, {"name", "楼" + std::to_string(i)}, {"level", "building"}, {"parent_code", unit}},
                token);
            if (resp.status == 201) {
              std::lock_guard lock(mu);
              acked.insert(code);
            } else {
              ++errors;
            }
          }
        } catch (const std::exception&) {
          // The server died under us: the write in flight was never acknowledged.
        }
      });
    }
    // 16 more reporting events (the deferred intake path) until the server dies.
    for (int w = 0; w < 16; ++w) {
      writers.emplace_back([&, w] {
        try {
          Client c(port);
          for (int i = 1; !stop; ++i) {
            boost::json::object body{{"category", "0301"},
                                     {"description", "writer " + std::to_string(w) + " report " + std::to_string(i)},
                                     {"grid_code", "440404104001002"},
                                     {"address", "某路 1 号"},
                                     {"source", "hotline"}};
            auto resp = c.send_json("POST", "/api/v1/events", body, token);
            if (resp.status == 201) {
              std::lock_guard lock(mu);
              acked_events.insert(resp.json().at("id").as_int64());
            } else {
              ++errors;
            }
          }
        } catch (const std::exception&) {
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    server.signal(SIGKILL);
    server.wait();
    stop = true;
    for (auto& t : writers) t.join();
    EXPECT_EQ(errors.load(), 0);
  }
  ASSERT_GT(acked.size(), 50u) << "too few writes before the kill to prove anything";
  ASSERT_GT(acked_events.size(), 50u) << "too few events before the kill to prove anything";
  // Restart on the same storage and find every acknowledged write.
  std::uint16_t port2 = free_port();
  Child again(serve_args(port2), log_);
  ASSERT_TRUE(wait_healthy(again, port2, 60)) << slurp(log_);
  Client c(port2);
  auto r = c.send_json("POST", "/api/v1/auth/login", {{"username", "admin"}, {"password", kAdminPassword}});
  std::string token(r.json().at("token").as_string());
  std::size_t missing = 0;
  for (const auto& code : acked) {
    if (c.get("/api/v1/regions/" + code, token).status != 200) ++missing;
  }
  EXPECT_EQ(missing, 0u) << "of " << acked.size() << " acknowledged writes";
  std::size_t missing_events = 0;
  for (auto id : acked_events) {
    if (c.get("/api/v1/events/" + std::to_string(id), token).status != 200) ++missing_events;
  }
  EXPECT_EQ(missing_events, 0u) << "of " << acked_events.size() << " acknowledged events";
  again.signal(SIGTERM);
  EXPECT_EQ(again.wait(), 0);
}

// Points are credited inside the deed's own transaction: a server killed while a grid
// worker's reports handled on the spot pour in leaves every report that exists credited
// exactly once, whether or not its answer got out, and the balance equal to the ledger.
TEST_F(ProcessTest, SigkillLeavesEveryDeedCreditedExactlyOnce) {
  std::uint16_t port = free_port();
  std::int64_t worker = 0;
  std::size_t acked = 0;
  {
    Child server(serve_args(port), log_);
    ASSERT_TRUE(wait_healthy(server, port, 60)) << slurp(log_);
    Client c(port);
    auto r = c.send_json("POST", "/api/v1/auth/login", {{"username", "admin"}, {"password", kAdminPassword}});
    std::string admin(r.json().at("token").as_string());
    ASSERT_EQ(c.send_json("POST", "/api/v1/point-rules",
                          {{"region_code", "440404104"},
                           {"earner_type", "grid_worker"},
                           {"deed", "self_handled"},
                           {"name", "自行处置"},
                           {"points", 2}},
                          admin)
                  .status,
              201);
    auto u =
        c.send_json("POST", "/api/v1/users",
                    {{"username", "killworker"}, {"display_name", "网格员"}, {"password", "Kill#Worker2026"}}, admin);
    ASSERT_EQ(u.status, 201) << u.body;
    worker = u.json().at("id").as_int64();
    ASSERT_EQ(c.send_json("POST", "/api/v1/users/" + std::to_string(worker) + "/grants",
                          {{"role", "grid_worker"}, {"region_code", "440404104001002"}}, admin)
                  .status,
              201);
    auto l = c.send_json("POST", "/api/v1/auth/login", {{"username", "killworker"}, {"password", "Kill#Worker2026"}});
    std::string token(l.json().at("token").as_string());
    std::mutex mu;
    std::atomic<bool> stop{false};
    std::vector<std::thread> writers;
    for (int w = 0; w < 8; ++w) {
      writers.emplace_back([&, w] {
        try {
          Client wc(port);
          for (int i = 1; !stop; ++i) {
            boost::json::object body{{"category", "0301"},
                                     {"description", "writer " + std::to_string(w) + " handled " + std::to_string(i)},
                                     {"grid_code", "440404104001002"},
                                     {"address", "某路 1 号"},
                                     {"source", "patrol"},
                                     {"self_handled", true},
                                     {"result", "已现场处置"}};
            if (wc.send_json("POST", "/api/v1/events", body, token).status == 201) {
              std::lock_guard lock(mu);
              ++acked;
            }
          }
        } catch (const std::exception&) {
          // The server died under us.
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    server.signal(SIGKILL);
    server.wait();
    stop = true;
    for (auto& t : writers) t.join();
  }
  ASSERT_GT(acked, 20u) << "too few deeds before the kill to prove anything";
  // Restart (the migrations and recovery run), stop, and read the storage itself.
  {
    std::uint16_t port2 = free_port();
    Child again(serve_args(port2), log_);
    ASSERT_TRUE(wait_healthy(again, port2, 60)) << slurp(log_);
    again.signal(SIGTERM);
    EXPECT_EQ(again.wait(), 0);
  }
  auto db = storage::Database::open(db_->url);
  db->read([&](storage::Tx& tx) {
    auto one = [&](const std::string& sql, std::vector<storage::Value> p = {}) { return tx.exec(sql, p).one().i64(0); };
    std::int64_t events = one("SELECT COUNT(*) FROM events WHERE created_by = ?", {worker});
    EXPECT_GE(events, static_cast<std::int64_t>(acked));  // every answered report is there
    EXPECT_EQ(one("SELECT COUNT(*) FROM point_entries e JOIN point_holders h ON h.id = e.holder_id "
                  "WHERE h.kind = 'user' AND h.ref_id = ? AND e.deed = 'self_handled'",
                  {worker}),
              events);  // one entry for each report that exists, no more
    EXPECT_EQ(one("SELECT COUNT(*) FROM events ev WHERE ev.created_by = ? AND NOT EXISTS (SELECT 1 FROM "
                  "point_entries e WHERE e.deed_ref = 'event:' || CAST(ev.id AS TEXT))",
                  {worker}),
              0);
    EXPECT_EQ(one("SELECT b.balance FROM point_balances b JOIN point_holders h ON h.id = b.holder_id WHERE "
                  "h.kind = 'user' AND h.ref_id = ?",
                  {worker}),
              2 * events);
    EXPECT_EQ(one("SELECT COUNT(*) FROM point_balances b WHERE b.balance <> (SELECT COALESCE(SUM(points), 0) FROM "
                  "point_entries e WHERE e.holder_id = b.holder_id)"),
              0);
  });
}

TEST_F(ProcessTest, SigtermFinishesInFlightRequestsAndExitsZero) {
  std::uint16_t port = free_port();
  Child server(serve_args(port), log_);
  ASSERT_TRUE(wait_healthy(server, port, 60)) << slurp(log_);
  // Logins take tens of milliseconds (argon2id): connect, send four, then SIGTERM while
  // they are being handled.
  std::atomic<int> answered{0};
  std::vector<std::unique_ptr<Client>> conns;
  for (int i = 0; i < 4; ++i) conns.push_back(std::make_unique<Client>(port));
  std::vector<std::thread> clients;
  for (int i = 0; i < 4; ++i) {
    clients.emplace_back([&, i] {
      try {
        auto r = conns[static_cast<std::size_t>(i)]->send_json("POST", "/api/v1/auth/login",
                                                               {{"username", "admin"}, {"password", kAdminPassword}});
        if (r.status == 200) ++answered;
      } catch (const std::exception&) {
      }
    });
  }
  // Wait until the server is handling them (the scrape itself counts as one in flight).
  Client probe(port);
  for (int i = 0; i < 200; ++i) {
    auto m = probe.get("/metrics").body;
    auto pos = m.find("\nwangge_http_in_flight ");
    if (pos != std::string::npos && std::atoi(m.c_str() + pos + 23) >= 5) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  server.signal(SIGTERM);
  for (auto& t : clients) t.join();
  int status = server.wait();
  EXPECT_TRUE(WIFEXITED(status)) << slurp(log_);
  EXPECT_EQ(WEXITSTATUS(status), 0) << slurp(log_);
  EXPECT_EQ(answered.load(), 4);
  // No longer listening.
  EXPECT_THROW(Client{port}, std::runtime_error);
}

TEST_F(ProcessTest, ImportDivisionsIsIdempotent) {
  auto run = [&](const std::vector<std::string>& args) {
    Child p(args, log_);
    int status = p.wait();
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  };
  std::vector<std::string> args = {"import-divisions", "--root", "440404",   "--data",       dir_,
                                   "--database",       db_->url, "--source", divisions_dir()};
  ASSERT_EQ(run(args), 0) << slurp(log_);
  ASSERT_EQ(run(args), 0) << slurp(log_);
  std::string log = slurp(log_);
  // 1 province + 1 city + 1 county + its towns and communities; the second run adds nothing.
  auto first = log.find("inserted ");
  auto second = log.find("inserted ", first + 1);
  ASSERT_NE(second, std::string::npos) << log;
  EXPECT_EQ(log.substr(second, 11), "inserted 0,");
  EXPECT_NE(log.substr(first, 11), "inserted 0,");
  EXPECT_EQ(
      run({"import-divisions", "--root", "12345", "--data", dir_, "--database", db_->url, "--source", divisions_dir()}),
      1);
}

}  // namespace
}  // namespace wangge::testing
