// Grid teams through HTTP on both backends: rosters by post with duplicates refused and
// their history kept; a resident's "my grid team" with masked and published phones, the
// call button's number audited and refused off the caller's line; the printed board; a call
// reaching the on-duty grid worker's inbox, answered once with its response time; call
// figures on constructed data; households in care refused outside the carer's grid, visits
// with the 六提六知 checklist, the worklist by due date and coverage with known answers,
// read back from the .xlsx; bad input refused with nothing changed; access.
#include <gtest/gtest.h>

#include "core/json.h"
#include "core/storage/database.h"
#include "integration/harness.h"
#include "integration/xlsx_reader.h"

namespace wangge::testing {
namespace {

namespace json = boost::json;

constexpr const char* kTeamGrid = "440404104001001";
constexpr const char* kSibling = "440404104001002";
constexpr const char* kFigures = "440404104001003";
constexpr const char* kFar = "440404104002001";

class TeamsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    tokens_["admin"] = server_->login("admin", kAdminPassword);
    for (const char* u :
         {"secretary", "resident", "gridworker", "gridchief", "leader", "partymember", "volunteer", "dispatcher"})
      tokens_[u] = server_->login(u);
    make_user("farresident", "resident", kFar);
    make_user("farworker", "grid_worker", kFar);
    make_user("g3resident", "resident", kFigures);
    make_user("g3worker", "grid_worker", kFigures);
  }
  static void TearDownTestSuite() { delete server_; }
  static void make_user(const std::string& name, const std::string& role, const std::string& region) {
    auto c = server_->client();
    auto u = c.send_json("POST", "/api/v1/users",
                         {{"username", name}, {"display_name", name}, {"password", "Team#2026x"}}, tokens_["admin"]);
    ASSERT_EQ(u.status, 201) << u.body;
    auto id = std::to_string(u.json().at("id").as_int64());
    ASSERT_EQ(c.send_json("POST", "/api/v1/users/" + id + "/grants", {{"role", role}, {"region_code", region}},
                          tokens_["admin"])
                  .status,
              201);
    tokens_[name] = server_->login(name, "Team#2026x");
  }
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
  static void exec(const std::string& sql, const std::vector<storage::Value>& p) {
    server_->app().db().write([&](storage::Tx& tx) { tx.exec(sql, p); });
  }
  // The item of a list whose `key` is `value` (null when none).
  static json::value item(const json::value& list, const std::string& key, const json::value& value) {
    for (const auto& x : list.as_array())
      if (x.at(key) == value) return x;
    return nullptr;
  }
  static std::int64_t add(const json::object& body, const std::string& who = "secretary") {
    auto r = post(who, "/api/v1/team-members", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json().at("id").as_int64() : 0;
  }
  // A household of `grid` with `people` persons; the first carries `tag` when given.
  static std::int64_t household(const std::string& grid, const std::string& address, int people,
                                const std::string& tag = "") {
    auto h =
        post("admin", "/api/v1/households", {{"region_code", grid}, {"address", address}, {"housing_type", "owned"}});
    EXPECT_EQ(h.status, 201) << h.body;
    auto id = h.json().at("id").as_int64();
    for (int i = 0; i < people; ++i) {
      auto p = post("admin", "/api/v1/persons",
                    {{"name", address + "住户" + std::to_string(i)},
                     {"gender", i % 2 ? "female" : "male"},
                     {"birth_date", "1950-03-0" + std::to_string(i + 1)},
                     {"household_id", id},
                     {"relation", i == 0 ? "head" : "spouse"}});
      EXPECT_EQ(p.status, 201) << p.body;
      if (i == 0 && !tag.empty()) {
        auto t =
            post("admin", "/api/v1/persons/" + std::to_string(p.json().at("id").as_int64()) + "/tags", {{"tag", tag}});
        EXPECT_EQ(t.status, 201) << t.body;
      }
    }
    return id;
  }
  static TestServer* server_;
  static std::map<std::string, std::string> tokens_;
};

TestServer* TeamsTest::server_ = nullptr;
std::map<std::string, std::string> TeamsTest::tokens_;

TEST_F(TeamsTest, RosterEntriesAreAddedChangedAndEndedWithDuplicatesRefused) {
  const std::string rows = "SELECT COUNT(*) FROM team_members";
  auto id = add({{"region_code", kSibling},
                 {"post", "building_head"},
                 {"name", "测试楼栋长甲"},
                 {"phone", "138 1234 5678"},
                 {"responsibility", "1-3栋"}});
  auto e = get("gridchief", "/api/v1/team-members/" + std::to_string(id)).json();
  EXPECT_EQ(e.at("phone"), "138****5678");
  EXPECT_EQ(e.at("status"), "active");
  EXPECT_EQ(e.at("level"), "grid");
  auto before = scalar(rows);
  // Duplicates: the same name and phone, the same account on the same post.
  auto dup =
      post("secretary", "/api/v1/team-members",
           {{"region_code", kSibling}, {"post", "building_head"}, {"name", "测试楼栋长甲"}, {"phone", "13812345678"}});
  EXPECT_EQ(dup.status, 409) << dup.body;
  add({{"region_code", kSibling}, {"post", "volunteer"}, {"name", "测试志愿者乙"}, {"username", "volunteer"}});
  dup = post("secretary", "/api/v1/team-members",
             {{"region_code", kSibling}, {"post", "volunteer"}, {"name", "测试志愿者丙"}, {"username", "volunteer"}});
  EXPECT_EQ(dup.status, 409) << dup.body;
  before = scalar(rows);
  // Bad input, other places, other roles: refused, nothing written.
  for (const auto& bad : std::vector<json::object>{
           {{"region_code", kSibling}, {"post", "mayor"}, {"name", "x"}},
           {{"region_code", std::string(kSibling) + "001"}, {"post", "volunteer"}, {"name", "x"}},
           {{"region_code", "440404104001999"}, {"post", "volunteer"}, {"name", "x"}},
           {{"region_code", kSibling}, {"post", "volunteer"}, {"name", "x"}, {"phone", "12345"}},
           {{"region_code", kSibling}, {"post", "volunteer"}, {"name", "x"}, {"username", "nobody"}},
           {{"region_code", kSibling}, {"post", "volunteer"}, {"name", "x"}, {"username", "farworker"}},
           {{"region_code", kSibling}, {"post", "volunteer"}, {"name", "x"}, {"phone_public", true}},
           {{"region_code", kSibling}, {"post", "volunteer"}, {"name", ""}},
           {{"region_code", kSibling}, {"post", "volunteer"}, {"name", "x"}, {"since", "2099-01-01"}}})
    EXPECT_EQ(post("secretary", "/api/v1/team-members", bad).status, 422) << json::serialize(bad);
  EXPECT_EQ(
      post("gridworker", "/api/v1/team-members", {{"region_code", kTeamGrid}, {"post", "volunteer"}, {"name", "x"}})
          .status,
      403);
  for (const char* region : {kFar, "440404104"})
    EXPECT_EQ(post("secretary", "/api/v1/team-members", {{"region_code", region}, {"post", "volunteer"}, {"name", "x"}})
                  .status,
              403);
  EXPECT_EQ(scalar(rows), before);
  // Changes, with the version.
  auto path = "/api/v1/team-members/" + std::to_string(id);
  auto changed =
      call("secretary", "PATCH", path, {{"version", 1}, {"on_duty", true}, {"responsibility", "1-3栋、5栋"}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.json().at("version"), 2);
  EXPECT_EQ(changed.json().at("on_duty"), true);
  EXPECT_EQ(call("secretary", "PATCH", path, {{"version", 1}, {"sort", 3}}).status, 409);
  EXPECT_EQ(call("gridworker", "PATCH", path, {{"version", 2}, {"sort", 3}}).status, 403);
  // Ended with its reason: kept in the history, out of the active list; once.
  auto ended = post("secretary", path + "/end", {{"reason", "搬离本社区"}});
  ASSERT_EQ(ended.status, 200) << ended.body;
  EXPECT_EQ(ended.json().at("status"), "ended");
  EXPECT_FALSE(ended.json().at("until").is_null());
  EXPECT_EQ(post("secretary", path + "/end", {{"reason", "again"}}).status, 409);
  EXPECT_EQ(call("secretary", "PATCH", path, {{"version", 3}, {"sort", 3}}).status, 409);
  auto list = [&](const std::string& q) {
    return get("secretary", "/api/v1/team-members?region=" + std::string(kSibling) + q).json().at("items");
  };
  EXPECT_TRUE(item(list(""), "id", id).is_null());
  EXPECT_EQ(item(list("&active=false"), "id", id).at("end_reason"), "搬离本社区");
  EXPECT_FALSE(item(list("&active=all&post=building_head"), "id", id).is_null());
  // The same person may take the post again: two rows of history.
  add({{"region_code", kSibling}, {"post", "building_head"}, {"name", "测试楼栋长甲"}, {"phone", "13812345678"}});
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM team_members WHERE region_code = ? AND post = 'building_head'", {kSibling}),
            2);
  // Off the reader's line: a grid worker does not see a sibling grid's team.
  EXPECT_EQ(get("gridworker", path).status, 404);
  EXPECT_EQ(get("resident", "/api/v1/team-members").status, 403);
}

TEST_F(TeamsTest, TheResidentSeesTheirTeamWithMaskedPhonesAndTheCallButtonIsAudited) {
  auto lawyer = add({{"region_code", kTeamGrid},
                     {"post", "legal_adviser"},
                     {"name", "测试法律顾问"},
                     {"phone", "13911112222"},
                     {"phone_public", true},
                     {"sort", 20}});
  auto nurse =
      add({{"region_code", kTeamGrid}, {"post", "health_worker"}, {"name", "测试健康员"}, {"phone", "13933334444"}});
  auto team = get("resident", "/api/v1/me/grid-team");
  ASSERT_EQ(team.status, 200) << team.body;
  auto t = team.json();
  EXPECT_EQ(t.at("grid_code"), kTeamGrid);
  EXPECT_EQ(t.at("community_code"), "440404104001");
  EXPECT_EQ(item(t.at("members"), "id", lawyer).at("phone"), "13911112222");
  EXPECT_EQ(item(t.at("members"), "id", nurse).at("phone"), "139****4444");
  EXPECT_FALSE(item(t.at("members"), "post", "grid_chief").is_null());  // the demo's team
  EXPECT_EQ(item(t.at("members"), "post", "full_time").at("on_duty"), true);
  EXPECT_FALSE(t.at("community_members").as_array().empty());
  EXPECT_EQ(team.body.find("ZXW"), std::string::npos);
  // The call button: the whole number, audited; not for a caller off the entry's line.
  const std::string audit = "SELECT COUNT(*) FROM audit_log WHERE action = 'teams:member:phone'";
  auto audited = scalar(audit);
  auto reveal = post("resident", "/api/v1/team-members/" + std::to_string(nurse) + "/phone");
  ASSERT_EQ(reveal.status, 200) << reveal.body;
  EXPECT_EQ(reveal.json().at("phone"), "13933334444");
  EXPECT_EQ(reveal.json().at("tel"), "tel:13933334444");
  EXPECT_EQ(scalar(audit), audited + 1);
  EXPECT_EQ(post("farresident", "/api/v1/team-members/" + std::to_string(nurse) + "/phone").status, 404);
  EXPECT_EQ(scalar(audit), audited + 1);
  auto far = get("farresident", "/api/v1/me/grid-team");
  ASSERT_EQ(far.status, 200) << far.body;
  EXPECT_EQ(far.json().at("grid_code"), kFar);
  EXPECT_TRUE(item(far.json().at("members"), "id", nurse).is_null());
  EXPECT_EQ(get("leader", "/api/v1/me/grid-team").status, 404);  // no grid of their own
  // A photo on the card (attachment owner kind team_member).
  auto up = server_->client().request(
      "POST", "/api/v1/attachments", make_png(2101),
      {{"Content-Type", "application/octet-stream"}, {"Authorization", "Bearer " + tokens_.at("secretary")}});
  ASSERT_EQ(up.status, 201) << up.body;
  std::string hash(up.json().at("hash").as_string());
  auto photo =
      call("secretary", "PATCH", "/api/v1/team-members/" + std::to_string(lawyer), {{"version", 1}, {"photo", hash}});
  ASSERT_EQ(photo.status, 200) << photo.body;
  EXPECT_EQ(get("resident", "/api/v1/attachments/" + hash).status, 200);
  EXPECT_NE(get("farresident", "/api/v1/attachments/" + hash).status, 200);
  // The printed board, for the roster's readers of that node.
  auto board = get("gridworker", "/api/v1/regions/" + std::string(kTeamGrid) + "/team-board");
  ASSERT_EQ(board.status, 200) << board.body;
  EXPECT_EQ(item(board.json().at("members"), "id", lawyer).at("phone"), "13911112222");
  EXPECT_EQ(item(board.json().at("members"), "id", nurse).at("phone"), "139****4444");
  EXPECT_EQ(get("resident", "/api/v1/regions/" + std::string(kTeamGrid) + "/team-board").status, 403);
  EXPECT_EQ(get("gridworker", "/api/v1/regions/" + std::string(kSibling) + "/team-board").status, 403);
  EXPECT_EQ(get("gridworker", "/api/v1/regions/440404104/team-board").status, 403);
  EXPECT_EQ(get("secretary", "/api/v1/regions/440404104001001001/team-board").status, 422);  // a unit
  // The roster ledger: phones masked unless published.
  auto x = get("secretary", "/api/v1/exports/team-roster?region=" + std::string(kTeamGrid));
  ASSERT_EQ(x.status, 200);
  std::map<std::string, std::string> phones;
  for (const auto& row : sheet_rows(x.body))
    if (row.size() > 5) phones[row[4]] = row[5];
  EXPECT_EQ(phones["测试法律顾问"], "13911112222");
  EXPECT_EQ(phones["测试健康员"], "139****4444");
}

TEST_F(TeamsTest, ACallReachesTheOnDutyWorkerAndIsAnsweredOnce) {
  const std::string rows = "SELECT COUNT(*) FROM team_calls";
  auto before = scalar(rows);
  for (const auto& bad : std::vector<json::object>{{{"message", ""}},
                                                   {{"message", "x"}, {"kind", "chat"}},
                                                   {{"message", std::string(501, 'x')}},
                                                   {{"message", "x"}, {"urgent", true}}})
    EXPECT_EQ(post("resident", "/api/v1/grid-team/calls", bad).status, 422) << json::serialize(bad);
  EXPECT_EQ(post("leader", "/api/v1/grid-team/calls", {{"message", "x"}}).status, 403);
  EXPECT_EQ(post("volunteer", "/api/v1/grid-team/calls", {{"message", "x"}}).status, 404);  // no grid
  EXPECT_EQ(scalar(rows), before);
  auto made = post("resident", "/api/v1/grid-team/calls", {{"message", "3栋2单元楼道灯坏了"}, {"kind", "report"}});
  ASSERT_EQ(made.status, 201) << made.body;
  auto id = made.json().at("id").as_int64();
  auto path = "/api/v1/grid-team/calls/" + std::to_string(id);
  EXPECT_EQ(made.json().at("recipients"), 1);
  EXPECT_EQ(made.json().at("status"), "open");
  EXPECT_EQ(made.json().at("mine"), true);
  // In the on-duty worker's inbox.
  auto inbox = get("gridworker", "/api/v1/notifications").json();
  EXPECT_FALSE(item(inbox.at("items"), "record", json::value("team_call:" + std::to_string(id))).is_null())
      << json::serialize(inbox);
  EXPECT_EQ(item(get("gridworker", "/api/v1/grid-team/calls").json().at("items"), "id", id).at("can_answer"), true);
  EXPECT_FALSE(item(get("resident", "/api/v1/grid-team/calls").json().at("items"), "id", id).is_null());
  EXPECT_TRUE(item(get("farresident", "/api/v1/grid-team/calls").json().at("items"), "id", id).is_null());
  // Answered once, by one it reached.
  EXPECT_EQ(post("partymember", path + "/answer").status, 404);
  EXPECT_EQ(post("resident", path + "/answer").status, 403);
  auto answered = post("gridworker", path + "/answer", {{"note", "已联系物业更换"}});
  ASSERT_EQ(answered.status, 200) << answered.body;
  EXPECT_EQ(answered.json().at("status"), "answered");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM team_calls WHERE id = ? AND response_ms = answered_at - created_at AND "
                   "response_ms >= 0",
                   {id}),
            1);
  EXPECT_EQ(post("gridworker", path + "/answer").status, 409);
  EXPECT_EQ(post("gridchief", path + "/answer").status, 409);
  auto mine = get("resident", "/api/v1/notifications").json();
  EXPECT_FALSE(item(mine.at("items"), "kind", "team.call.answered").is_null());
  EXPECT_EQ(post("resident", path + "/close").status, 200);
  EXPECT_EQ(post("resident", path + "/close").status, 409);
}

