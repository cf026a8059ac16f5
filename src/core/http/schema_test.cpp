#include "core/http/schema.h"

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

#include "core/error.h"
#include "core/http/router.h"

namespace wangge::schema {
namespace {

std::vector<std::string> problems(const value& s, std::string_view json, const Components& c = {}) {
  std::vector<std::string> out;
  for (const auto& p : validate(s, boost::json::parse(json), c)) out.push_back(p.path + " " + p.message_en);
  return out;
}

using Strings = std::vector<std::string>;

TEST(SchemaTest, ObjectsCheckRequiredMembersTypesAndUnknownMembersWhenClosed) {
  value s = object({req("name", str(4)), opt("age", integer(0, 150))}, closed);
  EXPECT_EQ(problems(s, R"({"name": "网格员"})"), Strings{});
  EXPECT_EQ(problems(s, R"({})"), Strings{"name is required"});
  EXPECT_EQ(problems(s, R"({"name": 3})"), Strings{"name must be string"});
  EXPECT_EQ(problems(s, R"({"name": "a", "x": 1})"), Strings{"x is not a field of this request"});
  EXPECT_EQ(problems(s, R"({"name": "a", "age": 151})"), Strings{"age is more than 150"});
  EXPECT_EQ(problems(s, R"({"name": "a", "age": 1.5})"), Strings{"age must be integer"});
  EXPECT_EQ(problems(s, R"([])"), Strings{" must be object"});
  // Open objects take members they do not name (answers may grow).
  EXPECT_EQ(problems(object({req("name", str())}), R"({"name": "a", "x": 1})"), Strings{});
}

TEST(SchemaTest, LengthsCountCodePointsNotBytes) {
  EXPECT_EQ(problems(str(3), R"("平沙镇")"), Strings{});
  EXPECT_EQ(problems(str(2), R"("平沙镇")"), Strings{" is longer than 2 characters"});
  EXPECT_EQ(problems(str(0, 1), R"("")"), Strings{" is shorter than 1 characters"});
}

TEST(SchemaTest, NullableEnumsArraysAndMaps) {
  value rating = nullable(enumeration({"satisfied", "unsatisfied"}));
  EXPECT_EQ(problems(rating, "null"), Strings{});
  EXPECT_EQ(problems(rating, R"("satisfied")"), Strings{});
  EXPECT_EQ(problems(rating, R"("meh")").size(), 1u);
  EXPECT_EQ(problems(array(id(), 2), "[1, 2]"), Strings{});
  EXPECT_EQ(problems(array(id(), 2), "[1, 2, 3]"), Strings{" has more than 2 items"});
  EXPECT_EQ(problems(array(id()), "[1, 0]"), Strings{"[1] is less than 1"});
  EXPECT_EQ(problems(map_of(integer()), R"({"a": 1, "b": "2"})"), Strings{"b must be integer"});
  EXPECT_EQ(problems(page_of(id()), R"({"items": [1], "next_cursor": null})"), Strings{});
  EXPECT_EQ(problems(page_of(id()), R"({"items": [1]})"), Strings{"next_cursor is required"});
}

TEST(SchemaTest, ReferencesResolveThroughComponents) {
  Components c;
  value person = c.add("Person", object({req("id", id()), req("name", str())}));
  value s = object({req("items", array(person)), opt("head", nullable(person)), opt("more", all_of({person}))});
  EXPECT_EQ(problems(s, R"({"items": [{"id": 1, "name": "a"}], "head": null})", c), Strings{});
  EXPECT_EQ(problems(s, R"({"items": [{"id": 1}]})", c), Strings{"items[0].name is required"});
  EXPECT_EQ(problems(s, R"({"items": [], "head": {"id": "1", "name": "a"}})", c), Strings{"head.id must be integer"});
  EXPECT_EQ(problems(s, R"({"items": [], "more": {"id": 2}})", c), Strings{"more.name is required"});
  EXPECT_EQ(problems(ref("Nobody"), "{}", c), Strings{" has an unknown schema Nobody"});
}

TEST(SchemaTest, RequireAnswersTheFirstProblemAsA422NamingTheField) {
  value s = object({req("days", integer(1, 30))});
  EXPECT_NO_THROW(require(s, boost::json::parse(R"({"days": 3})"), {}));
  EXPECT_NO_THROW(require_object(s, boost::json::object{{"days", 3}}, {}));
  EXPECT_THROW(require_object(s, boost::json::object{}, {}), Error);
  try {
    require(s, boost::json::parse(R"({"days": 31})"), {});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), "validation");
    EXPECT_EQ(e.field(), "days");
    EXPECT_EQ(e.detail_zh(), "不能大于 30");
  }
}

TEST(SchemaTest, TheOpenApiDocumentCarriesRequestAndResponseSchemas) {
  http::Router router;
  value dept = router.components().add("Department", object({req("id", id())}));
  router.add("POST", "/api/v1/departments",
             {.summary = "create",
              .tag = "t",
              .request = object({req("name", str(100))}, closed),
              .response = dept,
              .statuses = {201, 422}},
             [](Context&) { return http::Response::no_content(); });
  auto doc = boost::json::parse(router.openapi("test"));
  const auto& op = doc.at_pointer("/paths/~1api~1v1~1departments/post");
  EXPECT_EQ(op.at_pointer("/requestBody/content/application~1json/schema/properties/name/maxLength"), 100);
  EXPECT_EQ(op.at_pointer("/responses/201/content/application~1json/schema/$ref"), "#/components/schemas/Department");
  EXPECT_EQ(op.at_pointer("/responses/422/content/application~1problem+json/schema/$ref"),
            "#/components/schemas/Problem");
  EXPECT_TRUE(doc.at_pointer("/components/schemas").as_object().contains("Department"));
  EXPECT_TRUE(doc.at_pointer("/components/schemas").as_object().contains("Problem"));
}

}  // namespace
}  // namespace wangge::schema
