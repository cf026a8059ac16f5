// Notices and policies through HTTP on both backends: published to a subtree, seen by the
// residents and staff on its line and no one else; a must-read notice in the staff's
// inboxes; receipts counted once per account and the read rate of the staff it reached, per
// node; drafts and withdrawn notices hidden; validity; full-text search; bad input refused
// with nothing changed; figures and the ledger as .xlsx.
#include <gtest/gtest.h>

#include "core/storage/database.h"
#include "integration/harness.h"
#include "integration/xlsx_reader.h"

namespace wangge::testing {
namespace {

namespace json = boost::json;

class NoticesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    tokens_["admin"] = server_->login("admin", kAdminPassword);
    for (const char* u : {"secretary", "resident", "gridworker", "gridchief", "leader", "dispatcher"})
      tokens_[u] = server_->login(u);
    auto c = server_->client();
    auto u = c.send_json("POST", "/api/v1/users",
                         {{"username", "farresident"}, {"display_name", "远方居民"}, {"password", "Resident#2026"}},
                         tokens_["admin"]);
    auto id = std::to_string(u.json().at("id").as_int64());
    c.send_json("POST", "/api/v1/users/" + id + "/grants", {{"role", "resident"}, {"region_code", "440404104002001"}},
                tokens_["admin"]);
    tokens_["farresident"] = server_->login("farresident", "Resident#2026");
  }
  static void TearDownTestSuite() { delete server_; }
  static HttpResponse call(const std::string& who, const std::string& method, const std::string& path,
                           const json::value& body = nullptr) {
    auto c = server_->client();
    return c.request(method, path, body.is_null() ? std::string() : json::serialize(body),
                     {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + tokens_.at(who)}});
  }
  static HttpResponse post(const std::string& who, const std::string& path, const json::value& body = json::object{}) {
    return call(who, "POST", path, body);
  }
  static HttpResponse get(const std::string& who, const std::string& path) { return call(who, "GET", path); }
  static std::int64_t scalar(const std::string& sql, const std::vector<storage::Value>& p = {}) {
    return server_->app().db().read_value<std::int64_t>([&](storage::Tx& tx) { return tx.exec(sql, p).one().i64(0); });
  }
  static bool listed(const std::string& who, const std::string& query, std::int64_t id) {
    auto page = get(who, "/api/v1/notices" + query).json();
    for (const auto& n : page.at("items").as_array())
      if (n.at("id").as_int64() == id) return true;
    return false;
  }
  static TestServer* server_;
  static std::map<std::string, std::string> tokens_;
};

TestServer* NoticesTest::server_ = nullptr;
std::map<std::string, std::string> NoticesTest::tokens_;

TEST_F(NoticesTest, AMustReadNoticeReachesTheStaffAndCountsEachReadOnce) {
  auto up = server_->client().request(
      "POST", "/api/v1/attachments", make_png(31),
      {{"Content-Type", "application/octet-stream"}, {"Authorization", "Bearer " + tokens_.at("leader")}});
  ASSERT_EQ(up.status, 201) << up.body;
  std::string hash(up.json().at("hash").as_string());
  auto n = post("leader", "/api/v1/notices",
                {{"region_code", "440404104"},
                 {"kind", "policy"},
                 {"topic", "医保"},
                 {"title", "城乡居民医保缴费通知"},
                 {"body", "2027 年度城乡居民基本医疗保险开始缴费，请网格员逐户宣传。"},
                 {"attachments", json::array{hash.c_str()}},
                 {"must_read", true},
                 {"publish", true}});
  ASSERT_EQ(n.status, 201) << n.body;
  auto id = n.json().at("id").as_int64();
  auto path = "/api/v1/notices/" + std::to_string(id);
  // The staff of the town (the demo's nine staff accounts) are its recipients, told in their inboxes.
  EXPECT_EQ(n.json().at("recipients"), 9);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM notifications WHERE record = ?", {"notice:" + std::to_string(id)}), 8);
  // Residents on its line see it (no receipts figures); the attachment too.
  EXPECT_TRUE(listed("resident", "", id));
  EXPECT_TRUE(listed("farresident", "?kind=policy", id));
  auto mine = get("resident", path).json();
  EXPECT_TRUE(mine.at("readers").is_null());
  EXPECT_TRUE(mine.at("read_at").is_null());
  EXPECT_EQ(get("resident", "/api/v1/attachments/" + hash).status, 200);
  // Reads: a resident counts as a reader, staff as recipients who read; twice counts once.
  EXPECT_EQ(post("resident", path + "/read").status, 200);
  EXPECT_EQ(post("resident", path + "/read").status, 200);
  EXPECT_FALSE(get("resident", path).json().at("read_at").is_null());
  EXPECT_TRUE(listed("resident", "?unread=false", id));
  EXPECT_FALSE(listed("resident", "?unread=true", id));
  EXPECT_EQ(post("gridworker", path + "/read").status, 200);
  EXPECT_EQ(post("gridchief", path + "/read").status, 200);
  auto figures = get("leader", path).json();
  // The author (the leader, one of the staff) has read it as they published it.
  EXPECT_EQ(figures.at("readers"), 4);
  EXPECT_EQ(figures.at("recipients_read"), 3);
  EXPECT_EQ(figures.at("read_rate").as_double(), 33.33);
  auto r = get("leader", path + "/receipts?read=false");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("items").as_array().size(), 6u);
  bool community_counted = false;
  auto receipts = r.json();
  for (const auto& node : receipts.at("by_node").as_array())
    if (node.at("region_code") == "440404104001")
      community_counted = node.at("read") == 2 && node.at("recipients").as_int64() >= 2;
  EXPECT_TRUE(community_counted) << r.body;
  EXPECT_EQ(get("gridworker", path + "/receipts").status, 403);
  // The counters are the receipts.
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM notice_reads WHERE notice_id = ?", {id}), 4);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM notice_recipients WHERE notice_id = ? AND read_at IS NOT NULL", {id}), 3);
}

