// The emergency module through HTTP on both backends: one active plan per node and hazard;
// teams refusing a second current member with the same account or phone; a drill's
// check-in by the code shown at the site, once, inside its time only; attendance rates and
// assembly minutes on constructed data; supplies never below zero; an alert to a node the
// caller does not command refused with nothing changed; an alert reaching the members'
// inboxes and live streams, their responses and response times; the figures; the ledgers
// read back; access by role and place. Each test works in a grid of its own (立新社区's
// second to fifth grids), apart from the demo's first.
#include <gtest/gtest.h>

#include "core/json.h"
#include "core/storage/database.h"
#include "integration/harness.h"
#include "integration/xlsx_reader.h"

namespace wangge::testing {
namespace {

namespace json = boost::json;

constexpr const char* kCommunity = "440404104001";
constexpr std::int64_t kMin = 60'000;

class EmergencyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    tokens_["admin"] = server_->login("admin", kAdminPassword);
    for (const char* u :
         {"secretary", "gridchief", "gridworker", "partymember", "volunteer", "leader", "dispatcher", "resident"})
      tokens_[u] = server_->login(u);
  }
  static void TearDownTestSuite() { delete server_; }
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
  static json::value at(std::int64_t ms) { return json::value(wangge::json::rfc3339(ms)); }
  static std::int64_t id_of(const HttpResponse& r) { return r.json().at("id").as_int64(); }
  // A team at `grid` led by nobody, with the grid chief, the party member and the volunteer
  // (accounts) and one member without an account; answers its id and the members' ids by name.
  static std::pair<std::int64_t, std::map<std::string, std::int64_t>> team_of_four(const std::string& grid,
                                                                                   const std::string& name,
                                                                                   const std::string& phone) {
    auto t = post("gridchief", "/api/v1/emergency-teams", {{"region_code", grid}, {"kind", "patrol"}, {"name", name}});
    EXPECT_EQ(t.status, 201) << t.body;
    std::int64_t team = id_of(t);
    std::map<std::string, std::int64_t> ids;
    for (const char* u : {"gridchief", "partymember", "volunteer"}) {
      auto m = post("gridchief", "/api/v1/emergency-teams/" + std::to_string(team) + "/members",
                    {{"name", std::string("队员") + u}, {"username", u}, {"since", "2024-01-01"}});
      EXPECT_EQ(m.status, 201) << m.body;
      ids[u] = id_of(m);
    }
    auto m = post("gridchief", "/api/v1/emergency-teams/" + std::to_string(team) + "/members",
                  {{"name", "无账号队员"}, {"phone", phone}, {"since", "2024-01-01"}});
    EXPECT_EQ(m.status, 201) << m.body;
    ids["none"] = id_of(m);
    return {team, ids};
  }
  static std::int64_t activity(const std::string& grid, const std::string& kind, std::int64_t team, std::int64_t starts,
                               std::int64_t ends, const std::string& title) {
    auto r = post("gridchief", "/api/v1/emergency-activities",
                  {{"region_code", grid},
                   {"kind", kind},
                   {"team_ids", json::array{team}},
                   {"title", title},
                   {"place", "社区广场"},
                   {"starts_at", at(starts)},
                   {"ends_at", at(ends)}});
    EXPECT_EQ(r.status, 201) << r.body;
    return id_of(r);
  }
  static TestServer* server_;
  static std::map<std::string, std::string> tokens_;
};

TestServer* EmergencyTest::server_ = nullptr;
std::map<std::string, std::string> EmergencyTest::tokens_;

