#include "core/xlsx.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/error.h"

namespace wangge::xlsx {

struct Writer::Impl {
  lxw_workbook* book = nullptr;
  lxw_worksheet* sheet = nullptr;
  lxw_format* bold = nullptr;
  lxw_format* text = nullptr;  // number format "@"
  std::string tmpdir;          // kept alive: the options point at it
};

namespace {
void check(lxw_error e, const char* what) {
  if (e != LXW_NO_ERROR) throw std::runtime_error(std::string("xlsx: ") + what + ": " + lxw_strerror(e));
}
}  // namespace

Writer::Writer(const std::string& path, const std::string& tmpdir) : impl_(std::make_unique<Impl>()) {
  impl_->tmpdir = tmpdir;
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;
  options.tmpdir = impl_->tmpdir.data();
  options.use_zip64 = LXW_TRUE;  // sheets past 4 GB uncompressed stay readable
  impl_->book = workbook_new_opt(path.c_str(), &options);
  if (!impl_->book) throw std::runtime_error("xlsx: cannot create " + path);
  impl_->bold = workbook_add_format(impl_->book);
  format_set_bold(impl_->bold);
  format_set_bg_color(impl_->bold, 0xDDEBF7);
  format_set_bottom(impl_->bold, LXW_BORDER_THIN);
  impl_->text = workbook_add_format(impl_->book);
  format_set_num_format(impl_->text, "@");
}

Writer::~Writer() {
  // An unfinished workbook (an error midway) is still freed; its file is the caller's to remove.
  if (impl_->book) workbook_close(impl_->book);
}

void Writer::sheet(const std::string& name, const std::vector<Column>& columns) {
  impl_->sheet = workbook_add_worksheet(impl_->book, name.c_str());
  if (!impl_->sheet) throw std::runtime_error("xlsx: cannot add sheet " + name);
  rows_ = 0;
  columns_ = columns.size();
  text_columns_.assign(columns.size(), false);
  for (std::size_t c = 0; c < columns.size(); ++c) {
    auto col = static_cast<lxw_col_t>(c);
    text_columns_[c] = columns[c].text;
    check(worksheet_set_column(impl_->sheet, col, col, columns[c].width, columns[c].text ? impl_->text : nullptr),
          "column");
    check(worksheet_write_string(impl_->sheet, 0, col, columns[c].header.c_str(), impl_->bold), "header");
  }
  worksheet_freeze_panes(impl_->sheet, 1, 0);
  if (!columns.empty())
    check(worksheet_autofilter(impl_->sheet, 0, 0, 0, static_cast<lxw_col_t>(columns.size() - 1)), "filter");
}

namespace {

// Excel holds at most 32,767 characters (UTF-16 code units) in a cell; longer text is cut
// there with a mark, so that no stored text can make an export fail.
constexpr std::size_t kMaxCellUnits = 32767;

std::string fit_cell(const std::string& s) {
  if (s.size() <= kMaxCellUnits) return s;  // bytes >= UTF-16 units
  std::size_t units = 0, i = 0;
  const std::string mark = "…";
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    std::size_t u = len == 4 ? 2 : 1;
    if (units + u > kMaxCellUnits - 1) return s.substr(0, i) + mark;
    units += u;
    i += len;
  }
  return s;
}

}  // namespace

void Writer::row(const std::vector<Cell>& cells) {
  if (!impl_->sheet) throw std::logic_error("xlsx: row before sheet");
  if (rows_ >= kMaxRows) throw std::length_error("xlsx: more rows than a worksheet holds");
  auto r = static_cast<lxw_row_t>(++rows_);
  for (std::size_t c = 0; c < cells.size() && c < columns_; ++c) {
    auto col = static_cast<lxw_col_t>(c);
    if (const auto* s = std::get_if<std::string>(&cells[c])) {
      if (!s->empty())
        check(worksheet_write_string(impl_->sheet, r, col, fit_cell(*s).c_str(),
                                     text_columns_[c] ? impl_->text : nullptr),
              "cell");
    } else if (const auto* i = std::get_if<std::int64_t>(&cells[c])) {
      check(worksheet_write_number(impl_->sheet, r, col, static_cast<double>(*i), nullptr), "cell");
    } else if (const auto* d = std::get_if<double>(&cells[c])) {
      check(worksheet_write_number(impl_->sheet, r, col, *d, nullptr), "cell");
    }
  }
}

void Writer::close() {
  lxw_workbook* book = impl_->book;
  impl_->book = nullptr;
  impl_->sheet = nullptr;
  check(workbook_close(book), "close");
}

http::Response attachment(const std::string& dir, const std::string& filename,
                          const std::function<void(Writer&)>& fill) {
  namespace fs = std::filesystem;
  static std::atomic<std::uint64_t> seq{0};
  fs::create_directories(dir);
  fs::path file = fs::path(dir) / ("export-" + std::to_string(::getpid()) + "-" + std::to_string(++seq) + ".xlsx");
  struct Remove {
    fs::path p;
    ~Remove() {
      std::error_code ec;
      fs::remove(p, ec);
    }
  } remove{file};
  try {
    Writer w(file.string(), dir);
    fill(w);
    w.close();
  } catch (const std::length_error&) {
    throw Error("export_too_large", "", "more than 1,048,575 rows: export a smaller territory",
                "超过 1,048,575 行，请按更小的区域导出");
  }
  std::ifstream in(file, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  http::Response r;
  r.status = 200;
  r.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  r.body = std::move(bytes).str();
  r.set_header("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  r.set_header("Cache-Control", "no-store");  // personal data: no copies in caches
  return r;
}

}  // namespace wangge::xlsx
