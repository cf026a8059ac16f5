#include "core/paging.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace wangge::paging {
namespace {

http::Request with_query(std::multimap<std::string, std::string> q) {
  http::Request req;
  req.query = std::move(q);
  return req;
}

TEST(PagingTest, LimitDefaultsAndChecksItsRange) {
  EXPECT_EQ(limit(with_query({}), 200, 50), 50);
  EXPECT_EQ(limit(with_query({{"limit", "7"}}), 200, 50), 7);
  EXPECT_THROW(limit(with_query({{"limit", "0"}}), 200, 50), Error);
  EXPECT_THROW(limit(with_query({{"limit", "201"}}), 200, 50), Error);
}

TEST(PagingTest, IdCursorIsOptionalAndPositiveByDefault) {
  EXPECT_FALSE(id_cursor(with_query({})));
  EXPECT_EQ(id_cursor(with_query({{"cursor", "42"}})), 42);
  EXPECT_THROW(id_cursor(with_query({{"cursor", "0"}})), Error);
  EXPECT_EQ(id_cursor(with_query({{"cursor", "0"}}), 0), 0);
  EXPECT_THROW(id_cursor(with_query({{"cursor", "x"}})), Error);
}

TEST(PagingTest, PageRendersAtMostLimitRowsAndTheNextCursor) {
  auto as_json = [](int v) { return json::value(v); };
  auto key = [](int v) { return std::to_string(v); };
  auto full = page(std::vector<int>{9, 8, 7}, 2, as_json, key);
  EXPECT_EQ(full.at("items").as_array().size(), 2u);
  EXPECT_EQ(full.at("next_cursor"), json::value("8"));
  auto last = page(std::vector<int>{9, 8}, 2, as_json, key);
  EXPECT_EQ(last.at("items").as_array().size(), 2u);
  EXPECT_TRUE(last.at("next_cursor").is_null());
  auto none = page(std::vector<int>{}, 2, as_json, key);
  EXPECT_TRUE(none.at("items").as_array().empty());
  EXPECT_TRUE(none.at("next_cursor").is_null());
}

}  // namespace
}  // namespace wangge::paging
