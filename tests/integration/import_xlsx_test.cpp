// Registry imports from .xlsx workbooks and the import templates, through HTTP on both
// backends: workbooks LibreOffice made from a CSV (tests/integration/fixtures, one with its ID
// column as text, one with every column General, which turns ID numbers into numbers), the
// templates of every kind in both formats importing cleanly, an unmasked export importing
// back as it is, and hostile files refused at once with nothing kept.
#include <gtest/gtest.h>
#include <zip.h>

#include <fstream>
#include <sstream>

#include "core/storage/database.h"
#include "integration/harness.h"
#include "integration/xlsx_reader.h"

namespace wangge::testing {
namespace {

namespace json = boost::json;

const char* kXlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

std::string fixture(const std::string& name) {
  std::ifstream in(source_dir() + "/tests/integration/fixtures/" + name, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  EXPECT_FALSE(out.str().empty()) << name;
  return out.str();
}

// A zip archive of `entries`, written by libzip in memory.
std::string zip_of(const std::vector<std::pair<std::string, std::string>>& entries) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* out = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_source_keep(out);
  zip_t* z = zip_open_from_source(out, ZIP_TRUNCATE, &error);
  for (const auto& [name, data] : entries)
    zip_file_add(z, name.c_str(), zip_source_buffer(z, data.data(), data.size(), 0), ZIP_FL_OVERWRITE);
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

// A one-sheet workbook whose sheet is `sheet_xml`.
std::string workbook(const std::string& sheet_xml) {
  return zip_of(
      {{"xl/workbook.xml",
        "<workbook xmlns:r=\"r\"><sheets><sheet name=\"a\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"},
       {"xl/_rels/workbook.xml.rels",
        "<Relationships><Relationship Id=\"rId1\" Type=\"x/worksheet\" "
        "Target=\"worksheets/sheet1.xml\"/></Relationships>"},
       {"xl/worksheets/sheet1.xml", sheet_xml}});
}

class ImportXlsxTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    for (const char* u : {"gridworker", "gridchief", "resident"}) tokens_[u] = server_->login(u);
  }
  static void TearDownTestSuite() { delete server_; }

