// Points through HTTP on both backends: deeds of other modules credited once each however
// they are retried (a visit sent again under its Idempotency-Key, a self-handled report, a
// resident's report closed, the deed sink replayed); caps per day; awards hammered past the
// cap in parallel stop exactly at it; hundreds of parallel redemptions never take a balance
// or a stock below zero and the ledger, the balances and the stock add up exactly after;
// two redemptions of the last unit give one success and one clear refusal; a code verified
// once; bad input refused with nothing changed; rankings (names masked for residents),
// figures and the ledger as .xlsx.
#include <gtest/gtest.h>

#include <atomic>
#include <random>
#include <thread>

#include "core/deeds.h"
#include "core/storage/database.h"
#include "integration/harness.h"
#include "integration/xlsx_reader.h"
#include "points/service.h"

namespace wangge::testing {
namespace {

namespace json = boost::json;

constexpr const char* kPointsTown = "440404104";
constexpr const char* kPointsCommunity = "440404104001";
constexpr const char* kPointsGrid = "440404104001001";

class PointsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    tokens_["admin"] = server_->login("admin", kAdminPassword);
    for (const char* u : {"gridworker", "gridchief", "leader", "resident", "partymember", "volunteer", "shopclerk",
                          "dispatcher", "handler"})
      tokens_[u] = server_->login(u);
    std::tie(lng_, lat_) = server_->point_in_grid(kPointsGrid);
    manual_resident_ = rule("resident", "manual", "参加社区活动", 100);
    manual_household_ = rule("household", "manual", "文明家庭", 20, 500);
    manual_member_ = rule("party_member", "manual", "党员先锋岗", 50);
  }
  static void TearDownTestSuite() { delete server_; }
  static std::int64_t rule(const std::string& type, const std::string& deed, const std::string& name,
                           std::int64_t points, std::optional<std::int64_t> cap_day = std::nullopt,
                           const std::string& region = kPointsTown) {
    json::object b{{"region_code", region}, {"earner_type", type}, {"deed", deed},
                   {"name", name},          {"points", points},    {"valid_from", "2020-01-01"}};
    if (cap_day) b["cap_day"] = *cap_day;
    auto r = post("leader", "/api/v1/point-rules", b);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json().at("id").as_int64() : 0;
  }
  static HttpResponse post(const std::string& who, const std::string& path, const json::object& body,
                           const std::string& key = "") {
    auto c = server_->client();
    std::vector<std::pair<std::string, std::string>> hdr{{"Content-Type", "application/json"},
                                                         {"Authorization", "Bearer " + tokens_[who]}};
    if (!key.empty()) hdr.emplace_back("Idempotency-Key", key);
    return c.request("POST", path, json::serialize(body), hdr);
  }
  static HttpResponse get(const std::string& who, const std::string& path) {
    auto c = server_->client();
    return c.get(path, tokens_[who]);
  }
  static std::int64_t scalar(const std::string& sql, const std::vector<storage::Value>& p = {}) {
    return server_->app().db().read_value<std::int64_t>([&](storage::Tx& tx) { return tx.exec(sql, p).one().i64(0); });
  }
  static std::int64_t household(const std::string& room) {
    auto r = post(
        "gridworker", "/api/v1/households",
        {{"region_code", kPointsGrid}, {"address", "平沙镇积分路 1 号"}, {"room", room}, {"housing_type", "owned"}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().at("id").as_int64();
  }
  static std::int64_t person(std::int64_t household_id, const std::string& name, int n) {
    char digits[32];
    std::snprintf(digits, sizeof digits, "44040419900101%03d", n);
    auto r =
        post("gridworker", "/api/v1/persons",
             {{"name", name}, {"id_number", valid_id(digits)}, {"household_id", household_id}, {"relation", "other"}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().at("id").as_int64();
  }
  static std::int64_t holder_of(const std::string& kind, std::int64_t ref) {
    return scalar("SELECT id FROM point_holders WHERE kind = ? AND ref_id = ?", {kind, ref});
  }
  static std::int64_t balance(std::int64_t holder) {
    return get("gridchief", "/api/v1/point-holders/" + std::to_string(holder)).json().at("balance").as_int64();
  }
  static void expect_ledger_adds_up() {
    auto check = get("gridchief", std::string("/api/v1/points/check?region=") + kPointsCommunity);
    ASSERT_EQ(check.status, 200) << check.body;
    EXPECT_TRUE(check.json().at("mismatches").as_array().empty()) << check.body;
    EXPECT_TRUE(check.json().at("stock_mismatches").as_array().empty()) << check.body;
    // Every balance is its ledger's sum, and none is negative.
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM point_balances b WHERE b.balance <> (SELECT COALESCE(SUM(points), 0) "
                     "FROM point_entries e WHERE e.holder_id = b.holder_id)"),
              0);
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM point_balances WHERE balance < 0"), 0);
    EXPECT_EQ(scalar("SELECT COUNT(*) FROM point_rewards WHERE stock < 0 OR stock <> stock_added - (SELECT COUNT(*) "
                     "FROM point_redemptions d WHERE d.reward_id = point_rewards.id AND d.status <> 'cancelled')"),
              0);
  }

  static TestServer* server_;
  static std::map<std::string, std::string> tokens_;
  static double lng_, lat_;
  static std::int64_t manual_resident_, manual_household_, manual_member_;
};
TestServer* PointsTest::server_ = nullptr;
std::map<std::string, std::string> PointsTest::tokens_;
double PointsTest::lng_ = 0, PointsTest::lat_ = 0;
std::int64_t PointsTest::manual_resident_ = 0, PointsTest::manual_household_ = 0, PointsTest::manual_member_ = 0;

TEST_F(PointsTest, DeedsAreCountedOnceWhateverIsRetried) {
  // 003: grid workers earn by their own lines, capped per day.
  rule("grid_worker", "self_handled", "自行处置", 3, 6);
  rule("grid_worker", "visit_done", "入户走访", 2);
  rule("resident", "report_closed", "有效上报并办结", 5);
  // Three reports handled on the spot: 3 + 3, then the day's cap.
  for (int i = 0; i < 3; ++i) {
    auto r = post("gridworker", "/api/v1/events",
                  {{"category", "0301"},
                   {"description", "楼道杂物，已现场清理"},
                   {"lat", lat_},
                   {"lng", lng_},
                   {"source", "patrol"},
                   {"self_handled", true},
                   {"result", "已清理"}});
    ASSERT_EQ(r.status, 201) << r.body;
  }
  // An account with no place (the administrator) holds no points: its deed is done all the same.
  auto by_admin = post("admin", "/api/v1/events",
                       {{"category", "0301"},
                        {"description", "管理员现场处置"},
                        {"grid_code", kPointsGrid},
                        {"address", "立新路"},
                        {"source", "patrol"},
                        {"self_handled", true},
                        {"result", "已清理"}});
  EXPECT_EQ(by_admin.status, 201) << by_admin.body;
  auto me = get("gridworker", "/api/v1/points/me").json();
  EXPECT_EQ(me.at("earner_type"), "grid_worker");
  EXPECT_EQ(me.at("balance"), 6);
  auto entries =
      get("gridworker", "/api/v1/point-holders/" + std::to_string(me.at("id").as_int64()) + "/entries").json();
  EXPECT_EQ(entries.at("items").as_array().size(), 3u);  // the capped deed is on record, for 0
  EXPECT_EQ(entries.at("items").at(0).at("points"), 0);
  EXPECT_NE(str(entries.at("items").at(0).at("reason")).find("capped"), std::string::npos);
  // A visit sent twice under its key: one visit, one deed.
  std::int64_t h = household("1-1");
  json::object visit{{"household_id", h}, {"findings", "老人独居，身体尚可"}};
  ASSERT_EQ(post("gridworker", "/api/v1/visits", visit, "points-visit-1").status, 201);
  ASSERT_EQ(post("gridworker", "/api/v1/visits", visit, "points-visit-1").status, 201);
  EXPECT_EQ(get("gridworker", "/api/v1/points/me").json().at("balance"), 8);
  // A resident's report, through to closed: 5 points, once.
  auto rep = post("resident", "/api/v1/events",
                  {{"category", "0301"}, {"description", "垃圾满溢"}, {"lat", lat_}, {"lng", lng_}});
  ASSERT_EQ(rep.status, 201) << rep.body;
  std::int64_t id = rep.json().at("id").as_int64();
  std::int64_t urban = 0;
  auto departments = get("dispatcher", "/api/v1/departments?region=440404104001").json();
  for (const auto& d : departments.at("items").as_array())
    if (d.at("kind") == "urban_management") urban = d.at("id").as_int64();
  auto act = [&](const std::string& who, const std::string& action, json::object body = {}) {
    body["version"] = get("admin", "/api/v1/events/" + std::to_string(id)).json().at("version");
    auto r = post(who, "/api/v1/events/" + std::to_string(id) + "/" + action, body);
    EXPECT_EQ(r.status, 200) << action << " " << r.body;
  };
  act("dispatcher", "accept");
  act("dispatcher", "dispatch", {{"department_id", urban}});
  act("handler", "sign");
  act("handler", "report-result", {{"comment", "已清运"}});
  EXPECT_EQ(get("resident", "/api/v1/points/me").json().at("balance"), 0);  // not closed yet
  act("gridworker", "pass", {{"comment", "已核查"}});
  EXPECT_EQ(get("resident", "/api/v1/points/me").json().at("balance"), 5);
  // The deed reported again (a re-run batch, a replay): nothing more.
  std::int64_t resident_id = get("resident", "/api/v1/auth/me").json().at("id").as_int64();
  for (int i = 0; i < 3; ++i)
    server_->app().db().write([&](storage::Tx& tx) {
      deeds::Deed d;
      d.kind = deeds::kReportClosed;
      d.ref = "event:" + std::to_string(id);
      d.user_id = resident_id;
      d.region_path = "/44/4404/440404/440404104/440404104001/440404104001001/";
      d.at = storage::now_ms();
      server_->app().points().record(tx, d);
    });
  EXPECT_EQ(get("resident", "/api/v1/points/me").json().at("balance"), 5);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM point_entries WHERE deed_ref = ?", {"event:" + std::to_string(id)}), 1);
  expect_ledger_adds_up();
}

TEST_F(PointsTest, ParallelAwardsStopExactlyAtTheDailyCap) {
  std::int64_t h = household("2-2");
  std::atomic<int> ok{0}, refused{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 13; ++i) {
        auto r =
            post("gridworker", "/api/v1/point-awards",
                 {{"holder_kind", "household"}, {"ref_id", h}, {"rule_id", manual_household_}, {"note", "文明家庭"}});
        (r.status == 201 ? ok : r.status == 409 ? refused : other)++;
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 25);  // 500 / 20
  EXPECT_EQ(refused.load(), 104 - 25);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(balance(holder_of("household", h)), 500);
  expect_ledger_adds_up();
}

TEST_F(PointsTest, ParallelRedemptionsNeverOversellAndTheLedgerAddsUp) {
  std::int64_t h = household("3-3");
  std::vector<std::int64_t> holders;
  for (int i = 0; i < 10; ++i) {
    std::int64_t p = person(h, "兑换人" + std::to_string(i), 100 + i);
    for (int k = 0; k < 3; ++k)
      ASSERT_EQ(post("gridworker", "/api/v1/point-awards",
                     {{"holder_kind", "person"}, {"ref_id", p}, {"rule_id", manual_resident_}})
                    .status,
                201);
    holders.push_back(holder_of("person", p));
  }
  auto reward = [&](const std::string& name, int price, int stock) {
    auto r = post("shopclerk", "/api/v1/point-rewards",
                  {{"region_code", kPointsCommunity},
                   {"name", name},
                   {"price", price},
                   {"stock", stock},
                   {"supplier_kind", "unit"},
                   {"supplier_name", "平沙镇供销社"}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().at("id").as_int64();
  };
  std::int64_t scarce = reward("电饭煲", 100, 15), plenty = reward("洗衣液", 50, 1000);
  // 200 redemptions at once, on behalf of the ten holders (300 points each).
  std::atomic<int> ok{0}, refused{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      std::mt19937 rng(t);
      for (int i = 0; i < 25; ++i) {
        std::int64_t holder = holders[rng() % holders.size()];
        std::int64_t what = rng() % 2 ? scarce : plenty;
        auto r = post("shopclerk", "/api/v1/point-redemptions", {{"reward_id", what}, {"holder_id", holder}});
        (r.status == 201 ? ok : r.status == 409 ? refused : other)++;
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(ok.load() + refused.load(), 200);
  EXPECT_GT(refused.load(), 0);  // 3,000 points cannot buy 200 rewards of 50 or 100
  std::int64_t spent = scalar("SELECT COALESCE(SUM(points), 0) FROM point_redemptions WHERE status = 'issued'");
  std::int64_t left = 0;
  for (auto holder : holders) {
    auto b = balance(holder);
    EXPECT_GE(b, 0);
    left += b;
  }
  EXPECT_EQ(left + spent, 3000);
  EXPECT_EQ(scalar("SELECT stock FROM point_rewards WHERE id = ?", {scarce}),
            15 - scalar("SELECT COUNT(*) FROM point_redemptions WHERE reward_id = ?", {scarce}));
  EXPECT_GE(scalar("SELECT stock FROM point_rewards WHERE id = ?", {scarce}), 0);
  expect_ledger_adds_up();
  // The last unit, wanted twice at once: one success, one clear refusal.
  std::int64_t last = reward("最后一件", 10, 1);
  std::vector<int> statuses(2);
  std::vector<std::string> bodies(2);
  std::thread a([&] {
    auto r = post("shopclerk", "/api/v1/point-redemptions", {{"reward_id", last}, {"holder_id", holders[0]}});
    statuses[0] = r.status;
    bodies[0] = r.body;
  });
  std::thread b([&] {
    auto r = post("shopclerk", "/api/v1/point-redemptions", {{"reward_id", last}, {"holder_id", holders[1]}});
    statuses[1] = r.status;
    bodies[1] = r.body;
  });
  a.join();
  b.join();
  std::sort(statuses.begin(), statuses.end());
  // Both may have had the points; if one had none left, its refusal is about points instead.
  EXPECT_EQ(statuses[1], 409);
  EXPECT_TRUE(statuses[0] == 201 || statuses[0] == 409);
  EXPECT_EQ(scalar("SELECT stock FROM point_rewards WHERE id = ?", {last}), statuses[0] == 201 ? 0 : 1);
  expect_ledger_adds_up();
}

TEST_F(PointsTest, ARedemptionIsVerifiedOnceAndCancelledOnlyBefore) {
  std::int64_t me = get("partymember", "/api/v1/auth/me").json().at("id").as_int64();
  // The party member's account belongs to the community: the grid worker's grid does not reach it.
  EXPECT_EQ(
      post("gridworker", "/api/v1/point-awards", {{"holder_kind", "user"}, {"ref_id", me}, {"rule_id", manual_member_}})
          .status,
      403);
  ASSERT_EQ(
      post("gridchief", "/api/v1/point-awards", {{"holder_kind", "user"}, {"ref_id", me}, {"rule_id", manual_member_}})
          .status,
      201);
  auto reward = post("gridchief", "/api/v1/point-rewards",
                     {{"region_code", kPointsCommunity},
                      {"name", "毛巾"},
                      {"price", 20},
                      {"stock", 5},
                      {"supplier_kind", "community"},
                      {"supplier_name", "立新社区"}});
  ASSERT_EQ(reward.status, 201) << reward.body;
  std::int64_t rid = reward.json().at("id").as_int64();
  // More than the balance: refused, nothing taken.
  auto dear = post("gridchief", "/api/v1/point-rewards",
                   {{"region_code", kPointsCommunity},
                    {"name", "自行车"},
                    {"price", 5000},
                    {"stock", 1},
                    {"supplier_kind", "unit"},
                    {"supplier_name", "共建单位"}});
  auto no = post("partymember", "/api/v1/point-redemptions", {{"reward_id", dear.json().at("id").as_int64()}});
  EXPECT_EQ(no.status, 409);
  EXPECT_NE(no.body.find("积分不足"), std::string::npos);
  EXPECT_EQ(get("partymember", "/api/v1/points/me").json().at("balance"), 50);
  auto d = post("partymember", "/api/v1/point-redemptions", {{"reward_id", rid}}, "redeem-once");
  ASSERT_EQ(d.status, 201) << d.body;
  auto again = post("partymember", "/api/v1/point-redemptions", {{"reward_id", rid}}, "redeem-once");
  EXPECT_EQ(again.body, d.body);  // a retry answers the same redemption
  EXPECT_EQ(get("partymember", "/api/v1/points/me").json().at("balance"), 30);
  std::string code = str(d.json().at("code"));
  ASSERT_EQ(code.size(), 10u);
  // Lists of the shop never show codes; mine do.
  auto shop = get("shopclerk", "/api/v1/point-redemptions?view=shop").json();
  EXPECT_TRUE(shop.at("items").at(0).at("code").is_null());
  EXPECT_EQ(str(get("partymember", "/api/v1/point-redemptions").json().at("items").at(0).at("code")), code);
  EXPECT_EQ(get("partymember", "/api/v1/point-redemptions?view=shop").status, 403);
  // Verified once.
  EXPECT_EQ(post("partymember", "/api/v1/point-redemptions/verify", {{"code", code}}).status, 403);
  auto v = post("shopclerk", "/api/v1/point-redemptions/verify", {{"code", code}});
  ASSERT_EQ(v.status, 200) << v.body;
  EXPECT_EQ(v.json().at("status"), "verified");
  auto v2 = post("shopclerk", "/api/v1/point-redemptions/verify", {{"code", code}});
  EXPECT_EQ(v2.status, 409);
  EXPECT_NE(v2.body.find("已核销"), std::string::npos);
  EXPECT_EQ(post("shopclerk", "/api/v1/point-redemptions/verify", {{"code", "0000000000"}}).status, 404);
  EXPECT_EQ(post("shopclerk", "/api/v1/point-redemptions/verify", {{"code", "12345"}}).status, 422);
  std::int64_t did = d.json().at("id").as_int64();
  EXPECT_EQ(post("partymember", "/api/v1/point-redemptions/" + std::to_string(did) + "/cancel", {}).status, 409);
  // Another, cancelled by its redeemer before it is handed over: points and stock come back.
  auto d3 = post("partymember", "/api/v1/point-redemptions", {{"reward_id", rid}});
  ASSERT_EQ(d3.status, 201);
  EXPECT_EQ(
      post("resident", "/api/v1/point-redemptions/" + std::to_string(d3.json().at("id").as_int64()) + "/cancel", {})
          .status,
      404);
  auto c = post("partymember", "/api/v1/point-redemptions/" + std::to_string(d3.json().at("id").as_int64()) + "/cancel",
                {{"reason", "不需要了"}});
  ASSERT_EQ(c.status, 200) << c.body;
  EXPECT_EQ(get("partymember", "/api/v1/points/me").json().at("balance"), 30);
  EXPECT_EQ(scalar("SELECT stock FROM point_rewards WHERE id = ?", {rid}), 4);
  expect_ledger_adds_up();
}

TEST_F(PointsTest, BadInputIsRefusedAndChangesNothing) {
  std::int64_t h = household("4-4");
  std::int64_t p = person(h, "坏输入", 400);
  ASSERT_EQ(post("gridworker", "/api/v1/point-awards",
                 {{"holder_kind", "person"}, {"ref_id", p}, {"rule_id", manual_resident_}})
                .status,
            201);
  std::int64_t holder = holder_of("person", p);
  std::int64_t entries = scalar("SELECT COUNT(*) FROM point_entries");
  std::int64_t rules = scalar("SELECT COUNT(*) FROM point_rules");
  auto correction = [&](json::value points, const std::string& reason = "核对台账") {
    return post("gridchief", "/api/v1/point-corrections",
                {{"holder_id", holder}, {"points", points}, {"reason", reason}});
  };
  EXPECT_EQ(correction(0).status, 422);
  EXPECT_EQ(correction(1'000'000'000).status, 422);
  EXPECT_EQ(correction(-5000).status, 409);  // below zero
  EXPECT_EQ(correction(10, "").status, 422);
  EXPECT_EQ(correction("ten").status, 422);
  EXPECT_EQ(
      post("gridworker", "/api/v1/point-corrections", {{"holder_id", holder}, {"points", 5}, {"reason", "x1"}}).status,
      403);
  for (auto bad : std::vector<json::object>{
           {{"region_code", kPointsTown},
            {"earner_type", "resident"},
            {"deed", "manual"},
            {"name", "零分"},
            {"points", 0}},
           {{"region_code", kPointsTown},
            {"earner_type", "resident"},
            {"deed", "manual"},
            {"name", "巨额"},
            {"points", 5000}},
           {{"region_code", kPointsTown}, {"earner_type", "alien"}, {"deed", "manual"}, {"name", "x"}, {"points", 5}},
           {{"region_code", kPointsTown},
            {"earner_type", "resident"},
            {"deed", "flying"},
            {"name", "x"},
            {"points", 5}},
           {{"region_code", kPointsTown},
            {"earner_type", "resident"},
            {"deed", "manual"},
            {"name", "x"},
            {"points", 5},
            {"cap_day", 10},
            {"cap_month", 5}},
           {{"region_code", kPointsTown},
            {"earner_type", "resident"},
            {"deed", "manual"},
            {"name", "x"},
            {"points", 5},
            {"valid_from", "2026-05-01"},
            {"valid_to", "2026-04-01"}}}) {
    auto r = post("leader", "/api/v1/point-rules", bad);
    EXPECT_EQ(r.status, 422) << json::serialize(bad) << " " << r.body;
  }
  EXPECT_EQ(
      post(
          "resident", "/api/v1/point-rules",
          {{"region_code", kPointsTown}, {"earner_type", "resident"}, {"deed", "manual"}, {"name", "x"}, {"points", 5}})
          .status,
      403);
  // A manual award by a line that is not manual, or for another earner type.
  std::int64_t auto_rule = rule("resident", "order_completed", "完成服务工单", 4);
  EXPECT_EQ(
      post("gridworker", "/api/v1/point-awards", {{"holder_kind", "person"}, {"ref_id", p}, {"rule_id", auto_rule}})
          .status,
      422);
  EXPECT_EQ(post("gridworker", "/api/v1/point-awards",
                 {{"holder_kind", "household"}, {"ref_id", h}, {"rule_id", manual_resident_}})
                .status,
            409);
  EXPECT_EQ(post("gridworker", "/api/v1/point-awards",
                 {{"holder_kind", "person"}, {"ref_id", 99999999}, {"rule_id", manual_resident_}})
                .status,
            404);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM point_entries"), entries);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM point_rules"), rules + 1);  // the order_completed line only
  EXPECT_EQ(get("resident", "/api/v1/point-rankings?period=2026-13").status, 400);
  EXPECT_EQ(get("resident", "/api/v1/point-rankings?period=yesterday").status, 400);
  EXPECT_EQ(get("resident", std::string("/api/v1/point-rankings?region=") + kPointsTown + "1").status, 404);
  // Another's ledger is not the resident's to read.
  EXPECT_EQ(get("resident", "/api/v1/point-holders/" + std::to_string(holder) + "/entries").status, 404);
}

TEST_F(PointsTest, RankingsFiguresAndTheLedgerExport) {
  std::int64_t h = household("5-5");
  std::int64_t p1 = person(h, "王大锤", 501), p2 = person(h, "李小花", 502);
  for (int i = 0; i < 2; ++i)
    ASSERT_EQ(post("gridworker", "/api/v1/point-awards",
                   {{"holder_kind", "person"}, {"ref_id", p1}, {"rule_id", manual_resident_}})
                  .status,
              201);
  ASSERT_EQ(post("gridworker", "/api/v1/point-awards",
                 {{"holder_kind", "person"}, {"ref_id", p2}, {"rule_id", manual_resident_}})
                .status,
            201);
  auto staff = get("gridchief", std::string("/api/v1/point-rankings?region=") + kPointsGrid + "&limit=100");
  ASSERT_EQ(staff.status, 200) << staff.body;
  std::int64_t rank1 = 0, rank2 = 0;
  auto staff_items = staff.json();
  for (const auto& it : staff_items.at("items").as_array()) {
    if (it.at("holder_id").as_int64() == holder_of("person", p1)) rank1 = it.at("rank").as_int64();
    if (it.at("holder_id").as_int64() == holder_of("person", p2)) rank2 = it.at("rank").as_int64();
    if (it.at("holder_id").as_int64() == holder_of("person", p1)) {
      EXPECT_EQ(it.at("name"), "王大锤");
    }
  }
  EXPECT_GT(rank1, 0);
  EXPECT_LT(rank1, rank2);
  auto pub = get("resident", std::string("/api/v1/point-rankings?region=") + kPointsGrid + "&limit=100").json();
  for (const auto& it : pub.at("items").as_array())
    if (it.at("holder_id").as_int64() == holder_of("person", p1)) {
      EXPECT_EQ(it.at("name"), "王**");
    }
  EXPECT_EQ(get("resident", std::string("/api/v1/point-rankings?region=") + kPointsGrid + "&period=all").status, 200);
  // Figures where the deeds were done, and the ledger as .xlsx.
  auto stats = get("leader", std::string("/api/v1/point-stats?region=") + kPointsTown);
  ASSERT_EQ(stats.status, 200) << stats.body;
  EXPECT_GE(stats.json().at("earned").as_int64(), 300);
  bool manual = false;
  auto figures = stats.json();
  for (const auto& d : figures.at("by_deed").as_array()) manual |= d.at("deed") == "manual";
  EXPECT_TRUE(manual);
  EXPECT_EQ(get("resident", std::string("/api/v1/point-stats?region=") + kPointsTown).status, 403);
  auto c = server_->client();
  auto x = c.get(std::string("/api/v1/exports/points?region=") + kPointsCommunity, tokens_["gridchief"]);
  ASSERT_EQ(x.status, 200) << x.body;
  auto holders_sheet = sheet_rows(x.body, 2);
  bool found = false;
  for (const auto& row : holders_sheet) found |= row.size() > 2 && row.at(2) == "王大锤";
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace wangge::testing
