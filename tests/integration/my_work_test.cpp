// GET /api/v1/my/work through the real server, on both backends: what waits for each demo
// role, counted from data made here through the API, within each caller's territory (a grid
// worker does not count a sibling grid's events), capped at 99 with `more`, 401 without a
// session; and each count agrees with the list its card links to.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "core/calendar.h"

#include "events/service.h"
#include "integration/harness.h"

namespace wangge::testing {
namespace {

namespace json = boost::json;

constexpr const char* kHomeGrid = "440404104001001";     // gridworker's, resident's
constexpr const char* kSiblingGrid = "440404104001002";  // same community, not the gridworker's

class MyWorkTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    for (const char* u : {"resident", "dispatcher", "handler", "gridworker", "gridchief", "leader", "mediator",
                          "volunteer", "partymember", "windowclerk"})
      tokens_[u] = server_->login(u);
    auto c = server_->client();
    auto deps = c.get("/api/v1/departments?region=440404104001", tokens_["dispatcher"]).json();
    for (const auto& d : deps.at("items").as_array()) {
      if (d.at("kind") == "urban_management") urban_ = d.at("id").as_int64();
      if (d.at("kind") == "justice") justice_ = d.at("id").as_int64();
    }
  }
  static void TearDownTestSuite() { delete server_; }

  static json::object work(const std::string& who) {
    auto c = server_->client();
    auto r = c.get("/api/v1/my/work", tokens_[who]);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().as_object();
  }
  // key -> {count, more}; the keys the caller's grants allow.
  static std::map<std::string, std::pair<std::int64_t, bool>> items(const std::string& who) {
    std::map<std::string, std::pair<std::int64_t, bool>> out;
    auto answer = work(who);
    for (const auto& i : answer.at("items").as_array())
      out[str(i.at("key"))] = {i.at("count").as_int64(), i.at("more").as_bool()};
    return out;
  }
  static std::int64_t count(const std::string& who, const std::string& key) {
    auto all = items(who);
    auto it = all.find(key);
    EXPECT_NE(it, all.end()) << who << " has no " << key;
    return it == all.end() ? -1 : it->second.first;
  }
  // The rows a list answers (all pages of up to 200).
  static std::int64_t listed(const std::string& who, const std::string& target) {
    auto c = server_->client();
    auto r = c.get(target + (target.find('?') == std::string::npos ? "?" : "&") + "limit=200", tokens_[who]);
    EXPECT_EQ(r.status, 200) << r.body;
    return static_cast<std::int64_t>(r.json().at("items").as_array().size());
  }
  static std::int64_t report(const std::string& who, const std::string& grid, const std::string& source = "") {
    json::object body{
        {"category", "0301"}, {"description", "工作台测试：垃圾堆放"}, {"grid_code", grid}, {"address", "立新路 1 号"}};
    if (!source.empty()) body["source"] = source;
    auto c = server_->client();
    auto r = c.send_json("POST", "/api/v1/events", body, tokens_[who]);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().at("id").as_int64();
  }
  static void act(const std::string& who, std::int64_t id, const std::string& action, json::object body = {}) {
    auto c = server_->client();
    auto e = c.get("/api/v1/events/" + std::to_string(id), tokens_["dispatcher"]).json();
    body["version"] = e.at("version");
    auto r = c.send_json("POST", "/api/v1/events/" + std::to_string(id) + "/" + action, body, tokens_[who]);
    ASSERT_EQ(r.status, 200) << action << ": " << r.body;
  }
  static std::int64_t post(const std::string& who, const std::string& path, const json::object& body) {
    auto c = server_->client();
    auto r = c.send_json("POST", path, body, tokens_[who]);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().at("id").as_int64();
  }

  static TestServer* server_;
  static std::map<std::string, std::string> tokens_;
  static std::int64_t urban_, justice_;
};
TestServer* MyWorkTest::server_ = nullptr;
std::map<std::string, std::string> MyWorkTest::tokens_;
std::int64_t MyWorkTest::urban_ = 0, MyWorkTest::justice_ = 0;

TEST_F(MyWorkTest, WithoutASessionIs401) {
  auto c = server_->client();
  auto r = c.get("/api/v1/my/work");
  EXPECT_EQ(r.status, 401) << r.body;
  EXPECT_NE(r.header("content-type").find("application/problem+json"), std::string::npos);
  EXPECT_EQ(c.get("/api/v1/my/work", "not-a-token").status, 401);
}

