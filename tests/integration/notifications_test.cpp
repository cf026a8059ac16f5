// Notifications through the real server: the inbox, the live stream (SSE) and the signed
// webhook outbox with retries.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>

#include "integration/harness.h"
#include "notifications/notifications.h"

namespace wangge::testing {
namespace {

namespace json = boost::json;

// A one-thread HTTP receiver for webhooks: answers 500 to the first request, 200 after.
class Receiver {
 public:
  Receiver() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::listen(fd_, 8);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port = ntohs(a.sin_port);
    thread_ = std::thread([this] { loop(); });
  }
  ~Receiver() {
    stop_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }
  std::vector<std::string> requests() {
    std::lock_guard lock(mu_);
    return requests_;
  }
  std::uint16_t port = 0;

 private:
  void loop() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) continue;
      std::string req;
      char buf[4096];
      for (;;) {
        pollfd q{c, POLLIN, 0};
        if (::poll(&q, 1, 2000) <= 0) break;
        ssize_t n = ::recv(c, buf, sizeof buf, 0);
        if (n <= 0) break;
        req.append(buf, static_cast<std::size_t>(n));
        auto end = req.find("\r\n\r\n");
        if (end != std::string::npos) {
          auto cl = req.find("Content-Length: ");
          if (cl == std::string::npos) cl = req.find("content-length: ");
          std::size_t len = cl == std::string::npos ? 0 : std::stoul(req.substr(cl + 16));
          if (req.size() >= end + 4 + len) break;
        }
      }
      bool first;
      {
        std::lock_guard lock(mu_);
        first = requests_.empty();
        requests_.push_back(req);
      }
      std::string res = first ? "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                              : "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
      ::send(c, res.data(), res.size(), MSG_NOSIGNAL);
      ::close(c);
    }
  }
  int fd_ = -1;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::mutex mu_;
  std::vector<std::string> requests_;
};

std::string header_of(const std::string& req, const std::string& name) {
  auto pos = req.find(name + ": ");
  if (pos == std::string::npos) return {};
  pos += name.size() + 2;
  return req.substr(pos, req.find("\r\n", pos) - pos);
}

class NotificationsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    receiver_ = new Receiver();
    Config cfg;
    cfg.webhook_url = "http://127.0.0.1:" + std::to_string(receiver_->port) + "/hook";
    cfg.webhook_secret = "0123456789abcdef-secret";
    server_ = new TestServer(cfg);
  }
  static void TearDownTestSuite() {
    delete server_;
    delete receiver_;
  }
  static json::object report_body() {
    return {{"category", "0301"},
            {"description", "通知测试"},
            {"grid_code", "440404104001001"},
            {"address", "立新路 1 号"},
            {"source", "hotline"}};
  }
  static TestServer* server_;
  static Receiver* receiver_;
};
TestServer* NotificationsTest::server_ = nullptr;
Receiver* NotificationsTest::receiver_ = nullptr;

TEST_F(NotificationsTest, InboxTellsTheDepartmentAndTheReporter) {
  auto c = server_->client();
  auto dispatcher = server_->login("dispatcher"), handler = server_->login("handler");
  auto r = c.send_json("POST", "/api/v1/events", report_body(), dispatcher);
  ASSERT_EQ(r.status, 201) << r.body;
  std::int64_t id = r.json().at("id").as_int64();
  // The town's dispatcher hears of the new event (it handles community-level ones too).
  auto inbox = c.get("/api/v1/notifications?unread=true", dispatcher).json();
  bool told = false;
  for (const auto& n : inbox.at("items").as_array()) told |= n.at("event_id") == id && n.at("kind") == "event.report";
  EXPECT_TRUE(told);
  ASSERT_EQ(
      c.send_json("POST", "/api/v1/events/" + std::to_string(id) + "/accept", {{"version", 1}}, dispatcher).status,
      200);
  auto deps = c.get("/api/v1/departments?region=440404104001&kind=urban_management", dispatcher).json();
  std::int64_t dep = deps.at("items").at(0).at("id").as_int64();
  ASSERT_EQ(c.send_json("POST", "/api/v1/events/" + std::to_string(id) + "/dispatch",
                        {{"version", 2}, {"department_id", dep}}, dispatcher)
                .status,
            200);
  auto hin = c.get("/api/v1/notifications", handler).json();
  std::int64_t nid = 0;
  for (const auto& n : hin.at("items").as_array()) {
    if (n.at("event_id") == id && n.at("kind") == "event.dispatch") nid = n.at("id").as_int64();
  }
  ASSERT_GT(nid, 0);
  std::int64_t unread = hin.at("unread").as_int64();
  EXPECT_EQ(c.request("POST", "/api/v1/notifications/" + std::to_string(nid) + "/read", "",
                      {{"Authorization", "Bearer " + handler}})
                .status,
            204);
  EXPECT_EQ(c.get("/api/v1/notifications", handler).json().at("unread").as_int64(), unread - 1);
  // Nobody marks another's notification.
  EXPECT_EQ(c.request("POST", "/api/v1/notifications/" + std::to_string(nid) + "/read", "",
                      {{"Authorization", "Bearer " + dispatcher}})
                .status,
            404);
  EXPECT_EQ(c.request("POST", "/api/v1/notifications/read-all", "", {{"Authorization", "Bearer " + handler}}).status,
            204);
  EXPECT_EQ(c.get("/api/v1/notifications", handler).json().at("unread").as_int64(), 0);
}

