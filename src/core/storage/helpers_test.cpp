// The store helpers: rows.h, scope.h, errors.h (no database needed).
#include <gtest/gtest.h>

#include "core/storage/errors.h"
#include "core/storage/rows.h"
#include "core/storage/scope.h"

namespace wangge::storage {
namespace {

Result rows_of(std::vector<std::int64_t> ids) {
  Result r;
  for (auto id : ids) r.rows.emplace_back(std::vector<Value>{id});
  return r;
}

TEST(StorageHelpersTest, FirstOrNone) {
  auto id = [](const Row& row) { return row.i64(0); };
  EXPECT_FALSE(first_or_none(rows_of({}), id));
  EXPECT_EQ(first_or_none(rows_of({5, 6}), id), 5);
}

TEST(StorageHelpersTest, AllAs) {
  auto text = [](const Row& row) { return row.str(0); };
  EXPECT_TRUE(all_as(rows_of({}), text).empty());
  EXPECT_EQ(all_as(rows_of({1, 2}), text), (std::vector<std::string>{"1", "2"}));
}

TEST(StorageHelpersTest, ScopeClause) {
  EXPECT_EQ(path_upper_bound("/44/4404/"), "/44/44040");
  std::string sql;
  std::vector<Value> p;
  scope_clause({"/", "/44/"}, "region_path", sql, p);
  EXPECT_EQ(sql, "(1 = 1 OR (region_path >= ? AND region_path < ?))");
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(std::get<std::string>(p[0]), "/44/");
  EXPECT_EQ(std::get<std::string>(p[1]), "/440");
  sql.clear();
  scope_clause({}, "x", sql, p);
  EXPECT_EQ(sql, "(1 = 0)");
}

TEST(StorageHelpersTest, TranslateNamedKindsOnly) {
  ConstraintErrors as{.unique = [] { return Error("already_exists", "code"); }};
  EXPECT_EQ(translate(as, [] { return 3; }), 3);
  try {
    translate(as, []() -> int { throw DbError(DbError::Kind::unique, "dup"); });
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), "already_exists");
    EXPECT_EQ(e.field(), "code");
  }
  EXPECT_THROW(translate(as, [] { throw DbError(DbError::Kind::foreign_key, "fk"); }), DbError);
  EXPECT_THROW(rethrow_as(std::make_exception_ptr(std::runtime_error("x")), as), std::runtime_error);
}

}  // namespace
}  // namespace wangge::storage
