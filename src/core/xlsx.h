// Writing .xlsx workbooks (libxlsxwriter) row by row, in its constant-memory mode: memory
// stays flat however many rows an export has. Text cells are always text, so ID numbers,
// codes and phones keep every digit (Excel would round an 18-digit number).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "core/http/message.h"

namespace wangge::xlsx {

using Cell = std::variant<std::monostate, std::string, std::int64_t, double>;

struct Column {
  std::string header;
  double width = 12;  // in characters
  bool text = false;  // formatted as text (@): what is typed in stays as typed (digits of ID numbers)
};

// Data rows a worksheet holds under its header row (Excel's 1,048,576 rows in all).
inline constexpr std::int64_t kMaxRows = 1048575;

// One workbook written to `path`. Not thread-safe. Sheets are written one after another,
// rows in order. Throws std::runtime_error when the library fails, std::length_error when a
// sheet would pass kMaxRows.
class Writer {
 public:
  // `tmpdir` holds libxlsxwriter's temporary files (one per sheet) while it writes.
  Writer(const std::string& path, const std::string& tmpdir);
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Starts a sheet named `name` (at most 31 characters) with a bold, shaded, frozen header
  // row carrying an auto-filter.
  void sheet(const std::string& name, const std::vector<Column>& columns);
  // Appends a row under the current sheet's last one; missing trailing cells stay empty.
  void row(const std::vector<Cell>& cells);
  std::int64_t rows() const { return rows_; }  // data rows of the current sheet
  // Writes the file out; the workbook is complete only after this returns.
  void close();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::int64_t rows_ = 0;
  std::size_t columns_ = 0;
  std::vector<bool> text_columns_;
};

// Writes a workbook with `fill` into a temporary file under `dir` and answers it as an
// attachment named `filename` (ASCII). The file is removed before returning. A sheet past
// kMaxRows answers 422 export_too_large; nothing of a failed export stays on disk.
http::Response attachment(const std::string& dir, const std::string& filename,
                          const std::function<void(Writer&)>& fill);

}  // namespace wangge::xlsx
