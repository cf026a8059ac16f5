// Storage contract tests, run against the backend of WANGGE_TEST_DATABASE (both in CI).
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "core/storage/database.h"
#include "core/storage/migrations.h"
#include "integration/harness.h"

namespace wangge::storage {
namespace {

class StorageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = wangge::testing::temp_dir("wangge-storage");
    tdb_ = std::make_unique<wangge::testing::TestDatabase>(dir_);
    db_ = Database::open(tdb_->url);
    db_->write([](Tx& tx) { tx.exec("CREATE TABLE t (id BIGINT PRIMARY KEY, v TEXT NOT NULL CHECK (v <> 'bad'))"); });
  }
  void TearDown() override {
    db_.reset();
    tdb_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::int64_t count() {
    return db_->read_value<std::int64_t>([](Tx& tx) { return tx.exec("SELECT COUNT(*) FROM t").one().i64(0); });
  }
  std::string dir_;
  std::unique_ptr<wangge::testing::TestDatabase> tdb_;
  std::unique_ptr<Database> db_;
};

TEST_F(StorageTest, ValuesRoundTrip) {
  db_->write([](Tx& tx) {
    tx.exec(render_migration("CREATE TABLE v (i BIGINT, d DOUBLE PRECISION, s TEXT, b @BLOB@, n TEXT)", tx.dialect()));
    tx.exec("INSERT INTO v VALUES (?, ?, ?, ?, ?)",
            {std::int64_t{-9007199254740993}, 2.5, std::string("网格 'quoted' ?"), Blob{std::string("\0\1\xff", 3)},
             nullptr});
  });
  auto row = db_->read_value<Result>([](Tx& tx) { return tx.exec("SELECT i, d, s, b, n FROM v"); }).one();
  EXPECT_EQ(row.i64(0), -9007199254740993);
  EXPECT_DOUBLE_EQ(row.f64(1), 2.5);
  EXPECT_EQ(row.str(2), "网格 'quoted' ?");
  EXPECT_EQ(row.str(3), std::string("\0\1\xff", 3));
  EXPECT_TRUE(row.is_null(4));
}

// insert_id answers the new row's id on both engines, also when a trigger inserts into
// another table in the same statement, and a failed INSERT changes nothing.
TEST_F(StorageTest, InsertIdAnswersTheNewRow) {
  db_->write([](Tx& tx) {
    tx.exec(render_migration("CREATE TABLE a (id @ID@, v TEXT NOT NULL CHECK (v <> 'bad'))", tx.dialect()));
    tx.exec(render_migration("CREATE TABLE log (id @ID@, note TEXT)", tx.dialect()));
    tx.exec("INSERT INTO log (note) VALUES ('one'), ('two'), ('three')");
    if (tx.dialect() == Dialect::sqlite)
      tx.exec("CREATE TRIGGER a_log AFTER INSERT ON a BEGIN INSERT INTO log (note) VALUES (new.v); END");
  });
  std::int64_t first = 0, second = 0;
  db_->write([&](Tx& tx) {
    first = tx.insert_id("INSERT INTO a (v) VALUES (?) RETURNING id", {std::string("x")});
    second = tx.insert_id("INSERT INTO a (v) VALUES (?) RETURNING id", {std::string("y")});
  });
  EXPECT_EQ(second, first + 1);
  auto v = db_->read_value<std::string>(
      [&](Tx& tx) { return tx.exec("SELECT v FROM a WHERE id = ?", {second}).one().str(0); });
  EXPECT_EQ(v, "y");
  EXPECT_THROW(
      db_->write([](Tx& tx) { tx.insert_id("INSERT INTO a (v) VALUES (?) RETURNING id", {std::string("bad")}); }),
      DbError);
  auto n = db_->read_value<std::int64_t>([](Tx& tx) { return tx.exec("SELECT COUNT(*) FROM a").one().i64(0); });
  EXPECT_EQ(n, 2);
}

// next_id names an id that an INSERT can give explicitly, and rows inserted afterwards
// without an id (the database's own choice) never collide with it, within a transaction
// and across transactions.
TEST_F(StorageTest, NextIdNamesTheIdOfTheNextRow) {
  db_->write([](Tx& tx) { tx.exec(render_migration("CREATE TABLE a (id @ID@, v TEXT NOT NULL)", tx.dialect())); });
  std::vector<std::int64_t> ids;
  for (int round = 0; round < 2; ++round) {
    db_->write([&](Tx& tx) {
      for (int i = 0; i < 3; ++i) {
        std::int64_t id = tx.next_id("a");
        EXPECT_EQ(tx.insert_id("INSERT INTO a (id, v) VALUES (?, ?) RETURNING id", {id, std::string("given")}), id);
        ids.push_back(id);
        ids.push_back(tx.insert_id("INSERT INTO a (v) VALUES (?) RETURNING id", {std::string("chosen")}));
      }
    });
  }
  for (std::size_t i = 1; i < ids.size(); ++i) EXPECT_GT(ids[i], ids[i - 1]) << i;
  auto n =
      db_->read_value<std::int64_t>([](Tx& tx) { return tx.exec("SELECT COUNT(DISTINCT id) FROM a").one().i64(0); });
  EXPECT_EQ(n, 12);
}

// exec_custom_plan answers what exec answers, as a transaction's first statement (sent with
// its BEGIN) and later; on PostgreSQL it leaves no prepared statement behind, so no generic
// plan can ever be chosen for it (the queues' walks, database.h).
TEST_F(StorageTest, ExecCustomPlanIsPlannedPerCall) {
  db_->write([](Tx& tx) {
    for (std::int64_t i = 1; i <= 9; ++i)
      tx.exec("INSERT INTO t (id, v) VALUES (?, ?)", {i, std::string(i % 3 ? "a" : "b")});
  });
  const std::string q = "SELECT id FROM t WHERE v = ? AND id > ? ORDER BY id DESC LIMIT ? /* cpm42 */";
  auto ids = [](const Result& r) {
    std::vector<std::int64_t> out;
    for (const auto& row : r.rows) out.push_back(row.i64(0));
    return out;
  };
  for (int round = 0; round < 8; ++round) {  // past PostgreSQL's five custom plans of a prepared statement
    auto [first, later, plain] = db_->read_value<std::array<std::vector<std::int64_t>, 3>>([&](Tx& tx) {
      auto a = ids(tx.exec_custom_plan(q, {std::string("a"), std::int64_t{1}, std::int64_t{3}}));
      auto b = ids(tx.exec_custom_plan(q, {std::string("b"), std::int64_t{0}, std::int64_t{5}}));
      auto c = ids(tx.exec(q, {std::string("a"), std::int64_t{1}, std::int64_t{3}}));
      return std::array<std::vector<std::int64_t>, 3>{a, b, c};
    });
    EXPECT_EQ(first, (std::vector<std::int64_t>{8, 7, 5}));
    EXPECT_EQ(later, (std::vector<std::int64_t>{9, 6, 3}));
    EXPECT_EQ(plain, first);
  }
  if (db_->dialect() != Dialect::postgres) return;
  // One connection (one transaction): the statement run by exec is prepared on it, the one
  // run by exec_custom_plan is not.
  auto prepared = db_->read_value<std::array<std::int64_t, 2>>([&](Tx& tx) {
    const std::string custom = "SELECT id FROM t WHERE v = ? /* cpm43 */",
                      plain = "SELECT id FROM t WHERE v = ? /* cpm44 */";
    tx.exec_custom_plan(custom, {std::string("a")});
    tx.exec(plain, {std::string("a")});
    auto count = [&](const char* marker) {
      return tx
          .exec("SELECT COUNT(*) FROM pg_prepared_statements WHERE strpos(statement, ?) > 0", {std::string(marker)})
          .one()
          .i64(0);
    };
    return std::array<std::int64_t, 2>{count("cpm43 */"), count("cpm44 */")};
  });
  EXPECT_EQ(prepared[0], 0);
  EXPECT_EQ(prepared[1], 1);
}

// add_later sums deltas per key within a transaction and across a group commit's
// closures, skips rows whose sums are zero, and writes many keys of two tables in
// multi-row upserts (300 keys: chunks of 256, 32, 8 and 4 rows) that add to existing rows.
TEST_F(StorageTest, CountersAreSummedPerKeyAndUpserted) {
  static const CounterSpec kA{"ca", {"k", "p"}, {"n", "m"}};
  static const CounterSpec kB{"cb", {"k"}, {"n"}};
  db_->write([](Tx& tx) {
    tx.exec(
        "CREATE TABLE ca (k TEXT NOT NULL, p BIGINT NOT NULL, n BIGINT NOT NULL, m BIGINT NOT NULL, "
        "PRIMARY KEY (k, p))");
    tx.exec("CREATE TABLE cb (k TEXT PRIMARY KEY, n BIGINT NOT NULL)");
    tx.exec("INSERT INTO ca VALUES ('x', 7, 100, 1000)");
  });
  auto add_all = [](Tx& tx) {
    for (std::int64_t p = 0; p < 300; ++p) tx.add_later(kA, {std::string("x"), p}, {1, p});
    tx.add_later(kA, {std::string("x"), std::int64_t{7}}, {2, 0});
    tx.add_later(kB, {std::string("zero")}, {5});
    tx.add_later(kB, {std::string("zero")}, {-5});
    tx.add_later(kB, {std::string("one")}, {1});
  };
  // Several closures, concurrently, so that a group commit merges their counters.
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) threads.emplace_back([&] { db_->write(add_all); });
  for (auto& th : threads) th.join();
  auto rows =
      db_->read_value<Result>([](Tx& tx) { return tx.exec("SELECT COUNT(*), SUM(n), SUM(m) FROM ca WHERE p <> 7"); })
          .one();
  EXPECT_EQ(rows.i64(0), 299);
  EXPECT_EQ(rows.i64(1), 299 * 4);
  EXPECT_EQ(rows.i64(2), 4 * (299 * 300 / 2 - 7));
  auto seven = db_->read_value<Result>([](Tx& tx) { return tx.exec("SELECT n, m FROM ca WHERE p = 7"); }).one();
  EXPECT_EQ(seven.i64(0), 100 + 4 * 3);
  EXPECT_EQ(seven.i64(1), 1000 + 4 * 7);
  auto b = db_->read_value<Result>([](Tx& tx) { return tx.exec("SELECT k, n FROM cb ORDER BY k"); });
  ASSERT_EQ(b.rows.size(), 1u);  // the zero sum wrote no row
  EXPECT_EQ(b.rows[0].str(0), "one");
  EXPECT_EQ(b.rows[0].i64(1), 4);
}

