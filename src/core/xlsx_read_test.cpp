#include "core/xlsx_read.h"

#include <gtest/gtest.h>
#include <zip.h>

#include <map>

#include "core/error.h"
#include "core/xlsx.h"

namespace wangge::xlsx {
namespace {

// A zip archive of `entries` (deflated), written by libzip in memory.
std::string zip_of(const std::map<std::string, std::string>& entries) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* out = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_source_keep(out);
  zip_t* z = zip_open_from_source(out, ZIP_TRUNCATE, &error);
  for (const auto& [name, data] : entries) {
    zip_source_t* s = zip_source_buffer(z, data.data(), data.size(), 0);
    zip_file_add(z, name.c_str(), s, ZIP_FL_OVERWRITE);
  }
  zip_close(z);
  zip_source_open(out);
  zip_source_seek(out, 0, SEEK_END);
  auto size = zip_source_tell(out);
  zip_source_seek(out, 0, SEEK_SET);
  std::string bytes(static_cast<std::size_t>(size), '\0');
  zip_source_read(out, bytes.data(), static_cast<zip_uint64_t>(size));
  zip_source_close(out);
  zip_source_free(out);
  return bytes;
}

const char* kRels =
    "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";

// A workbook of one sheet (`sheet_data`: the <sheetData> content) with shared strings and
// styles: style 1 a date format (yyyy/m/d), style 2 text (@).
std::string workbook(const std::string& sheet_data, const std::string& shared = "", bool date1904 = false) {
  std::map<std::string, std::string> e;
  e["_rels/.rels"] = kRels;
  e["xl/workbook.xml"] = std::string(
                             "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                             "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">") +
                         (date1904 ? "<workbookPr date1904=\"1\"/>" : "") +
                         "<sheets><sheet name=\"人员\" sheetId=\"1\" r:id=\"rId7\"/><sheet name=\"B\" sheetId=\"2\" "
                         "r:id=\"rId8\"/></sheets></workbook>";
  e["xl/_rels/workbook.xml.rels"] =
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rId8\" Type=\"http://x/worksheet\" Target=\"worksheets/sheet2.xml\"/>"
      "<Relationship Id=\"rId7\" Type=\"http://x/worksheet\" Target=\"/xl/worksheets/sheet1.xml\"/>"
      "<Relationship Id=\"rId2\" Type=\"http://x/sharedStrings\" Target=\"sharedStrings.xml\"/>"
      "<Relationship Id=\"rId3\" Type=\"http://x/styles\" Target=\"styles.xml\"/></Relationships>";
  e["xl/styles.xml"] =
      "<styleSheet><numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"yyyy/m/d;@\"/></numFmts>"
      "<cellStyleXfs><xf numFmtId=\"14\"/></cellStyleXfs>"
      "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"49\"/></cellXfs></styleSheet>";
  e["xl/sharedStrings.xml"] = "<sst>" + shared + "</sst>";
  e["xl/worksheets/sheet1.xml"] = "<worksheet><sheetData>" + sheet_data + "</sheetData></worksheet>";
  e["xl/worksheets/sheet2.xml"] =
      "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>other "
      "sheet</t></is></c></row></sheetData></worksheet>";
  return zip_of(e);
}

std::vector<std::pair<std::size_t, std::vector<ReadCell>>> read_all(const std::string& bytes, ReadLimits l = {}) {
  SheetReader r(bytes, l);
  std::vector<std::pair<std::size_t, std::vector<ReadCell>>> out;
  std::size_t row;
  std::vector<ReadCell> cells;
  while (r.next(row, cells)) out.emplace_back(row, cells);
  return out;
}

using T = ReadCell::Type;

TEST(XlsxReadTest, ReadsStringsNumbersDatesAndGaps) {
  std::string shared =
      "<si><t>姓名</t></si><si><t xml:space=\"preserve\"> 身份证号 </t></si>"
      "<si><r><t>立新</t></r><r><rPr><b/></rPr><t>路 20 号</t></r><rPh><t>リ</t></rPh></si><si><t>a&amp;b</t></si>";
  std::string rows =
      "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c></row>"
      "<row r=\"2\"/>"                                                                     // formatted, empty: skipped
      "<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>周</t><r><t>建国</t></r></is></c>"  // inline, runs
      "<c r=\"C4\" t=\"s\"><v>2</v></c>"                                                   // B4 skipped: a gap
      "<c r=\"D4\"><v>13800138000</v></c>"                                                 // a number, all digits
      "<c r=\"E4\" s=\"1\"><v>45352</v></c>"                                               // a date: 2024-03-01
      "<c r=\"F4\" t=\"b\"><v>1</v></c><c r=\"G4\" t=\"e\"><v>#N/A</v></c>"
      "<c r=\"H4\" t=\"str\"><f>A4</f><v>x</v></c><c r=\"I4\"><v>2.5</v></c>"
      "<c r=\"J4\" s=\"2\"><v>4.40404199001011E+17</v></c><c r=\"K4\" t=\"s\"><v>3</v></c></row>"
      "<row><c t=\"d\"><v>2024-05-06T00:00:00</v></c></row>";  // no references: row 5, column A
  auto all = read_all(workbook(rows, shared));
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].first, 1u);
  EXPECT_EQ(all[0].second[0].value, "姓名");
  EXPECT_EQ(all[0].second[1].value, " 身份证号 ");  // as stored: trimming is the caller's
  EXPECT_EQ(all[1].first, 4u);
  const auto& c = all[1].second;
  ASSERT_EQ(c.size(), 11u);
  EXPECT_EQ(c[0].value, "周建国");
  EXPECT_EQ(c[1].type, T::empty);
  EXPECT_EQ(c[2].value, "立新路 20 号");  // the phonetic run left out
  EXPECT_EQ(c[3].type, T::number);
  EXPECT_EQ(c[3].value, "13800138000");
  EXPECT_EQ(c[4].type, T::date);
  EXPECT_EQ(c[4].value, "2024-03-01");
  EXPECT_EQ(c[5].type, T::boolean);
  EXPECT_EQ(c[5].value, "TRUE");
  EXPECT_EQ(c[6].type, T::error);
  EXPECT_EQ(c[7].value, "x");
  EXPECT_EQ(c[8].value, "2.5");
  EXPECT_EQ(c[9].type, T::number);  // an ID number damaged by a General cell stays a number
  EXPECT_EQ(c[9].value, "4.40404199001011E+17");
  EXPECT_EQ(c[10].value, "a&b");
  EXPECT_EQ(all[2].first, 5u);
  EXPECT_EQ(all[2].second[0].type, T::date);
  EXPECT_EQ(all[2].second[0].value, "2024-05-06");
}