TEST_F(MyWorkTest, EachRoleSeesOnlyTheQueuesItsGrantsAllow) {
  auto keys = [](const std::string& who) {
    std::set<std::string> out;
    for (const auto& [k, v] : items(who)) out.insert(k);
    return out;
  };
  // Residents: their reports, their orders done (to confirm), their wishes fulfilled.
  EXPECT_EQ(keys("resident"), (std::set<std::string>{"mine.progress", "orders.done", "unread", "wishes.fulfilled"}));
  EXPECT_EQ(keys("handler"), (std::set<std::string>{"mine.progress", "task.dispatched", "task.handling", "task.overdue",
                                                    "task.whistle", "unread"}));
  EXPECT_EQ(keys("gridworker"),
            (std::set<std::string>{"mine.progress", "orders.done", "patrol.at_grid", "patrol.verify", "unread",
                                   "visits.planned", "visits.worklist", "wishes.fulfilled"}));
  EXPECT_EQ(keys("mediator"), (std::set<std::string>{"mediation.failed", "mediation.mediating", "mediation.open",
                                                     "mine.progress", "unread"}));
  EXPECT_EQ(keys("leader"),
            (std::set<std::string>{"dispatch.overdue", "dispatch.supervised", "mine.progress", "unread"}));
  auto d = keys("dispatcher");
  for (const char* k :
       {"dispatch.reported", "dispatch.accepted", "dispatch.extension", "dispatch.overdue", "dispatch.supervised"})
    EXPECT_TRUE(d.count(k)) << k;
  EXPECT_FALSE(d.count("task.dispatched"));
  EXPECT_TRUE(d.count("cases.coordinating"));  // the 办不成事 cases the dispatcher coordinates
  // The service desk: a party member's orders and wishes; a window clerk's cases.
  EXPECT_EQ(keys("partymember"),
            (std::set<std::string>{"mine.progress", "orders.assigned", "orders.done", "orders.open", "orders.taken",
                                   "unread", "wishes.claimed", "wishes.fulfilled"}));
  EXPECT_EQ(keys("windowclerk"), (std::set<std::string>{"cases.accepted", "cases.overdue", "mine.progress", "unread"}));
  // Figures for those who read statistics, of their own node.
  EXPECT_TRUE(work("gridworker").at("figures").is_null());
  EXPECT_TRUE(work("resident").at("figures").is_null());
  EXPECT_EQ(work("leader").at("figures").at("region").at("code"), "440404104");
  EXPECT_EQ(work("gridchief").at("figures").at("region").at("code"), "440404104001");
  EXPECT_EQ(work("leader").at("cap"), 99);
}

