#include "core/text.h"

#include <gtest/gtest.h>

namespace wangge::text {
namespace {

TEST(TextTest, ReadsUtf8AndGbkAndRefusesWhatIsNeither) {
  std::string used;
  EXPECT_EQ(to_utf8("梁秀英", "auto", &used), "梁秀英");
  EXPECT_EQ(used, "utf-8");
  const std::string gbk = "\xC1\xBA\xD0\xE3\xD3\xA2";  // 梁秀英 in GBK
  EXPECT_EQ(to_utf8(gbk, "auto", &used), "梁秀英");
  EXPECT_EQ(used, "gbk");
  EXPECT_EQ(to_utf8(gbk, "gbk", &used), "梁秀英");
  EXPECT_FALSE(to_utf8(gbk, "utf-8", &used));            // declared UTF-8, is not
  EXPECT_FALSE(to_utf8("\xC1\xBA\xD0", "auto", &used));  // a GBK character cut in half
}

TEST(TextTest, NamesAndTruncation) {
  EXPECT_EQ(join_name("小明", "王"), "王小明");  // Open311: first = given, last = family
  EXPECT_EQ(join_name("Ada", "Lovelace"), "Ada Lovelace");
  EXPECT_EQ(join_name("Test", "User"), "Test User");
  EXPECT_EQ(join_name(" Li ", ""), "Li");
  EXPECT_EQ(join_name("", "王"), "王");
  EXPECT_EQ(join_name("Mary", "王"), "Mary 王");
  EXPECT_EQ(truncate_utf8("王小明", 2), "王小");
  EXPECT_EQ(truncate_utf8("abc", 10), "abc");
  EXPECT_EQ(truncate_utf8("a王", 1), "a");
}

}  // namespace
}  // namespace wangge::text
