// Party organisations and members through HTTP on both backends: the tree on the territory
// and its levels, members tied to registry persons living within the organisation's node,
// one current regular membership per person, transfers that keep the history, in-service
// members reporting once per organisation, pledges by the member's own account and no one
// else's, dissolving, figures on constructed data, the ledger as .xlsx, and access by role
// and territory; bad input refused with nothing changed.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <set>

#include "core/storage/database.h"
#include "integration/harness.h"
#include "integration/xlsx_reader.h"

namespace wangge::testing {
namespace {

namespace json = boost::json;

constexpr const char* kPartyTown = "440404104";
constexpr const char* kPartyCommunity = "440404104001";
constexpr const char* kGrid1 = "440404104001001";
constexpr const char* kGrid2 = "440404104001002";
constexpr const char* kGrid3 = "440404104001003";
constexpr const char* kStatsGrid = "440404104001005";
constexpr const char* kOtherCommunity = "440404104002";
constexpr const char* kOtherGrid = "440404104002001";

class PartyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    tokens_["admin"] = server_->login("admin", kAdminPassword);
    for (const char* u : {"secretary", "gridworker", "gridchief", "leader", "dispatcher", "partymember", "resident"})
      tokens_[u] = server_->login(u);
    committee_ = org_named("立新社区党委");
    branch1_ = org_named("立新社区第一网格党支部");
  }
  static void TearDownTestSuite() { delete server_; }

