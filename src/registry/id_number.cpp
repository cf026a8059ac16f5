#include "registry/id_number.h"

#include <cctype>
#include <chrono>

namespace wangge::registry {

char id_check_char(std::string_view first17) {
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char kChecks[] = "10X98765432";
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  return kChecks[sum % 11];
}

std::optional<IdNumber> parse_id_number(std::string_view text, std::string_view today, IdProblem* problem) {
  auto fail = [&](std::string en, std::string zh) -> std::optional<IdNumber> {
    if (problem) *problem = {std::move(en), std::move(zh)};
    return std::nullopt;
  };
  std::string id(text);
  if (!id.empty() && id.back() == 'x') id.back() = 'X';
  if (id.size() != 18) return fail("an ID number has 18 characters", "身份证号码应为 18 位");
  for (std::size_t i = 0; i < 17; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(id[i])))
      return fail("the first 17 characters are digits", "身份证号码前 17 位应为数字");
  }
  if (!std::isdigit(static_cast<unsigned char>(id[17])) && id[17] != 'X')
    return fail("the last character is a digit or X", "身份证号码末位应为数字或 X");
  int y = std::stoi(id.substr(6, 4)), m = std::stoi(id.substr(10, 2)), d = std::stoi(id.substr(12, 2));
  std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                                  std::chrono::day{static_cast<unsigned>(d)}};
  std::string birth = id.substr(6, 4) + "-" + id.substr(10, 2) + "-" + id.substr(12, 2);
  if (!ymd.ok() || y < 1900 || birth > today)
    return fail("the birth date " + birth + " in the ID number is not a real past date",
                "身份证号码中的出生日期 " + birth + " 无效");
  if (id_check_char(id) != id[17]) return fail("the check digit is wrong (mistyped?)", "身份证号码校验位不符，请核对");
  return IdNumber{id, birth, (id[16] - '0') % 2 == 1 ? "male" : "female"};
}

std::string mask_id_number(std::string_view id) {
  if (id.size() < 10) return std::string(id.size(), '*');
  return std::string(id.substr(0, 6)) + std::string(id.size() - 10, '*') + std::string(id.substr(id.size() - 4));
}

}  // namespace wangge::registry
