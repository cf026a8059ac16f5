// Disputes and mediation through HTTP on both backends: the ledger, mediation sessions and
// outcomes as the state table allows, follow-ups, early warnings, statistics, scope.
#include <gtest/gtest.h>

#include "core/storage/database.h"
#include "integration/harness.h"
#include "registry/id_number.h"

namespace wangge::testing {
namespace {

namespace json = boost::json;

class DisputesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    for (const char* u : {"gridworker", "gridchief", "leader", "dispatcher", "resident", "mediator"})
      tokens_[u] = server_->login(u);
  }
  static void TearDownTestSuite() { delete server_; }
  static HttpResponse post(const std::string& who, const std::string& path, const json::object& body) {
    auto c = server_->client();
    return c.send_json("POST", path, body, tokens_[who]);
  }
  static HttpResponse get(const std::string& who, const std::string& path) {
    auto c = server_->client();
    return c.get(path, tokens_[who]);
  }
  static std::int64_t version(std::int64_t id) {
    return get("mediator", "/api/v1/disputes/" + std::to_string(id)).json().at("version").as_int64();
  }
  static json::object dispute(const std::string& type, const std::string& risk, std::int64_t person) {
    return {{"region_code", "440404104001001"},
            {"type", type},
            {"title", "邻里噪音纠纷"},
            {"description", "楼上装修噪音影响休息，双方多次争吵"},
            {"place", "立新路 8 号"},
            {"risk", risk},
            {"source", "visit"},
            {"parties", json::array{json::object{{"role", "applicant"}, {"name", "李梅"}, {"person_id", person}},
                                    json::object{{"role", "respondent"}, {"name", "王强"}, {"phone", "13900001111"}}}}};
  }
  static TestServer* server_;
  static std::map<std::string, std::string> tokens_;
};
TestServer* DisputesTest::server_ = nullptr;
std::map<std::string, std::string> DisputesTest::tokens_;

