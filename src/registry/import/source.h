// An import file's records, whatever its format: CSV text (as UTF-8) or an .xlsx workbook's
// first worksheet, read into the same rows of text, so every later step (the header, the
// checks, the row numbers of the report) is one.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/csv.h"
#include "core/xlsx_read.h"

namespace wangge::registry::import {

struct Record {
  std::size_t line = 0;  // the CSV line, or the sheet's row number, as the user sees it
  std::vector<std::string> fields;
  std::vector<xlsx::ReadCell::Type> types;  // .xlsx: each field's cell type; empty for CSV
  std::string error;                        // CSV: why the record is malformed
};

// What an uploaded workbook of `bytes` bytes may unpack to: 200 times its size (XML
// compresses well, a zip bomb far better), at least 64 MiB, at most 4 GiB; its rows are
// Excel's, its columns 1,024.
xlsx::ReadLimits xlsx_limits(std::size_t bytes);

class Source {
 public:
  // `bytes` (which must outlive the source) is UTF-8 CSV text, or an .xlsx workbook when
  // `xlsx`. Throws wangge::Error (422/413) when a workbook cannot be opened.
  Source(std::string_view bytes, bool xlsx);
  // The next record; false at the end. Throws wangge::Error on a damaged workbook.
  bool next(Record& r);

 private:
  std::optional<csv::Reader> csv_;
  std::unique_ptr<xlsx::SheetReader> sheet_;
  std::vector<xlsx::ReadCell> cells_;
};

}  // namespace wangge::registry::import
