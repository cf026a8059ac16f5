// Assessment (考核) through HTTP on both backends (docs/ASSESSMENT.md): a scheme whose weights
// must sum to 100 before it is activated; a run on constructed records with known answers
// (two grid workers, 3 and 1 patrol reports, 2 and 0 visits made through the API); manual
// points refused without a reason and moving the ranks; freezing; a recomputation after a
// late record making version 2 with version 1 kept as it was; a draft recomputed in place;
// commendations; the worker's own card; the .xlsx; every post computed with every indicator
// of the catalogue (each provider's SQL on this backend); out-of-scope callers refused.
#include <gtest/gtest.h>

#include "core/calendar.h"
#include "core/json.h"
#include "core/storage/database.h"
#include "integration/harness.h"
#include "integration/xlsx_reader.h"

namespace wangge::testing {
namespace {

namespace json = boost::json;

constexpr const char* kAssessedCommunity = "440404104002";
constexpr const char* kAssessedGrid = "440404104002001";
constexpr const char* kPassword = "Kaohe#2026x";

class AssessmentTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    tokens_["admin"] = server_->login("admin", kAdminPassword);
    for (const char* u : {"leader", "secretary", "gridworker", "gridchief"}) tokens_[u] = server_->login(u);
    ids_["aw1"] = make_user("aw1", "grid_worker", kAssessedGrid);
    ids_["aw2"] = make_user("aw2", "grid_worker", kAssessedGrid);
    auto h = post("admin", "/api/v1/households",
                  {{"region_code", kAssessedGrid}, {"address", "考核测试路 1 号"}, {"housing_type", "owned"}});
    ASSERT_EQ(h.status, 201) << h.body;
    household_ = h.json().at("id").as_int64();
    Day today = server_->app().calendar().day_of(storage::now_ms());
    month_ = format_day(today).substr(0, 7);
  }
  static void TearDownTestSuite() { delete server_; }
  static std::int64_t make_user(const std::string& name, const std::string& role, const std::string& region) {
    auto c = server_->client();
    auto u = c.send_json("POST", "/api/v1/users", {{"username", name}, {"display_name", name}, {"password", kPassword}},
                         tokens_["admin"]);
    EXPECT_EQ(u.status, 201) << u.body;
    auto id = u.json().at("id").as_int64();
    auto g = c.send_json("POST", "/api/v1/users/" + std::to_string(id) + "/grants",
                         {{"role", role}, {"region_code", region}}, tokens_["admin"]);
    EXPECT_EQ(g.status, 201) << g.body;
    tokens_[name] = server_->login(name, kPassword);
    return id;
  }
  static HttpResponse call(const std::string& who, const std::string& method, const std::string& path,
                           const json::value& body = nullptr, const std::string& key = "") {
    std::vector<std::pair<std::string, std::string>> h{{"Content-Type", "application/json"},
                                                       {"Authorization", "Bearer " + tokens_.at(who)}};
    if (!key.empty()) h.emplace_back("Idempotency-Key", key);
    return server_->client().request(method, path, body.is_null() ? std::string() : json::serialize(body), h);
  }
  static HttpResponse post(const std::string& who, const std::string& path, const json::value& body = json::object{},
                           const std::string& key = "") {
    return call(who, "POST", path, body, key);
  }
  static HttpResponse get(const std::string& who, const std::string& path) { return call(who, "GET", path); }
  static void patrol_report(const std::string& who) {
    auto r = post(who, "/api/v1/events",
                  {{"source", "patrol"},
                   {"category", "0301"},
                   {"description", "巡查发现楼道堆放杂物"},
                   {"grid_code", kAssessedGrid},
                   {"address", "考核测试路"}});
    ASSERT_EQ(r.status, 201) << r.body;
  }
  static void visit(const std::string& who) {
    auto r = post(who, "/api/v1/visits", {{"household_id", household_}, {"findings", "入户走访，家中一切正常"}});
    ASSERT_EQ(r.status, 201) << r.body;
  }
  // A draft scheme of the leader's; answers its id.
  static std::int64_t scheme(const json::object& body) {
    auto r = post("leader", "/api/v1/assessment/schemes", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json().at("id").as_int64() : 0;
  }
  static std::string path_of(const std::string& what, std::int64_t id) {
    return "/api/v1/assessment/" + what + "/" + std::to_string(id);
  }
  // The result row of `subject` in a run's answer.
  static json::value row(const json::value& run, const std::string& subject) {
    for (const auto& r : run.at("results").as_array())
      if (r.at("subject").as_string() == subject) return r;
    return nullptr;
  }
  static std::string key(const std::string& user) { return std::to_string(ids_.at(user)); }

  static TestServer* server_;
  static std::map<std::string, std::string> tokens_;
  static std::map<std::string, std::int64_t> ids_;
  static std::int64_t household_;
  static std::string month_;
};

TestServer* AssessmentTest::server_ = nullptr;
std::map<std::string, std::string> AssessmentTest::tokens_;
std::map<std::string, std::int64_t> AssessmentTest::ids_;
std::int64_t AssessmentTest::household_ = 0;
std::string AssessmentTest::month_;

TEST_F(AssessmentTest, ARunScoresTheRecordsFreezesAndKeepsItsVersions) {
  for (int i = 0; i < 3; ++i) patrol_report("aw1");
  patrol_report("aw2");
  visit("aw1");
  visit("aw1");
  // Weights summing to 90: kept as a draft, refused activation.
  json::object body{{"name", "测试社区网格员月度考核"},
                    {"post", "grid_worker"},
                    {"region_code", kAssessedCommunity},
                    {"period_kind", "month"},
                    {"indicators", json::array{json::object{{"key", "reports_raised"}, {"weight", 60}, {"target", 4}},
                                               json::object{{"key", "visits"}, {"weight", 30}, {"target", 2}}}}};
  std::int64_t id = scheme(body);
  auto s = get("leader", path_of("schemes", id));
  ASSERT_EQ(s.status, 200) << s.body;
  EXPECT_EQ(s.json().at("status"), "draft");
  EXPECT_EQ(s.json().at("weight_total").to_number<double>(), 90);
  EXPECT_EQ(post("leader", path_of("schemes", id) + "/activate").status, 422);
  EXPECT_EQ(post("leader", path_of("schemes", id) + "/runs", {{"period", month_}}).status, 409);  // not active
  auto put = call("leader", "PUT", path_of("schemes", id),
                  {{"version", 1},
                   {"indicators", json::array{json::object{{"key", "reports_raised"}, {"weight", 60}, {"target", 4}},
                                              json::object{{"key", "visits"}, {"weight", 40}, {"target", 2}}}}});
  ASSERT_EQ(put.status, 200) << put.body;
  auto on = post("leader", path_of("schemes", id) + "/activate");
  ASSERT_EQ(on.status, 200) << on.body;
  EXPECT_EQ(on.json().at("status"), "active");
  // An active scheme is not edited.
  EXPECT_EQ(call("leader", "PUT", path_of("schemes", id), {{"version", 3}, {"name", "x"}}).status, 409);
  // Periods: of the scheme's kind, begun.
  EXPECT_EQ(post("leader", path_of("schemes", id) + "/runs", {{"period", month_.substr(0, 4) + "-Q1"}}).status, 422);
  EXPECT_EQ(post("leader", path_of("schemes", id) + "/runs", {{"period", "2099-01"}}).status, 422);
  EXPECT_EQ(post("leader", path_of("schemes", id) + "/runs", {{"period", "2026-13"}}).status, 422);

  // Version 1: aw1 3/4 × 60 = 45 and 2/2 × 40 = 40; aw2 1/4 × 60 = 15 and no visits.
  auto first = post("leader", path_of("schemes", id) + "/runs", {{"period", month_}}, "run-once");
  ASSERT_EQ(first.status, 201) << first.body;
  auto replay = post("leader", path_of("schemes", id) + "/runs", {{"period", month_}}, "run-once");
  EXPECT_EQ(replay.status, 201);
  EXPECT_EQ(replay.header("idempotent-replayed"), "true");
  EXPECT_EQ(replay.body, first.body);
  std::int64_t run1 = first.json().at("id").as_int64();
  EXPECT_EQ(first.json().at("version"), 1);
  EXPECT_EQ(first.json().at("status"), "draft");
  EXPECT_EQ(first.json().at("subjects"), 2);
  auto run = get("leader", path_of("runs", run1)).json();
  auto w1 = row(run, key("aw1")), w2 = row(run, key("aw2"));
  ASSERT_TRUE(w1.is_object() && w2.is_object()) << json::serialize(run);
  EXPECT_EQ(w1.at("name"), "aw1");
  EXPECT_EQ(w1.at("values").at("reports_raised").to_number<double>(), 3);
  EXPECT_EQ(w1.at("values").at("visits").to_number<double>(), 2);
  EXPECT_EQ(w1.at("points").at("reports_raised").to_number<double>(), 45);
  EXPECT_EQ(w1.at("points").at("visits").to_number<double>(), 40);
  EXPECT_EQ(w1.at("total").to_number<double>(), 85);
  EXPECT_EQ(w1.at("rank"), 1);
  EXPECT_EQ(w2.at("values").at("reports_raised").to_number<double>(), 1);
  EXPECT_EQ(w2.at("values").at("visits").to_number<double>(), 0);
  EXPECT_EQ(w2.at("total").to_number<double>(), 15);
  EXPECT_EQ(w2.at("rank"), 2);

  // Manual points: a reason is required; they move the total and the ranks.
  const std::string adjust = path_of("runs", run1) + "/adjustments";
  EXPECT_EQ(post("leader", adjust, {{"subject", key("aw2")}, {"points", 80}}).status, 422);
  EXPECT_EQ(post("leader", adjust, {{"subject", key("aw2")}, {"points", 80}, {"reason", ""}}).status, 422);
  EXPECT_EQ(post("leader", adjust, {{"subject", key("aw2")}, {"points", 0}, {"reason", "x"}}).status, 422);
  EXPECT_EQ(post("leader", adjust, {{"subject", "999999"}, {"points", 5}, {"reason", "x"}}).status, 422);
  auto a = post("leader", adjust, {{"subject", key("aw2")}, {"points", 80}, {"reason", "协助处置台风灾情"}});
  ASSERT_EQ(a.status, 201) << a.body;
  EXPECT_EQ(a.json().at("subject_name"), "aw2");
  run = get("leader", path_of("runs", run1)).json();
  EXPECT_EQ(row(run, key("aw2")).at("manual").to_number<double>(), 80);
  EXPECT_EQ(row(run, key("aw2")).at("total").to_number<double>(), 95);
  EXPECT_EQ(row(run, key("aw2")).at("rank"), 1);
  EXPECT_EQ(row(run, key("aw1")).at("rank"), 2);
  EXPECT_EQ(run.at("results").as_array().front().at("subject"), json::value(key("aw2")));  // in rank order
  ASSERT_EQ(run.at("adjustments").as_array().size(), 1u);
  EXPECT_EQ(run.at("adjustments").as_array()[0].at("reason"), "协助处置台风灾情");
  EXPECT_EQ(run.at("adjustments").as_array()[0].at("by_name"), "平沙镇领导");
  // Commendations wait for the freeze; the freeze ends the changes.
  const std::string commend = path_of("runs", run1) + "/commendations";
  json::object praise{{"subject", key("aw2")}, {"title", "优秀网格员"}, {"reason", "本月表现突出"}};
  EXPECT_EQ(post("leader", commend, praise).status, 409);
  auto frozen = post("leader", path_of("runs", run1) + "/freeze");
  ASSERT_EQ(frozen.status, 200) << frozen.body;
  EXPECT_EQ(frozen.json().at("status"), "frozen");
  EXPECT_EQ(post("leader", path_of("runs", run1) + "/freeze").status, 409);
  EXPECT_EQ(post("leader", adjust, {{"subject", key("aw1")}, {"points", 5}, {"reason", "x"}}).status, 409);
  EXPECT_EQ(post("leader", commend, {{"subject", key("aw2")}, {"title", ""}, {"reason", "x"}}).status, 422);
  auto c = post("leader", commend, praise);
  ASSERT_EQ(c.status, 201) << c.body;
  EXPECT_EQ(c.json().at("title"), "优秀网格员");

  // The worker's own card: the frozen run, their rank, the commendation; another's is theirs.
  auto card = get("aw2", "/api/v1/assessment/my-card?period=" + month_);
  ASSERT_EQ(card.status, 200) << card.body;
  auto items = card.json().at("items").as_array();
  ASSERT_EQ(items.size(), 1u) << card.body;
  EXPECT_EQ(items[0].at("run_id"), run1);
  EXPECT_EQ(items[0].at("total").to_number<double>(), 95);
  EXPECT_EQ(items[0].at("rank"), 1);
  EXPECT_EQ(items[0].at("subjects"), 2);
  EXPECT_EQ(items[0].at("commendations").as_array().size(), 1u);
  auto mine = get("aw1", "/api/v1/assessment/my-card").json().at("items").as_array();
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].at("total").to_number<double>(), 85);
  EXPECT_TRUE(mine[0].at("commendations").as_array().empty());
  EXPECT_EQ(get("aw1", "/api/v1/assessment/my-card?period=2026-1").status, 400);

  // A late record, recomputed: version 2, a draft with no manual points; version 1 kept.
  patrol_report("aw2");
  auto second = post("leader", path_of("schemes", id) + "/runs", {{"period", month_}});
  ASSERT_EQ(second.status, 201) << second.body;
  std::int64_t run2 = second.json().at("id").as_int64();
  EXPECT_NE(run2, run1);
  EXPECT_EQ(second.json().at("version"), 2);
  auto v2 = get("leader", path_of("runs", run2)).json();
  EXPECT_EQ(row(v2, key("aw2")).at("values").at("reports_raised").to_number<double>(), 2);
  EXPECT_EQ(row(v2, key("aw2")).at("manual").to_number<double>(), 0);
  auto v1 = get("leader", path_of("runs", run1)).json();
  EXPECT_EQ(v1.at("status"), "frozen");
  EXPECT_EQ(row(v1, key("aw2")).at("values").at("reports_raised").to_number<double>(), 1);
  EXPECT_EQ(row(v1, key("aw2")).at("total").to_number<double>(), 95);
  auto listed =
      get("leader", "/api/v1/assessment/runs?scheme=" + std::to_string(id) + "&period=" + month_).json().at("items");
  ASSERT_EQ(listed.as_array().size(), 2u);
  EXPECT_EQ(listed.as_array()[0].at("version"), 2);
  EXPECT_EQ(listed.as_array()[1].at("version"), 1);
  // The card still shows the frozen version; a draft recomputed stays the same version,
  // keeping its manual points.
  EXPECT_EQ(get("aw2", "/api/v1/assessment/my-card").json().at("items").as_array()[0].at("version"), 1);
  ASSERT_EQ(post("leader", path_of("runs", run2) + "/adjustments",
                 {{"subject", key("aw1")}, {"points", -5}, {"reason", "走访记录不完整"}})
                .status,
            201);
  visit("aw2");
  auto again = post("leader", path_of("schemes", id) + "/runs", {{"period", month_}});
  ASSERT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(again.json().at("id"), run2);
  EXPECT_EQ(again.json().at("version"), 2);
  EXPECT_EQ(again.json().at("computations"), 2);
  v2 = get("leader", path_of("runs", run2)).json();
  EXPECT_EQ(row(v2, key("aw2")).at("values").at("visits").to_number<double>(), 1);
  EXPECT_EQ(row(v2, key("aw1")).at("manual").to_number<double>(), -5);
  EXPECT_EQ(row(v2, key("aw1")).at("total").to_number<double>(), 80);

  // The workbook: the results in rank order with each raw value and points.
  auto x = get("leader", path_of("runs", run1) + "/export.xlsx");
  ASSERT_EQ(x.status, 200) << x.body;
  auto rows = sheet_rows(x.body, 1);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1][1], "aw2");
  EXPECT_EQ(rows[1][2], key("aw2"));
  EXPECT_EQ(rows[2][1], "aw1");
  EXPECT_EQ(rows.back().back(), "85");
  auto manual = sheet_rows(x.body, 2);
  ASSERT_EQ(manual.size(), 2u);
  EXPECT_EQ(manual[1][2], "协助处置台风灾情");

  // Retired: kept, listed, no longer computed or on the card.
  ASSERT_EQ(post("leader", path_of("schemes", id) + "/retire").status, 200);
  EXPECT_EQ(post("leader", path_of("schemes", id) + "/runs", {{"period", month_}}).status, 409);
  EXPECT_TRUE(get("aw2", "/api/v1/assessment/my-card").json().at("items").as_array().empty());
  auto copy = post("leader", path_of("schemes", id) + "/copy", {{"name", "测试社区网格员月度考核（修订）"}});
  ASSERT_EQ(copy.status, 201) << copy.body;
  EXPECT_EQ(copy.json().at("status"), "draft");
  EXPECT_EQ(copy.json().at("copied_from"), id);
  EXPECT_EQ(copy.json().at("indicators").as_array().size(), 2u);
}

