// The registry through HTTP on both backends: households and persons in a grid worker's
// own grid, personal data sealed at rest, masked in answers, found by exact ID number or
// phone through the blind index, unmasked only with the permission and a reason (audited);
// moves kept as history; dated tags; scope; bad input that changes nothing.
#include <gtest/gtest.h>

#include <set>

#include "core/json.h"
#include "core/storage/database.h"
#include "integration/harness.h"
#include "registry/id_number.h"

namespace wangge::testing {
namespace {

namespace json = boost::json;

class RegistryTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    for (const char* u : {"gridworker", "gridchief", "leader", "dispatcher", "resident", "mediator"})
      tokens_[u] = server_->login(u);
    tokens_["admin"] = server_->login("admin", kAdminPassword);
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
  static std::int64_t household(const std::string& who, const std::string& grid, const std::string& room) {
    auto r = post(who, "/api/v1/households",
                  {{"region_code", grid}, {"address", "平沙镇立新路 8 号"}, {"room", room}, {"housing_type", "owned"}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().at("id").as_int64();
  }
  // Every stored text and blob of a table, for "is this value anywhere in plain?".
  static std::string dump(const std::string& table) {
    return server_->app().db().read_value<std::string>([&](storage::Tx& tx) {
      std::string all;
      for (const auto& row : tx.exec("SELECT * FROM " + table).rows) {
        for (std::size_t i = 0; i < row.size(); ++i) {
          if (const auto* b = std::get_if<storage::Blob>(&row.at(i))) all += b->bytes;
          all += row.str(i) + "|";
        }
      }
      return all;
    });
  }

  static TestServer* server_;
  static std::map<std::string, std::string> tokens_;
};
TestServer* RegistryTest::server_ = nullptr;
std::map<std::string, std::string> RegistryTest::tokens_;

TEST_F(RegistryTest, PersonalDataIsSealedMaskedFoundExactlyAndUnmaskedOnlyWithAReason) {
  std::int64_t h = household("gridworker", "440404104001001", "3-201");
  std::string id_number = valid_id("44040419580317122");  // a woman born 1958-03-17
  auto r = post("gridworker", "/api/v1/persons",
                {{"name", "梁秀英"},
                 {"id_number", id_number},
                 {"phone", "13812345678"},
                 {"residence_type", "registered"},
                 {"household_id", h},
                 {"relation", "head"}});
  ASSERT_EQ(r.status, 201) << r.body;
  auto p = r.json();
  std::int64_t id = p.at("id").as_int64();
  EXPECT_EQ(str(p.at("id_number")), "440404********" + id_number.substr(14));
  EXPECT_EQ(p.at("phone"), "138****5678");
  EXPECT_EQ(p.at("gender"), "female");
  EXPECT_EQ(p.at("birth_date"), "1958-03-17");
  EXPECT_EQ(p.at("region_code"), "440404104001001");
  // At rest: neither value appears in plain anywhere in the table.
  std::string stored = dump("persons");
  EXPECT_EQ(stored.find(id_number), std::string::npos);
  EXPECT_EQ(stored.find("13812345678"), std::string::npos);
  // Exact search by ID number (lower-case x too) and by phone; substring search by name.
  for (const std::string& q : {id_number, std::string("13812345678"), std::string("梁秀"), std::string("秀英")}) {
    std::string match = q == "秀英" ? "&match=contains" : "";
    auto found = get("gridworker", "/api/v1/persons?q=" + url_encode(q) + match).json();
    ASSERT_EQ(found.at("items").as_array().size(), 1u) << q;
    EXPECT_EQ(found.at("items").at(0).at("id").as_int64(), id);
    EXPECT_EQ(found.at("items").at(0).at("id_number"), p.at("id_number"));  // masked in lists too
  }
  // The household file shows her as head.
  auto file = get("gridworker", "/api/v1/households/" + std::to_string(h)).json();
  EXPECT_EQ(file.at("head_id").as_int64(), id);
  ASSERT_EQ(file.at("members").as_array().size(), 1u);
  EXPECT_EQ(file.at("members").at(0).at("person").at("phone"), "138****5678");

  // Unmasking: not a grid worker's permission; a grid chief needs a reason.
  EXPECT_EQ(post("gridworker", "/api/v1/persons/" + std::to_string(id) + "/unmask", {{"reason", "入户核实"}}).status,
            403);
  EXPECT_EQ(post("gridchief", "/api/v1/persons/" + std::to_string(id) + "/unmask", json::object{}).status, 422);
  r = post("gridchief", "/api/v1/persons/" + std::to_string(id) + "/unmask", {{"reason", "联系本人核实低保申请"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(str(r.json().at("id_number")), id_number);
  EXPECT_EQ(r.json().at("phone"), "13812345678");
  auto log = get("admin", "/api/v1/audit?action=registry:person:unmask").json();
  ASSERT_EQ(log.at("items").as_array().size(), 1u);
  EXPECT_NE(json::serialize(log.at("items").at(0)).find("联系本人核实低保申请"), std::string::npos);
  // Reads are audited too, and no audit row holds a plain value.
  EXPECT_FALSE(get("admin", "/api/v1/audit?action=registry:person:list").json().at("items").as_array().empty());
  EXPECT_FALSE(get("admin", "/api/v1/audit?action=registry:household:read").json().at("items").as_array().empty());
  std::string audit = dump("audit_log");
  EXPECT_EQ(audit.find(id_number), std::string::npos);
  EXPECT_EQ(audit.find("13812345678"), std::string::npos);
}

TEST_F(RegistryTest, BadInputIsNamedAndChangesNothing) {
  std::int64_t h = household("gridworker", "440404104001001", "5-101");
  auto count = [] {
    return server_->app().db().read_value<std::int64_t>(
        [](storage::Tx& tx) { return tx.exec("SELECT COUNT(*) FROM persons").one().i64(0); });
  };
  std::int64_t before = count();
  std::string good = valid_id("44040419900101123");
  std::string bad_check = good.substr(0, 17) + (good[17] == '1' ? '2' : '1');
  struct Case {
    json::object body;
    int status;
    std::string field;
  };
  std::vector<Case> cases = {
      {{{"name", "张三"}, {"id_number", bad_check}, {"household_id", h}}, 422, "id_number"},
      {{{"name", "张三"}, {"id_number", "4404041990010112"}, {"household_id", h}}, 422, "id_number"},
      {{{"name", "张三"}, {"id_number", valid_id("44040419900230123")}, {"household_id", h}}, 422, "id_number"},
      {{{"name", "张三"}, {"id_number", good}, {"gender", "female"}, {"household_id", h}}, 422, "gender"},
      {{{"name", "张三"}, {"id_number", good}, {"phone", "12345"}, {"household_id", h}}, 422, "phone"},
      {{{"name", "张三"}, {"gender", "male"}, {"household_id", h}}, 422, "birth_date"},
      {{{"name", "张三"}, {"id_number", good}, {"residence_type", "tourist"}, {"household_id", h}},
       422,
       "residence_type"},
      {{{"name", "张三"}, {"id_number", good}, {"floating_expires_on", "2027-01-01"}, {"household_id", h}},
       422,
       "residence_type"},
      {{{"name", "张三"}, {"id_number", good}, {"household_id", h}, {"relation", "cousin"}}, 422, "relation"},
      {{{"name", "张三"}, {"id_number", good}, {"region_code", "440404104"}}, 422, "region_code"},
      {{{"name", "张三"}, {"id_number", good}, {"household_id", 999999}}, 422, "household_id"},
  };
  for (const auto& c : cases) {
    auto r = post("gridworker", "/api/v1/persons", c.body);
    EXPECT_EQ(r.status, c.status) << json::serialize(c.body) << " -> " << r.body;
    if (r.status >= 400) {
      EXPECT_EQ(str(r.json().at("field")), c.field) << r.body;
    }
  }
  EXPECT_EQ(count(), before);
  // The same number twice: the second is refused.
  ASSERT_EQ(post("gridworker", "/api/v1/persons", {{"name", "张三"}, {"id_number", good}, {"household_id", h}}).status,
            201);
  auto dup = post("gridworker", "/api/v1/persons", {{"name", "张三丰"}, {"id_number", good}, {"household_id", h}});
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.json().at("field"), "id_number");
  EXPECT_EQ(count(), before + 1);
  // Unknown tag, and a business with a wrong credit code.
  auto p = get("gridworker", "/api/v1/persons?q=" + good).json().at("items").at(0).at("id").as_int64();
  EXPECT_EQ(post("gridworker", "/api/v1/persons/" + std::to_string(p) + "/tags", {{"tag", "vip"}}).status, 422);
  auto biz = post("gridworker", "/api/v1/businesses",
                  {{"name", "平沙便利店"}, {"region_code", "440404104001001"}, {"licence_no", "91350100M000100Y42"}});
  EXPECT_EQ(biz.status, 422);
  EXPECT_EQ(biz.json().at("field"), "licence_no");
  EXPECT_EQ(post("gridworker", "/api/v1/businesses",
                 {{"name", "平沙便利店"}, {"region_code", "440404104001001"}, {"licence_no", "91350100M000100Y43"}})
                .status,
            201);
}

TEST_F(RegistryTest, MovesAreHistoryAndScopeStopsAtTheGrid) {
  std::int64_t a = household("gridworker", "440404104001001", "7-301");
  std::int64_t b = household("gridworker", "440404104001001", "7-302");
  std::int64_t next_door = household("gridchief", "440404104001002", "1-101");  // not the grid worker's grid
  auto r = post("gridworker", "/api/v1/persons",
                {{"name", "陈国强"},
                 {"id_number", valid_id("44040419800505123")},
                 {"household_id", a},
                 {"relation", "head"},
                 {"moved_in_on", "2010-06-01"}});
  ASSERT_EQ(r.status, 201) << r.body;
  std::int64_t id = r.json().at("id").as_int64();
  // Into B: A keeps the stay as history and loses its head.
  r = post("gridworker", "/api/v1/households/" + std::to_string(b) + "/members",
           {{"person_id", id}, {"relation", "head"}, {"moved_in_on", "2024-03-01"}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto fa = get("gridworker", "/api/v1/households/" + std::to_string(a)).json();
  EXPECT_TRUE(fa.at("members").as_array().empty());
  ASSERT_EQ(fa.at("former_members").as_array().size(), 1u);
  EXPECT_EQ(fa.at("former_members").at(0).at("moved_out_on"), "2024-03-01");
  EXPECT_TRUE(fa.at("head_id").is_null());
  auto fb = get("gridworker", "/api/v1/households/" + std::to_string(b)).json();
  EXPECT_EQ(fb.at("head_id").as_int64(), id);

  // The neighbouring grid is out of the grid worker's reach, in lists and by id; moving
  // someone there is refused and changes nothing.
  EXPECT_EQ(get("gridworker", "/api/v1/households/" + std::to_string(next_door)).status, 403);
  auto list = get("gridworker", "/api/v1/households?limit=200").json();
  for (const auto& item : list.at("items").as_array()) EXPECT_NE(item.at("id").as_int64(), next_door);
  EXPECT_EQ(get("gridworker", "/api/v1/persons?region=440404104001002").status, 403);
  r = post("gridworker", "/api/v1/households/" + std::to_string(next_door) + "/members",
           {{"person_id", id}, {"relation", "other"}});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(get("gridworker", "/api/v1/persons/" + std::to_string(id)).json().at("household_id").as_int64(), b);
  // The grid chief (the whole community) sees both grids.
  EXPECT_EQ(get("gridchief", "/api/v1/households/" + std::to_string(next_door)).status, 200);
  // A resident sees no registry at all.
  EXPECT_EQ(get("resident", "/api/v1/persons").status, 403);

  // Moving out ends the stay; the person stays registered at the place.
  r = post("gridworker", "/api/v1/households/" + std::to_string(b) + "/members/" + std::to_string(id) + "/move-out",
           {{"reason", "迁往外地"}, {"moved_out_on", "2025-01-15"}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto person = get("gridworker", "/api/v1/persons/" + std::to_string(id)).json();
  EXPECT_TRUE(person.at("household_id").is_null());
  EXPECT_EQ(person.at("region_code"), "440404104001001");
  // A stale version of the person is refused.
  auto c = server_->client();
  auto patch = c.send_json("PATCH", "/api/v1/persons/" + std::to_string(id), {{"note", "x"}, {"version", 1}},
                           tokens_["gridworker"]);
  EXPECT_EQ(patch.status, 409);
}

TEST_F(RegistryTest, TagsAreDatedAndFilterTheLedger) {
  std::int64_t h = household("gridworker", "440404104001001", "9-901");
  auto r = post("gridworker", "/api/v1/persons",
                {{"name", "黄伯"}, {"id_number", valid_id("44040419400808123")}, {"household_id", h}});
  ASSERT_EQ(r.status, 201) << r.body;
  std::int64_t id = r.json().at("id").as_int64();
  r = post("gridworker", "/api/v1/persons/" + std::to_string(id) + "/tags",
           {{"tag", "empty_nest_elderly"}, {"since", "2023-05-01"}, {"note", "子女在外地"}});
  ASSERT_EQ(r.status, 201) << r.body;
  std::int64_t tag = r.json().at("id").as_int64();
  EXPECT_EQ(
      post("gridworker", "/api/v1/persons/" + std::to_string(id) + "/tags", {{"tag", "empty_nest_elderly"}}).status,
      409);
  auto tagged = get("gridworker", "/api/v1/persons?tag=empty_nest_elderly").json();
  ASSERT_EQ(tagged.at("items").as_array().size(), 1u);
  EXPECT_EQ(tagged.at("items").at(0).at("tags").at(0).at("name_zh"), "空巢老人");
  EXPECT_EQ(post("gridworker", "/api/v1/persons/" + std::to_string(id) + "/tags/" + std::to_string(tag) + "/end",
                 {{"until", "2022-01-01"}})
                .status,
            422);  // before it began
  r = post("gridworker", "/api/v1/persons/" + std::to_string(id) + "/tags/" + std::to_string(tag) + "/end",
           {{"until", "2026-01-01"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(get("gridworker", "/api/v1/persons?tag=empty_nest_elderly").json().at("items").as_array().empty());
  auto person = get("gridworker", "/api/v1/persons/" + std::to_string(id)).json();
  EXPECT_TRUE(person.at("tags").as_array().empty());
  ASSERT_EQ(person.at("tag_history").as_array().size(), 1u);
  EXPECT_EQ(person.at("tag_history").at(0).at("until"), "2026-01-01");
  EXPECT_EQ(get("gridworker", "/api/v1/person-tags").json().at("items").as_array().size(), 17u);
}

}  // namespace
}  // namespace wangge::testing

namespace wangge::testing {
namespace {

// Household visits: plan, record (raising an event in the same step), the worklist of
// households not visited lately, coverage per grid; scope and bad input change nothing.
TEST_F(RegistryTest, VisitsFeedTheWorklistCoverageAndEvents) {
  auto count = [](const char* table) {
    return server_->app().db().read_value<std::int64_t>(
        [&](storage::Tx& tx) { return tx.exec(std::string("SELECT COUNT(*) FROM ") + table).one().i64(0); });
  };
  std::int64_t a = household("gridworker", "440404104001001", "11-101");
  std::int64_t b = household("gridworker", "440404104001001", "11-102");
  std::int64_t next_door = household("gridchief", "440404104001002", "2-202");
  auto in_worklist = [&](std::int64_t id) {
    auto w = get("gridworker", "/api/v1/visits/worklist?days=30&limit=200").json();
    for (const auto& h : w.at("items").as_array())
      if (h.at("id").as_int64() == id) return true;
    return false;
  };
  EXPECT_TRUE(in_worklist(a));
  EXPECT_TRUE(in_worklist(b));

  auto plan = post("gridworker", "/api/v1/visits",
                   {{"household_id", a}, {"planned_on", "2026-12-01"}, {"purpose", "走访慰问"}});
  ASSERT_EQ(plan.status, 201) << plan.body;
  EXPECT_EQ(plan.json().at("status"), "planned");
  // Recorded with an event raised from it, in one step.
  std::int64_t events_before = count("events");
  // With a photo: the visit links it, and only those who may see the visit get it back.
  auto up =
      server_->client().request("POST", "/api/v1/attachments", make_png(2),
                                {{"Content-Type", "image/png"}, {"Authorization", "Bearer " + tokens_["gridworker"]}});
  ASSERT_EQ(up.status, 201) << up.body;
  std::string photo = str(up.json().at("hash"));
  auto rec = post("gridworker", "/api/v1/visits",
                  {{"household_id", b},
                   {"photos", json::array{json::value(photo)}},
                   {"findings", "楼道堆放杂物，存在消防隐患"},
                   {"raise_event", {{"category", "0301"}, {"description", "入户走访发现：楼道堆放杂物"}}}});
  ASSERT_EQ(rec.status, 201) << rec.body;
  ASSERT_FALSE(rec.json().at("event_id").is_null());
  EXPECT_EQ(get("gridchief", "/api/v1/attachments/" + photo).status, 200);  // the community's chief
  EXPECT_EQ(get("resident", "/api/v1/attachments/" + photo).status, 403);
  EXPECT_EQ(count("events"), events_before + 1);
  auto ev = get("gridworker", "/api/v1/events/" + std::to_string(rec.json().at("event_id").as_int64())).json();
  EXPECT_EQ(ev.at("source"), "visit");
  EXPECT_EQ(ev.at("grid_code"), "440404104001001");
  EXPECT_FALSE(in_worklist(b));
  EXPECT_TRUE(in_worklist(a));

  // Coverage of the community: grid 001 has visited households now.
  auto cov = get("gridchief", "/api/v1/visits/coverage?region=440404104001").json();
  std::int64_t visited_before = cov.at("visited").as_int64();
  EXPECT_GE(visited_before, 1);
  bool grid_listed = false;
  for (const auto& g : cov.at("grids").as_array()) grid_listed |= g.at("code") == "440404104001001";
  EXPECT_TRUE(grid_listed);

  // The planned one is done later; then it cannot be cancelled.
  std::int64_t pid = plan.json().at("id").as_int64();
  auto done = post("gridworker", "/api/v1/visits/" + std::to_string(pid) + "/complete",
                   {{"findings", "老人身体健康，无诉求"}, {"version", 1}});
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_FALSE(in_worklist(a));
  EXPECT_EQ(get("gridchief", "/api/v1/visits/coverage?region=440404104001").json().at("visited").as_int64(),
            visited_before + 1);
  EXPECT_EQ(post("gridworker", "/api/v1/visits/" + std::to_string(pid) + "/cancel", {{"version", 2}}).status, 409);
  // A visit stamped ahead by a device's clock (up to a minute is accepted) counts at once.
  std::int64_t c = household("gridworker", "440404104001001", "11-103");
  auto ahead = post("gridworker", "/api/v1/visits",
                    {{"household_id", c},
                     {"findings", "设备时钟快了半分钟"},
                     {"visited_at", wangge::json::rfc3339(storage::now_ms() + 30'000)}});
  ASSERT_EQ(ahead.status, 201) << ahead.body;
  EXPECT_EQ(get("gridchief", "/api/v1/visits/coverage?region=440404104001").json().at("visited").as_int64(),
            visited_before + 2);

  // Out of scope, malformed, or an event that cannot be filed: refused, nothing written.
  std::int64_t visits_before = count("visits");
  events_before = count("events");
  EXPECT_EQ(post("gridworker", "/api/v1/visits", {{"household_id", next_door}, {"findings", "x"}}).status, 403);
  EXPECT_EQ(post("gridworker", "/api/v1/visits", {{"household_id", a}}).status, 422);
  auto bad = post(
      "gridworker", "/api/v1/visits",
      {{"household_id", a}, {"findings", "发现问题"}, {"raise_event", {{"category", "9999"}, {"description", "x"}}}});
  EXPECT_GE(bad.status, 400);
  EXPECT_LT(bad.status, 500);
  EXPECT_EQ(count("visits"), visits_before);
  EXPECT_EQ(count("events"), events_before);
  EXPECT_EQ(get("resident", "/api/v1/visits").status, 403);
}

}  // namespace
}  // namespace wangge::testing

namespace wangge::testing {
namespace {

// Review findings, each closed: a landlord outside one's territory cannot be named; the head's
// relation follows a change of head; an ID on file fixes gender and birth date; landlines match
// however they are typed; no move or tag in the future.
// A visit recorded offline is sent again when the signal returns, maybe after a timeout
// that the server had in fact answered: under its Idempotency-Key it is filed once, and
// its event raised once.
TEST_F(RegistryTest, AVisitRetriedWithItsIdempotencyKeyIsFiledOnce) {
  auto count = [](const char* table) {
    return server_->app().db().read_value<std::int64_t>(
        [&](storage::Tx& tx) { return tx.exec(std::string("SELECT COUNT(*) FROM ") + table).one().i64(0); });
  };
  std::int64_t h = household("gridworker", "440404104001001", "13-301");
  auto body = json::serialize(
      json::object{{"household_id", h},
                   {"findings", "离线记录：老人独居，已了解情况"},
                   {"raise_event", json::object{{"category", "0301"}, {"description", "入户走访发现：楼道堆放杂物"}}}});
  std::vector<std::pair<std::string, std::string>> hdr{{"Content-Type", "application/json"},
                                                       {"Authorization", "Bearer " + tokens_["gridworker"]},
                                                       {"Idempotency-Key", "visit-offline-1"}};
  std::int64_t visits = count("visits"), events = count("events");
  auto c = server_->client();
  auto first = c.request("POST", "/api/v1/visits", body, hdr);
  ASSERT_EQ(first.status, 201) << first.body;
  auto again = c.request("POST", "/api/v1/visits", body, hdr);
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(again.header("idempotent-replayed"), "true");
  EXPECT_EQ(count("visits"), visits + 1);
  EXPECT_EQ(count("events"), events + 1);
  // The same key with another visit is refused, and nothing changes.
  auto other = c.request("POST", "/api/v1/visits",
                         json::serialize(json::object{{"household_id", h}, {"findings", "另一条"}}), hdr);
  EXPECT_EQ(other.status, 422);
  EXPECT_EQ(other.json().at("code"), "idempotency_key_reused");
  EXPECT_EQ(count("visits"), visits + 1);
  // Completing a planned visit, retried, completes it once (the retry would otherwise be stale).
  auto plan = post("gridworker", "/api/v1/visits", {{"household_id", h}, {"planned_on", "2026-12-01"}});
  ASSERT_EQ(plan.status, 201) << plan.body;
  std::string path = "/api/v1/visits/" + std::to_string(plan.json().at("id").as_int64()) + "/complete";
  hdr[2].second = "visit-offline-2";
  std::string done = json::serialize(json::object{{"version", 1}, {"findings", "已走访"}});
  EXPECT_EQ(c.request("POST", path, done, hdr).status, 200);
  auto retry = c.request("POST", path, done, hdr);
  EXPECT_EQ(retry.status, 200) << retry.body;
  EXPECT_EQ(retry.json().at("version").as_int64(), 2);
}

TEST_F(RegistryTest, LandlordScopeHeadRelationIdOnFilePhonesAndDates) {
  std::int64_t next_door = household("gridchief", "440404104001002", "8-801");
  auto outsider =
      post("gridchief", "/api/v1/persons",
           {{"name", "外网格房东"}, {"id_number", valid_id("44040419700707111")}, {"household_id", next_door}});
  ASSERT_EQ(outsider.status, 201) << outsider.body;
  auto r = post("gridworker", "/api/v1/households",
                {{"region_code", "440404104001001"},
                 {"address", "立新路 40 号"},
                 {"housing_type", "rented"},
                 {"landlord_id", outsider.json().at("id").as_int64()}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json().at("field"), "landlord_id");

  std::int64_t h = household("gridworker", "440404104001001", "40-1");
  auto a = post("gridworker", "/api/v1/persons",
                {{"name", "甲"},
                 {"id_number", valid_id("44040419600101111")},
                 {"household_id", h},
                 {"relation", "head"},
                 {"phone", "0756-7788990"}});
  ASSERT_EQ(a.status, 201) << a.body;
  auto b =
      post("gridworker", "/api/v1/persons",
           {{"name", "乙"}, {"id_number", valid_id("44040419620202112")}, {"household_id", h}, {"relation", "spouse"}});
  ASSERT_EQ(b.status, 201) << b.body;
  auto c = server_->client();
  auto v = get("gridworker", "/api/v1/households/" + std::to_string(h)).json().at("version");
  auto patch = c.send_json("PATCH", "/api/v1/households/" + std::to_string(h),
                           {{"head_id", b.json().at("id")}, {"version", v}}, tokens_["gridworker"]);
  ASSERT_EQ(patch.status, 200) << patch.body;
  std::map<std::int64_t, std::string> relation;
  auto file = get("gridworker", "/api/v1/households/" + std::to_string(h)).json();
  for (const auto& m : file.at("members").as_array())
    relation[m.at("person").at("id").as_int64()] = std::string(m.at("relation").as_string());
  EXPECT_EQ(relation[b.json().at("id").as_int64()], "head");
  EXPECT_EQ(relation[a.json().at("id").as_int64()], "other");

  // The ID number on file decides gender and birth date.
  auto pid = std::to_string(a.json().at("id").as_int64());
  patch = c.send_json("PATCH", "/api/v1/persons/" + pid, {{"gender", "female"}, {"version", a.json().at("version")}},
                      tokens_["gridworker"]);
  EXPECT_EQ(patch.status, 422);
  EXPECT_EQ(patch.json().at("field"), "gender");
  // A landline typed with or without its dash is the same number.
  auto found = get("gridworker", "/api/v1/persons?q=07567788990").json();
  ASSERT_EQ(found.at("items").as_array().size(), 1u);
  EXPECT_EQ(found.at("items").at(0).at("id").as_int64(), a.json().at("id").as_int64());
  // Name search: by the name's beginning, in name order, paged without repeats.
  for (const char* n : {"欧阳一", "欧阳二", "欧阳三"}) {
    static int k = 0;
    auto made =
        post("gridworker", "/api/v1/persons",
             {{"name", n}, {"gender", "male"}, {"birth_date", "1990-01-0" + std::to_string(++k)}, {"household_id", h}});
    ASSERT_EQ(made.status, 201) << made.body;
  }
  std::vector<std::string> names;
  std::string cursor;
  for (int page = 0; page < 5; ++page) {
    auto res = get("gridworker", "/api/v1/persons?limit=2&q=" + url_encode("欧阳") + cursor).json();
    for (const auto& item : res.at("items").as_array()) names.emplace_back(item.at("name").as_string());
    if (res.at("next_cursor").is_null()) break;
    cursor = "&cursor=" + std::string(res.at("next_cursor").as_string());
  }
  EXPECT_EQ(names, (std::vector<std::string>{"欧阳一", "欧阳三", "欧阳二"}));  // UTF-8 byte order
  // No move or tag after today.
  r = post("gridworker", "/api/v1/persons/" + pid + "/tags", {{"tag", "elderly"}, {"since", "2999-01-01"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json().at("field"), "since");
}

TEST_F(RegistryTest, AddressAndTagSearchOfHouseholdsWithinScope) {
  // Three households: two in the grid worker's grid, one in the neighbouring grid.
  auto make = [](const std::string& who, const std::string& grid, const std::string& address) {
    auto r = post(who, "/api/v1/households",
                  {{"region_code", grid}, {"address", address}, {"room", "1"}, {"housing_type", "owned"}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().at("id").as_int64();
  };
  std::int64_t a = make("gridworker", "440404104001001", "平沙镇海棠路 17 号");
  std::int64_t b = make("gridworker", "440404104001001", "平沙镇海棠苑 3 栋");
  std::int64_t c = make("gridchief", "440404104001002", "平沙镇海棠路 21 号");
  auto ids = [](const std::string& who, const std::string& query) {
    auto r = get(who, "/api/v1/households?" + query);
    EXPECT_EQ(r.status, 200) << query << ": " << r.body;
    std::set<std::int64_t> out;
    auto j = r.json();
    for (const auto& h : j.at("items").as_array()) out.insert(h.at("id").as_int64());
    return out;
  };
  // The town's leader searches the whole town through the trigram index (3+ characters) ...
  EXPECT_EQ(ids("leader", "q=" + url_encode("海棠路")), (std::set<std::int64_t>{a, c}));
  EXPECT_EQ(ids("leader", "q=" + url_encode("海棠")), (std::set<std::int64_t>{a, b, c}));  // 2: a scan
  // ... paged newest first.
  auto page = get("leader", "/api/v1/households?limit=1&q=" + url_encode("海棠路")).json();
  ASSERT_EQ(page.at("items").as_array().size(), 1u);
  EXPECT_EQ(page.at("items").at(0).at("id").as_int64(), c);
  EXPECT_EQ(ids("leader", "limit=1&q=" + url_encode("海棠路") + "&cursor=" + str(page.at("next_cursor"))),
            (std::set<std::int64_t>{a}));
  // The grid worker finds only their own grid's.
  EXPECT_EQ(ids("gridworker", "q=" + url_encode("海棠路")), (std::set<std::int64_t>{a}));
  // Quotes, percent signs and underscores are text, not syntax.
  EXPECT_TRUE(ids("leader", "q=" + url_encode("\"海棠路%_")).empty());
  EXPECT_TRUE(ids("gridworker", "q=" + url_encode("17 号\"")).empty());
  // A corrected address is found by its new text, not the old one.
  auto c2 = server_->client();
  auto file = get("gridworker", "/api/v1/households/" + std::to_string(b)).json();
  ASSERT_EQ(c2.send_json("PATCH", "/api/v1/households/" + std::to_string(b),
                         {{"address", "平沙镇紫荆路 5 号"}, {"version", file.at("version")}}, tokens_["gridworker"])
                .status,
            200);
  EXPECT_EQ(ids("leader", "q=" + url_encode("紫荆路")), (std::set<std::int64_t>{b}));
  EXPECT_EQ(ids("leader", "q=" + url_encode("海棠苑")), (std::set<std::int64_t>{}));
  // Households by a member's current tag.
  std::string first17 = "44040419400101301";
  auto p = post("gridworker", "/api/v1/persons",
                {{"name", "海老伯"},
                 {"id_number", first17 + registry::id_check_char(first17)},
                 {"residence_type", "registered"},
                 {"household_id", a},
                 {"relation", "head"}});
  ASSERT_EQ(p.status, 201) << p.body;
  ASSERT_EQ(post("gridworker", "/api/v1/persons/" + std::to_string(p.json().at("id").as_int64()) + "/tags",
                 {{"tag", "empty_nest_elderly"}, {"since", "2025-01-01"}})
                .status,
            201);
  EXPECT_EQ(ids("gridworker", "tag=empty_nest_elderly"), (std::set<std::int64_t>{a}));
  EXPECT_EQ(ids("leader", "tag=empty_nest_elderly&q=" + url_encode("海棠路")), (std::set<std::int64_t>{a}));
  EXPECT_EQ(get("gridworker", "/api/v1/households?tag=nope").status, 400);
}

}  // namespace
}  // namespace wangge::testing