TEST_F(StorageTest, FailedWriteChangesNothingAndIsReported) {
  EXPECT_THROW(db_->write([](Tx& tx) {
    tx.exec("INSERT INTO t VALUES (1, 'ok')");
    tx.exec("INSERT INTO t VALUES (2, 'bad')");
  }),
               DbError);
  EXPECT_EQ(count(), 0);
  try {
    db_->write([](Tx& tx) { tx.exec("INSERT INTO t VALUES (3, 'bad')"); });
  } catch (const DbError& e) {
    EXPECT_EQ(e.kind(), DbError::Kind::check);
  }
}

TEST_F(StorageTest, ConcurrentWritesAreAllCommittedAndFailuresIsolated) {
  // 32 threads x 50 writes; every 10th closure fails after its insert. The failures must
  // roll back only their own insert, never a neighbour in the same group commit.
  constexpr int kThreads = 32, kEach = 50;
  std::atomic<int> ok{0}, failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        std::int64_t id = t * 1000 + i;
        try {
          db_->write([&](Tx& tx) {
            tx.exec("INSERT INTO t VALUES (?, ?)", {id, std::string("v")});
            if (i % 10 == 0) throw std::runtime_error("closure fails");
          });
          ++ok;
        } catch (const std::runtime_error&) {
          ++failed;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), kThreads * kEach * 9 / 10);
  EXPECT_EQ(failed.load(), kThreads * kEach / 10);
  EXPECT_EQ(count(), ok.load());
  auto bad = db_->read_value<std::int64_t>(
      [](Tx& tx) { return tx.exec("SELECT COUNT(*) FROM t WHERE id % 1000 % 10 = 0").one().i64(0); });
  EXPECT_EQ(bad, 0);
  if (db_->dialect() == Dialect::sqlite) {
    // Group commit: fewer commits than writes, and each fsync of the WAL covers one commit or more.
    Stats st = db_->stats();
    EXPECT_LT(st.commits, st.writes);
    EXPECT_GE(st.syncs, 1);
    EXPECT_LE(st.syncs, st.commits);
  }
}

