// Integration-test harness: a real wangge App serving HTTP on a loopback port, on the
// backend chosen by WANGGE_TEST_DATABASE (unset: a fresh SQLite file; a postgresql://
// URL: a fresh schema on that server, dropped afterwards), with the demo loaded; and a
// small blocking HTTP/1.1 client over POSIX sockets (no Beast in the tests).
#pragma once

#include <boost/json.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "app/app.h"

namespace wangge::testing {

inline constexpr const char* kAdminPassword = "Admin#2026test";
inline constexpr const char* kDemoPassword = "Wangge@2026";

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  boost::json::value json() const;  // parses body; null when it is not JSON
  std::string header(const std::string& lower) const {
    auto it = headers.find(lower);
    return it == headers.end() ? std::string() : it->second;
  }
};

// One keep-alive connection to 127.0.0.1:port.
class Client {
 public:
  explicit Client(std::uint16_t port);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  HttpResponse request(const std::string& method, const std::string& target, const std::string& body = {},
                       const std::vector<std::pair<std::string, std::string>>& headers = {});
  // JSON helpers with an optional bearer token.
  HttpResponse get(const std::string& target, const std::string& token = {});
  HttpResponse send_json(const std::string& method, const std::string& target, const boost::json::value& body,
                         const std::string& token = {});
  // Raw bytes, for malformed requests; reads one response (or returns status 0 when the
  // server closed the connection without one).
  HttpResponse raw(const std::string& bytes);
  bool send_bytes(const std::string& bytes);  // false when the peer has closed
  bool closed_by_peer(int timeout_ms);        // waits for EOF
  std::optional<HttpResponse> read_response();

 private:
  void connect_();
  int fd_ = -1;
  std::uint16_t port_;
  std::string buf_;
};

// A live-update stream (GET /api/v1/stream) held open on its own connection.
class StreamReader {
 public:
  StreamReader(std::uint16_t port, const std::string& token);
  ~StreamReader();
  StreamReader(const StreamReader&) = delete;
  StreamReader& operator=(const StreamReader&) = delete;
  // Reads until `needle` has arrived or `ms` have passed; whether it arrived.
  bool read_until(const std::string& needle, int ms);
  const std::string& text() const { return got_; }

 private:
  int fd_ = -1;
  std::string got_;
};

// Polls GET /api/v1/registry/imports/{id} until the job has finished; answers it.
boost::json::value wait_for_import(Client& c, std::int64_t id, const std::string& token);

// The database URL for a new test: a SQLite path under dir, or a fresh PostgreSQL schema.
struct TestDatabase {
  explicit TestDatabase(const std::string& dir);
  ~TestDatabase();
  std::string url;
  std::string schema;  // PostgreSQL only
  bool postgres = false;
};

// A running server with the demo. Shared by the tests of a suite (SetUpTestSuite).
class TestServer {
 public:
  explicit TestServer(Config overrides = {});
  // Another node on `first`'s database (PostgreSQL): its own data directory, caches and
  // listener, the same data key; the demo is already there.
  TestServer(TestServer& first, Config overrides);
  ~TestServer();
  std::uint16_t port() const { return port_; }
  App& app() { return *app_; }
  Client client() { return Client(port_); }
  const std::string& db_url() const { return db_url_; }
  // A point (lng, lat) inside the demo grid `code`: the mean of its (convex quad's) corners.
  std::pair<double, double> point_in_grid(const std::string& code);
  // Logs in and returns the token (asserts success).
  std::string login(const std::string& username, const std::string& password = kDemoPassword);

  std::string dir;

 private:
  std::unique_ptr<TestDatabase> db_;  // the first node's (null on another node)
  std::string db_url_;
  std::unique_ptr<App> app_;
  std::thread thread_;
  std::uint16_t port_ = 0;
};

// The text of a JSON string value (its JSON text for other values), for assertions.
inline std::string str(const boost::json::value& v) {
  return v.is_string() ? std::string(v.as_string()) : boost::json::serialize(v);
}

// A small valid PNG (size x size, RGB) whose pixels depend on `seed`: distinct seeds give
// distinct files (and hashes).
// noise: pixels from a pseudo-random sequence, so that the file hardly compresses (about
// 3 * size * size bytes).
std::string make_png(int seed, int size = 8, bool noise = false);

// Percent-encodes everything but letters, digits and -._ (form and query values).
std::string url_encode(const std::string& s);

// A GB 11643 ID number: the 17 digits given and their check character.
std::string valid_id(const std::string& first17);
// A GB 32100 unified social credit code: the 17 characters given and their check character.
std::string credit_code(const std::string& first17);

// A fresh empty directory under /tmp.
std::string temp_dir(const std::string& prefix);
std::string source_dir();
std::string divisions_dir();
bool using_postgres();

}  // namespace wangge::testing
