// Registry CSV import through HTTP on both backends: a dry run counts and changes nothing;
// the import applies; the same file again (UTF-8 or GBK) changes nothing; a file with bad
// rows is rejected whole with a row-by-row report; an unreadable file is refused at once.
#include <gtest/gtest.h>
#include <iconv.h>

#include <chrono>
#include <set>
#include <thread>

#include "core/storage/database.h"
#include "integration/harness.h"
#include "registry/id_number.h"

namespace wangge::testing {
namespace {

namespace json = boost::json;

std::string id_of(const std::string& first17) {
  return first17 + registry::id_check_char(first17);
}

std::string to_gbk(const std::string& utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  std::string out(utf8.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  std::size_t in_left = utf8.size(), out_left = out.size();
  char* dst = out.data();
  iconv(cd, &in, &in_left, &dst, &out_left);
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

class ImportTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    for (const char* u : {"gridworker", "gridchief", "resident", "leader"}) tokens_[u] = server_->login(u);
  }
  static void TearDownTestSuite() { delete server_; }

  static HttpResponse upload(const std::string& who, const std::string& bytes, const std::string& query) {
    auto c = server_->client();
    return c.request("POST", "/api/v1/registry/imports?" + query, bytes,
                     {{"Content-Type", "text/csv"}, {"Authorization", "Bearer " + tokens_[who]}});
  }
  // Waits for the job to finish and returns it.
  static json::value wait(const std::string& who, std::int64_t id) {
    auto c = server_->client();
    return wait_for_import(c, id, tokens_[who]);
  }
  static std::int64_t count(const char* table) {
    return server_->app().db().read_value<std::int64_t>(
        [&](storage::Tx& tx) { return tx.exec(std::string("SELECT COUNT(*) FROM ") + table).one().i64(0); });
  }
  static TestServer* server_;
  static std::map<std::string, std::string> tokens_;
};
TestServer* ImportTest::server_ = nullptr;
std::map<std::string, std::string> ImportTest::tokens_;

TEST_F(ImportTest, DryRunImportReimportAndGbk) {
  std::string csv =
      "姓名,身份证号,手机,人口类型,网格编码,地址,房号,与户主关系,标签,备注\r\n"
      "周建国," +
      id_of("44040419520101201") +
      ",13800138000,户籍,440404104001001,立新路 20 号,1-101,户主,老年人;党员,\r\n"
      "周李氏," +
      id_of("44040419550202202") +
      ",,户籍,440404104001001,立新路 20 号,1-101,配偶,老年人,\r\n"
      "\"陈, 小明\"," +
      id_of("44040420100303203") +
      ",,常住,440404104001001,立新路 22 号,2-201,子女,留守儿童,\"父母在外，\"\"爷爷\"\"照顾\"\r\n";
  std::int64_t persons = count("persons"), households = count("households");
  auto r = upload("gridworker", csv, "dry_run=true&filename=ledger.csv");
  ASSERT_EQ(r.status, 202) << r.body;
  auto job = wait("gridworker", r.json().at("id").as_int64());
  EXPECT_EQ(job.at("status"), "checked") << job;
  EXPECT_EQ(job.at("rows").as_int64(), 3);
  EXPECT_EQ(job.at("inserted").as_int64(), 3);
  EXPECT_EQ(count("persons"), persons);  // a dry run changes nothing
  EXPECT_EQ(count("households"), households);

  r = upload("gridworker", csv, "filename=ledger.csv");
  ASSERT_EQ(r.status, 202) << r.body;
  job = wait("gridworker", r.json().at("id").as_int64());
  EXPECT_EQ(job.at("status"), "done") << job;
  EXPECT_EQ(job.at("inserted").as_int64(), 3);
  EXPECT_EQ(count("persons"), persons + 3);
  EXPECT_EQ(count("households"), households + 2);
  auto c = server_->client();
  auto found = c.get("/api/v1/persons?q=" + id_of("44040419520101201"), tokens_["gridworker"]).json();
  ASSERT_EQ(found.at("items").as_array().size(), 1u);
  auto p = found.at("items").at(0);
  EXPECT_EQ(p.at("phone"), "138****8000");
  EXPECT_EQ(p.at("tags").as_array().size(), 2u);
  auto file =
      c.get("/api/v1/households/" + std::to_string(p.at("household_id").as_int64()), tokens_["gridworker"]).json();
  EXPECT_EQ(file.at("members").as_array().size(), 2u);
  EXPECT_EQ(file.at("head_id").as_int64(), p.at("id").as_int64());  // the row marked 户主

  // The same file again, as UTF-8 and as GBK (Chinese Excel's CSV): nothing changes.
  for (const std::string& bytes : {csv, to_gbk(csv)}) {
    r = upload("gridworker", bytes, "");
    ASSERT_EQ(r.status, 202) << r.body;
    job = wait("gridworker", r.json().at("id").as_int64());
    EXPECT_EQ(job.at("status"), "done") << job;
    EXPECT_EQ(job.at("unchanged").as_int64(), 3) << job;
    EXPECT_EQ(job.at("inserted").as_int64() + job.at("updated").as_int64(), 0);
  }
  EXPECT_EQ(job.at("encoding"), "gbk");
  EXPECT_EQ(count("persons"), persons + 3);
  // A changed phone is an update, not a new person.
  std::string changed = csv;
  changed.replace(changed.find("13800138000"), 11, "13900139000");
  r = upload("gridworker", changed, "");
  job = wait("gridworker", r.json().at("id").as_int64());
  EXPECT_EQ(job.at("updated").as_int64(), 1) << job;
  EXPECT_EQ(count("persons"), persons + 3);
}

TEST_F(ImportTest, BadRowsRejectTheWholeFileWithAReport) {
  std::string good = id_of("44040419800808204");
  std::string bad_check = good.substr(0, 17) + (good[17] == '1' ? '2' : '1');
  std::string csv =
      "姓名,身份证号,网格编码,地址,手机\n"
      "甲," +
      good +
      ",440404104001001,立新路 30 号,\n"
      "乙," +
      bad_check +
      ",440404104001001,立新路 30 号,\n"
      "丙," +
      good +
      ",440404104001001,立新路 31 号,\n"  // the same number again
      "丁," +
      id_of("44040419800808305") +
      ",440404104001002,立新路 32 号,\n"  // not this grid worker's grid
      "戊," +
      id_of("44040419800808406") +
      ",440404104001001,立新路 33 号,12345\n"
      "\"己," +
      id_of("44040419800808507") + ",440404104001001,立新路 34 号,\n";
  std::int64_t persons = count("persons");
  auto r = upload("gridworker", csv, "");
  ASSERT_EQ(r.status, 202) << r.body;
  auto job = wait("gridworker", r.json().at("id").as_int64());
  EXPECT_EQ(job.at("status"), "rejected") << job;
  EXPECT_EQ(count("persons"), persons);  // nothing applied, not even the good row
  std::map<std::int64_t, std::string> by_line;
  for (const auto& e : job.at("errors").as_array())
    by_line[e.at("line").as_int64()] = std::string(e.at("column").as_string());
  EXPECT_EQ(by_line[3], "id_number");
  EXPECT_EQ(by_line[4], "id_number");  // duplicate of line 2
  EXPECT_EQ(by_line[5], "region_code");
  EXPECT_EQ(by_line[6], "phone");
  EXPECT_TRUE(by_line.count(7));  // the unclosed quote
  auto c = server_->client();
  auto report = c.get("/api/v1/registry/imports/" + std::to_string(job.at("id").as_int64()) + "/errors.csv",
                      tokens_["gridworker"]);
  EXPECT_EQ(report.status, 200);
  EXPECT_NE(report.body.find("身份证号码校验位不符"), std::string::npos);

  // Unreadable at once: declared UTF-8 but GBK; a missing column; no permission.
  r = upload("gridworker", to_gbk(csv), "encoding=utf-8");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json().at("field"), "encoding");
  r = upload("gridworker", "姓名,地址\n甲,x\n", "");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json().at("field"), "header");
  EXPECT_EQ(upload("resident", csv, "").status, 403);
  // Another user's job is not visible.
  EXPECT_EQ(c.get("/api/v1/registry/imports/" + std::to_string(job.at("id").as_int64()), tokens_["gridchief"]).status,
            404);
}