TEST_F(AssessmentTest, IndicatorsAreCheckedAgainstTheCatalogueAndThePost) {
  auto cat = get("leader", "/api/v1/assessment/indicators?post=department");
  ASSERT_EQ(cat.status, 200) << cat.body;
  const auto catalogue = cat.json();
  for (const auto& i : catalogue.at("items").as_array()) {
    EXPECT_EQ(i.at("available"), true) << i.at("key");
    bool department = false;
    for (const auto& p : i.at("posts").as_array()) department = department || p == "department";
    EXPECT_TRUE(department) << i.at("key");
  }
  EXPECT_EQ(get("leader", "/api/v1/assessment/indicators?post=mayor").status, 400);
  auto make = [&](const json::array& indicators) {
    return post("leader", "/api/v1/assessment/schemes",
                {{"name", "x"},
                 {"post", "grid"},
                 {"region_code", kAssessedCommunity},
                 {"period_kind", "quarter"},
                 {"indicators", indicators}});
  };
  for (const auto& bad : std::vector<json::array>{
           {},
           {json::object{{"key", "nonsense"}, {"weight", 100}, {"target", 1}}},
           {json::object{{"key", "reports_raised"}, {"weight", 100}, {"target", 1}}},  // not a grid's
           {json::object{{"key", "closure_rate"}, {"weight", 0}, {"target", 90}}},
           {json::object{{"key", "closure_rate"}, {"weight", 50}, {"target", 0}}},
           {json::object{{"key", "closure_rate"}, {"weight", 50}, {"target", 90}, {"cap", 0.5}}},
           {json::object{{"key", "closure_rate"}, {"weight", 50}, {"target", 90}, {"direction", "sideways"}}},
           {json::object{{"key", "closure_rate"}, {"weight", "50"}, {"target", 90}}},
           {json::object{{"key", "closure_rate"}, {"weight", 50}, {"target", 90}},
            json::object{{"key", "closure_rate"}, {"weight", 50}, {"target", 90}}}})
    EXPECT_EQ(make(bad).status, 422) << json::serialize(bad);
  EXPECT_EQ(make({json::object{{"key", "closure_rate"}, {"weight", 100}, {"target", 90}}}).status, 201);
}