// On SQLite commits are made durable by the syncer thread: a write returns only after an
// fdatasync of the WAL that started after its commit.
TEST_F(StorageTest, SqliteWriteReturnsAfterTheWalIsSynced) {
  if (db_->dialect() != Dialect::sqlite) GTEST_SKIP() << "SQLite's syncer";
  for (int i = 0; i < 5; ++i) {
    std::int64_t before = db_->stats().syncs;
    db_->write([&](Tx& tx) { tx.exec("INSERT INTO t VALUES (?, 'v')", {std::int64_t{i}}); });
    EXPECT_GT(db_->stats().syncs, before) << "write " << i << " answered before a sync";
  }
  EXPECT_EQ(count(), 5);
}

TEST_F(StorageTest, UniqueViolationIsClassified) {
  db_->write([](Tx& tx) { tx.exec("INSERT INTO t VALUES (1, 'a')"); });
  try {
    db_->write([](Tx& tx) { tx.exec("INSERT INTO t VALUES (1, 'b')"); });
    FAIL() << "expected a unique violation";
  } catch (const DbError& e) {
    EXPECT_EQ(e.kind(), DbError::Kind::unique);
  }
}

TEST(Migrations, RenderPicksTheEngineSection) {
  std::string sql =
      "CREATE TABLE x (id @ID@, b @BLOB@);\n-- @sqlite\nSELECT 1;\n-- @postgres\nSELECT 2;\n-- @end\nSELECT 3;\n";
  auto lite = render_migration(sql, Dialect::sqlite);
  auto pg = render_migration(sql, Dialect::postgres);
  EXPECT_NE(lite.find("INTEGER PRIMARY KEY"), std::string::npos);
  EXPECT_NE(lite.find("SELECT 1"), std::string::npos);
  EXPECT_EQ(lite.find("SELECT 2"), std::string::npos);
  EXPECT_NE(pg.find("GENERATED BY DEFAULT AS IDENTITY"), std::string::npos);
  EXPECT_NE(pg.find("BYTEA"), std::string::npos);
  EXPECT_EQ(pg.find("SELECT 1"), std::string::npos);
  EXPECT_NE(pg.find("SELECT 3"), std::string::npos);
}

