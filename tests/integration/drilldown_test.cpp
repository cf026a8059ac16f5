// The cockpit's drill-downs through HTTP on both backends (docs/COCKPIT.md): a department's
// bar opens GET /events?department=<id>&from=&to= (and exports the same rows), which narrows
// the caller's scope and never widens it, intersects with mine=department and the created
// period; the visits figure opens GET /visits?from=&to= on the visit's date. Events and
// visits are planted with known dates and departments, so the right answers are known.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "accounts/service.h"
#include "core/calendar.h"
#include "events/service.h"
#include "events/store.h"
#include "integration/harness.h"
#include "integration/xlsx_reader.h"
#include "registry/store.h"
#include "territory/service.h"

namespace wangge::testing {
namespace {

namespace json = boost::json;

using Ids = std::set<std::int64_t>;

constexpr const char* kDrillGrid = "440404104001001";
constexpr const char* kDrillGridPath = "/44/4404/440404/440404104/440404104001/440404104001001/";
constexpr const char* kDrillCommunityPath = "/44/4404/440404/440404104/440404104001/";
constexpr const char* kPeriod = "from=2024-03-01&to=2024-03-10";

class DrilldownTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    for (const char* u : {"leader", "handler", "dispatcher", "gridworker"}) tokens_[u] = server_->login(u);
    tokens_["admin"] = server_->login("admin", kAdminPassword);
    auto c = server_->client();
    // The departments serving the community: the town's stations and the district's bureaus.
    auto deps = c.get("/api/v1/departments?region=440404104001", tokens_["dispatcher"]).json();
    for (const auto& d : deps.at("items").as_array()) {
      if (d.at("kind") == "urban_management") urban_ = d.at("id").as_int64();
      if (d.at("kind") == "justice") justice_ = d.at("id").as_int64();
      if (d.at("kind") == "environment") district_ = d.at("id").as_int64();
    }
    plant_events();
  }
  static void TearDownTestSuite() { delete server_; }

  // A town of the district beside the demo's (no boundary; records there are placed by
  // code): its department and events are out of the leader's and the handler's reach.
  static territory::Region foreign_town() {
    auto c = server_->client();
    auto r = c.send_json("POST", "/api/v1/regions",
                         {{"code", "440404997"}, {"name", "下钻外镇"}, {"level", "town"}, {"parent_code", "440404"}},
                         tokens_["admin"]);
    EXPECT_EQ(r.status, 201) << r.body;
    auto town = server_->app().territory().find("440404997", false);
    if (!town) ADD_FAILURE() << "no town 440404997";
    return town.value_or(territory::Region{});
  }

  static events::Event planted(const std::string& tracking, const std::string& created_day,
                               std::optional<std::int64_t> department) {
    const Calendar& cal = server_->app().events().calendar();
    events::Event e;
    e.tracking_code = tracking;
    e.source = "resident";
    e.category_code = "0301";
    e.priority = "normal";
    e.status = "handling";
    e.level = "community";
    e.handling_code = "440404104001";
    e.handling_path = kDrillCommunityPath;
    e.grid_code = kDrillGrid;
    e.region_path = kDrillGridPath;
    e.description = "构造的下钻事件";
    e.reporter_name = "测试";
    e.created_at = e.stage_started_at = e.updated_at = cal.midnight(parse_day(created_day)) + 9 * 3'600'000LL;
    e.sla = "ok";
    e.department_id = department;
    return e;
  }

  // In the demo town: urban management 3 in the period and 1 after it, justice 1, the
  // district's bureau 1, one without a department; in another town: 2 of its department.
  static void plant_events() {
    ASSERT_GT(urban_, 0);
    ASSERT_GT(justice_, 0);
    ASSERT_GT(district_, 0);
    territory::Region town = foreign_town();
    ASSERT_FALSE(town.code.empty());
    auto& svc = server_->app().events();
    server_->app().db().write([&](storage::Tx& tx) {
      urban_in_.clear();  // a write's closure may run twice
      foreign_in_.clear();
      events::Department d;
      d.region_code = town.code;
      d.region_path = town.path;
      d.kind = "urban_management";
      d.name = "外镇综合行政执法办";
      foreign_ = events::store::insert_department(tx, d, storage::now_ms());
      auto put = [&](const events::Event& e) { return events::store::insert(tx, svc.calendar(), e); };
      for (int i = 0; i < 3; ++i) urban_in_.insert(put(planted("DRL10" + std::to_string(i), "2024-03-04", urban_)));
      urban_after_ = put(planted("DRL200", "2024-03-20", urban_));
      justice_in_ = put(planted("DRL300", "2024-03-05", justice_));
      district_in_ = put(planted("DRL400", "2024-03-06", district_));
      none_in_ = put(planted("DRL500", "2024-03-04", std::nullopt));
      for (int i = 0; i < 2; ++i) {
        events::Event e = planted("DRL60" + std::to_string(i), "2024-03-04", foreign_);
        e.level = "street";
        e.handling_code = town.code;
        e.handling_path = town.path;
        e.grid_code.reset();
        e.region_path = town.path;
        foreign_in_.insert(put(e));
      }
      // The district's bureau serves the other town too: one event there.
      events::Event far = planted("DRL700", "2024-03-05", district_);
      far.level = "street";
      far.handling_code = town.code;
      far.handling_path = town.path;
      far.grid_code.reset();
      far.region_path = town.path;
      put(far);
    });
  }

