// `wangge move-to` (docs/CLUSTER.md "From SQLite to PostgreSQL"): the demo town with its
// 24,000 past events, an uploaded photo and sealed personal data moves from SQLite into
// PostgreSQL and runs there with the same accounts, history and files. Needs a PostgreSQL
// server (WANGGE_TEST_DATABASE); the source is SQLite whatever the suite's backend.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>

#include "integration/child.h"
#include "integration/harness.h"

namespace wangge::testing {
namespace {

namespace json = boost::json;

std::string login(std::uint16_t port, const std::string& user, const std::string& password) {
  Client c(port);
  auto r = c.send_json("POST", "/api/v1/auth/login", {{"username", user}, {"password", password}});
  EXPECT_EQ(r.status, 200) << r.body;
  return r.status == 200 ? std::string(r.json().at("token").as_string()) : "";
}

// What the town looks like through the API: its statistics, its newest events, a photo.
struct Look {
  std::int64_t total = 0;
  std::string newest;  // the first page of the dispatcher's queue
  std::string photo;
  std::string person;  // the person's record, unmasked
};

Look look(std::uint16_t port, std::int64_t person_id, const std::string& hash) {
  Look l;
  Client c(port);
  auto admin = login(port, "admin", kAdminPassword);
  auto stats = c.get("/api/v1/events/stats?region=440404104", admin);
  EXPECT_EQ(stats.status, 200) << stats.body;
  if (stats.status == 200) l.total = stats.json().at("total").as_int64();
  l.newest = c.get("/api/v1/events?limit=20", login(port, "dispatcher", kDemoPassword)).body;
  auto worker = login(port, "gridworker", kDemoPassword);
  l.photo = c.get("/api/v1/attachments/" + hash, worker).body;
  auto chief = login(port, "gridchief", kDemoPassword);
  l.person =
      c.send_json("POST", "/api/v1/persons/" + std::to_string(person_id) + "/unmask", {{"reason", "核对"}}, chief).body;
  return l;
}

TEST(MoveTest, TheDemoTownMovesFromSqliteToPostgresqlWhole) {
  if (!using_postgres()) GTEST_SKIP() << "needs a PostgreSQL server to move into";
  std::string dir = temp_dir("wangge-move");
  std::string data = dir + "/data", log = dir + "/move.log";
  std::uint16_t port = free_port();
  auto serve = [&](const std::string& database) {
    return std::make_unique<Child>(
        std::vector<std::string>{"serve", "--demo", "--listen", "127.0.0.1:" + std::to_string(port), "--data", data,
                                 "--database", database, "--divisions", divisions_dir()},
        log);
  };
  auto sqlite = serve(data + "/wangge.db");  // the demo: 24,000 past events
  ASSERT_TRUE(wait_healthy(*sqlite, port, 120)) << slurp(log);
  // A photo on a new event, and a person whose ID number and phone are sealed.
  auto worker = login(port, "gridworker", kDemoPassword);
  Client c(port);
  std::string png = make_png(2026);
  auto up = c.request("POST", "/api/v1/attachments", png,
                      {{"Content-Type", "image/png"}, {"Authorization", "Bearer " + worker}});
  ASSERT_EQ(up.status, 201) << up.body;
  std::string hash(up.json().at("hash").as_string());
  auto ev = c.send_json("POST", "/api/v1/events",
                        {{"category", "0301"},
                         {"description", "搬迁前的照片"},
                         {"grid_code", "440404104001001"},
                         {"address", "立新路 3 号"},
                         {"source", "patrol"},
                         {"photos", json::array{json::value(hash)}}},
                        worker);
  ASSERT_EQ(ev.status, 201) << ev.body;
  std::string id_number = valid_id("44040419700101123");
  auto person = c.send_json(
      "POST", "/api/v1/persons",
      {{"name", "搬迁甲"}, {"id_number", id_number}, {"phone", "13800138123"}, {"region_code", "440404104001001"}},
      worker);
  ASSERT_EQ(person.status, 201) << person.body;
  std::int64_t person_id = person.json().at("id").as_int64();
  Look before = look(port, person_id, hash);
  EXPECT_GE(before.total, 24000);
  EXPECT_EQ(before.photo, png);
  EXPECT_NE(before.person.find(id_number), std::string::npos);

  TestDatabase target(dir);
  auto move = [&] {
    Child m({"move-to", "--data", data, "--database", target.url}, log);
    return m.wait();
  };
  // Not while a server runs on the SQLite file.
  EXPECT_NE(move(), 0);
  EXPECT_NE(slurp(log).find("stop it before moving"), std::string::npos);
  sqlite->signal(SIGTERM);
  ASSERT_EQ(sqlite->wait(), 0);
  sqlite.reset();

  ASSERT_EQ(move(), 0) << slurp(log);
  std::string out = slurp(log);
  EXPECT_NE(out.find("every table's count and digest equal"), std::string::npos) << out;
  EXPECT_NE(out.find("files: 1 "), std::string::npos) << out;
  // Once only: the target is no longer new.
  EXPECT_NE(move(), 0);
  // Analysed: the planner knows the copied tables' sizes and values before the first query.
  storage::Database::open(target.url)->read([](storage::Tx& tx) {
    auto analysed = tx.exec(
        "SELECT COUNT(*) FROM pg_stat_user_tables WHERE schemaname = current_schema() AND relname IN ('events', "
        "'event_timeline', 'users') AND last_analyze IS NOT NULL");
    EXPECT_EQ(analysed.one().i64(0), 3);
  });

  // The town on PostgreSQL: same key (same data directory), same accounts and history.
  auto pg = serve(target.url);
  ASSERT_TRUE(wait_healthy(*pg, port, 60)) << slurp(log);
  Look after = look(port, person_id, hash);
  EXPECT_EQ(after.total, before.total);
  EXPECT_EQ(after.newest, before.newest);
  EXPECT_EQ(after.photo, png);
  EXPECT_EQ(after.person, before.person);
  // New ids continue after the copied ones.
  auto next = c.send_json("POST", "/api/v1/events",
                          {{"category", "0301"},
                           {"description", "搬迁之后"},
                           {"grid_code", "440404104001001"},
                           {"address", "立新路 4 号"},
                           {"source", "patrol"}},
                          login(port, "gridworker", kDemoPassword));
  ASSERT_EQ(next.status, 201) << next.body;
  EXPECT_GT(next.json().at("id").as_int64(), ev.json().at("id").as_int64());
  pg->signal(SIGTERM);
  EXPECT_EQ(pg->wait(), 0);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace wangge::testing
