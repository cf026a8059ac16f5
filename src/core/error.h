// The one error type of the server. Anything that must reach a client as a 4xx/5xx is
// thrown as wangge::Error and turned into RFC 9457 problem+json in exactly one place
// (core/http/problem.cpp). The code is stable (clients may switch on it); the status and
// both human messages come from the catalogue in error.cpp, so one table maps code -> HTTP.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace wangge {

struct ErrorSpec {
  std::string_view code;
  int status;
  std::string_view title_en;
  std::string_view title_zh;
};

// Looks the code up in the catalogue; unknown codes map to "internal" (500).
const ErrorSpec& error_spec(std::string_view code);

class Error : public std::runtime_error {
 public:
  // code: a key of the catalogue. field: the offending input field (JSON path), if any.
  // detail_en / detail_zh: what exactly was wrong, for a person.
  explicit Error(std::string code, std::string field = {}, std::string detail_en = {}, std::string detail_zh = {});

  const std::string& code() const { return code_; }
  const std::string& field() const { return field_; }
  const std::string& detail_en() const { return detail_en_; }
  const std::string& detail_zh() const { return detail_zh_; }
  int status() const { return error_spec(code_).status; }

 private:
  std::string code_;
  std::string field_;
  std::string detail_en_;
  std::string detail_zh_;
};

// Shorthands for the common cases.
[[noreturn]] void throw_validation(std::string field, std::string detail_en, std::string detail_zh);
[[noreturn]] void throw_not_found(std::string what_en, std::string what_zh);

}  // namespace wangge