TEST_F(EmergencyTest, OneActivePlanPerNodeAndHazard) {
  auto first = post("secretary", "/api/v1/emergency-plans",
                    {{"region_code", kCommunity},
                     {"hazard", "earthquake"},
                     {"title", "立新社区地震应急预案（旧）"},
                     {"warning", "地震局发布预警后立即组织疏散"},
                     {"supplies", "帐篷 20 顶"},
                     {"organisation", "按楼栋分组"},
                     {"coordination", "与消防救援站联动"},
                     {"activate", true}});
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.json().at("status"), "active");
  auto second =
      post("secretary", "/api/v1/emergency-plans",
           {{"region_code", kCommunity}, {"hazard", "earthquake"}, {"title", "立新社区地震应急预案（修订）"}});
  ASSERT_EQ(second.status, 201) << second.body;
  EXPECT_EQ(second.json().at("status"), "draft");
  auto path2 = "/api/v1/emergency-plans/" + std::to_string(id_of(second));
  // A draft: its writers only.
  EXPECT_EQ(get("gridworker", path2).status, 404);
  EXPECT_EQ(call("secretary", "PATCH", path2, {{"version", 1}, {"reviewed_on", "2024-05-01"}}).status, 200);
  ASSERT_EQ(post("secretary", path2 + "/activate", {{"version", 2}}).status, 200);
  // The old one retired in the same step; one active per node and hazard.
  auto old = get("secretary", "/api/v1/emergency-plans/" + std::to_string(id_of(first))).json();
  EXPECT_EQ(old.at("status"), "retired");
  EXPECT_EQ(old.at("retired_reason"), "superseded");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM emergency_plans WHERE region_code = ? AND hazard = 'earthquake' AND status = "
                   "'active'",
                   {kCommunity}),
            1);
  // The grid worker reads the community's plans in force (on their line).
  auto list = get("gridworker", "/api/v1/emergency-plans?hazard=earthquake");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.json().at("items").as_array().size(), 2u);  // active and retired
  // States move one way; retired plans are kept as they were.
  EXPECT_EQ(post("secretary", path2 + "/activate", {{"version", 3}}).status, 409);
  auto oldpath = "/api/v1/emergency-plans/" + std::to_string(id_of(first));
  EXPECT_EQ(call("secretary", "PATCH", oldpath, {{"version", old.at("version")}, {"title", "改"}}).status, 409);
  EXPECT_EQ(post("secretary", oldpath + "/retire", {{"version", old.at("version")}}).status, 409);
  // Who may write, where; bad input; nothing changed.
  auto before = scalar("SELECT COUNT(*) FROM emergency_plans");
  EXPECT_EQ(
      post("gridchief", "/api/v1/emergency-plans", {{"region_code", kCommunity}, {"hazard", "fire"}, {"title", "x"}})
          .status,
      403);
  EXPECT_EQ(post("secretary", "/api/v1/emergency-plans",
                 {{"region_code", "440404104002"}, {"hazard", "fire"}, {"title", "x"}})
                .status,
            403);
  EXPECT_EQ(
      post("secretary", "/api/v1/emergency-plans", {{"region_code", kCommunity}, {"hazard", "meteor"}, {"title", "x"}})
          .status,
      422);
  EXPECT_EQ(post("secretary", "/api/v1/emergency-plans",
                 {{"region_code", kCommunity},
                  {"hazard", "fire"},
                  {"title", "x"},
                  {"attachments", json::array{std::string(64, 'c').c_str()}}})
                .status,
            422);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM emergency_plans"), before);
  EXPECT_EQ(get("resident", "/api/v1/emergency-plans").status, 403);
}