  // The ids a list answers (every page), asserting 200.
  static Ids listed(const std::string& who, const std::string& path) {
    auto c = server_->client();
    Ids out;
    std::string cursor;
    for (int pages = 0; pages < 20; ++pages) {
      auto r = c.get(path + (cursor.empty() ? "" : "&cursor=" + cursor), tokens_[who]);
      EXPECT_EQ(r.status, 200) << who << " " << path << ": " << r.body;
      if (r.status != 200) return out;
      auto j = r.json();
      for (const auto& e : j.at("items").as_array()) out.insert(e.at("id").as_int64());
      if (j.at("next_cursor").is_null()) return out;
      cursor = std::string(j.at("next_cursor").as_string());
    }
    ADD_FAILURE() << "too many pages: " << path;
    return out;
  }
  static HttpResponse get(const std::string& who, const std::string& path) {
    auto c = server_->client();
    return c.request("GET", path, {}, {{"Authorization", "Bearer " + tokens_[who]}, {"Accept-Language", "zh-CN"}});
  }
  static void expect_bad_query(const std::string& who, const std::string& path, const std::string& field) {
    auto r = get(who, path);
    EXPECT_EQ(r.status, 400) << path << ": " << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json") << path;
    if (r.status != 400) return;
    EXPECT_EQ(str(r.json().at("code")), "invalid_query") << path;
    EXPECT_EQ(str(r.json().at("field")), field) << path;
  }
  static std::size_t export_audits() {
    auto c = server_->client();
    auto r = c.get("/api/v1/audit?action=events:event:export&limit=200", tokens_["admin"]);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r.json().at("items").as_array().size() : 0;
  }
  static std::string id(std::int64_t v) { return std::to_string(v); }

  static TestServer* server_;
  static std::map<std::string, std::string> tokens_;
  static std::int64_t urban_, justice_, district_, foreign_;
  static Ids urban_in_, foreign_in_;
  static std::int64_t urban_after_, justice_in_, district_in_, none_in_;
};
TestServer* DrilldownTest::server_ = nullptr;
std::map<std::string, std::string> DrilldownTest::tokens_;
std::int64_t DrilldownTest::urban_ = 0, DrilldownTest::justice_ = 0, DrilldownTest::district_ = 0,
             DrilldownTest::foreign_ = 0;
Ids DrilldownTest::urban_in_, DrilldownTest::foreign_in_;
std::int64_t DrilldownTest::urban_after_ = 0, DrilldownTest::justice_in_ = 0, DrilldownTest::district_in_ = 0,
             DrilldownTest::none_in_ = 0;