TEST_F(ImportTest, BuildingsHouseholdsAndBusinessesUpsertByTheirKeys) {
  // Buildings, in GBK: matched by place and name; a re-import changes nothing; a change updates.
  std::string buildings =
      "网格编码,楼栋名称,地址,层数,纬度,经度\r\n"
      "440404104001001,海燕楼,立新路 40 号,6,22.05,113.17\r\n"
      "440404104001001,白鹭楼,立新路 42 号,18,,\r\n";
  std::int64_t before = count("buildings");
  auto r = upload("gridworker", to_gbk(buildings), "kind=buildings&dry_run=true");
  ASSERT_EQ(r.status, 202) << r.body;
  auto job = wait("gridworker", r.json().at("id").as_int64());
  EXPECT_EQ(job.at("status"), "checked") << job;
  EXPECT_EQ(job.at("inserted").as_int64(), 2);
  EXPECT_EQ(count("buildings"), before);
  job = wait("gridworker", upload("gridworker", to_gbk(buildings), "kind=buildings").json().at("id").as_int64());
  EXPECT_EQ(job.at("status"), "done") << job;
  EXPECT_EQ(job.at("kind"), "buildings");
  EXPECT_EQ(count("buildings"), before + 2);
  std::string taller = buildings;
  taller.replace(taller.find(",18,"), 4, ",20,");
  job = wait("gridworker", upload("gridworker", taller, "kind=buildings").json().at("id").as_int64());
  EXPECT_EQ(job.at("updated").as_int64(), 1) << job;
  EXPECT_EQ(job.at("unchanged").as_int64(), 1) << job;
  EXPECT_EQ(count("buildings"), before + 2);

  // Households in those buildings; an unknown building and the neighbouring grid are row errors.
  std::string households =
      "网格编码,地址,房号,住房类型,楼栋\n"
      "440404104001001,立新路 40 号,1-101,自有,海燕楼\n"
      "440404104001001,立新路 40 号,1-102,出租,海燕楼\n";
  std::int64_t homes = count("households");
  job = wait("gridworker", upload("gridworker", households, "kind=households").json().at("id").as_int64());
  EXPECT_EQ(job.at("status"), "done") << job;
  EXPECT_EQ(job.at("inserted").as_int64(), 2);
  EXPECT_EQ(count("households"), homes + 2);
  job = wait("gridworker", upload("gridworker", households, "kind=households").json().at("id").as_int64());
  EXPECT_EQ(job.at("unchanged").as_int64(), 2) << job;
  std::string bad_homes = households +
                          "440404104001001,立新路 40 号,1-103,自有,不存在楼\n"
                          "440404104001002,立新路 50 号,1,自有,\n"
                          "440404104001001,立新路 40 号,1-101,公房,海燕楼\n";
  job = wait("gridworker", upload("gridworker", bad_homes, "kind=households").json().at("id").as_int64());
  EXPECT_EQ(job.at("status"), "rejected") << job;
  std::map<std::int64_t, std::string> by_line;
  for (const auto& e : job.at("errors").as_array())
    by_line[e.at("line").as_int64()] = std::string(e.at("column").as_string());
  EXPECT_EQ(by_line[4], "building");
  EXPECT_EQ(by_line[5], "region_code");
  EXPECT_EQ(by_line[6], "address");  // the same household as line 2
  EXPECT_EQ(count("households"), homes + 2);
  // The buildings list counts their households; imported addresses are found by search
  // (on SQLite through the trigram index, written with the import's deferred inserts).
  auto in_buildings = server_->client().get("/api/v1/buildings?region=440404104001001", tokens_["gridworker"]);
  ASSERT_EQ(in_buildings.status, 200) << in_buildings.body;
  std::map<std::string, std::int64_t> homes_in;
  auto building_items = in_buildings.json();
  for (const auto& b : building_items.at("items").as_array())
    homes_in[std::string(b.at("name").as_string())] = b.at("households").as_int64();
  EXPECT_EQ(homes_in["海燕楼"], 2);
  EXPECT_EQ(homes_in["白鹭楼"], 0);
  // As the town's leader (a wide scope: the index, not a scan), q = "立新路 40 号".
  auto found = server_->client().get("/api/v1/households?limit=200&q=%E7%AB%8B%E6%96%B0%E8%B7%AF%2040%20%E5%8F%B7",
                                     tokens_["leader"]);
  ASSERT_EQ(found.status, 200) << found.body;
  std::set<std::string> rooms;
  auto found_items = found.json();
  for (const auto& h : found_items.at("items").as_array()) {
    EXPECT_NE(std::string(h.at("address").as_string()).find("立新路 40 号"), std::string::npos) << h;
    rooms.insert(std::string(h.at("room").as_string()));
  }
  EXPECT_TRUE(rooms.count("1-101") && rooms.count("1-102")) << found.body;

  // Businesses: by credit code; the owner by a registered person's ID number.
  std::string owner = id_of("44040419700101601");
  ASSERT_EQ(server_->client()
                .send_json("POST", "/api/v1/persons",
                           {{"name", "店主甲"}, {"id_number", owner}, {"region_code", "440404104001001"}},
                           tokens_["gridworker"])
                .status,
            201);
  std::string code = credit_code("92440404MA5TKXE01");
  std::string bad_code = code.substr(0, 17) + (code[17] == '1' ? "2" : "1");
  std::string businesses =
      "名称,统一社会信用代码,类别,网格编码,地址,楼栋,经营者身份证号\n"
      "海燕小卖部," +
      code + ",零售,440404104001001,立新路 40 号,海燕楼," + owner +
      "\n"
      "阿强修车,,维修,440404104001001,立新路 41 号,,\n";
  std::int64_t shops = count("businesses");
  job = wait("gridworker", upload("gridworker", businesses, "kind=businesses").json().at("id").as_int64());
  EXPECT_EQ(job.at("status"), "done") << job;
  EXPECT_EQ(job.at("inserted").as_int64(), 2);
  job = wait("gridworker", upload("gridworker", businesses, "kind=businesses").json().at("id").as_int64());
  EXPECT_EQ(job.at("unchanged").as_int64(), 2) << job;
  EXPECT_EQ(count("businesses"), shops + 2);
  auto listed = server_->client().get("/api/v1/businesses?region=440404104001001", tokens_["gridworker"]).json();
  bool linked = false;
  for (const auto& b : listed.at("items").as_array()) {
    if (b.at("name") == "海燕小卖部") linked = !b.at("owner_id").is_null() && !b.at("building_id").is_null();
  }
  EXPECT_TRUE(linked) << listed;
  std::string bad_shops =
      "名称,统一社会信用代码,网格编码,经营者身份证号\n"
      "坏码店," +
      bad_code +
      ",440404104001001,\n"
      "无主店,," +
      std::string("440404104001001,") + id_of("44040419700101702") + "\n";
  job = wait("gridworker", upload("gridworker", bad_shops, "kind=businesses").json().at("id").as_int64());
  EXPECT_EQ(job.at("status"), "rejected") << job;
  by_line.clear();
  for (const auto& e : job.at("errors").as_array())
    by_line[e.at("line").as_int64()] = std::string(e.at("column").as_string());
  EXPECT_EQ(by_line[2], "licence_no");
  EXPECT_EQ(by_line[3], "owner_id_number");
  EXPECT_EQ(count("businesses"), shops + 2);

  // The kind decides the columns and the permission.
  r = upload("gridworker", buildings, "kind=shops");
  EXPECT_EQ(r.status, 400);
  r = upload("gridworker", "姓名,身份证号,网格编码,地址\n甲," + owner + ",440404104001001,x\n", "kind=buildings");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json().at("field"), "header");
}

}  // namespace
}  // namespace wangge::testing