TEST(XlsxReadTest, SerialDates) {
  EXPECT_EQ(serial_date(1, false), "1900-01-01");
  EXPECT_EQ(serial_date(59, false), "1900-02-28");
  EXPECT_EQ(serial_date(61, false), "1900-03-01");
  EXPECT_EQ(serial_date(45352.75, false), "2024-03-01");
  EXPECT_EQ(serial_date(43890, true), "2024-03-01");
  EXPECT_EQ(serial_date(-3, false), "");
  EXPECT_EQ(serial_date(1e9, false), "");
  auto all = read_all(workbook("<row r=\"1\"><c r=\"A1\" s=\"1\"><v>43890</v></c></row>", "", true));
  EXPECT_EQ(all.at(0).second.at(0).value, "2024-03-01");
}

TEST(XlsxReadTest, ReadsWhatTheWriterWrites) {
  std::string path = ::testing::TempDir() + "/xlsx_read_test.xlsx";
  {
    Writer w(path, ::testing::TempDir());
    w.sheet("persons", {{"姓名"}, {"身份证号"}});
    w.row({std::string("李梅"), std::string("440404199001011234")});
    w.row({std::monostate{}, std::int64_t{42}});
    w.close();
  }
  std::string bytes;
  {
    FILE* f = std::fopen(path.c_str(), "rb");
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) bytes.append(buf, n);
    std::fclose(f);
  }
  std::remove(path.c_str());
  ASSERT_TRUE(looks_like_zip(bytes));
  auto all = read_all(bytes);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[1].second[1].value, "440404199001011234");
  EXPECT_EQ(all[1].second[1].type, T::text);
  EXPECT_EQ(all[2].second[1].value, "42");
  EXPECT_EQ(all[2].second[0].type, T::empty);
}

