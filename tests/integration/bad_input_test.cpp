// Bad input over the wire: malformed JSON, wrong types, missing fields, oversized
// bodies and headers, invalid UTF-8, malformed HTTP, slowloris. Each gets a clear 4xx
// (or a closed connection) and changes nothing.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "integration/harness.h"

namespace wangge::testing {
namespace {

class BadInputTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Config cfg;
    cfg.read_timeout_ms = 700;
    cfg.max_body_bytes = 64 * 1024;
    cfg.max_header_bytes = 8 * 1024;
    server_ = new TestServer(cfg);
    admin_ = server_->login("admin", kAdminPassword);
  }
  static void TearDownTestSuite() { delete server_; }
  static std::int64_t audit_count() {
    auto c = server_->client();
    return static_cast<std::int64_t>(
        c.get("/api/v1/audit?action=territory:&limit=200", admin_).json().at("items").as_array().size());
  }
  static TestServer* server_;
  static std::string admin_;
};
TestServer* BadInputTest::server_ = nullptr;
std::string BadInputTest::admin_;

std::vector<std::pair<std::string, std::string>> json_auth(const std::string& token) {
  return {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + token}};
}

TEST_F(BadInputTest, MalformedJsonWrongTypesMissingFields) {
  auto c = server_->client();
  auto before = audit_count();
  struct Case {
    std::string body;
    int status;
    std::string code;
    std::string field;
  };
  std::vector<Case> cases = {
      {"{\"code\": \"440404104001001001009\", ", 400, "invalid_json", ""},
      {"[1,2,3]", 400, "invalid_json", ""},
      {"", 400, "invalid_json", ""},
      {"{\"code\": 440404104001001001009, \"name\": \"x\", \"level\": \"building\", \"parent_code\": "
       "\"440404104001001001\"}",
       422, "validation", "code"},
      {"{\"name\": \"x\", \"level\": \"building\", \"parent_code\": \"440404104001001001\"}", 422, "validation",
       "code"},
      {"{\"code\": \"440404104001001001009\", \"name\": null, \"level\": \"building\", \"parent_code\": "
       "\"440404104001001001\"}",
       422, "validation", "name"},
      {"{\"code\": \"440404104001001001009\", \"name\": \"\xff\xfe\", \"level\": \"building\", \"parent_code\": "
       "\"440404104001001001\"}",
       400, "invalid_utf8", ""},
      {std::string(40, '[') + std::string(40, ']'), 400, "invalid_json", ""},
  };
  for (const auto& tc : cases) {
    auto r = c.request("POST", "/api/v1/regions", tc.body, json_auth(admin_));
    EXPECT_EQ(r.status, tc.status) << tc.body << " -> " << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json");
    auto j = r.json();
    ASSERT_TRUE(j.is_object()) << r.body;
    EXPECT_EQ(str(j.at("code")), tc.code) << tc.body;
    if (!tc.field.empty()) {
      EXPECT_EQ(str(j.at("field")), tc.field) << tc.body;
    }
  }
  auto wrong_type =
      c.request("POST", "/api/v1/regions", "code=1",
                {{"Content-Type", "application/x-www-form-urlencoded"}, {"Authorization", "Bearer " + admin_}});
  EXPECT_EQ(wrong_type.status, 415);
  EXPECT_EQ(c.get("/api/v1/regions/440404104001001001009", admin_).status, 404);
  EXPECT_EQ(audit_count(), before);
}

TEST_F(BadInputTest, OversizedBodyAndHeaders) {
  {
    auto c = server_->client();
    std::string big = "{\"name\":\"" + std::string(100 * 1024, 'a') + "\"}";
    auto r = c.request("POST", "/api/v1/regions", big, json_auth(admin_));
    EXPECT_EQ(r.status, 413);
    EXPECT_EQ(r.json().at("code"), "payload_too_large");
  }
  {
    auto c = server_->client();
    auto r = c.request("GET", "/api/v1/regions/440404104", {},
                       {{"Authorization", "Bearer " + admin_}, {"X-Filler", std::string(16 * 1024, 'x')}});
    EXPECT_EQ(r.status, 431);
    EXPECT_EQ(r.json().at("code"), "header_too_large");
  }
  auto c = server_->client();
  EXPECT_EQ(c.get("/api/v1/regions/440404104", admin_).status, 200);  // the server is fine
}

