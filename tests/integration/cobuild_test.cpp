// Co-building through HTTP on both backends: units and their contacts (a credit code's
// check character, duplicates refused, phones sealed and shown masked, unmasked for a
// reason and audited, membership ended with its history kept); resources kept by staff
// and by a unit's own contacts; needs collected by hand or raised once from a visit or an
// order the collector may read, matched only on their line, met or closed; a project
// through its lifecycle with dated progress; figures on a community of constructed records
// with known answers; the three ledgers read back; access (roles without the permission,
// another community's secretary) refused with nothing changed.
#include <gtest/gtest.h>

#include "core/storage/database.h"
#include "integration/harness.h"
#include "integration/xlsx_reader.h"

namespace wangge::testing {
namespace {

namespace json = boost::json;

constexpr const char* kCbCommunity = "440404104001";
constexpr const char* kCbGrid = "440404104001001";
constexpr const char* kCbSiblingGrid = "440404104001002";
constexpr const char* kCbStatsCommunity = "440404104003";  // 南新社区: nothing else of this module there

class CobuildTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    tokens_["admin"] = server_->login("admin", kAdminPassword);
    for (const char* u :
         {"secretary", "gridworker", "gridchief", "leader", "unitcontact", "partymember", "resident", "dispatcher"})
      tokens_[u] = server_->login(u);
    // Another community's secretary; a second unit contact of 立新社区; a secretary of the
    // figures' community.
    for (const auto& [name, role, node] : {std::tuple{"cb_far_secretary", "secretary", "440404104002"},
                                           std::tuple{"cb_contact", "unit_contact", kCbCommunity},
                                           std::tuple{"cb_stats_secretary", "secretary", kCbStatsCommunity}}) {
      auto c = server_->client();
      auto u = c.send_json("POST", "/api/v1/users",
                           {{"username", name}, {"display_name", std::string(name)}, {"password", "Cobuild#2026"}},
                           tokens_["admin"]);
      EXPECT_EQ(u.status, 201) << u.body;
      c.send_json("POST", "/api/v1/users/" + std::to_string(u.json().at("id").as_int64()) + "/grants",
                  {{"role", role}, {"region_code", node}}, tokens_["admin"]);
      tokens_[name] = server_->login(name, "Cobuild#2026");
    }
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
  // Creates and answers the record's JSON (asserting the status).
  static json::value made(const std::string& who, const std::string& path, const json::value& body) {
    auto r = post(who, path, body);
    EXPECT_EQ(r.status, 201) << path << " " << r.body;
    return r.json();
  }
  static std::int64_t unit(const std::string& name, const std::string& node = kCbCommunity, bool alliance = true,
                           const std::string& who = "secretary") {
    return made(who, "/api/v1/cobuild-units",
                {{"region_code", node}, {"name", name}, {"kind", "enterprise"}, {"alliance", alliance}})
        .at("id")
        .as_int64();
  }
  static std::string need_path(std::int64_t id) { return "/api/v1/cobuild-needs/" + std::to_string(id); }
  static std::string project_path(std::int64_t id) { return "/api/v1/cobuild-projects/" + std::to_string(id); }

