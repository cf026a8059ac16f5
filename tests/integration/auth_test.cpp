// Login, sessions, lockout, password policy and change, through HTTP.
#include <gtest/gtest.h>

#include "integration/harness.h"

namespace wangge::testing {
namespace {

class AuthTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new TestServer(); }
  static void TearDownTestSuite() { delete server_; }
  static TestServer* server_;
};
TestServer* AuthTest::server_ = nullptr;

boost::json::object creds(const std::string& u, const std::string& p) {
  return {{"username", u}, {"password", p}};
}

TEST_F(AuthTest, LoginReturnsTokenAndHttpOnlyCookie) {
  auto c = server_->client();
  auto r = c.send_json("POST", "/api/v1/auth/login", creds("gridworker", kDemoPassword));
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = r.json();
  std::string token(j.at("token").as_string());
  EXPECT_GE(token.size(), 40u);
  EXPECT_FALSE(j.at("expires_at").as_string().empty());
  EXPECT_EQ(j.at("user").at("username"), "gridworker");
  auto cookie = r.header("set-cookie");
  EXPECT_NE(cookie.find("wangge_session=" + token), std::string::npos);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos);
  // The cookie alone authenticates (the web app's way).
  auto me = c.request("GET", "/api/v1/auth/me", {}, {{"Cookie", "lang=zh; wangge_session=" + token}});
  EXPECT_EQ(me.status, 200);
  EXPECT_EQ(me.json().at("grants").as_array().at(0).at("role"), "grid_worker");
}

TEST_F(AuthTest, WrongPasswordAndUnknownUserLookAlike) {
  auto c = server_->client();
  auto a = c.send_json("POST", "/api/v1/auth/login", creds("resident", "Wrong#pass1"));
  auto b = c.send_json("POST", "/api/v1/auth/login", creds("nobody-here", "Wrong#pass1"));
  EXPECT_EQ(a.status, 401);
  EXPECT_EQ(b.status, 401);
  EXPECT_EQ(a.json().at("code"), "invalid_credentials");
  EXPECT_EQ(b.json().at("code"), "invalid_credentials");
}

TEST_F(AuthTest, FiveFailuresLockTheAccount) {
  auto c = server_->client();
  auto admin = server_->login("admin", kAdminPassword);
  auto created = c.send_json("POST", "/api/v1/users",
                             {{"username", "locky"}, {"display_name", "Locky"}, {"password", "Locky#2026"}}, admin);
  ASSERT_EQ(created.status, 201) << created.body;
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(c.send_json("POST", "/api/v1/auth/login", creds("locky", "nope-Nope1")).status, 401);
  }
  auto fifth = c.send_json("POST", "/api/v1/auth/login", creds("locky", "nope-Nope1"));
  EXPECT_EQ(fifth.status, 423);
  EXPECT_EQ(fifth.json().at("code"), "account_locked");
  // Even the right password is refused while locked.
  EXPECT_EQ(c.send_json("POST", "/api/v1/auth/login", creds("locky", "Locky#2026")).status, 423);
  // An administrator's password reset lifts the lock.
  auto id = created.json().at("id").as_int64();
  EXPECT_EQ(
      c.send_json("POST", "/api/v1/users/" + std::to_string(id) + "/password", {{"password", "Fresh#2026"}}, admin)
          .status,
      204);
  EXPECT_EQ(c.send_json("POST", "/api/v1/auth/login", creds("locky", "Fresh#2026")).status, 200);
  // The attempts are in the audit log.
  auto log = c.get("/api/v1/audit?actor=locky&action=accounts:session:login", admin);
  ASSERT_EQ(log.status, 200);
  int failed = 0, denied = 0, ok = 0;
  auto entries = log.json();
  for (const auto& e : entries.at("items").as_array()) {
    auto o = e.at("outcome").as_string();
    failed += o == "failed";
    denied += o == "denied";
    ok += o == "ok";
  }
  EXPECT_EQ(failed, 5);
  EXPECT_EQ(denied, 1);
  EXPECT_EQ(ok, 1);
}

TEST_F(AuthTest, LogoutRevokesTheToken) {
  auto c = server_->client();
  auto token = server_->login("volunteer");
  EXPECT_EQ(c.get("/api/v1/auth/me", token).status, 200);
  EXPECT_EQ(c.send_json("POST", "/api/v1/auth/logout", boost::json::object{}, token).status, 204);
  auto after = c.get("/api/v1/auth/me", token);
  EXPECT_EQ(after.status, 401);
  EXPECT_EQ(after.json().at("code"), "unauthorized");
  EXPECT_EQ(c.get("/api/v1/auth/me", "made-up-token").status, 401);
}