TEST_F(BadInputTest, InvalidUtf8InPathAndQuery) {
  auto c = server_->client();
  auto p = c.get("/api/v1/regions/%FF%FE", admin_);
  EXPECT_EQ(p.status, 400);
  EXPECT_EQ(p.json().at("code"), "invalid_utf8");
  auto q = c.get("/api/v1/users?q=%C0%AF", admin_);
  EXPECT_EQ(q.status, 400);
  EXPECT_EQ(q.json().at("code"), "invalid_utf8");
}

TEST_F(BadInputTest, UnknownCodesAndIds) {
  auto c = server_->client();
  EXPECT_EQ(c.get("/api/v1/regions/000000000", admin_).status, 404);
  EXPECT_EQ(c.get("/api/v1/regions/000000000/children", admin_).status, 404);
  EXPECT_EQ(c.get("/api/v1/users/987654", admin_).status, 404);
  EXPECT_EQ(c.get("/api/v1/users/abc", admin_).status, 404);
  EXPECT_EQ(c.get("/api/v1/audit?limit=0", admin_).status, 400);
  EXPECT_EQ(c.get("/api/v1/audit?from=yesterday", admin_).status, 400);
}

TEST_F(BadInputTest, MalformedHttpIsRejected) {
  Client c(server_->port());
  auto r = c.raw("THIS IS NOT HTTP\r\n\r\n");
  EXPECT_TRUE(r.status == 400 || r.status == 0) << r.status;
  Client c2(server_->port());
  auto r2 = c2.raw("GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n");
  EXPECT_TRUE(r2.status == 400 || r2.status == 0) << r2.status;
}

// A phone uploading over a slow uplink: the body takes many times read_timeout (700 ms
// here) but its bytes keep coming, so it is read to the end and answered. A body that
// falls silent, or dribbles below 2 KB/s, is cut off (the next test).
TEST_F(BadInputTest, ASlowBodyThatKeepsComingIsReadToTheEnd) {
  Client c(server_->port());
  std::string body = "{\"username\":\"nobody-slow\",\"password\":\"x\"" + std::string(24 * 1024, ' ') + "}";
  ASSERT_TRUE(
      c.send_bytes("POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                   "Content-Length: " +
                   std::to_string(body.size()) + "\r\n\r\n"));
  auto start = std::chrono::steady_clock::now();
  for (std::size_t at = 0; at < body.size(); at += 1024) {  // 1 KB every 200 ms: 5 KB/s, for about 5 s
    ASSERT_TRUE(c.send_bytes(body.substr(at, 1024))) << "cut off after " << at << " bytes";
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  EXPECT_GT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  auto r = c.read_response();
  ASSERT_TRUE(r.has_value()) << "no answer to a slow but steady body";
  EXPECT_EQ(r->status, 401) << r->body;
}

TEST_F(BadInputTest, ABodyDribbledBelowTheMinimumRateIsCutOff) {
  Client c(server_->port());
  ASSERT_TRUE(
      c.send_bytes("POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                   "Content-Length: 100000\r\n\r\n{"));
  auto start = std::chrono::steady_clock::now();
  bool cut = false;
  for (int i = 0; i < 60 && !cut; ++i) {  // 10 bytes every 100 ms: 100 B/s
    if (!c.send_bytes(std::string(10, ' '))) break;
    cut = c.closed_by_peer(100);
  }
  if (!cut) cut = c.closed_by_peer(2000);
  EXPECT_TRUE(cut) << "the server kept a dribbling body open";
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST_F(BadInputTest, SlowlorisIsCutOff) {
  Client c(server_->port());
  auto start = std::chrono::steady_clock::now();
  // Dribble a header one byte at a time, never finishing it.
  std::string partial = "GET /api/v1/regions/440404104 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
  bool cut = false;
  for (int i = 0; i < 40 && !cut; ++i) {
    if (!c.send_bytes(std::string(1, partial[static_cast<std::size_t>(i) % partial.size()]))) {
      cut = true;
      break;
    }
    cut = c.closed_by_peer(100);
  }
  if (!cut) cut = c.closed_by_peer(2000);
  EXPECT_TRUE(cut) << "the server kept a dribbling connection open";
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_LT(elapsed, std::chrono::seconds(5));
  // Meanwhile and afterwards, others are served.
  auto other = server_->client();
  EXPECT_EQ(other.get("/healthz").status, 200);
}

}  // namespace
}  // namespace wangge::testing