  static HttpResponse upload(const std::string& who, const std::string& bytes, const std::string& query) {
    auto c = server_->client();
    return c.request("POST", "/api/v1/registry/imports?" + query, bytes,
                     {{"Content-Type", kXlsx}, {"Authorization", "Bearer " + tokens_[who]}});
  }
  static HttpResponse get(const std::string& who, const std::string& path, const std::string& lang = "zh-CN") {
    auto c = server_->client();
    return c.request("GET", path, {}, {{"Authorization", "Bearer " + tokens_[who]}, {"Accept-Language", lang}});
  }
  static json::value run(const std::string& who, const std::string& bytes, const std::string& query) {
    auto r = upload(who, bytes, query);
    EXPECT_EQ(r.status, 202) << r.body;
    if (r.status != 202) return json::object{{"status", "refused"}};
    auto c = server_->client();
    return wait_for_import(c, r.json().at("id").as_int64(), tokens_[who]);
  }
  static std::int64_t count(const char* table) {
    return server_->app().db().read_value<std::int64_t>(
        [&](storage::Tx& tx) { return tx.exec(std::string("SELECT COUNT(*) FROM ") + table).one().i64(0); });
  }
  static std::size_t jobs(const std::string& who) {
    return get(who, "/api/v1/registry/imports").json().at("items").as_array().size();
  }
  static TestServer* server_;
  static std::map<std::string, std::string> tokens_;
};
TestServer* ImportXlsxTest::server_ = nullptr;
std::map<std::string, std::string> ImportXlsxTest::tokens_;

TEST_F(ImportXlsxTest, ImportsAWorkbookLibreOfficeMade) {
  std::string bytes = fixture("persons-text.xlsx");
  std::int64_t persons = count("persons");
  auto job = run("gridworker", bytes, "dry_run=true&filename=persons.xlsx");
  EXPECT_EQ(job.at("status"), "checked") << job;
  EXPECT_EQ(job.at("encoding"), "xlsx");
  EXPECT_EQ(job.at("rows").as_int64(), 3);
  EXPECT_EQ(job.at("inserted").as_int64(), 3);
  EXPECT_EQ(count("persons"), persons);  // a dry run changes nothing

  job = run("gridworker", bytes, "filename=persons.xlsx");
  EXPECT_EQ(job.at("status"), "done") << job;
  EXPECT_EQ(job.at("inserted").as_int64(), 3);
  EXPECT_EQ(count("persons"), persons + 3);
  auto c = server_->client();
  // The ID number ending in X, the phone typed as text, the grid code stored as a number.
  auto found = c.get("/api/v1/persons?q=44040419670304201X", tokens_["gridworker"]).json();
  ASSERT_EQ(found.at("items").as_array().size(), 1u) << found;
  auto lin = found.at("items").at(0);
  EXPECT_EQ(lin.at("name"), "林晓东");
  EXPECT_EQ(lin.at("phone"), "139****1111");
  EXPECT_EQ(lin.at("region_code"), "440404104001001");
  // The residence-permit dates, stored by LibreOffice as serial numbers with a date format.
  found = c.get("/api/v1/persons?q=440404199208153023", tokens_["gridworker"]).json();
  ASSERT_EQ(found.at("items").as_array().size(), 1u) << found;
  auto pid = found.at("items").at(0).at("id").as_int64();
  auto huang = c.get("/api/v1/persons/" + std::to_string(pid), tokens_["gridworker"]).json();
  EXPECT_EQ(huang.at("residence_type"), "floating") << huang;
  EXPECT_EQ(huang.at("floating_registered_on"), "2024-03-01") << huang;
  EXPECT_EQ(huang.at("floating_expires_on"), "2026-02-28") << huang;
  EXPECT_EQ(huang.at("note"), "从 Excel 导入");
  // The same workbook again changes nothing.
  job = run("gridworker", bytes, "");
  EXPECT_EQ(job.at("unchanged").as_int64(), 3) << job;
}

TEST_F(ImportXlsxTest, NumbersThatWereIdNumbersMakeRowErrorsAndChangeNothing) {
  std::int64_t persons = count("persons");
  auto job = run("gridworker", fixture("persons-general.xlsx"), "");
  EXPECT_EQ(job.at("status"), "rejected") << job;
  EXPECT_EQ(count("persons"), persons);
  std::multimap<std::int64_t, std::string> by_line;
  for (const auto& e : job.at("errors").as_array()) {
    by_line.emplace(e.at("line").as_int64(), std::string(e.at("column").as_string()));
    std::string en(e.at("message_en").as_string()), zh(e.at("message_zh").as_string());
    EXPECT_NE(en.find("stored as a number"), std::string::npos) << en;
    EXPECT_NE(zh.find("文本格式"), std::string::npos) << zh;
  }
  // Row 2: its ID number ends in X (text), its phone became a number; rows 3 and 4: ID
  // numbers (and row 3's phone) became numbers. One error a damaged cell, nothing else.
  std::multimap<std::int64_t, std::string> expected = {{2, "phone"}, {3, "id_number"}, {3, "phone"}, {4, "id_number"}};
  EXPECT_EQ(by_line, expected) << job;
  std::string report =
      get("gridworker", "/api/v1/registry/imports/" + std::to_string(job.at("id").as_int64()) + "/errors.csv").body;
  EXPECT_EQ(report.find("E+017"), std::string::npos);  // never the damaged value
  EXPECT_EQ(report.find("13700002222"), std::string::npos);
}

TEST_F(ImportXlsxTest, TemplatesOfEveryKindImportCleanly) {
  for (const char* kind : {"buildings", "households", "persons", "businesses"}) {
    for (const char* format : {"xlsx", "csv"}) {
      for (const char* lang : {"zh", "en"}) {
        SCOPED_TRACE(std::string(kind) + " " + format + " " + lang);
        std::string path =
            std::string("/api/v1/registry/imports/template?kind=") + kind + "&format=" + format + "&lang=" + lang;
        auto r = get("gridchief", path);
        ASSERT_EQ(r.status, 200) << r.body;
        if (std::string(format) == "csv") {
          EXPECT_EQ(r.header("content-type"), "text/csv; charset=utf-8");
          EXPECT_EQ(r.body.substr(0, 3), "\xEF\xBB\xBF");
        } else {
          EXPECT_EQ(r.header("content-type"), kXlsx);
          auto rows = sheet_rows(r.body);
          ASSERT_EQ(rows.size(), 2u);  // the header and the example
          auto notes = sheet_rows(r.body, 2);
          EXPECT_GT(notes.size(), rows[0].size());  // a line per column and more
          EXPECT_EQ(notes[0][0], std::string(lang) == "zh" ? "列名" : "column");
          // The identifier columns are formatted as text (@), so Excel keeps their digits.
          auto parts = unzip(r.body);
          EXPECT_NE(parts["xl/styles.xml"].find("formatCode=\"@\""), std::string::npos);
        }
        EXPECT_NE(r.header("content-disposition").find(std::string("import-") + kind + "-template." + format),
                  std::string::npos);
        auto job = run("gridchief", r.body, std::string("dry_run=true&kind=") + kind);
        EXPECT_EQ(job.at("status"), "checked") << job;
        EXPECT_EQ(job.at("rows").as_int64(), 1);
        EXPECT_EQ(job.at("error_count").as_int64(), 0);
      }
    }
  }
  // The persons template: Chinese headers by default, required ones starred, a real grid of
  // the caller's community, a made-up ID number passing the check.
  auto rows = sheet_rows(get("gridchief", "/api/v1/registry/imports/template?kind=persons").body);
  EXPECT_EQ(rows[0][0], "姓名*");
  EXPECT_EQ(rows[0][4], "房号");
  EXPECT_EQ(rows[1][2], "440404104001001");
  EXPECT_EQ(rows[1][1].size(), 18u);
  rows = sheet_rows(get("gridchief", "/api/v1/registry/imports/template?kind=persons", "en").body);
  EXPECT_EQ(rows[0][0], "name*");
  // The persons template imported for real: the example person is registered.
  auto job = run("gridchief", get("gridchief", "/api/v1/registry/imports/template?kind=persons").body, "");
  EXPECT_EQ(job.at("status"), "done") << job;

  EXPECT_EQ(get("resident", "/api/v1/registry/imports/template?kind=persons").status, 403);
  EXPECT_EQ(get("gridchief", "/api/v1/registry/imports/template?kind=shops").status, 400);
  EXPECT_EQ(get("gridchief", "/api/v1/registry/imports/template?format=ods").status, 400);
}

TEST_F(ImportXlsxTest, AnUnmaskedExportImportsBackAsItIs) {
  // Persons with a phone, tags, a floating resident's dates and a note (registered here
  // unless an earlier test did).
  EXPECT_EQ(run("gridworker", fixture("persons-text.xlsx"), "").at("status"), "done");
  auto r = get("gridchief", "/api/v1/exports/persons?node=440404104001001&unmask=true&reason=%E6%A0%B8%E5%AE%9E");
  ASSERT_EQ(r.status, 200) << r.body;
  auto rows = sheet_rows(r.body);
  ASSERT_GT(rows.size(), 1u);
  auto job = run("gridchief", r.body, "dry_run=true");
  EXPECT_EQ(job.at("status"), "checked") << job;
  EXPECT_EQ(job.at("rows").as_int64(), static_cast<std::int64_t>(rows.size() - 1));
  EXPECT_EQ(job.at("unchanged").as_int64(), static_cast<std::int64_t>(rows.size() - 1)) << job;
}

TEST_F(ImportXlsxTest, HostileFilesAreRefusedAtOnce) {
  std::size_t before = jobs("gridworker");
  std::string good = fixture("persons-text.xlsx");
  auto r = upload("gridworker", good.substr(0, good.size() / 2), "");  // truncated
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json().at("field"), "body");
  // Not well-formed XML in the sheet, after a good header.
  r = upload("gridworker",
             workbook("<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>姓名</t></is></c>"
                      "</row><row r=\"2\"><c r=\"A2\"><v>1</v></row></sheetData></worksheet>"),
             "");
  EXPECT_EQ(r.status, 422) << r.body;
  // A zip bomb: a header row, then 200 MiB of white space, in a few hundred KiB.
  std::string data = "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>姓名</t></is></c></row>";
  data.append(200u << 20, ' ');
  data += "</sheetData></worksheet>";
  std::string bomb = workbook(data);
  data.clear();
  ASSERT_LT(bomb.size(), 1u << 20);
  r = upload("gridworker", bomb, "");
  EXPECT_EQ(r.status, 413) << r.body;
  EXPECT_EQ(r.json().at("code"), "payload_too_large");
  // A workbook without the required columns; an old .xls.
  r = upload("gridworker",
             workbook("<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>姓名</t></is></c></row>"
                      "</sheetData></worksheet>"),
             "");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json().at("field"), "header");
  r = upload("gridworker", std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(512, '\0'), "");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find(".xls"), std::string::npos);
  EXPECT_EQ(upload("resident", good, "").status, 403);
  EXPECT_EQ(jobs("gridworker"), before);  // nothing queued, nothing kept
}

}  // namespace
}  // namespace wangge::testing