  static HttpResponse call(const std::string& who, const std::string& method, const std::string& path,
                           const json::value& body = nullptr, const std::string& if_match = "") {
    auto c = server_->client();
    std::vector<std::pair<std::string, std::string>> h{{"Content-Type", "application/json"},
                                                       {"Authorization", "Bearer " + tokens_.at(who)}};
    if (!if_match.empty()) h.emplace_back("If-Match", if_match);
    return c.request(method, path, body.is_null() ? std::string() : json::serialize(body), h);
  }
  static HttpResponse post(const std::string& who, const std::string& path, const json::value& body = json::object{}) {
    return call(who, "POST", path, body);
  }
  static HttpResponse get(const std::string& who, const std::string& path) { return call(who, "GET", path); }
  static std::int64_t scalar(const std::string& sql, const std::vector<storage::Value>& p = {}) {
    return server_->app().db().read_value<std::int64_t>([&](storage::Tx& tx) { return tx.exec(sql, p).one().i64(0); });
  }
  static std::int64_t id_of(const HttpResponse& r) { return r.json().at("id").as_int64(); }
  static std::int64_t org_named(const std::string& name) {
    auto r = get("admin", "/api/v1/party-orgs?limit=200&q=" + url_encode(name));
    EXPECT_EQ(r.status, 200) << r.body;
    auto page = r.json();
    for (const auto& o : page.at("items").as_array())
      if (str(o.at("name")) == name) return o.at("id").as_int64();
    ADD_FAILURE() << "no organisation " << name;
    return 0;
  }
  static std::int64_t org(const std::string& who, const std::string& region, const std::string& level,
                          const std::string& name, std::int64_t parent) {
    json::object b{{"region_code", region}, {"level", level}, {"name", name}};
    if (parent) b["parent_id"] = parent;
    auto r = post(who, "/api/v1/party-orgs", b);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? id_of(r) : 0;
  }
  // A registry person living in a new household of `grid` (entered by the administrator).
  static std::int64_t person(const std::string& grid, const std::string& name) {
    static int n = 0;
    ++n;
    auto h = post(
        "admin", "/api/v1/households",
        {{"region_code", grid}, {"address", "平沙镇党建路 " + std::to_string(n) + " 号"}, {"housing_type", "owned"}});
    EXPECT_EQ(h.status, 201) << h.body;
    char digits[32];
    std::snprintf(digits, sizeof digits, "44040419%02d0101%03d", 60 + n % 30, n);
    auto r = post("admin", "/api/v1/persons",
                  {{"name", name}, {"id_number", valid_id(digits)}, {"household_id", id_of(h)}, {"relation", "head"}});
    EXPECT_EQ(r.status, 201) << r.body;
    return id_of(r);
  }
  static HttpResponse add(std::int64_t org_id, json::object body, const std::string& who = "secretary") {
    return post(who, "/api/v1/party-orgs/" + std::to_string(org_id) + "/members", body);
  }
  static std::int64_t regular(std::int64_t org_id, std::int64_t person_id, const std::string& post_name = "member") {
    auto r = add(org_id, {{"person_id", person_id}, {"post", post_name}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? id_of(r) : 0;
  }
  static json::object member(std::int64_t id, const std::string& who = "secretary") {
    auto r = get(who, "/api/v1/party-members/" + std::to_string(id));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().as_object();
  }
  static std::int64_t account(const std::string& name, const std::string& role, const std::string& region) {
    auto c = server_->client();
    auto u = c.send_json("POST", "/api/v1/users",
                         {{"username", name}, {"display_name", "党员" + name}, {"password", "Member#2026"}},
                         tokens_["admin"]);
    EXPECT_EQ(u.status, 201) << u.body;
    auto g = c.send_json("POST", "/api/v1/users/" + std::to_string(id_of(u)) + "/grants",
                         {{"role", role}, {"region_code", region}}, tokens_["admin"]);
    EXPECT_EQ(g.status, 201) << g.body;
    tokens_[name] = server_->login(name, "Member#2026");
    return id_of(u);
  }
  static std::int64_t members_count() { return scalar("SELECT COUNT(*) FROM party_members"); }

  static TestServer* server_;
  static std::map<std::string, std::string> tokens_;
  static std::int64_t committee_, branch1_;
};

TestServer* PartyTest::server_ = nullptr;
std::map<std::string, std::string> PartyTest::tokens_;
std::int64_t PartyTest::committee_ = 0;
std::int64_t PartyTest::branch1_ = 0;

TEST_F(PartyTest, TheDemoTreeAndTheLevelsEachNodeTakes) {
  ASSERT_GT(committee_, 0);
  ASSERT_GT(branch1_, 0);
  const std::int64_t orgs = scalar("SELECT COUNT(*) FROM party_orgs");
  // A branch belongs on a grid, a committee on a community.
  auto r =
      post("secretary", "/api/v1/party-orgs",
           {{"region_code", kPartyCommunity}, {"level", "branch"}, {"name", "社区党支部"}, {"parent_id", committee_}});
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(str(r.json().at("field")), "level");
  r = post("secretary", "/api/v1/party-orgs",
           {{"region_code", kGrid2}, {"level", "committee"}, {"name", "网格党委"}, {"parent_id", committee_}});
  EXPECT_EQ(r.status, 422) << r.body;
  // Below the top of the secretary's scope a parent is needed.
  r = post("secretary", "/api/v1/party-orgs",
           {{"region_code", kGrid2}, {"level", "branch"}, {"name", "第二网格党支部"}});
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(str(r.json().at("field")), "parent_id");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM party_orgs"), orgs);
  auto branch2 = org("secretary", kGrid2, "branch", "第二网格党支部", committee_);
  auto group2 = org("secretary", kGrid2, "group", "第二网格一号楼党小组", branch2);
  // A group cannot hold a group; a parent's node must contain the child's.
  EXPECT_EQ(post("secretary", "/api/v1/party-orgs",
                 {{"region_code", kGrid2}, {"level", "group"}, {"name", "小组下的小组"}, {"parent_id", group2}})
                .status,
            422);
  EXPECT_EQ(post("secretary", "/api/v1/party-orgs",
                 {{"region_code", kGrid3}, {"level", "group"}, {"name", "邻格小组"}, {"parent_id", branch2}})
                .status,
            422);
  // The name is unique among the active organisations of a node.
  EXPECT_EQ(
      post("secretary", "/api/v1/party-orgs",
           {{"region_code", kGrid2}, {"level", "group"}, {"name", "第二网格一号楼党小组"}, {"parent_id", branch2}})
          .status,
      409);
  // The tree of the community: the committee (its parent, the town's, above the node), its
  // branches, the group under the second branch.
  auto tree = get("secretary", std::string("/api/v1/party-tree?region=") + kPartyCommunity);
  ASSERT_EQ(tree.status, 200) << tree.body;
  auto items = tree.json().at("items").as_array();
  ASSERT_GE(items.size(), 4u);
  EXPECT_EQ(items[0].at("id").as_int64(), committee_);
  EXPECT_EQ(items[0].at("depth"), 0);
  std::map<std::int64_t, std::int64_t> depth;
  std::map<std::int64_t, std::size_t> at;
  for (std::size_t i = 0; i < items.size(); ++i) {
    depth[items[i].at("id").as_int64()] = items[i].at("depth").as_int64();
    at[items[i].at("id").as_int64()] = i;
  }
  EXPECT_EQ(depth[branch1_], 1);
  EXPECT_EQ(depth[branch2], 1);
  EXPECT_EQ(depth[group2], 2);
  EXPECT_EQ(at[group2], at[branch2] + 1);
  // The grid worker sees the organisations on their line, not the neighbouring grid's.
  auto seen = get("gridworker", "/api/v1/party-orgs?limit=200");
  ASSERT_EQ(seen.status, 200) << seen.body;
  std::set<std::int64_t> ids;
  auto page = seen.json();
  for (const auto& o : page.at("items").as_array()) ids.insert(o.at("id").as_int64());
  EXPECT_TRUE(ids.count(committee_));
  EXPECT_TRUE(ids.count(branch1_));
  EXPECT_FALSE(ids.count(branch2));
  EXPECT_EQ(get("gridworker", "/api/v1/party-orgs/" + std::to_string(branch2)).status, 404);
  EXPECT_EQ(get("gridworker", std::string("/api/v1/party-tree?region=") + kPartyCommunity).status, 403);
  EXPECT_EQ(get("resident", "/api/v1/party-orgs").status, 403);
  // Changes carry the version: If-Match or the body's.
  auto path = "/api/v1/party-orgs/" + std::to_string(branch2);
  auto changed = call("secretary", "PATCH", path, json::object{{"secretary_name", "王支书"}}, "\"1\"");
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.json().at("version"), 2);
  EXPECT_EQ(call("secretary", "PATCH", path, json::object{{"secretary_name", "x"}}, "\"1\"").status, 409);
  EXPECT_EQ(call("secretary", "PATCH", path, json::object{{"secretary_name", "x"}}).status, 428);
  EXPECT_EQ(call("secretary", "PATCH", path, json::object{{"version", 2}, {"founded_on", "2020-02-30"}}).status, 422);
  EXPECT_EQ(get("secretary", path).json().at("secretary_name"), "王支书");
}

TEST_F(PartyTest, AMemberMustLiveWithinTheOrganisationsNode) {
  auto far = person(kOtherGrid, "远方党员");
  auto near = person(kGrid1, "第一网格居民甲");
  const std::int64_t before = members_count();
  auto r = add(branch1_, {{"person_id", far}});
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(str(r.json().at("field")), "person_id");
  auto branch3 = org("secretary", kGrid3, "branch", "第三网格党支部", committee_);
  EXPECT_EQ(add(branch3, {{"person_id", near}}).status, 422);
  EXPECT_EQ(add(branch1_, {{"person_id", 99999999}}).status, 422);
  // A regular member is a registry person; an unknown kind or post is refused.
  EXPECT_EQ(add(branch1_, {{"name", "无档案"}, {"phone", "13800000000"}}).status, 422);
  EXPECT_EQ(add(branch1_, {{"person_id", near}, {"post", "chairman"}}).status, 422);
  EXPECT_EQ(add(branch1_, {{"person_id", near}, {"post", "group_leader"}}).status, 422);
  EXPECT_EQ(add(branch1_, {{"person_id", near}, {"joined_on", "2099-01-01"}}).status, 422);
  EXPECT_EQ(add(branch1_, {{"person_id", near}, {"joined_on", "2020-01-01"}, {"joined_party_on", "2021-01-01"}}).status,
            422);
  EXPECT_EQ(add(branch1_, {{"person_id", near}, {"username", "nobody_here"}}).status, 422);
  EXPECT_EQ(members_count(), before);
  // Living there, they are added.
  auto ok = add(branch1_, {{"person_id", near}, {"joined_party_on", "2001-07-01"}, {"joined_on", "2020-01-01"}});
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(ok.json().at("name"), "第一网格居民甲");
  EXPECT_EQ(ok.json().at("region_code"), kGrid1);
  EXPECT_EQ(members_count(), before + 1);
}

TEST_F(PartyTest, OneCurrentRegularMembershipPerPerson) {
  auto who = person(kGrid1, "第一网格居民乙");
  auto first = regular(branch1_, who);
  const std::int64_t before = members_count();
  auto again = add(committee_, {{"person_id", who}});
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(add(branch1_, {{"person_id", who}}).status, 409);
  EXPECT_EQ(members_count(), before);
  // Reporting in service elsewhere is another matter.
  auto report = add(committee_, {{"person_id", who}, {"kind", "in_service"}, {"home_unit", "平沙镇卫生院"}});
  EXPECT_EQ(report.status, 201) << report.body;
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM party_members WHERE person_id = ? AND left_on IS NULL", {who}), 2);
  (void)first;
}

TEST_F(PartyTest, ATransferClosesOneStayAndOpensTheNextKeepingTheHistory) {
  auto who = person(kGrid1, "转接党员");
  auto from = regular(branch1_, who, "deputy_secretary");
  auto pledge = post("secretary", "/api/v1/party-members/" + std::to_string(from) + "/pledges",
                     {{"kind", "service"}, {"content", "每周义务巡逻一次"}});
  ASSERT_EQ(pledge.status, 201) << pledge.body;
  // To an organisation outside the secretary's scope: refused, nothing changed.
  auto foreign = org("admin", kOtherCommunity, "working_committee", "第二社区党工委", 0);
  auto version = member(from).at("version");
  auto r = post("secretary", "/api/v1/party-members/" + std::to_string(from) + "/transfer",
                {{"version", version}, {"org_id", foreign}});
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_TRUE(member(from).at("active").as_bool());
  // Stale version: refused.
  EXPECT_EQ(post("secretary", "/api/v1/party-members/" + std::to_string(from) + "/transfer",
                 {{"version", version.as_int64() + 5}, {"org_id", committee_}})
                .status,
            409);
  auto moved = post("secretary", "/api/v1/party-members/" + std::to_string(from) + "/transfer",
                    {{"version", version}, {"org_id", committee_}, {"post", "committee_member"}, {"note", "换届调整"}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  auto to = id_of(moved);
  EXPECT_NE(to, from);
  EXPECT_EQ(moved.json().at("org_id").as_int64(), committee_);
  EXPECT_EQ(moved.json().at("transferred_from").as_int64(), from);
  EXPECT_EQ(moved.json().at("post"), "committee_member");
  auto old = member(from);
  EXPECT_FALSE(old.at("active").as_bool());
  EXPECT_EQ(old.at("leave_reason"), "transferred");
  EXPECT_EQ(old.at("transferred_to").as_int64(), to);
  auto now = member(to);
  auto history = now.at("history").as_array();
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].at("id").as_int64(), from);
  EXPECT_EQ(history[1].at("id").as_int64(), to);
  // The active pledge moved along; one current regular membership remains.
  ASSERT_EQ(now.at("pledges_list").as_array().size(), 1u);
  EXPECT_EQ(now.at("pledges_list").as_array()[0].at("id").as_int64(), id_of(pledge));
  EXPECT_EQ(
      scalar("SELECT COUNT(*) FROM party_members WHERE person_id = ? AND kind = 'regular' AND left_on IS NULL", {who}),
      1);
  // A stay that ended takes no further step.
  EXPECT_EQ(post("secretary", "/api/v1/party-members/" + std::to_string(from) + "/leave",
                 {{"version", old.at("version")}, {"reason", "other"}})
                .status,
            409);
}

TEST_F(PartyTest, InServiceMembersReportOncePerOrganisation) {
  const std::int64_t before = members_count();
  // The work unit is required; without a person, a name and a valid phone.
  EXPECT_EQ(add(committee_, {{"kind", "in_service"}, {"name", "郑在职"}, {"phone", "13912345678"}}).status, 422);
  EXPECT_EQ(add(committee_, {{"kind", "in_service"}, {"name", "郑在职"}, {"home_unit", "平沙镇财政所"}}).status, 422);
  EXPECT_EQ(
      add(committee_, {{"kind", "in_service"}, {"name", "郑在职"}, {"phone", "12"}, {"home_unit", "财政所"}}).status,
      422);
  EXPECT_EQ(members_count(), before);
  json::object body{{"kind", "in_service"},
                    {"name", "郑在职"},
                    {"phone", "139 1234 5678"},
                    {"home_unit", "平沙镇财政所"},
                    {"home_org_name", "平沙镇机关第二党支部"}};
  auto first = add(committee_, body);
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.json().at("kind"), "in_service");
  EXPECT_EQ(first.json().at("phone"), "139****5678");
  EXPECT_TRUE(first.json().at("person_id").is_null());
  EXPECT_EQ(first.body.find("13912345678"), std::string::npos);
  body["phone"] = "13912345678";
  EXPECT_EQ(add(committee_, body).status, 409);
  EXPECT_EQ(add(branch1_, body).status, 201);  // another organisation
  EXPECT_EQ(members_count(), before + 2);
  // The full phone, for a reason, audited; the grid chief reads members but does not unmask.
  auto unmask = post("secretary", "/api/v1/party-members/" + std::to_string(id_of(first)) + "/unmask",
                     {{"reason", "联系报到事宜"}});
  ASSERT_EQ(unmask.status, 200) << unmask.body;
  EXPECT_EQ(unmask.json().at("phone"), "13912345678");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'party:member:unmask' AND target = ?",
                   {"party_member:" + std::to_string(id_of(first))}),
            1);
  EXPECT_EQ(post("gridchief", "/api/v1/party-members/" + std::to_string(id_of(first)) + "/unmask",
                 {{"reason", "联系报到事宜"}})
                .status,
            403);
  EXPECT_EQ(get("gridchief", "/api/v1/party-members/" + std::to_string(id_of(first))).status, 200);
}

