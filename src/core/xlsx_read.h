// Reading the first worksheet of an .xlsx workbook (an untrusted upload) row by row: the
// zip container through libzip, the XML through expat, streamed so that memory stays flat
// however many rows the sheet has (only the shared strings are held). Every size is
// bounded: the bytes inflated from the archive (zip bombs), the shared strings held, a
// cell's length, the rows and columns. A malformed or oversized file throws wangge::Error
// (422 validation, or 413 payload_too_large) with the reason in both languages.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace wangge::xlsx {

struct ReadCell {
  enum class Type { empty, text, number, date, boolean, error };
  Type type = Type::empty;
  // text: the text (shared, inline or a formula's); number: as stored, an integer of up to
  // 15 digits written out ("13800138000"), anything else as the file has it
  // ("4.40404199001011E+17"); date: a number with a date format, as YYYY-MM-DD; boolean:
  // TRUE or FALSE; error: the formula error (#N/A, ...).
  std::string value;
};

struct ReadLimits {
  std::uint64_t max_inflated = 1ULL << 30;          // bytes inflated from every entry read, together
  std::uint64_t max_shared_strings = 256ULL << 20;  // bytes of shared strings held in memory
  std::size_t max_rows = 1048576;                   // Excel's own limits
  std::size_t max_columns = 16384;
  std::size_t max_cell_bytes = 32767 * 4;  // Excel's 32,767 characters, in UTF-8
};

// True when the bytes start as a zip archive does (what an .xlsx file is).
bool looks_like_zip(std::string_view bytes);

// An Excel serial day number as YYYY-MM-DD (the 1900 date system, with its phantom
// 1900-02-29, or the 1904 one); empty when out of range (before 1900 or after 9999).
std::string serial_date(double serial, bool date1904);

class SheetReader {
 public:
  // Opens the workbook in `bytes` (which must outlive the reader) at its first worksheet,
  // having read its shared strings and styles. Throws wangge::Error.
  explicit SheetReader(std::string_view bytes, ReadLimits limits = {});
  ~SheetReader();
  SheetReader(const SheetReader&) = delete;
  SheetReader& operator=(const SheetReader&) = delete;

  // The next row holding a non-empty cell: its number as Excel shows it (1-based) and its
  // cells, column A first, up to the last non-empty one. False at the end of the sheet.
  // Throws wangge::Error on malformed XML or a limit passed.
  bool next(std::size_t& row, std::vector<ReadCell>& cells);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace wangge::xlsx