TEST_F(EmergencyTest, TeamsRefuseASecondCurrentMemberWithTheSameAccountOrPhone) {
  const std::string grid = "440404104001002";
  auto t = post("gridchief", "/api/v1/emergency-teams",
                {{"region_code", grid}, {"kind", "rescue"}, {"name", "第二网格应急救援队"}});
  ASSERT_EQ(t.status, 201) << t.body;
  auto members = "/api/v1/emergency-teams/" + std::to_string(id_of(t)) + "/members";
  EXPECT_EQ(post("gridchief", "/api/v1/emergency-teams",
                 {{"region_code", grid}, {"kind", "patrol"}, {"name", "第二网格应急救援队"}})
                .status,
            409);
  auto a = post("gridchief", members, {{"name", "赵一"}, {"phone", "13926002201"}, {"role", "leader"}});
  ASSERT_EQ(a.status, 201) << a.body;
  EXPECT_EQ(a.json().at("phone"), "139****2201");
  EXPECT_EQ(post("gridchief", members, {{"name", "赵二"}, {"phone", "+86 139 2600 2201"}}).status, 409);
  EXPECT_EQ(post("gridchief", members, {{"name", "钱三"}, {"role", "leader"}}).status, 409);  // one leader
  ASSERT_EQ(post("gridchief", members, {{"name", "孙四"}, {"username", "partymember"}}).status, 201);
  EXPECT_EQ(post("gridchief", members, {{"name", "孙四"}, {"username", "partymember"}}).status, 409);
  // An account must work or live on the line of the team's node: the first grid's worker does not.
  EXPECT_EQ(post("gridchief", members, {{"name", "李五"}, {"username", "gridworker"}}).status, 422);
  EXPECT_EQ(post("gridchief", members, {{"name", "李五"}, {"username", "nobody_here"}}).status, 422);
  EXPECT_EQ(post("gridchief", members, {{"name", "李五"}, {"phone", "12345"}}).status, 422);
  // A stay ended with its reason; then the phone may join again.
  auto leave = "/api/v1/emergency-members/" + std::to_string(id_of(a)) + "/leave";
  ASSERT_EQ(post("gridchief", leave, {{"reason", "调离本社区"}}).status, 200);
  EXPECT_EQ(post("gridchief", leave, {{"reason", "调离本社区"}}).status, 409);
  EXPECT_EQ(post("gridchief", members, {{"name", "赵一"}, {"phone", "13926002201"}}).status, 201);
  auto team = get("secretary", "/api/v1/emergency-teams/" + std::to_string(id_of(t)) + "?all=true");
  ASSERT_EQ(team.status, 200) << team.body;
  EXPECT_EQ(team.json().at("members").as_int64(), 2);
  EXPECT_EQ(team.json().at("members_list").as_array().size(), 3u);
  EXPECT_EQ(team.body.find("13926002201"), std::string::npos);  // masked only
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM emergency_members WHERE phone_masked = '139****2201'"), 2);
  // Access: no organiser's permission; another community; a foreign grid's staff.
  EXPECT_EQ(post("gridworker", "/api/v1/emergency-teams",
                 {{"region_code", "440404104001001"}, {"kind", "patrol"}, {"name", "x"}})
                .status,
            403);
  EXPECT_EQ(post("secretary", "/api/v1/emergency-teams",
                 {{"region_code", "440404104002001"}, {"kind", "patrol"}, {"name", "x"}})
                .status,
            403);
  EXPECT_EQ(get("gridworker", "/api/v1/emergency-teams/" + std::to_string(id_of(t))).status, 404);
}

