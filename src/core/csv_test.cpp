#include "core/csv.h"

#include <gtest/gtest.h>

namespace wangge::csv {
namespace {

TEST(CsvTest, ReadsQuotedFieldsLineBreaksAndBothLineEndings) {
  Reader r("\xEF\xBB\xBFname,note\r\n\"Li, Mei\",\"said \"\"hi\"\"\nthen left\"\r\n\nWang,\n");
  std::vector<std::string> f;
  std::string err;
  ASSERT_TRUE(r.next(f, &err));
  EXPECT_EQ(f, (std::vector<std::string>{"name", "note"}));
  ASSERT_TRUE(r.next(f, &err));
  EXPECT_EQ(r.line(), 2u);
  EXPECT_EQ(f, (std::vector<std::string>{"Li, Mei", "said \"hi\"\nthen left"}));
  ASSERT_TRUE(r.next(f, &err));
  EXPECT_EQ(r.line(), 5u);  // the quoted line break and the blank line counted
  EXPECT_EQ(f, (std::vector<std::string>{"Wang", ""}));
  EXPECT_TRUE(err.empty());
  EXPECT_FALSE(r.next(f, &err));
}

TEST(CsvTest, ReportsMalformedRecords) {
  std::vector<std::string> f;
  std::string err;
  Reader bad_quote("a,b\"c\n");
  ASSERT_TRUE(bad_quote.next(f, &err));
  EXPECT_FALSE(err.empty());
  Reader unclosed("\"abc\n");
  ASSERT_TRUE(unclosed.next(f, &err));
  EXPECT_FALSE(err.empty());
  EXPECT_EQ(quote("a,\"b\""), "\"a,\"\"b\"\"\"");
  EXPECT_EQ(quote("plain"), "plain");
}

}  // namespace
}  // namespace wangge::csv