  static TestServer* server_;
  static std::map<std::string, std::string> tokens_;
};

TestServer* CobuildTest::server_ = nullptr;
std::map<std::string, std::string> CobuildTest::tokens_;

TEST_F(CobuildTest, UnitsTheirContactsAndHistory) {
  const std::string code = credit_code("91440404MA5CB0010");
  auto created = post("secretary", "/api/v1/cobuild-units",
                      {{"region_code", kCbCommunity},
                       {"name", "测试共建甲公司"},
                       {"kind", "enterprise"},
                       {"credit_code", code},
                       {"alliance", true},
                       {"area", "立新路东段"}});
  ASSERT_EQ(created.status, 201) << created.body;
  auto id = created.json().at("id").as_int64();
  auto path = "/api/v1/cobuild-units/" + std::to_string(id);
  EXPECT_EQ(created.json().at("status"), "active");
  EXPECT_FALSE(created.json().at("joined_on").is_null());
  // Bad input and duplicates: refused, nothing made.
  auto before = scalar("SELECT COUNT(*) FROM cobuild_units");
  EXPECT_EQ(post("secretary", "/api/v1/cobuild-units",
                 {{"region_code", kCbCommunity}, {"name", "测试共建甲公司"}, {"kind", "school"}})
                .status,
            409);
  EXPECT_EQ(post("secretary", "/api/v1/cobuild-units",
                 {{"region_code", kCbCommunity}, {"name", "同码单位"}, {"kind", "school"}, {"credit_code", code}})
                .status,
            409);
  std::string wrong = code.substr(0, 17) + (code[17] == '0' ? "1" : "0");
  EXPECT_EQ(post("secretary", "/api/v1/cobuild-units",
                 {{"region_code", kCbCommunity}, {"name", "校验位错"}, {"kind", "school"}, {"credit_code", wrong}})
                .status,
            422);
  EXPECT_EQ(post("secretary", "/api/v1/cobuild-units",
                 {{"region_code", kCbCommunity}, {"name", "位数不对"}, {"kind", "school"}, {"credit_code", "91440404"}})
                .status,
            422);
  EXPECT_EQ(
      post("secretary", "/api/v1/cobuild-units", {{"region_code", kCbGrid}, {"name", "网格单位"}, {"kind", "school"}})
          .status,
      422);  // units serve a community or a town
  EXPECT_EQ(
      post("secretary", "/api/v1/cobuild-units", {{"region_code", kCbCommunity}, {"name", "坏类型"}, {"kind", "bank"}})
          .status,
      422);
  // Access: roles without cobuild:unit:write, another community's secretary.
  for (const char* who : {"gridworker", "gridchief", "unitcontact", "leader"})
    EXPECT_EQ(
        post(who, "/api/v1/cobuild-units", {{"region_code", kCbCommunity}, {"name", "越权"}, {"kind", "other"}}).status,
        403)
        << who;
  EXPECT_EQ(post("cb_far_secretary", "/api/v1/cobuild-units",
                 {{"region_code", kCbCommunity}, {"name", "越权"}, {"kind", "other"}})
                .status,
            403);
  EXPECT_EQ(get("cb_far_secretary", path).status, 404);
  EXPECT_EQ(call("cb_far_secretary", "PATCH", path, {{"version", 1}, {"name", "改名"}}).status, 404);
  EXPECT_EQ(post("cb_far_secretary", path + "/contacts", {{"name", "某人"}}).status, 404);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM cobuild_units"), before);

  // Contacts: the phone sealed and masked; the same phone or account twice is refused.
  auto a =
      post("secretary", path + "/contacts", {{"name", "张联络"}, {"post", "办公室主任"}, {"phone", "13800138000"}});
  ASSERT_EQ(a.status, 201) << a.body;
  EXPECT_EQ(a.json().at("phone"), "138****8000");
  EXPECT_EQ(post("secretary", path + "/contacts", {{"name", "张联络二"}, {"phone", "+86 138 0013 8000"}}).status, 409);
  EXPECT_EQ(post("secretary", path + "/contacts", {{"name", "坏电话"}, {"phone", "12345"}}).status, 422);
  auto b = post("secretary", path + "/contacts", {{"name", "李联络"}, {"username", "cb_contact"}});
  ASSERT_EQ(b.status, 201) << b.body;
  EXPECT_TRUE(b.json().at("linked").as_bool());
  EXPECT_EQ(post("secretary", path + "/contacts", {{"name", "李联络"}, {"username", "cb_contact"}}).status, 409);
  EXPECT_EQ(post("secretary", path + "/contacts", {{"name", "网格员"}, {"username", "gridworker"}}).status,
            422);  // does not hold unit_contact
  EXPECT_EQ(post("secretary", path + "/contacts", {{"name", "无此人"}, {"username", "cb_nobody"}}).status, 422);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM cobuild_contacts WHERE unit_id = ?", {id}), 2);
  // The phone is not in the row in clear; shown whole for a reason, audited.
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM cobuild_contacts WHERE phone_masked = '138****8000' AND unit_id = ?", {id}),
            1);
  auto contact_id = std::to_string(a.json().at("id").as_int64());
  EXPECT_EQ(post("gridworker", "/api/v1/cobuild-contacts/" + contact_id + "/unmask", {{"reason", "联系活动"}}).status,
            403);
  auto plain = post("secretary", "/api/v1/cobuild-contacts/" + contact_id + "/unmask", {{"reason", "联系活动"}});
  ASSERT_EQ(plain.status, 200) << plain.body;
  EXPECT_EQ(plain.json().at("phone"), "13800138000");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'cobuild:contact:unmask' AND outcome = 'ok' AND "
                   "target = ?",
                   {"cobuild_contact:" + contact_id}),
            1);
  // The account's own units; the page as a grid worker below it (masked, not writable).
  auto mine = [&] {
    bool in = false;
    auto page = get("cb_contact", "/api/v1/cobuild-units?view=mine").json();
    for (const auto& u : page.at("items").as_array()) in |= u.at("id").as_int64() == id;
    return in;
  };
  EXPECT_TRUE(mine());
  EXPECT_TRUE(get("gridworker", "/api/v1/cobuild-units?view=mine").json().at("items").as_array().empty());
  auto page = get("gridworker", path);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.json().at("contacts_list").as_array().size(), 2u);
  EXPECT_EQ(page.body.find("13800138000"), std::string::npos);
  EXPECT_FALSE(page.json().at("writes").as_bool());
  EXPECT_TRUE(get("cb_contact", path).json().at("mine").as_bool());
  // Removing a contact ends it, once; changes and leaving are kept in the history.
  EXPECT_EQ(post("secretary", "/api/v1/cobuild-contacts/" + contact_id + "/remove", {{"reason", "调离"}}).status, 200);
  EXPECT_EQ(post("secretary", "/api/v1/cobuild-contacts/" + contact_id + "/remove", {{"reason", "调离"}}).status, 409);
  EXPECT_EQ(get("secretary", path).json().at("contacts_list").as_array().size(), 1u);
  EXPECT_EQ(get("secretary", path + "?all=true").json().at("contacts_list").as_array().size(), 2u);
  auto changed = call("secretary", "PATCH", path, {{"version", 1}, {"address", "平沙大道 1 号"}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(call("secretary", "PATCH", path, {{"version", 1}, {"address", "x"}}).status, 409);  // stale
  EXPECT_EQ(post("secretary", path + "/leave", {{"version", 2}}).status, 422);                  // no reason
  auto left = post("secretary", path + "/leave", {{"version", 2}, {"reason", "企业搬迁"}});
  ASSERT_EQ(left.status, 200) << left.body;
  EXPECT_EQ(left.json().at("status"), "left");
  EXPECT_EQ(post("secretary", path + "/leave", {{"version", 3}, {"reason", "再退"}}).status, 409);
  EXPECT_EQ(call("secretary", "PATCH", path, {{"version", 3}, {"area", "x"}}).status, 409);
  auto history = get("secretary", path).json().at("history").as_array();
  std::vector<std::string> actions;
  for (const auto& e : history) actions.emplace_back(e.at("action").as_string());
  EXPECT_EQ(actions,
            (std::vector<std::string>{"leave", "update", "contact_remove", "contact_add", "contact_add", "create"}));
  // Its name and code are free again at the node; it still lists among those that left.
  EXPECT_EQ(
      post("secretary", "/api/v1/cobuild-units",
           {{"region_code", kCbCommunity}, {"name", "测试共建甲公司"}, {"kind", "enterprise"}, {"credit_code", code}})
          .status,
      201);
  auto gone = get("secretary", "/api/v1/cobuild-units?status=left").json();
  bool listed = false;
  for (const auto& u : gone.at("items").as_array()) listed |= u.at("id").as_int64() == id;
  EXPECT_TRUE(listed);
  EXPECT_FALSE(mine());
}

TEST_F(CobuildTest, ResourcesAreKeptByStaffAndByTheUnitsOwnContacts) {
  auto own = unit("测试资源单位");
  auto other = unit("测试他人单位");
  ASSERT_EQ(post("secretary", "/api/v1/cobuild-units/" + std::to_string(own) + "/contacts",
                 {{"name", "联络员"}, {"username", "cb_contact"}})
                .status,
            201);
  // Staff list one by a name; a provider is needed.
  auto room = post("secretary", "/api/v1/cobuild-resources",
                   {{"region_code", kCbCommunity},
                    {"kind", "room"},
                    {"title", "测试活动室"},
                    {"provider_name", "立新社区党委"},
                    {"quantity", 40},
                    {"quantity_unit", "人"},
                    {"contact_phone", "0756-7751234"}});
  ASSERT_EQ(room.status, 201) << room.body;
  EXPECT_EQ(room.json().at("provider_name"), "立新社区党委");
  EXPECT_NE(str(room.json().at("contact_phone")).find("****"), std::string::npos);
  auto before = scalar("SELECT COUNT(*) FROM cobuild_resources");
  EXPECT_EQ(post("secretary", "/api/v1/cobuild-resources",
                 {{"region_code", kCbCommunity}, {"kind", "room"}, {"title", "无主"}})
                .status,
            422);
  // A unit's contact lists for their unit (its node by default), not for another's or as staff.
  auto truck = post("cb_contact", "/api/v1/cobuild-resources",
                    {{"unit_id", own}, {"kind", "equipment"}, {"title", "测试抢修车"}});
  ASSERT_EQ(truck.status, 201) << truck.body;
  EXPECT_EQ(truck.json().at("region_code"), kCbCommunity);
  EXPECT_EQ(truck.json().at("provider_name"), "测试资源单位");
  EXPECT_EQ(
      post("cb_contact", "/api/v1/cobuild-resources", {{"unit_id", other}, {"kind", "room"}, {"title", "x"}}).status,
      403);
  EXPECT_EQ(post("cb_contact", "/api/v1/cobuild-resources",
                 {{"region_code", kCbCommunity}, {"provider_name", "我"}, {"kind", "room"}, {"title", "x"}})
                .status,
            403);
  // A unit's resource serves its node or below, never above it.
  EXPECT_EQ(post("secretary", "/api/v1/cobuild-resources",
                 {{"unit_id", own}, {"region_code", "440404104"}, {"kind", "room"}, {"title", "x"}})
                .status,
            422);
  auto below = post("secretary", "/api/v1/cobuild-resources",
                    {{"unit_id", own}, {"region_code", kCbGrid}, {"kind", "volunteers"}, {"title", "测试志愿者"}});
  EXPECT_EQ(below.status, 201) << below.body;
  // A grid worker lists in their grid only; a party member reads but does not write.
  EXPECT_EQ(
      post("gridworker", "/api/v1/cobuild-resources",
           {{"region_code", kCbGrid}, {"provider_name", "网格志愿队"}, {"kind", "volunteers"}, {"title", "测试巡逻"}})
          .status,
      201);
  EXPECT_EQ(post("gridworker", "/api/v1/cobuild-resources",
                 {{"region_code", kCbSiblingGrid}, {"provider_name", "x"}, {"kind", "volunteers"}, {"title", "x"}})
                .status,
            403);
  EXPECT_EQ(post("partymember", "/api/v1/cobuild-resources",
                 {{"region_code", kCbCommunity}, {"provider_name", "x"}, {"kind", "room"}, {"title", "x"}})
                .status,
            403);
  EXPECT_EQ(post("cb_far_secretary", "/api/v1/cobuild-resources",
                 {{"region_code", kCbCommunity}, {"provider_name", "x"}, {"kind", "room"}, {"title", "x"}})
                .status,
            403);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM cobuild_resources"), before + 3);
  // Changes: the contact keeps their unit's, not staff's.
  auto truck_path = "/api/v1/cobuild-resources/" + std::to_string(truck.json().at("id").as_int64());
  auto room_path = "/api/v1/cobuild-resources/" + std::to_string(room.json().at("id").as_int64());
  auto off = call("cb_contact", "PATCH", truck_path, {{"version", 1}, {"available", false}});
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_FALSE(off.json().at("available").as_bool());
  EXPECT_EQ(call("cb_contact", "PATCH", room_path, {{"version", 1}, {"available", false}}).status, 403);
  EXPECT_EQ(call("cb_far_secretary", "PATCH", room_path, {{"version", 1}, {"available", false}}).status, 404);
  EXPECT_EQ(get("cb_far_secretary", room_path).status, 404);
  EXPECT_TRUE(get("partymember", room_path).json().at("available").as_bool());
  EXPECT_FALSE(get("partymember", room_path).json().at("writes").as_bool());
  // Lists: by unit, by availability.
  auto of_unit = get("gridworker", "/api/v1/cobuild-resources?unit_id=" + std::to_string(own)).json();
  EXPECT_EQ(of_unit.at("items").as_array().size(), 2u) << of_unit;
  auto idle = get("secretary", "/api/v1/cobuild-resources?available=false").json();
  ASSERT_FALSE(idle.at("items").as_array().empty());
  for (const auto& r : idle.at("items").as_array()) EXPECT_FALSE(r.at("available").as_bool());
  EXPECT_EQ(get("resident", "/api/v1/cobuild-resources").status, 403);
}

TEST_F(CobuildTest, NeedsAreRaisedOnceFromReadableRecordsAndMatchedOnTheirLine) {
  // By hand, in the worker's grid.
  auto manual =
      made("gridworker", "/api/v1/cobuild-needs",
           {{"region_code", kCbGrid}, {"title", "测试需求：楼道扶手"}, {"description", "老人上下楼需要扶手"}});
  EXPECT_EQ(manual.at("status"), "open");
  EXPECT_EQ(manual.at("source"), "manual");
  EXPECT_EQ(post("resident", "/api/v1/cobuild-needs", {{"region_code", kCbGrid}, {"title", "x"}}).status, 403);
  EXPECT_EQ(post("gridworker", "/api/v1/cobuild-needs", {{"region_code", kCbSiblingGrid}, {"title", "x"}}).status, 403);
  // From a visit the worker recorded: its text and place carried over, raised once.
  auto household = made("gridworker", "/api/v1/households",
                        {{"region_code", kCbGrid}, {"address", "立新路 99 号（共建测试）"}, {"housing_type", "owned"}});
  auto visit = made("gridworker", "/api/v1/visits",
                    {{"household_id", household.at("id")}, {"findings", "独居老人希望有人定期陪同就医"}});
  auto from_visit = made("gridworker", "/api/v1/cobuild-needs", {{"source", "visit"}, {"source_id", visit.at("id")}});
  EXPECT_EQ(from_visit.at("region_code"), kCbGrid);
  EXPECT_EQ(from_visit.at("title"), "独居老人希望有人定期陪同就医");
  auto count = scalar("SELECT COUNT(*) FROM cobuild_needs");
  EXPECT_EQ(post("gridworker", "/api/v1/cobuild-needs", {{"source", "visit"}, {"source_id", visit.at("id")}}).status,
            409);
  // A visit in the sibling grid (not the worker's), a visit that does not exist, an id without a kind.
  auto far_household =
      made("admin", "/api/v1/households",
           {{"region_code", kCbSiblingGrid}, {"address", "立新路 100 号（共建测试）"}, {"housing_type", "owned"}});
  auto far_visit =
      made("admin", "/api/v1/visits", {{"household_id", far_household.at("id")}, {"findings", "隔壁网格"}});
  EXPECT_EQ(
      post("gridworker", "/api/v1/cobuild-needs", {{"source", "visit"}, {"source_id", far_visit.at("id")}}).status,
      422);
  EXPECT_EQ(post("gridworker", "/api/v1/cobuild-needs", {{"source", "visit"}, {"source_id", 99999999}}).status, 422);
  EXPECT_EQ(post("gridworker", "/api/v1/cobuild-needs", {{"title", "x"}, {"source_id", visit.at("id")}}).status, 422);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM cobuild_needs"), count);
  // From a service order the worker filed.
  auto order = made("gridworker", "/api/v1/service-orders",
                    {{"region_code", kCbGrid}, {"title", "代购药品"}, {"detail", "行动不便，需代购常用药"}});
  auto from_order = made("gridworker", "/api/v1/cobuild-needs", {{"source", "order"}, {"source_id", order.at("id")}});
  EXPECT_EQ(from_order.at("title"), "代购药品");

  // Matching only on the need's line: a resource of the sibling grid is not; the community's is.
  auto sibling = made(
      "secretary", "/api/v1/cobuild-resources",
      {{"region_code", kCbSiblingGrid}, {"provider_name", "隔壁志愿队"}, {"kind", "service"}, {"title", "隔壁陪诊"}});
  auto escort = made(
      "secretary", "/api/v1/cobuild-resources",
      {{"region_code", kCbCommunity}, {"provider_name", "社区志愿队"}, {"kind", "service"}, {"title", "陪诊服务"}});
  auto need = from_visit.at("id").as_int64();
  EXPECT_EQ(post("secretary", need_path(need) + "/match", {{"version", 1}, {"resource_id", sibling.at("id")}}).status,
            422);
  EXPECT_EQ(post("secretary", need_path(need) + "/match", {{"version", 1}}).status, 422);
  EXPECT_EQ(post("secretary", need_path(need) + "/match",
                 {{"version", 1}, {"resource_id", escort.at("id")}, {"project_id", 1}})
                .status,
            422);
  EXPECT_EQ(
      post("cb_far_secretary", need_path(need) + "/match", {{"version", 1}, {"resource_id", escort.at("id")}}).status,
      404);
  EXPECT_EQ(post("partymember", need_path(need) + "/match", {{"version", 1}, {"resource_id", escort.at("id")}}).status,
            403);
  EXPECT_EQ(get("admin", need_path(need)).json().at("status"), "open");
  auto matched = post("secretary", need_path(need) + "/match",
                      {{"version", 1}, {"resource_id", escort.at("id")}, {"note", "每周二陪诊"}});
  ASSERT_EQ(matched.status, 200) << matched.body;
  EXPECT_EQ(matched.json().at("status"), "matched");
  EXPECT_EQ(matched.json().at("resource_title"), "陪诊服务");
  EXPECT_EQ(post("secretary", need_path(need) + "/match", {{"version", 2}, {"resource_id", escort.at("id")}}).status,
            409);  // matched already
  EXPECT_EQ(post("secretary", need_path(need) + "/meet", {{"version", 1}, {"note", "x"}}).status, 409);  // stale
  EXPECT_EQ(post("secretary", need_path(need) + "/meet", {{"version", 2}}).status, 422);                 // no note
  auto met = post("secretary", need_path(need) + "/meet", {{"version", 2}, {"note", "已陪诊 3 次"}});
  ASSERT_EQ(met.status, 200) << met.body;
  EXPECT_EQ(met.json().at("status"), "met");
  EXPECT_EQ(post("secretary", need_path(need) + "/close", {{"version", 3}, {"reason", "x"}}).status, 409);
  // An unavailable resource is not offered; the collector closes their own need with a reason.
  auto idle = made("secretary", "/api/v1/cobuild-resources",
                   {{"region_code", kCbCommunity},
                    {"provider_name", "x"},
                    {"kind", "room"},
                    {"title", "停用场地"},
                    {"available", false}});
  auto handrail = manual.at("id").as_int64();
  EXPECT_EQ(post("secretary", need_path(handrail) + "/match", {{"version", 1}, {"resource_id", idle.at("id")}}).status,
            409);
  EXPECT_EQ(post("gridworker", need_path(handrail) + "/close", {{"version", 1}}).status, 422);
  auto closed = post("gridworker", need_path(handrail) + "/close", {{"version", 1}, {"reason", "已由物业安装"}});
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(closed.json().at("closed_reason"), "已由物业安装");
  // A unit's contact matches a need with their own unit's resource only.
  auto own = unit("测试对接单位");
  ASSERT_EQ(post("secretary", "/api/v1/cobuild-units/" + std::to_string(own) + "/contacts",
                 {{"name", "联络员"}, {"username", "cb_contact"}})
                .status,
            201);
  auto offer =
      made("cb_contact", "/api/v1/cobuild-resources", {{"unit_id", own}, {"kind", "service"}, {"title", "送药上门"}});
  auto drugs = from_order.at("id").as_int64();
  EXPECT_EQ(post("cb_contact", need_path(drugs) + "/match", {{"version", 1}, {"resource_id", escort.at("id")}}).status,
            403);
  auto claimed = post("cb_contact", need_path(drugs) + "/match", {{"version", 1}, {"resource_id", offer.at("id")}});
  ASSERT_EQ(claimed.status, 200) << claimed.body;
  EXPECT_EQ(post("cb_contact", need_path(drugs) + "/meet", {{"version", 2}, {"note", "已送药"}}).status, 200);
  // Lists by status; another community's secretary sees none of them.
  auto open = get("gridworker", "/api/v1/cobuild-needs?status=met").json();
  bool found = false;
  for (const auto& n : open.at("items").as_array()) {
    EXPECT_EQ(n.at("status"), "met");
    found |= n.at("id").as_int64() == need;
  }
  EXPECT_TRUE(found);
  auto far = get("cb_far_secretary", "/api/v1/cobuild-needs").json();
  for (const auto& n : far.at("items").as_array()) EXPECT_NE(str(n.at("region_code")).substr(0, 12), kCbCommunity);
  EXPECT_EQ(get("gridworker", "/api/v1/cobuild-needs?status=lost").status, 400);
}

TEST_F(CobuildTest, AProjectRunsFromPlannedToDoneWithDatedProgress) {
  auto lead = unit("测试牵头单位");
  auto partner = unit("测试参与单位");
  auto far = unit("测试外社区单位", "440404104002", true, "admin");
  ASSERT_EQ(post("secretary", "/api/v1/cobuild-units/" + std::to_string(lead) + "/contacts",
                 {{"name", "联络员"}, {"username", "cb_contact"}})
                .status,
            201);
  auto before = scalar("SELECT COUNT(*) FROM cobuild_projects");
  EXPECT_EQ(
      post("secretary", "/api/v1/cobuild-projects",
           {{"region_code", kCbCommunity}, {"title", "x"}, {"units", json::array{json::object{{"unit_id", far}}}}})
          .status,
      422);  // another community's unit
  EXPECT_EQ(post("secretary", "/api/v1/cobuild-projects",
                 {{"region_code", kCbCommunity},
                  {"title", "x"},
                  {"units", json::array{json::object{{"unit_id", partner}}, json::object{{"unit_id", partner}}}}})
                .status,
            422);  // twice
  EXPECT_EQ(post("secretary", "/api/v1/cobuild-projects",
                 {{"region_code", kCbCommunity}, {"title", "x"}, {"budget_cents", -1}})
                .status,
            422);
  EXPECT_EQ(post("gridworker", "/api/v1/cobuild-projects", {{"region_code", kCbCommunity}, {"title", "x"}}).status,
            403);
  EXPECT_EQ(
      post("cb_far_secretary", "/api/v1/cobuild-projects", {{"region_code", kCbCommunity}, {"title", "x"}}).status,
      403);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM cobuild_projects"), before);
  auto p = made("secretary", "/api/v1/cobuild-projects",
                {{"region_code", kCbCommunity},
                 {"title", "测试口袋公园改造"},
                 {"budget_cents", 5'000'000},
                 {"owner_unit_id", lead},
                 {"due_on", "2099-06-30"},
                 {"units", json::array{json::object{{"unit_id", partner}, {"role", "partner"}}}}});
  auto id = p.at("id").as_int64();
  auto path = project_path(id);
  EXPECT_EQ(p.at("status"), "planned");
  EXPECT_EQ(p.at("budget"), "50000.00");
  EXPECT_EQ(p.at("owner_name"), "测试牵头单位");
  ASSERT_EQ(p.at("units").as_array().size(), 2u);
  EXPECT_EQ(p.at("units").as_array()[0].at("role"), "lead");
  EXPECT_EQ(p.at("units").as_array()[1].at("role"), "partner");
  EXPECT_EQ(post("secretary", path + "/units", {{"unit_id", partner}}).status, 409);
  // A need at the grid matched to it (the project serves the community, on the need's line).
  auto need = made("gridworker", "/api/v1/cobuild-needs", {{"region_code", kCbGrid}, {"title", "测试需求：休闲座椅"}});
  auto n = need.at("id").as_int64();
  // Progress only while running.
  EXPECT_EQ(post("secretary", path + "/updates", {{"progress", 10}}).status, 409);
  EXPECT_EQ(post("secretary", path + "/start", {{"version", 2}}).status, 409);  // stale
  auto started = post("secretary", path + "/start", {{"version", 1}});
  ASSERT_EQ(started.status, 200) << started.body;
  EXPECT_EQ(started.json().at("status"), "in_progress");
  EXPECT_FALSE(started.json().at("started_on").is_null());
  ASSERT_EQ(post("secretary", need_path(n) + "/match", {{"version", 1}, {"project_id", id}}).status, 200);
  auto u1 =
      post("secretary", path + "/updates", {{"progress", 40}, {"spent_cents", 1'000'000}, {"note", "完成地面铺装"}});
  ASSERT_EQ(u1.status, 201) << u1.body;
  EXPECT_EQ(post("secretary", path + "/updates", {{"progress", 30}}).status, 422);  // backwards
  EXPECT_EQ(post("secretary", path + "/updates", {{"progress", 50}, {"spent_cents", 6'000'000}}).status,
            422);  // > budget
  EXPECT_EQ(post("secretary", path + "/updates", {{"progress", 101}}).status, 422);
  EXPECT_EQ(post("secretary", path + "/updates", {{"progress", 50}, {"on", "2099-01-01"}}).status, 422);  // ahead
  EXPECT_EQ(post("gridworker", path + "/updates", {{"progress", 50}}).status, 403);  // not staff over the community
  auto u2 = post("cb_contact", path + "/updates", {{"progress", 70}, {"note", "牵头单位：座椅已安装"}});
  ASSERT_EQ(u2.status, 201) << u2.body;
  EXPECT_EQ(post("cb_contact", path + "/start", {{"version", 4}}).status, 403);  // contacts report, staff run it
  auto now = get("gridworker", path);
  ASSERT_EQ(now.status, 200) << now.body;
  EXPECT_EQ(now.json().at("progress"), 70);
  EXPECT_EQ(now.json().at("spent_cents"), 1'000'000);
  EXPECT_EQ(now.json().at("updates").as_array().size(), 2u);
  EXPECT_EQ(now.json().at("needs_list").as_array().size(), 1u);
  EXPECT_FALSE(now.json().at("writes").as_bool());
  // Finished: progress 100, spent as told, its matched need met.
  auto version = now.json().at("version").as_int64();
  EXPECT_EQ(post("secretary", path + "/finish", {{"version", version}, {"spent_cents", 5'000'001}}).status, 422);
  auto done =
      post("secretary", path + "/finish", {{"version", version}, {"spent_cents", 4'800'000}, {"note", "验收通过"}});
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.json().at("status"), "done");
  EXPECT_EQ(done.json().at("progress"), 100);
  EXPECT_EQ(done.json().at("spent"), "48000.00");
  EXPECT_EQ(get("gridworker", need_path(n)).json().at("status"), "met");
  auto after = done.json().at("version").as_int64();
  EXPECT_EQ(post("secretary", path + "/cancel", {{"version", after}, {"reason", "x"}}).status, 409);
  EXPECT_EQ(call("secretary", "PATCH", path, {{"version", after}, {"title", "改"}}).status, 409);
  EXPECT_EQ(post("secretary", path + "/units", {{"unit_id", far}}).status, 409);
  // The unit's page lists it with its role; another community's secretary reaches none of it.
  auto unit_page = get("gridworker", "/api/v1/cobuild-units/" + std::to_string(partner)).json();
  ASSERT_EQ(unit_page.at("projects").as_array().size(), 1u);
  EXPECT_EQ(unit_page.at("projects").as_array()[0].at("role"), "partner");
  EXPECT_EQ(get("cb_far_secretary", path).status, 404);
  // Cancelled with its reason.
  auto other =
      made("secretary", "/api/v1/cobuild-projects", {{"region_code", kCbCommunity}, {"title", "测试取消项目"}});
  auto other_path = project_path(other.at("id").as_int64());
  EXPECT_EQ(post("secretary", other_path + "/cancel", {{"version", 1}}).status, 422);
  auto cancelled = post("secretary", other_path + "/cancel", {{"version", 1}, {"reason", "资金未落实"}});
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(cancelled.json().at("cancel_reason"), "资金未落实");
  EXPECT_EQ(post("secretary", other_path + "/start", {{"version", 2}}).status, 409);
  auto late = made("gridworker", "/api/v1/cobuild-needs", {{"region_code", kCbGrid}, {"title", "测试需求：晚到"}});
  EXPECT_EQ(post("secretary", need_path(late.at("id").as_int64()) + "/match",
                 {{"version", 1}, {"project_id", other.at("id")}})
                .status,
            409);  // a cancelled project answers no need
}