TEST_F(TeamsTest, CallFiguresAndGridTeamsOnConstructedData) {
  for (const char* post_name : {"grid_chief", "building_head", "unit_head", "legal_adviser", "health_worker", "police"})
    add({{"region_code", kFigures}, {"post", post_name}, {"name", std::string("测试三网格") + post_name}});
  add({{"region_code", kFigures},
       {"post", "full_time"},
       {"name", "测试三网格员"},
       {"username", "g3worker"},
       {"on_duty", true}});
  std::vector<std::int64_t> calls;
  for (int i = 0; i < 4; ++i) {
    auto r = post("g3resident", "/api/v1/grid-team/calls", {{"message", "测试呼叫" + std::to_string(i)}});
    ASSERT_EQ(r.status, 201) << r.body;
    calls.push_back(r.json().at("id").as_int64());
  }
  const std::int64_t waits[] = {60'000, 120'000, 900'000};
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(post("g3worker", "/api/v1/grid-team/calls/" + std::to_string(calls[i]) + "/answer").status, 200);
    exec("UPDATE team_calls SET response_ms = ?, answered_at = created_at + ? WHERE id = ?",
         {waits[i], waits[i], calls[i]});
  }
  exec("UPDATE team_calls SET created_at = created_at - 1200000 WHERE id = ?", {calls[3]});
  auto s = get("secretary", "/api/v1/team-stats?region=" + std::string(kFigures) + "&from=2020-01-01");
  ASSERT_EQ(s.status, 200) << s.body;
  auto f = s.json();
  EXPECT_EQ(f.at("calls").at("calls"), 4);
  EXPECT_EQ(f.at("calls").at("answered"), 3);
  EXPECT_EQ(f.at("calls").at("open"), 1);
  EXPECT_EQ(f.at("calls").at("late"), 2);
  EXPECT_EQ(f.at("calls").at("median_response_ms"), 120000);
  EXPECT_EQ(f.at("calls").at("p90_response_ms"), 900000);
  EXPECT_EQ(f.at("roster").at("entries"), 7);
  EXPECT_EQ(f.at("roster").at("by_post").at("police"), 1);
  EXPECT_EQ(f.at("grids").at("grids"), 1);
  EXPECT_EQ(f.at("grids").at("without_chief"), 0);
  EXPECT_EQ(f.at("grids").at("without_on_duty"), 0);
  EXPECT_EQ(f.at("grids").at("model_complete"), 1);
  EXPECT_EQ(f.at("by_grid").at(0).at("has_chief"), true);
  auto community = get("secretary", "/api/v1/team-stats?region=440404104001").json();
  EXPECT_GE(community.at("grids").at("grids").as_int64(), 3);
  EXPECT_GE(community.at("grids").at("without_chief").as_int64(), 1);  // the sibling grid has none
  EXPECT_EQ(get("partymember", "/api/v1/team-stats").status, 403);
  EXPECT_EQ(get("secretary", "/api/v1/team-stats?region=440404104002").status, 403);
}

