// PostgreSQL backend through libpq: a pool of connections, one transaction per write
// (PostgreSQL's own WAL group commit batches the fsyncs of concurrent committers), SQL
// rewritten from `?` to `$n` placeholders once per statement text.
#include <pthread.h>
#include <future>
#include <mutex>

#include "core/storage/database.h"
#include "core/storage/postgres_impl.h"

namespace wangge::storage {
namespace pg_impl {

PgDatabase::PgDatabase(std::string url, Options options) : url_(std::move(url)), options_(std::move(options)) {
  auto first = std::make_unique<PgConnection>(url_);  // fail fast on a bad URL
  // Messages between nodes are scoped to the schema the deployment lives in (cluster.h).
  bus_.set_scope(first->exec("SELECT current_schema()", {}).one().str(0) + ".");
  release(std::move(first));
  if (!options_.replicas.empty())
    replicas_ = std::make_unique<PgReplicas>(url_, options_.replicas, options_.replica_max_lag_ms);
  for (int i = 0; i < options_.pg_writers; ++i) {
    writers_.emplace_back([this] {
      pthread_setname_np(pthread_self(), "wg-pg-write");
      writer_loop();
    });
  }
}

PgDatabase::~PgDatabase() {
  stop_listener();
  {
    std::lock_guard lock(queue_mu_);
    stopping_ = true;
  }
  queue_cv_.notify_all();
  for (auto& t : writers_) t.join();
}

void PgDatabase::read(const std::function<void(Tx&)>& fn) {
  if (read_on_replica(fn)) return;  // postgres_replicas.cpp
  run(fn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
}

// Group commit, as on SQLite: a few writer connections each take a batch of queued
// closures and run them in one transaction (one WAL flush). PostgreSQL has no cheap
// savepoints over the wire, so a batch runs without them; if any closure throws, the
// batch is rolled back and its closures are run again one transaction each, which
// gives every caller exactly its own outcome.
void PgDatabase::write(const std::function<void(Tx&)>& fn) {
  Job job{&fn, {}};
  std::future<void> done = job.promise.get_future();
  {
    std::lock_guard lock(queue_mu_);
    queue_.push_back(&job);
  }
  queue_cv_.notify_one();
  done.get();
}
// The same queue; the writer thread that commits (or fails) the job calls `done`.
void PgDatabase::write_async(std::function<void(Tx&)> fn, std::function<void(std::exception_ptr)> done) {
  {
    std::lock_guard lock(queue_mu_);
    queue_.push_back(WriteJob::async(std::move(fn), std::move(done)));  // deleted by Job::finish()
  }
  queue_cv_.notify_one();
}
void PgDatabase::bulk(const std::function<void(Tx&)>& fn) {
  run(fn, "BEGIN");
}

bool PgDatabase::ready() {
  try {
    bool primary = false;
    run([&](Tx& tx) { primary = tx.exec("SELECT NOT pg_is_in_recovery()").one().i64(0) == 1; },
        "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    return primary;
  } catch (const std::exception&) {
    return false;
  }
}

Stats PgDatabase::stats() const {
  std::lock_guard lock(mu_);
  Stats s;
  s.write_queue_depth = writes_in_flight_;
  s.commits = commits_;
  s.writes = writes_;
  s.read_connections = static_cast<std::int64_t>(idle_.size());
  s.replica_reads = replica_reads_;
  s.replicas_usable = replicas_ ? replicas_->usable() : 0;
  return s;
}

std::string PgDatabase::describe() const {
  // Drop any password: postgresql://user:secret@host/db -> postgresql://user@host/db
  std::string out = url_;
  auto scheme = out.find("://");
  auto at = out.find('@');
  if (scheme != std::string::npos && at != std::string::npos) {
    auto colon = out.find(':', scheme + 3);
    if (colon != std::string::npos && colon < at) out.erase(colon, at - colon);
  }
  return out;
}

void PgDatabase::run(const std::function<void(Tx&)>& fn, const char* begin) {
  std::unique_ptr<PgConnection> conn = acquire();
  // bulk() writes (and may notify); reads may not.
  PgTx tx(*conn, begin, std::string_view(begin) == "BEGIN" ? &bus_ : nullptr);
  try {
    tx.run(fn);
  } catch (...) {
    release(std::move(conn));  // kept if healthy; if not, the idle ones go too
    throw;
  }
  release(std::move(conn));
}

std::unique_ptr<PgConnection> PgDatabase::acquire() {
  {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      return c;
    }
  }
  return std::make_unique<PgConnection>(url_);
}

void PgDatabase::release(std::unique_ptr<PgConnection> c) {
  std::lock_guard lock(mu_);
  if (!c->healthy()) {
    // One connection lost: the others to that server most likely too (a failover, a
    // restart). Dropped now, so that the next requests connect afresh rather than each
    // find a dead connection first.
    idle_.clear();
    return;
  }
  if (static_cast<int>(idle_.size()) < options_.read_pool * 4) idle_.push_back(std::move(c));
}

}  // namespace pg_impl

std::unique_ptr<Database> open_postgres(const std::string& url, const Options& options) {
  return std::make_unique<pg_impl::PgDatabase>(url, options);
}

}  // namespace wangge::storage
