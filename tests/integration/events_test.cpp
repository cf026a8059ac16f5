// The events module through HTTP on both backends: the whole closed loop, escalation,
// whistles, extensions, reopening, self-handling, optimistic concurrency, idempotency,
// scope, bad input, deadlines and the calendar.
#include <gtest/gtest.h>

#include <algorithm>

#include <tuple>

#include <fstream>
#include <sstream>

#include "core/calendar.h"
#include "core/storage/database.h"
#include "core/storage/scope.h"
#include "events/rollup.h"
#include "events/service.h"
#include "events/store_list.h"
#include "integration/harness.h"

namespace wangge::testing {
namespace {

namespace json = boost::json;

class EventsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    for (const char* u : {"resident", "dispatcher", "handler", "gridworker", "gridchief", "leader"})
      tokens_[u] = server_->login(u);
    tokens_["admin"] = server_->login("admin", kAdminPassword);
    // A point inside grid 440404104001001 (the gridworker's).
    std::tie(lng_, lat_) = server_->point_in_grid("440404104001001");
    auto c = server_->client();
    auto deps = c.get("/api/v1/departments?region=440404104001", tokens_["dispatcher"]).json();
    for (const auto& d : deps.at("items").as_array()) {
      if (d.at("kind") == "urban_management") urban_ = d.at("id").as_int64();
      if (d.at("kind") == "justice") justice_ = d.at("id").as_int64();
    }
  }
  static void TearDownTestSuite() { delete server_; }

  static json::object report_body(const std::string& category = "0301") {
    return {{"category", category},
            {"description", "楼下垃圾堆放三天无人清理"},
            {"lat", lat_},
            {"lng", lng_},
            {"phone", "13812345678"}};
  }
  static HttpResponse report(const std::string& who, json::object body = report_body()) {
    auto c = server_->client();
    return c.send_json("POST", "/api/v1/events", body, tokens_[who]);
  }
  // POSTs an action with the event's current version.
  static HttpResponse act(const std::string& who, std::int64_t id, const std::string& action, json::object body = {},
                          bool mine = false) {
    auto c = server_->client();
    if (!body.contains("version")) body["version"] = version(id);
    std::string base = mine ? "/api/v1/my/events/" : "/api/v1/events/";
    return c.send_json("POST", base + std::to_string(id) + "/" + action, body, tokens_[who]);
  }
  static json::value get(std::int64_t id, const std::string& who = "admin") {
    auto c = server_->client();
    return c.get("/api/v1/events/" + std::to_string(id), tokens_[who]).json();
  }
  static std::int64_t version(std::int64_t id) { return get(id).at("version").as_int64(); }
  static std::string status(std::int64_t id) { return str(get(id).at("status")); }
  static std::int64_t count_events() {
    return server_->app().db().read_value<std::int64_t>(
        [](storage::Tx& tx) { return tx.exec("SELECT COUNT(*) FROM events").one().i64(0); });
  }

  static TestServer* server_;
  static std::map<std::string, std::string> tokens_;
  static double lng_, lat_;
  static std::int64_t urban_, justice_;
};
TestServer* EventsTest::server_ = nullptr;
std::map<std::string, std::string> EventsTest::tokens_;
double EventsTest::lng_ = 0, EventsTest::lat_ = 0;
std::int64_t EventsTest::urban_ = 0, EventsTest::justice_ = 0;

TEST_F(EventsTest, CalendarAddsWorkingDaysOnTheOfficialHolidays) {
  auto c = server_->client();
  auto r = c.get("/api/v1/calendar/add-working-days?from=2025-09-24&days=3", tokens_["resident"]);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("date"), "2025-09-28");  // the makeup Sunday counts
  r = c.get("/api/v1/calendar/add-working-days?from=2025-09-24&days=6", tokens_["resident"]);
  EXPECT_EQ(r.json().at("date"), "2025-10-09");                      // the National Day week does not
  EXPECT_EQ(r.json().at("days_off_skipped").as_array().size(), 9u);  // Sat 27 + 1-8 October
  EXPECT_EQ(c.get("/api/v1/calendar/add-working-days?from=2025-02-30&days=1", tokens_["resident"]).status, 400);
  EXPECT_EQ(c.get("/api/v1/calendar/add-working-days?from=2025-09-24", tokens_["resident"]).status, 400);
  EXPECT_EQ(c.get("/api/v1/calendar/add-working-days?from=2025-09-24&days=x", tokens_["resident"]).status, 400);
}

TEST_F(EventsTest, CategoriesAreSeededAndEditableByAdminsOnly) {
  auto c = server_->client();
  auto cats = c.get("/api/v1/event-categories", tokens_["resident"]).json().at("items").as_array();
  EXPECT_GE(cats.size(), 40u);
  auto r = c.send_json("PUT", "/api/v1/event-categories/0906",
                       {{"name_zh", "测试小类"}, {"name_en", "Test"}, {"parent_code", "09"}}, tokens_["admin"]);
  ASSERT_EQ(r.status, 201) << r.body;
  r = c.send_json("PUT", "/api/v1/event-categories/0906",
                  {{"name_zh", "测试小类2"}, {"name_en", "Test"}, {"version", 7}}, tokens_["admin"]);
  EXPECT_EQ(r.status, 409) << r.body;
  r = c.send_json("PUT", "/api/v1/event-categories/0906",
                  {{"name_zh", "测试小类2"}, {"name_en", "Test"}, {"version", 1}, {"handle_days", {{"normal", 0}}}},
                  tokens_["admin"]);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(str(r.json().at("field")), "handle_days.normal");
  r = c.send_json("PUT", "/api/v1/event-categories/0906", {{"name_zh", "x"}, {"name_en", "x"}}, tokens_["dispatcher"]);
  EXPECT_EQ(r.status, 403);
}

