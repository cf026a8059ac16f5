// The service desk through HTTP on both backends: the catalogue, community admission
// through a recorded approval, and three orders (点单 → 派单 → 接单 → 完成 → 评价): the
// order table's steps by their actors only, two takers racing for one open order (one
// wins, one 409), a retried order filed once, bad input refused with nothing changed, and
// who sees which orders.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "core/storage/database.h"
#include "integration/harness.h"

namespace wangge::testing {
namespace {

namespace json = boost::json;

constexpr const char* kTown = "440404104";
constexpr const char* kCommunity = "440404104001";
constexpr const char* kGrid = "440404104001001";

class ServicesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    tokens_["admin"] = server_->login("admin", kAdminPassword);
    for (const char* u :
         {"gridworker", "gridchief", "leader", "dispatcher", "handler", "resident", "partymember", "volunteer"})
      tokens_[u] = server_->login(u);
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
  static json::object order(std::int64_t id) {
    auto r = get("resident", "/api/v1/service-orders/" + std::to_string(id));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().as_object();
  }
  static std::int64_t version(std::int64_t id) { return order(id).at("version").as_int64(); }
  static HttpResponse step(const std::string& who, std::int64_t id, const std::string& action, json::object body) {
    if (!body.contains("version")) body["version"] = version(id);
    return post(who, "/api/v1/service-orders/" + std::to_string(id) + "/" + action, body);
  }
  // An item of the town: level community (devolved to communities that admit it) or town.
  static std::int64_t item(const std::string& name, const std::string& level, bool orderable = true) {
    auto r = post("admin", "/api/v1/service-items",
                  {{"region_code", kTown},
                   {"level", level},
                   {"kind", level == "town" ? "duty" : "convenience"},
                   {"name", name},
                   {"description", "居民可点单，由党员上门代办"},
                   {"materials", json::array{json::object{{"name", "身份证复印件"}},
                                             json::object{{"name", "委托书"}, {"required", false}}}},
                   {"time_limit_days", 2},
                   {"on_behalf", true},
                   {"door_to_door", true},
                   {"orderable", orderable},
                   {"window_name", "综合窗口 3 号"}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().at("id").as_int64();
  }
  // The item admitted to the demo community (requested by its grid chief, approved by the
  // town's leader).
  static void admit(std::int64_t item_id) {
    auto r = post("gridchief", "/api/v1/service-admissions",
                  {{"item_id", item_id}, {"community_code", kCommunity}, {"basis", "居民需求大，社区有党员服务队"}});
    ASSERT_EQ(r.status, 201) << r.body;
    auto a = r.json().as_object();
    r = post("leader", "/api/v1/service-admissions/" + std::to_string(a.at("id").as_int64()) + "/approve",
             {{"version", a.at("version")}, {"note", "同意纳入社区清单"}});
    ASSERT_EQ(r.status, 200) << r.body;
  }
  static std::int64_t place_order(std::int64_t item_id) {
    auto r = post("resident", "/api/v1/service-orders",
                  {{"region_code", kGrid},
                   {"item_id", item_id},
                   {"detail", "腿脚不便，请帮忙代领社保卡"},
                   {"phone", "13800138000"},
                   {"address", "立新路 8 号 3-301"}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().at("id").as_int64();
  }
  static TestServer* server_;
  static std::map<std::string, std::string> tokens_;
};
TestServer* ServicesTest::server_ = nullptr;
std::map<std::string, std::string> ServicesTest::tokens_;

TEST_F(ServicesTest, TheCatalogueAndACommunitysListThroughARecordedApproval) {
  std::int64_t devolved = item("老年优待证代办", "community");
  std::int64_t at_town = item("低保申请受理", "town", false);

  // Everyone with a grant in the town reads its catalogue, from a grid too.
  auto list = get("resident", std::string("/api/v1/service-items?region=") + kGrid).json();
  const auto& items = list.at("items").as_array();
  EXPECT_GE(items.size(), 2u);
  EXPECT_EQ(items[0].at("id").as_int64(), at_town);
  EXPECT_EQ(items[1].at("materials").as_array().size(), 2u);
  EXPECT_EQ(get("handler", std::string("/api/v1/service-items?region=") + kTown).status, 403);  // no catalogue
  EXPECT_EQ(get("resident", "/api/v1/service-items?region=440404").status, 422);                // above any town
  // Only the town's managers write it; bad input names the field and changes nothing.
  EXPECT_EQ(post("gridchief", "/api/v1/service-items",
                 {{"region_code", kTown}, {"level", "town"}, {"kind", "duty"}, {"name", "x"}, {"time_limit_days", 1}})
                .status,
            403);
  std::int64_t n = count("service_items");
  for (const auto& bad :
       {json::object{
            {"region_code", kCommunity}, {"level", "town"}, {"kind", "duty"}, {"name", "x"}, {"time_limit_days", 1}},
        json::object{
            {"region_code", kTown}, {"level", "town"}, {"kind", "other"}, {"name", "x"}, {"time_limit_days", 1}},
        json::object{
            {"region_code", kTown}, {"level", "town"}, {"kind", "duty"}, {"name", "x"}, {"time_limit_days", 400}},
        json::object{{"region_code", kTown},
                     {"level", "town"},
                     {"kind", "duty"},
                     {"name", "低保申请受理"},
                     {"time_limit_days", 1}}}) {
    auto r = post("admin", "/api/v1/service-items", bad);
    EXPECT_TRUE(r.status == 422 || r.status == 409) << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json");
  }
  EXPECT_EQ(count("service_items"), n);

  // Admission: the community asks, the town decides, each step recorded.
  EXPECT_EQ(post("gridworker", "/api/v1/service-admissions",
                 {{"item_id", devolved}, {"community_code", kCommunity}, {"basis", "x"}})
                .status,
            403);
  EXPECT_EQ(post("gridchief", "/api/v1/service-admissions",
                 {{"item_id", at_town}, {"community_code", kCommunity}, {"basis", "x"}})
                .status,
            422);  // a town's own item is not devolved
  auto r = post("gridchief", "/api/v1/service-admissions",
                {{"item_id", devolved}, {"community_code", kCommunity}, {"basis", "辖区老人多"}});
  ASSERT_EQ(r.status, 201) << r.body;
  auto a = r.json().as_object();
  EXPECT_EQ(a.at("status"), "requested");
  EXPECT_EQ(a.at("community_name"), "立新社区居民委员会");
  std::string base = "/api/v1/service-admissions/" + std::to_string(a.at("id").as_int64());
  EXPECT_EQ(post("gridchief", base + "/approve", {{"version", a.at("version")}}).status, 403);  // not its own
  EXPECT_EQ(post("leader", base + "/reject", {{"version", a.at("version")}}).status, 422);      // no reason
  r = post("leader", base + "/reject", {{"version", a.at("version")}, {"note", "材料要求尚未明确"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("status"), "rejected");
  // Asked again, the same row moves; approved; a second request is a conflict.
  r = post("gridchief", "/api/v1/service-admissions",
           {{"item_id", devolved}, {"community_code", kCommunity}, {"basis", "已明确材料清单"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json().at("id"), a.at("id"));
  r = post("leader", base + "/approve", {{"version", r.json().at("version")}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(post("gridchief", "/api/v1/service-admissions",
                 {{"item_id", devolved}, {"community_code", kCommunity}, {"basis", "x"}})
                .status,
            409);
  // The community says it can handle it now.
  r = post("gridchief", base + "/ready", {{"version", r.json().at("version")}, {"ready", true}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json().at("ready").as_bool());
  // The community's list, which its residents order from, holds it now.
  auto ours = get("resident", std::string("/api/v1/communities/") + kCommunity + "/service-items").json();
  ASSERT_EQ(ours.as_array().size(), 1u);
  EXPECT_EQ(ours.at(0).at("id").as_int64(), devolved);
  EXPECT_EQ(get("resident", "/api/v1/communities/440404104002/service-items").status, 403);  // another community
  auto listed = get("leader", std::string("/api/v1/service-admissions?community=") + kCommunity).json();
  EXPECT_EQ(listed.at("items").at(0).at("status"), "approved");
  // Every step is in the audit log.
  auto log = get("admin", "/api/v1/audit?action=services:admission:reject").json();
  EXPECT_EQ(log.at("items").as_array().size(), 1u);
}

TEST_F(ServicesTest, AnOrderFromTheResidentThroughDispatchTakingCompletionAndRating) {
  std::int64_t it = item("社保卡代领", "community");
  admit(it);
  std::int64_t id = place_order(it);
  auto o = order(id);
  EXPECT_EQ(o.at("status"), "ordered");
  EXPECT_EQ(o.at("title"), "社保卡代领");
  EXPECT_EQ(o.at("phone"), "138****8000");
  EXPECT_EQ(o.at("region_name"), "立新社区第一网格");
  // The resident may only cancel or remind now.
  std::vector<std::string> acts;
  for (const auto& a : o.at("actions").as_array()) acts.emplace_back(a.at("action").as_string());
  EXPECT_EQ(acts, (std::vector<std::string>{"cancel", "remind"}));
  // The community's staff were told.
  auto inbox = get("gridchief", "/api/v1/notifications").json();
  EXPECT_NE(json::serialize(inbox).find("社保卡代领"), std::string::npos);
  EXPECT_EQ(json::value_to<std::string>(inbox.at("items").at(0).at("record")), "order:" + std::to_string(id));

  // Only the community dispatches, and only to someone who takes orders there.
  EXPECT_EQ(step("resident", id, "dispatch", {{"taker_id", 1}}).status, 403);
  auto takers = get("gridchief", "/api/v1/service-orders/" + std::to_string(id) + "/takers").json().as_array();
  std::int64_t member = 0;
  for (const auto& t : takers)
    if (t.at("name") == "立新社区党员") member = t.at("id").as_int64();
  ASSERT_NE(member, 0) << json::serialize(takers);
  EXPECT_EQ(takers.size(), 2u);                                   // the party member and the volunteer
  auto r = step("gridchief", id, "dispatch", {{"taker_id", 1}});  // the administrator
  EXPECT_EQ(r.status, 422) << r.body;
  r = step("gridchief", id, "dispatch", {{"taker_id", member}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("status"), "assigned");
  EXPECT_EQ(r.json().at("taker_name"), "立新社区党员");

  // The volunteer is not the one it was given to: for them it does not exist.
  EXPECT_EQ(step("volunteer", id, "accept", {}).status, 404);
  ASSERT_EQ(step("partymember", id, "accept", {}).status, 200);
  r = step("partymember", id, "complete", {});
  EXPECT_EQ(r.status, 422);  // what was done is required
  r = step("partymember", id, "complete", {{"comment", "已代领社保卡并送到老人家中"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("status"), "done");

  // Confirmation: the resident only, a rating 1 to 5; a stale version is a conflict.
  EXPECT_EQ(step("gridchief", id, "confirm", {{"rating", 5}}).status, 403);
  std::int64_t v = version(id);
  EXPECT_EQ(step("resident", id, "confirm", {{"rating", 6}, {"version", v}}).status, 422);
  EXPECT_EQ(step("resident", id, "confirm", {{"rating", 5}, {"version", v - 1}}).status, 409);
  EXPECT_EQ(version(id), v);
  r = step("resident", id, "confirm", {{"rating", 5}});
  ASSERT_EQ(r.status, 200) << r.body;
  o = order(id);
  EXPECT_EQ(o.at("status"), "confirmed");
  EXPECT_EQ(o.at("rating"), 5);
  std::vector<std::string> trail;
  for (const auto& e : o.at("timeline").as_array()) trail.emplace_back(e.at("action").as_string());
  EXPECT_EQ(trail, (std::vector<std::string>{"create", "dispatch", "accept", "complete", "confirm"}));
  EXPECT_EQ(o.at("timeline").at(1).at("actor_name"), "立新社区网格长");
  for (const auto& e : o.at("timeline").as_array())  // each step at its time, none before the order
    EXPECT_GE(std::string(e.at("at").as_string()), std::string(o.at("created_at").as_string())) << e;
  EXPECT_TRUE(o.at("actions").as_array().empty());
  // The party member was told of the rating.
  EXPECT_NE(get("partymember", "/api/v1/notifications").body.find("确认评价"), std::string::npos);
}

TEST_F(ServicesTest, TwoTakersRacingForAnOpenOrderOneWinsTheOtherGets409) {
  std::int64_t it = item("上门理发", "community");
  admit(it);
  for (int round = 0; round < 3; ++round) {
    std::int64_t id = place_order(it);
    ASSERT_EQ(step("gridchief", id, "publish", {}).status, 200);
    std::int64_t v = version(id);
    // Both see it open to take.
    for (const char* who : {"partymember", "volunteer"}) {
      auto open = get(who, "/api/v1/service-orders?view=open").json();
      EXPECT_EQ(open.at("items").at(0).at("id").as_int64(), id) << who;
    }
    std::atomic<int> won{0}, conflict{0};
    std::vector<std::thread> ts;
    for (const char* who : {"partymember", "volunteer"}) {
      ts.emplace_back([&, who] {
        auto r = step(who, id, "take", {{"version", v}});
        if (r.status != 200 && r.status != 409) ADD_FAILURE() << who << " " << r.status << " " << r.body;
        if (r.status == 200) ++won;
        if (r.status == 409) ++conflict;
      });
    }
    for (auto& t : ts) t.join();
    EXPECT_EQ(won.load(), 1);
    EXPECT_EQ(conflict.load(), 1);
    auto o = order(id);
    EXPECT_EQ(o.at("status"), "taken");
    EXPECT_EQ(o.at("timeline").as_array().size(), 3u);  // create, publish, one take
  }
}

TEST_F(ServicesTest, ARetriedOrderIsFiledOnceAndBadInputChangesNothing) {
  std::int64_t it = item("代缴水电费", "community");
  admit(it);
  std::int64_t other = item("家电维修", "community");  // not on this community's list
  auto body = json::serialize(json::object{{"region_code", kGrid}, {"item_id", it}, {"detail", "请帮忙"}});
  std::vector<std::pair<std::string, std::string>> hdr{{"Content-Type", "application/json"},
                                                       {"Authorization", "Bearer " + tokens_["resident"]},
                                                       {"Idempotency-Key", "order-retry-1"}};
  std::int64_t before = count("service_orders");
  auto c = server_->client();
  auto first = c.request("POST", "/api/v1/service-orders", body, hdr);
  ASSERT_EQ(first.status, 201) << first.body;
  auto again = c.request("POST", "/api/v1/service-orders", body, hdr);
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(count("service_orders"), before + 1);

  before = count("service_orders");
  std::int64_t steps = count("service_timeline");
  for (const auto& bad : {json::object{{"region_code", kGrid}, {"item_id", other}},               // another list
                          json::object{{"region_code", kGrid}},                                   // nothing asked
                          json::object{{"region_code", kTown}, {"title", "x"}},                   // not a place
                          json::object{{"region_code", kGrid}, {"title", "x"}, {"phone", "12"}},  // a bad phone
                          json::object{{"region_code", "440404104002001"}, {"title", "x"}}}) {    // not my grid
    auto r = post("resident", "/api/v1/service-orders", bad);
    EXPECT_TRUE(r.status == 422 || r.status == 403) << json::serialize(bad) << " " << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json");
  }
  EXPECT_EQ(count("service_orders"), before);
  EXPECT_EQ(count("service_timeline"), steps);
  // The phone is sealed at rest.
  std::int64_t id = place_order(it);
  auto sealed = server_->app().db().read_value<std::string>([&](storage::Tx& tx) {
    return tx.exec("SELECT phone_sealed FROM service_orders WHERE id = ?", {id}).one().str(0);
  });
  EXPECT_EQ(sealed.find("13800138000"), std::string::npos);
}

TEST_F(ServicesTest, EachSeesTheirOwnOrders) {
  std::int64_t it = item("助餐配送", "community");
  admit(it);
  std::int64_t id = place_order(it);
  std::string path = "/api/v1/service-orders/" + std::to_string(id);
  // The community's staff and the town's leader and dispatcher read it; a department's
  // handler and the volunteer (not given it, not open) do not.
  for (const char* who : {"gridchief", "leader", "dispatcher", "resident"})
    EXPECT_EQ(get(who, path).status, 200) << who;
  for (const char* who : {"handler", "volunteer", "partymember", "gridworker"})
    EXPECT_EQ(get(who, path).status, 404) << who;
  // Without a view a department's handler gets their own orders (none); the console is not theirs.
  EXPECT_TRUE(get("handler", "/api/v1/service-orders").json().at("items").as_array().empty());
  EXPECT_EQ(get("handler", "/api/v1/service-orders?view=community").status, 403);
  EXPECT_EQ(get("gridchief", "/api/v1/service-orders?region=440404104002").status, 403);
  // Mine: the resident's; the community's console: the community's.
  auto mine = get("resident", "/api/v1/service-orders?view=mine").json();
  EXPECT_EQ(mine.at("items").at(0).at("id").as_int64(), id);
  auto console = get("gridchief", "/api/v1/service-orders?status=ordered").json();
  EXPECT_EQ(console.at("items").at(0).at("id").as_int64(), id);
  auto given = get("partymember", "/api/v1/service-orders?view=taker").json();
  for (const auto& g : given.at("items").as_array()) EXPECT_NE(g.at("id").as_int64(), id);
  // Given to the party member, who returns it with a reason: back to the community.
  std::int64_t member = 0;
  auto takers = get("gridchief", path + "/takers").json();
  for (const auto& t : takers.as_array())
    if (t.at("name") == "立新社区党员") member = t.at("id").as_int64();
  ASSERT_EQ(step("gridchief", id, "dispatch", {{"taker_id", member}}).status, 200);
  EXPECT_EQ(get("partymember", path).status, 200);
  EXPECT_EQ(step("partymember", id, "return", {}).status, 422);
  auto r = step("partymember", id, "return", {{"comment", "本周外出，无法上门"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("status"), "ordered");
  EXPECT_EQ(r.json().at("returns"), 1);
  EXPECT_EQ(get("partymember", path).status, 404);  // no longer theirs
  // The resident reminds once; a second reminder right away is a conflict.
  ASSERT_EQ(step("resident", id, "remind", {}).status, 200);
  EXPECT_EQ(step("resident", id, "remind", {}).status, 409);
  ASSERT_EQ(step("resident", id, "cancel", {}).status, 200);
  EXPECT_EQ(order(id).at("status"), "cancelled");
}

// The community's console is live: an order placed, and each step, reach the staff's stream
// (event: order) within a second; a volunteer who may not read it hears nothing of it.
TEST_F(ServicesTest, TheCommunitysConsoleHearsOfOrdersLive) {
  std::int64_t it = item("上门送药", "community");
  admit(it);
  StreamReader staff(server_->port(), tokens_["gridchief"]);
  StreamReader other(server_->port(), tokens_["volunteer"]);
  ASSERT_TRUE(staff.read_until("event: hello", 3000)) << staff.text();
  ASSERT_TRUE(other.read_until("event: hello", 3000)) << other.text();
  std::int64_t id = place_order(it);
  std::string needle = "\"id\":" + std::to_string(id) + ",\"status\":\"ordered\"";
  EXPECT_TRUE(staff.read_until(needle, 3000)) << staff.text();
  ASSERT_EQ(step("gridchief", id, "publish", {}).status, 200);
  std::string open = "\"id\":" + std::to_string(id) + ",\"status\":\"open\"";
  EXPECT_TRUE(staff.read_until(open, 3000)) << staff.text();
  // Open to take, the volunteer of the community may read it now, and hears of it.
  EXPECT_TRUE(other.read_until(open, 3000)) << other.text();
  EXPECT_EQ(other.text().find(needle), std::string::npos) << other.text();
}

}  // namespace
}  // namespace wangge::testing