TEST_F(PartyTest, PledgesByTheMembersOwnAccountAndNoOneElses) {
  account("pm_alpha", "party_member", kPartyCommunity);
  account("pm_beta", "party_member", kPartyCommunity);
  auto a = add(committee_, {{"kind", "in_service"},
                            {"name", "甲党员"},
                            {"phone", "13711112222"},
                            {"home_unit", "平沙镇邮政所"},
                            {"username", "pm_alpha"}});
  ASSERT_EQ(a.status, 201) << a.body;
  auto b = add(committee_, {{"kind", "in_service"},
                            {"name", "乙党员"},
                            {"phone", "13711113333"},
                            {"home_unit", "平沙镇税务所"},
                            {"username", "pm_beta"}});
  ASSERT_EQ(b.status, 201) << b.body;
  auto pa = "/api/v1/party-members/" + std::to_string(id_of(a)) + "/pledges";
  auto pb = "/api/v1/party-members/" + std::to_string(id_of(b)) + "/pledges";
  auto mine = post("pm_alpha", pa, {{"kind", "identity"}, {"content", "亮身份：在职党员，家住立新花园"}});
  ASSERT_EQ(mine.status, 201) << mine.body;
  EXPECT_TRUE(mine.json().at("mine").as_bool());
  const std::int64_t pledges = scalar("SELECT COUNT(*) FROM party_pledges");
  EXPECT_EQ(post("pm_alpha", pb, {{"kind", "service"}, {"content", "替别人承诺"}}).status, 403);
  EXPECT_EQ(post("pm_alpha", pa, {{"kind", "promise"}, {"content", "x"}}).status, 422);
  EXPECT_EQ(post("gridworker", pa, {{"kind", "service"}, {"content", "x"}}).status, 403);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM party_pledges"), pledges);
  // Fulfilled with a note, by the member; not by another member.
  auto fulfil = "/api/v1/party-pledges/" + std::to_string(id_of(mine)) + "/fulfil";
  EXPECT_EQ(post("pm_beta", fulfil, {{"version", 1}, {"note", "代为办结"}}).status, 403);
  EXPECT_EQ(post("pm_alpha", fulfil, {{"version", 1}}).status, 422);
  auto done = post("pm_alpha", fulfil, {{"version", 1}, {"note", "已在楼栋公示栏亮明身份"}});
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.json().at("status"), "fulfilled");
  EXPECT_EQ(done.json().at("closed_by_name"), "党员pm_alpha");
  EXPECT_EQ(post("pm_alpha", fulfil, {{"version", 2}, {"note", "again"}}).status, 409);
  // Staff add to any member of their node.
  EXPECT_EQ(post("secretary", pb, {{"kind", "responsibility"}, {"content", "亮责任：联系 8 户居民"}}).status, 201);
  // The member's own page and the node's list.
  auto own = get("pm_alpha", "/api/v1/my/party");
  ASSERT_EQ(own.status, 200) << own.body;
  auto own_items = own.json().at("items").as_array();
  ASSERT_EQ(own_items.size(), 1u);
  EXPECT_EQ(own_items[0].at("id").as_int64(), id_of(a));
  EXPECT_EQ(own_items[0].at("pledges_list").as_array().size(), 1u);
  auto list = get("gridchief", std::string("/api/v1/party-pledges?kind=responsibility&region=") + kPartyCommunity);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_NE(list.body.find("联系 8 户居民"), std::string::npos);
  EXPECT_EQ(list.body.find("亮明身份"), std::string::npos);
  // The demo's party member is linked to a member with pledges of each kind.
  auto demo = get("partymember", "/api/v1/my/party");
  ASSERT_EQ(demo.status, 200) << demo.body;
  auto demo_items = demo.json().at("items").as_array();
  ASSERT_EQ(demo_items.size(), 1u);
  std::set<std::string> kinds;
  for (const auto& p : demo_items[0].at("pledges_list").as_array()) kinds.insert(str(p.at("kind")));
  EXPECT_EQ(kinds.size(), 3u);
}

