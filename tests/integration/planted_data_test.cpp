// Personal data at rest: ID numbers, phones and e-mails planted through every intake path
// (the registry API, a correction, searches, event reports signed in and anonymous, Open311,
// dispute parties, CSV imports dry and real, an uploaded document that holds them, an
// unmasked read and an unmasked export) must not be found in clear in any file under the
// data directory (database, WAL, uploads, imports, exports) nor in the server's logs, access
// log included; on PostgreSQL every column of every table is searched too.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "integration/child.h"
#include "integration/harness.h"

namespace wangge::testing {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

// A small well-formed PDF whose page shows `text`.
std::string pdf_with(const std::string& text) {
  std::string content = "BT /F1 12 Tf 10 100 Td (" + text + ") Tj ET";
  return "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
         "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
         "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R >> endobj\n"
         "4 0 obj << /Length " +
         std::to_string(content.size()) + " >> stream\n" + content +
         "\nendstream endobj\ntrailer << /Root 1 0 R /Size 5 >>\nstartxref\n0\n%%EOF\n";
}

TEST(PlantedDataTest, PersonalDataIsNeverKeptInClear) {
  std::string dir = temp_dir("wangge-planted");
  std::string data = dir + "/data", log = dir + "/server.log";
  fs::create_directories(data);
  auto db = std::make_unique<TestDatabase>(data);  // SQLite: the database file under the data directory
  std::uint16_t port = free_port();
  Child server({"serve", "--demo", "--demo-history", "0", "--listen", "127.0.0.1:" + std::to_string(port), "--data",
                data, "--database", db->url, "--divisions", divisions_dir()},
               log, /*access_log=*/true);
  ASSERT_TRUE(wait_healthy(server, port, 60)) << slurp(log);
  Client c(port);
  auto login = [&](const std::string& user, const std::string& pw = kDemoPassword) {
    auto r = c.send_json("POST", "/api/v1/auth/login", {{"username", user}, {"password", pw}});
    EXPECT_EQ(r.status, 200) << r.body;
    return std::string(r.json().at("token").as_string());
  };
  std::string admin = login("admin", kAdminPassword), worker = login("gridworker"), chief = login("gridchief"),
              resident = login("resident");
  const std::string grid = "440404104001001";

  // What is planted, and the forms it is typed in.
  const std::string id1 = valid_id("44040419880808123"), id2 = valid_id("44040419770707456");
  std::vector<std::string> phones;
  for (int i = 1; i <= 7; ++i) phones.push_back("1391234560" + std::to_string(i));
  const std::string mail1 = "planted.one@example.org", mail2 = "planted.two@example.org";

  // The registry: a person, then a correction of the phone as an international number.
  auto p =
      c.send_json("POST", "/api/v1/persons",
                  {{"name", "种植甲"}, {"id_number", id1}, {"phone", "139 1234 5601"}, {"region_code", grid}}, worker);
  ASSERT_EQ(p.status, 201) << p.body;
  std::string person = std::to_string(p.json().at("id").as_int64());
  auto patched = c.send_json("PATCH", "/api/v1/persons/" + person,
                             {{"phone", "+86 " + phones[1]}, {"version", p.json().at("version")}}, worker);
  ASSERT_EQ(patched.status, 200) << patched.body;
  // Searches by the ID number and by the phone (query strings).
  EXPECT_EQ(c.get("/api/v1/persons?q=" + id1, worker).status, 200);
  EXPECT_EQ(c.get("/api/v1/persons?q=" + phones[1], worker).status, 200);
  // Event reports: signed in with a phone and an e-mail; anonymous with a phone.
  auto e = c.send_json("POST", "/api/v1/events",
                       {{"category", "0301"},
                        {"description", "垃圾堆放"},
                        {"grid_code", grid},
                        {"address", "立新路"},
                        {"phone", phones[2]},
                        {"email", mail1}},
                       resident);
  ASSERT_EQ(e.status, 201) << e.body;
  auto anon = c.send_json("POST", "/api/v1/public/events",
                          {{"category", "0301"},
                           {"description", "路灯坏了"},
                           {"grid_code", grid},
                           {"address", "立新路"},
                           {"phone", phones[3]}});
  ASSERT_EQ(anon.status, 201) << anon.body;
  // Open311, as FixMyStreet sends it.
  auto key = c.send_json("POST", "/api/v1/api-keys", {{"name", "planted"}}, admin);
  ASSERT_EQ(key.status, 201) << key.body;
  auto region = c.get("/api/v1/regions/" + grid, admin).json();
  const auto& ring = region.at("geometry").at("coordinates").as_array()[0].as_array();
  double lng = 0, lat = 0;
  for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
    lng += ring[i].as_array()[0].to_number<double>() / static_cast<double>(ring.size() - 1);
    lat += ring[i].as_array()[1].to_number<double>() / static_cast<double>(ring.size() - 1);
  }
  std::string form = "api_key=" + url_encode(std::string(key.json().at("key").as_string())) +
                     "&service_code=0301&description=planted&first_name=Plant&last_name=Ed&lat=" + std::to_string(lat) +
                     "&long=" + std::to_string(lng) + "&phone=" + url_encode("+86 139 1234 5605") +
                     "&email=" + url_encode(mail2);
  auto o = c.request("POST", "/open311/v2/requests.xml", form, {{"Content-Type", "application/x-www-form-urlencoded"}});
  ASSERT_EQ(o.status, 201) << o.body;
  // A dispute party's phone.
  auto d = c.send_json("POST", "/api/v1/disputes",
                       {{"region_code", grid},
                        {"type", "neighbour"},
                        {"title", "噪声"},
                        {"description", "噪声纠纷"},
                        {"risk", "low"},
                        {"source", "visit"},
                        {"parties", json::array{json::object{{"name", "种植乙"}, {"phone", phones[5]}}}}},
                       worker);
  ASSERT_EQ(d.status, 201) << d.body;
  // CSV imports: persons (ID number, phone), dry and real; a business whose owner is named
  // by ID number.
  std::string persons_csv =
      "姓名,身份证号,网格编码,地址,手机\r\n种植丙," + id2 + "," + grid + ",立新路 9 号," + phones[6] + "\r\n";
  for (const char* q : {"kind=persons&dry_run=true", "kind=persons"}) {
    auto r = c.request("POST", std::string("/api/v1/registry/imports?") + q, persons_csv,
                       {{"Content-Type", "text/csv"}, {"Authorization", "Bearer " + worker}});
    ASSERT_EQ(r.status, 202) << r.body;
    auto job = wait_for_import(c, r.json().at("id").as_int64(), worker);
    EXPECT_TRUE(job.at("status") == "checked" || job.at("status") == "done") << job;
  }
  auto biz = c.request("POST", "/api/v1/registry/imports?kind=businesses",
                       "名称,网格编码,经营者身份证号\r\n种植商店," + grid + "," + id1 + "\r\n",
                       {{"Content-Type", "text/csv"}, {"Authorization", "Bearer " + worker}});
  ASSERT_EQ(biz.status, 202) << biz.body;
  EXPECT_EQ(wait_for_import(c, biz.json().at("id").as_int64(), worker).at("status"), "done");
  // A document that holds them, uploaded.
  auto up = c.request("POST", "/api/v1/attachments", pdf_with(id1 + " " + phones[0] + " " + mail1),
                      {{"Content-Type", "application/pdf"}, {"Authorization", "Bearer " + worker}});
  ASSERT_EQ(up.status, 201) << up.body;
  // Unmasked reads: one person, and an export of the community.
  auto unmask = c.send_json("POST", "/api/v1/persons/" + person + "/unmask", {{"reason", "核对户籍"}}, chief);
  ASSERT_EQ(unmask.status, 200) << unmask.body;
  EXPECT_NE(unmask.body.find(id1), std::string::npos);  // the answer itself holds it
  auto x = c.get("/api/v1/exports/persons?node=440404104001&unmask=true&reason=" + url_encode("核对"), chief);
  ASSERT_EQ(x.status, 200) << x.body.substr(0, 200);

