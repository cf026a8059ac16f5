// What every import kind shares: the columns of a CSV file by their header names, one
// record's fields with the errors found in it, the places and buildings a job looks up,
// and the counts of what a chunk applied.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/xlsx_read.h"
#include "registry/model.h"
#include "registry/rules.h"

namespace wangge::registry {
class Service;
}

namespace wangge::registry::import {

// What a column holds, which decides how a spreadsheet's cell is read into it and how the
// template formats it: digits that are an identifier (an ID number, a phone, a credit code:
// a cell stored as a number has lost digits or leading zeros, so it is an error), a place's
// code (up to 15 digits, which a number cell keeps exactly), a date, a number, or text.
enum class Format { text, digits, code, date, number };

// A column, by any of its header names (Chinese first, as the ledgers have them).
struct Column {
  const char* key;
  std::vector<std::string> names;
  bool required;
  Format format = Format::text;
};

// Trims ASCII white space and full-width spaces (U+3000) around a value.
std::string trim(std::string s);
// The code for a Chinese word of the ledgers (户籍 -> registered); the value itself otherwise.
std::string canonical(const std::string& v);

template <std::size_t N>
bool listed(const char* const (&allowed)[N], const std::string& v) {
  for (const char* a : allowed) {
    if (v == a) return true;
  }
  return false;
}

struct RowError {
  std::size_t line;
  std::string column, en, zh;
};

using HeaderMap = std::map<std::string, std::size_t>;  // column key -> index

// The header's columns (a trailing star, a template's mark of a required column, ignored);
// the missing required ones in `missing`.
HeaderMap map_header(const std::vector<Column>& columns, const std::vector<std::string>& header,
                     std::vector<std::string>* missing);

// One record being checked: its fields by column key, and the errors found so far.
struct Fields {
  const HeaderMap& header;
  const std::vector<std::string>& values;
  std::size_t line;
  std::vector<RowError>& errors;

  std::string get(const char* key) const;
  void fail(const char* column, std::string en, std::string zh) {
    errors.push_back({line, column, std::move(en), std::move(zh)});
  }
  // Text of 1 (or 0 when optional) to max characters, without control characters.
  std::string text(const char* key, std::size_t max, bool required);
};

// The problems a shared check (rules.h) finds, as errors of the record's row.
class FieldProblems final : public Problems {
 public:
  explicit FieldProblems(Fields& in) : in_(in) {}
  void add(const char* field, std::string en, std::string zh) override {
    in_.fail(field, std::move(en), std::move(zh));
  }

 private:
  Fields& in_;
};

// A number, or none when the column is empty (or not a number: an error of the row).
std::optional<double> number_field(Fields& in, const char* key);

// What every kind's check shares over one job: the importer's scope, the places and
// buildings already looked up.
struct Common {
  Service& svc;
  std::vector<std::string> scope;
  std::string today;
  std::map<std::string, std::optional<std::string>> places;  // code -> path (nullopt: unknown)
  std::map<std::string, std::vector<Building>> buildings;    // path|name -> buildings there

  // The path of the place in column `key`: a region of at least `min_digits` digits (12: a
  // community or below; 15: a grid or a unit) inside the importer's scope.
  std::optional<std::string> place(Fields& in, const char* key, std::size_t min_digits);
  std::optional<std::string> date(Fields& in, const char* key);
  // The building named in column `key` at or under the place; none when the column is empty.
  std::optional<std::int64_t> building(Fields& in, const char* key, const std::optional<std::string>& path);
};

// What a chunk applied or would apply: kept apart until its transaction commits (the group
// commit may run a closure again), then added.
struct Counts {
  std::int64_t inserted = 0, updated = 0, unchanged = 0;
  std::int64_t chunk_inserted = 0, chunk_updated = 0, chunk_unchanged = 0;
  // Rows whose matched record is outside the importer's scope when applied (it moved
  // away after the check): left alone and reported.
  std::vector<RowError> refused, chunk_refused;
  void begin_chunk() {
    chunk_inserted = chunk_updated = chunk_unchanged = 0;
    chunk_refused.clear();
  }
  void commit_chunk() {
    inserted += chunk_inserted;
    updated += chunk_updated;
    unchanged += chunk_unchanged;
    for (auto& e : chunk_refused) refused.push_back(std::move(e));
    begin_chunk();
  }
};

// The cells of a spreadsheet's record (`types`: each field's cell type) that cannot be read
// as their column: an identifier stored as a number, a formula's error. Each makes an error
// of the record; the keys of those columns are returned (their other errors say nothing
// more). Nothing for a CSV record.
std::vector<std::string> cell_problems(const std::vector<Column>& columns, const HeaderMap& header,
                                       const std::vector<std::string>& fields,
                                       const std::vector<xlsx::ReadCell::Type>& types, std::size_t line,
                                       std::vector<RowError>& errors);

bool within_any(const std::string& path, const std::vector<std::string>& scope);

}  // namespace wangge::registry::import