TEST_F(DrilldownTest, DepartmentFilterNarrowsTheScopeWithThePeriodAndMine) {
  const std::string period = kPeriod;
  // The period alone: every planted event of the town in it (the filter below narrows this).
  Ids all = listed("leader", "/api/v1/events?" + period);
  for (auto e : urban_in_) EXPECT_TRUE(all.count(e));
  EXPECT_TRUE(all.count(none_in_));
  EXPECT_FALSE(all.count(urban_after_));

  // Exactly the department's events of the period; over the month, the later one too.
  EXPECT_EQ(listed("leader", "/api/v1/events?department=" + id(urban_) + "&" + period), urban_in_);
  Ids month = urban_in_;
  month.insert(urban_after_);
  EXPECT_EQ(listed("leader", "/api/v1/events?department=" + id(urban_) + "&from=2024-03-01&to=2024-04-01"), month);
  // Page by page (the filter kept with the cursor).
  EXPECT_EQ(listed("leader", "/api/v1/events?limit=2&department=" + id(urban_) + "&" + period), urban_in_);
  // A list of departments; a district bureau's event in the town.
  Ids two = urban_in_;
  two.insert(justice_in_);
  EXPECT_EQ(listed("leader", "/api/v1/events?department=" + id(urban_) + "," + id(justice_) + "&" + period), two);
  EXPECT_EQ(listed("leader", "/api/v1/events?department=" + id(district_) + "&" + period), Ids{district_in_});
  // With the other filters: none of the urban events is closed.
  EXPECT_TRUE(listed("leader", "/api/v1/events?status=closed&department=" + id(urban_) + "&" + period).empty());

  // Another town's department: nothing within the leader's town; the administrator, whose
  // scope holds that town, lists its two events (the filter does not hide them).
  EXPECT_TRUE(listed("leader", "/api/v1/events?department=" + id(foreign_) + "&" + period).empty());
  EXPECT_EQ(listed("admin", "/api/v1/events?department=" + id(foreign_) + "&" + period), foreign_in_);
  EXPECT_TRUE(listed("leader", "/api/v1/events?department=987654321&" + period).empty());

  // mine=department: the handler's departments' tasks, intersected with the filter.
  EXPECT_EQ(listed("handler", "/api/v1/events?mine=department&department=" + id(urban_) + "&" + period), urban_in_);
  EXPECT_TRUE(listed("handler", "/api/v1/events?mine=department&department=" + id(district_) + "&" + period).empty());
  EXPECT_TRUE(listed("handler", "/api/v1/events?department=" + id(foreign_) + "&" + period).empty());

  // The cockpit's bar counts what the drill-down lists.
  auto k = get("leader", "/api/v1/cockpit?region=440404104&" + period);
  ASSERT_EQ(k.status, 200) << k.body;
  bool bar = false;
  const auto cockpit = k.json();
  for (const auto& d : cockpit.at("departments").as_array()) {
    if (d.at("id").as_int64() != urban_) continue;
    bar = true;
    EXPECT_EQ(d.at("total").as_int64(), static_cast<std::int64_t>(urban_in_.size()));
  }
  EXPECT_TRUE(bar);
  // A district bureau on the town's cockpit counts the town's events, not the district's;
  // on the district's cockpit, both towns'.
  auto bar_total = [&](const json::value& page, std::int64_t dep) -> std::int64_t {
    for (const auto& d : page.at("departments").as_array())
      if (d.at("id").as_int64() == dep) return d.at("total").as_int64();
    return 0;
  };
  EXPECT_EQ(bar_total(cockpit, district_), 1);
  auto county = get("admin", "/api/v1/cockpit?region=440404&" + period);
  ASSERT_EQ(county.status, 200) << county.body;
  EXPECT_EQ(bar_total(county.json(), district_), 2);

  // Malformed ids: 400 problem+json naming the parameter.
  for (const char* bad : {"abc", "0", "-3", "1,abc", "1.5", "12345678901234567890"})
    expect_bad_query("leader", std::string("/api/v1/events?department=") + bad, "department");
}

TEST_F(DrilldownTest, TheExportHasTheListsRows) {
  const std::string period = kPeriod;
  std::size_t audits = export_audits();
  auto r = get("leader", "/api/v1/exports/events?department=" + id(urban_) + "&" + period);
  ASSERT_EQ(r.status, 200) << r.body;
  auto rows = sheet_rows(r.body);
  ASSERT_EQ(rows.size(), urban_in_.size() + 1) << "a header and the department's events";
  const auto& head = rows.at(0);
  auto col = [&](const std::string& name) {
    auto it = std::find(head.begin(), head.end(), name);
    EXPECT_NE(it, head.end()) << name;
    return static_cast<std::size_t>(it - head.begin());
  };
  std::size_t idc = col("编号"), depc = col("处置部门");
  Ids exported;
  std::string name;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    exported.insert(std::stoll(rows[i].at(idc)));
    if (name.empty()) name = rows[i].at(depc);
    EXPECT_EQ(rows[i].at(depc), name) << "one department's rows";
  }
  EXPECT_EQ(exported, urban_in_);
  EXPECT_EQ(name, "平沙镇综合行政执法办");
  EXPECT_EQ(export_audits(), audits + 1);

  // Another town's department: a header only.
  r = get("leader", "/api/v1/exports/events?department=" + id(foreign_) + "&" + period);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(sheet_rows(r.body).size(), 1u);
  // A malformed id: 400, no export made or audited.
  audits = export_audits();
  expect_bad_query("leader", "/api/v1/exports/events?department=abc&" + period, "department");
  EXPECT_EQ(export_audits(), audits);
}

