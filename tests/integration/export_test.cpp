// Ledger exports to .xlsx through HTTP on both backends: the workbook is read back (zip and
// sheet XML) and must hold exactly the caller's rows, masked by default, unmasked only with
// the permission and a reason (audited), headers in the reader's language; a neighbouring
// grid is out of reach; the dispute ledger exports with its filters.
#include <gtest/gtest.h>

#include <algorithm>

#include "integration/harness.h"
#include "integration/xlsx_reader.h"
#include "registry/id_number.h"

namespace wangge::testing {
namespace {

namespace json = boost::json;

using Rows = std::vector<std::vector<std::string>>;

class ExportTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    for (const char* u : {"gridworker", "gridchief", "mediator", "resident"}) tokens_[u] = server_->login(u);
    tokens_["admin"] = server_->login("admin", kAdminPassword);
  }
  static void TearDownTestSuite() { delete server_; }
  static HttpResponse post(const std::string& who, const std::string& path, const json::object& body) {
    auto c = server_->client();
    return c.send_json("POST", path, body, tokens_[who]);
  }
  static HttpResponse get(const std::string& who, const std::string& path, const std::string& lang = "zh-CN") {
    auto c = server_->client();
    return c.request("GET", path, {}, {{"Authorization", "Bearer " + tokens_[who]}, {"Accept-Language", lang}});
  }
  // The first sheet of an export that must succeed.
  static Rows sheet(const std::string& who, const std::string& path, const std::string& lang = "zh-CN") {
    auto r = get(who, path, lang);
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
    if (r.status != 200) return {};
    EXPECT_EQ(r.header("content-type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    EXPECT_NE(r.header("content-disposition").find("attachment; filename="), std::string::npos);
    return sheet_rows(r.body);
  }
  static std::int64_t household(const std::string& who, const std::string& grid, const std::string& room) {
    auto r =
        post(who, "/api/v1/households",
             {{"region_code", grid}, {"address", "平沙镇立新路 8 号"}, {"room", room}, {"housing_type", "rented"}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().at("id").as_int64();
  }
  static std::int64_t person(const std::string& who, std::int64_t household, const std::string& name,
                             const std::string& id_number, const std::string& relation) {
    auto r = post(who, "/api/v1/persons",
                  {{"name", name},
                   {"id_number", id_number},
                   {"phone", "13812345678"},
                   {"residence_type", "registered"},
                   {"household_id", household},
                   {"relation", relation}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().at("id").as_int64();
  }
  // The column of a header in the first row.
  static std::size_t col(const Rows& rows, const std::string& header) {
    const auto& h = rows.at(0);
    auto it = std::find(h.begin(), h.end(), header);
    EXPECT_NE(it, h.end()) << header;
    return static_cast<std::size_t>(it - h.begin());
  }
  static const std::vector<std::string>* row_with(const Rows& rows, std::size_t c, const std::string& value) {
    for (const auto& r : rows) {
      if (r.size() > c && r[c] == value) return &r;
    }
    return nullptr;
  }

  static TestServer* server_;
  static std::map<std::string, std::string> tokens_;
};
TestServer* ExportTest::server_ = nullptr;
std::map<std::string, std::string> ExportTest::tokens_;

TEST_F(ExportTest, LedgersAreScopedMaskedAndUnmaskedOnlyWithAReason) {
  std::string id1 = "44040419610203101", id2 = "44040419900405202", id3 = "44040419700809303";
  id1 += registry::id_check_char(id1);
  id2 += registry::id_check_char(id2);
  id3 += registry::id_check_char(id3);
  std::int64_t mine = household("gridworker", "440404104001001", "7-701");
  std::int64_t head = person("gridworker", mine, "赵德明", id1, "head");
  person("gridworker", mine, "赵小雨", id2, "child");
  ASSERT_EQ(post("gridworker", "/api/v1/persons/" + std::to_string(head) + "/tags",
                 {{"tag", "low_income"}, {"since", "2024-01-01"}})
                .status,
            201);
  // A household of the neighbouring grid, made by the community's grid chief.
  std::int64_t theirs = household("gridchief", "440404104001002", "9-901");
  person("gridchief", theirs, "钱多多", id3, "head");

  // The grid worker's persons: their own grid's two, masked, with household and tags.
  Rows rows = sheet("gridworker", "/api/v1/exports/persons");
  ASSERT_EQ(rows.size(), 3u);  // header and two persons
  EXPECT_EQ(rows[0][0], "姓名");
  std::size_t name = col(rows, "姓名"), idc = col(rows, "身份证号"), phone = col(rows, "手机");
  const auto* zhao = row_with(rows, name, "赵德明");
  ASSERT_NE(zhao, nullptr);
  EXPECT_EQ((*zhao)[idc], "440404********" + id1.substr(14));
  EXPECT_EQ((*zhao)[phone], "138****5678");
  EXPECT_EQ((*zhao)[col(rows, "性别")], "男");
  EXPECT_EQ((*zhao)[col(rows, "网格编码")], "440404104001001");
  EXPECT_EQ((*zhao)[col(rows, "地址")], "平沙镇立新路 8 号");
  EXPECT_EQ((*zhao)[col(rows, "房号")], "7-701");
  EXPECT_EQ((*zhao)[col(rows, "住房类型")], "出租");
  EXPECT_EQ((*zhao)[col(rows, "与户主关系")], "户主");
  EXPECT_EQ((*zhao)[col(rows, "标签")], "低保对象");
  EXPECT_EQ(row_with(rows, name, "钱多多"), nullptr);
  // The page's filter is the export's: only the persons the list shows (persons with a tag,
  // a name's beginning, an exact ID number), still within the caller's scope.
  rows = sheet("gridworker", "/api/v1/exports/persons?tag=low_income");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1][name], "赵德明");
  rows = sheet("gridworker", "/api/v1/exports/persons?q=%E8%B5%B5%E5%B0%8F");  // 赵小
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1][name], "赵小雨");
  rows = sheet("gridworker", "/api/v1/exports/persons?q=" + id2);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1][name], "赵小雨");
  EXPECT_EQ(sheet("gridworker", "/api/v1/exports/persons?q=" + id3).size(), 1u);  // the neighbour's: not found
  EXPECT_EQ(sheet("gridchief", "/api/v1/exports/persons?q=%E8%B5%B5&node=440404104001002").size(), 1u);
  EXPECT_EQ(get("gridworker", "/api/v1/exports/persons?tag=no_such_tag").status, 400);
  // The neighbouring grid as a node: forbidden. Unmasking: not a grid worker's permission.
  EXPECT_EQ(get("gridworker", "/api/v1/exports/persons?node=440404104001002").status, 403);
  EXPECT_EQ(get("gridworker", "/api/v1/exports/persons?unmask=true&reason=%E6%A0%B8%E5%AE%9E").status, 403);
  EXPECT_EQ(get("resident", "/api/v1/exports/persons").status, 403);