TEST_F(CobuildTest, FiguresOfAConstructedCommunityAndTheLedgers) {
  const std::string who = "cb_stats_secretary", node = kCbStatsCommunity, grid = std::string(kCbStatsCommunity) + "001";
  auto u1 = unit("南新测试单位一", node, true, who);
  unit("南新测试单位二", node, false, who);
  auto u3 = unit("南新测试单位三", node, true, who);
  ASSERT_EQ(
      post(who, "/api/v1/cobuild-units/" + std::to_string(u3) + "/leave", {{"version", 1}, {"reason", "撤并"}}).status,
      200);
  ASSERT_EQ(post(who, "/api/v1/cobuild-units/" + std::to_string(u1) + "/contacts",
                 {{"name", "南新联络"}, {"phone", "13911112222"}})
                .status,
            201);
  auto resource = [&](const char* kind, const char* title, bool available) {
    return made(who, "/api/v1/cobuild-resources",
                {{"unit_id", u1}, {"kind", kind}, {"title", title}, {"available", available}})
        .at("id")
        .as_int64();
  };
  auto r1 = resource("room", "南新会议室", true);
  resource("service", "南新义剪", true);
  resource("room", "南新仓库", false);
  // Five needs: open, matched, met, closed, matched -> 3 of 5 matched or met: 60 %.
  std::vector<std::int64_t> needs;
  for (int i = 0; i < 5; ++i)
    needs.push_back(
        made(who, "/api/v1/cobuild-needs", {{"region_code", grid}, {"title", "南新需求" + std::to_string(i)}})
            .at("id")
            .as_int64());
  for (int i : {1, 2, 4})
    ASSERT_EQ(post(who, need_path(needs[i]) + "/match", {{"version", 1}, {"resource_id", r1}}).status, 200);
  ASSERT_EQ(post(who, need_path(needs[2]) + "/meet", {{"version", 2}, {"note", "已满足"}}).status, 200);
  ASSERT_EQ(post(who, need_path(needs[3]) + "/close", {{"version", 1}, {"reason", "重复"}}).status, 200);
  // Two projects: planned 1,000.00; running 3,000.00 with 500.00 spent.
  made(who, "/api/v1/cobuild-projects", {{"region_code", node}, {"title", "南新项目甲"}, {"budget_cents", 100'000}});
  auto running =
      made(who, "/api/v1/cobuild-projects",
           {{"region_code", grid}, {"title", "南新项目乙"}, {"budget_cents", 300'000}, {"owner_unit_id", u1}});
  auto rp = project_path(running.at("id").as_int64());
  ASSERT_EQ(post(who, rp + "/start", {{"version", 1}}).status, 200);
  ASSERT_EQ(post(who, rp + "/updates", {{"progress", 20}, {"spent_cents", 50'000}}).status, 201);

  auto s = get(who, "/api/v1/cobuild-stats?region=" + node);
  ASSERT_EQ(s.status, 200) << s.body;
  auto f = s.json();
  EXPECT_EQ(f.at("units"), 2);
  EXPECT_EQ(f.at("alliance"), 1);
  EXPECT_EQ(f.at("units_left"), 1);
  EXPECT_EQ(f.at("units_by_kind").at("enterprise"), 2);
  EXPECT_EQ(f.at("resources"), 3);
  EXPECT_EQ(f.at("resources_available"), 2);
  EXPECT_EQ(f.at("resources_by_kind").at("room"), 2);
  EXPECT_EQ(f.at("needs"), 5);
  EXPECT_EQ(f.at("needs_by_status").at("matched"), 2);
  EXPECT_EQ(f.at("needs_by_status").at("met"), 1);
  EXPECT_EQ(f.at("needs_by_source").at("manual"), 5);
  EXPECT_DOUBLE_EQ(f.at("match_rate").to_number<double>(), 60.0);
  EXPECT_EQ(f.at("projects"), 2);
  EXPECT_EQ(f.at("projects_by_status").at("planned"), 1);
  EXPECT_EQ(f.at("projects_by_status").at("in_progress"), 1);
  EXPECT_EQ(f.at("budget_cents"), 400'000);
  EXPECT_EQ(f.at("spent"), "500.00");
  EXPECT_TRUE(f.at("report_ins").as_array().empty());  // no whistle summoned them
  // A period before them counts no needs or projects; units and resources are as they are now.
  auto early = get(who, "/api/v1/cobuild-stats?region=" + node + "&from=2001-01-01&until=2001-12-31").json();
  EXPECT_EQ(early.at("needs"), 0);
  EXPECT_DOUBLE_EQ(early.at("match_rate").to_number<double>(), 0.0);
  EXPECT_EQ(early.at("projects"), 0);
  EXPECT_EQ(early.at("units"), 2);
  EXPECT_EQ(get(who, "/api/v1/cobuild-stats?region=" + node + "&from=2026-02-01&until=2026-01-01").status, 400);
  // Who reads figures: not a grid worker, not another community's secretary.
  EXPECT_EQ(get("gridworker", "/api/v1/cobuild-stats").status, 403);
  EXPECT_EQ(get("secretary", "/api/v1/cobuild-stats?region=" + node).status, 403);
  EXPECT_EQ(get("leader", "/api/v1/cobuild-stats?region=" + node).json().at("needs"), 5);

  // The ledgers.
  auto units_x = get(who, "/api/v1/exports/cobuild-units?region=" + node);
  ASSERT_EQ(units_x.status, 200) << units_x.body;
  auto rows = sheet_rows(units_x.body);
  ASSERT_EQ(rows.size(), 4u);  // header and three units
  bool contact_shown = false;
  for (const auto& row : rows) contact_shown |= row.size() > 12 && row[12].find("139****2222") != std::string::npos;
  EXPECT_TRUE(contact_shown);
  EXPECT_EQ(units_x.body.find("13911112222"), std::string::npos);
  auto needs_x = get(who, "/api/v1/exports/cobuild-needs?region=" + node);
  ASSERT_EQ(needs_x.status, 200);
  auto need_rows = sheet_rows(needs_x.body);
  ASSERT_EQ(need_rows.size(), 6u);
  int met = 0;
  for (const auto& row : need_rows) met += row.size() > 11 && row[11] == "已满足";
  EXPECT_EQ(met, 1);
  auto projects_x = get(who, "/api/v1/exports/cobuild-projects?region=" + node);
  ASSERT_EQ(projects_x.status, 200);
  auto project_rows = sheet_rows(projects_x.body);
  ASSERT_EQ(project_rows.size(), 3u);
  bool budget = false;
  for (const auto& row : project_rows)
    budget |= row.size() > 6 && row[1] == "南新项目乙" && row[5] == "3000" && row[6] == "500";
  EXPECT_TRUE(budget);
  EXPECT_EQ(get("gridworker", "/api/v1/exports/cobuild-needs").status, 403);
  EXPECT_EQ(get("secretary", "/api/v1/exports/cobuild-units?region=" + node).status, 403);
}

TEST_F(CobuildTest, TheDemoAllianceIsThere) {
  auto units =
      get("secretary", "/api/v1/cobuild-units?q=%E5%B9%B3%E6%B2%99%E4%BE%9B%E7%94%B5%E6%89%80").json();  // 平沙供电所
  ASSERT_EQ(units.at("items").as_array().size(), 1u) << units;
  auto page = get("unitcontact",
                  "/api/v1/cobuild-units/" + std::to_string(units.at("items").as_array()[0].at("id").as_int64()));
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_TRUE(page.json().at("mine").as_bool());
  EXPECT_EQ(page.json().at("kind"), "state_enterprise");
  bool lights = false;
  const auto unit_page = page.json();
  for (const auto& p : unit_page.at("projects").as_array())
    lights |= p.at("title") == "老旧小区加装路灯" && p.at("progress") == 60 && p.at("role") == "partner";
  EXPECT_TRUE(lights) << page.body;
  auto projects = get("leader", "/api/v1/cobuild-projects?status=done").json();
  bool canteen = false;
  for (const auto& p : projects.at("items").as_array()) canteen |= p.at("title") == "长者饭堂";
  EXPECT_TRUE(canteen);
}

}  // namespace
}  // namespace wangge::testing
