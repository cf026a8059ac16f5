// The figures as the seeds define them (docs/EVENTS.md "Figures"), on constructed events
// whose right answers are known: 办结率 = closed ÷ reported, the on-time rate over every
// closure that fell due (open overdue events count against it), 当日办结率, satisfaction,
// the share solved at grid and community level; the same through the statistics route (a
// community: from the events; its town: from the counters) and the cockpit, with the
// department's on-time and rework figures and the grid's hotspot.
#include <gtest/gtest.h>

#include "core/calendar.h"
#include "events/service.h"
#include "events/store.h"
#include "integration/harness.h"

namespace wangge::testing {
namespace {

constexpr const char* kGridPath = "/44/4404/440404/440404104/440404104001/440404104001001/";
constexpr const char* kCommunityPath = "/44/4404/440404/440404104/440404104001/";

struct Planned {
  std::string status;
  int closed_after_days = -1;  // -1: open
  bool on_time = true;
  std::string sla = "none";
  std::optional<std::string> rating, level;
  bool department = false;
  int rework = 0;
};

// Ten events reported on Monday 4 March 2024 at 09:00 in grid 440404104001001.
std::int64_t plant(TestServer& server, std::int64_t department_id) {
  const std::vector<Planned> plan = {
      {"closed", 0, true, "none", "satisfied", "grid"},                   // 1-4: closed the same day
      {"closed", 0, true, "none", "satisfied", "grid"},                   //
      {"closed", 0, true, "none", "basically_satisfied", "community"},    //
      {"closed", 0, true, "none", "unsatisfied", "community"},            //
      {"closed", 2, true, "none", std::nullopt, "street", true},          // 5-6: two days later
      {"closed", 2, true, "none", std::nullopt, "street", true},          //
      {"closed", 16, false, "none", std::nullopt, "community", true, 1},  // 7: late, reworked
      {"handling", -1, false, "red", std::nullopt, std::nullopt, true},   // 8: open and overdue
      {"handling", -1, false, "ok", std::nullopt, std::nullopt, true},    // 9: open, not due yet
      {"rejected", -1, false, "none"},                                    // 10
  };
  auto& events = server.app().events();
  const Calendar& cal = events.calendar();
  std::int64_t created = cal.midnight(parse_day("2024-03-04")) + 9 * 3'600'000LL;
  server.app().db().write([&](storage::Tx& tx) {
    int i = 0;
    for (const auto& p : plan) {
      events::Event e;
      e.tracking_code = "FIG" + std::to_string(1000 + i++);
      e.source = "resident";
      e.category_code = "0301";
      e.priority = "normal";
      e.status = p.status;
      e.level = "community";
      e.handling_code = "440404104001";
      e.handling_path = kCommunityPath;
      e.grid_code = "440404104001001";
      e.region_path = kGridPath;
      e.description = "构造的统计事件";
      e.reporter_name = "测试";
      e.created_at = e.stage_started_at = created;
      e.sla = p.sla;
      e.rework_count = p.rework;
      if (p.department) e.department_id = department_id;
      if (p.closed_after_days >= 0) {
        e.closed_at = created + p.closed_after_days * 86'400'000LL + 6 * 3'600'000LL;
        e.on_time = p.on_time;
        e.solved_level = p.level;
        e.rating = p.rating;
      }
      e.updated_at = e.closed_at.value_or(created);
      events::store::insert(tx, cal, e);
    }
  });
  return created;
}

double num(const boost::json::value& v) {
  return v.to_number<double>();
}

TEST(FiguresTest, TheSeedsDefinitionsOnConstructedEvents) {
  TestServer server;
  auto c = server.client();
  std::string leader = server.login("leader");
  std::int64_t urban = 0;
  const auto deps = c.get("/api/v1/departments?region=440404104001", server.login("dispatcher")).json();
  for (const auto& d : deps.at("items").as_array()) {
    if (d.at("kind") == "urban_management") urban = d.at("id").as_int64();
  }
  ASSERT_GT(urban, 0);
  plant(server, urban);
  auto check = [&](const boost::json::value& s) {
    EXPECT_EQ(s.at("total").as_int64(), 10);
    EXPECT_EQ(s.at("closed").as_int64(), 7);
    EXPECT_DOUBLE_EQ(num(s.at("closure_rate")), 0.7);              // 7 closed of 10 reported
    EXPECT_DOUBLE_EQ(num(s.at("closure_rate_filed")), 7.0 / 9.0);  // the rejected one left out
    EXPECT_DOUBLE_EQ(num(s.at("on_time_rate")), 0.75);             // 6 on time of 7 closed + 1 overdue
    EXPECT_DOUBLE_EQ(num(s.at("on_time_rate_closed")), 6.0 / 7.0);
    EXPECT_DOUBLE_EQ(num(s.at("same_day_rate")), 0.4);  // 4 closed on 4 March
    EXPECT_DOUBLE_EQ(num(s.at("satisfaction_rate")), 0.75);
    EXPECT_DOUBLE_EQ(num(s.at("solved_at_grid_share")), 2.0 / 7.0);
    EXPECT_DOUBLE_EQ(num(s.at("solved_at_community_share")), 5.0 / 7.0);
  };
  // A community: computed from its events; its town: from the counters.
  for (const char* region : {"440404104001", "440404104"}) {
    SCOPED_TRACE(region);
    auto r = c.get(std::string("/api/v1/events/stats?region=") + region + "&from=2024-03-01&to=2024-04-01", leader);
    ASSERT_EQ(r.status, 200) << r.body;
    check(r.json());
  }

  auto r = c.get("/api/v1/cockpit?region=440404104&from=2024-03-01&to=2024-04-01", leader);
  ASSERT_EQ(r.status, 200) << r.body;
  auto k = r.json();
  auto cur = k.at("figures").at("current");
  EXPECT_EQ(cur.at("reported").as_int64(), 10);
  EXPECT_DOUBLE_EQ(num(cur.at("closure_rate")), 0.7);
  EXPECT_DOUBLE_EQ(num(cur.at("on_time_rate")), 0.75);
  EXPECT_DOUBLE_EQ(num(cur.at("same_day_rate")), 0.4);
  EXPECT_EQ(k.at("figures").at("previous").at("reported").as_int64(), 0);
  EXPECT_EQ(k.at("previous_from"), "2024-02-01");  // a month against the month before it
  // A year against the year before (not the 366 days before); days against as many days.
  for (auto [period, previous] : {std::pair{"from=2024-01-01&to=2025-01-01", "2023-01-01"},
                                  std::pair{"from=2024-03-05&to=2024-03-12", "2024-02-27"},
                                  std::pair{"from=2024-02-15&to=2024-03-01", "2024-01-31"}}) {
    auto p = c.get(std::string("/api/v1/cockpit?region=440404104&") + period, leader);
    ASSERT_EQ(p.status, 200) << p.body;
    EXPECT_EQ(p.json().at("previous_from"), previous) << period;
  }
  // The trend's month, the grid's hotspot, the category rising, the department.
  bool march = false;
  for (const auto& m : k.at("trend").as_array()) {
    if (m.at("month") == "2024-03") march = m.at("reported").as_int64() == 10;
  }
  EXPECT_TRUE(march);
  ASSERT_FALSE(k.at("hotspots").as_array().empty());
  auto hot = k.at("hotspots").at(0);
  EXPECT_EQ(hot.at("code"), "440404104001001");
  EXPECT_EQ(hot.at("total").as_int64(), 10);
  EXPECT_EQ(hot.at("overdue_open").as_int64(), 1);
  ASSERT_FALSE(k.at("categories").as_array().empty());
  EXPECT_EQ(k.at("categories").at(0).at("code"), "03");
  EXPECT_EQ(k.at("categories").at(0).at("count").as_int64(), 10);
  EXPECT_TRUE(k.at("categories").at(0).at("rising").as_bool());
  bool dep_seen = false;
  for (const auto& d : k.at("departments").as_array()) {
    if (d.at("id").as_int64() != urban) continue;
    dep_seen = true;
    EXPECT_EQ(d.at("total").as_int64(), 5);
    EXPECT_DOUBLE_EQ(num(d.at("on_time_rate")), 0.5);  // 2 on time of 3 closed + 1 overdue
    EXPECT_DOUBLE_EQ(num(d.at("rework_rate")), 1.0 / 3.0);
  }
  EXPECT_TRUE(dep_seen);

  // The cockpit is a leader's: a resident, a grid worker elsewhere, bad periods.
  EXPECT_EQ(c.get("/api/v1/cockpit?region=440404104", server.login("resident")).status, 403);
  EXPECT_EQ(c.get("/api/v1/cockpit?region=440404104002", server.login("gridworker")).status, 403);
  EXPECT_EQ(c.get("/api/v1/cockpit?region=440404104&from=2024-04-01&to=2024-03-01", leader).status, 400);
  EXPECT_EQ(c.get("/api/v1/cockpit?region=440404104&from=2024-13-01", leader).status, 400);
  EXPECT_EQ(c.get("/api/v1/cockpit?region=999999", leader).status, 404);
}

}  // namespace
}  // namespace wangge::testing