TEST_F(AuthTest, AdministratorRevokesAllSessionsOfAUser) {
  auto c = server_->client();
  auto admin = server_->login("admin", kAdminPassword);
  auto u = c.send_json("POST", "/api/v1/users",
                       {{"username", "phonelost"}, {"display_name", "P"}, {"password", "Phone#2026"}}, admin);
  ASSERT_EQ(u.status, 201);
  auto id = std::to_string(u.json().at("id").as_int64());
  auto t1 = server_->login("phonelost", "Phone#2026");
  auto t2 = server_->login("phonelost", "Phone#2026");
  auto r = c.request("DELETE", "/api/v1/users/" + id + "/sessions", {}, {{"Authorization", "Bearer " + admin}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("revoked"), 2);
  EXPECT_EQ(c.get("/api/v1/auth/me", t1).status, 401);
  EXPECT_EQ(c.get("/api/v1/auth/me", t2).status, 401);
  EXPECT_EQ(c.get("/api/v1/auth/me", admin).status, 200);
  EXPECT_EQ(c.request("DELETE", "/api/v1/users/999999/sessions", {}, {{"Authorization", "Bearer " + admin}}).status,
            404);
  // The user can log in again.
  EXPECT_EQ(c.send_json("POST", "/api/v1/auth/login", creds("phonelost", "Phone#2026")).status, 200);
}

TEST_F(AuthTest, PasswordPolicyAndChange) {
  auto c = server_->client();
  auto admin = server_->login("admin", kAdminPassword);
  for (const char* weak : {"short1A", "alllowercase", "lower123456", "ALLUPPER!!!!"}) {
    auto r =
        c.send_json("POST", "/api/v1/users", {{"username", "weak"}, {"display_name", "W"}, {"password", weak}}, admin);
    EXPECT_EQ(r.status, 422) << weak;
    EXPECT_EQ(r.json().at("code"), "weak_password") << weak;
    EXPECT_EQ(r.json().at("field"), "password");
  }
  ASSERT_EQ(c.send_json("POST", "/api/v1/users",
                        {{"username", "changer"}, {"display_name", "C"}, {"password", "Start#2026"}}, admin)
                .status,
            201);
  auto t1 = server_->login("changer", "Start#2026");
  auto t2 = server_->login("changer", "Start#2026");
  auto bad_old = c.send_json("POST", "/api/v1/auth/password",
                             {{"old_password", "Wrong#2026"}, {"new_password", "Next#20266"}}, t1);
  EXPECT_EQ(bad_old.status, 422);
  EXPECT_EQ(bad_old.json().at("field"), "old_password");
  auto weak =
      c.send_json("POST", "/api/v1/auth/password", {{"old_password", "Start#2026"}, {"new_password", "weak"}}, t1);
  EXPECT_EQ(weak.status, 422);
  EXPECT_EQ(weak.json().at("field"), "new_password");
  EXPECT_EQ(
      c.send_json("POST", "/api/v1/auth/password", {{"old_password", "Start#2026"}, {"new_password", "Next#20266"}}, t1)
          .status,
      204);
  EXPECT_EQ(c.get("/api/v1/auth/me", t1).status, 200);  // this session stays
  EXPECT_EQ(c.get("/api/v1/auth/me", t2).status, 401);  // the others end
  EXPECT_EQ(c.send_json("POST", "/api/v1/auth/login", creds("changer", "Start#2026")).status, 401);
  EXPECT_EQ(c.send_json("POST", "/api/v1/auth/login", creds("changer", "Next#20266")).status, 200);
}

TEST_F(AuthTest, DisabledUserCannotLogInAndLosesSessions) {
  auto c = server_->client();
  auto admin = server_->login("admin", kAdminPassword);
  auto u = c.send_json("POST", "/api/v1/users",
                       {{"username", "leaver"}, {"display_name", "L"}, {"password", "Leave#2026"}}, admin);
  ASSERT_EQ(u.status, 201);
  auto id = std::to_string(u.json().at("id").as_int64());
  auto t = server_->login("leaver", "Leave#2026");
  EXPECT_EQ(c.send_json("PATCH", "/api/v1/users/" + id, {{"disabled", true}}, admin).status, 200);
  EXPECT_EQ(c.get("/api/v1/auth/me", t).status, 401);
  auto r = c.send_json("POST", "/api/v1/auth/login", creds("leaver", "Leave#2026"));
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.json().at("code"), "account_disabled");
}

TEST_F(AuthTest, GrantsGiveScopeAndDuplicatesConflict) {
  auto c = server_->client();
  auto admin = server_->login("admin", kAdminPassword);
  auto u = c.send_json("POST", "/api/v1/users",
                       {{"username", "newworker"}, {"display_name", "N"}, {"password", "Worker#2026"}}, admin);
  ASSERT_EQ(u.status, 201);
  auto id = std::to_string(u.json().at("id").as_int64());
  auto t = server_->login("newworker", "Worker#2026");
  EXPECT_EQ(c.get("/api/v1/regions/440404104002001", t).status, 403);  // no grant yet
  auto g = c.send_json("POST", "/api/v1/users/" + id + "/grants",
                       {{"role", "grid_worker"}, {"region_code", "440404104002001"}}, admin);
  ASSERT_EQ(g.status, 201) << g.body;
  EXPECT_EQ(c.get("/api/v1/regions/440404104002001", t).status, 200);
  EXPECT_EQ(c.get("/api/v1/regions/440404104002002", t).status, 403);
  auto dup = c.send_json("POST", "/api/v1/users/" + id + "/grants",
                         {{"role", "grid_worker"}, {"region_code", "440404104002001"}}, admin);
  EXPECT_EQ(dup.status, 409);
  auto bad_role = c.send_json("POST", "/api/v1/users/" + id + "/grants",
                              {{"role", "king"}, {"region_code", "440404104002001"}}, admin);
  EXPECT_EQ(bad_role.status, 422);
  EXPECT_EQ(bad_role.json().at("field"), "role");
  auto gid = std::to_string(g.json().at("id").as_int64());
  EXPECT_EQ(
      c.request("DELETE", "/api/v1/users/" + id + "/grants/" + gid, {}, {{"Authorization", "Bearer " + admin}}).status,
      204);
  EXPECT_EQ(c.get("/api/v1/regions/440404104002001", t).status, 403);
}

}  // namespace
}  // namespace wangge::testing
