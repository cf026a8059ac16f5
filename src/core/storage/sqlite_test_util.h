// Helpers for tests that drive SQLite through its C API directly (the page-cache layer and
// the WAL VFS, below the storage interface): a statement that must succeed, and a query's
// single integer.
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdint>
#include <string>

namespace wangge::storage::testing {

inline void exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  std::string msg = err ? err : "";
  sqlite3_free(err);
  ASSERT_EQ(rc, SQLITE_OK) << sql << ": " << msg;
}

// The first column of the first row; -1 (and a test failure) when there is none.
inline std::int64_t one(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* s = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr), SQLITE_OK) << sql << ": " << sqlite3_errmsg(db);
  int rc = sqlite3_step(s);
  EXPECT_EQ(rc, SQLITE_ROW) << sql << ": " << sqlite3_errmsg(db);
  std::int64_t v = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
  sqlite3_finalize(s);
  return v;
}

}  // namespace wangge::storage::testing
