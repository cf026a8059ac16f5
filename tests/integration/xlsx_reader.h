// Reads back what the server's .xlsx exports hold, for tests: the zip container's entries
// (stored or deflated, through zlib) and a worksheet's cells as text, row by row.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace wangge::testing {

// Every entry of a zip archive by name; throws std::runtime_error on a malformed archive.
std::map<std::string, std::string> unzip(const std::string& bytes);

// The cells of worksheet n (1-based) of an .xlsx file: rows of text in column order (an
// empty cell is ""; numbers as written, e.g. "12"). Inline strings only, as libxlsxwriter
// writes in constant-memory mode; XML entities decoded.
std::vector<std::vector<std::string>> sheet_rows(const std::string& xlsx, int n = 1);

}  // namespace wangge::testing
