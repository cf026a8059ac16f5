// CSV as RFC 4180 writes it and spreadsheet programs export it: fields separated by
// commas, optionally quoted with double quotes (a quote inside doubled), quoted fields may
// hold commas and line breaks, records end with CRLF or LF. A UTF-8 byte order mark at the
// start is skipped.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace wangge::csv {

class Reader {
 public:
  explicit Reader(std::string_view text);
  // The next record into `fields`; false at the end. A malformed record (a quote that
  // never closes, text after a closing quote) sets `error` and is skipped.
  bool next(std::vector<std::string>& fields, std::string* error);
  // The line the last record started on (1-based).
  std::size_t line() const { return line_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 0, next_line_ = 1;
};

// One field, quoted when it needs to be.
std::string quote(std::string_view field);

}  // namespace wangge::csv
