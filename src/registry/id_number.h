// Resident identity card numbers (公民身份号码, GB 11643-1999): 18 characters, the first 17
// digits (6 of the address code, 8 of the birth date, 3 of the sequence, odd for men) and
// an ISO 7064 MOD 11-2 check character (0-9 or X).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace wangge::registry {

struct IdNumber {
  std::string normalized;  // upper-case X
  std::string birth_date;  // YYYY-MM-DD
  std::string gender;      // male female
};

// Why a number is not valid, in both languages; nullopt when it is.
struct IdProblem {
  std::string en, zh;
};

// Parses and checks a number: length, digits, a real birth date between 1900-01-01 and
// `today` (YYYY-MM-DD), and the check character. On failure returns nullopt and fills
// `problem`.
std::optional<IdNumber> parse_id_number(std::string_view text, std::string_view today, IdProblem* problem);

// The check character of the first 17 digits.
char id_check_char(std::string_view first17);

// 440404199001011234 -> 440404********1234
std::string mask_id_number(std::string_view id);

}  // namespace wangge::registry