TEST_F(DisputesTest, LedgerMediationWarningsAndStatistics) {
  // A registry person as a party.
  std::string first17 = "44040419750606122";
  auto p = post("gridworker", "/api/v1/persons",
                {{"name", "李梅"},
                 {"id_number", first17 + registry::id_check_char(first17)},
                 {"region_code", "440404104001001"}});
  ASSERT_EQ(p.status, 201) << p.body;
  std::int64_t person = p.json().at("id").as_int64();

  auto r = post("gridworker", "/api/v1/disputes", dispute("neighbour", "low", person));
  ASSERT_EQ(r.status, 201) << r.body;
  auto d = r.json();
  std::int64_t first = d.at("id").as_int64();
  EXPECT_EQ(d.at("status"), "open");
  EXPECT_EQ(d.at("parties").at(1).at("phone"), "139****1111");

  // Mediation: the grid worker may not mediate; the mediator continues, then settles it.
  EXPECT_EQ(post("gridworker", "/api/v1/disputes/" + std::to_string(first) + "/sessions",
                 {{"record", "x"}, {"result", "continue"}, {"version", version(first)}})
                .status,
            403);
  r = post("mediator", "/api/v1/disputes/" + std::to_string(first) + "/sessions",
           {{"record", "听取双方陈述，约定下周再谈"},
            {"result", "continue"},
            {"participants", "李梅、王强"},
            {"version", version(first)}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json().at("status"), "mediating");
  EXPECT_EQ(post("mediator", "/api/v1/disputes/" + std::to_string(first) + "/sessions",
                 {{"record", "达成一致"}, {"result", "agreement"}, {"version", version(first)}})
                .status,
            422);  // an agreement needs its terms
  r = post("mediator", "/api/v1/disputes/" + std::to_string(first) + "/sessions",
           {{"record", "双方达成一致"},
            {"result", "agreement"},
            {"agreement", "装修限于工作日 9-18 时"},
            {"version", version(first)}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json().at("status"), "settled");
  EXPECT_FALSE(r.json().at("closed_on").is_null());
  // Settled is final: no more sessions, no referral; a follow-up still records whether it holds.
  EXPECT_EQ(post("mediator", "/api/v1/disputes/" + std::to_string(first) + "/sessions",
                 {{"record", "x"}, {"result", "continue"}, {"version", version(first)}})
                .status,
            409);
  EXPECT_EQ(post("mediator", "/api/v1/disputes/" + std::to_string(first) + "/close",
                 {{"outcome", "referred"}, {"referred_to", "court"}, {"detail", "x"}, {"version", version(first)}})
                .status,
            409);
  EXPECT_EQ(post("gridworker", "/api/v1/disputes/" + std::to_string(first) + "/followups",
                 {{"note", "回访：协议履行良好"}, {"stable", true}})
                .status,
            201);
  auto full = get("mediator", "/api/v1/disputes/" + std::to_string(first)).json();
  EXPECT_EQ(full.at("sessions").as_array().size(), 2u);
  EXPECT_EQ(full.at("followups").as_array().size(), 1u);

  // A second dispute of the same person: a repeat; a land dispute: high risk by type; a
  // raised risk: escalating.
  r = post("gridworker", "/api/v1/disputes", dispute("property", "low", person));
  ASSERT_EQ(r.status, 201) << r.body;
  std::int64_t second = r.json().at("id").as_int64();
  r = post("gridworker", "/api/v1/disputes", dispute("land", "medium", person));
  ASSERT_EQ(r.status, 201) << r.body;
  std::int64_t land = r.json().at("id").as_int64();
  auto c = server_->client();
  EXPECT_EQ(c.send_json("PATCH", "/api/v1/disputes/" + std::to_string(second),
                        {{"risk", "high"}, {"version", version(second)}}, tokens_["gridworker"])
                .status,
            422);  // a reason is required
  EXPECT_EQ(c.send_json("PATCH", "/api/v1/disputes/" + std::to_string(second),
                        {{"risk", "high"}, {"risk_reason", "双方扬言动手"}, {"version", version(second)}},
                        tokens_["gridworker"])
                .status,
            200);
  auto w = get("mediator", "/api/v1/disputes/warnings?days=30").json();
  std::map<std::string, std::vector<std::int64_t>> kinds;
  for (const auto& item : w.at("items").as_array()) {
    for (const auto& id : item.at("dispute_ids").as_array())
      kinds[std::string(item.at("kind").as_string())].push_back(id.as_int64());
  }
  auto has = [&](const std::string& kind, std::int64_t id) {
    return std::count(kinds[kind].begin(), kinds[kind].end(), id) > 0;
  };
  EXPECT_TRUE(has("repeated_person", first) && has("repeated_person", second) && has("repeated_person", land));
  EXPECT_TRUE(has("repeated_place", land));
  EXPECT_TRUE(has("high_risk", land));    // by type
  EXPECT_TRUE(has("high_risk", second));  // by level
  EXPECT_FALSE(has("high_risk", first));  // settled
  EXPECT_TRUE(has("escalating", second));

  // Referred to a court; then the statistics: 1 settled, 1 referred of 3 found.
  EXPECT_EQ(post("mediator", "/api/v1/disputes/" + std::to_string(land) + "/close",
                 {{"outcome", "referred"}, {"detail", "x"}, {"version", version(land)}})
                .status,
            422);  // where to
  r = post("mediator", "/api/v1/disputes/" + std::to_string(land) + "/close",
           {{"outcome", "referred"},
            {"referred_to", "court"},
            {"detail", "土地确权须诉讼解决"},
            {"version", version(land)}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("status"), "referred");
  auto st = get("leader", "/api/v1/disputes/stats?region=440404104001").json();
  EXPECT_EQ(st.at("found").as_int64(), 3);
  EXPECT_EQ(st.at("settled").as_int64(), 1);
  EXPECT_EQ(st.at("referred").as_int64(), 1);
  EXPECT_EQ(st.at("active").as_int64(), 1);
  // 调解率 counts the open dispute against the settled share (1 of 3 found); the success
  // of finished mediations does not (1 of 2 closed).
  EXPECT_DOUBLE_EQ(st.at("mediation_rate").to_number<double>(), 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(st.at("success_rate").as_double(), 0.5);
  bool grid_seen = false;
  for (const auto& ch : st.at("children").as_array())
    if (ch.at("code") == "440404104001001") grid_seen = ch.at("found").as_int64() == 3;
  EXPECT_TRUE(grid_seen);
}

TEST_F(DisputesTest, ScopeAndBadInputChangeNothing) {
  auto count = [] {
    return server_->app().db().read_value<std::int64_t>(
        [](storage::Tx& tx) { return tx.exec("SELECT COUNT(*) FROM disputes").one().i64(0); });
  };
  std::int64_t before = count();
  auto body = dispute("neighbour", "low", 1);
  body["parties"] = json::array{json::object{{"role", "applicant"}, {"name", "甲"}}};
  auto other = body;
  other["region_code"] = "440404104001002";
  EXPECT_EQ(post("gridworker", "/api/v1/disputes", other).status, 403);  // a neighbouring grid
  EXPECT_EQ(post("resident", "/api/v1/disputes", body).status, 403);
  EXPECT_EQ(get("resident", "/api/v1/disputes").status, 403);
  for (auto [key, value] : std::vector<std::pair<std::string, json::value>>{{"type", "feud"},
                                                                            {"risk", "extreme"},
                                                                            {"source", "rumour"},
                                                                            {"found_on", "2999-01-01"},
                                                                            {"parties", json::array{}}}) {
    auto bad = body;
    bad[key] = value;
    auto r = post("gridworker", "/api/v1/disputes", bad);
    EXPECT_EQ(r.status, 422) << key;
    EXPECT_EQ(str(r.json().at("field")), key) << r.body;
  }
  auto bad_party = body;
  bad_party["parties"] = json::array{json::object{{"role", "applicant"}, {"name", "甲"}, {"person_id", 987654}}};
  auto r = post("gridworker", "/api/v1/disputes", bad_party);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json().at("field"), "parties[0].person_id");
  EXPECT_EQ(count(), before);
  // A stale version changes nothing.
  r = post("gridworker", "/api/v1/disputes", body);
  ASSERT_EQ(r.status, 201) << r.body;
  std::int64_t id = r.json().at("id").as_int64();
  EXPECT_EQ(post("mediator", "/api/v1/disputes/" + std::to_string(id) + "/sessions",
                 {{"record", "x"}, {"result", "continue"}, {"version", 7}})
                .status,
            409);
  EXPECT_EQ(get("mediator", "/api/v1/disputes/" + std::to_string(id)).json().at("status"), "open");
}

}  // namespace
}  // namespace wangge::testing
