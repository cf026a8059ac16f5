// PostgreSQL backend: what several nodes on one database share (cluster.h). LISTEN on a
// connection of the node's own (PgListener), and leadership as a session advisory lock on
// a connection of the lease's own (PgLease).
#include <poll.h>
#include <pthread.h>

#include <chrono>
#include <map>
#include <set>
#include <string>

#include "core/storage/postgres_impl.h"

namespace wangge::storage::pg_impl {

// Settings of the listener's and the leases' connections: a peer that vanishes without
// closing (a dead machine, a cut cable) is noticed by both ends within about 15 seconds
// (libpq's keepalives on our side; the server's on its side, so that it frees the lock).
PGconn* open_side_connection(const std::string& url) {
  const char* keys[] = {"dbname", "keepalives", "keepalives_idle", "keepalives_interval", "keepalives_count", nullptr};
  const char* values[] = {url.c_str(), "1", "5", "2", "3", nullptr};
  PGconn* c = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  if (PQstatus(c) != CONNECTION_OK) {
    PQfinish(c);
    return nullptr;
  }
  for (const char* sql : {"SET tcp_keepalives_idle = 5", "SET tcp_keepalives_interval = 2",
                          "SET tcp_keepalives_count = 3", "SET client_min_messages = warning"}) {
    PGresult* r = PQexec(c, sql);
    PQclear(r);
  }
  return c;
}

// Runs one statement without parameters; whether it succeeded, and the first cell.
bool run_simple(PGconn* c, const std::string& sql, std::string* first_cell) {
  PGresult* r = PQexec(c, sql.c_str());
  ExecStatusType st = PQresultStatus(r);
  bool ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
  if (ok && first_cell && PQntuples(r) > 0) *first_cell = PQgetvalue(r, 0, 0);
  PQclear(r);
  return ok;
}

namespace {

class PgLease final : public Lease {
 public:
  explicit PgLease(PGconn* c) : conn_(c) {}
  ~PgLease() override { PQfinish(conn_); }  // closing the session releases the lock
  PgLease(const PgLease&) = delete;
  PgLease& operator=(const PgLease&) = delete;

  bool held() override {
    if (lost_) return false;
    lost_ = PQstatus(conn_) != CONNECTION_OK || !run_simple(conn_, "SELECT 1");
    return !lost_;
  }

 private:
  PGconn* conn_;
  bool lost_ = false;
};

// A channel name as an SQL identifier (schema names may hold any character).
std::string quoted(const std::string& channel) {
  std::string out = "\"";
  for (char c : channel) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

std::vector<std::array<std::string, 2>> merge_notes(const std::string& prefix,
                                                    const std::vector<std::array<std::string, 2>>& notes) {
  constexpr std::size_t kMaxBytes = 7000;
  std::vector<std::array<std::string, 2>> out;
  if (notes.empty()) return out;
  std::map<std::string, std::pair<std::set<std::string, std::less<>>, std::vector<std::string>>> by_channel;
  std::vector<std::string> order;
  for (const auto& [channel, payload] : notes) {
    auto [it, fresh] = by_channel.try_emplace(channel);
    if (fresh) order.push_back(channel);
    for (auto token : payload_tokens(payload)) {
      if (it->second.first.insert(std::string(token)).second) it->second.second.emplace_back(token);
    }
  }
  for (const auto& channel : order) {
    std::string msg = prefix;
    for (const auto& token : by_channel[channel].second) {
      if (msg.size() > prefix.size() && msg.size() + 1 + token.size() > kMaxBytes) {
        out.push_back({channel, std::exchange(msg, prefix)});
      }
      if (msg.size() > prefix.size()) msg += ',';
      msg += token;
    }
    out.push_back({channel, std::move(msg)});
  }
  return out;
}

PgListener::PgListener(std::string url, const Bus& bus) : url_(std::move(url)), bus_(bus) {
  thread_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "wg-pg-listen");
    loop();
  });
}

PgListener::~PgListener() {
  stop_ = true;
  thread_.join();
  if (conn_) PQfinish(conn_);
}

void PgListener::loop() {
  bool first = true, resync = false;
  int backoff_ms = 100;
  while (!stop_) {
    if (!conn_) {
      if (!connect()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(backoff_ms));
        backoff_ms = std::min(backoff_ms * 2, 2000);
        continue;
      }
      backoff_ms = 100;
      resync = !first;  // whatever was sent meanwhile is lost
      first = false;
    }
    // A resync that failed (the database still unreachable for the handlers' reads) is
    // tried again each time round, every 250 ms at most.
    if (bus_.take_resync_need()) resync = true;
    if (resync) resync = !bus_.resync();
    if (listened_ != bus_.generation() && !listen_all()) {
      PQfinish(conn_);
      conn_ = nullptr;
      continue;
    }
    if (!wait_and_deliver()) {
      PQfinish(conn_);
      conn_ = nullptr;
    }
  }
}

bool PgListener::connect() {
  conn_ = open_side_connection(url_);
  if (!conn_) return false;
  listened_ = 0;
  if (listen_all()) return true;
  PQfinish(conn_);
  conn_ = nullptr;
  return false;
}

bool PgListener::listen_all() {
  std::uint64_t generation = bus_.generation();
  for (const auto& ch : bus_.channels()) {
    if (!run_simple(conn_, "LISTEN " + quoted(bus_.scoped(ch)))) return false;
  }
  listened_ = generation;
  return true;
}

bool PgListener::wait_and_deliver() {
  pollfd p{PQsocket(conn_), POLLIN, 0};
  if (p.fd < 0) return false;
  int n = ::poll(&p, 1, 250);
  if (n < 0) return errno == EINTR;
  if (n > 0 && PQconsumeInput(conn_) != 1) return false;
  while (PGnotify* note = PQnotifies(conn_)) {
    bus_.deliver(note->relname, note->extra);
    PQfreemem(note);
  }
  return PQstatus(conn_) == CONNECTION_OK;
}

void PgDatabase::subscribe(std::string_view channel, Bus::Handler fn) {
  bus_.subscribe(channel, std::move(fn));
  std::lock_guard lock(listener_mu_);
  if (!listener_) listener_ = std::make_unique<PgListener>(url_, bus_);
}

void PgDatabase::stop_listener() {
  std::lock_guard lock(listener_mu_);
  listener_.reset();
}

std::unique_ptr<Lease> PgDatabase::try_lead(std::string_view name) {
  PGconn* c = open_side_connection(url_);
  if (!c) return nullptr;
  std::string got;
  if (!run_simple(c, "SELECT pg_try_advisory_lock(" + std::to_string(lease_key(bus_.scoped(name))) + ")", &got) ||
      got != "t") {
    PQfinish(c);
    return nullptr;
  }
  return std::make_unique<PgLease>(c);
}

}  // namespace wangge::storage::pg_impl