TEST_F(NoticesTest, OnlyTheSubtreeSeesItAndDraftsWithdrawnAndExpiredOnesAreHidden) {
  auto draft =
      post("secretary", "/api/v1/notices",
           {{"region_code", "440404104001"}, {"title", "立新社区停水通知"}, {"body", "明日 9 时至 12 时停水"}});
  ASSERT_EQ(draft.status, 201) << draft.body;
  auto id = draft.json().at("id").as_int64();
  auto path = "/api/v1/notices/" + std::to_string(id);
  EXPECT_EQ(get("resident", path).status, 404);  // a draft
  EXPECT_EQ(post("resident", path + "/read").status, 404);
  EXPECT_EQ(call("secretary", "PATCH", path, {{"version", 1}, {"title", "立新社区计划停水通知"}}).status, 200);
  ASSERT_EQ(post("secretary", path + "/publish", {{"version", 2}}).status, 200);
  EXPECT_EQ(post("secretary", path + "/publish", {{"version", 3}}).status, 409);
  EXPECT_EQ(call("secretary", "PATCH", path, {{"version", 3}, {"title", "改"}}).status, 409);  // content kept
  EXPECT_TRUE(listed("resident", "", id));
  EXPECT_FALSE(listed("farresident", "", id));  // another community
  EXPECT_EQ(get("farresident", path).status, 404);
  // Full-text search, three characters and more by the index, fewer by a scan.
  EXPECT_TRUE(listed("resident", "?q=%E8%AE%A1%E5%88%92%E5%81%9C%E6%B0%B4", id));   // 计划停水
  EXPECT_TRUE(listed("resident", "?q=%E5%81%9C%E6%B0%B4", id));                     // 停水
  EXPECT_FALSE(listed("resident", "?q=%E5%81%9C%E7%94%B5%E9%80%9A%E7%9F%A5", id));  // 停电通知
  // Withdrawn: gone from the feed and the page.
  ASSERT_EQ(post("secretary", path + "/withdraw", {{"version", 3}, {"reason", "改期"}}).status, 200);
  EXPECT_FALSE(listed("resident", "?view=all", id));
  EXPECT_EQ(get("resident", path).status, 404);
  EXPECT_TRUE(listed("secretary", "?view=manage", id));
  // Validity: not yet in force is out of the feed; an ended period cannot be published.
  auto later = post("secretary", "/api/v1/notices",
                    {{"region_code", "440404104001"},
                     {"title", "春节慰问安排"},
                     {"body", "x"},
                     {"valid_from", "2099-01-01T00:00:00+08:00"},
                     {"publish", true}});
  ASSERT_EQ(later.status, 201) << later.body;
  EXPECT_FALSE(listed("resident", "", later.json().at("id").as_int64()));
  EXPECT_TRUE(listed("resident", "?view=all", later.json().at("id").as_int64()));
  auto ended = post("secretary", "/api/v1/notices",
                    {{"region_code", "440404104001"},
                     {"title", "已过期"},
                     {"body", "x"},
                     {"valid_until", "2020-01-01T00:00:00+08:00"},
                     {"publish", true}});
  EXPECT_EQ(ended.status, 409);
}

TEST_F(NoticesTest, BadInputIsRefusedWithNothingChangedAndFiguresExport) {
  auto before = scalar("SELECT COUNT(*) FROM notices");
  EXPECT_EQ(
      post("secretary", "/api/v1/notices", {{"region_code", "440404104002"}, {"title", "x"}, {"body", "x"}}).status,
      403);  // another community
  EXPECT_EQ(
      post("resident", "/api/v1/notices", {{"region_code", "440404104001001"}, {"title", "x"}, {"body", "x"}}).status,
      403);
  EXPECT_EQ(post("secretary", "/api/v1/notices",
                 {{"region_code", "440404104001"}, {"title", "x"}, {"body", "x"}, {"kind", "rumour"}})
                .status,
            422);
  EXPECT_EQ(post("secretary", "/api/v1/notices",
                 {{"region_code", "440404104001"},
                  {"title", "x"},
                  {"body", "x"},
                  {"valid_from", "2027-02-01T00:00:00+08:00"},
                  {"valid_until", "2027-01-01T00:00:00+08:00"}})
                .status,
            422);
  EXPECT_EQ(post("secretary", "/api/v1/notices",
                 {{"region_code", "440404104001"},
                  {"title", "x"},
                  {"body", "x"},
                  {"attachments", json::array{std::string(64, 'b').c_str()}}})
                .status,
            422);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM notices"), before);
  post("secretary", "/api/v1/notices",
       {{"region_code", "440404104001"}, {"title", "垃圾分类宣传"}, {"body", "x"}, {"publish", true}});
  auto s = get("secretary", "/api/v1/notice-stats?region=440404104001");
  ASSERT_EQ(s.status, 200) << s.body;
  EXPECT_GE(s.json().at("notices").as_int64(), 1);
  auto x = get("secretary", "/api/v1/exports/notices?region=440404104001");
  ASSERT_EQ(x.status, 200);
  bool found = false;
  for (const auto& row : sheet_rows(x.body)) found = found || (row.size() > 3 && row[3] == "垃圾分类宣传");
  EXPECT_TRUE(found);
  EXPECT_EQ(get("resident", "/api/v1/notice-stats").status, 403);
}

}  // namespace
}  // namespace wangge::testing
