// The service desk's window cases, the "办不成事" window, micro-wishes, its figures and
// ledgers through HTTP on both backends: a case for an item with its materials checked (a
// missing required one refused, nothing stored), 帮代办 with its carrier, a business with its
// credit code; a hard case whose coordinator whistles two departments that report in from
// their own queue, then closes it with the solution (its event closes too); a wish from
// collection to confirmation, two members racing for it (one wins, one 409), a claim that
// runs out returning to the wall; who sees what; the figures and the ledgers.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "core/storage/database.h"
#include "integration/harness.h"
#include "integration/xlsx_reader.h"
#include "services/service.h"

namespace wangge::testing {
namespace {

namespace json = boost::json;

constexpr const char* kDeskTown = "440404104";
constexpr const char* kDeskCommunity = "440404104001";
constexpr const char* kDeskGrid = "440404104001001";

class ServiceCasesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    tokens_["admin"] = server_->login("admin", kAdminPassword);
    for (const char* u : {"gridworker", "gridchief", "leader", "dispatcher", "handler", "resident", "partymember",
                          "volunteer", "windowclerk"})
      tokens_[u] = server_->login(u);
    auto deps = get("dispatcher", "/api/v1/departments?region=440404104001").json();
    for (const auto& d : deps.at("items").as_array()) {
      if (d.at("kind") == "urban_management") urban_ = d.at("id").as_int64();
      if (d.at("kind") == "justice") justice_ = d.at("id").as_int64();
    }
    // A town item with two required materials and one optional, handled on behalf.
    auto r = post("admin", "/api/v1/service-items",
                  {{"region_code", kDeskTown},
                   {"level", "town"},
                   {"kind", "duty"},
                   {"name", "居住证办理"},
                   {"materials", json::array{json::object{{"name", "身份证"}}, json::object{{"name", "租房合同"}},
                                             json::object{{"name", "照片"}, {"required", false}}}},
                   {"time_limit_days", 5},
                   {"on_behalf", true},
                   {"window_name", "综合窗口 1 号"}});
    EXPECT_EQ(r.status, 201) << r.body;
    item_ = r.json().at("id").as_int64();
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
  static std::int64_t count(const std::string& table) {
    return server_->app().db().read_value<std::int64_t>(
        [&](storage::Tx& tx) { return tx.exec("SELECT COUNT(*) FROM " + table).one().i64(0); });
  }
  static HttpResponse step(const std::string& who, const std::string& kind, std::int64_t id, const std::string& action,
                           json::object body = {}) {
    if (!body.contains("version")) {
      auto r = get(kind == "wishes" ? "admin" : "admin", "/api/v1/" + kind + "/" + std::to_string(id));
      body["version"] = r.json().at("version");
    }
    return post(who, "/api/v1/" + kind + "/" + std::to_string(id) + "/" + action, body);
  }
  static json::object case_body() {
    return {{"region_code", kDeskTown},
            {"item_id", item_},
            {"mode", "deadline"},
            {"applicant_name", "王小明"},
            {"id_number", "11010519491231002X"},
            {"phone", "13800138000"},
            {"materials", json::array{"身份证", "租房合同"}}};
  }
  static std::int64_t png(const std::string& who, std::string* hash) {
    auto c = server_->client();
    auto r = c.request("POST", "/api/v1/attachments", make_png(3),
                       {{"Content-Type", "image/png"}, {"Authorization", "Bearer " + tokens_[who]}});
    EXPECT_EQ(r.status, 201) << r.body;
    *hash = str(r.json().at("hash"));
    return r.status;
  }
  static TestServer* server_;
  static std::map<std::string, std::string> tokens_;
  static std::int64_t item_, urban_, justice_;
};
TestServer* ServiceCasesTest::server_ = nullptr;
std::map<std::string, std::string> ServiceCasesTest::tokens_;
std::int64_t ServiceCasesTest::item_ = 0, ServiceCasesTest::urban_ = 0, ServiceCasesTest::justice_ = 0;

TEST_F(ServiceCasesTest, AWindowCaseChecksItsMaterialsAndRunsToItsRating) {
  // A required material missing, an ID number with a wrong check digit, a business without a
  // valid credit code, 帮代办 without its carrier, an item of another window: 422, nothing kept.
  std::int64_t before = count("service_cases");
  auto missing = case_body();
  missing["materials"] = json::array{"身份证"};
  auto r = post("windowclerk", "/api/v1/service-cases", missing);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_NE(r.body.find("租房合同"), std::string::npos) << r.body;
  auto bad_id = case_body();
  bad_id["id_number"] = "110105194912310021";
  EXPECT_EQ(post("windowclerk", "/api/v1/service-cases", bad_id).status, 422);
  auto business = case_body();
  business["applicant_kind"] = "business";
  business["credit_code"] = "91350100M000100Y4";
  EXPECT_EQ(post("windowclerk", "/api/v1/service-cases", business).status, 422);
  auto no_carrier = case_body();
  no_carrier["mode"] = "on_behalf";
  EXPECT_EQ(post("windowclerk", "/api/v1/service-cases", no_carrier).status, 422);
  auto community = case_body();
  community["region_code"] = kDeskCommunity;  // the town's item is not on the community window
  EXPECT_EQ(post("gridchief", "/api/v1/service-cases", community).status, 422);
  EXPECT_EQ(post("resident", "/api/v1/service-cases", case_body()).status, 403);
  EXPECT_EQ(count("service_cases"), before);

  // Accepted with the item's deadline; ID number and phone sealed and masked.
  r = post("windowclerk", "/api/v1/service-cases", case_body());
  ASSERT_EQ(r.status, 201) << r.body;
  auto c = r.json().as_object();
  std::int64_t id = c.at("id").as_int64();
  EXPECT_EQ(c.at("status"), "accepted");
  EXPECT_EQ(c.at("id_number"), "110105********002X");
  EXPECT_EQ(c.at("phone"), "138****8000");
  EXPECT_EQ(c.at("sla"), "ok");
  EXPECT_EQ(c.at("item_name"), "居住证办理");
  std::string stored = server_->app().db().read_value<std::string>(
      [&](storage::Tx& tx) { return tx.exec("SELECT id_masked FROM service_cases WHERE id = ?", {id}).one().str(0); });
  EXPECT_EQ(stored, "110105********002X");
  bool sealed = server_->app().db().read_value<bool>([&](storage::Tx& tx) {
    auto row = tx.exec("SELECT id_sealed FROM service_cases WHERE id = ?", {id}).one();
    return row.str(0).find("11010519491231002X") == std::string::npos;
  });
  EXPECT_TRUE(sealed);
  // Done with the outcome (needed), then the applicant's rating, once, 1-5.
  EXPECT_EQ(step("windowclerk", "service-cases", id, "complete").status, 422);
  r = step("windowclerk", "service-cases", id, "complete", {{"comment", "已制证，通知领取"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("status"), "done");
  EXPECT_EQ(step("windowclerk", "service-cases", id, "rate", {{"rating", 6}}).status, 422);
  EXPECT_EQ(step("windowclerk", "service-cases", id, "rate", {{"rating", 5}}).status, 200);
  EXPECT_EQ(step("windowclerk", "service-cases", id, "rate", {{"rating", 4}}).status, 409);
  EXPECT_EQ(step("windowclerk", "service-cases", id, "refuse", {{"comment", "x"}}).status, 409);

  // At once: done on the spot. 帮代办 with its carrier. A business with its credit code.
  auto at_once = case_body();
  at_once["mode"] = "at_once";
  r = post("windowclerk", "/api/v1/service-cases", at_once);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json().at("status"), "done");
  auto behalf = case_body();
  behalf["mode"] = "on_behalf";
  behalf["carrier"] = "社区网格员李四";
  r = post("windowclerk", "/api/v1/service-cases", behalf);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json().at("carrier"), "社区网格员李四");
  business["credit_code"] = "91350100M000100Y43";
  business["applicant_name"] = "平沙镇某某餐饮有限公司";
  r = post("windowclerk", "/api/v1/service-cases", business);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json().at("credit_code"), "91350100M000100Y43");