TEST_F(AssessmentTest, EveryPostIsComputedWithEveryIndicatorOfItsPost) {
  const std::string quarter = month_.substr(0, 4) + "-Q" + std::to_string((std::stoi(month_.substr(5, 2)) - 1) / 3 + 1);
  auto cat = get("leader", "/api/v1/assessment/indicators").json().at("items").as_array();
  for (const char* post_name : {"grid_worker", "grid_chief", "neighbour_chief", "department", "grid", "community"}) {
    json::array indicators;
    for (const auto& i : cat)
      for (const auto& p : i.at("posts").as_array())
        if (p == post_name) indicators.push_back(json::object{{"key", i.at("key")}, {"weight", 1}, {"target", 10}});
    ASSERT_FALSE(indicators.empty()) << post_name;
    // Weights summing to 100: the rest on the first.
    indicators[0].as_object()["weight"] = 100 - static_cast<int>(indicators.size()) + 1;
    std::int64_t id = scheme({{"name", std::string("全部指标 ") + post_name},
                              {"post", post_name},
                              {"region_code", "440404104"},
                              {"period_kind", "quarter"},
                              {"indicators", indicators}});
    ASSERT_EQ(post("leader", path_of("schemes", id) + "/activate").status, 200) << post_name;
    auto r = post("leader", path_of("schemes", id) + "/runs", {{"period", quarter}});
    ASSERT_EQ(r.status, 201) << post_name << " " << r.body;
    auto run = get("leader", path_of("runs", r.json().at("id").as_int64()) + "?limit=500").json();
    for (const auto& res : run.at("results").as_array())
      EXPECT_EQ(res.at("values").as_object().size(), indicators.size()) << post_name;
    if (std::string(post_name) == "grid_worker") {
      // The demo grid worker and the two made here are all under the town.
      EXPECT_GE(run.at("subjects").as_int64(), 3) << json::serialize(run);
    }
    if (std::string(post_name) == "grid") {
      EXPECT_TRUE(row(run, kAssessedGrid).is_object()) << json::serialize(run);
    }
    if (std::string(post_name) == "community") {
      auto community = row(run, kAssessedCommunity);
      ASSERT_TRUE(community.is_object()) << json::serialize(run);
      // The reports above: some closed or not, none rated: no satisfaction rate yet.
      EXPECT_TRUE(community.at("values").at("satisfaction_rate").is_null());
      EXPECT_GE(community.at("values").at("disputes_found").to_number<double>(), 0);
    }
  }
}

