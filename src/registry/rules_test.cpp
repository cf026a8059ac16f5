#include "registry/rules.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/error.h"
#include "registry/id_number.h"

namespace wangge::registry {
namespace {

constexpr const char* kToday = "2026-11-23";

// Every problem a check finds, as the import collects them.
struct Collected final : Problems {
  struct Problem {
    std::string field, en, zh;
  };
  std::vector<Problem> all;
  void add(const char* field, std::string en, std::string zh) override {
    all.push_back({field, std::move(en), std::move(zh)});
  }
  std::vector<std::string> fields() const {
    std::vector<std::string> out;
    for (const auto& p : all) out.push_back(p.field);
    return out;
  }
};

const Crypto& crypto() {
  static const Crypto c(Crypto::Key{1, 2, 3});
  return c;
}

std::string id_of(const std::string& first17) {
  return first17 + id_check_char(first17);
}

PersonInput named(std::string name) {
  PersonInput in;
  in.name = std::move(name);
  return in;
}

TEST(PersonRulesTest, TheIdNumberDecidesGenderAndBirthDate) {
  PersonInput in = named("甲");
  std::string id = id_of("44040419800808204");
  in.id_number = {true, id};
  in.phone = {true, "13800138000"};
  Person p;
  Collected problems;
  auto secrets = check_person(in, p, {kToday, true, false}, crypto(), problems);
  EXPECT_TRUE(problems.all.empty());
  EXPECT_EQ(p.name, "甲");
  EXPECT_EQ(p.birth_date, "1980-08-08");
  EXPECT_EQ(p.gender, "female");
  EXPECT_EQ(p.residence_type, "registered");
  EXPECT_EQ(secrets.id_number, id);
  EXPECT_EQ(secrets.phone, "13800138000");
  EXPECT_EQ(p.id_index, crypto().blind_index("id_number", id));
  EXPECT_EQ(p.id_masked, mask_id_number(id));
  EXPECT_EQ(p.phone_index, crypto().blind_index("phone", "13800138000"));
  EXPECT_FALSE(p.id_sealed);  // sealing is the caller's
  EXPECT_FALSE(p.phone_sealed);
}

TEST(PersonRulesTest, GenderAndBirthDateMustMatchTheNumber) {
  PersonInput in = named("甲");
  in.id_number = {true, id_of("44040419800808204")};
  in.gender = "male";
  in.birth_date = "1980-08-09";
  Person p;
  Collected problems;
  check_person(in, p, {kToday, true, false}, crypto(), problems);
  EXPECT_EQ(problems.fields(), (std::vector<std::string>{"gender", "birth_date"}));
  EXPECT_EQ(problems.all[1].en, "does not match the ID number (1980-08-08)");
}

TEST(PersonRulesTest, WithoutANumberGenderAndBirthDateAreRequired) {
  Person p;
  Collected problems;
  check_person(named("乙"), p, {kToday, true, false}, crypto(), problems);
  EXPECT_EQ(problems.fields(), (std::vector<std::string>{"gender", "birth_date"}));
  EXPECT_EQ(problems.all[0].en, "required without an ID number");

  PersonInput in = named("乙");
  in.gender = "male";
  in.birth_date = "1899-12-31";
  Collected old;
  check_person(in, p, {kToday, true, false}, crypto(), old);
  EXPECT_EQ(old.fields(), (std::vector<std::string>{"birth_date"}));
  EXPECT_EQ(old.all[0].en, "a past date after 1900");
}

TEST(PersonRulesTest, AnImportMatchesByNumberSoItIsRequired) {
  Person p;
  Collected problems;
  check_person(named("丙"), p, {kToday, true, true}, crypto(), problems);
  ASSERT_EQ(problems.fields(), (std::vector<std::string>{"id_number"}));
  EXPECT_EQ(problems.all[0].en, "required (rows are matched by ID number)");
  EXPECT_EQ(problems.all[0].zh, "必填（按身份证号码匹配）");

  std::string bad = id_of("44040419800808204");
  bad.back() = bad.back() == '1' ? '2' : '1';
  PersonInput in = named("丙");
  in.id_number = {true, bad};
  Collected wrong;
  check_person(in, p, {kToday, true, true}, crypto(), wrong);
  ASSERT_EQ(wrong.fields(), (std::vector<std::string>{"id_number"}));  // nothing about gender or birth
}

TEST(PersonRulesTest, APhoneIsAMobileOrALandlineAndNullClearsIt) {
  PersonInput in = named("丁");
  in.id_number = {true, id_of("44040419800808305")};
  in.phone = {true, "12345"};
  Person p;
  Collected problems;
  check_person(in, p, {kToday, true, false}, crypto(), problems);
  EXPECT_EQ(problems.fields(), (std::vector<std::string>{"phone"}));

  Person on_file;
  on_file.phone_index = "i";
  on_file.phone_sealed = "s";
  on_file.phone_masked = "m";
  PersonInput clear;
  clear.phone = {true, std::nullopt};
  Collected none;
  auto secrets = check_person(clear, on_file, {kToday, false, false}, crypto(), none);
  EXPECT_TRUE(none.all.empty());
  EXPECT_FALSE(on_file.phone_index);
  EXPECT_FALSE(on_file.phone_sealed);
  EXPECT_EQ(on_file.phone_masked, "");
  EXPECT_EQ(secrets.phone, "");
}

TEST(PersonRulesTest, OnlyFloatingResidentsHavePermitDatesInOrder) {
  PersonInput in = named("戊");
  in.id_number = {true, id_of("44040419800808406")};
  in.floating_registered_on = {true, "2026-01-01"};
  Person p;
  Collected problems;
  check_person(in, p, {kToday, true, false}, crypto(), problems);
  ASSERT_EQ(problems.fields(), (std::vector<std::string>{"residence_type"}));
  EXPECT_EQ(problems.all[0].zh, "仅流动人口有居住证登记与到期日期");
  EXPECT_FALSE(p.floating_registered_on);

  in.residence_type = "floating";
  in.floating_expires_on = {true, "2025-12-31"};
  Collected order;
  check_person(in, p, {kToday, true, false}, crypto(), order);
  EXPECT_EQ(order.fields(), (std::vector<std::string>{"floating_expires_on"}));

  in.floating_expires_on = {true, "2027-01-01"};
  Collected fine;
  check_person(in, p, {kToday, true, false}, crypto(), fine);
  EXPECT_TRUE(fine.all.empty());
  EXPECT_EQ(p.floating_registered_on, "2026-01-01");
  EXPECT_EQ(p.floating_expires_on, "2027-01-01");
}

TEST(PersonRulesTest, CorrectingKeepsWhatWasNotSent) {
  Person p;
  p.name = "己";
  p.gender = "male";
  p.birth_date = "1990-01-01";
  p.id_index = "on file";
  p.residence_type = "floating";
  p.floating_registered_on = "2026-01-01";
  p.note = "kept";
  PersonInput in;
  in.gender = "female";  // the number on file decides
  Collected problems;
  check_person(in, p, {kToday, false, false}, crypto(), problems);
  EXPECT_EQ(problems.fields(), (std::vector<std::string>{"gender"}));
  EXPECT_EQ(problems.all[0].en, "comes from the ID number on file");
  EXPECT_EQ(p.name, "己");
  EXPECT_EQ(p.residence_type, "floating");
  EXPECT_EQ(p.floating_registered_on, "2026-01-01");
  EXPECT_EQ(p.note, "kept");
}

TEST(PersonRulesTest, AnIdNumberOnFileIsCorrectedNeverRemoved) {
  Person p;
  p.gender = "male";
  p.birth_date = "1990-01-01";
  p.id_index = "on file";
  PersonInput in;
  in.id_number = {true, std::nullopt};  // "id_number": null
  in.gender = "female";                 // and a gender the number on file contradicts
  Collected problems;
  check_person(in, p, {kToday, false, false}, crypto(), problems);
  EXPECT_EQ(problems.fields(), (std::vector<std::string>{"id_number", "gender"}));
  EXPECT_EQ(problems.all[1].en, "comes from the ID number on file");
}

TEST(PersonRulesTest, TheApiStopsAtTheFirstProblem) {
  Person p;
  try {
    check_person(named("庚"), p, {kToday, true, false}, crypto(), Problems::first());
    FAIL() << "no problem raised";
  } catch (const Error& e) {
    EXPECT_EQ(e.field(), "gender");
  }
}

TEST(PlaceRulesTest, HouseholdsBuildingsAndBusinesses) {
  Collected h;
  check_household({"owned", 7}, h);
  check_household({"rented", 7}, h);
  EXPECT_EQ(h.fields(), (std::vector<std::string>{"landlord_id"}));

  Collected b;
  check_building({200.0, -90.0, 180.0}, b);
  EXPECT_TRUE(b.all.empty());
  check_building({0.0, 90.5, std::nan("")}, b);
  EXPECT_EQ(b.fields(), (std::vector<std::string>{"floors", "lat", "lng"}));

  Collected x;
  check_business({std::nullopt}, x);
  check_business({"91350100M000100Y43"}, x);
  EXPECT_TRUE(x.all.empty());
  check_business({"91350100M000100Y44"}, x);
  EXPECT_EQ(x.fields(), (std::vector<std::string>{"licence_no"}));
  EXPECT_FALSE(valid_credit_code("91350100M000100Y4"));
  EXPECT_FALSE(valid_credit_code("91350100M000100I43"));
}

}  // namespace
}  // namespace wangge::registry
