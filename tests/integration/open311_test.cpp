// Open311 GeoReport v2 through HTTP: discovery, services, create with an api_key (XML and
// JSON), read back by id, token and filters, the spec's error lists, and the CLI that
// issues keys.
#include <gtest/gtest.h>

#include <tuple>

#include <cmath>
#include <cstdio>

#include "core/json.h"
#include "events/model.h"
#include "integration/harness.h"
#include "open311/open311.h"

namespace wangge::testing {
namespace {

namespace json = boost::json;

// The body of a response as a JSON array (a copy that outlives the response).
json::array array_of(const HttpResponse& r) {
  json::value v = r.json();
  return v.is_array() ? json::array(v.as_array()) : json::array();
}

class Open311Test : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer();
    key_ = server_->app().open311().create_key(nullptr, "test client").key;
    std::tie(lng_, lat_) = server_->point_in_grid("440404104001001");  // a point inside it
  }
  static void TearDownTestSuite() { delete server_; }
  static HttpResponse post(const std::string& fmt, const std::string& form) {
    auto c = server_->client();
    return c.request("POST", "/open311/v2/requests." + fmt, form,
                     {{"Content-Type", "application/x-www-form-urlencoded"}});
  }
  static std::string form(const std::string& key, const std::string& code = "0301") {
    char lat[32], lng[32];
    std::snprintf(lat, sizeof lat, "%.7f", lat_);
    std::snprintf(lng, sizeof lng, "%.7f", lng_);
    return "api_key=" + url_encode(key) + "&service_code=" + code + "&lat=" + lat + "&long=" + lng +
           "&address_string=" + url_encode("平沙镇立新路 3 号") + "&description=" + url_encode("路边垃圾桶满溢") +
           "&first_name=" + url_encode("小明") + "&last_name=" + url_encode("王") + "&phone=13912345678" +
           "&email=a%40b.cn";
  }
  static TestServer* server_;
  static std::string key_;
  static double lat_, lng_;
};
TestServer* Open311Test::server_ = nullptr;
std::string Open311Test::key_;
double Open311Test::lat_ = 0, Open311Test::lng_ = 0;

TEST_F(Open311Test, DiscoveryAndServices) {
  auto c = server_->client();
  auto r = c.get("/open311/v2/discovery.xml");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.header("content-type").find("text/xml"), std::string::npos);
  EXPECT_NE(r.body.find("<specification>http://wiki.open311.org/GeoReport_v2</specification>"), std::string::npos);
  auto services = array_of(c.get("/open311/v2/services.json"));
  bool found = false;
  for (const auto& s : services) found |= s.at("service_code") == "0301";
  EXPECT_TRUE(found);
  r = c.get("/open311/v2/services.xml");
  EXPECT_NE(r.body.find("<service><service_code>0101</service_code>"), std::string::npos);
  EXPECT_EQ(c.get("/open311/v2/services/0301.json").json().at("service_code"), "0301");
  r = c.get("/open311/v2/services/9999.xml");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("<errors><error><code>404</code>"), std::string::npos);
  EXPECT_EQ(c.get("/open311/v2/services/0301.html").status, 404);
}

