#include "registry/id_number.h"

#include <gtest/gtest.h>

namespace wangge::registry {
namespace {

// A number with a correct check character for the given first 17 digits.
std::string with_check(const std::string& first17) {
  return first17 + id_check_char(first17);
}

TEST(IdNumberTest, AcceptsValidNumbersAndDerivesBirthAndGender) {
  // The standard's own example: 11010519491231002X (a woman born 1949-12-31).
  IdProblem p;
  auto id = parse_id_number("11010519491231002x", "2026-11-23", &p);
  ASSERT_TRUE(id) << p.en;
  EXPECT_EQ(id->normalized, "11010519491231002X");
  EXPECT_EQ(id->birth_date, "1949-12-31");
  EXPECT_EQ(id->gender, "female");
  auto man = parse_id_number(with_check("44040419900101123"), "2026-11-23", &p);
  ASSERT_TRUE(man) << p.en;
  EXPECT_EQ(man->gender, "male");
}

TEST(IdNumberTest, NamesWhatIsWrong) {
  IdProblem p;
  EXPECT_FALSE(parse_id_number("4404041990010112", "2026-11-23", &p));
  EXPECT_NE(p.en.find("18"), std::string::npos);
  EXPECT_FALSE(parse_id_number("44040419900101A234", "2026-11-23", &p));
  EXPECT_NE(p.en.find("digits"), std::string::npos);
  EXPECT_FALSE(parse_id_number(with_check("44040419900230123"), "2026-11-23", &p));  // 30 February
  EXPECT_NE(p.en.find("birth date"), std::string::npos);
  EXPECT_FALSE(parse_id_number(with_check("44040420300101123"), "2026-11-23", &p));  // born in the future
  EXPECT_NE(p.en.find("birth date"), std::string::npos);
  EXPECT_FALSE(parse_id_number(with_check("44040418890101123"), "2026-11-23", &p));  // before 1900
  std::string good = with_check("44040419900101123");
  std::string bad = good.substr(0, 17) + (good[17] == '0' ? '1' : '0');
  EXPECT_FALSE(parse_id_number(bad, "2026-11-23", &p));
  EXPECT_NE(p.en.find("check digit"), std::string::npos);
  EXPECT_NE(p.zh.find("校验位"), std::string::npos);
}

TEST(IdNumberTest, MasksAllButRegionAndLastFour) {
  EXPECT_EQ(mask_id_number("440404199001011234"), "440404********1234");
}

}  // namespace
}  // namespace wangge::registry