TEST_F(PartyTest, DissolvingNeedsNoMembersAndNoActiveChildren) {
  auto branch = org("secretary", "440404104001004", "branch", "第四网格党支部", committee_);
  auto group = org("secretary", "440404104001004", "group", "第四网格党小组", branch);
  auto who = person("440404104001004", "第四网格党员");
  auto m = regular(group, who);
  auto dissolve = [&](std::int64_t id, const std::string& version) {
    return post("secretary", "/api/v1/party-orgs/" + std::to_string(id) + "/dissolve",
                {{"version", std::stoll(version)}, {"reason", "网格调整"}});
  };
  EXPECT_EQ(dissolve(group, "1").status, 409);   // a member
  EXPECT_EQ(dissolve(branch, "1").status, 409);  // a child
  EXPECT_EQ(get("secretary", "/api/v1/party-orgs/" + std::to_string(group)).json().at("status"), "active");
  auto left = post("secretary", "/api/v1/party-members/" + std::to_string(m) + "/leave",
                   {{"version", member(m).at("version")}, {"reason", "moved_away"}, {"note", "迁往外地"}});
  ASSERT_EQ(left.status, 200) << left.body;
  EXPECT_EQ(left.json().at("leave_reason"), "moved_away");
  auto gone = dissolve(group, "1");
  ASSERT_EQ(gone.status, 200) << gone.body;
  EXPECT_EQ(gone.json().at("status"), "dissolved");
  EXPECT_EQ(dissolve(group, "2").status, 409);
  EXPECT_EQ(dissolve(branch, "1").status, 200);
  // A dissolved organisation takes no members, and its name is free again.
  EXPECT_EQ(add(branch, {{"person_id", who}}).status, 409);
  EXPECT_GT(org("secretary", "440404104001004", "branch", "第四网格党支部", committee_), 0);
}

