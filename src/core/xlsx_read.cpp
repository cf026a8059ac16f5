// The workbook's parts, read in this order: the package's relationships (where the workbook
// is), the workbook (its first sheet, its date system), the workbook's relationships (where
// the sheet, the shared strings and the styles are), the styles (which cell formats are
// dates), the shared strings; then the sheet, streamed a chunk at a time.
#include "core/xlsx_read.h"

#include <cmath>
#include <cstdlib>
#include <deque>
#include <map>

#include "core/calendar.h"
#include "core/xlsx_read_xml.h"

namespace wangge::xlsx {

using namespace detail;

namespace detail {

// A relationship part: id -> target, and the target of the first relationship of each type.
struct Rels : XmlParser {
  std::string base;  // the directory targets are relative to ("xl/")
  std::map<std::string, std::string> by_id, by_type;
  explicit Rels(std::string dir, const std::string& part) : XmlParser(part), base(std::move(dir)) {}
  void start(std::string_view name, const char** atts) override {
    if (name != "Relationship") return;
    const char* id = attribute(atts, "Id");
    const char* type = attribute(atts, "Type");
    const char* target = attribute(atts, "Target");
    const char* mode = attribute(atts, "TargetMode");
    if (!id || !target || (mode && std::string_view(mode) == "External")) return;
    std::string t = target[0] == '/' ? std::string(target + 1) : base + target;
    by_id.emplace(id, t);
    if (type) {
      std::string_view ty(type);
      by_type.emplace(std::string(ty.substr(ty.rfind('/') + 1)), t);
    }
  }
  void end(std::string_view) override {}
};

struct Workbook : XmlParser {
  std::string first_sheet;  // its relationship id
  bool date1904 = false;
  Workbook() : XmlParser("the workbook") {}
  void start(std::string_view name, const char** atts) override {
    if (name == "sheet" && first_sheet.empty()) {
      if (const char* id = attribute(atts, "id")) first_sheet = id;
    } else if (name == "workbookPr") {
      const char* v = attribute(atts, "date1904");
      date1904 = v && (std::string_view(v) == "1" || std::string_view(v) == "true");
    }
  }
  void end(std::string_view) override {}
};

// Whether a number format shows a date: a built-in date format, or a custom one with date
// or time letters outside quoted text, escapes and [brackets].
bool date_format(int id, const std::string& code) {
  if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58)) return true;
  bool quoted = false, bracket = false;
  for (std::size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (quoted) {
      quoted = c != '"';
    } else if (bracket) {
      bracket = c != ']';
    } else if (c == '"') {
      quoted = true;
    } else if (c == '[') {
      bracket = true;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;
    } else if (std::strchr("yYmMdDhHsS", c)) {
      return true;
    }
  }
  return false;
}

struct Styles : XmlParser {
  std::map<int, std::string> formats;  // custom: numFmtId -> formatCode
  std::vector<int> xf_formats;         // cellXfs, in order: numFmtId
  bool in_cell_xfs = false;
  Styles() : XmlParser("the styles") {}
  void start(std::string_view name, const char** atts) override {
    if (name == "numFmt") {
      const char* id = attribute(atts, "numFmtId");
      const char* code = attribute(atts, "formatCode");
      if (id && code) formats[std::atoi(id)] = code;
    } else if (name == "cellXfs") {
      in_cell_xfs = true;
    } else if (name == "xf" && in_cell_xfs) {
      const char* id = attribute(atts, "numFmtId");
      xf_formats.push_back(id ? std::atoi(id) : 0);
    }
  }
  void end(std::string_view name) override {
    if (name == "cellXfs") in_cell_xfs = false;
  }
  std::vector<bool> dates() const {
    std::vector<bool> out;
    for (int id : xf_formats) {
      auto it = formats.find(id);
      out.push_back(date_format(id, it == formats.end() ? std::string() : it->second));
    }
    return out;
  }
};

// Text of <t> elements, rich-text runs joined, phonetic runs (<rPh>) left out.
struct TextRuns {
  bool in_t = false;
  int in_phonetic = 0;
  std::string value;
  std::size_t max_bytes;
  void start(std::string_view name) {
    if (name == "t") in_t = true;
    if (name == "rPh") ++in_phonetic;
  }
  void end(std::string_view name) {
    if (name == "t") in_t = false;
    if (name == "rPh") --in_phonetic;
  }
  void text(std::string_view s) {
    if (!in_t || in_phonetic > 0) return;
    if (value.size() + s.size() > max_bytes)
      malformed("a cell holds more than 32,767 characters", "单元格内容超过 32,767 个字符");
    value.append(s);
  }
};