TEST_F(NotificationsTest, StreamPushesChangesTheSubscriberMaySee) {
  auto dispatcher = server_->login("dispatcher");
  StreamReader stream(server_->port(), dispatcher);
  ASSERT_TRUE(stream.read_until("event: hello", 3000)) << stream.text();
  EXPECT_NE(stream.text().find("text/event-stream"), std::string::npos);
  auto c = server_->client();
  auto r = c.send_json("POST", "/api/v1/events", report_body(), dispatcher);
  ASSERT_EQ(r.status, 201);
  std::string id = std::to_string(r.json().at("id").as_int64());
  EXPECT_TRUE(stream.read_until("\"id\":" + id, 3000)) << stream.text();
}

TEST_F(NotificationsTest, WebhooksAreSignedRetriedAndDelivered) {
  auto c = server_->client();
  auto r = c.send_json("POST", "/api/v1/events", report_body(), server_->login("dispatcher"));
  ASSERT_EQ(r.status, 201);
  // The receiver answers the very first delivery with a 500; the worker retries that one
  // after its backoff (2 s) and succeeds.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  std::string failed;
  std::size_t retry = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    auto reqs = receiver_->requests();
    if (!reqs.empty()) failed = header_of(reqs[0], "X-Wangge-Delivery");
    for (std::size_t i = 1; i < reqs.size() && !retry; ++i) {
      if (header_of(reqs[i], "X-Wangge-Delivery") == failed) retry = i;
    }
    if (retry) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_GT(retry, 0u) << "no retry of delivery " << failed;
  auto reqs = receiver_->requests();
  const std::string& again = reqs[retry];
  std::string body = again.substr(again.find("\r\n\r\n") + 4);
  std::string ts = header_of(again, "X-Wangge-Timestamp");
  EXPECT_EQ(header_of(again, "X-Wangge-Signature"),
            "sha256=" + notifications::sign("0123456789abcdef-secret", ts, body));
  EXPECT_NE(body.find("\"kind\":\""), std::string::npos);
  // The event's own news is among the deliveries (the demo's must-read notices may come first).
  bool event_delivered = false;
  for (const auto& q : reqs) event_delivered = event_delivered || q.find("\"kind\":\"event.") != std::string::npos;
  EXPECT_TRUE(event_delivered);
  // Its outbox row is marked delivered after two attempts; every row is delivered in the end.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto row = server_->app().db().read_value<storage::Result>([&](storage::Tx& tx) {
    return tx.exec("SELECT attempts, delivered_at FROM outbox WHERE id = ?", {std::stoll(failed)});
  });
  ASSERT_FALSE(row.empty());
  EXPECT_EQ(row.one().i64(0), 2);
  EXPECT_FALSE(row.one().is_null(1));
  deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  std::int64_t pending = 1;
  while (pending > 0 && std::chrono::steady_clock::now() < deadline) {
    pending = server_->app().db().read_value<std::int64_t>(
        [](storage::Tx& tx) { return tx.exec("SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL").one().i64(0); });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(pending, 0);
}

}  // namespace
}  // namespace wangge::testing