TEST_F(Open311Test, CreateReadAndFilter) {
  auto r = post("xml", form(key_));
  ASSERT_EQ(r.status, 201) << r.body;
  auto start = r.body.find("<service_request_id>") + 20;
  std::string id = r.body.substr(start, r.body.find('<', start) - start);
  auto t0 = r.body.find("<token>") + 7;
  std::string token = r.body.substr(t0, r.body.find('<', t0) - t0);
  auto c = server_->client();
  auto one = array_of(c.get("/open311/v2/requests/" + id + ".json?api_key=" + url_encode(key_)));
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].at("status"), "open");
  EXPECT_EQ(one[0].at("service_code"), "0301");
  EXPECT_EQ(one[0].at("description"), "路边垃圾桶满溢");
  EXPECT_FALSE(one[0].at("expected_datetime").is_null());
  EXPECT_EQ(str(one[0].at("status_notes")).rfind("待受理", 0), 0u);
  // The phone was sealed: it appears nowhere in the answers.
  EXPECT_EQ(c.get("/open311/v2/requests/" + id + ".xml?api_key=" + url_encode(key_)).body.find("13912345678"),
            std::string::npos);
  auto tok = array_of(c.get("/open311/v2/tokens/" + token + ".json?api_key=" + url_encode(key_)));
  EXPECT_EQ(str(tok.at(0).at("service_request_id")), id);
  auto list = c.get("/open311/v2/requests.json?api_key=" + url_encode(key_) + "&status=open&service_code=0301,0302");
  ASSERT_EQ(list.status, 200);
  bool found = false;
  for (const auto& x : array_of(list)) found |= str(x.at("service_request_id")) == id;
  EXPECT_TRUE(found);
  // Closed by the dispatcher (rejected): "closed", with the state in status_notes.
  auto dt = server_->login("dispatcher");
  auto ev = c.get("/api/v1/events/" + id, dt).json();
  EXPECT_EQ(ev.at("source"), "open311");
  EXPECT_EQ(ev.at("reporter_name"), "王小明");
  ASSERT_EQ(
      c.send_json("POST", "/api/v1/events/" + id + "/reject", {{"version", ev.at("version")}, {"comment", "重复"}}, dt)
          .status,
      200);
  one = array_of(c.get("/open311/v2/requests/" + id + ".json?api_key=" + url_encode(key_)));
  EXPECT_EQ(one[0].at("status"), "closed");
  list = c.get("/open311/v2/requests.json?api_key=" + url_encode(key_) + "&service_request_id=" + id + ",999999");
  EXPECT_EQ(array_of(list).size(), 1u);
}