TEST_F(EmergencyTest, DrillCheckInByCodeOnceInsideItsTimeAndTheFiguresItFixes) {
  const std::string grid = "440404104001003";
  auto [team, ids] = team_of_four(grid, "第三网格巡逻队", "13926003301");
  std::int64_t now = storage::now_ms();
  std::int64_t starts = now - 20 * kMin;
  auto id = activity(grid, "drill", team, starts, now + 40 * kMin, "第三网格处突集结演练");
  auto path = "/api/v1/emergency-activities/" + std::to_string(id);
  auto code = get("gridchief", path + "/code");
  ASSERT_EQ(code.status, 200) << code.body;
  std::string c(code.json().at("code").as_string());
  ASSERT_EQ(c.size(), 6u);
  std::string wrong = c;
  wrong[0] = static_cast<char>('0' + (c[0] - '0' + 1) % 10);
  EXPECT_EQ(post("partymember", path + "/check-in", {{"code", wrong}}).status, 409);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM emergency_attendance WHERE activity_id = ?", {id}), 0);
  auto in = post("partymember", path + "/check-in", {{"code", c}});
  ASSERT_EQ(in.status, 200) << in.body;
  EXPECT_TRUE(in.json().at("checked_in").as_bool());
  EXPECT_EQ(post("partymember", path + "/check-in", {{"code", c}}).status, 409);  // once
  // Not a member: the resident has no such permission; the first grid's worker cannot see it.
  EXPECT_EQ(post("resident", path + "/check-in", {{"code", c}}).status, 403);
  EXPECT_EQ(post("gridworker", path + "/check-in", {{"code", c}}).status, 404);
  // The organiser marks the member without an account (arrived 7 minutes in), once.
  auto mark = post("gridchief", path + "/attendance",
                   {{"member_ids", json::array{ids["none"]}}, {"arrived_at", at(starts + 7 * kMin)}});
  ASSERT_EQ(mark.status, 200) << mark.body;
  EXPECT_EQ(post("gridchief", path + "/attendance", {{"member_ids", json::array{ids["none"]}}}).status, 409);
  auto other = team_of_four("440404104001002", "第二网格巡逻队", "13926003302");
  EXPECT_EQ(post("gridchief", path + "/attendance", {{"member_ids", json::array{other.second["none"]}}}).status, 422);
  EXPECT_EQ(post("gridchief", path + "/attendance",
                 {{"member_ids", json::array{ids["volunteer"]}}, {"arrived_at", at(starts + 2 * 3'600'000)}})
                .status,
            422);  // after its end
  // The roster: four members, two present.
  auto detail = get("secretary", path).json();
  EXPECT_EQ(detail.at("roster").as_array().size(), 4u);
  EXPECT_EQ(detail.at("present").as_int64(), 2);
  EXPECT_EQ(get("partymember", path).status, 200);  // a member reads it
  EXPECT_FALSE(get("partymember", path).json().as_object().contains("roster"));
  // Held: 2 of 4 attended; the last arrival counted came 20 minutes after the start.
  auto held = post("gridchief", path + "/hold", {{"version", 1}, {"summary", "集结完成"}, {"findings", "一人未到"}});
  ASSERT_EQ(held.status, 200) << held.body;
  EXPECT_EQ(held.json().at("expected").as_int64(), 4);
  EXPECT_EQ(held.json().at("attended").as_int64(), 2);
  EXPECT_EQ(held.json().at("attendance_rate").to_number<double>(), 50.0);
  EXPECT_EQ(held.json().at("assembly_minutes").as_int64(), 20);
  EXPECT_EQ(post("volunteer", path + "/check-in", {{"code", c}}).status, 409);  // held already
  EXPECT_EQ(post("gridchief", path + "/cancel", {{"version", 2}, {"reason", "x"}}).status, 409);
  // Outside its time: a drill three hours ahead takes no check-in and shows no code.
  auto later = activity(grid, "drill", team, now + 3 * 3'600'000, now + 4 * 3'600'000, "第三网格夜间演练");
  auto lpath = "/api/v1/emergency-activities/" + std::to_string(later);
  EXPECT_EQ(post("partymember", lpath + "/check-in", {{"code", "123456"}}).status, 409);
  EXPECT_EQ(get("gridchief", lpath + "/code").status, 409);
  EXPECT_EQ(post("gridchief", lpath + "/hold", {{"version", 1}, {"summary", "x"}}).status, 409);  // not started
  ASSERT_EQ(post("gridchief", lpath + "/cancel", {{"version", 1}, {"reason", "台风来临，改期"}}).status, 200);
  // The members with accounts were told of both (the organiser is not).
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM notifications WHERE kind = 'emergency.activity' AND record = ?",
                   {"emergency_activity:" + std::to_string(later)}),
            4);  // partymember and volunteer, scheduled and cancelled
  // Bad input: nothing scheduled.
  auto before = scalar("SELECT COUNT(*) FROM emergency_activities");
  EXPECT_EQ(post("gridchief", "/api/v1/emergency-activities",
                 {{"region_code", grid},
                  {"kind", "drill"},
                  {"team_ids", json::array{team}},
                  {"title", "x"},
                  {"starts_at", at(now)},
                  {"ends_at", at(now - kMin)}})
                .status,
            422);
  EXPECT_EQ(post("gridchief", "/api/v1/emergency-activities",
                 {{"region_code", "440404104001001"},
                  {"kind", "patrol"},
                  {"team_ids", json::array{other.first}},
                  {"title", "x"},
                  {"starts_at", at(now)},
                  {"ends_at", at(now + kMin)}})
                .status,
            422);  // the second grid's team is not on the first grid's line
  EXPECT_EQ(post("gridworker", "/api/v1/emergency-activities",
                 {{"region_code", grid},
                  {"kind", "patrol"},
                  {"team_ids", json::array{team}},
                  {"title", "x"},
                  {"starts_at", at(now)},
                  {"ends_at", at(now + kMin)}})
                .status,
            403);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM emergency_activities"), before);
}