TEST_F(PartyTest, FiguresOnConstructedDataAndTheLedger) {
  auto branch = org("secretary", kStatsGrid, "branch", "第五网格党支部", committee_);
  auto group = org("secretary", kStatsGrid, "group", "第五网格党小组", branch);
  auto p1 = person(kStatsGrid, "统计甲"), p2 = person(kStatsGrid, "统计乙"), p3 = person(kStatsGrid, "统计丙");
  auto m1 = regular(branch, p1, "secretary");
  auto m2 = regular(group, p2, "group_leader");
  auto x =
      add(branch, {{"kind", "in_service"}, {"name", "统计丁"}, {"phone", "13655556666"}, {"home_unit", "平沙港务"}});
  ASSERT_EQ(x.status, 201) << x.body;
  auto m3 = regular(branch, p3);
  auto pledge = [&](std::int64_t m, const char* kind, const char* content) {
    auto r = post("secretary", "/api/v1/party-members/" + std::to_string(m) + "/pledges",
                  {{"kind", kind}, {"content", content}});
    EXPECT_EQ(r.status, 201) << r.body;
    return id_of(r);
  };
  pledge(m1, "identity", "亮身份");
  auto served = pledge(m1, "service", "亮服务");
  pledge(id_of(x), "responsibility", "亮责任");
  pledge(m3, "service", "离开前的承诺");
  pledge(m2, "identity", "随转接迁移的承诺");
  ASSERT_EQ(post("secretary", "/api/v1/party-pledges/" + std::to_string(served) + "/fulfil",
                 {{"version", 1}, {"note", "已践诺"}})
                .status,
            200);
  ASSERT_EQ(post("secretary", "/api/v1/party-members/" + std::to_string(m3) + "/leave",
                 {{"version", 1}, {"reason", "moved_away"}})
                .status,
            200);
  auto moved = post("secretary", "/api/v1/party-members/" + std::to_string(m2) + "/transfer",
                    {{"version", 1}, {"org_id", branch}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  auto r = get("secretary", std::string("/api/v1/party-stats?region=") + kStatsGrid);
  ASSERT_EQ(r.status, 200) << r.body;
  auto s = r.json();
  EXPECT_EQ(s.at("orgs"), 2);
  EXPECT_EQ(s.at("orgs_by_level").at("branch"), 1);
  EXPECT_EQ(s.at("orgs_by_level").at("group"), 1);
  EXPECT_EQ(s.at("members"), 3);
  EXPECT_EQ(s.at("regular"), 2);
  EXPECT_EQ(s.at("in_service"), 1);
  EXPECT_EQ(s.at("members_by_post").at("secretary"), 1);
  EXPECT_EQ(s.at("members_by_post").at("member"), 2);
  for (const auto& o : s.at("members_by_org").as_array()) {
    if (o.at("org_id").as_int64() == branch) {
      EXPECT_EQ(o.at("regular"), 2);
      EXPECT_EQ(o.at("in_service"), 1);
    } else {
      EXPECT_EQ(o.at("org_id").as_int64(), group);
      EXPECT_EQ(o.at("regular"), 0);
    }
  }
  EXPECT_EQ(s.at("joined"), 5);
  EXPECT_EQ(s.at("joined_by_transfer"), 1);
  EXPECT_EQ(s.at("left"), 2);
  EXPECT_EQ(s.at("left_by_reason").at("moved_away"), 1);
  EXPECT_EQ(s.at("left_by_reason").at("transferred"), 1);
  EXPECT_EQ(s.at("pledges_made"), 5);
  EXPECT_EQ(s.at("pledges_made_by_kind").at("identity"), 2);
  EXPECT_EQ(s.at("pledges_made_by_kind").at("service"), 2);
  EXPECT_EQ(s.at("pledges_made_by_kind").at("responsibility"), 1);
  EXPECT_EQ(s.at("pledges_made_fulfilled"), 1);
  EXPECT_DOUBLE_EQ(s.at("fulfilment_rate").to_number<double>(), 20.0);
  EXPECT_EQ(s.at("pledges_fulfilled"), 1);
  EXPECT_EQ(s.at("pledges_active"), 3);
  // Another period holds none of it; the leader reads the figures too, the grid worker not.
  auto later =
      get("secretary", std::string("/api/v1/party-stats?from=2099-01-01&until=2099-12-31&region=") + kStatsGrid);
  ASSERT_EQ(later.status, 200) << later.body;
  EXPECT_EQ(later.json().at("joined"), 0);
  EXPECT_EQ(later.json().at("members"), 3);  // members now, whatever the period
  EXPECT_EQ(get("secretary", "/api/v1/party-stats?from=2026-02-01&until=2026-01-01").status, 400);
  EXPECT_EQ(get("leader", std::string("/api/v1/party-stats?region=") + kStatsGrid).json().at("members"), 3);
  EXPECT_EQ(get("gridworker", "/api/v1/party-stats").status, 403);
  EXPECT_EQ(get("secretary", std::string("/api/v1/party-stats?region=") + kOtherCommunity).status, 403);
  // The ledger: current members, phones masked; all=true also the ended stays.
  auto x1 = get("secretary", std::string("/api/v1/exports/party-members?region=") + kStatsGrid);
  ASSERT_EQ(x1.status, 200);
  auto rows = sheet_rows(x1.body);
  ASSERT_EQ(rows.size(), 4u);  // header + 3
  bool masked = false, chief = false;
  for (const auto& row : rows) {
    for (const auto& cell : row) EXPECT_EQ(cell.find("13655556666"), std::string::npos);
    if (row.size() > 9 && row[4] == "统计丁") masked = row[9] == "136****6666" && row[7] == "平沙港务";
    if (row.size() > 6 && row[4] == "统计甲") chief = row[6] == "书记" && row[1] == "第五网格党支部";
  }
  EXPECT_TRUE(masked);
  EXPECT_TRUE(chief);
  auto x2 = get("secretary", std::string("/api/v1/exports/party-members?all=true&region=") + kStatsGrid);
  ASSERT_EQ(x2.status, 200);
  EXPECT_EQ(sheet_rows(x2.body).size(), 6u);  // header + 5 stays
  EXPECT_EQ(get("gridchief", "/api/v1/exports/party-members").status, 403);
}

TEST_F(PartyTest, RolesAndTerritory) {
  // The grid worker reads organisations but writes nothing.
  EXPECT_EQ(post("gridworker", "/api/v1/party-orgs",
                 {{"region_code", kGrid1}, {"level", "group"}, {"name", "网格员的小组"}, {"parent_id", branch1_}})
                .status,
            403);
  auto who = person(kGrid1, "网格员想加的人");
  EXPECT_EQ(add(branch1_, {{"person_id", who}}, "gridworker").status, 403);
  EXPECT_EQ(get("gridworker", "/api/v1/party-members").status, 403);
  EXPECT_EQ(get("dispatcher", "/api/v1/party-members").status, 403);
  EXPECT_EQ(get("dispatcher", "/api/v1/party-orgs").status, 200);
  // An organisation of another community: not even seen by the secretary of 立新社区.
  auto foreign = org("admin", kOtherCommunity, "working_committee", "外社区党工委", 0);
  auto fpath = "/api/v1/party-orgs/" + std::to_string(foreign);
  EXPECT_EQ(get("secretary", fpath).status, 404);
  EXPECT_EQ(call("secretary", "PATCH", fpath, json::object{{"version", 1}, {"name", "改名"}}).status, 404);
  EXPECT_EQ(post("secretary", fpath + "/dissolve", {{"version", 1}, {"reason", "x"}}).status, 404);
  auto far = person(kOtherGrid, "外社区党员");
  EXPECT_EQ(add(foreign, {{"person_id", far}}).status, 404);
  EXPECT_EQ(post("secretary", "/api/v1/party-orgs",
                 {{"region_code", kOtherGrid}, {"level", "branch"}, {"name", "越界支部"}, {"parent_id", foreign}})
                .status,
            403);
  // The town's leader reads it; a member there is not the secretary's.
  EXPECT_EQ(get("leader", fpath).status, 200);
  auto theirs = add(foreign, {{"person_id", far}}, "admin");
  ASSERT_EQ(theirs.status, 201) << theirs.body;
  auto mpath = "/api/v1/party-members/" + std::to_string(id_of(theirs));
  EXPECT_EQ(get("secretary", mpath).status, 404);
  EXPECT_EQ(get("partymember", mpath).status, 404);
  EXPECT_EQ(get("leader", mpath).status, 200);
  EXPECT_EQ(post("secretary", mpath + "/leave", {{"version", 1}, {"reason", "other"}}).status, 404);
  EXPECT_EQ(post("secretary", mpath + "/pledges", {{"kind", "service"}, {"content", "x"}}).status, 404);
  auto list = get("secretary", "/api/v1/party-members?active=all&limit=200");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.body.find("外社区党员"), std::string::npos);
  EXPECT_EQ(get("secretary", std::string("/api/v1/party-members?region=") + kOtherCommunity).status, 403);
  EXPECT_EQ(get("secretary", "/api/v1/party-members?kind=honorary").status, 400);
}

}  // namespace
}  // namespace wangge::testing