// Throws wangge::Error with the code; its English detail in `detail`.
std::string refused(const std::string& bytes, const char* code, ReadLimits l = {}) {
  try {
    read_all(bytes, l);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), code) << e.detail_en();
    EXPECT_FALSE(e.detail_zh().empty());
    return e.detail_en();
  }
  ADD_FAILURE() << "not refused";
  return "";
}

TEST(XlsxReadTest, RefusesMalformedFiles) {
  EXPECT_FALSE(looks_like_zip("姓名,身份证号\r\n"));
  EXPECT_NE(refused("PK\x03\x04garbage", "validation").find("zip"), std::string::npos);
  std::string good = workbook("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>");
  EXPECT_NE(refused(good.substr(0, good.size() / 2), "validation").find("zip"), std::string::npos);  // truncated
  EXPECT_NE(refused(zip_of({{"a.txt", "hello"}}), "validation").find("xl/workbook.xml"), std::string::npos);
  EXPECT_NE(refused(workbook("<row r=\"1\"><c r=\"A1\"><v>1</v></row>"), "validation").find("well-formed"),
            std::string::npos);
  refused(workbook("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>7</v></c></row>"), "validation");  // no such string
  refused(workbook("<row r=\"1\"><c r=\"1A\"><v>1</v></c></row>"), "validation");          // a bad reference
  refused(workbook("<row r=\"1\"><c r=\"A1\"><v>abc</v></c></row>"), "validation");        // not a number
  // A DOCTYPE (entity expansion) is refused outright.
  auto e = workbook("");
  std::map<std::string, std::string> parts = {
      {"_rels/.rels", kRels}, {"xl/workbook.xml", "<!DOCTYPE w [<!ENTITY a \"aaaa\">]><workbook><sheets/></workbook>"}};
  EXPECT_NE(refused(zip_of(parts), "validation").find("DOCTYPE"), std::string::npos);
}

TEST(XlsxReadTest, BoundsInflatedBytesRowsAndColumns) {
  // 64 MiB of one repeated row deflates to a few hundred KiB: a small zip bomb.
  std::string row = "<row><c t=\"inlineStr\"><is><t>x</t></is></c></row>";
  std::string data;
  data.reserve(64 << 20);
  while (data.size() < (64u << 20)) data += row;
  std::string bomb = workbook(data);
  EXPECT_LT(bomb.size(), 1u << 20);
  ReadLimits small;
  small.max_inflated = 16 << 20;
  EXPECT_NE(refused(bomb, "payload_too_large", small).find("MiB"), std::string::npos);
  ReadLimits few;
  few.max_rows = 3;
  refused(workbook(row + row + row + row), "payload_too_large", few);
  EXPECT_EQ(read_all(workbook(row + row + row), few).size(), 3u);
  ReadLimits narrow;
  narrow.max_columns = 26;
  refused(workbook("<row r=\"1\"><c r=\"AA1\"><v>1</v></c></row>"), "payload_too_large", narrow);
  ReadLimits short_cells;
  short_cells.max_cell_bytes = 4;
  refused(workbook("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>12345</t></is></c></row>"), "validation",
          short_cells);
}

}  // namespace
}  // namespace wangge::xlsx