  // Stopped, so that every log line is written and the WAL holds what it holds.
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait(), 0);

  std::vector<std::string> needles = {id1, id2, mail1, mail2};
  needles.insert(needles.end(), phones.begin(), phones.end());
  std::vector<std::string> files = {log};
  for (const auto& f : fs::recursive_directory_iterator(data)) {
    if (f.is_regular_file()) files.push_back(f.path().string());
  }
  // The log, the key, the uploaded document and SQLite's files; on PostgreSQL the document
  // is in the database (scanned below).
  ASSERT_GE(files.size(), db->postgres ? 2u : 3u);
  int scanned = 0;
  for (const auto& file : files) {
    std::string bytes = slurp(file);
    ++scanned;
    for (const auto& n : needles) EXPECT_EQ(bytes.find(n), std::string::npos) << n << " in clear in " << file;
  }
  EXPECT_GE(scanned, db->postgres ? 2 : 3);
  if (db->postgres) {
    // Every column of every table, as text.
    auto pg = storage::Database::open(db->url);
    pg->read([&](storage::Tx& tx) {
      auto cols = tx.exec(
          "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = "
          "current_schema() AND table_name IN (SELECT table_name FROM information_schema.tables WHERE table_schema = "
          "current_schema() AND table_type = 'BASE TABLE')");
      for (const auto& r : cols.rows) {
        std::string col = "\"" + r.str(1) + "\"";
        std::string as_text = r.str(2) == "bytea" ? "encode(" + col + ", 'escape')" : "CAST(" + col + " AS TEXT)";
        for (const auto& n : needles) {
          auto hit = tx.exec("SELECT COUNT(*) FROM \"" + r.str(0) + "\" WHERE position(? in " + as_text + ") > 0", {n});
          EXPECT_EQ(hit.one().i64(0), 0) << n << " in clear in " << r.str(0) << "." << r.str(1);
        }
      }
    });
  }
}

