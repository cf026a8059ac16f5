// Volunteers through HTTP on both backends: a station and a team with a leader and members
// whose joining and leaving are history; registering registry persons as volunteers linked
// to their accounts; an activity from creation through sign-up (a waiting list past
// capacity, promoted when a place comes free), check-in and check-out with the organiser's
// code at the place (refused twice, outside the time, with a wrong code, from afar),
// certification and a correction with its reason, to the points the minutes earn; figures
// and the hours ledger. The clock is moved by rewriting the activity's times, as the
// hours of an activity cannot pass in a test.
#include <gtest/gtest.h>

#include "core/storage/database.h"
#include "integration/harness.h"
#include "integration/xlsx_reader.h"

namespace wangge::testing {
namespace {

namespace json = boost::json;

constexpr const char* kVolunteersCommunity = "440404104001";
constexpr const char* kVolunteersGrid = "440404104001001";

class VolunteersTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    tokens_["admin"] = server_->login("admin", kAdminPassword);
    for (const char* u : {"gridworker", "gridchief", "leader", "resident", "partymember", "volunteer", "shopclerk"})
      tokens_[u] = server_->login(u);
    std::tie(lng_, lat_) = server_->point_in_grid(kVolunteersGrid);
    // Two residents of the registry who volunteer: 立新社区's volunteer and party member accounts.
    household_ = post("gridworker", "/api/v1/households",
                      {{"region_code", kVolunteersGrid},
                       {"address", "平沙镇立新路 9 号"},
                       {"room", "1-101"},
                       {"housing_type", "owned"}})
                     .json()
                     .at("id")
                     .as_int64();
    person_a_ = person("林志愿", valid_id("44040419800101123"));
    person_b_ = person("陈党员", valid_id("44040419820202234"));
  }
  static void TearDownTestSuite() { delete server_; }
  static std::int64_t person(const std::string& name, const std::string& id_number) {
    auto r = post("gridworker", "/api/v1/persons",
                  {{"name", name}, {"id_number", id_number}, {"household_id", household_}, {"relation", "other"}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().at("id").as_int64();
  }
  static HttpResponse post(const std::string& who, const std::string& path, const json::object& body) {
    auto c = server_->client();
    return c.send_json("POST", path, body, tokens_[who]);
  }
  static HttpResponse patch(const std::string& who, const std::string& path, const json::object& body) {
    auto c = server_->client();
    return c.send_json("PATCH", path, body, tokens_[who]);
  }
  static HttpResponse get(const std::string& who, const std::string& path) {
    auto c = server_->client();
    return c.get(path, tokens_[who]);
  }
  static void sql(const std::string& statement, const std::vector<storage::Value>& params) {
    server_->app().db().write([&](storage::Tx& tx) { tx.exec(statement, params); });
  }
  static std::string rfc(std::int64_t ms);
  static std::int64_t now() { return storage::now_ms(); }
  // Moves an activity in time: it starts `start_min` minutes from now and lasts `length_min`.
  static void move_activity(std::int64_t id, std::int64_t start_min, std::int64_t length_min) {
    std::int64_t s = now() + start_min * 60'000;
    sql("UPDATE volunteer_activities SET starts_at = ?, ends_at = ? WHERE id = ?", {s, s + length_min * 60'000, id});
  }
  static std::string code(const std::string& who, std::int64_t id) {
    auto r = get(who, "/api/v1/volunteer-activities/" + std::to_string(id) + "/code");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? str(r.json().at("code")) : std::string();
  }
  static HttpResponse step(const std::string& who, std::int64_t id, const std::string& action, json::object body = {}) {
    return post(who, "/api/v1/volunteer-activities/" + std::to_string(id) + "/" + action, body);
  }
  static std::int64_t balance_of(const std::string& who) {
    return get(who, "/api/v1/points/me").json().at("balance").as_int64();
  }

  static TestServer* server_;
  static std::map<std::string, std::string> tokens_;
  static double lng_, lat_;
  static std::int64_t household_, person_a_, person_b_;
};
TestServer* VolunteersTest::server_ = nullptr;
std::map<std::string, std::string> VolunteersTest::tokens_;
double VolunteersTest::lng_ = 0, VolunteersTest::lat_ = 0;
std::int64_t VolunteersTest::household_ = 0, VolunteersTest::person_a_ = 0, VolunteersTest::person_b_ = 0;

std::string VolunteersTest::rfc(std::int64_t ms) {
  std::time_t t = ms / 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

TEST_F(VolunteersTest, AnActivityRunsFromSignUpToCertifiedHoursAndTheirPoints) {
  // The town's list pays 10 points an hour of volunteering to residents.
  auto rule = post("leader", "/api/v1/point-rules",
                   {{"region_code", "440404104"},
                    {"earner_type", "resident"},
                    {"deed", "volunteer_hour"},
                    {"name", "志愿服务每小时"},
                    {"points", 10},
                    {"valid_from", "2020-01-01"}});
  ASSERT_EQ(rule.status, 201) << rule.body;
  // Party members earn by their own line (差异化积分, seed 003): the resident's line does not pay them.
  ASSERT_EQ(post("leader", "/api/v1/point-rules",
                 {{"region_code", "440404104"},
                  {"earner_type", "party_member"},
                  {"deed", "volunteer_hour"},
                  {"name", "党员志愿服务每小时"},
                  {"points", 10},
                  {"valid_from", "2020-01-01"}})
                .status,
            201);
  // A station, a team, two volunteers linked to their accounts.
  auto st = post("gridchief", "/api/v1/volunteer-stations",
                 {{"region_code", kVolunteersCommunity},
                  {"name", "立新社区志愿服务站"},
                  {"resources", "活动室 2 间"},
                  {"lat", lat_},
                  {"lng", lng_}});
  ASSERT_EQ(st.status, 201) << st.body;
  std::int64_t station = st.json().at("id").as_int64();
  auto va = post("gridchief", "/api/v1/volunteers",
                 {{"person_id", person_a_}, {"skills", json::array{"助老", "急救"}}, {"username", "volunteer"}});
  ASSERT_EQ(va.status, 201) << va.body;
  EXPECT_EQ(post("gridchief", "/api/v1/volunteers", {{"person_id", person_a_}}).status, 409);  // once
  auto vb = post("gridchief", "/api/v1/volunteers", {{"person_id", person_b_}, {"username", "partymember"}});
  ASSERT_EQ(vb.status, 201) << vb.body;
  std::int64_t a_id = va.json().at("id").as_int64(), b_id = vb.json().at("id").as_int64();
  auto team = post("gridchief", "/api/v1/volunteer-teams",
                   {{"station_id", station}, {"name", "银龄互助队"}, {"purpose", "助老"}, {"leader_id", a_id}});
  ASSERT_EQ(team.status, 201) << team.body;
  std::int64_t team_id = team.json().at("id").as_int64();
  EXPECT_EQ(team.json().at("members"), 1);  // the leader is a member
  // The party member joins by themselves, then leaves with a reason, and joins again: history.
  std::string members = "/api/v1/volunteer-teams/" + std::to_string(team_id) + "/members";
  ASSERT_EQ(post("partymember", members, {}).status, 201);
  EXPECT_EQ(post("partymember", members, {}).status, 409);
  EXPECT_EQ(post("partymember", members + "/" + std::to_string(b_id) + "/leave", {{"reason", "工作调动"}}).status, 200);
  ASSERT_EQ(post("volunteer", members, {{"volunteer_id", b_id}}).status, 201);  // the leader adds them back
  auto detail = get("resident", "/api/v1/volunteer-teams/" + std::to_string(team_id));
  ASSERT_EQ(detail.status, 200) << detail.body;  // a resident of the community sees its teams
  EXPECT_EQ(detail.json().at("memberships").as_array().size(), 3u);
  EXPECT_EQ(detail.json().at("team").at("members"), 2);
  EXPECT_EQ(post("volunteer", members + "/" + std::to_string(a_id) + "/leave", {{"reason", "x"}}).status, 409);

  // The leader publishes an activity for the team: one place.
  auto act = post("volunteer", "/api/v1/volunteer-activities",
                  {{"station_id", station},
                   {"team_id", team_id},
                   {"title", "为独居老人打扫卫生"},
                   {"place", "立新路 9 号"},
                   {"lat", lat_},
                   {"lng", lng_},
                   {"radius_m", 200},
                   {"starts_at", rfc(now() + 3'600'000)},
                   {"ends_at", rfc(now() + 3 * 3'600'000)},
                   {"capacity", 1},
                   {"skills", json::array{"助老"}}});
  ASSERT_EQ(act.status, 201) << act.body;
  std::int64_t id = act.json().at("id").as_int64();
  EXPECT_EQ(post("resident", "/api/v1/volunteer-activities",
                 {{"station_id", station},
                  {"title", "x"},
                  {"place", "x"},
                  {"lat", lat_},
                  {"lng", lng_},
                  {"starts_at", rfc(now() + 3'600'000)},
                  {"ends_at", rfc(now() + 7'200'000)},
                  {"capacity", 1}})
                .status,
            403);
  // Sign-up: the first gets the place, the second waits; the first withdraws, the second moves up.
  EXPECT_EQ(str(step("volunteer", id, "sign-up").json().at("status")), "signed");
  EXPECT_EQ(step("volunteer", id, "sign-up").status, 409);
  EXPECT_EQ(str(step("partymember", id, "sign-up").json().at("status")), "waiting");
  EXPECT_EQ(step("resident", id, "sign-up").status, 409);  // not a registered volunteer
  EXPECT_EQ(str(step("volunteer", id, "withdraw").json().at("status")), "cancelled");
  auto mine = get("partymember", "/api/v1/volunteer-activities/" + std::to_string(id)).json();
  EXPECT_EQ(mine.at("mine").at("status"), "signed");
  EXPECT_EQ(mine.at("signed"), 1);
  EXPECT_EQ(mine.at("waiting"), 0);
  EXPECT_EQ(str(step("volunteer", id, "sign-up").json().at("status")), "waiting");

  // Codes only around the activity's time: an hour ahead is too early.
  EXPECT_EQ(get("volunteer", "/api/v1/volunteer-activities/" + std::to_string(id) + "/code").status, 409);
  EXPECT_EQ(get("resident", "/api/v1/volunteer-activities/" + std::to_string(id) + "/code").status, 403);
  move_activity(id, -10, 120);  // started ten minutes ago
  std::string c = code("volunteer", id);
  ASSERT_EQ(c.size(), 6u);
  json::object here{{"code", c}, {"lat", lat_}, {"lng", lng_}};
  EXPECT_EQ(step("volunteer", id, "check-in", here).status, 409);  // still waiting
  std::string wrong = c == "000000" ? "111111" : "000000";
  EXPECT_EQ(step("partymember", id, "check-in", {{"code", wrong}, {"lat", lat_}, {"lng", lng_}}).status, 409);
  auto far = step("partymember", id, "check-in", {{"code", c}, {"lat", lat_ + 0.02}, {"lng", lng_}});
  EXPECT_EQ(far.status, 409);
  EXPECT_NE(far.body.find("米"), std::string::npos);
  EXPECT_EQ(step("partymember", id, "check-out", here).status, 409);  // not checked in
  auto in = step("partymember", id, "check-in", here);
  ASSERT_EQ(in.status, 200) << in.body;
  EXPECT_FALSE(in.json().at("checked_in_at").is_null());
  EXPECT_EQ(step("partymember", id, "check-in", here).status, 409);  // twice
  // 95 minutes pass (the check-in is moved back), then the check-out.
  sql("UPDATE volunteer_signups SET checked_in_at = ? WHERE activity_id = ? AND status = 'signed'",
      {now() - 95 * 60'000, id});
  ASSERT_EQ(step("partymember", id, "check-out", here).status, 200);
  EXPECT_EQ(step("partymember", id, "check-out", here).status, 409);
  EXPECT_EQ(step("volunteer", id, "certify").status, 409);  // not over yet
  // Over: the organiser certifies; the code is no longer shown after the half hour.
  move_activity(id, -200, 150);
  EXPECT_EQ(get("volunteer", "/api/v1/volunteer-activities/" + std::to_string(id) + "/code").status, 409);
  auto cert = step("volunteer", id, "certify");
  ASSERT_EQ(cert.status, 200) << cert.body;
  EXPECT_EQ(cert.json().at("status"), "certified");
  EXPECT_EQ(step("volunteer", id, "certify").status, 409);  // once
  auto signups = get("volunteer", "/api/v1/volunteer-activities/" + std::to_string(id) + "/signups").json();
  std::int64_t signup = 0, minutes = -1;
  for (const auto& s : signups.at("items").as_array())
    if (s.at("status") == "signed") {
      signup = s.at("id").as_int64();
      minutes = s.at("minutes").as_int64();
    }
  // Checked in 95 minutes before the check-out; the activity, moved, ended 50 minutes
  // before it: 45 minutes within the activity's time.
  EXPECT_EQ(minutes, 45);
  std::int64_t points = balance_of("partymember");
  EXPECT_EQ(points, 10 * minutes / 60);
  // A correction with its reason: the minutes and the points follow; the same figure again is refused.
  auto fix = post("volunteer", "/api/v1/volunteer-signups/" + std::to_string(signup) + "/correct",
                  {{"minutes", 120}, {"reason", "提前到场布置"}});
  ASSERT_EQ(fix.status, 200) << fix.body;
  EXPECT_EQ(balance_of("partymember"), 20);
  EXPECT_EQ(post("volunteer", "/api/v1/volunteer-signups/" + std::to_string(signup) + "/correct",
                 {{"minutes", 120}, {"reason", "重复"}})
                .status,
            409);
  EXPECT_EQ(post("partymember", "/api/v1/volunteer-signups/" + std::to_string(signup) + "/correct",
                 {{"minutes", 600}, {"reason", "自己改"}})
                .status,
            403);
  auto holder = get("partymember", "/api/v1/points/me").json();
  auto ledger = get("partymember", "/api/v1/point-holders/" + std::to_string(holder.at("id").as_int64()) + "/entries")
                    .json()
                    .at("items")
                    .as_array();
  ASSERT_EQ(ledger.size(), 2u);
  EXPECT_EQ(ledger.at(0).at("cause"), "correction");
  EXPECT_NE(str(ledger.at(0).at("reason")).find("提前到场布置"), std::string::npos);
  EXPECT_EQ(ledger.at(1).at("cause"), "deed");
  // My hours.
  auto me = get("partymember", "/api/v1/volunteers/me").json();
  EXPECT_EQ(me.at("volunteer").at("minutes"), 120);
  EXPECT_EQ(me.at("activities").as_array().size(), 1u);
  // Figures and the hours ledger.
  auto stats = get("gridchief", std::string("/api/v1/volunteer-stats?region=") + kVolunteersCommunity);
  ASSERT_EQ(stats.status, 200) << stats.body;
  EXPECT_EQ(stats.json().at("activities"), 1);
  EXPECT_EQ(stats.json().at("participants"), 1);
  EXPECT_EQ(stats.json().at("hours").to_number<double>(), 2.0);
  EXPECT_EQ(stats.json().at("volunteers"), 2);
  EXPECT_EQ(get("resident", std::string("/api/v1/volunteer-stats?region=") + kVolunteersCommunity).status, 403);
  auto c2 = server_->client();
  auto x = c2.get(std::string("/api/v1/exports/volunteer-hours?region=") + kVolunteersCommunity, tokens_["gridchief"]);
  ASSERT_EQ(x.status, 200) << x.body;
  auto rows = sheet_rows(x.body);
  ASSERT_EQ(rows.size(), 2u);  // the header and one participation
  EXPECT_EQ(rows.at(1).at(5), "陈党员");
  EXPECT_EQ(rows.at(1).at(8), "120");
}

TEST_F(VolunteersTest, BadInputChangesNothing) {
  auto st =
      post("gridchief", "/api/v1/volunteer-stations", {{"region_code", kVolunteersCommunity}, {"name", "坏输入站"}});
  ASSERT_EQ(st.status, 201);
  std::int64_t station = st.json().at("id").as_int64();
  auto count = [] {
    return server_->app().db().read_value<std::int64_t>(
        [](storage::Tx& tx) { return tx.exec("SELECT COUNT(*) FROM volunteer_activities").one().i64(0); });
  };
  auto before = count();
  json::object good{{"station_id", station},
                    {"title", "清扫"},
                    {"place", "广场"},
                    {"lat", lat_},
                    {"lng", lng_},
                    {"starts_at", rfc(now() + 3'600'000)},
                    {"ends_at", rfc(now() + 7'200'000)},
                    {"capacity", 5}};
  std::vector<std::pair<std::string, json::value>> cases = {{"capacity", json::value(0)},
                                                            {"capacity", json::value(100000)},
                                                            {"radius_m", json::value(10)},
                                                            {"lat", json::value(91)},
                                                            {"ends_at", json::value(rfc(now() - 60'000))},
                                                            {"starts_at", json::value("yesterday")},
                                                            {"title", json::value("")},
                                                            {"station_id", json::value(999999)}};
  for (const auto& [key, value] : cases) {
    json::object b = good;
    b[key] = value;
    auto r = post("gridchief", "/api/v1/volunteer-activities", b);
    EXPECT_GE(r.status, 400) << key;
    EXPECT_LT(r.status, 500) << key << r.body;
  }
  json::object backwards = good;
  backwards["ends_at"] = rfc(now() + 1'800'000);
  EXPECT_EQ(post("gridchief", "/api/v1/volunteer-activities", backwards).status, 422);
  EXPECT_EQ(count(), before);
}

}  // namespace
}  // namespace wangge::testing