  // The grid chief: the whole community, in English headers; unmasked only with a reason.
  rows = sheet("gridchief", "/api/v1/exports/persons", "en");
  EXPECT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0][0], "name");
  EXPECT_EQ((*row_with(rows, col(rows, "name"), "钱多多"))[col(rows, "relation")], "head");
  EXPECT_EQ(get("gridchief", "/api/v1/exports/persons?unmask=true").status, 400);
  rows = sheet("gridchief",
               "/api/v1/exports/persons?node=440404104001001&unmask=true&reason=%E4%BD%8E%E4%BF%9D%E5%A4%8D%E6%A0%B8");
  ASSERT_EQ(rows.size(), 3u);
  zhao = row_with(rows, col(rows, "姓名"), "赵德明");
  ASSERT_NE(zhao, nullptr);
  EXPECT_EQ((*zhao)[col(rows, "身份证号")], id1);
  EXPECT_EQ((*zhao)[col(rows, "手机")], "13812345678");
  auto log = get("admin", "/api/v1/audit?action=registry:persons:export").json();
  ASSERT_GE(log.at("items").as_array().size(), 3u);
  std::string last = json::serialize(log.at("items").at(0));
  EXPECT_NE(last.find("低保复核"), std::string::npos) << last;
  EXPECT_NE(last.find("\"unmasked\":true"), std::string::npos) << last;
  EXPECT_EQ(last.find(id1), std::string::npos);  // never the values themselves

  // Households: the grid worker's one, with its head and member count.
  rows = sheet("gridworker", "/api/v1/exports/households");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1][col(rows, "户编号")], std::to_string(mine));
  EXPECT_EQ(rows[1][col(rows, "户主")], "赵德明");
  EXPECT_EQ(rows[1][col(rows, "现有人数")], "2");
  // Buildings and businesses answer workbooks with just their header when empty; visits too.
  for (const char* ledger : {"buildings", "businesses", "visits"}) {
    rows = sheet("gridworker", std::string("/api/v1/exports/") + ledger);
    EXPECT_EQ(rows.size(), 1u) << ledger;
  }
  EXPECT_EQ(get("gridworker", "/api/v1/exports/households?unmask=true&reason=xx").status, 400);
}

TEST_F(ExportTest, DisputeLedgerWithFilters) {
  for (const char* type : {"neighbour", "land"}) {
    auto r = post(
        "gridworker", "/api/v1/disputes",
        {{"region_code", "440404104001001"},
         {"type", type},
         {"title", std::string("导出测试 ") + type},
         {"description", "双方争执"},
         {"place", "立新路 8 号"},
         {"risk", "low"},
         {"source", "visit"},
         {"parties", json::array{json::object{{"role", "applicant"}, {"name", "孙立"}},
                                 json::object{{"role", "respondent"}, {"name", "周平"}, {"phone", "13900002222"}}}}});
    ASSERT_EQ(r.status, 201) << r.body;
  }
  Rows rows = sheet("mediator", "/api/v1/exports/disputes");
  ASSERT_GE(rows.size(), 3u);
  std::size_t title = col(rows, "标题");
  const auto* land = row_with(rows, title, "导出测试 land");
  ASSERT_NE(land, nullptr);
  EXPECT_EQ((*land)[col(rows, "类型")], "土地纠纷");
  EXPECT_EQ((*land)[col(rows, "状态")], "待调解");
  EXPECT_EQ((*land)[col(rows, "当事人")], "孙立（申请人）；周平（被申请人 139****2222）");
  rows = sheet("mediator", "/api/v1/exports/disputes?type=land");
  for (std::size_t i = 1; i < rows.size(); ++i) EXPECT_EQ(rows[i][col(rows, "类型")], "土地纠纷");
  EXPECT_EQ(get("resident", "/api/v1/exports/disputes").status, 403);
}

}  // namespace
}  // namespace wangge::testing