// Files an older version kept in clear: an uploaded photo is sealed in place at the next
// start (PostgreSQL: moved into the database, sealed), an imported CSV no unfinished job
// needs is removed.
TEST(PlantedDataTest, FilesKeptInClearByOlderVersionsAreSealedOrRemoved) {
  std::string dir = temp_dir("wangge-oldfiles");
  std::string data = dir + "/data", log = dir + "/server.log";
  std::string hash = "abcd" + std::string(60, 'e');
  std::string photo = data + "/attachments/ab/cd/" + hash, csv = data + "/imports/1700000000000-7.csv";
  std::string secret = valid_id("44040419600606123");
  fs::create_directories(fs::path(photo).parent_path());
  fs::create_directories(fs::path(csv).parent_path());
  std::ofstream(photo) << "a photo that shows " << secret;
  std::ofstream(csv) << "姓名,身份证号\r\n甲," << secret << "\r\n";
  auto db = std::make_unique<TestDatabase>(data);
  std::uint16_t port = free_port();
  Child server({"serve", "--listen", "127.0.0.1:" + std::to_string(port), "--data", data, "--database", db->url,
                "--divisions", divisions_dir()},
               log);
  ASSERT_TRUE(wait_healthy(server, port, 60)) << slurp(log);
  server.signal(SIGTERM);
  EXPECT_EQ(server.wait(), 0);
  if (db->postgres) {
    // Files are kept in the database there: both moved in, sealed, and gone from the disk.
    EXPECT_FALSE(fs::exists(photo));
    EXPECT_FALSE(fs::exists(csv));
    auto pg = storage::Database::open(db->url);
    pg->read([&](storage::Tx& tx) {
      auto rows = tx.exec("SELECT name, bytes FROM stored_file_chunks WHERE seq = 0 ORDER BY name");
      ASSERT_EQ(rows.rows.size(), 2u);
      EXPECT_EQ(rows.rows[0].str(0), "attachments/ab/cd/" + hash);
      EXPECT_EQ(rows.rows[1].str(0), "imports/1700000000000-7.csv");
      for (const auto& r : rows.rows) {
        EXPECT_EQ(r.str(1).substr(0, 5), std::string("WGSF\x01", 5));
        EXPECT_EQ(r.str(1).find(secret), std::string::npos);
      }
    });
    return;
  }
  std::string sealed = slurp(photo);
  EXPECT_EQ(sealed.substr(0, 5), std::string("WGSF\x01", 5));
  EXPECT_EQ(sealed.find(secret), std::string::npos);
  EXPECT_FALSE(fs::exists(csv));  // an import file no job names
  EXPECT_TRUE(fs::exists(data + "/attachments/.sealed"));
}

}  // namespace
}  // namespace wangge::testing