struct SharedStrings : XmlParser {
  std::string pool;  // every string, one after another
  std::vector<std::uint64_t> starts;
  TextRuns runs;
  std::uint64_t max_bytes;
  SharedStrings(const ReadLimits& limits) : XmlParser("the shared strings"), max_bytes(limits.max_shared_strings) {
    runs.max_bytes = limits.max_cell_bytes;
  }
  void start(std::string_view name, const char**) override {
    if (name == "si") runs.value.clear();
    runs.start(name);
  }
  void end(std::string_view name) override {
    runs.end(name);
    if (name != "si") return;
    if (pool.size() + runs.value.size() > max_bytes)
      too_large("the workbook's shared strings pass " + std::to_string(max_bytes >> 20) + " MiB",
                "工作簿的共享字符串超过 " + std::to_string(max_bytes >> 20) + " MiB");
    starts.push_back(pool.size());
    pool += runs.value;
  }
  void text(std::string_view s) override { runs.text(s); }
  std::string_view at(std::size_t i) const {
    std::uint64_t end = i + 1 < starts.size() ? starts[i + 1] : pool.size();
    return std::string_view(pool).substr(starts[i], end - starts[i]);
  }
};

// "C7" -> column 3 (1-based), or 0 when the reference is not a cell's.
std::size_t column_of(std::string_view ref) {
  std::size_t col = 0, i = 0;
  for (; i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z' && i < 3; ++i) col = col * 26 + (ref[i] - 'A' + 1);
  if (i == 0 || i == ref.size() || ref[i] < '1' || ref[i] > '9') return 0;
  return col;
}

std::string number_text(const std::string& v, double d) {
  if (std::fabs(d) < 1e15 && d == std::floor(d)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", d);
    return buf;
  }
  return v;
}

// The sheet's rows, parsed as chunks arrive; complete rows wait in `ready`.
struct Sheet : XmlParser {
  const SharedStrings& strings;
  const std::vector<bool>& date_styles;
  bool date1904;
  const ReadLimits& limits;
  std::deque<std::pair<std::size_t, std::vector<ReadCell>>> ready;
  std::size_t rows = 0, row = 0, col = 0;
  bool in_row = false, in_v = false, nonempty = false;
  std::string type, v;
  std::size_t style = 0;
  TextRuns inline_text;
  std::vector<ReadCell> cells;

  Sheet(const SharedStrings& s, const std::vector<bool>& d, bool d1904, const ReadLimits& l)
      : XmlParser("the first worksheet"), strings(s), date_styles(d), date1904(d1904), limits(l) {
    inline_text.max_bytes = l.max_cell_bytes;
  }

  void start(std::string_view name, const char** atts) override {
    if (name == "row") {
      const char* r = attribute(atts, "r");
      std::size_t n = r ? std::strtoul(r, nullptr, 10) : row + 1;
      if (n == 0 || n > 1048576)
        malformed("a row numbered " + std::string(r ? r : ""), "行号无效：" + std::string(r ? r : ""));
      row = n;
      col = 0;
      in_row = true;
      nonempty = false;
      cells.clear();
    } else if (name == "c" && in_row) {
      const char* r = attribute(atts, "r");
      std::size_t c = r ? column_of(r) : col + 1;
      if (c == 0 || c > 16384) malformed("a cell reference " + std::string(r ? r : ""), "单元格引用无效");
      if (c > limits.max_columns)
        too_large("a row has more than " + std::to_string(limits.max_columns) + " columns",
                  "某行超过 " + std::to_string(limits.max_columns) + " 列");
      col = c;
      const char* t = attribute(atts, "t");
      type = t ? t : "n";
      const char* s = attribute(atts, "s");
      style = s ? std::strtoul(s, nullptr, 10) : 0;
      v.clear();
      inline_text.value.clear();
    } else if (name == "v") {
      in_v = true;
    } else {
      inline_text.start(name);
    }
  }

  void text(std::string_view s) override {
    if (in_v) {
      if (v.size() + s.size() > limits.max_cell_bytes)
        malformed("a cell holds more than 32,767 characters", "单元格内容超过 32,767 个字符");
      v.append(s);
    } else if (type == "inlineStr") {
      inline_text.text(s);
    }
  }

  ReadCell cell() const {
    ReadCell out;
    if (type == "s") {
      char* end = nullptr;
      unsigned long i = std::strtoul(v.c_str(), &end, 10);
      if (v.empty() || *end || i >= strings.starts.size())
        malformed("a cell names shared string " + v + ", which does not exist", "单元格引用了不存在的共享字符串 " + v);
      out.value = strings.at(i);
      out.type = ReadCell::Type::text;
    } else if (type == "inlineStr" || type == "str") {
      out.value = type == "str" ? v : inline_text.value;
      out.type = ReadCell::Type::text;
    } else if (type == "b") {
      out.value = v == "1" || v == "true" ? "TRUE" : "FALSE";
      out.type = ReadCell::Type::boolean;
    } else if (type == "e") {
      out.value = v;
      out.type = ReadCell::Type::error;
    } else if (type == "d") {
      out.value = v.substr(0, 10);
      out.type = ReadCell::Type::date;
    } else if (!v.empty()) {
      char* end = nullptr;
      double d = std::strtod(v.c_str(), &end);
      if (*end || !std::isfinite(d)) malformed("a number cell holds " + v.substr(0, 40), "数字单元格的内容无效");
      std::string date = style < date_styles.size() && date_styles[style] ? serial_date(d, date1904) : "";
      out.type = date.empty() ? ReadCell::Type::number : ReadCell::Type::date;
      out.value = date.empty() ? number_text(v, d) : date;
    }
    if (out.value.empty()) out.type = ReadCell::Type::empty;
    return out;
  }

  void end(std::string_view name) override {
    if (name == "v") {
      in_v = false;
    } else if (name == "c" && in_row) {
      ReadCell c = cell();
      if (c.type == ReadCell::Type::empty) return;
      if (cells.size() < col) cells.resize(col);
      cells[col - 1] = std::move(c);
      nonempty = true;
    } else if (name == "row") {
      in_row = false;
      if (!nonempty) return;
      if (++rows > limits.max_rows)
        too_large("the sheet has more than " + std::to_string(limits.max_rows) + " rows",
                  "工作表超过 " + std::to_string(limits.max_rows) + " 行");
      ready.emplace_back(row, std::move(cells));
      cells.clear();
    } else {
      inline_text.end(name);
    }
  }
};

}  // namespace detail

