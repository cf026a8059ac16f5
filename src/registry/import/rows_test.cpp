#include <gtest/gtest.h>

#include "registry/id_number.h"
#include "registry/import/fields.h"
#include "registry/import/kinds.h"
#include "registry/rules.h"

namespace wangge::registry::import {
namespace {

TEST(ImportRowsTest, HeadersAreFoundByAnyOfTheirNames) {
  std::vector<std::string> missing;
  auto header =
      map_header(PersonImport::columns(), {" 姓名", "公民身份号码", "所属网格", "住址\u3000", "手机号"}, &missing);
  EXPECT_EQ(header.at("name"), 0u);
  EXPECT_EQ(header.at("id_number"), 1u);
  EXPECT_EQ(header.at("region_code"), 2u);
  EXPECT_EQ(header.at("address"), 3u);
  EXPECT_EQ(header.at("phone"), 4u);
  EXPECT_TRUE(missing.empty());
  map_header(BuildingImport::columns(), {"名称"}, &missing);
  EXPECT_EQ(missing, (std::vector<std::string>{"网格编码 (region_code)"}));
}

TEST(ImportRowsTest, ValuesAreTrimmedAndLedgerWordsRead) {
  EXPECT_EQ(trim(" \u3000立新路 30 号\t"), "立新路 30 号");
  EXPECT_EQ(canonical("流动人口"), "floating");
  EXPECT_EQ(canonical("租客"), "tenant");
  EXPECT_EQ(canonical("permanent"), "permanent");
  EXPECT_TRUE(listed(kHousingTypes, canonical("公租房")));
}

TEST(ImportRowsTest, TextAndNumbersAreCheckedPerColumn) {
  HeaderMap header{{"name", 0}, {"note", 1}, {"floors", 2}, {"lat", 3}};
  std::vector<std::string> values{"", "a\x01", "3.5", "north"};
  std::vector<RowError> errors;
  Fields in{header, values, 7, errors};
  in.text("name", 50, true);
  in.text("note", 500, false);
  EXPECT_EQ(number_field(in, "floors"), 3.5);
  EXPECT_FALSE(number_field(in, "lat"));
  EXPECT_FALSE(number_field(in, "lng"));  // no such column: empty
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].column, "name");
  EXPECT_EQ(errors[0].en, "1 to 50 characters");
  EXPECT_EQ(errors[1].column, "note");
  EXPECT_EQ(errors[1].en, "contains control characters");
  EXPECT_EQ(errors[2].column, "lat");
  EXPECT_EQ(errors[2].line, 7u);
}

// The person rules of a row, as the import reads them: every problem of the row, each
// naming its column.
TEST(ImportRowsTest, PersonRulesAreRowErrors) {
  HeaderMap header{{"id_number", 0}, {"phone", 1}};
  std::string id = "44040419800808204";
  id += id_check_char(id);
  std::vector<std::string> values{id.substr(0, 17) + (id[17] == '1' ? '2' : '1'), "12345"};
  std::vector<RowError> errors;
  Fields in{header, values, 3, errors};
  PersonInput input;
  input.name = "甲";
  input.id_number = {true, in.get("id_number")};
  input.phone = {true, in.get("phone")};
  input.floating_expires_on = {true, "2027-01-01"};
  FieldProblems problems{in};
  Person p;
  static const Crypto crypto(Crypto::Key{9});
  check_person(input, p, {"2026-11-23", true, true}, crypto, problems);
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].column, "id_number");
  EXPECT_EQ(errors[1].column, "phone");
  EXPECT_EQ(errors[1].zh, "应为 11 位手机号或带区号的固话");
  EXPECT_EQ(errors[2].column, "residence_type");
  for (const auto& e : errors) EXPECT_EQ(e.line, 3u);
}

TEST(ImportRowsTest, KindsKeyTheirRowsByNaturalKey) {
  Household h;
  h.region_code = "440404104001001";
  h.address = "立新路 40 号";
  h.room = "1-101";
  EXPECT_EQ(HouseholdImport::key(h), "440404104001001|立新路 40 号|1-101");
  BusinessImport::Row shop;
  shop.business.region_code = "440404104001001";
  shop.business.name = "海燕小卖部";
  EXPECT_EQ(BusinessImport::key(shop), "440404104001001|海燕小卖部");
  shop.business.licence_no = "91350100M000100Y43";
  EXPECT_EQ(BusinessImport::key(shop), "91350100M000100Y43");
  EXPECT_EQ(columns_of("nothing"), nullptr);
  EXPECT_STREQ(permission_of("buildings"), "registry:building:write");
  EXPECT_STREQ(permission_of("persons"), "registry:person:write");
}

}  // namespace
}  // namespace wangge::registry::import
