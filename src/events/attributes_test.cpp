#include "events/attributes.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "core/error.h"

namespace wangge::events {
namespace {

std::string field_of(const std::string& declarations) {
  try {
    parse_attributes(boost::json::parse(declarations));
  } catch (const Error& e) {
    return e.field();
  }
  return "";
}

TEST(AttributesTest, DeclarationErrorsNameTheirField) {
  EXPECT_EQ(field_of(R"([{"code":"a","datatype":"string","description_en":"A"}])"), "attributes[0].description_zh");
  EXPECT_EQ(field_of(R"([{"code":"a","datatype":"colour","description_zh":"甲","description_en":"A"}])"),
            "attributes[0].datatype");
  EXPECT_EQ(field_of(R"([{"code":"a b","datatype":"string","description_zh":"甲","description_en":"A"}])"),
            "attributes[0].code");
  EXPECT_EQ(field_of(R"([{"code":"a","datatype":"singlevaluelist","description_zh":"甲","description_en":"A",
                          "values":[{"key":"x","name_zh":"叉"}]}])"),
            "attributes[0].values[0].name_en");
  EXPECT_EQ(field_of(R"([{"code":"a","datatype":"string","description_zh":"甲","description_en":"A"},
                         {"code":"a","datatype":"text","description_zh":"乙","description_en":"B"}])"),
            "attributes[1].code");
  EXPECT_EQ(field_of(R"([{"code":"a","datatype":"number","description_zh":"甲","description_en":"A","values":[]}])"),
            "attributes[0].values");
  EXPECT_EQ(field_of(R"([{"code":"a","datatype":"number","description_zh":"甲","description_en":"A"}])"), "");
}

TEST(AttributesTest, AnswersAreCheckedAgainstTheDeclarations) {
  auto attrs = parse_attributes(boost::json::parse(R"([
    {"code":"kind","datatype":"singlevaluelist","required":true,"description_zh":"类型","description_en":"Kind",
     "values":[{"key":"a","name_zh":"甲","name_en":"A"},{"key":"b","name_zh":"乙","name_en":"B"}]},
    {"code":"tags","datatype":"multivaluelist","description_zh":"标记","description_en":"Tags",
     "values":[{"key":"x","name_zh":"叉","name_en":"X"},{"key":"y","name_zh":"歪","name_en":"Y"}]},
    {"code":"n","datatype":"number","description_zh":"数","description_en":"N"},
    {"code":"at","datatype":"datetime","description_zh":"时间","description_en":"When"},
    {"code":"note","datatype":"string","variable":false,"description_zh":"请注意","description_en":"Note"}])"));
  Calendar cal{CalendarOptions{}};
  auto ok = check_answers(attrs, {{"kind", {"a"}}, {"tags", {"x", "y", "x"}}, {"n", {"2.5"}}, {"at", {"2026-12-01"}}},
                          cal, "attribute");
  EXPECT_EQ(ok.at("kind"), "a");
  EXPECT_EQ(ok.at("tags").as_array().size(), 2u);
  EXPECT_EQ(ok.at("n").as_double(), 2.5);
  EXPECT_EQ(ok.at("at"), "2026-11-30T16:00:00.000Z");  // midnight in UTC+8
  auto refused = [&](AttributeAnswers a) {
    try {
      check_answers(attrs, a, cal, "attribute");
    } catch (const Error& e) {
      return e.field();
    }
    return std::string();
  };
  EXPECT_EQ(refused({}), "attribute[kind]");                                       // required
  EXPECT_EQ(refused({{"kind", {"c"}}}), "attribute[kind]");                        // not listed
  EXPECT_EQ(refused({{"kind", {"a", "b"}}}), "attribute[kind]");                   // one value
  EXPECT_EQ(refused({{"kind", {"a"}}, {"n", {"many"}}}), "attribute[n]");          // a number
  EXPECT_EQ(refused({{"kind", {"a"}}, {"at", {"1899-01-01"}}}), "attribute[at]");  // the served years
  EXPECT_EQ(refused({{"kind", {"a"}}, {"note", {"x"}}}), "attribute[note]");       // a notice asks nothing
  EXPECT_EQ(refused({{"kind", {"a"}}, {"colour", {"red"}}}), "attribute[colour]");
}

}  // namespace
}  // namespace wangge::events