TEST_F(TeamsTest, HouseholdsInCareAreVisitedWithTheChecklistAndCovered) {
  ASSERT_EQ(call("secretary", "PUT", "/api/v1/care-settings/440404104001",
                 {{"key_days", 7}, {"care_days", 14}, {"ordinary_days", 30}, {"checklist", true}})
                .status,
            200);
  auto carer =
      add({{"region_code", kTeamGrid}, {"post", "volunteer"}, {"name", "测试志愿者"}, {"username", "volunteer"}});
  auto h1 = household(kTeamGrid, "测试路1号", 1, "community_correction");
  auto h2 = household(kTeamGrid, "测试路2号", 2, "elderly");
  auto h3 = household(kTeamGrid, "测试路3号", 3);
  auto h4 = household(kTeamGrid, "测试路4号", 1);
  auto outside = household(kSibling, "测试路9号", 1);
  std::map<std::int64_t, std::int64_t> a;
  for (auto h : {h1, h2, h3, h4}) {
    auto r = post("secretary", "/api/v1/care-assignments", {{"household_id", h}, {"member_id", carer}});
    ASSERT_EQ(r.status, 201) << r.body;
    a[h] = r.json().at("id").as_int64();
  }
  EXPECT_EQ(get("secretary", "/api/v1/care-assignments?member_id=" + std::to_string(carer))
                .json()
                .at("items")
                .as_array()
                .size(),
            4u);
  const std::string rows = "SELECT COUNT(*) FROM care_assignments";
  auto before = scalar(rows);
  auto out = post("secretary", "/api/v1/care-assignments", {{"household_id", outside}, {"member_id", carer}});
  EXPECT_EQ(out.status, 422) << out.body;
  EXPECT_EQ(post("secretary", "/api/v1/care-assignments", {{"household_id", h1}, {"member_id", carer}}).status, 409);
  EXPECT_EQ(post("gridworker", "/api/v1/care-assignments", {{"household_id", h3}, {"member_id", carer}}).status, 403);
  EXPECT_EQ(scalar(rows), before);
  auto first = get("volunteer", "/api/v1/care/worklist").json().at("items");
  EXPECT_EQ(item(first, "id", a[h1]).at("class"), "key");
  EXPECT_EQ(item(first, "id", a[h2]).at("class"), "care");
  EXPECT_EQ(item(first, "id", a[h3]).at("interval_days"), 30);
  // Visits: the community asks for all six items of 六提六知.
  json::object all;
  for (const char* k : {"ask_residence_know_building", "ask_building_know_household", "ask_household_know_person",
                        "ask_person_know_matter", "ask_matter_know_situation", "ask_situation_know_policy"})
    all[k] = json::object{{"done", true}, {"note", "已了解"}};
  json::object five = all;
  five.erase("ask_situation_know_policy");
  auto visit = [&](std::int64_t h, const json::value& checklist, const std::string& who = "volunteer",
                   std::optional<std::int64_t> ago = std::nullopt) {
    json::object body{{"findings", "家中情况稳定"}, {"checklist", checklist}};
    if (ago) body["visited_at"] = wangge::json::rfc3339(storage::now_ms() - *ago);
    return post(who, "/api/v1/care-assignments/" + std::to_string(a[h]) + "/visits", body);
  };
  EXPECT_EQ(visit(h1, nullptr).status, 422);
  EXPECT_EQ(visit(h1, five).status, 422);
  EXPECT_EQ(visit(h1, json::object{{"ask_weather", json::object{{"done", true}}}}).status, 422);
  EXPECT_EQ(visit(h1, all, "gridworker").status, 403);  // not the carer
  EXPECT_EQ(visit(h1, all, "farresident").status, 404);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM care_visits"), 0);
  auto v = visit(h1, all);
  ASSERT_EQ(v.status, 201) << v.body;
  EXPECT_EQ(v.json().at("persons"), 1);
  ASSERT_EQ(visit(h2, all).status, 201);
  ASSERT_EQ(visit(h2, all).status, 201);
  const std::int64_t sixty_days = 60LL * 86'400'000;
  auto old = visit(h4, all, "volunteer", sixty_days);
  ASSERT_EQ(old.status, 201) << old.body;
  std::string old_month(old.json().at("month").as_string());
  // The worklist by due date: the long-unvisited household first, overdue.
  auto work = get("volunteer", "/api/v1/care/worklist?member=me");
  ASSERT_EQ(work.status, 200) << work.body;
  const json::value listed = work.json();
  std::vector<std::int64_t> order;
  for (const auto& x : listed.at("items").as_array()) order.push_back(x.at("id").as_int64());
  EXPECT_EQ(order, (std::vector<std::int64_t>{a[h4], a[h1], a[h2], a[h3]}));
  EXPECT_EQ(listed.at("items").at(0).at("overdue"), true);
  EXPECT_EQ(listed.at("items").at(1).at("overdue"), false);
  EXPECT_EQ(get("gridchief", "/api/v1/care/worklist?member=" + std::to_string(carer)).status, 200);
  EXPECT_EQ(get("farworker", "/api/v1/care/worklist?member=" + std::to_string(carer)).status, 404);
  // Coverage this month: 2 of 4 households visited, 3 visits, 1 + 2 + 2 persons, 1 overdue.
  auto cov = get("secretary", "/api/v1/care/coverage?region=" + std::string(kTeamGrid));
  ASSERT_EQ(cov.status, 200) << cov.body;
  auto row = item(cov.json().at("items"), "member_id", carer);
  ASSERT_FALSE(row.is_null()) << cov.body;
  EXPECT_EQ(row.at("households_in_care"), 4);
  EXPECT_EQ(row.at("households_visited"), 2);
  EXPECT_EQ(row.at("visits"), 3);
  EXPECT_EQ(row.at("persons"), 5);
  EXPECT_DOUBLE_EQ(row.at("coverage").to_number<double>(), 50.0);
  EXPECT_EQ(row.at("overdue"), 1);
  for (const std::string region : {kTeamGrid, "440404104001"}) {
    auto totals = get("secretary", "/api/v1/care/coverage?region=" + region).json().at("totals");
    EXPECT_EQ(totals.at("households_in_care"), 4) << region;
    EXPECT_EQ(totals.at("households_visited"), 2) << region;
    EXPECT_EQ(totals.at("visits"), 3) << region;
    EXPECT_EQ(totals.at("overdue"), 1) << region;
  }
  auto then = get("secretary", "/api/v1/care/coverage?region=" + std::string(kTeamGrid) + "&month=" + old_month).json();
  EXPECT_EQ(item(then.at("items"), "member_id", carer).at("visits"), 1);
  EXPECT_EQ(then.at("totals").at("persons"), 1);
  // The ledger.
  auto x = get("secretary", "/api/v1/exports/care-coverage?region=" + std::string(kTeamGrid));
  ASSERT_EQ(x.status, 200);
  bool found = false;
  for (const auto& r : sheet_rows(x.body))
    if (r.size() > 9 && r[1] == "测试志愿者")
      found = r[4] == "4" && r[5] == "2" && r[6] == "3" && r[7] == "5" && r[9] == "1";
  EXPECT_TRUE(found);
  // Ending a household's care.
  auto end = post("secretary", "/api/v1/care-assignments/" + std::to_string(a[h3]) + "/end", {{"reason", "户主搬迁"}});
  ASSERT_EQ(end.status, 200) << end.body;
  EXPECT_EQ(post("secretary", "/api/v1/care-assignments/" + std::to_string(a[h3]) + "/end", {{"reason", "x"}}).status,
            409);
  EXPECT_EQ(visit(h3, all).status, 409);
  auto after = get("secretary", "/api/v1/care/coverage?region=440404104001").json().at("totals");
  EXPECT_EQ(after.at("households_in_care"), 3);
  EXPECT_EQ(get("volunteer", "/api/v1/care/coverage").status, 403);
  EXPECT_EQ(get("gridchief", "/api/v1/care/coverage?region=" + std::string(kFar)).status, 403);
  EXPECT_EQ(call("gridworker", "PUT", "/api/v1/care-settings/440404104001", {{"key_days", 3}}).status, 403);
  EXPECT_EQ(call("secretary", "PUT", "/api/v1/care-settings/440404104001", {{"key_days", 0}}).status, 422);
}

}  // namespace
}  // namespace wangge::testing