TEST_F(MyWorkTest, CountsMatchTheDataAndTheListsTheyLinkTo) {
  ASSERT_GT(urban_, 0);
  ASSERT_GT(justice_, 0);
  std::int64_t today_before = work("leader").at("figures").at("today_new").as_int64();
  // r1: reported by the resident, supervised by the leader.
  std::int64_t r1 = report("resident", kHomeGrid);
  act("leader", r1, "supervise", {{"comment", "请尽快受理"}});
  // d1 dispatched; d2 handled in the home grid; d3 handled in the sibling grid; d4 accepted
  // with a department summoned; d5 in hand with an extension requested.
  std::int64_t d1 = report("dispatcher", kHomeGrid, "hotline"), d2 = report("dispatcher", kHomeGrid, "hotline"),
               d3 = report("dispatcher", kSiblingGrid, "hotline"), d4 = report("dispatcher", kHomeGrid, "hotline"),
               d5 = report("dispatcher", kHomeGrid, "hotline");
  for (auto id : {d1, d2, d3, d4, d5}) act("dispatcher", id, "accept");
  for (auto id : {d1, d2, d3, d5}) act("dispatcher", id, "dispatch", {{"department_id", urban_}});
  for (auto id : {d2, d3, d5}) act("handler", id, "sign");
  for (auto id : {d2, d3}) act("handler", id, "report-result", {{"comment", "已清理"}});
  act("handler", d5, "request-extension", {{"days", 3}, {"comment", "需等待设备"}});
  act("dispatcher", d4, "whistle", {{"department_ids", json::array{justice_}}, {"comment", "协同处置"}});

  EXPECT_EQ(count("dispatcher", "dispatch.reported"), 1);    // r1
  EXPECT_EQ(count("dispatcher", "dispatch.accepted"), 1);    // d4
  EXPECT_EQ(count("dispatcher", "dispatch.extension"), 1);   // d5
  EXPECT_EQ(count("dispatcher", "dispatch.supervised"), 1);  // r1
  EXPECT_EQ(count("leader", "dispatch.supervised"), 1);
  EXPECT_EQ(count("dispatcher", "dispatch.overdue"), 0);
  EXPECT_EQ(count("handler", "task.dispatched"), 1);  // d1
  EXPECT_EQ(count("handler", "task.handling"), 1);    // d5
  EXPECT_EQ(count("handler", "task.whistle"), 1);     // d4
  EXPECT_EQ(count("handler", "task.overdue"), 0);
  EXPECT_EQ(count("gridworker", "patrol.verify"), 1);  // d2, not the sibling grid's d3
  EXPECT_EQ(count("gridchief", "patrol.verify"), 2);   // the community holds both
  EXPECT_EQ(count("resident", "mine.progress"), 1);
  // The lists the cards link to answer the same rows.
  EXPECT_EQ(listed("dispatcher", "/api/v1/events?status=reported"), 1);
  EXPECT_EQ(listed("dispatcher", "/api/v1/events?status=handling&extension=true"), 1);
  EXPECT_EQ(listed("handler", "/api/v1/events?mine=whistled"), 1);
  EXPECT_EQ(listed("gridworker", "/api/v1/events?status=handled"), 1);
  EXPECT_EQ(listed("resident", "/api/v1/events?mine=reported&status=reported,accepted,dispatched,handling"), 1);
  // Figures: six events filed today in the leader's town; none closed.
  auto fig = work("leader").at("figures");
  EXPECT_EQ(fig.at("today_new").as_int64(), today_before + 6);
  EXPECT_GE(fig.at("month_new").as_int64(), fig.at("today_new").as_int64());
  // Unread notifications: what the inbox says.
  for (const char* who : {"dispatcher", "handler", "gridworker"}) {
    auto c = server_->client();
    std::int64_t unread = c.get("/api/v1/notifications", tokens_[who]).json().at("unread").as_int64();
    EXPECT_EQ(count(who, "unread"), std::min<std::int64_t>(unread, 99)) << who;
  }

  // Deadlines pass (the scheduler's recolouring, run as if three months had gone by): the
  // open events turn red; each queue's overdue count is what its tab lists.
  server_->app().events().refresh_sla(storage::now_ms() + 90LL * 86'400'000);
  std::int64_t red =
      listed("dispatcher", "/api/v1/events?status=reported,accepted,dispatched,handling,handled&overdue=true");
  EXPECT_GE(red, 4);  // r1, d1, d4, d5 at least
  EXPECT_EQ(count("dispatcher", "dispatch.overdue"), red);
  EXPECT_EQ(count("leader", "dispatch.overdue"), red);
  std::int64_t task_red = listed("handler", "/api/v1/events?mine=department&status=dispatched,handling&overdue=true");
  EXPECT_GE(task_red, 2);  // d1, d5
  EXPECT_EQ(count("handler", "task.overdue"), task_red);

  // Visits: households of the grid worker's grid not visited for 30 days, and planned visits.
  EXPECT_EQ(count("gridworker", "visits.worklist"), 0);
  auto household = [&](const std::string& who, const std::string& grid, const std::string& room) {
    return post(who, "/api/v1/households",
                {{"region_code", grid}, {"address", "平沙镇立新路 9 号"}, {"room", room}, {"housing_type", "owned"}});
  };
  std::int64_t a = household("gridworker", kHomeGrid, "101"), b = household("gridworker", kHomeGrid, "102");
  household("gridchief", kSiblingGrid, "201");
  EXPECT_EQ(count("gridworker", "visits.worklist"), 2);
  EXPECT_EQ(count("gridchief", "visits.worklist"), 3);
  const Calendar& cal = server_->app().calendar();
  std::string next_week = format_day(cal.day_of(storage::now_ms()) + 7);
  post("gridworker", "/api/v1/visits", {{"household_id", a}, {"planned_on", next_week}, {"purpose", "走访慰问"}});
  post("gridworker", "/api/v1/visits", {{"household_id", b}, {"findings", "一切正常"}});
  EXPECT_EQ(count("gridworker", "visits.worklist"), 1);  // a: only planned
  EXPECT_EQ(count("gridworker", "visits.planned"), 1);
  EXPECT_EQ(listed("gridworker", "/api/v1/visits?status=planned"), 1);

  // Disputes: open ones to mediate, then one in mediation.
  auto dispute = [&]() {
    return post("gridworker", "/api/v1/disputes",
                {{"region_code", kHomeGrid},
                 {"type", "neighbour"},
                 {"title", "邻里噪音纠纷"},
                 {"description", "楼上装修噪音"},
                 {"place", "立新路 9 号"},
                 {"risk", "low"},
                 {"source", "visit"},
                 {"parties", json::array{json::object{{"role", "applicant"}, {"name", "李梅"}}}}});
  };
  std::int64_t p = dispute();
  dispute();
  EXPECT_EQ(count("mediator", "mediation.open"), 2);
  EXPECT_EQ(count("mediator", "mediation.mediating"), 0);
  auto c = server_->client();
  auto v = c.get("/api/v1/disputes/" + std::to_string(p), tokens_["mediator"]).json().at("version");
  post("mediator", "/api/v1/disputes/" + std::to_string(p) + "/sessions",
       {{"record", "听取双方陈述"}, {"result", "continue"}, {"version", v}});
  EXPECT_EQ(count("mediator", "mediation.open"), 1);
  EXPECT_EQ(count("mediator", "mediation.mediating"), 1);
  EXPECT_EQ(listed("mediator", "/api/v1/disputes?status=open"), 1);
}

TEST_F(MyWorkTest, ACountStopsAtTheCapAndSaysMore) {
  // The volunteer's own reports in progress: 101 of them count as 99 and more.
  for (int i = 0; i < 101; ++i) report("volunteer", kHomeGrid);
  auto mine = items("volunteer").at("mine.progress");
  EXPECT_EQ(mine.first, 99);
  EXPECT_TRUE(mine.second);
  auto reported = items("dispatcher").at("dispatch.reported");
  EXPECT_EQ(reported.first, 99);
  EXPECT_TRUE(reported.second);
  // Below the cap, more is false.
  auto accepted = items("dispatcher").at("dispatch.accepted");
  EXPECT_LT(accepted.first, 99);
  EXPECT_FALSE(accepted.second);
}

}  // namespace
}  // namespace wangge::testing