TEST_F(Open311Test, ErrorsAreTheSpecsListAndChangeNothing) {
  std::int64_t before = server_->app().db().read_value<std::int64_t>(
      [](storage::Tx& tx) { return tx.exec("SELECT COUNT(*) FROM events").one().i64(0); });
  auto r = post("xml", form("wrong-key"));
  EXPECT_EQ(r.status, 403);
  EXPECT_NE(r.body.find("<errors><error><code>403</code><description>"), std::string::npos);
  r = post("json", form(key_, "9999"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(array_of(r).at(0).at("code"), 400);
  r = post("json", "api_key=" + url_encode(key_) + "&service_code=0301&lat=39.9&long=116.4&description=x");
  EXPECT_EQ(r.status, 400);  // outside every grid
  r = post("json", "api_key=" + url_encode(key_) + "&service_code=0301&description=x");
  EXPECT_EQ(r.status, 400);  // no location
  r = post("json", "api_key=" + url_encode(key_) + "&service_code=0301&lat=abc&long=1&description=x");
  EXPECT_EQ(r.status, 400);
  auto c = server_->client();
  r = c.request("POST", "/open311/v2/requests.json", "{}", {{"Content-Type", "application/json"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(c.get("/open311/v2/requests.json").status, 403);  // reading needs a key too
  EXPECT_EQ(c.get("/open311/v2/requests/999999.json?api_key=" + url_encode(key_)).status, 404);
  EXPECT_EQ(c.get("/open311/v2/requests.json?api_key=" + url_encode(key_) + "&status=pending").status, 400);
  std::int64_t after = server_->app().db().read_value<std::int64_t>(
      [](storage::Tx& tx) { return tx.exec("SELECT COUNT(*) FROM events").one().i64(0); });
  EXPECT_EQ(after, before);
}

TEST_F(Open311Test, KeysAreIssuedByAdminsAndRevocable) {
  auto c = server_->client();
  auto admin = server_->login("admin", kAdminPassword);
  auto r = c.send_json("POST", "/api/v1/api-keys", {{"name", "街道 12345 热线"}}, admin);
  ASSERT_EQ(r.status, 201) << r.body;
  std::string key = str(r.json().at("key"));
  EXPECT_EQ(post("json", form(key)).status, 201);
  EXPECT_EQ(c.send_json("POST", "/api/v1/api-keys", {{"name", "x"}}, server_->login("dispatcher")).status, 403);
  auto listed = c.get("/api/v1/api-keys", admin);
  EXPECT_EQ(listed.body.find(key), std::string::npos);  // only hashes are kept
  EXPECT_EQ(c.request("DELETE", "/api/v1/api-keys/" + std::to_string(r.json().at("id").as_int64()), "",
                      {{"Authorization", "Bearer " + admin}})
                .status,
            204);
  EXPECT_EQ(post("json", form(key)).status, 403);
}

TEST(Open311Cli, ApiKeyCreatePrintsTheKeyAsItsLastWord) {
  std::string dir = temp_dir("wangge-apikey");
  std::string cmd = std::string(WANGGE_BINARY) + " api-key create --name cli-client --data " + dir + " 2>/dev/null";
  FILE* p = ::popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[256];
  while (std::fgets(buf, sizeof buf, p)) out += buf;
  ASSERT_EQ(::pclose(p), 0) << out;
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  std::string key = out.substr(out.rfind(' ') + 1);
  EXPECT_EQ(key.rfind("wg311_", 0), 0u) << out;
  Config cfg;
  cfg.data_dir = dir;
  cfg.access_log = false;
  cfg.divisions_dir = divisions_dir();
  App app(cfg);
  EXPECT_TRUE(app.open311().check_key(key).has_value());
  EXPECT_FALSE(app.open311().check_key(key + "x").has_value());
}

// A client as FixMyStreet's Open311.pm sends (perllib/Open311.pm, read for this test): XML
// only, phones in national format with spaces or +86, names split at the first space, an
// e-mail, a hosted photo's URL, attribute[code] fields (a list's values as repeated keys),
// CRLF line ends, jurisdiction_id; then status changes fetched from servicerequestupdates.
TEST_F(Open311Test, AClientAsFixMyStreetSendsIt) {
  auto c = server_->client();
  std::string admin = server_->login("admin", kAdminPassword);
  // A category that asks three questions.
  auto cat =
      c.send_json("PUT", "/api/v1/event-categories/0306",
                  json::parse(R"({"name_zh":"垃圾桶满溢","name_en":"Overflowing bin","parent_code":"03","attributes":[
        {"code":"bin_type","datatype":"singlevaluelist","required":true,"description_zh":"垃圾桶类型","description_en":"Bin type",
         "values":[{"key":"kitchen","name_zh":"厨余","name_en":"Kitchen"},{"key":"recycle","name_zh":"可回收","name_en":"Recycling"}]},
        {"code":"hazards","datatype":"multivaluelist","description_zh":"危险物","description_en":"Hazards",
         "values":[{"key":"glass","name_zh":"玻璃","name_en":"Glass"},{"key":"sharp","name_zh":"锐器","name_en":"Sharps"}]},
        {"code":"count","datatype":"number","description_zh":"数量","description_en":"How many"}]})"),
                  admin);
  ASSERT_EQ(cat.status, 201) << cat.body;
  auto services = c.get("/open311/v2/services.xml");
  auto at = services.body.find("<service_code>0306</service_code>");
  ASSERT_NE(at, std::string::npos);
  EXPECT_NE(services.body.find("<metadata>true</metadata>", at), std::string::npos);
  auto def = c.get("/open311/v2/services/0306.xml");
  ASSERT_EQ(def.status, 200);
  for (const char* part : {"<code>bin_type</code>", "<datatype>singlevaluelist</datatype>", "<required>true</required>",
                           "<value><key>kitchen</key><name>厨余</name></value>", "<code>hazards</code>"})
    EXPECT_NE(def.body.find(part), std::string::npos) << part << " in " << def.body;
  char lat[32], lng[32];
  std::snprintf(lat, sizeof lat, "%.6f", lat_);
  std::snprintf(lng, sizeof lng, "%.6f", lng_);
  auto fms = [&](const std::string& phone, const std::string& attributes) {
    return "service_code=0306&description=" +
           url_encode("Overflowing bin\r\n\r\nNext to the school\r\n\r\nhttp://fms.example/report/1\r\n") +
           "&first_name=Test&last_name=User&email=" + url_encode("test@example.org") + "&phone=" + url_encode(phone) +
           "&lat=" + lat + "&long=" + lng + "&media_url=" + url_encode("http://fms.example/photo/1.jpeg") + attributes +
           "&api_key=" + url_encode(key_) + "&jurisdiction_id=x";
  };
  std::string answers =
      "&attribute%5Bbin_type%5D=kitchen&attribute%5Bhazards%5D=glass&attribute%5Bhazards%5D=sharp"
      "&attribute%5Bcount%5D=3";
  auto r = post("xml", fms("138 0013 8000", answers));
  ASSERT_EQ(r.status, 201) << r.body;
  auto open = r.body.find("<service_request_id>") + 20;
  std::string id = r.body.substr(open, r.body.find('<', open) - open);
  auto e = c.get("/api/v1/events/" + id, admin).json();
  EXPECT_EQ(str(e.at("reporter_name")), "Test User");
  EXPECT_EQ(str(e.at("contact")), "138****8000");
  EXPECT_EQ(str(e.at("email")), "t****@example.org");
  EXPECT_EQ(str(e.at("media_url")), "http://fms.example/photo/1.jpeg");
  EXPECT_EQ(str(e.at("attributes").at("bin_type")), "kitchen");
  EXPECT_EQ(e.at("attributes").at("hazards").as_array().size(), 2u);
  EXPECT_EQ(e.at("attributes").at("count").to_number<double>(), 3.0);
  // The phone as every client writes it.
  for (const char* phone : {"+86 138 0013 8000", "0086-138-0013-8000", "(0756) 123-4567", "+86 756 123 4567"})
    EXPECT_EQ(post("xml", fms(phone, answers)).status, 201) << phone;
  // Answers are checked against the declaration, in the spec's error format.
  for (const std::string& bad : {std::string(""),                               // bin_type is required
                                 std::string("&attribute%5Bbin_type%5D=wood"),  // not a listed value
                                 answers + "&attribute%5Bcolour%5D=red",        // not declared
                                 std::string("&attribute%5Bbin_type%5D=kitchen&attribute%5Bcount%5D=many")}) {
    auto refused = post("xml", fms("13800138000", bad));
    EXPECT_EQ(refused.status, 400) << bad << " " << refused.body;
    EXPECT_NE(refused.body.find("<errors><error><code>400</code>"), std::string::npos) << refused.body;
    EXPECT_NE(refused.body.find("attribute["), std::string::npos) << refused.body;
  }
  // A step on the request shows in the status changes, as FixMyStreet asks for them.
  auto accepted = c.send_json("POST", "/api/v1/events/" + id + "/accept", {{"version", e.at("version")}},
                              server_->login("dispatcher"));
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  auto w3 = [](std::int64_t ms) { return wangge::json::rfc3339(ms / 1000 * 1000).substr(0, 19) + "Z"; };
  std::int64_t now = storage::now_ms();
  auto updates = c.get("/open311/v2/servicerequestupdates.xml?api_key=" + url_encode(key_) +
                       "&jurisdiction_id=x&start_date=" + w3(now - 7'200'000) + "&end_date=" + w3(now + 2000));
  ASSERT_EQ(updates.status, 200) << updates.body;
  EXPECT_NE(updates.body.find("<service_request_id>" + id + "</service_request_id><status>INVESTIGATING</status>"),
            std::string::npos)
      << updates.body;
  EXPECT_NE(updates.body.find("<service_request_id>" + id + "</service_request_id><status>OPEN</status>"),
            std::string::npos);
  EXPECT_NE(updates.body.find("<update_id>"), std::string::npos);
  auto updates_json = c.get("/open311/v2/servicerequestupdates.json?api_key=" + url_encode(key_));
  ASSERT_EQ(updates_json.status, 200);
  EXPECT_FALSE(array_of(updates_json).empty());
  EXPECT_EQ(c.get("/open311/v2/servicerequestupdates.xml").status, 403);  // reads need a key by default
  // What the client's users add comes back as the reporter's comment, once however often
  // the client retries it.
  auto post_update = [&](const std::string& request, const std::string& key) {
    return c.request("POST", "/open311/v2/servicerequestupdates.xml",
                     "api_key=" + url_encode(key) + "&service_request_id=" + request +
                         "&update_id=fms-77&status=OPEN&description=" + url_encode("Still there this morning") +
                         "&first_name=Test&last_name=User&jurisdiction_id=x",
                     {{"Content-Type", "application/x-www-form-urlencoded"}});
  };
  auto u1 = post_update(id, key_);
  ASSERT_EQ(u1.status, 200) << u1.body;
  auto u2 = post_update(id, key_);
  ASSERT_EQ(u2.status, 200) << u2.body;
  EXPECT_NE(u1.body.find("<update_id>"), std::string::npos);
  EXPECT_EQ(u1.body, u2.body);  // the same entry
  auto timeline = c.get("/api/v1/events/" + id, admin).json().at("timeline").as_array();
  int comments = 0;
  for (const auto& t : timeline) {
    if (t.at("action") != "comment") continue;
    ++comments;
    EXPECT_EQ(str(t.at("comment")), "Still there this morning");
    EXPECT_EQ(str(t.at("actor")), "open311:test client");
    EXPECT_EQ(str(t.at("detail").at("author")), "Test User");
  }
  EXPECT_EQ(comments, 1);
  EXPECT_EQ(post_update(id, "wrong").status, 403);
  // Only on requests the client filed: a resident's own report is not the client's.
  auto native =
      c.send_json("POST", "/api/v1/events", {{"category", "0301"}, {"description", "x"}, {"lat", lat_}, {"lng", lng_}},
                  server_->login("resident"));
  ASSERT_EQ(native.status, 201);
  EXPECT_EQ(post_update(std::to_string(native.json().at("id").as_int64()), key_).status, 404);
  EXPECT_EQ(
      c.get("/open311/v2/servicerequestupdates.xml?api_key=" + url_encode(key_) + "&start_date=1899-01-01").status,
      400);
}

TEST_F(Open311Test, UnknownPathsAnswer404InTheirOwnFormat) {
  auto c = server_->client();
  auto xml = c.get("/open311/v2/nothing-here");
  EXPECT_EQ(xml.status, 404);
  EXPECT_EQ(xml.header("content-type"), "text/xml; charset=utf-8");
  EXPECT_NE(xml.body.find("<errors><error><code>404</code>"), std::string::npos);
  auto js = c.get("/open311/v2/requests/12/comments.json");
  EXPECT_EQ(js.status, 404);
  EXPECT_EQ(array_of(js).at(0).at("code").as_int64(), 404);
  auto api = c.get("/api/v1/nothing-here");
  EXPECT_EQ(api.status, 404);
  EXPECT_EQ(api.header("content-type"), "application/problem+json");
  auto asset = c.get("/assets/missing-0000.js");
  EXPECT_EQ(asset.status, 404);
  EXPECT_EQ(asset.header("content-type"), "text/plain; charset=utf-8");
}

TEST(Open311PublicReads, ReadsWithoutAKeyLeaveThePersonalFieldsOut) {
  Config cfg;
  cfg.open311_public_reads = true;
  TestServer server(cfg);
  std::string key = server.app().open311().create_key(nullptr, "public test").key;
  auto [lng, lat] = server.point_in_grid("440404104001001");
  auto c = server.client();
  char la[32], lo[32];
  std::snprintf(la, sizeof la, "%.7f", lat);
  std::snprintf(lo, sizeof lo, "%.7f", lng);
  auto r = c.request("POST", "/open311/v2/requests.json",
                     "api_key=" + url_encode(key) + "&service_code=0301&lat=" + la + "&long=" + lo +
                         "&address_string=" + url_encode("立新路 3 号 502 室") +
                         "&description=" + url_encode("张三家门口垃圾"),
                     {{"Content-Type", "application/x-www-form-urlencoded"}});
  ASSERT_EQ(r.status, 201) << r.body;
  std::string id(array_of(r).at(0).at("service_request_id").as_string());
  auto anyone = array_of(c.get("/open311/v2/requests.json?service_request_id=" + id));
  ASSERT_EQ(anyone.size(), 1u);
  EXPECT_EQ(str(anyone[0].at("description")), "");
  EXPECT_EQ(str(anyone[0].at("address")), "");
  double shown = anyone[0].at("lat").to_number<double>();
  EXPECT_NEAR(shown, lat, 0.001);
  EXPECT_DOUBLE_EQ(shown, std::round(shown * 1000) / 1000);
  auto keyed = array_of(c.get("/open311/v2/requests.json?service_request_id=" + id + "&api_key=" + url_encode(key)));
  EXPECT_EQ(str(keyed.at(0).at("description")), "张三家门口垃圾");
  EXPECT_EQ(c.get("/open311/v2/requests.json?api_key=wrong").status, 403);  // a wrong key is still refused
  EXPECT_EQ(c.get("/open311/v2/servicerequestupdates.xml").status, 200);
  EXPECT_EQ(c.get("/open311/v2/requests/" + id + ".xml").status, 200);
}

}  // namespace
}  // namespace wangge::testing