struct SheetReader::Impl {
  ReadLimits limits;  // the sheet parser refers to them
  Archive archive;
  SharedStrings strings;
  std::vector<bool> date_styles;
  std::unique_ptr<Sheet> sheet;
  std::unique_ptr<Archive::Entry> entry;
  bool done = false;
  Impl(std::string_view bytes, const ReadLimits& l) : limits(l), archive(bytes, l.max_inflated), strings(l) {}
};

SheetReader::SheetReader(std::string_view bytes, ReadLimits limits) {
  impl_ = std::make_unique<Impl>(bytes, limits);
  auto& a = impl_->archive;
  std::string workbook_path = "xl/workbook.xml";
  if (a.has("_rels/.rels")) {
    Rels package("", "the package relationships");
    package.parse(a, "_rels/.rels");
    if (auto it = package.by_type.find("officeDocument"); it != package.by_type.end()) workbook_path = it->second;
  }
  auto slash = workbook_path.rfind('/');
  std::string dir = slash == std::string::npos ? "" : workbook_path.substr(0, slash + 1);
  Workbook workbook;
  workbook.parse(a, workbook_path);
  std::string rels_path = dir + "_rels/" + workbook_path.substr(dir.size()) + ".rels";
  Rels rels(dir, "the workbook relationships");
  rels.parse(a, rels_path);
  auto sheet = rels.by_id.find(workbook.first_sheet);
  if (workbook.first_sheet.empty() || sheet == rels.by_id.end())
    malformed("the workbook has no worksheet", "工作簿中没有工作表");
  Styles styles;
  if (auto it = rels.by_type.find("styles"); it != rels.by_type.end() && a.has(it->second)) styles.parse(a, it->second);
  impl_->date_styles = styles.dates();
  if (auto it = rels.by_type.find("sharedStrings"); it != rels.by_type.end() && a.has(it->second))
    impl_->strings.parse(a, it->second);
  impl_->sheet = std::make_unique<Sheet>(impl_->strings, impl_->date_styles, workbook.date1904, impl_->limits);
  impl_->entry = std::make_unique<Archive::Entry>(a, sheet->second);
}

SheetReader::~SheetReader() = default;

bool SheetReader::next(std::size_t& row, std::vector<ReadCell>& cells) {
  auto& ready = impl_->sheet->ready;
  char buf[65536];
  while (ready.empty() && !impl_->done) {
    std::size_t n = impl_->entry->read(buf, sizeof buf);
    impl_->done = n == 0;
    impl_->sheet->feed(buf, n, impl_->done);
  }
  if (ready.empty()) return false;
  row = ready.front().first;
  cells = std::move(ready.front().second);
  ready.pop_front();
  return true;
}

bool looks_like_zip(std::string_view bytes) {
  return bytes.size() >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && (bytes[2] == 3 || bytes[2] == 5) &&
         (bytes[3] == 4 || bytes[3] == 6);
}

std::string serial_date(double serial, bool date1904) {
  if (!std::isfinite(serial) || serial < 1 || serial >= 2958466) return {};
  auto days = static_cast<std::int64_t>(std::floor(serial));
  Day base = date1904 ? day_from_ymd(1904, 1, 1) : days < 60 ? day_from_ymd(1899, 12, 31) : day_from_ymd(1899, 12, 30);
  if (!date1904 && days == 60) days = 59;  // Lotus's 1900-02-29, which never was
  std::string out = format_day(base + days);
  return out.size() == 10 ? out : std::string();
}

}  // namespace wangge::xlsx