  // Who reads the window's cases: its staff and the town's overseers; not a grid's worker.
  EXPECT_EQ(get("leader", "/api/v1/service-cases/" + std::to_string(id)).status, 200);
  EXPECT_EQ(get("gridworker", "/api/v1/service-cases/" + std::to_string(id)).status, 404);
  EXPECT_EQ(get("gridchief", "/api/v1/service-cases/" + std::to_string(id)).status, 404);  // the town's window
  auto list = get("windowclerk", "/api/v1/service-cases?desk=window").json();
  EXPECT_GE(list.at("items").as_array().size(), 4u);
  // Reads of cases are audited (they carry masked ID numbers).
  EXPECT_GE(count("audit_log WHERE action = 'services:case:read'"), 1);
}

TEST_F(ServiceCasesTest, AHardCaseWhistlesTwoDepartmentsAndClosesWithTheSolution) {
  json::object body{{"region_code", kDeskTown},
                    {"desk", "hard"},
                    {"applicant_name", "陈阿姨"},
                    {"phone", "13900139000"},
                    {"summary", "小区加装电梯，住建、街道都说不归自己管，跑了三次没办成"},
                    {"grid_code", kDeskGrid},
                    {"address", "立新路 12 号"}};
  auto no_coord = body;  // the clerk cannot coordinate: name a coordinator who can
  EXPECT_EQ(post("windowclerk", "/api/v1/service-cases", no_coord).status, 422);
  auto users = get("admin", "/api/v1/users?q=dispatcher").json();
  std::int64_t dispatcher_id = 0;
  for (const auto& u : users.at("items").as_array())
    if (u.at("username") == "dispatcher") dispatcher_id = u.at("id").as_int64();
  ASSERT_NE(dispatcher_id, 0);
  // The clerk finds who may coordinate at the window.
  auto coordinators = get("windowclerk", std::string("/api/v1/service-cases/coordinators?region=") + kDeskTown);
  ASSERT_EQ(coordinators.status, 200) << coordinators.body;
  bool listed_coordinator = false;
  const auto coordinator_list = coordinators.json();
  for (const auto& u : coordinator_list.as_array())
    listed_coordinator = listed_coordinator || u.at("id").as_int64() == dispatcher_id;
  EXPECT_TRUE(listed_coordinator) << coordinators.body;
  EXPECT_EQ(get("gridworker", std::string("/api/v1/service-cases/coordinators?region=") + kDeskTown).status, 403);
  body["coordinator_id"] = dispatcher_id;
  auto r = post("windowclerk", "/api/v1/service-cases", body);
  ASSERT_EQ(r.status, 201) << r.body;
  std::int64_t id = r.json().at("id").as_int64();
  EXPECT_EQ(r.json().at("status"), "coordinating");
  EXPECT_EQ(r.json().at("mode"), "coordinated");
  // Solving before any department was brought in is refused; only the coordinator whistles.
  EXPECT_EQ(step("dispatcher", "service-cases", id, "solve", {{"comment", "x"}}).status, 409);
  EXPECT_EQ(step("windowclerk", "service-cases", id, "summon",
                 {{"comment", "x"}, {"department_ids", json::array{urban_}}, {"category_code", "0301"}})
                .status,
            403);
  EXPECT_EQ(step("dispatcher", "service-cases", id, "summon",
                 {{"comment", "协调加装电梯"}, {"department_ids", json::array{urban_, justice_}}})
                .status,
            422);  // the first whistle needs the event's category
  r = step("dispatcher", "service-cases", id, "summon",
           {{"comment", "协调加装电梯"},
            {"department_ids", json::array{urban_, justice_}},
            {"category_code", "0301"},
            {"report_hours", 4}});
  ASSERT_EQ(r.status, 200) << r.body;
  std::int64_t event_id = r.json().at("event_id").as_int64();
  auto detail = get("dispatcher", "/api/v1/service-cases/" + std::to_string(id)).json();
  EXPECT_EQ(detail.at("whistles").as_array().size(), 2u);
  // The departments see it in their own queue and report in there.
  auto queue = get("handler", "/api/v1/events?mine=whistled").json();
  bool listed = false;
  for (const auto& e : queue.at("items").as_array()) listed = listed || e.at("id").as_int64() == event_id;
  EXPECT_TRUE(listed);
  for (int i = 0; i < 2; ++i) {
    auto ev = get("handler", "/api/v1/events/" + std::to_string(event_id)).json();
    r = post("handler", "/api/v1/events/" + std::to_string(event_id) + "/report-in",
             {{"version", ev.at("version")}, {"comment", i == 0 ? "城管：可协调管线迁改" : "司法所：组织业主协商"}});
    ASSERT_EQ(r.status, 200) << r.body;
  }
  detail = get("dispatcher", "/api/v1/service-cases/" + std::to_string(id)).json();
  int reported = 0;
  for (const auto& w : detail.at("whistles").as_array()) reported += w.at("reported_at").is_null() ? 0 : 1;
  EXPECT_EQ(reported, 2);
  // The solution closes the case and its event.
  r = step("dispatcher", "service-cases", id, "solve", {{"comment", "三方协商一致，下月开工"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("status"), "solved");
  EXPECT_EQ(get("admin", "/api/v1/events/" + std::to_string(event_id)).json().at("status"), "closed");
  EXPECT_EQ(step("windowclerk", "service-cases", id, "rate", {{"rating", 5}}).status, 200);
  // An event not from the window cannot be concluded that way.
  auto lng_lat = server_->point_in_grid(kDeskGrid);
  r = post("resident", "/api/v1/events",
           {{"category", "0301"}, {"description", "路灯不亮"}, {"lat", lng_lat.second}, {"lng", lng_lat.first}});
  ASSERT_EQ(r.status, 201) << r.body;
  std::int64_t other = r.json().at("id").as_int64();
  auto ev = get("admin", "/api/v1/events/" + std::to_string(other)).json();
  r = post("dispatcher", "/api/v1/events/" + std::to_string(other) + "/accept", {{"version", ev.at("version")}});
  ASSERT_EQ(r.status, 200) << r.body;
  r = post("dispatcher", "/api/v1/events/" + std::to_string(other) + "/conclude",
           {{"version", r.json().at("version")}, {"comment", "x"}});
  EXPECT_EQ(r.status, 409) << r.body;
}

TEST_F(ServiceCasesTest, AWishFromCollectionToConfirmationAndTwoMembersRacing) {
  // Collected by the grid worker on a visit (residents cannot claim a collecting channel).
  EXPECT_EQ(post("resident", "/api/v1/wishes",
                 {{"region_code", kDeskGrid}, {"title", "x"}, {"channel", "visit"}, {"wisher_name", "y"}})
                .status,
            403);
  auto r = post("gridworker", "/api/v1/wishes",
                {{"region_code", kDeskGrid},
                 {"title", "想要一台助听器"},
                 {"detail", "独居老人，听力下降"},
                 {"channel", "visit"},
                 {"wisher_name", "张桂兰"},
                 {"phone", "13700137000"}});
  ASSERT_EQ(r.status, 201) << r.body;
  std::int64_t id = r.json().at("id").as_int64();
  EXPECT_EQ(r.json().at("status"), "submitted");
  // Not on the wall before review; the grid chief publishes it to the community.
  EXPECT_EQ(get("partymember", "/api/v1/wishes/" + std::to_string(id)).status, 404);
  EXPECT_EQ(step("partymember", "wishes", id, "publish").status, 403);
  r = step("gridchief", "wishes", id, "publish");
  ASSERT_EQ(r.status, 200) << r.body;
  // On the wall the wisher is masked and the phone gone; whole for staff.
  auto wall = get("partymember", "/api/v1/wishes?view=wall").json();
  bool seen = false;
  for (const auto& w : wall.at("items").as_array()) {
    if (w.at("id").as_int64() != id) continue;
    seen = true;
    EXPECT_EQ(w.at("wisher_name"), "张**");
    EXPECT_EQ(w.at("phone"), "");
    EXPECT_EQ(w.at("whole"), false);
  }
  EXPECT_TRUE(seen);
  EXPECT_EQ(get("gridchief", "/api/v1/wishes/" + std::to_string(id)).json().at("wisher_name"), "张桂兰");
  // Two claimers at once (the member, and the grid chief recording a unit's claim): one wins.
  std::int64_t v = get("admin", "/api/v1/wishes/" + std::to_string(id)).json().at("version").as_int64();
  std::atomic<int> ok{0}, conflict{0};
  std::thread a([&] {
    auto x = post("partymember", "/api/v1/wishes/" + std::to_string(id) + "/claim", {{"version", v}});
    (x.status == 200 ? ok : conflict) += (x.status == 200 || x.status == 409) ? 1 : 0;
  });
  std::thread b([&] {
    auto x = post("gridchief", "/api/v1/wishes/" + std::to_string(id) + "/claim",
                  {{"version", v}, {"claimer_kind", "unit"}, {"claimer_name", "平沙镇卫生院"}});
    (x.status == 200 ? ok : conflict) += (x.status == 200 || x.status == 409) ? 1 : 0;
  });
  a.join();
  b.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(conflict.load(), 1);
  auto w = get("admin", "/api/v1/wishes/" + std::to_string(id)).json().as_object();
  std::string winner = w.at("claimer_kind") == "member" ? "partymember" : "gridchief";
  // Fulfilled with a photo (needed), confirmed by the one who collected it, not by others.
  EXPECT_EQ(step(winner, "wishes", id, "fulfil", {{"comment", "已送达"}}).status, 422);
  std::string hash;
  png(winner, &hash);
  r = step(winner, "wishes", id, "fulfil", {{"comment", "已送达助听器"}, {"photos", json::array{hash}}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(step("resident", "wishes", id, "confirm").status, 403);  // on her wall, not hers
  r = step("gridworker", "wishes", id, "confirm", {{"comment", "老人已确认收到"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("status"), "confirmed");
  auto detail = get("gridworker", "/api/v1/wishes/" + std::to_string(id)).json();
  EXPECT_EQ(detail.at("timeline").as_array().size(), 5u);  // create publish claim fulfil confirm
  // On the wall, the fulfilment's photo shows too; the wisher stays masked.
  auto walled = get("resident", "/api/v1/wishes/" + std::to_string(id)).json();
  EXPECT_EQ(walled.at("whole"), false);
  EXPECT_EQ(walled.at("wisher_name"), "张**");
  bool photo = false;
  for (const auto& e : walled.at("timeline").as_array()) photo = photo || !e.at("photos").as_array().empty();
  EXPECT_TRUE(photo);
}

TEST_F(ServiceCasesTest, AClaimThatRunsOutReturnsToTheWallOnce) {
  auto r = post("resident", "/api/v1/wishes", {{"region_code", kDeskGrid}, {"title", "希望有人教我用智能手机"}});
  ASSERT_EQ(r.status, 201) << r.body;
  std::int64_t id = r.json().at("id").as_int64();
  ASSERT_EQ(step("gridchief", "wishes", id, "publish").status, 200);
  ASSERT_EQ(step("partymember", "wishes", id, "claim").status, 200);
  auto& svc = server_->app().services();
  std::int64_t later = storage::now_ms() + std::int64_t{svc.claim_days} * 86'400'000 + 1000;
  EXPECT_EQ(svc.lapse_claims(storage::now_ms()), 0u);  // not yet
  EXPECT_GE(svc.lapse_claims(later), 1u);
  EXPECT_EQ(svc.lapse_claims(later), 0u);  // once
  auto w = get("resident", "/api/v1/wishes/" + std::to_string(id)).json();
  EXPECT_EQ(w.at("status"), "published");
  EXPECT_EQ(w.at("claims"), 1);
  EXPECT_EQ(w.at("claimer_name"), "");
  // The resident's own list; the member can claim it again.
  auto mine = get("resident", "/api/v1/wishes").json();
  EXPECT_EQ(mine.at("items").as_array()[0].at("id").as_int64(), id);
  EXPECT_EQ(step("partymember", "wishes", id, "claim").status, 200);
  EXPECT_EQ(step("resident", "wishes", id, "withdraw").status, 409);  // claimed now
}

TEST_F(ServiceCasesTest, FiguresAndLedgers) {
  auto at_once = case_body();
  at_once["mode"] = "at_once";
  ASSERT_EQ(post("windowclerk", "/api/v1/service-cases", at_once).status, 201);
  auto r = get("leader", std::string("/api/v1/service-stats?region=") + kDeskTown);
  ASSERT_EQ(r.status, 200) << r.body;
  auto s = r.json().as_object();
  EXPECT_GE(s.at("items").at("total").as_int64(), 1);
  EXPECT_GE(s.at("cases").at("total").as_int64(), 1);
  EXPECT_GE(s.at("cases").at("by_mode").at("at_once").as_int64(), 1);
  const auto& coverage = s.at("admissions").at("coverage");
  EXPECT_TRUE(coverage.is_null() || coverage.as_double() <= 1.0);
  EXPECT_EQ(get("gridworker", std::string("/api/v1/service-stats?region=") + kDeskTown).status, 403);
  EXPECT_EQ(get("leader", "/api/v1/service-stats?region=440404104&from=2026-12-09&to=2026-12-01").status, 422);
  // The ledger of cases as a workbook: masked ID numbers, a header in Chinese.
  auto c = server_->client();
  auto x = c.request("GET", std::string("/api/v1/exports/service-cases?node=") + kDeskTown, "",
                     {{"Authorization", "Bearer " + tokens_["leader"]}, {"Accept-Language", "zh-CN"}});
  ASSERT_EQ(x.status, 200) << x.body;
  auto rows = sheet_rows(x.body);
  ASSERT_GE(rows.size(), 2u);
  EXPECT_EQ(rows[0][0], "编号");
  EXPECT_EQ(x.body.find("11010519491231002X"), std::string::npos);
  EXPECT_EQ(get("gridworker", "/api/v1/exports/service-cases").status, 403);
  for (const char* ledger : {"items", "orders", "wishes"})
    EXPECT_EQ(get("leader", std::string("/api/v1/exports/service-") + ledger).status, 200) << ledger;
}

}  // namespace
}  // namespace wangge::testing
