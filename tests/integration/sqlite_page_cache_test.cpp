// The page-cache layer: B-tree balances that park pages under the lock-byte number no longer
// raise pcache1's largest key, and the database stays correct (random-key index churn with
// a cache small enough to evict, checked against a reference and by integrity_check).
#include "core/storage/sqlite_page_cache.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <map>
#include <random>
#include <string>

#include "core/storage/sqlite_test_util.h"
#include "integration/harness.h"

namespace wangge::storage {
namespace {

using testing::exec;
using testing::one;

TEST(SqlitePageCache, BalancesKeepTheLargestKeyNearTheDatabaseSize) {
  // Each test runs in its own process (gtest_discover_tests), so SQLite is not yet initialised.
  ASSERT_TRUE(install_sqlite_page_cache());
  ASSERT_TRUE(install_sqlite_page_cache());  // a second call is harmless
  std::string dir = wangge::testing::temp_dir("wangge-pcache");
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir + "/t.db").c_str(), &db), SQLITE_OK);
  exec(db, "PRAGMA journal_mode=WAL");
  exec(db, "PRAGMA cache_size=40");  // 40 pages: the churn below evicts and reloads pages
  exec(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT NOT NULL UNIQUE, v TEXT NOT NULL)");
  exec(db, "CREATE INDEX t_v ON t (v)");

  std::mt19937_64 rng(42);
  std::map<std::int64_t, std::pair<std::string, std::string>> expected;
  sqlite3_stmt* ins = nullptr;
  sqlite3_stmt* del = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "INSERT INTO t (id, k, v) VALUES (?, ?, ?)", -1, &ins, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_prepare_v2(db, "DELETE FROM t WHERE id = ?", -1, &del, nullptr), SQLITE_OK);
  std::int64_t next = 1;
  for (int txn = 0; txn < 150; ++txn) {
    exec(db, "BEGIN");
    for (int i = 0; i < 200; ++i) {
      if (!expected.empty() && rng() % 5 == 0) {  // delete a random existing row
        auto it = expected.lower_bound(static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(next)));
        if (it == expected.end()) it = expected.begin();
        sqlite3_bind_int64(del, 1, it->first);
        ASSERT_EQ(sqlite3_step(del), SQLITE_DONE);
        sqlite3_reset(del);
        expected.erase(it);
        continue;
      }
      std::string k = std::to_string(rng()) + std::to_string(next);  // random order in the index
      std::string v(static_cast<std::size_t>(20 + rng() % 180), static_cast<char>('a' + rng() % 26));
      sqlite3_bind_int64(ins, 1, next);
      sqlite3_bind_text(ins, 2, k.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(ins, 3, v.c_str(), -1, SQLITE_TRANSIENT);
      ASSERT_EQ(sqlite3_step(ins), SQLITE_DONE);
      sqlite3_reset(ins);
      expected[next++] = {k, v};
    }
    exec(db, "COMMIT");
  }
  sqlite3_finalize(ins);
  sqlite3_finalize(del);

  PageCacheStats stats = sqlite_page_cache_stats();
  std::int64_t pages = one(db, "PRAGMA page_count");
  EXPECT_GT(stats.parked, 0u) << "no balance swapped pages: the test no longer exercises the layer";
  EXPECT_GT(pages, 100);
  // Without the layer the largest key is the lock-byte page's, 262145 at 4 KiB pages.
  EXPECT_LE(static_cast<std::int64_t>(stats.max_key), pages + 8);

  // The content matches the reference, and SQLite finds the file sound.
  EXPECT_EQ(one(db, "SELECT COUNT(*) FROM t"), static_cast<std::int64_t>(expected.size()));
  sqlite3_stmt* sel = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT id, k, v FROM t ORDER BY id", -1, &sel, nullptr), SQLITE_OK);
  auto it = expected.begin();
  while (sqlite3_step(sel) == SQLITE_ROW && it != expected.end()) {
    ASSERT_EQ(sqlite3_column_int64(sel, 0), it->first);
    ASSERT_EQ(reinterpret_cast<const char*>(sqlite3_column_text(sel, 1)), it->second.first);
    ASSERT_EQ(reinterpret_cast<const char*>(sqlite3_column_text(sel, 2)), it->second.second);
    ++it;
  }
  sqlite3_finalize(sel);
  EXPECT_EQ(it, expected.end());
  sqlite3_stmt* check = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &check, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(check), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(check, 0)), "ok");
  sqlite3_finalize(check);
  sqlite3_close(db);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace wangge::storage