TEST_F(AssessmentTest, CallersOutsideTheSchemesNodeAreRefused) {
  std::int64_t id =
      scheme({{"name", "范围测试"},
              {"post", "grid_worker"},
              {"region_code", kAssessedCommunity},
              {"period_kind", "month"},
              {"indicators", json::array{json::object{{"key", "visits"}, {"weight", 100}, {"target", 2}}}}});
  ASSERT_EQ(post("leader", path_of("schemes", id) + "/activate").status, 200);
  auto r = post("leader", path_of("schemes", id) + "/runs", {{"period", month_}});
  ASSERT_EQ(r.status, 201) << r.body;
  std::int64_t run = r.json().at("id").as_int64();
  // The secretary of another community: the scheme, its run and its results are not theirs.
  for (const auto& [method, path] :
       std::vector<std::pair<std::string, std::string>>{{"GET", path_of("schemes", id)},
                                                        {"PUT", path_of("schemes", id)},
                                                        {"POST", path_of("schemes", id) + "/retire"},
                                                        {"POST", path_of("schemes", id) + "/copy"},
                                                        {"POST", path_of("schemes", id) + "/runs"},
                                                        {"GET", path_of("runs", run)},
                                                        {"GET", path_of("runs", run) + "/export.xlsx"},
                                                        {"POST", path_of("runs", run) + "/adjustments"},
                                                        {"POST", path_of("runs", run) + "/freeze"},
                                                        {"POST", path_of("runs", run) + "/commendations"}})
    EXPECT_EQ(call("secretary", method, path,
                   method == "GET" ? json::value(nullptr) : json::value(json::object{{"version", 1}}))
                  .status,
              403)
        << method << " " << path;
  EXPECT_EQ(post("secretary", "/api/v1/assessment/schemes",
                 {{"name", "x"},
                  {"post", "grid_worker"},
                  {"region_code", kAssessedCommunity},
                  {"period_kind", "month"},
                  {"indicators", json::array{json::object{{"key", "visits"}, {"weight", 100}, {"target", 2}}}}})
                .status,
            403);
  // Lists answer what is within the caller's scope only.
  auto schemes = get("secretary", "/api/v1/assessment/schemes").json().at("items").as_array();
  for (const auto& s : schemes) EXPECT_NE(s.at("id"), id);
  auto runs = get("secretary", "/api/v1/assessment/runs").json().at("items").as_array();
  for (const auto& x : runs) EXPECT_NE(x.at("id"), run);
  EXPECT_EQ(get("secretary", "/api/v1/assessment/runs?scheme=" + std::to_string(id)).status, 403);
  // Workers read their own card only.
  EXPECT_EQ(get("aw1", path_of("runs", run)).status, 403);
  EXPECT_EQ(get("aw1", "/api/v1/assessment/schemes").status, 403);
  EXPECT_EQ(post("aw1", path_of("runs", run) + "/freeze").status, 403);
  EXPECT_EQ(get("aw1", "/api/v1/assessment/my-card").status, 200);
  // The community's own secretary works on their community's scheme.
  auto own = post("secretary", "/api/v1/assessment/schemes",
                  {{"name", "立新社区网格员考核"},
                   {"post", "grid_worker"},
                   {"region_code", "440404104001"},
                   {"period_kind", "month"},
                   {"indicators", json::array{json::object{{"key", "visits"}, {"weight", 100}, {"target", 2}}}}});
  EXPECT_EQ(own.status, 201) << own.body;
}

}  // namespace
}  // namespace wangge::testing