TEST_F(DrilldownTest, VisitsByTheVisitsDate) {
  auto c = server_->client();
  auto h = c.send_json(
      "POST", "/api/v1/households",
      {{"region_code", kDrillGrid}, {"address", "平沙镇立新路 18 号"}, {"room", "3-302"}, {"housing_type", "owned"}},
      tokens_["gridworker"]);
  ASSERT_EQ(h.status, 201) << h.body;
  std::int64_t household = h.json().at("id").as_int64();
  auto visitor = server_->app().accounts().find_user_id("gridworker");
  ASSERT_TRUE(visitor);
  const Calendar& cal = server_->app().calendar();
  auto at = [&](const char* day, int minutes) { return cal.midnight(parse_day(day)) + minutes * 60'000LL; };
  // Done visits by when they were done, plans (kept or cancelled) by their day.
  struct Planted {
    const char* status;
    std::optional<std::int64_t> visited_at;
    std::optional<std::string> planned_on;
  };
  const std::vector<Planted> plan = {
      {"done", at("2024-03-05", 600), std::nullopt},           // 0: in
      {"done", at("2024-03-09", 23 * 60 + 30), std::nullopt},  // 1: in, the last day
      {"done", at("2024-03-10", 0), "2024-03-08"},             // 2: out (`to` excluded), planned inside
      {"planned", std::nullopt, "2024-03-08"},                 // 3: in
      {"cancelled", std::nullopt, "2024-03-12"},               // 4: out
      {"done", at("2024-02-29", 23 * 60 + 59), std::nullopt},  // 5: out, before
  };
  std::vector<std::int64_t> ids;
  server_->app().db().write([&](storage::Tx& tx) {
    ids.clear();  // a write's closure may run twice
    auto hh = registry::store::household(tx, household);
    ASSERT_TRUE(hh);
    for (const auto& p : plan) {
      registry::Visit v;
      v.household_id = household;
      v.region_code = hh->region_code;
      v.region_path = hh->region_path;
      v.status = p.status;
      v.planned_on = p.planned_on;
      v.visited_at = p.visited_at;
      if (p.visited_at) {
        v.visitor_id = *visitor;
        v.visitor_name = "立新社区第一网格网格员";
        v.findings = "构造的走访";
      }
      v.created_at = v.updated_at = p.visited_at.value_or(at("2024-03-01", 480));
      ids.push_back(registry::store::insert_visit(tx, v));
    }
  });
  ASSERT_EQ(ids.size(), plan.size());
  const std::string hq = "&household_id=" + id(household);
  EXPECT_EQ(listed("gridworker", std::string("/api/v1/visits?") + kPeriod), (Ids{ids[0], ids[1], ids[3]}));
  EXPECT_EQ(listed("gridworker", std::string("/api/v1/visits?status=done&") + kPeriod), (Ids{ids[0], ids[1]}));
  EXPECT_EQ(listed("gridworker", std::string("/api/v1/visits?limit=1&region=") + kDrillGrid + "&" + kPeriod),
            (Ids{ids[0], ids[1], ids[3]}));
  EXPECT_EQ(listed("gridworker", "/api/v1/visits?from=2024-03-10" + hq), (Ids{ids[2], ids[4]}));
  EXPECT_EQ(listed("gridworker", "/api/v1/visits?to=2024-03-01" + hq), Ids{ids[5]});
  EXPECT_EQ(listed("gridworker", "/api/v1/visits?from=2024-03-01&to=2024-03-02" + hq), Ids{});
  EXPECT_EQ(listed("gridworker", "/api/v1/visits?status=done" + hq), (Ids{ids[0], ids[1], ids[2], ids[5]}));

  // The cockpit's 户次 over the period is what the list holds done.
  auto k = get("leader", std::string("/api/v1/cockpit?region=440404104&") + kPeriod);
  ASSERT_EQ(k.status, 200) << k.body;
  EXPECT_EQ(k.json().at("visits").at("visits").as_int64(), 2);

  // Bad periods: to not after from, impossible or malformed days, outside the served years.
  expect_bad_query("gridworker", "/api/v1/visits?from=2024-03-10&to=2024-03-10", "to");
  expect_bad_query("gridworker", "/api/v1/visits?from=2024-03-10&to=2024-03-01", "to");
  expect_bad_query("gridworker", "/api/v1/visits?from=2024-13-01", "from");
  expect_bad_query("gridworker", "/api/v1/visits?to=yesterday", "to");
  expect_bad_query("gridworker", "/api/v1/visits?from=1999-01-01", "from");
  expect_bad_query("gridworker", "/api/v1/visits?from=2024-03-01T00:00:00Z", "from");
}

}  // namespace
}  // namespace wangge::testing