TEST_F(EmergencyTest, SuppliesNeverFallBelowZero) {
  const std::string grid = "440404104001004";
  auto s = post("gridchief", "/api/v1/emergency-supplies",
                {{"region_code", grid},
                 {"name", "编织袋"},
                 {"category", "flood_control"},
                 {"quantity", 10},
                 {"unit", "个"},
                 {"location", "第四网格仓库"},
                 {"min_quantity", 20}});
  ASSERT_EQ(s.status, 201) << s.body;
  EXPECT_TRUE(s.json().at("below_minimum").as_bool());
  auto path = "/api/v1/emergency-supplies/" + std::to_string(id_of(s));
  auto out = post("gridchief", path + "/movements", {{"direction", "out"}, {"quantity", 4}, {"reason", "封堵路口"}});
  ASSERT_EQ(out.status, 200) << out.body;
  EXPECT_EQ(out.json().at("quantity").as_int64(), 6);
  EXPECT_EQ(post("gridchief", path + "/movements", {{"direction", "out"}, {"quantity", 7}, {"reason", "x"}}).status,
            409);
  EXPECT_EQ(get("secretary", path).json().at("quantity").as_int64(), 6);
  ASSERT_EQ(post("secretary", path + "/movements", {{"direction", "in"}, {"quantity", 5}, {"reason", "补充"}}).status,
            200);
  auto read = get("gridworker", path);  // on the worker's line? no: another grid
  EXPECT_EQ(read.status, 404);
  auto full = get("secretary", path).json();
  EXPECT_EQ(full.at("quantity").as_int64(), 11);
  EXPECT_EQ(full.at("movements").as_array().size(), 3u);  // initial, out, in
  EXPECT_EQ(post("gridchief", "/api/v1/emergency-supplies",
                 {{"region_code", grid},
                  {"name", "编织袋"},
                  {"category", "other"},
                  {"quantity", 1},
                  {"unit", "个"},
                  {"location", "第四网格仓库"}})
                .status,
            409);
  auto expired = post("gridchief", "/api/v1/emergency-supplies",
                      {{"region_code", grid},
                       {"name", "急救药箱"},
                       {"category", "medical"},
                       {"quantity", 2},
                       {"unit", "个"},
                       {"expires_on", "2020-01-01"}});
  ASSERT_EQ(expired.status, 201) << expired.body;
  EXPECT_TRUE(expired.json().at("expired").as_bool());
  auto flagged = get("secretary", "/api/v1/emergency-supplies?region=" + grid + "&flag=expired").json();
  ASSERT_EQ(flagged.at("items").as_array().size(), 1u);
  EXPECT_EQ(flagged.at("items").as_array()[0].at("name"), "急救药箱");
  auto before = scalar("SELECT COUNT(*) FROM emergency_supplies");
  EXPECT_EQ(post("gridchief", "/api/v1/emergency-supplies",
                 {{"region_code", grid}, {"name", "x"}, {"category", "other"}, {"quantity", -1}, {"unit", "个"}})
                .status,
            422);
  EXPECT_EQ(post("gridchief", "/api/v1/emergency-supplies",
                 {{"region_code", grid}, {"name", "x"}, {"category", "weapons"}, {"quantity", 1}, {"unit", "个"}})
                .status,
            422);
  EXPECT_EQ(
      post("gridchief", "/api/v1/emergency-supplies",
           {{"region_code", "440404104002001"}, {"name", "x"}, {"category", "other"}, {"quantity", 1}, {"unit", "个"}})
          .status,
      403);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM emergency_supplies"), before);
  // The ledger, read back.
  auto x = get("secretary", "/api/v1/exports/emergency-supplies?region=" + grid);
  ASSERT_EQ(x.status, 200) << x.body;
  bool found = false;
  for (const auto& row : sheet_rows(x.body)) found = found || (row.size() > 4 && row[2] == "编织袋" && row[4] == "11");
  EXPECT_TRUE(found);
}

TEST_F(EmergencyTest, AnAlertToANodeOneDoesNotCommandChangesNothing) {
  auto before = scalar("SELECT COUNT(*) FROM emergency_alerts");
  auto told = scalar("SELECT COUNT(*) FROM notifications WHERE kind = 'emergency.alert'");
  auto demo_team = get("secretary", "/api/v1/emergency-teams?region=440404104001001").json();
  ASSERT_FALSE(demo_team.at("items").as_array().empty());
  auto team = demo_team.at("items").as_array()[0].at("id");
  // Another community: not the grid chief's to command.
  EXPECT_EQ(post("gridchief", "/api/v1/emergency-alerts",
                 {{"region_code", "440404104002"},
                  {"level", "red"},
                  {"hazard", "flood"},
                  {"message", "x"},
                  {"team_ids", json::array{team}}})
                .status,
            403);
  EXPECT_EQ(post("gridworker", "/api/v1/emergency-alerts",
                 {{"region_code", "440404104001001"},
                  {"level", "red"},
                  {"hazard", "flood"},
                  {"message", "x"},
                  {"team_ids", json::array{team}}})
                .status,
            403);  // a grid worker sends none
  // A team off the node's line: the first grid's team called to the second grid.
  EXPECT_EQ(post("leader", "/api/v1/emergency-alerts",
                 {{"region_code", "440404104001002"},
                  {"level", "red"},
                  {"hazard", "flood"},
                  {"message", "x"},
                  {"team_ids", json::array{team}}})
                .status,
            422);
  EXPECT_EQ(post("leader", "/api/v1/emergency-alerts",
                 {{"region_code", "440404104001"},
                  {"level", "purple"},
                  {"hazard", "flood"},
                  {"message", "x"},
                  {"team_ids", json::array{team}}})
                .status,
            422);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM emergency_alerts"), before);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM notifications WHERE kind = 'emergency.alert'"), told);
}

