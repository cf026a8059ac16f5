// Open311 GeoReport v2 through HTTP: discovery, services, create with an api_key (XML and
// JSON), read back by id, token and filters, the spec's error lists, and the CLI that
// issues keys.
#include <gtest/gtest.h>

#include <tuple>

#include <cstdio>

#include "events/model.h"
#include "integration/harness.h"
#include "open311/open311.h"

namespace wangge::testing {
namespace {

namespace json = boost::json;

std::string url_encode(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

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

}  // namespace
}  // namespace wangge::testing
