// PostgreSQL backend: read replicas (PgReplicas in postgres_impl.h) and the reads routed to
// them.
#include <pthread.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <deque>
#include <stdexcept>

#include "core/storage/postgres_impl.h"

namespace wangge::storage::pg_impl {
namespace {

// "16/B374D848" -> 0x16B374D848; 0 for anything else.
std::uint64_t parse_lsn(const std::string& text) {
  auto slash = text.find('/');
  if (slash == std::string::npos) return 0;
  try {
    return (std::stoull(text.substr(0, slash), nullptr, 16) << 32) | std::stoull(text.substr(slash + 1), nullptr, 16);
  } catch (const std::exception&) {
    return 0;
  }
}

std::string cell(PGconn* c, const std::string& sql) {
  std::string out;
  if (!run_simple(c, sql, &out)) throw std::runtime_error(PQerrorMessage(c));
  return out;
}

}  // namespace

PgReplicas::PgReplicas(const std::string& primary_url, const std::vector<std::string>& urls, int max_lag_ms)
    : primary_url_(primary_url), max_lag_ms_(max_lag_ms) {
  // Refused at start: a replica URL that reaches a primary (the primary itself, or a
  // promoted server), or a standby of another cluster.
  PGconn* primary = open_side_connection(primary_url);
  if (!primary) throw std::runtime_error("cannot reach the primary to check the replicas");
  std::string system;
  try {
    system = cell(primary, "SELECT system_identifier FROM pg_control_system()");
  } catch (...) {
    PQfinish(primary);
    throw;
  }
  PQfinish(primary);
  for (const auto& url : urls) {
    PGconn* c = open_side_connection(url);
    if (!c) throw std::runtime_error("cannot reach the replica " + url);
    std::string recovery, other;
    try {
      recovery = cell(c, "SELECT pg_is_in_recovery()");
      other = cell(c, "SELECT system_identifier FROM pg_control_system()");
    } catch (...) {
      PQfinish(c);
      throw;
    }
    PQfinish(c);
    if (recovery != "t")
      throw std::runtime_error("the replica " + url + " is not a standby (it accepts writes: is it the primary?)");
    if (other != system)
      throw std::runtime_error("the replica " + url + " is a standby of another PostgreSQL cluster than the primary");
    auto r = std::make_unique<Replica>();
    r->url = url;
    replicas_.push_back(std::move(r));
  }
  thread_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "wg-pg-replicas");
    monitor();
  });
}

PgReplicas::~PgReplicas() {
  stop_ = true;
  thread_.join();
  for (auto& r : replicas_) {
    if (r->probe) PQfinish(r->probe);
  }
}

void PgReplicas::monitor() {
  using Clock = std::chrono::steady_clock;
  PGconn* primary = nullptr;
  std::deque<std::pair<Clock::time_point, std::uint64_t>> samples;  // the primary's WAL positions
  const auto max_lag = std::chrono::milliseconds(max_lag_ms_);
  while (!stop_) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto now = Clock::now();
    // Where the primary's WAL was max_lag ago: a usable replica has replayed that far.
    std::uint64_t due = 0;
    bool known = false;
    try {
      if (!primary) primary = open_side_connection(primary_url_);
      if (!primary) throw std::runtime_error("primary unreachable");
      samples.emplace_back(now, parse_lsn(cell(primary, "SELECT pg_current_wal_lsn()::text")));
      while (samples.size() > 1 && samples[1].first <= now - max_lag) samples.pop_front();
      due = samples.front().second;  // the newest sample at least max_lag old (or the oldest)
      known = samples.front().first <= now - max_lag;
    } catch (const std::exception&) {
      if (primary) PQfinish(primary);
      primary = nullptr;
      samples.clear();
    }
    for (auto& r : replicas_) {
      bool usable = false;
      if (known) {
        try {
          if (!r->probe) r->probe = open_side_connection(r->url);
          if (!r->probe) throw std::runtime_error("unreachable");
          std::string state = cell(r->probe,
                                   "SELECT pg_is_in_recovery()::text || ' ' || "
                                   "COALESCE(pg_last_wal_replay_lsn()::text, '0/0')");
          usable = state.rfind("true ", 0) == 0 && parse_lsn(state.substr(5)) >= due;
        } catch (const std::exception&) {
          if (r->probe) PQfinish(r->probe);
          r->probe = nullptr;
        }
      }
      if (r->usable.exchange(usable) != usable)
        spdlog::info("replica {}: {}", r->url, usable ? "serving reads" : "not serving reads (lag, or unreachable)");
      if (!usable) {
        std::lock_guard lock(r->mu);
        r->idle.clear();
      }
    }
  }
  if (primary) PQfinish(primary);
}

std::optional<PgReplicas::Lent> PgReplicas::acquire() {
  const std::size_t n = replicas_.size();
  const std::size_t first = next_++;
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t k = (first + i) % n;
    Replica& r = *replicas_[k];
    if (!r.usable) continue;
    {
      std::lock_guard lock(r.mu);
      if (!r.idle.empty()) {
        Lent lent{std::move(r.idle.back()), k};
        r.idle.pop_back();
        return lent;
      }
    }
    try {
      return Lent{std::make_unique<PgConnection>(r.url), k};
    } catch (const DbError&) {
      r.usable = false;  // the monitor decides again within 100 ms
    }
  }
  return std::nullopt;
}

void PgReplicas::release(Lent lent) {
  Replica& r = *replicas_[lent.replica];
  std::lock_guard lock(r.mu);
  if (!lent.conn->healthy()) {
    r.idle.clear();
    return;
  }
  if (r.usable && r.idle.size() < 64) r.idle.push_back(std::move(lent.conn));
}

std::int64_t PgReplicas::usable() const {
  std::int64_t n = 0;
  for (const auto& r : replicas_) n += r->usable ? 1 : 0;
  return n;
}

bool PgDatabase::read_on_replica(const std::function<void(Tx&)>& fn) {
  if (!replicas_ || !ReplicaReads::active()) return false;
  auto lent = replicas_->acquire();
  if (!lent) return false;
  ++replica_reads_;  // counted whatever fn finds (a 404 read there is one too)
  PgTx tx(*lent->conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  try {
    tx.run(fn);
  } catch (...) {
    replicas_->release(std::move(*lent));
    throw;
  }
  replicas_->release(std::move(*lent));
  return true;
}

}  // namespace wangge::storage::pg_impl