TEST(Migrations, SplitKeepsTriggerBodiesAndDollarQuotes) {
  auto parts = split_statements(
      "CREATE TABLE a (x TEXT DEFAULT 'a;b'); -- c;\n"
      "CREATE TRIGGER t BEFORE UPDATE ON a BEGIN SELECT RAISE(ABORT, 'no'); END;\n"
      "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'x'; END; $$;\n");
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_NE(parts[0].find("'a;b'"), std::string::npos);
  EXPECT_NE(parts[1].find("END"), std::string::npos);
  EXPECT_NE(parts[2].find("END; $$"), std::string::npos);
}

TEST_F(StorageTest, MigrationsApplyOnceAndAuditIsAppendOnly) {
  EXPECT_EQ(migrate(*db_, embedded_migrations()), static_cast<int>(embedded_migrations().size()));
  EXPECT_EQ(migrate(*db_, embedded_migrations()), 0);
  db_->write([](Tx& tx) { tx.exec("INSERT INTO audit_log (at, actor, action, outcome) VALUES (1, 'a', 'x', 'ok')"); });
  EXPECT_THROW(db_->write([](Tx& tx) { tx.exec("UPDATE audit_log SET actor = 'b'"); }), DbError);
  EXPECT_THROW(db_->write([](Tx& tx) { tx.exec("DELETE FROM audit_log"); }), DbError);
  auto actor = db_->read_value<std::string>([](Tx& tx) { return tx.exec("SELECT actor FROM audit_log").one().str(0); });
  EXPECT_EQ(actor, "a");
}