TEST_F(EmergencyTest, AnAlertReachesTheCalledMembersWhoAnswerEachChangeOnce) {
  const std::string grid = "440404104001005";
  auto team = team_of_four(grid, "第五网格巡逻队", "13926005501").first;
  // The three members with accounts are its recipients, told at once (inbox, live stream).
  StreamReader stream(server_->port(), tokens_.at("partymember"));
  ASSERT_TRUE(stream.read_until("event: hello", 3000)) << stream.text();
  auto sent = post("secretary", "/api/v1/emergency-alerts",
                   {{"region_code", grid},
                    {"level", "orange"},
                    {"hazard", "fire"},
                    {"message", "第五网格 3 栋起火，巡逻队立即集结"},
                    {"team_ids", json::array{team}}});
  ASSERT_EQ(sent.status, 201) << sent.body;
  auto id = id_of(sent);
  auto path = "/api/v1/emergency-alerts/" + std::to_string(id);
  EXPECT_EQ(sent.json().at("recipients").as_int64(), 3);
  EXPECT_TRUE(stream.read_until("event: emergency_alert", 5000)) << stream.text();
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM notifications WHERE kind = 'emergency.alert' AND record = ?",
                   {"emergency_alert:" + std::to_string(id)}),
            3);
  bool in_inbox = false;
  auto inbox = get("volunteer", "/api/v1/notifications?unread=true").json();
  for (const auto& n : inbox.at("items").as_array())
    in_inbox = in_inbox || str(n.at("record")) == "emergency_alert:" + std::to_string(id);
  EXPECT_TRUE(in_inbox);
  auto received = get("volunteer", "/api/v1/emergency-alerts?view=received").json();
  ASSERT_FALSE(received.at("items").as_array().empty());
  EXPECT_EQ(received.at("items").as_array()[0].at("id").as_int64(), id);
  // Responses: each change once; the first answer's time is kept.
  auto first = post("partymember", path + "/respond", {{"response", "arriving"}, {"note", "5 分钟到"}});
  ASSERT_EQ(first.status, 200) << first.body;
  auto first_at = first.json().at("my_first_response_at");
  EXPECT_EQ(post("partymember", path + "/respond", {{"response", "arriving"}}).status, 409);
  ASSERT_EQ(post("partymember", path + "/respond", {{"response", "on_site"}}).status, 200);
  ASSERT_EQ(post("volunteer", path + "/respond", {{"response", "unavailable"}, {"note", "在外地"}}).status, 200);
  EXPECT_EQ(post("gridworker", path + "/respond", {{"response", "arriving"}}).status, 404);  // not called, elsewhere
  EXPECT_EQ(get("gridworker", path).status, 404);
  auto detail = get("secretary", path).json();
  EXPECT_EQ(detail.at("responded").as_int64(), 2);
  EXPECT_EQ(detail.at("no_response").as_int64(), 1);
  EXPECT_EQ(detail.at("responses").as_array().size(), 3u);
  for (const auto& r : detail.at("recipients_list").as_array()) {
    if (r.at("name") == "队员partymember") {
      EXPECT_EQ(r.at("response"), "on_site");
      EXPECT_EQ(r.at("first_response_at"), first_at);
      EXPECT_GE(r.at("response_seconds").as_int64(), 0);
    }
    if (r.at("name") == "队员gridchief") {
      EXPECT_TRUE(r.at("response").is_null());
    }
  }
  EXPECT_FALSE(get("partymember", path).json().as_object().contains("recipients_list"));
  ASSERT_EQ(post("secretary", path + "/close", {{"note", "明火已扑灭"}}).status, 200);
  EXPECT_EQ(post("gridchief", path + "/respond", {{"response", "on_site"}}).status, 409);  // closed
  EXPECT_EQ(post("secretary", path + "/close", json::object{}).status, 409);
}