TEST_F(EventsTest, TheWholeLoopFromReportToRating) {
  ASSERT_GT(urban_, 0);
  auto r = report("resident");
  ASSERT_EQ(r.status, 201) << r.body;
  auto ev = r.json();
  std::int64_t id = ev.at("id").as_int64();
  EXPECT_EQ(ev.at("status"), "reported");
  EXPECT_EQ(ev.at("grid_code"), "440404104001001");
  EXPECT_EQ(ev.at("handling_code"), "440404104001");
  EXPECT_EQ(ev.at("level"), "community");
  EXPECT_EQ(ev.at("contact"), "138****5678");  // masked
  EXPECT_EQ(r.body.find("13812345678"), std::string::npos);
  EXPECT_FALSE(ev.at("due_at").is_null());
  {
    // The tracking code: the id in Crockford base32 (6 characters), then 8 random ones.
    std::string code = str(ev.at("tracking_code"));
    ASSERT_EQ(code.size(), 14u) << code;
    constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    std::int64_t decoded = 0;
    for (char ch : code.substr(0, 6)) {
      ASSERT_NE(kAlphabet.find(ch), std::string_view::npos) << code;
      decoded = decoded * 32 + static_cast<std::int64_t>(kAlphabet.find(ch));
    }
    EXPECT_EQ(decoded, id) << code;
    EXPECT_EQ(code.find_first_not_of(kAlphabet), std::string::npos) << code;
  }

  ASSERT_EQ(act("dispatcher", id, "accept").status, 200);
  r = act("dispatcher", id, "dispatch", {{"department_id", urban_}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("status"), "dispatched");
  EXPECT_FALSE(r.json().at("handle_due_at").is_null());
  // The handler sees it in the department queue, with the actions it may take.
  auto c = server_->client();
  auto queue = c.get("/api/v1/events?mine=department&status=dispatched", tokens_["handler"]).json();
  bool found = false;
  for (const auto& e : queue.at("items").as_array()) found |= e.at("id").as_int64() == id;
  EXPECT_TRUE(found);
  auto detail = get(id, "handler");
  bool can_sign = false;
  for (const auto& a : detail.at("actions").as_array()) can_sign |= a.at("action") == "sign";
  EXPECT_TRUE(can_sign);

  ASSERT_EQ(act("handler", id, "sign").status, 200);
  r = act("handler", id, "report-result", {{"comment", "已清运并消杀"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("status"), "handled");
  r = act("gridworker", id, "pass", {{"comment", "现场核查已清理"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("status"), "closed");
  EXPECT_EQ(r.json().at("solved_level"), "community");
  EXPECT_EQ(r.json().at("on_time"), true);
  EXPECT_EQ(r.json().at("sla"), "none");
  r = act("resident", id, "rate", {{"rating", "satisfied"}, {"comment", "很快"}}, true);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("rating"), "satisfied");
  EXPECT_EQ(act("resident", id, "rate", {{"rating", "satisfied"}}, true).status, 409);  // once
  auto after_rating = get(id, "resident");
  for (const auto& a : after_rating.at("actions").as_array())
    EXPECT_NE(a.at("action"), "rate") << "offered an action that would fail";

  // The timeline holds every step, in order, with its actor (for staff).
  auto tl = get(id, "resident").at("timeline").as_array();
  std::vector<std::string> actions;
  for (const auto& t : tl) actions.push_back(str(t.at("action")));
  EXPECT_EQ(actions,
            (std::vector<std::string>{"report", "accept", "dispatch", "sign", "report-result", "pass", "rate"}));
  EXPECT_EQ(tl[3].at("actor"), "");  // the reporter reads no staff names
  EXPECT_EQ(get(id, "dispatcher").at("timeline").as_array()[3].at("actor"), "handler");
  // The statistics count it.
  auto stats = c.get("/api/v1/events/stats?region=440404104001", tokens_["dispatcher"]).json();
  EXPECT_GE(stats.at("closed").as_int64(), 1);
  EXPECT_GT(stats.at("closure_rate").to_number<double>(), 0.0);
  EXPECT_GT(stats.at("satisfaction_rate").to_number<double>(), 0.0);
}

TEST_F(EventsTest, StaleVersionsIllegalTransitionsAndMissingVersionsChangeNothing) {
  std::int64_t id = report("resident").json().at("id").as_int64();
  auto c = server_->client();
  auto r =
      c.send_json("POST", "/api/v1/events/" + std::to_string(id) + "/accept", {{"version", 99}}, tokens_["dispatcher"]);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.json().at("code"), "stale_version");
  r = c.send_json("POST", "/api/v1/events/" + std::to_string(id) + "/accept", json::object{}, tokens_["dispatcher"]);
  EXPECT_EQ(r.status, 428);
  r = c.request("POST", "/api/v1/events/" + std::to_string(id) + "/accept", "{}",
                {{"Content-Type", "application/json"},
                 {"Authorization", "Bearer " + tokens_["dispatcher"]},
                 {"If-Match", "\"1\""}});
  EXPECT_EQ(r.status, 200) << r.body;
  r = act("dispatcher", id, "accept");
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.json().at("code"), "invalid_transition");
  r = act("dispatcher", id, "reject", {{"comment", ""}});
  EXPECT_EQ(r.status, 409);  // rejecting needs "reported"
  EXPECT_EQ(version(id), 2);
  EXPECT_EQ(status(id), "accepted");
  // Roles without the right: a grid worker cannot dispatch, a resident cannot accept.
  EXPECT_EQ(act("gridworker", id, "dispatch", {{"department_id", urban_}}).status, 403);
  EXPECT_EQ(act("resident", id, "accept").status, 403);
  // The timeline cannot be altered, even from inside.
  EXPECT_THROW(server_->app().db().write([&](storage::Tx& tx) {
    tx.exec("UPDATE event_timeline SET comment = 'x' WHERE event_id = ?", {id});
  }),
               storage::DbError);
}

// The reporter reads public updates (the handling result, the reason a report is not
// accepted, their own words); dispatch notes, returns, whistles and staff names stay with
// the staff, who see which of their comments the reporter reads.
TEST_F(EventsTest, TheReporterReadsPublicUpdatesNotInternalNotes) {
  std::int64_t id = report("resident").json().at("id").as_int64();
  ASSERT_EQ(act("dispatcher", id, "accept", {{"comment", "内部：该楼栋多次投诉，优先处理"}}).status, 200);
  ASSERT_EQ(
      act("dispatcher", id, "dispatch", {{"department_id", urban_}, {"comment", "内部：请联系物业经理王某"}}).status,
      200);
  ASSERT_EQ(act("handler", id, "sign").status, 200);
  ASSERT_EQ(
      act("dispatcher", id, "whistle", {{"department_ids", json::array{justice_}}, {"comment", "内部：协同"}}).status,
      200);
  ASSERT_EQ(act("handler", id, "report-result", {{"comment", "已清运并消杀"}}).status, 200);

  auto find = [](const json::value& detail, const std::string& action) {
    for (const auto& t : detail.at("timeline").as_array())
      if (str(t.at("action")) == action) return t.as_object();
    return json::object{};
  };
  auto mine = get(id, "resident");
  EXPECT_EQ(find(mine, "accept").at("comment"), "");
  EXPECT_EQ(find(mine, "dispatch").at("comment"), "");
  EXPECT_EQ(find(mine, "dispatch").at("actor"), "");  // no staff names
  EXPECT_TRUE(find(mine, "dispatch").at("detail").as_object().empty());
  EXPECT_EQ(find(mine, "report-result").at("comment"), "已清运并消杀");
  EXPECT_EQ(find(mine, "report-result").at("public"), true);
  EXPECT_TRUE(mine.at("whistles").as_array().empty());
  EXPECT_EQ(mine.at("timeline").as_array().size(), get(id, "dispatcher").at("timeline").as_array().size())
      << "every step is shown, only its notes are not";
  EXPECT_NE(find(mine, "report").at("actor"), "");  // the reporter's own entry keeps its name

  EXPECT_FALSE(find(mine, "dispatch").contains("actor_name"));  // nor their display names

  auto staff = get(id, "dispatcher");
  // Staff read people's names, not usernames, and the grid's name beside its code.
  EXPECT_EQ(find(staff, "dispatch").at("actor"), "dispatcher");
  EXPECT_EQ(find(staff, "dispatch").at("actor_name"), "平沙镇调度员");
  EXPECT_EQ(find(staff, "sign").at("actor_name"), "城管执法人员");
  ASSERT_TRUE(staff.at("grid_code").is_string());
  EXPECT_FALSE(str(staff.at("grid_name")).empty());
  bool listed = false;
  auto c = server_->client();
  auto queue = c.get("/api/v1/events?status=handled", tokens_["dispatcher"]).json();
  for (const auto& e : queue.at("items").as_array())
    if (e.at("id").as_int64() == id) listed = (e.at("grid_name") == staff.at("grid_name"));
  EXPECT_TRUE(listed) << "the queue names the grid too";
  EXPECT_EQ(find(staff, "dispatch").at("comment"), "内部：请联系物业经理王某");
  EXPECT_EQ(find(staff, "dispatch").at("public"), false);
  EXPECT_EQ(find(staff, "report-result").at("public"), true);
  EXPECT_FALSE(staff.at("whistles").as_array().empty());
}

// Each event says who is expected to act next; a grid that no account can verify for
// (no grid worker or chief over it) falls back to the configured role (the dispatcher of
// the handling node), instead of stalling unseen.
TEST_F(EventsTest, TheNextActorIsNamedAndAGridWithoutVerifiersFallsBack) {
  auto actions_of = [](const json::value& detail) {
    std::vector<std::string> out;
    for (const auto& a : detail.at("actions").as_array()) out.push_back(str(a.at("action")));
    return out;
  };
  auto has = [](const std::vector<std::string>& v, const char* a) {
    return std::find(v.begin(), v.end(), a) != v.end();
  };
  auto c = server_->client();
  json::object body{{"category", "0301"},
                    {"description", "无网格员的网格"},
                    {"grid_code", "440404104002001"},
                    {"address", "某路 2 号"},
                    {"source", "hotline"}};
  auto r = c.send_json("POST", "/api/v1/events", body, tokens_["dispatcher"]);
  ASSERT_EQ(r.status, 201) << r.body;
  std::int64_t id = r.json().at("id").as_int64();
  auto next = get(id, "dispatcher").at("next");
  EXPECT_EQ(next.at("role"), "dispatcher");
  EXPECT_NE(next.at("where"), "");
  ASSERT_EQ(act("dispatcher", id, "accept").status, 200);
  ASSERT_EQ(act("dispatcher", id, "dispatch", {{"department_id", urban_}}).status, 200);
  next = get(id, "dispatcher").at("next");
  EXPECT_EQ(next.at("role"), "handler");
  EXPECT_NE(next.at("where"), "");
  EXPECT_EQ(next.at("nobody"), false);
  ASSERT_EQ(act("handler", id, "sign").status, 200);
  ASSERT_EQ(act("handler", id, "report-result", {{"comment", "已处理"}}).status, 200);
  auto detail = get(id, "dispatcher");
  EXPECT_EQ(detail.at("next").at("role"), "verifier");
  EXPECT_EQ(detail.at("next").at("fallback"), true);
  EXPECT_EQ(detail.at("next").at("nobody"), false);
  EXPECT_TRUE(has(actions_of(detail), "pass")) << "the dispatcher verifies where nobody of the grid can";
  EXPECT_EQ(act("gridworker", id, "pass").status, 403);  // another community's grid worker
  ASSERT_EQ(act("dispatcher", id, "pass", {{"comment", "电话回访确认"}}).status, 200);
  EXPECT_EQ(status(id), "closed");
  EXPECT_TRUE(get(id, "dispatcher").at("next").is_null()) << "a hotline event without a reporter account: nobody next";

  // Where the grid has its grid worker, the dispatcher does not verify.
  std::int64_t own = report("resident").json().at("id").as_int64();
  ASSERT_EQ(act("dispatcher", own, "accept").status, 200);
  ASSERT_EQ(act("dispatcher", own, "dispatch", {{"department_id", urban_}}).status, 200);
  ASSERT_EQ(act("handler", own, "sign").status, 200);
  ASSERT_EQ(act("handler", own, "report-result", {{"comment", "已处理"}}).status, 200);
  detail = get(own, "dispatcher");
  EXPECT_EQ(detail.at("next").at("role"), "verifier");
  EXPECT_EQ(detail.at("next").at("fallback"), false);
  EXPECT_FALSE(has(actions_of(detail), "pass"));
  EXPECT_EQ(act("dispatcher", own, "pass").status, 403);
  ASSERT_EQ(act("gridworker", own, "pass").status, 200);
  EXPECT_EQ(get(own, "resident").at("next").at("role"), "reporter");  // to rate it
}

TEST_F(EventsTest, IdempotencyKeyActsOnceAndRefusesAnotherBody) {
  auto c = server_->client();
  auto body = json::serialize(report_body());
  std::vector<std::pair<std::string, std::string>> h{{"Content-Type", "application/json"},
                                                     {"Authorization", "Bearer " + tokens_["resident"]},
                                                     {"Idempotency-Key", "retry-test-1"}};
  std::int64_t before = count_events();
  auto first = c.request("POST", "/api/v1/events", body, h);
  ASSERT_EQ(first.status, 201) << first.body;
  auto again = c.request("POST", "/api/v1/events", body, h);
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(again.header("idempotent-replayed"), "true");
  EXPECT_EQ(count_events(), before + 1);
  auto other = c.request("POST", "/api/v1/events", json::serialize(report_body("0302")), h);
  EXPECT_EQ(other.status, 422);
  EXPECT_EQ(other.json().at("code"), "idempotency_key_reused");
  EXPECT_EQ(count_events(), before + 1);
  // The same key from another user is another key.
  h[1].second = "Bearer " + tokens_["gridworker"];
  EXPECT_EQ(c.request("POST", "/api/v1/events", body, h).status, 201);
  // A transition retried with its key acts once (the retry would otherwise be stale).
  std::int64_t id = first.json().at("id").as_int64();
  std::vector<std::pair<std::string, std::string>> ah{{"Content-Type", "application/json"},
                                                      {"Authorization", "Bearer " + tokens_["dispatcher"]},
                                                      {"Idempotency-Key", "accept-once"}};
  std::string path = "/api/v1/events/" + std::to_string(id) + "/accept";
  EXPECT_EQ(c.request("POST", path, "{\"version\":1}", ah).status, 200);
  auto retry = c.request("POST", path, "{\"version\":1}", ah);
  EXPECT_EQ(retry.status, 200);
  EXPECT_EQ(version(id), 2);
}

TEST_F(EventsTest, EscalationMovesTheHandlingLevelUp) {
  std::int64_t id = report("resident").json().at("id").as_int64();
  EXPECT_EQ(act("dispatcher", id, "escalate").status, 422);  // a reason is required
  auto r = act("dispatcher", id, "escalate", {{"comment", "涉及多个社区，需街道协调"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("level"), "street");
  EXPECT_EQ(r.json().at("handling_code"), "440404104");
  EXPECT_EQ(r.json().at("status"), "accepted");
  r = act("dispatcher", id, "escalate", {{"comment", "需区级部门处理"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("level"), "county");
  // The town's dispatcher no longer handles it; the county level (admin here) does.
  EXPECT_EQ(act("dispatcher", id, "dispatch", {{"department_id", urban_}}).status, 403);
  EXPECT_EQ(act("admin", id, "escalate", {{"comment", "再提级"}}).status, 409);  // top level
  r = act("admin", id, "dispatch", {{"department_id", urban_}, {"handle_days", 3}});
  EXPECT_EQ(r.status, 200) << r.body;
}

TEST_F(EventsTest, WhistleSummonsDepartmentsThatReportIn) {
  std::int64_t id = report("resident").json().at("id").as_int64();
  ASSERT_EQ(act("dispatcher", id, "accept").status, 200);
  auto r = act("dispatcher", id, "whistle",
               {{"comment", "联合处置占道"}, {"department_ids", json::array{urban_, justice_}}, {"report_hours", 4}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto detail = get(id, "handler");  // the handler reads it through the whistle
  auto ws = detail.at("whistles").as_array();
  ASSERT_EQ(ws.size(), 2u);
  EXPECT_TRUE(ws[0].at("reported_at").is_null());
  auto listed = [&](const std::string& query, const std::string& who) {
    auto c = server_->client();
    auto v = c.get("/api/v1/events?" + query, tokens_[who]).json();
    for (const auto& e : v.at("items").as_array()) {
      if (e.at("id").as_int64() == id) return true;
    }
    return false;
  };
  EXPECT_TRUE(listed("mine=whistled", "handler"));
  // A tab of several statuses reaches it through the whistle too (the whistles' walk tests the
  // statuses together on its few rows), and one of other statuses does not.
  EXPECT_TRUE(listed("status=reported,accepted,dispatched", "handler"));
  EXPECT_FALSE(listed("status=handling,handled,closed", "handler"));
  r = act("handler", id, "report-in", {{"comment", "已到场，负责清理"}});
  ASSERT_EQ(r.status, 200) << r.body;
  ws = get(id).at("whistles").as_array();
  int reported = 0;
  for (const auto& w : ws) reported += w.at("reported_at").is_null() ? 0 : 1;
  // The demo handler is in both town departments: one report-in answers one of them.
  EXPECT_EQ(reported, 1);
  EXPECT_EQ(act("handler", id, "report-in", {{"comment", "司法所到场"}}).status, 200);
  EXPECT_EQ(act("handler", id, "report-in", {{"comment", "again"}}).status, 403);  // none pending
  EXPECT_FALSE(listed("mine=whistled", "handler"));
  EXPECT_EQ(act("dispatcher", id, "whistle", {{"comment", "x"}, {"department_ids", json::array{999999}}}).status, 422);
}

TEST_F(EventsTest, ReturnExtensionReworkAndReopen) {
  std::int64_t id = report("resident").json().at("id").as_int64();
  ASSERT_EQ(act("dispatcher", id, "accept").status, 200);
  ASSERT_EQ(act("dispatcher", id, "dispatch", {{"department_id", justice_}}).status, 200);
  EXPECT_EQ(act("handler", id, "return").status, 422);  // needs a reason
  auto r = act("handler", id, "return", {{"comment", "不属于司法所职责"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("status"), "accepted");
  EXPECT_TRUE(r.json().at("department_id").is_null());
  ASSERT_EQ(act("dispatcher", id, "dispatch", {{"department_id", urban_}}).status, 200);
  ASSERT_EQ(act("handler", id, "sign").status, 200);
  std::string due = str(get(id).at("handle_due_at"));
  r = act("handler", id, "request-extension", {{"days", 3}, {"comment", "需等待设备"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(act("handler", id, "request-extension", {{"days", 3}, {"comment", "again"}}).status, 409);
  auto pending = [&] {
    auto c = server_->client();
    auto v = c.get("/api/v1/events?extension=true&status=handling", tokens_["dispatcher"]).json();
    for (const auto& e : v.at("items").as_array()) {
      if (e.at("id").as_int64() == id) return true;
    }
    return false;
  };
  EXPECT_TRUE(pending());
  r = act("dispatcher", id, "approve-extension");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_GT(str(r.json().at("handle_due_at")), due);
  EXPECT_FALSE(pending());
  EXPECT_TRUE(r.json().at("extension_request").is_null());
  ASSERT_EQ(act("handler", id, "report-result", {{"comment", "已处理"}}).status, 200);
  r = act("resident", id, "rework", {{"comment", "还没清理干净"}}, true);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("status"), "handling");
  EXPECT_EQ(r.json().at("rework_count"), 1);
  ASSERT_EQ(act("handler", id, "report-result", {{"comment", "已彻底清理"}}).status, 200);
  ASSERT_EQ(act("resident", id, "pass", {}, true).status, 200);
  EXPECT_EQ(act("resident", id, "reopen", {}, true).status, 409);  // not rated unsatisfied
  ASSERT_EQ(act("resident", id, "rate", {{"rating", "unsatisfied"}}, true).status, 200);
  r = act("resident", id, "reopen", {{"comment", "又堆起来了"}}, true);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("status"), "accepted");
  EXPECT_EQ(r.json().at("reopen_count"), 1);
  EXPECT_TRUE(r.json().at("rating").is_null());
}

TEST_F(EventsTest, MergeKeepsBothTimelines) {
  std::int64_t a = report("resident").json().at("id").as_int64();
  std::int64_t b = report("resident").json().at("id").as_int64();
  auto c = server_->client();
  auto dupes = c.get("/api/v1/events/" + std::to_string(b) + "/duplicates", tokens_["dispatcher"]).json();
  bool suggested = false;
  for (const auto& e : dupes.at("items").as_array()) suggested |= e.at("id").as_int64() == a;
  EXPECT_TRUE(suggested);
  EXPECT_EQ(act("dispatcher", b, "merge", {{"into", b}}).status, 422);
  auto r = act("dispatcher", b, "merge", {{"into", a}, {"comment", "同一处垃圾"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("merged_into"), a);
  auto tl = get(a).at("timeline").as_array();
  EXPECT_EQ(tl.back().at("action"), "merged-in");
  EXPECT_EQ(tl.back().at("detail").at("from"), b);
}

TEST_F(EventsTest, GridWorkerSelfHandlesOnTheSpot) {
  auto body = report_body();
  body["source"] = "patrol";
  body["self_handled"] = true;
  body["result"] = "已现场清理";
  auto r = report("gridworker", body);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json().at("status"), "closed");
  EXPECT_EQ(r.json().at("solved_level"), "grid");
  body["category"] = "0201";  // fire hazards are never self-handled
  EXPECT_EQ(report("gridworker", body).status, 422);
  body["category"] = "0301";
  EXPECT_EQ(report("dispatcher", body).status, 403);  // only grid staff self-handle
}

TEST_F(EventsTest, ScopeLimitsWhatEachRoleSees) {
  std::int64_t id = report("resident").json().at("id").as_int64();
  auto c = server_->client();
  EXPECT_EQ(c.get("/api/v1/events/" + std::to_string(id), tokens_["gridworker"]).status, 200);
  EXPECT_EQ(c.get("/api/v1/events/" + std::to_string(id), tokens_["handler"]).status, 403);  // not dispatched to it
  // An event in a neighbouring grid, taken in by the dispatcher: the grid worker of 001001 cannot see it.
  json::object other{{"category", "0301"},
                     {"description", "隔壁网格"},
                     {"grid_code", "440404104001002"},
                     {"address", "某路 1 号"},
                     {"source", "hotline"}};
  auto r = c.send_json("POST", "/api/v1/events", other, tokens_["dispatcher"]);
  ASSERT_EQ(r.status, 201) << r.body;
  std::int64_t other_id = r.json().at("id").as_int64();
  EXPECT_EQ(c.get("/api/v1/events/" + std::to_string(other_id), tokens_["gridworker"]).status, 403);
  auto list1 = c.get("/api/v1/events?limit=200", tokens_["gridworker"]).json();
  for (const auto& e : list1.at("items").as_array()) EXPECT_EQ(e.at("grid_code"), "440404104001001");
  // A resident lists only their own reports.
  auto list2 = c.get("/api/v1/events?limit=200", tokens_["resident"]).json();
  for (const auto& e : list2.at("items").as_array()) EXPECT_NE(e.at("id").as_int64(), other_id);
  // A grid worker cannot take in reports for another grid.
  EXPECT_EQ(c.send_json("POST", "/api/v1/events", other, tokens_["gridworker"]).status, 403);
}

TEST_F(EventsTest, BadInputIsRefusedAndChangesNothing) {
  std::int64_t before = count_events();
  auto body = report_body();
  body["category"] = "9999";
  auto r = report("resident", body);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json().at("code"), "unknown_category");
  body = report_body();
  body["lat"] = 39.9;
  body["lng"] = 116.4;  // Beijing: in no grid of the demo
  r = report("resident", body);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json().at("code"), "outside_grids");
  body = report_body();
  body["phone"] = "12345";
  EXPECT_EQ(str(report("resident", body).json().at("field")), "phone");
  body = report_body();
  body["photos"] = json::array{"not-a-hash"};
  EXPECT_EQ(str(report("resident", body).json().at("field")), "photos");
  body = report_body();
  body.erase("lat");
  EXPECT_EQ(report("resident", body).status, 422);
  body = report_body();
  body["priority"] = "critical";  // residents do not set priorities
  EXPECT_EQ(report("resident", body).status, 422);
  body = report_body();
  body["source"] = "hotline";  // residents do not take calls
  EXPECT_EQ(report("resident", body).status, 403);
  EXPECT_EQ(count_events(), before);
  auto c = server_->client();
  EXPECT_EQ(c.get("/api/v1/events?status=nonsense", tokens_["dispatcher"]).status, 400);
  EXPECT_EQ(c.get("/api/v1/events/abc", tokens_["dispatcher"]).status, 404);
}

TEST_F(EventsTest, TheSchedulerColoursStagesAsTheirDeadlinesPass) {
  auto created = report("resident");
  ASSERT_EQ(created.status, 201) << created.body;
  std::int64_t id = created.json().at("id").as_int64();
  EXPECT_EQ(get(id).at("sla"), "ok");
  // Pretend the warning time has passed, then the deadline.
  server_->app().db().write([&](storage::Tx& tx) { tx.exec("UPDATE events SET warn_at = 1 WHERE id = ?", {id}); });
  EXPECT_GE(server_->app().refresh_sla(), 1u);
  EXPECT_EQ(get(id).at("sla"), "yellow");
  server_->app().db().write([&](storage::Tx& tx) { tx.exec("UPDATE events SET due_at = 2 WHERE id = ?", {id}); });
  server_->app().refresh_sla();
  auto e = get(id);
  EXPECT_EQ(e.at("sla"), "red");
  EXPECT_EQ(e.at("ever_overdue"), true);
  auto c = server_->client();
  bool listed = false;
  auto list3 = c.get("/api/v1/events?overdue=true", tokens_["dispatcher"]).json();
  for (const auto& x : list3.at("items").as_array()) listed |= x.at("id").as_int64() == id;
  EXPECT_TRUE(listed);
}

TEST_F(EventsTest, LifecycleTableIsPublishedAndEveryActionHasARoute) {
  auto c = server_->client();
  auto doc = c.get("/api/v1/event-lifecycle", tokens_["resident"]).json();
  auto ts = doc.at("transitions").as_array();
  EXPECT_GE(ts.size(), 20u);
  for (const auto& t : ts) {
    std::string base = t.at("actor") == "reporter" ? "/api/v1/my/events/{id}/" : "/api/v1/events/{id}/";
    auto m = server_->app().router().match("POST", base + str(t.at("action")));
    EXPECT_NE(m.route, nullptr) << str(t.at("action"));
  }
  // docs/EVENTS.md documents every action.
  std::ifstream in(source_dir() + "/docs/EVENTS.md");
  std::stringstream doc_text;
  doc_text << in.rdbuf();
  for (const auto& t : ts)
    EXPECT_NE(doc_text.str().find("| `" + str(t.at("action")) + "`"), std::string::npos) << str(t.at("action"));
}

}  // namespace
}  // namespace wangge::testing

namespace wangge::testing {
namespace {

TEST_F(EventsTest, AttachmentsAreTypedByContentAndServedOnlyToThoseWhoMaySeeThem) {
  auto c = server_->client();
  std::string png = make_png(1);
  auto up = [&](const std::string& bytes, const std::string& type, const std::string& who) {
    return c.request("POST", "/api/v1/attachments", bytes,
                     {{"Content-Type", type}, {"Authorization", "Bearer " + tokens_[who]}});
  };
  auto r = up(png, "application/octet-stream", "resident");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json().at("media_type"), "image/png");
  std::string hash = str(r.json().at("hash"));
  EXPECT_EQ(str(up(png, "image/png", "resident").json().at("hash")), hash);  // stored once
  // A disguised file: HTML sent as a JPEG.
  r = up("<html><script>alert(1)</script></html>", "image/jpeg", "resident");
  EXPECT_EQ(r.status, 415) << r.body;
  // Over the upload limit (10 MiB): refused from its header, before the body is sent.
  {
    auto big = server_->client();
    r = big.raw("POST /api/v1/attachments HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + tokens_["resident"] +
                "\r\nContent-Type: image/jpeg\r\nContent-Length: 10485761\r\n\r\n\xFF\xD8\xFF");
    EXPECT_EQ(r.status, 413);
  }
  // Up to the limit is fine (a 3 MiB PNG is more than any other route accepts).
  std::string large = make_png(3, 1024, true);
  ASSERT_GT(large.size(), 3u * 1024 * 1024);
  r = up(large, "image/png", "resident");
  EXPECT_EQ(r.status, 201) << r.body;
  // Only uploaded hashes can be attached.
  auto body = report_body();
  body["photos"] = json::array{std::string(64, 'a')};
  EXPECT_EQ(report("resident", body).status, 422);
  body["photos"] = json::array{hash};
  r = report("resident", body);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json().at("photos").as_array().size(), 1u);
  auto c2 = server_->client();
  auto got = c2.get("/api/v1/attachments/" + hash, tokens_["gridworker"]);  // sees the event
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.body, png);
  EXPECT_EQ(got.header("content-type"), "image/png");
  EXPECT_EQ(c2.get("/api/v1/attachments/" + hash, tokens_["handler"]).status, 403);
  EXPECT_EQ(c2.get("/api/v1/attachments/" + std::string(64, 'b'), tokens_["resident"]).status, 404);
}

}  // namespace
}  // namespace wangge::testing

namespace wangge::testing {
namespace {

TEST_F(EventsTest, SearchFindsChineseTextWithinScope) {
  auto body = report_body();
  body["description"] = "幸福路口的井盖松动，夜间有人绊倒";
  body["address"] = "幸福路 18 号对面";
  auto r = report("resident", body);
  ASSERT_EQ(r.status, 201) << r.body;
  std::int64_t id = r.json().at("id").as_int64();
  server_->app().events().index_search();  // the scheduler does this every second
  auto c = server_->client();
  auto search = [&](const std::string& q, const std::string& who) {
    std::string enc;
    for (unsigned char ch : q) {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", ch);
      enc += buf;
    }
    auto res = c.get("/api/v1/events?q=" + enc, tokens_[who]).json();
    std::vector<std::int64_t> ids;
    for (const auto& e : res.at("items").as_array()) ids.push_back(e.at("id").as_int64());
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  };
  EXPECT_TRUE(search("井盖松动", "dispatcher"));   // trigram index
  EXPECT_TRUE(search("幸福路 18", "dispatcher"));  // the address
  EXPECT_TRUE(search("井盖", "dispatcher"));       // two characters: a scan
  EXPECT_FALSE(search("井盖脱落", "dispatcher"));
  EXPECT_FALSE(search("井盖松动", "handler"));  // outside the handler's view
}

}  // namespace
}  // namespace wangge::testing

namespace wangge::testing {
namespace {

// The demo history: a realistic mix whose statistics show what the first seed reports.
TEST(EventsDemoTest, HistoryLooksLikeTheSeed) {
  TestServer server;
  auto n = server.app().events().load_demo_history(3000);
  EXPECT_GT(n, 2900);
  EXPECT_EQ(server.app().events().load_demo_history(3000), 0);  // once
  auto c = server.client();
  auto s = c.get("/api/v1/events/stats?region=440404104&from=2020-01-01&to=2023-01-01", server.login("leader")).json();
  double closure = s.at("closure_rate").to_number<double>();
  EXPECT_GT(closure, 0.95);
  EXPECT_LT(closure, 0.99);
  EXPECT_GT(s.at("satisfaction_rate").to_number<double>(), 0.9);
  EXPECT_GT(s.at("solved_at_grid_share").to_number<double>(), 0.05);
  EXPECT_GT(s.at("on_time_rate").to_number<double>(), 0.8);
  EXPECT_EQ(s.at("children").as_array().size(), 11u);
  EXPECT_FALSE(str(s.at("children").at(0).at("name")).empty());
  EXPECT_EQ(s.at("category_names").at("03").at("name_zh"), "环境卫生");
  EXPECT_GE(s.at("by_source").as_object().size(), 6u);
  // Their timelines are there, and search finds them.
  auto list = c.get("/api/v1/events?status=handling&overdue=true&limit=5", server.login("dispatcher")).json();
  ASSERT_FALSE(list.at("items").as_array().empty());
  auto id = list.at("items").at(0).at("id").as_int64();
  auto detail = c.get("/api/v1/events/" + std::to_string(id), server.login("dispatcher")).json();
  EXPECT_GE(detail.at("timeline").as_array().size(), 4u);
}

}  // namespace
}  // namespace wangge::testing

namespace wangge::testing {
namespace {

TEST_F(EventsTest, AnonymousResidentsFollowTheirReportByTrackingCode) {
  auto c = server_->client();
  auto body = report_body();
  body["reporter_name"] = "匿名居民";
  auto r = c.send_json("POST", "/api/v1/public/events", body);
  ASSERT_EQ(r.status, 201) << r.body;
  std::string code = str(r.json().at("tracking_code"));
  auto view = c.get("/api/v1/public/events/" + code).json();
  EXPECT_EQ(view.at("status"), "reported");
  EXPECT_FALSE(view.as_object().contains("contact"));  // nothing personal in the public view
  std::int64_t id = view.at("id").as_int64();
  ASSERT_EQ(act("dispatcher", id, "accept").status, 200);
  ASSERT_EQ(act("dispatcher", id, "dispatch", {{"department_id", urban_}}).status, 200);
  ASSERT_EQ(act("handler", id, "sign").status, 200);
  ASSERT_EQ(act("handler", id, "report-result", {{"comment", "已清理"}}).status, 200);
  auto v = c.get("/api/v1/public/events/" + code).json();
  EXPECT_EQ(v.at("status"), "handled");
  for (const auto& t : v.at("timeline").as_array()) EXPECT_FALSE(t.as_object().contains("actor"));
  r = c.send_json("POST", "/api/v1/public/events/" + code + "/pass", {{"version", v.at("version")}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("status"), "closed");
  r = c.send_json("POST", "/api/v1/public/events/" + code + "/rate",
                  {{"version", r.json().at("version")}, {"rating", "satisfied"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(get(id).at("rating"), "satisfied");
  EXPECT_EQ(c.get("/api/v1/public/events/ZZZZZZZZZZ").status, 404);
  // The id part of a code is not enough: the same id with another random part is unknown.
  std::string forged = code.substr(0, 6) + (code[6] == '0' ? '1' : '0') + code.substr(7);
  EXPECT_EQ(c.get("/api/v1/public/events/" + forged).status, 404);
  // A logged-in resident's report cannot be driven by its tracking code alone.
  auto mine = report("resident").json();
  EXPECT_EQ(
      c.send_json("POST", "/api/v1/public/events/" + str(mine.at("tracking_code")) + "/withdraw", {{"version", 1}})
          .status,
      404);
}

}  // namespace
}  // namespace wangge::testing

namespace wangge::testing {
namespace {

// The statistics counters (events/rollup.h) agree with a scan of the events, to the event,
// for any node and period: after history, intake, transitions and the scheduler's red
// flags, and after a rebuild from the events.
TEST(EventsStatisticsTest, CountersAgreeWithAScanOfTheEvents) {
  TestServer server;
  auto& events = server.app().events();
  ASSERT_GT(events.load_demo_history(3000), 2900);
  auto c = server.client();
  std::string dispatcher = server.login("dispatcher"), handler = server.login("handler");
  auto [lng, lat] = server.point_in_grid("440404104001001");
  std::int64_t urban = 0;
  auto deps = c.get("/api/v1/departments?region=440404104001", dispatcher).json();
  for (const auto& d : deps.at("items").as_array()) {
    if (d.at("kind") == "urban_management") urban = d.at("id").as_int64();
  }
  auto act = [&](const std::string& token, std::int64_t id, const std::string& action, json::object body = {}) {
    body["version"] = c.get("/api/v1/events/" + std::to_string(id), token).json().at("version");
    auto r = c.send_json("POST", "/api/v1/events/" + std::to_string(id) + "/" + action, body, token);
    EXPECT_EQ(r.status, 200) << action << ": " << r.body;
  };
  std::vector<std::int64_t> ids;
  for (const char* cat : {"0301", "0301", "0402", "0101", "0301"}) {
    json::object body{{"category", cat}, {"description", "统计核对用事件"}, {"lat", lat}, {"lng", lng}};
    auto r = c.send_json("POST", "/api/v1/events", body, server.login("resident"));
    ASSERT_EQ(r.status, 201) << r.body;
    ids.push_back(r.json().at("id").as_int64());
  }
  act(dispatcher, ids[0], "reject", {{"comment", "重复"}});
  act(dispatcher, ids[1], "accept");
  act(dispatcher, ids[1], "dispatch", {{"department_id", urban}});
  act(handler, ids[1], "sign");
  act(handler, ids[1], "report-result", {{"comment", "已处理"}});
  act(dispatcher, ids[2], "accept");
  act(dispatcher, ids[2], "escalate", {{"comment", "需街道协调"}});
  // The scheduler turns the untouched ones red a month later.
  EXPECT_GE(events.refresh_sla(storage::now_ms() + 30LL * 86'400'000), 2u);

  auto compare = [&](const std::string& path, std::int64_t from, std::int64_t to) -> std::int64_t {
    SCOPED_TRACE(path + " [" + std::to_string(from) + ", " + std::to_string(to) + ")");
    std::map<std::string, events::rollup::Totals> kids_q, kids_s;
    events::rollup::Totals q, s;
    server.app().db().read([&](storage::Tx& tx) {
      q = events::rollup::query(tx, events.calendar(), path, from, to, &kids_q);
      s = events::rollup::scan(tx, events.calendar(), path, from, to, &kids_s);
    });
    EXPECT_EQ(q.m, s.m);
    EXPECT_EQ(q.categories, s.categories);
    EXPECT_EQ(kids_q.size(), kids_s.size());
    for (const auto& [code, t] : kids_s) EXPECT_EQ(kids_q[code].m, t.m) << code;
    // The counters per grid (the hotspot map's) agree with the events too.
    std::map<std::string, events::rollup::GridMeasures> gq, gs;
    server.app().db().read([&](storage::Tx& tx) {
      gq = events::rollup::per_grid(tx, events.calendar(), path, from, to);
      gs = events::rollup::per_grid_scan(tx, events.calendar(), path, from, to);
    });
    EXPECT_EQ(gq.size(), gs.size());
    auto show = [](const events::rollup::UnitMeasures& m) {
      return std::to_string(m.total) + "/" + std::to_string(m.closed) + "/" + std::to_string(m.closed_on_time) + "/" +
             std::to_string(m.closed_same_day) + "/" + std::to_string(m.closed_rated) + "/" +
             std::to_string(m.closed_satisfied) + "/" + std::to_string(m.red_open) + "/" + std::to_string(m.reworked);
    };
    for (const auto& [code, g] : gs)
      EXPECT_TRUE(gq[code] == g) << code << " counters " << show(gq[code]) << " events " << show(g);
    // And per department, counting only its events within the path.
    std::vector<std::int64_t> dep_ids;
    for (const auto& [id, name] : events.department_names()) dep_ids.push_back(id);
    std::map<std::int64_t, events::rollup::UnitMeasures> dq, ds;
    server.app().db().read([&](storage::Tx& tx) {
      dq = events::rollup::per_department(tx, events.calendar(), dep_ids, path, from, to);
      ds = events::rollup::per_department_scan(tx, events.calendar(), dep_ids, path, from, to);
    });
    EXPECT_EQ(dq.size(), ds.size());
    for (const auto& [id, d] : ds) EXPECT_TRUE(dq[id] == d) << "department " << id;
    return q.m[events::rollup::kTotal];
  };
  const auto& cal = events.calendar();
  auto at = [&](const char* day) { return cal.midnight(parse_day(day)); };
  std::int64_t now = storage::now_ms(), tomorrow = now + 86'400'000;
  const std::string county = "/44/4404/440404/", town = county + "440404104/", community = town + "440404104001/";
  auto check_all = [&] {
    // Every level: the counters keep a row per node from the province down (migration 0048).
    for (const auto& p :
         {std::string("/44/"), std::string("/44/4404/"), county, town, community, community + "440404104001001/"}) {
      EXPECT_GT(compare(p, 0, tomorrow), p.size() > community.size() ? 0 : 200);
      compare(p, at("2021-01-01"), at("2022-01-01"));                       // whole months
      compare(p, at("2020-03-17"), at("2022-11-05"));                       // days around months
      compare(p, at("2021-06-03") + 37'000'000, at("2022-02-11") + 5'000);  // partial days at the edges
      compare(p, at("2021-06-03") + 1'000, at("2021-06-03") + 50'000'000);  // inside one day
      compare(p, at("2021-06-03"), at("2021-06-17"));                       // days only
      compare(p, now - 86'400'000, tomorrow);                               // today's intake
    }
  };
  check_all();
  // A rebuild from the events gives the same counters.
  server.app().db().write([](storage::Tx& tx) { tx.exec("DELETE FROM event_rollup_state"); });
  EXPECT_GT(events.ensure_statistics(), 2900);
  EXPECT_EQ(events.ensure_statistics(), -1);
  check_all();
  // And the HTTP answer is built from them: today's intake shows.
  auto st =
      c.get("/api/v1/events/stats?region=440404104001&from=" + format_day(cal.day_of(now)), server.login("leader"))
          .json();
  EXPECT_EQ(st.at("total").as_int64(), 5);
  EXPECT_EQ(st.at("by_status").at("rejected").as_int64(), 1);
  EXPECT_EQ(st.at("by_status").at("handled").as_int64(), 1);
  EXPECT_EQ(st.at("filed").as_int64(), 4);
}

}  // namespace
}  // namespace wangge::testing

namespace wangge::testing {
namespace {

// Queues of several statuses (one index walk per status, merged) page newest first with no
// gap and no repeat, within the caller's scope, exactly as the events table says.
TEST(EventsQueueTest, SeveralStatusesPageNewestFirstWithoutGapsOrRepeats) {
  TestServer server;
  // The seed's mix leaves about 3 % rejected, withdrawn, merged or open: 3,000 events give
  // the queue several pages.
  ASSERT_GT(server.app().events().load_demo_history(3000), 2900);
  // The ids `sql` selects, in its order.
  auto ids_of = [&](const std::string& sql, const std::vector<storage::Value>& params = {}) {
    return server.app().db().read_value<std::vector<std::int64_t>>([&](storage::Tx& tx) {
      std::vector<std::int64_t> ids;
      for (const auto& r : tx.exec(sql, params).rows) ids.push_back(r.i64(0));
      return ids;
    });
  };
  auto expected = ids_of(
      "SELECT id FROM events WHERE status IN ('rejected', 'withdrawn', 'handling', 'merged') AND "
      "region_path >= '/44/4404/440404/440404104/' AND region_path < '/44/4404/440404/4404041040' ORDER BY id "
      "DESC");
  ASSERT_GT(expected.size(), 60u);
  auto c = server.client();
  std::string token = server.login("dispatcher");
  // Every page of `query` (at most 100), its events' ids in order.
  auto paged = [&](const std::string& query, const std::string& who) {
    std::vector<std::int64_t> ids;
    std::string cursor;
    for (int page = 0; page < 100; ++page) {
      auto r = c.get("/api/v1/events?" + query + cursor, who).json();
      for (const auto& e : r.at("items").as_array()) ids.push_back(e.at("id").as_int64());
      if (r.at("next_cursor").is_null()) break;
      cursor = "&cursor=" + str(r.at("next_cursor"));
    }
    return ids;
  };
  EXPECT_EQ(paged("status=rejected,withdrawn,handling,merged&limit=9", token), expected);
  // A community's tab is walked one path (the community's, each grid's) and one status at a
  // time (migration 0053): the grid chief pages through exactly the community's events.
  const std::string community = "/44/4404/440404/440404104/440404104001/";
  const std::string where =
      " WHERE status IN ('rejected', 'withdrawn', 'handling', 'merged') AND region_path >= ? AND region_path < ?";
  const std::vector<storage::Value> range{community, storage::path_upper_bound(community)};
  auto narrow = ids_of("SELECT id FROM events" + where + " ORDER BY id DESC", range);
  auto paths = ids_of("SELECT COUNT(DISTINCT region_path) FROM events" + where, range).at(0);
  ASSERT_GT(narrow.size(), 7u);
  ASSERT_GT(paths, 1) << "several paths of the community to walk";
  EXPECT_EQ(paged("status=rejected,withdrawn,handling,merged&limit=7", server.login("gridchief")), narrow);
  // The supervised queue holds exactly the supervised events.
  auto id = expected.back();
  auto v = c.get("/api/v1/events/" + std::to_string(id), token).json().at("version");
  auto leader = server.login("leader");
  auto r = c.send_json("POST", "/api/v1/events/" + std::to_string(id) + "/supervise",
                       {{"version", v}, {"comment", "请加快办理"}}, leader);
  ASSERT_EQ(r.status, 200) << r.body;
  auto sup = c.get("/api/v1/events?supervised=true", token).json();
  ASSERT_EQ(sup.at("items").as_array().size(), 1u);
  EXPECT_EQ(sup.at("items").at(0).at("id").as_int64(), id);
  // The overdue tab (a walk of the red events' index, migration 0049) pages through exactly
  // the open events past their deadline in the dispatcher's town.
  auto red = ids_of(
      "SELECT id FROM events WHERE sla = 'red' AND status IN ('reported', 'accepted', 'dispatched', 'handling', "
      "'handled') AND region_path >= '/44/4404/440404/440404104/' AND region_path < '/44/4404/440404/4404041040' "
      "ORDER BY id DESC");
  ASSERT_GT(red.size(), 10u);
  EXPECT_EQ(paged("status=reported,accepted,dispatched,handling,handled&overdue=true&limit=4", token), red);
  // A handler's overdue tab: its departments' red events, on PostgreSQL one walk over the
  // (department, status) pairs testing sla on their rows.
  auto handlers_red = ids_of(
      "SELECT id FROM events WHERE sla = 'red' AND status IN ('reported', 'accepted', 'dispatched', "
      "'handling', 'handled') AND (department_id IN (SELECT department_id FROM department_members m JOIN "
      "users u ON u.id = m.user_id WHERE u.username = 'handler') OR reporter_id = (SELECT id FROM users "
      "WHERE username = 'handler')) ORDER BY id DESC");
  ASSERT_GT(handlers_red.size(), 4u);
  EXPECT_EQ(paged("status=reported,accepted,dispatched,handling,handled&overdue=true&limit=3", server.login("handler")),
            handlers_red);
}

}  // namespace
}  // namespace wangge::testing

namespace wangge::testing {
namespace {

// SQLite has no statistics: the list's statements must say which index each walk takes
// (store_list.cpp). The plans of a community's tabs, first page and next.
TEST(EventsQueueTest, ACommunitysWalksKeepTheirIndexOnSqlite) {
  TestServer server;
  if (server.app().db().dialect() != storage::Dialect::sqlite) GTEST_SKIP() << "SQLite's planner";
  ASSERT_GT(server.app().events().load_demo_history(500), 400);
  auto plan_of = [&](const events::store::ListFilter& f) {
    return server.app().db().read_value<std::string>([&](storage::Tx& tx) {
      auto [sql, params] = events::store::list_query(tx, f, "id");
      std::string plan;
      for (const auto& r : tx.exec("EXPLAIN QUERY PLAN " + sql, params).rows) plan += r.str(3) + "\n";
      return plan;
    });
  };
  events::store::ListFilter all;
  all.scope_paths = {"/44/4404/440404/440404104/440404104001/"};
  all.before_id = 400;
  // the "all" tab's next page: the path range sorted, not every older event by rowid
  const std::string all_plan = plan_of(all);
  EXPECT_NE(all_plan.find("events_region (region_path>? AND region_path<?)"), std::string::npos) << all_plan;
  EXPECT_EQ(all_plan.find("rowid<?"), std::string::npos) << all_plan;
  // a tab of statuses: one walk per path and status, each in id order
  events::store::ListFilter ended = all;
  ended.statuses = {"rejected", "merged", "withdrawn"};
  const std::string ended_plan = plan_of(ended);
  EXPECT_NE(ended_plan.find("events_region (region_path=? AND status=? AND id<?)"), std::string::npos) << ended_plan;
  EXPECT_EQ(ended_plan.find("events_status"), std::string::npos) << ended_plan;
}

}  // namespace
}  // namespace wangge::testing
