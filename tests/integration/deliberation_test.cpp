// Deliberation through HTTP on both backends: a topic from a resident's proposal through
// the six steps (research, a survey, a meeting, a council ballot, publicity with an
// objection, tasks) to the feedback, each step refused while its stage lacks its records;
// ballots of residents and households whose register comes from the registry, voted online
// through accounts linked to their persons (by staff or by the resident's own claim) and on
// paper, secret ballots storing no voter-choice link, quorum not met; bad input refused with
// nothing changed; places outside the caller's reach not found; figures and the ledger.
#include <gtest/gtest.h>

#include <thread>

#include "core/storage/database.h"
#include "integration/harness.h"
#include "integration/xlsx_reader.h"

namespace wangge::testing {
namespace {

namespace json = boost::json;

constexpr const char* kDelibCommunity = "440404104001";
constexpr const char* kDelibGrid = "440404104001001";
constexpr const char* kDelibOtherGrid = "440404104001002";

class DeliberationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    tokens_["admin"] = server_->login("admin", kAdminPassword);
    for (const char* u : {"secretary", "resident", "gridworker", "gridchief", "leader"}) tokens_[u] = server_->login(u);
  }
  static void TearDownTestSuite() { delete server_; }

  static HttpResponse call(const std::string& who, const std::string& method, const std::string& path,
                           const json::value& body = nullptr, const std::string& key = "") {
    auto c = server_->client();
    std::vector<std::pair<std::string, std::string>> hdr{{"Content-Type", "application/json"},
                                                         {"Authorization", "Bearer " + tokens_.at(who)}};
    if (!key.empty()) hdr.emplace_back("Idempotency-Key", key);
    return c.request(method, path, body.is_null() ? std::string() : json::serialize(body), hdr);
  }
  static HttpResponse post(const std::string& who, const std::string& path, const json::value& body = json::object{},
                           const std::string& key = "") {
    return call(who, "POST", path, body, key);
  }
  static HttpResponse get(const std::string& who, const std::string& path) { return call(who, "GET", path); }
  static std::int64_t scalar(const std::string& sql, const std::vector<storage::Value>& p = {}) {
    return server_->app().db().read_value<std::int64_t>([&](storage::Tx& tx) { return tx.exec(sql, p).one().i64(0); });
  }
  // A new account with one grant, logged in under `name`.
  static std::int64_t account(const std::string& name, const std::string& role, const std::string& region) {
    auto c = server_->client();
    auto u = c.send_json("POST", "/api/v1/users",
                         {{"username", name}, {"display_name", "居民" + name}, {"password", "Resident#2026"}},
                         tokens_["admin"]);
    EXPECT_EQ(u.status, 201) << u.body;
    auto id = u.json().at("id").as_int64();
    auto g = c.send_json("POST", "/api/v1/users/" + std::to_string(id) + "/grants",
                         {{"role", role}, {"region_code", region}}, tokens_["admin"]);
    EXPECT_EQ(g.status, 201) << g.body;
    tokens_[name] = server_->login(name, "Resident#2026");
    return id;
  }
  static std::int64_t household(const std::string& room, const std::string& grid = kDelibGrid) {
    auto r = post("gridchief", "/api/v1/households",
                  {{"region_code", grid}, {"address", "平沙镇议事路 8 号"}, {"room", room}, {"housing_type", "owned"}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().at("id").as_int64();
  }
  // A person of the household; born in `year` (adults vote, children do not).
  static std::pair<std::int64_t, std::string> person(std::int64_t household_id, const std::string& name, int n,
                                                     int year = 1980) {
    char digits[32];
    std::snprintf(digits, sizeof digits, "440404%04d0101%03d", year, n);
    std::string id_number = valid_id(digits);
    auto r = post("gridchief", "/api/v1/persons",
                  {{"name", name}, {"id_number", id_number}, {"household_id", household_id}, {"relation", "other"}});
    EXPECT_EQ(r.status, 201) << r.body;
    return {r.json().at("id").as_int64(), id_number};
  }
  static std::int64_t council(const std::string& name, const std::string& region = kDelibCommunity) {
    auto r = post("secretary", "/api/v1/councils", {{"region_code", region}, {"name", name}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().at("id").as_int64();
  }
  static std::int64_t member(std::int64_t council_id, const std::string& name, const std::string& username = "",
                             const std::string& group = "residents_rep") {
    json::object b{{"group", group}, {"name", name}};
    if (!username.empty()) b["username"] = username;
    auto r = post("secretary", "/api/v1/councils/" + std::to_string(council_id) + "/members", b);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().at("id").as_int64();
  }
  static json::object topic(std::int64_t id, const std::string& who = "secretary") {
    auto r = get(who, "/api/v1/topics/" + std::to_string(id));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().as_object();
  }
  static HttpResponse step(std::int64_t id, const std::string& action, json::object body = {},
                           const std::string& who = "secretary") {
    body["version"] = topic(id).at("version");
    return post(who, "/api/v1/topics/" + std::to_string(id) + "/" + action, body);
  }
  // A topic proposed by the resident and taken to deliberation (research recorded).
  static std::int64_t deliberating(std::int64_t council_id, const std::string& title,
                                   const std::string& proposer = "resident") {
    auto t = post(proposer, "/api/v1/topics", {{"council_id", council_id}, {"title", title}});
    EXPECT_EQ(t.status, 201) << t.body;
    auto id = t.json().at("id").as_int64();
    EXPECT_EQ(step(id, "accept").status, 200);
    EXPECT_EQ(post("secretary", "/api/v1/topics/" + std::to_string(id) + "/notes", {{"body", "走访了 12 户"}}).status,
              201);
    EXPECT_EQ(step(id, "deliberate").status, 200);
    return id;
  }
  static std::string in_seconds(int s) {
    auto t = std::chrono::system_clock::now() + std::chrono::seconds(s);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
    return rfc3339_of(ms);
  }
  static std::string rfc3339_of(std::int64_t ms);

  static TestServer* server_;
  static std::map<std::string, std::string> tokens_;
};

TestServer* DeliberationTest::server_ = nullptr;
std::map<std::string, std::string> DeliberationTest::tokens_;

std::string DeliberationTest::rfc3339_of(std::int64_t ms) {
  std::time_t secs = ms / 1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03dZ", buf, static_cast<int>(ms % 1000));
  return out;
}

TEST_F(DeliberationTest, ATopicWalksTheSixStepsEachRefusedUntilItsStageHasItsRecords) {
  auto c = council("立新社区加装电梯议事会");
  member(c, "书记", "secretary", "party_branch");
  auto resident_member = member(c, "居民代表", "resident");
  member(c, "物业经理", "", "property_company");
  // 收集议题: the resident proposes; a worker supports.
  auto r = post("resident", "/api/v1/topics",
                {{"council_id", c}, {"title", "加装电梯"}, {"description", "老人上下楼难"}}, "propose-1");
  ASSERT_EQ(r.status, 201) << r.body;
  auto id = r.json().at("id").as_int64();
  auto again = post("resident", "/api/v1/topics",
                    {{"council_id", c}, {"title", "加装电梯"}, {"description", "老人上下楼难"}}, "propose-1");
  EXPECT_EQ(again.json().at("id").as_int64(), id);  // the same proposal, not a second one
  EXPECT_EQ(r.json().at("source"), "resident");
  EXPECT_EQ(post("gridworker", "/api/v1/topics/" + std::to_string(id) + "/support").json().at("supporters"), 1);
  EXPECT_EQ(post("gridworker", "/api/v1/topics/" + std::to_string(id) + "/support").json().at("supporters"), 1);
  EXPECT_EQ(post("resident", "/api/v1/topics/" + std::to_string(id) + "/support").status, 409);  // own topic
  // Skipping steps: refused, nothing changed.
  for (const char* a : {"deliberate", "publicize", "implement", "complete"}) {
    auto s = step(id, a, {{"decision", "x"}, {"comment", "x"}});
    EXPECT_EQ(s.status, 409) << a << " " << s.body;
  }
  EXPECT_EQ(post("secretary", "/api/v1/topics/" + std::to_string(id) + "/notes", {{"body", "x"}}).status, 409);
  EXPECT_EQ(topic(id).at("version"), 1);
  // Only the council decides: a grid chief reads the topic but may not accept it.
  EXPECT_EQ(step(id, "accept", {}, "gridchief").status, 403);
  // 确定议题.
  ASSERT_EQ(step(id, "accept", {{"title", "3 栋加装电梯"}}).status, 200);
  EXPECT_EQ(post("gridworker", "/api/v1/topics/" + std::to_string(id) + "/support").status, 409);
  // 议前调研: deliberation needs research first.
  auto blocked = step(id, "deliberate");
  EXPECT_EQ(blocked.status, 409);
  EXPECT_NE(blocked.body.find("议前调研"), std::string::npos) << blocked.body;
  auto detail = topic(id);
  ASSERT_EQ(detail.at("steps").as_array().size(), 1u);
  EXPECT_FALSE(detail.at("steps").as_array()[0].at("blocked_zh").is_null());
  // A note with a document photo; the photo is then readable by who may read the topic.
  auto up = server_->client().request(
      "POST", "/api/v1/attachments", make_png(20),
      {{"Content-Type", "application/octet-stream"}, {"Authorization", "Bearer " + tokens_.at("secretary")}});
  ASSERT_EQ(up.status, 201) << up.body;
  std::string photo(up.json().at("hash").as_string());
  auto note = post("secretary", "/api/v1/topics/" + std::to_string(id) + "/notes",
                   {{"kind", "document"}, {"body", "住建部门的加装指引"}, {"attachments", json::array{photo.c_str()}}});
  ASSERT_EQ(note.status, 201) << note.body;
  EXPECT_EQ(get("resident", "/api/v1/attachments/" + photo).status, 200);
  EXPECT_EQ(post("secretary", "/api/v1/topics/" + std::to_string(id) + "/notes",
                 {{"body", "x"}, {"attachments", json::array{std::string(64, 'a').c_str()}}})
                .status,
            422);  // a hash nobody uploaded
  auto survey = post(
      "secretary", "/api/v1/topics/" + std::to_string(id) + "/surveys",
      {{"title", "加装电梯意见征询"},
       {"questions",
        json::array{json::object{{"text", "是否同意"}, {"type", "single"}, {"options", json::array{"同意", "不同意"}}},
                    json::object{{"text", "可接受的出资"},
                                 {"type", "multiple"},
                                 {"options", json::array{"1 万以下", "1-2 万", "2 万以上"}}},
                    json::object{{"text", "其他意见"}, {"type", "text"}}}}});
  ASSERT_EQ(survey.status, 201) << survey.body;
  auto sid = std::to_string(survey.json().at("id").as_int64());
  EXPECT_EQ(post("resident", "/api/v1/surveys/" + sid + "/responses", {{"answers", json::array{5, json::array{0}, ""}}})
                .status,
            422);
  EXPECT_EQ(post("resident", "/api/v1/surveys/" + sid + "/responses",
                 {{"answers", json::array{0, json::array{0, 1}, "尽快"}}})
                .status,
            201);
  EXPECT_EQ(post("resident", "/api/v1/surveys/" + sid + "/responses", {{"answers", json::array{0, json::array{0}, ""}}})
                .status,
            409);
  EXPECT_EQ(
      post("gridworker", "/api/v1/surveys/" + sid + "/responses", {{"answers", json::array{1, json::array{2}, ""}}})
          .status,
      201);
  EXPECT_EQ(step(id, "deliberate").status, 409);  // the survey is still open
  ASSERT_EQ(post("secretary", "/api/v1/surveys/" + sid + "/close").status, 200);
  auto results = get("resident", "/api/v1/surveys/" + sid).json().at("results");
  EXPECT_EQ(results.at("questions").as_array()[0].at("counts"), (json::array{1, 1}));
  EXPECT_EQ(results.at("questions").as_array()[1].at("counts"), (json::array{1, 1, 1}));
  EXPECT_FALSE(results.at("questions").as_array()[2].as_object().contains("answers"));  // text: the council's only
  // 协商议事: a meeting with every member, then a council ballot.
  ASSERT_EQ(step(id, "deliberate").status, 200);
  EXPECT_EQ(step(id, "publicize", {{"decision", "同意加装"}}).status, 409);  // no meeting yet
  auto m = post("secretary", "/api/v1/topics/" + std::to_string(id) + "/meetings",
                {{"kind", "residents_representatives"},
                 {"starts_at", in_seconds(-60)},
                 {"place", "社区议事厅"},
                 {"all_members", true},
                 {"options", json::array{"加装", "暂缓"}}});
  ASSERT_EQ(m.status, 201) << m.body;
  auto meeting = m.json().as_object();
  EXPECT_EQ(meeting.at("participants").as_array().size(), 3u);
  json::array present{meeting.at("participants").as_array()[0].at("id"),
                      meeting.at("participants").as_array()[1].at("id")};
  auto held = post("secretary", "/api/v1/meetings/" + std::to_string(meeting.at("id").as_int64()) + "/record",
                   {{"version", 1}, {"record", "两人发言，同意加装"}, {"present", present}});
  ASSERT_EQ(held.status, 200) << held.body;
  EXPECT_EQ(held.json().at("attended"), 2);
  auto b = post("secretary", "/api/v1/topics/" + std::to_string(id) + "/ballots",
                {{"question", "是否同意加装电梯"}, {"electorate", "council"}, {"meeting_id", meeting.at("id")}});
  ASSERT_EQ(b.status, 201) << b.body;
  auto bid = std::to_string(b.json().at("id").as_int64());
  EXPECT_EQ(b.json().at("eligible"), 3);
  EXPECT_EQ(step(id, "publicize", {{"decision", "同意加装"}}).status, 409);                        // the ballot is open
  EXPECT_EQ(post("gridworker", "/api/v1/ballots/" + bid + "/vote", {{"option", 0}}).status, 403);  // not a member
  EXPECT_EQ(post("resident", "/api/v1/ballots/" + bid + "/vote", {{"option", 7}}).status, 422);
  auto v = post("resident", "/api/v1/ballots/" + bid + "/vote", {{"option", 0}}, "vote-1");
  ASSERT_EQ(v.status, 201) << v.body;
  EXPECT_EQ(post("resident", "/api/v1/ballots/" + bid + "/vote", {{"option", 0}}, "vote-1").status, 201);  // replay
  EXPECT_EQ(post("resident", "/api/v1/ballots/" + bid + "/vote", {{"option", 1}}).status, 409);            // twice
  EXPECT_EQ(get("resident", "/api/v1/ballots/" + bid).json().at("mine").at("choice"), 0);
  // The property company's member votes on paper, counted in by the secretary.
  auto reg = get("secretary", "/api/v1/ballots/" + bid + "/register?voted=false").json();
  ASSERT_EQ(reg.at("items").as_array().size(), 2u);
  std::int64_t paper_voter = 0;
  for (const auto& x : reg.at("items").as_array())
    if (x.at("name") == "物业经理") paper_voter = x.at("id").as_int64();
  EXPECT_EQ(post("secretary", "/api/v1/ballots/" + bid + "/paper",
                 {{"votes", json::array{json::object{{"voter_id", v.json().at("id")}, {"option", 1}}}}})
                .status,
            409);  // the resident voted online already
  ASSERT_EQ(post("secretary", "/api/v1/ballots/" + bid + "/paper",
                 {{"votes", json::array{json::object{{"voter_id", paper_voter}, {"option", 0}}}}})
                .status,
            200);
  auto closed = post("secretary", "/api/v1/ballots/" + bid + "/close",
                     {{"version", get("secretary", "/api/v1/ballots/" + bid).json().at("version")}});
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(closed.json().at("outcome"), "passed");
  EXPECT_EQ(closed.json().at("result").at("votes"), (json::array{2, 0}));
  EXPECT_EQ(closed.json().at("result").at("cast"), 2);
  // Frozen: no vote, no paper, no second count.
  EXPECT_EQ(post("secretary", "/api/v1/ballots/" + bid + "/vote", {{"option", 1}}).status, 409);
  EXPECT_EQ(post("secretary", "/api/v1/ballots/" + bid + "/close", {{"version", closed.json().at("version")}}).status,
            409);
  EXPECT_EQ(scalar("SELECT votes FROM ballot_tallies WHERE ballot_id = ? AND opt = 0", {std::stoll(bid)}), 2);
  // 公开公示 for a few seconds; an objection must be answered before implementation.
  ASSERT_EQ(step(id, "publicize", {{"decision", "同意加装，业主按楼层分摊"}, {"until", in_seconds(3)}}).status, 200);
  auto o = post("resident", "/api/v1/topics/" + std::to_string(id) + "/objections", {{"body", "一楼不应分摊"}});
  ASSERT_EQ(o.status, 201) << o.body;
  EXPECT_EQ(step(id, "implement").status, 409);  // the period runs, the objection is open
  std::this_thread::sleep_for(std::chrono::milliseconds(3200));
  EXPECT_EQ(step(id, "implement").status, 409);  // the objection is still open
  EXPECT_EQ(post("resident", "/api/v1/topics/" + std::to_string(id) + "/objections", {{"body", "晚了"}}).status, 409);
  ASSERT_EQ(post("secretary", "/api/v1/topic-objections/" + std::to_string(o.json().at("id").as_int64()) + "/answer",
                 {{"answer", "一楼不分摊"}})
                .status,
            200);
  ASSERT_EQ(step(id, "implement").status, 200);
  // 研究落实: tasks with owners and deadlines; completing needs them done, and the feedback.
  EXPECT_EQ(step(id, "complete", {{"comment", "已完工"}}).status, 409);  // no task
  auto task = post("secretary", "/api/v1/topics/" + std::to_string(id) + "/tasks",
                   {{"title", "办理加装报建"},
                    {"owner_name", "网格员"},
                    {"owner_username", "gridworker"},
                    {"due_on", "2099-01-01"}});
  ASSERT_EQ(task.status, 201) << task.body;
  EXPECT_EQ(step(id, "complete", {{"comment", "已完工"}}).status, 409);  // not done
  EXPECT_EQ(get("gridworker", "/api/v1/topic-tasks").json().at("items").as_array().size(), 1u);
  auto done = post("gridworker", "/api/v1/topic-tasks/" + std::to_string(task.json().at("id").as_int64()) + "/done",
                   {{"version", 1}, {"result", "已取得报建批复"}});
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.json().at("on_time"), true);
  EXPECT_EQ(step(id, "complete").status, 422);  // the feedback is required
  ASSERT_EQ(step(id, "complete", {{"comment", "电梯已于本月投入使用"}}).status, 200);
  auto end = topic(id, "resident");
  EXPECT_EQ(end.at("status"), "done");
  EXPECT_EQ(end.at("feedback"), "电梯已于本月投入使用");
  EXPECT_GE(end.at("timeline").as_array().size(), 15u);
  // The proposer heard of it, and the member who attended earned the meeting deed's due (no rule: none).
  EXPECT_GE(scalar("SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.username = "
                   "'resident' AND n.record = ?",
                   {"topic:" + std::to_string(id)}),
            3);
  (void)resident_member;
}

TEST_F(DeliberationTest, ResidentsAndHouseholdsVoteOnceOnlineOrOnPaperAndSecretBallotsKeepNoLink) {
  // Households under another grid: adults vote, the child does not.
  auto h1 = household("101", kDelibOtherGrid);
  auto h2 = household("102", kDelibOtherGrid);
  auto [p1, id1] = person(h1, "甲一", 1);
  auto [p2, id2] = person(h1, "甲二", 2);
  auto [p3, id3] = person(h2, "乙一", 3);
  person(h2, "乙孩", 4, 2015);
  account("voter1", "resident", kDelibOtherGrid);
  account("voter2", "resident", kDelibOtherGrid);
  account("voter3", "resident", kDelibOtherGrid);
  // Links: by staff for voter1, by the resident's own claim for voter2 and voter3.
  EXPECT_EQ(
      call("gridchief", "PUT", "/api/v1/persons/" + std::to_string(p1) + "/account", {{"username", "voter1"}}).status,
      200);
  EXPECT_EQ(post("voter2", "/api/v1/me/person", {{"name", "甲二"}, {"id_number", id1}}).status, 422);  // not theirs
  EXPECT_EQ(post("voter2", "/api/v1/me/person", {{"name", "甲二"}, {"id_number", id2}}).status, 200);
  EXPECT_EQ(post("voter3", "/api/v1/me/person", {{"name", "乙一"}, {"id_number", id3}}).status, 200);
  EXPECT_EQ(get("voter3", "/api/v1/me/person").json().at("person_id"), p3);
  // A person of another grid cannot be claimed by a resident granted here.
  account("faraway", "resident", "440404104002001");
  EXPECT_EQ(post("faraway", "/api/v1/me/person", {{"name", "乙一"}, {"id_number", id3}}).status, 422);
  for (int i = 0; i < 4; ++i) post("faraway", "/api/v1/me/person", {{"name", "x"}, {"id_number", id3}});
  EXPECT_EQ(post("faraway", "/api/v1/me/person", {{"name", "乙一"}, {"id_number", id3}}).status, 429);

  auto c = council("第二网格议事会", kDelibOtherGrid);
  // A secret ballot of the grid's adult residents.
  auto id = deliberating(c, "楼道堆物清理", "voter1");
  auto b = post("secretary", "/api/v1/topics/" + std::to_string(id) + "/ballots",
                {{"question", "是否统一清理"}, {"electorate", "residents"}, {"secret", true}});
  ASSERT_EQ(b.status, 201) << b.body;
  auto bid = b.json().at("id").as_int64();
  auto path = "/api/v1/ballots/" + std::to_string(bid);
  EXPECT_EQ(b.json().at("eligible"), 3);                                     // three adults, the child left out
  EXPECT_EQ(post("resident", path + "/vote", {{"option", 0}}).status, 404);  // lives elsewhere: not even seen
  account("unlinked", "resident", kDelibOtherGrid);
  EXPECT_EQ(post("unlinked", path + "/vote", {{"option", 0}}).status, 403);  // not on the register
  auto v1 = post("voter1", path + "/vote", {{"option", 0}});
  ASSERT_EQ(v1.status, 201) << v1.body;
  EXPECT_TRUE(v1.json().at("choice").is_null());                                 // not even answered back
  ASSERT_EQ(post("voter2", path + "/vote", {{"option", nullptr}}).status, 201);  // abstains
  // No link between voters and choices anywhere: the register, the audit log.
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM ballot_voters WHERE ballot_id = ? AND choice IS NOT NULL", {bid}), 0);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE target = ? AND detail LIKE '%option%'",
                   {"ballot:" + std::to_string(bid)}),
            0);
  // The third adult hands in a paper ballot: tallies must add up to the voters named.
  std::int64_t third = 0;
  auto unvoted = get("secretary", path + "/register?voted=false").json();
  for (const auto& x : unvoted.at("items").as_array()) third = x.at("id").as_int64();
  EXPECT_EQ(
      post("secretary", path + "/paper", {{"voter_ids", json::array{third}}, {"tallies", json::array{1, 1}}}).status,
      422);
  EXPECT_EQ(scalar("SELECT cast_paper FROM ballots WHERE id = ?", {bid}), 0);  // nothing changed
  ASSERT_EQ(
      post("secretary", path + "/paper", {{"voter_ids", json::array{third}}, {"tallies", json::array{0, 1}}}).status,
      200);
  EXPECT_EQ(post("voter3", path + "/vote", {{"option", 0}}).status, 409);  // voted on paper
  auto closed = post("secretary", path + "/close", {{"version", get("secretary", path).json().at("version")}});
  ASSERT_EQ(closed.status, 200) << closed.body;
  // 1 for, 1 against, 1 abstained of 3 present: 1 is not more than half of 3.
  EXPECT_EQ(closed.json().at("outcome"), "failed");
  EXPECT_EQ(closed.json().at("result").at("abstained"), 1);
  EXPECT_EQ(step(id, "publicize", {{"decision", "x"}}).status, 409);  // no ballot passed
  EXPECT_EQ(step(id, "reject").status, 422);                          // the reason is required
  ASSERT_EQ(step(id, "reject", {{"comment", "未获通过"}}).status, 200);

  // One vote per household: the household of two adults votes once.
  auto gate = deliberating(c, "单元门禁更换", "voter1");
  auto hb = post("secretary", "/api/v1/topics/" + std::to_string(gate) + "/ballots",
                 {{"question", "是否更换门禁"}, {"electorate", "households"}});
  ASSERT_EQ(hb.status, 201) << hb.body;
  EXPECT_EQ(hb.json().at("eligible"), 2);
  EXPECT_EQ(hb.json().at("quorum"), "two_thirds");
  auto hpath = "/api/v1/ballots/" + std::to_string(hb.json().at("id").as_int64());
  ASSERT_EQ(post("voter1", hpath + "/vote", {{"option", 0}}).status, 201);
  auto twice = post("voter2", hpath + "/vote", {{"option", 1}});
  EXPECT_EQ(twice.status, 409);
  EXPECT_NE(twice.body.find("您家已投过票"), std::string::npos) << twice.body;
  // One household of two took part: not two thirds.
  auto hclosed = post("secretary", hpath + "/close", {{"version", get("secretary", hpath).json().at("version")}});
  EXPECT_EQ(hclosed.json().at("outcome"), "no_quorum");
}

TEST_F(DeliberationTest, BadInputAndOtherPlacesAreRefusedWithNothingChanged) {
  auto c = council("议事会（输入检查）");
  auto t = post("resident", "/api/v1/topics", {{"council_id", c}, {"title", "路灯"}});
  ASSERT_EQ(t.status, 201);
  auto id = t.json().at("id").as_int64();
  auto n = scalar("SELECT COUNT(*) FROM topics");
  EXPECT_EQ(post("resident", "/api/v1/topics", {{"council_id", c}}).status, 422);  // no title
  EXPECT_EQ(
      post("resident", "/api/v1/topics", {{"council_id", c}, {"title", "x"}, {"region_code", "440404104002"}}).status,
      422);  // outside the council's place
  EXPECT_EQ(post("resident", "/api/v1/topics", {{"council_id", 999999}, {"title", "x"}}).status, 422);
  EXPECT_EQ(post("resident", "/api/v1/topics", {{"council_id", c}, {"title", "x"}, {"source", "event"}}).status, 422);
  EXPECT_EQ(post("resident", "/api/v1/topics", {{"council_id", c}, {"title", "x"}, {"whatever", 1}}).status, 422);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM topics"), n);
  // A stale version, an unknown step body field.
  EXPECT_EQ(post("secretary", "/api/v1/topics/" + std::to_string(id) + "/accept", {{"version", 7}}).status, 409);
  EXPECT_EQ(post("secretary", "/api/v1/topics/" + std::to_string(id) + "/accept").status, 428);
  EXPECT_EQ(step(id, "merge", {{"into", id}}).status, 422);
  EXPECT_EQ(topic(id).at("status"), "proposed");
  // A resident of another community does not see it; a community council is not at a unit.
  account("othercommunity", "resident", "440404104002001");
  EXPECT_EQ(get("othercommunity", "/api/v1/topics/" + std::to_string(id)).status, 404);
  EXPECT_EQ(post("othercommunity", "/api/v1/topics/" + std::to_string(id) + "/support").status, 404);
  EXPECT_TRUE(get("othercommunity", "/api/v1/topics").json().at("items").as_array().empty());
  EXPECT_EQ(post("secretary", "/api/v1/councils", {{"region_code", "440404104002"}, {"name", "x"}}).status, 403);
  // Merging gathers the supporters.
  auto t2 = post("gridworker", "/api/v1/topics", {{"council_id", c}, {"title", "路灯不亮"}});
  ASSERT_EQ(t2.status, 201);
  ASSERT_EQ(step(t2.json().at("id").as_int64(), "merge", {{"into", id}}).status, 200);
  EXPECT_EQ(topic(id).at("supporters"), 1);
  // A ballot's options and electorate are checked; its node must be the council's or under.
  auto d = deliberating(c, "停车位");
  auto ballots = "/api/v1/topics/" + std::to_string(d) + "/ballots";
  EXPECT_EQ(post("secretary", ballots,
                 {{"question", "q"}, {"electorate", "council"}, {"kind", "choose"}, {"options", json::array{"a"}}})
                .status,
            422);
  EXPECT_EQ(post("secretary", ballots, {{"question", "q"}, {"electorate", "everyone"}}).status, 422);
  EXPECT_EQ(
      post("secretary", ballots, {{"question", "q"}, {"electorate", "residents"}, {"electorate_code", "440404104002"}})
          .status,
      422);
  EXPECT_EQ(post("secretary", ballots, {{"question", "q"}, {"electorate", "council"}}).status, 409);  // no members
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM ballots WHERE topic_id = ?", {d}), 0);
}

TEST_F(DeliberationTest, FiguresCountTheStagesAndTheLedgerExports) {
  auto c = council("议事会（统计）");
  member(c, "成员甲", "resident");
  auto d = deliberating(c, "健身器材");
  const std::string stats_url = std::string("/api/v1/deliberation-stats?region=").append(kDelibCommunity);
  auto stats = get("secretary", stats_url);
  ASSERT_EQ(stats.status, 200) << stats.body;
  EXPECT_GE(stats.json().at("topics_by_status").at("deliberating").as_int64(), 1);
  EXPECT_GE(stats.json().at("topics_by_source").at("resident").as_int64(), 1);
  EXPECT_EQ(get("resident", "/api/v1/deliberation-stats").status, 403);
  auto x = get("secretary", std::string("/api/v1/exports/topics?region=") + kDelibCommunity);
  ASSERT_EQ(x.status, 200);
  auto rows = sheet_rows(x.body);
  bool found = false;
  for (const auto& row : rows) found = found || (row.size() > 2 && row[2] == "健身器材");
  EXPECT_TRUE(found);
  (void)d;
}

}  // namespace
}  // namespace wangge::testing
