// Health, readiness, metrics and the OpenAPI document, through HTTP.
#include <gtest/gtest.h>

#include "integration/harness.h"

namespace wangge::testing {
namespace {

class SystemTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new TestServer(); }
  static void TearDownTestSuite() { delete server_; }
  static TestServer* server_;
};
TestServer* SystemTest::server_ = nullptr;

TEST_F(SystemTest, HealthAndReadiness) {
  auto c = server_->client();
  auto h = c.get("/healthz");
  EXPECT_EQ(h.status, 200);
  EXPECT_EQ(h.json().at("status"), "ok");
  auto r = c.get("/readyz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.json().at("status"), "ready");
}

TEST_F(SystemTest, MetricsCountRequestsPerRouteAndStatus) {
  auto c = server_->client();
  c.get("/api/v1/regions/440404104");  // 401 without a token
  auto token = server_->login("admin", kAdminPassword);
  c.get("/api/v1/regions/440404104", token);
  auto m = c.get("/metrics");
  EXPECT_EQ(m.status, 200);
  EXPECT_NE(m.header("content-type").find("text/plain"), std::string::npos);
  EXPECT_NE(m.body.find(R"(wangge_http_requests_total{method="GET",route="/api/v1/regions/{code}",status="401"})"),
            std::string::npos);
  EXPECT_NE(m.body.find(R"(wangge_http_requests_total{method="GET",route="/api/v1/regions/{code}",status="200"})"),
            std::string::npos);
  EXPECT_NE(m.body.find("wangge_http_request_duration_seconds_bucket{"), std::string::npos);
  EXPECT_NE(m.body.find("wangge_storage_write_queue "), std::string::npos);
  EXPECT_NE(m.body.find("wangge_territory_indexed_grids 72"), std::string::npos);
}

TEST_F(SystemTest, OpenApiDocumentsEveryRoute) {
  auto c = server_->client();
  auto r = c.get("/api/openapi.json");
  ASSERT_EQ(r.status, 200);
  auto doc = r.json();
  EXPECT_EQ(doc.at("openapi"), "3.1.0");
  const auto& paths = doc.at("paths").as_object();
  std::size_t n = 0;
  for (const auto& route : server_->app().router().routes()) {
    std::string method = route.method;
    for (auto& ch : method) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    auto it = paths.find(route.pattern);
    ASSERT_NE(it, paths.end()) << route.pattern << " is missing from the OpenAPI document";
    auto op = it->value().as_object().find(method);
    ASSERT_NE(op, it->value().as_object().end()) << route.method << " " << route.pattern << " is missing";
    EXPECT_FALSE(op->value().at("summary").as_string().empty());
    EXPECT_TRUE(op->value().as_object().contains("responses"));
    ++n;
  }
  EXPECT_GE(n, 25u);
}

TEST_F(SystemTest, UnknownApiRouteIsProblemJson) {
  auto c = server_->client();
  auto r = c.get("/api/v1/nope");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
  EXPECT_EQ(r.json().at("code"), "route_not_found");
  auto m = c.request("DELETE", "/api/v1/audit");
  EXPECT_EQ(m.status, 405);
  EXPECT_EQ(m.json().at("code"), "method_not_allowed");
}

}  // namespace
}  // namespace wangge::testing
