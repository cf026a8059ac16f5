// Suggested category and department through HTTP on both backends (docs/EVENTS.md,
// "Suggested category and department"): learnt from the demo history's closed events, a
// resident gets categories, a dispatcher departments too, for a report being written and
// for an event in the queue; what is refused; retraining as cases close.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <tuple>

#include "events/service.h"
#include "events/suggest.h"
#include "integration/harness.h"

namespace wangge::testing {
namespace {

namespace json = boost::json;

constexpr const char* kSuggestGrid = "440404104001001";
constexpr const char* kRubbish = "楼下的垃圾堆了好几天没人清理，臭得不行";

class SuggestTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    history_ = server_->app().events().load_demo_history(3000);
    server_->app().suggestions().retrain(server_->app().db());
    for (const char* u : {"resident", "dispatcher", "gridworker", "handler"}) tokens_[u] = server_->login(u);
    std::tie(lng_, lat_) = server_->point_in_grid(kSuggestGrid);
  }
  static void TearDownTestSuite() { delete server_; }

  static HttpResponse suggest(const std::string& who, json::object body) {
    return server_->client().send_json("POST", "/api/v1/events/suggest", body, tokens_[who]);
  }

  static TestServer* server_;
  static std::int64_t history_;
  static std::map<std::string, std::string> tokens_;
  static double lng_, lat_;
};
TestServer* SuggestTest::server_ = nullptr;
std::int64_t SuggestTest::history_ = 0;
std::map<std::string, std::string> SuggestTest::tokens_;
double SuggestTest::lng_ = 0, SuggestTest::lat_ = 0;

TEST_F(SuggestTest, AResidentGetsCategoriesWithTheirWordsAndNoDepartments) {
  ASSERT_GT(history_, 2900);
  auto r = suggest("resident", {{"description", kRubbish}, {"grid_code", kSuggestGrid}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto a = r.json();
  const auto& cats = a.at("categories").as_array();
  ASSERT_FALSE(cats.empty());
  EXPECT_LE(cats.size(), 3u);
  EXPECT_EQ(cats[0].at("code"), "0301");
  EXPECT_EQ(cats[0].at("name_zh"), "垃圾堆放");
  const auto& words = cats[0].at("words").as_array();
  ASSERT_FALSE(words.empty());
  for (const auto& w : words) EXPECT_NE(std::string(kRubbish).find(str(w)), std::string::npos) << str(w);
  EXPECT_NE(str(cats[0].at("reason_zh")).find(str(words[0])), std::string::npos);
  double sum = 0;
  for (const auto& c : cats) sum += c.at("score").to_number<double>();
  EXPECT_LE(sum, 1.0001);
  EXPECT_FALSE(a.as_object().contains("departments"));  // residents do not dispatch
  EXPECT_GE(a.at("trained_on").as_int64(), 2500);
  EXPECT_TRUE(a.at("trained_at").is_string());
  // Located by a point instead of a grid; and with no place at all (the platform's prior).
  auto by_point = suggest("resident", {{"description", "路灯晚上不亮，黑乎乎的"}, {"lat", lat_}, {"lng", lng_}});
  ASSERT_EQ(by_point.status, 200) << by_point.body;
  EXPECT_EQ(by_point.json().at("categories").at(0).at("code"), "0502");
  auto nowhere = suggest("gridworker", {{"description", kRubbish}});
  ASSERT_EQ(nowhere.status, 200) << nowhere.body;
  EXPECT_EQ(nowhere.json().at("categories").at(0).at("code"), "0301");
}

TEST_F(SuggestTest, ADispatcherGetsTheDepartmentThatHandledSuchCases) {
  auto r = suggest("dispatcher", {{"description", kRubbish}, {"grid_code", kSuggestGrid}});
  ASSERT_EQ(r.status, 200) << r.body;
  const auto answer = r.json();
  const auto& deps = answer.at("departments").as_array();
  ASSERT_FALSE(deps.empty());
  EXPECT_LE(deps.size(), 3u);
  EXPECT_EQ(deps[0].at("kind"), "urban_management");  // the demo routes rubbish there
  EXPECT_NE(str(deps[0].at("reason_en")).find("handled"), std::string::npos);
  EXPECT_NE(str(deps[0].at("reason_zh")).find("垃圾堆放"), std::string::npos);
}

TEST_F(SuggestTest, TheDispatchersViewOfAnEventInTheQueue) {
  auto c = server_->client();
  auto filed = c.send_json(
      "POST", "/api/v1/events",
      {{"category", "0902"}, {"description", "小区门口的路灯好几天不亮了，晚上很黑"}, {"lat", lat_}, {"lng", lng_}},
      tokens_["resident"]);
  ASSERT_EQ(filed.status, 201) << filed.body;
  std::string target = "/api/v1/events/" + std::to_string(filed.json().at("id").as_int64()) + "/suggest";
  auto r = c.get(target, tokens_["dispatcher"]);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("categories").at(0).at("code"), "0502");  // what it is, not what was chosen
  EXPECT_FALSE(r.json().at("departments").as_array().empty());
  EXPECT_EQ(c.get(target, tokens_["resident"]).status, 403);  // its reporter, who does not dispatch
  EXPECT_EQ(c.get(target, tokens_["handler"]).status, 403);
  EXPECT_EQ(c.get("/api/v1/events/999999999/suggest", tokens_["dispatcher"]).status, 404);
}

TEST_F(SuggestTest, BadInputIsRefusedAndNothingWithoutASession) {
  EXPECT_EQ(suggest("resident", {{"description", ""}}).status, 422);
  EXPECT_EQ(suggest("resident", {{"description", std::string(2001, 'a')}}).status, 422);
  EXPECT_EQ(suggest("resident", {{"description", kRubbish}, {"grid_code", "440404104001999"}}).status, 422);
  EXPECT_EQ(suggest("resident", {{"description", kRubbish}, {"lat", lat_}}).status, 422);
  EXPECT_EQ(suggest("resident", {{"description", kRubbish}, {"category", "0301"}}).status, 422);
  EXPECT_EQ(suggest("resident", {{"description", 5}}).status, 422);
  auto anonymous = server_->client().send_json("POST", "/api/v1/events/suggest", {{"description", kRubbish}});
  EXPECT_EQ(anonymous.status, 401);
}

TEST_F(SuggestTest, ItLearnsAgainOnceEnoughCasesClosed) {
  auto& suggestions = server_->app().suggestions();
  auto& db = server_->app().db();
  EXPECT_FALSE(suggestions.retrain_if_due(db, storage::now_ms() + 60'000));  // nothing closed since
  std::int64_t before = suggestions.model()->examples();
  events::Service::HistoryOptions o;
  o.root = "440404104";
  o.count = 700;
  o.from_ms = 1672531200000;  // 2023
  o.to_ms = 1675209600000;
  o.seed = 7;
  o.tracking_prefix = "S";
  ASSERT_GT(server_->app().events().generate_history(o), 650);
  EXPECT_GE(suggestions.closed_since_training(db), 500);
  EXPECT_TRUE(suggestions.retrain_if_due(db, storage::now_ms() + 120'000));
  EXPECT_GT(static_cast<std::int64_t>(suggestions.model()->examples()), before + 500);
  EXPECT_EQ(suggestions.closed_since_training(db), 0);
}

}  // namespace
}  // namespace wangge::testing