TEST(ExpandInLists, RewritesLiteralListsOfThreeOrMore) {
  EXPECT_EQ(expand_in_lists("CREATE TABLE t (s TEXT CHECK (s IN ('a', 'b',\n    'c''d')), n INT CHECK (n IN (0, 1)))"),
            "CREATE TABLE t (s TEXT CHECK ((s = 'a' OR s = 'b' OR s = 'c''d')), n INT CHECK (n IN (0, 1)))");
  EXPECT_EQ(
      expand_in_lists("CHECK ((status IN ('x', 'y', 'z')) = (closed IS NOT NULL)), g INT CHECK (g IN (1, -2, 3))"),
      "CHECK (((status = 'x' OR status = 'y' OR status = 'z')) = (closed IS NOT NULL)), g INT CHECK ((g = 1 OR g = -2 "
      "OR g = 3))");
  // Left as written: NOT IN, subqueries, expressions, qualified names, short lists.
  for (const char* same :
       {"CHECK (s NOT IN ('a', 'b', 'c'))", "CHECK (s IN (SELECT x FROM y))", "CHECK (s IN ('a', lower(b), 'c'))",
        "CHECK (t.s IN ('a', 'b', 'c'))", "CHECK (s IN ('a'))", "CHECK (s IN ('a', 'b', 'c'"}) {
    EXPECT_EQ(expand_in_lists(same), same);
  }
}

// On SQLite the stored table definitions hold no IN list after migrating, and the
// rewritten constraints still refuse what the originals refused.
TEST_F(StorageTest, SqliteChecksAreExpandedAndStillEnforced) {
  if (db_->dialect() != Dialect::sqlite) GTEST_SKIP() << "SQLite's CHECK text";
  migrate(*db_, embedded_migrations());
  auto sql = db_->read_value<std::string>([](Tx& tx) {
    return tx.exec("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'events'").one().str(0);
  });
  EXPECT_EQ(sql.find("status IN ("), std::string::npos) << sql;
  EXPECT_NE(sql.find("status = 'reported' OR status = 'accepted'"), std::string::npos) << sql;
  EXPECT_EQ(expand_sqlite_checks(*db_), 0);  // idempotent
  try {
    db_->write(
        [](Tx& tx) { tx.exec("INSERT INTO audit_log (at, actor, action, outcome) VALUES (1, 'a', 'x', 'bogus')"); });
    ADD_FAILURE() << "outcome 'bogus' accepted";
  } catch (const DbError& e) {
    EXPECT_EQ(e.kind(), DbError::Kind::check) << e.what();
  }
  db_->write(
      [](Tx& tx) { tx.exec("INSERT INTO audit_log (at, actor, action, outcome) VALUES (1, 'a', 'x', 'denied')"); });
  // A fresh connection reads the rewritten definition too.
  auto again = Database::open(tdb_->url);
  EXPECT_THROW(again->write([](Tx& tx) {
    tx.exec("INSERT INTO audit_log (at, actor, action, outcome) VALUES (1, 'a', 'x', 'nope')");
  }),
               DbError);
}

}  // namespace
}  // namespace wangge::storage
