// Walks every route of the router with every role (and with no session) and checks the
// answer against the route's permission and the role's territory scope. A new route is
// covered automatically; one that forgets its checks fails here.
#include <gtest/gtest.h>

#include "core/auth.h"
#include "integration/harness.h"

namespace wangge::testing {
namespace {

struct Actor {
  std::string username;
  std::string role;
  std::string scope_code;  // a node inside the actor's scope
};

const std::vector<Actor> kActors = {
    {"admin", "admin", "440404104"},
    {"leader", "leader", "440404104"},
    {"dispatcher", "dispatcher", "440404104"},
    {"handler", "handler", "440404104"},
    {"gridchief", "grid_chief", "440404104001"},
    {"gridworker", "grid_worker", "440404104001001"},
    {"mediator", "mediator", "440404104"},
    {"volunteer", "volunteer", "440404104001"},
    {"partymember", "party_member", "440404104001"},
    {"windowclerk", "window_clerk", "440404104"},
    {"shopclerk", "shop_clerk", "440404104001"},
    {"secretary", "secretary", "440404104001"},
    {"resident", "resident", "440404104001001"},
};

// A node outside every demo role's scope (but not the administrator's).
constexpr const char* kOutside = "440404";

std::string fill(const std::string& pattern, const std::map<std::string, std::string>& values) {
  std::string out = pattern;
  for (const auto& [k, v] : values) {
    auto pos = out.find("{" + k + "}");
    if (pos != std::string::npos) out.replace(pos, k.size() + 2, v);
  }
  return out;
}

class AccessTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new TestServer(); }
  static void TearDownTestSuite() { delete server_; }
  static TestServer* server_;
};
TestServer* AccessTest::server_ = nullptr;

TEST_F(AccessTest, EveryRouteWithEveryRole) {
  auto c = server_->client();
  std::map<std::string, std::string> tokens;
  for (const auto& a : kActors)
    tokens[a.username] = server_->login(a.username, a.username == "admin" ? kAdminPassword : kDemoPassword);
  // {id} routes act on a user of their own: revoking an actor's sessions would end the walk.
  auto walk_user =
      c.send_json("POST", "/api/v1/users",
                  {{"username", "walktarget"}, {"display_name", "T"}, {"password", "Target#2026"}}, tokens["admin"]);
  ASSERT_EQ(walk_user.status, 201) << walk_user.body;
  std::string walk_user_id = std::to_string(walk_user.json().at("id").as_int64());

  int checked = 0;
  for (const auto& route : server_->app().router().routes()) {
    if (route.doc.api_key) continue;  // API-key routes (Open311): Open311Test checks their keys
    bool has_code = route.pattern.find("{code}") != std::string::npos;
    std::string query = route.pattern == "/api/v1/locate" ? "?lat=22.02&lng=113.17" : "";
    std::string body = (route.method == "POST" || route.method == "PATCH") ? "{}" : "";
    auto call = [&](const std::string& token, const std::string& code) {
      std::string target = fill(route.pattern, {{"code", code},
                                                {"id", walk_user_id},
                                                {"grant_id", "999999"},
                                                {"person_id", "999999"},
                                                {"volunteer_id", "999999"},
                                                {"tag_id", "999999"},
                                                {"hash", std::string(64, 'a')},
                                                {"tracking_code", "ZZZZZZZZZZ"}}) +
                           query;
      std::vector<std::pair<std::string, std::string>> h{{"Content-Type", "application/json"}};
      if (!token.empty()) h.emplace_back("Authorization", "Bearer " + token);
      return c.request(route.method, target, body, h);
    };
    std::string where = route.method + " " + route.pattern;
    if (route.doc.authenticated) {
      auto anon = call("", "440404104");
      EXPECT_EQ(anon.status, 401) << where << " without a session";
    }
    for (const auto& a : kActors) {
      std::string token = tokens[a.username];
      if (route.pattern == "/api/v1/auth/logout")
        token = server_->login(a.username, a.username == "admin" ? kAdminPassword : kDemoPassword);
      bool allowed = route.doc.permission.empty() || role_has(a.role, route.doc.permission);
      auto inside = call(token, a.scope_code);
      if (!allowed) {
        EXPECT_EQ(inside.status, 403) << where << " as " << a.role << ": " << inside.body;
        continue;
      }
      EXPECT_NE(inside.status, 401) << where << " as " << a.role << ": " << inside.body;
      EXPECT_NE(inside.status, 403) << where << " as " << a.role << " inside its scope: " << inside.body;
      if (has_code && a.role != "admin") {
        auto outside = call(token, kOutside);
        EXPECT_EQ(outside.status, 403) << where << " as " << a.role << " outside its scope: " << outside.body;
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 100);
  // Denials were audited.
  auto denied = c.get("/api/v1/audit?action=access:denied&limit=5", tokens["admin"]).json();
  EXPECT_FALSE(denied.at("items").as_array().empty());
}

TEST_F(AccessTest, GridWorkerSeesOnlyItsGrid) {
  auto c = server_->client();
  auto t = server_->login("gridworker");
  auto roots = c.get("/api/v1/regions", t).json().at("items").as_array();
  ASSERT_EQ(roots.size(), 1u);
  EXPECT_EQ(roots[0].at("code"), "440404104001001");
  EXPECT_EQ(c.get("/api/v1/regions/440404104001001/children", t).status, 200);
  EXPECT_EQ(c.get("/api/v1/regions/440404104001002", t).status, 403);
  EXPECT_EQ(c.get("/api/v1/regions/440404104001/geojson", t).status, 403);
  EXPECT_EQ(c.get("/api/v1/regions/440404104001/coverage", t).status, 403);
}

}  // namespace
}  // namespace wangge::testing