TEST_F(EmergencyTest, TheFiguresOfANodeAddUp) {
  const std::string grid = "440404104001006";
  auto plan = post("secretary", "/api/v1/emergency-plans",
                   {{"region_code", grid}, {"hazard", "fire"}, {"title", "第六网格消防预案"}, {"activate", true}});
  ASSERT_EQ(plan.status, 201) << plan.body;
  auto [team, ids] = team_of_four(grid, "第六网格巡逻队", "13926006601");
  // A drill: 2 of 4, the last 9 minutes in; a patrol: 1 of 4, arrival unknown.
  std::int64_t now = storage::now_ms();
  std::int64_t starts = now - 30 * kMin;
  auto drill = activity(grid, "drill", team, starts, now + 30 * kMin, "第六网格集结演练");
  auto dpath = "/api/v1/emergency-activities/" + std::to_string(drill);
  ASSERT_EQ(post("gridchief", dpath + "/attendance",
                 {{"member_ids", json::array{ids["partymember"]}}, {"arrived_at", at(starts + 5 * kMin)}})
                .status,
            200);
  ASSERT_EQ(post("gridchief", dpath + "/attendance",
                 {{"member_ids", json::array{ids["none"]}}, {"arrived_at", at(starts + 9 * kMin + 30'000)}})
                .status,
            200);
  auto held = post("gridchief", dpath + "/hold", {{"version", 1}, {"summary", "演练完成"}});
  ASSERT_EQ(held.status, 200) << held.body;
  EXPECT_EQ(held.json().at("assembly_minutes").as_int64(), 9);
  auto patrol = activity(grid, "patrol", team, now - 90 * kMin, now - 10 * kMin, "第六网格治安巡查");
  auto ppath = "/api/v1/emergency-activities/" + std::to_string(patrol);
  ASSERT_EQ(post("gridchief", ppath + "/attendance", {{"member_ids", json::array{ids["volunteer"]}}}).status, 200);
  ASSERT_EQ(post("gridchief", ppath + "/hold", {{"version", 1}, {"summary", "巡查完成"}}).status, 200);
  // Supplies: one below its minimum, one expired.
  ASSERT_EQ(post("gridchief", "/api/v1/emergency-supplies",
                 {{"region_code", grid},
                  {"name", "应急灯"},
                  {"category", "lighting"},
                  {"quantity", 5},
                  {"unit", "台"},
                  {"min_quantity", 10}})
                .status,
            201);
  ASSERT_EQ(post("gridchief", "/api/v1/emergency-supplies",
                 {{"region_code", grid},
                  {"name", "灭火器"},
                  {"category", "fire"},
                  {"quantity", 8},
                  {"unit", "具"},
                  {"expires_on", "2021-06-30"}})
                .status,
            201);
  // An alert: three called, one answers.
  auto sent = post("secretary", "/api/v1/emergency-alerts",
                   {{"region_code", grid},
                    {"level", "blue"},
                    {"hazard", "flood"},
                    {"message", "第六网格低洼处积水"},
                    {"team_ids", json::array{team}}});
  ASSERT_EQ(sent.status, 201) << sent.body;
  ASSERT_EQ(post("partymember", "/api/v1/emergency-alerts/" + std::to_string(id_of(sent)) + "/respond",
                 {{"response", "on_site"}})
                .status,
            200);
  auto s = get("secretary", "/api/v1/emergency-stats?region=" + grid);
  ASSERT_EQ(s.status, 200) << s.body;
  auto f = s.json();
  EXPECT_EQ(f.at("plans_active").as_int64(), 1);
  EXPECT_EQ(f.at("plans_by_hazard").at("fire").as_int64(), 1);
  EXPECT_EQ(f.at("teams").as_int64(), 1);
  EXPECT_EQ(f.at("members").as_int64(), 4);
  EXPECT_EQ(f.at("members_with_account").as_int64(), 3);
  EXPECT_EQ(f.at("patrols_held").as_int64(), 1);
  EXPECT_EQ(f.at("drills_held").as_int64(), 1);
  ASSERT_EQ(f.at("drills_by_quarter").as_array().size(), 1u);
  EXPECT_EQ(f.at("drills_by_quarter").as_array()[0].at("community_code"), kCommunity);
  EXPECT_EQ(f.at("attendance_rate").to_number<double>(), 37.5);  // the mean of 50 % and 25 %
  EXPECT_EQ(f.at("assembly_minutes_avg").to_number<double>(), 9.0);
  EXPECT_EQ(f.at("supplies").as_int64(), 2);
  EXPECT_EQ(f.at("supplies_expired").as_int64(), 1);
  EXPECT_EQ(f.at("supplies_expiring").as_int64(), 0);
  EXPECT_EQ(f.at("supplies_below_minimum").as_int64(), 1);
  EXPECT_EQ(f.at("alerts").as_int64(), 1);
  EXPECT_EQ(f.at("alerts_by_level").at("blue").as_int64(), 1);
  EXPECT_EQ(f.at("recipients").as_int64(), 3);
  EXPECT_EQ(f.at("responded").as_int64(), 1);
  EXPECT_FALSE(f.at("median_response_seconds").is_null());
  // The community's children without a plan of their own: the sixth grid has one now.
  auto cf = get("secretary", std::string("/api/v1/emergency-stats?region=") + kCommunity).json();
  bool sixth = false, fourth = false;
  for (const auto& n : cf.at("nodes_without_plan").as_array()) {
    sixth = sixth || str(n.at("region_code")) == grid;
    fourth = fourth || n.at("region_code") == "440404104001004";
  }
  EXPECT_FALSE(sixth);
  EXPECT_TRUE(fourth);
  // The ledger of patrols and drills, read back.
  auto x = get("secretary", "/api/v1/exports/emergency-activities?region=" + grid);
  ASSERT_EQ(x.status, 200) << x.body;
  bool found = false;
  for (const auto& row : sheet_rows(x.body))
    found =
        found || (row.size() > 12 && row[2] == "第六网格集结演练" && row[9] == "4" && row[10] == "2" && row[12] == "9");
  EXPECT_TRUE(found);
  // Who reads the figures.
  EXPECT_EQ(get("gridchief", "/api/v1/emergency-stats").status, 403);
  EXPECT_EQ(get("secretary", "/api/v1/emergency-stats?region=440404104002").status, 403);
  EXPECT_EQ(get("leader", "/api/v1/emergency-stats?region=440404104").status, 200);
}

TEST_F(EmergencyTest, TheDemoTeamDrillAndSupplies) {
  auto teams = get("gridworker", "/api/v1/emergency-teams").json();
  std::int64_t team = 0;
  for (const auto& t : teams.at("items").as_array())
    if (t.at("name") == "第一网格巡逻队") team = t.at("id").as_int64();
  ASSERT_GT(team, 0);
  auto detail = get("gridworker", "/api/v1/emergency-teams/" + std::to_string(team)).json();
  EXPECT_EQ(detail.at("members").as_int64(), 6);
  EXPECT_EQ(detail.at("leader_name"), "王建国");
  auto mine = get("volunteer", "/api/v1/emergency-activities?view=mine").json();
  bool drill = false, patrol = false;
  for (const auto& a : mine.at("items").as_array()) {
    if (a.at("title") == "第一网格防汛处突集结演练") {
      drill = true;
      EXPECT_EQ(a.at("status"), "held");
      EXPECT_EQ(a.at("expected").as_int64(), 6);
      EXPECT_EQ(a.at("attended").as_int64(), 4);
      EXPECT_EQ(a.at("assembly_minutes").as_int64(), 11);
      EXPECT_FALSE(a.at("checked_in").as_bool());  // the volunteer did not come
    }
    if (a.at("title") == "立新花园夜间治安巡逻") {
      patrol = true;
      EXPECT_EQ(a.at("status"), "scheduled");
    }
  }
  EXPECT_TRUE(drill);
  EXPECT_TRUE(patrol);
  auto supplies = get("secretary", "/api/v1/emergency-supplies?flag=expiring").json();
  bool jackets = false;
  for (const auto& s : supplies.at("items").as_array()) jackets = jackets || s.at("name") == "救生衣";
  EXPECT_TRUE(jackets);
}

}  // namespace
}  // namespace wangge::testing
