// SQLite backend: WAL, one writer thread that group-commits, a syncer thread that makes
// the commits durable (fdatasync of the WAL) while the writer runs the next batch, and a
// capped pool of read connections (WAL readers never block the writer nor each other).
#include <sqlite3.h>

#include <pthread.h>
#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <future>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "core/storage/database.h"
#include "core/storage/sqlite_impl.h"
#include "core/storage/sqlite_page_cache.h"

namespace wangge::storage {
namespace sqlite_impl {

SqliteDatabase::SqliteDatabase(std::string path, const Options& options)
    : path_(std::move(path)),
      options_(options),
      max_readers_(options.sqlite_readers > 0
                       ? options.sqlite_readers
                       : std::max(8, 4 * static_cast<int>(std::thread::hardware_concurrency()))) {
  writer_conn_ = std::make_unique<Connection>(path_, true, options_.busy_timeout_ms);
  writer_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "wg-sqlite-write");
    writer_loop();
  });
  syncer_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "wg-sqlite-sync");
    sync_loop();
  });
  checkpointer_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "wg-checkpoint");
    checkpoint_loop();
  });
}

SqliteDatabase::~SqliteDatabase() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  cv_checkpoint_.notify_all();
  writer_.join();  // the writer hands its last commits to the syncer, which drains them
  {
    std::lock_guard lock(sync_mu_);
    sync_stopping_ = true;
  }
  sync_cv_.notify_all();
  syncer_.join();
  checkpointer_.join();
  if (wal_fd_ >= 0) ::close(wal_fd_);
  try {
    writer_conn_->exec_script("PRAGMA wal_checkpoint(TRUNCATE)");
  } catch (const std::exception&) {
  }
}

void SqliteDatabase::read(const std::function<void(Tx&)>& fn) {
  // The connection this thread holds, per database (keyed by a process-unique id that is
  // never reused): a read nested in a read on this thread uses it, and its snapshot.
  thread_local std::unordered_map<std::uint64_t, Connection*> held;
  if (auto it = held.find(id_); it != held.end()) {
    SqliteTx tx(*it->second);
    fn(tx);
    return;
  }
  Connection& conn = acquire_reader();
  held.emplace(id_, &conn);
  struct Release {
    SqliteDatabase* db;
    Connection& conn;
    std::unordered_map<std::uint64_t, Connection*>& held;
    ~Release() {
      held.erase(db->id_);
      db->release_reader(conn);
    }
  } release{this, conn, held};
  SqliteTx tx(conn);
  conn.exec("BEGIN", {});
  try {
    fn(tx);
    tx.flush();
  } catch (...) {
    conn.exec("ROLLBACK", {});
    throw;
  }
  conn.exec("COMMIT", {});
}

void SqliteDatabase::write(const std::function<void(Tx&)>& fn) {
  Job job{&fn, {}};
  std::future<void> done = job.promise.get_future();
  {
    std::lock_guard lock(mu_);
    queue_.push_back(&job);
  }
  cv_.notify_one();
  done.get();
}

void SqliteDatabase::write_async(std::function<void(Tx&)> fn, std::function<void(std::exception_ptr)> done) {
  {
    std::lock_guard lock(mu_);
    queue_.push_back(WriteJob::async(std::move(fn), std::move(done)));  // deleted by Job::finish()
  }
  cv_.notify_one();
}

void SqliteDatabase::bulk(const std::function<void(Tx&)>& fn) {
  // Runs on the writer thread as a batch of its own so it is serialised with other writes.
  write_exclusive(fn);
}

Stats SqliteDatabase::stats() const {
  std::lock_guard lock(mu_);
  Stats s;
  s.write_queue_depth = static_cast<std::int64_t>(queue_.size());
  s.commits = commits_;
  s.writes = writes_;
  s.exec_seconds = exec_seconds_;
  s.commit_seconds = commit_seconds_;
  {
    std::lock_guard readers_lock(readers_mu_);
    s.read_connections = static_cast<std::int64_t>(readers_.size());
  }
  std::lock_guard sync_lock(sync_mu_);
  s.syncs = syncs_;
  s.sync_seconds = sync_seconds_;
  return s;
}

void SqliteDatabase::write_exclusive(const std::function<void(Tx&)>& fn) {
  Job job{&fn, {}, true};
  std::future<void> done = job.promise.get_future();
  {
    std::lock_guard lock(mu_);
    queue_.push_back(&job);
  }
  cv_.notify_one();
  done.get();
}

// A read connection for one read: the most recently returned idle one (its cache is the
// warmest), a new one while fewer than the cap are open, or else the next one returned.
// The cap bounds the readers' memory (each keeps an 8 MiB page cache and its prepared
// statements) however many threads read at once: the HTTP worker pool has 256.
Connection& SqliteDatabase::acquire_reader() {
  std::unique_lock lock(readers_mu_);
  cv_reader_.wait(lock, [&] { return !idle_readers_.empty() || opened_readers_ < max_readers_; });
  if (!idle_readers_.empty()) {
    Connection* c = idle_readers_.back();
    idle_readers_.pop_back();
    return *c;
  }
  ++opened_readers_;
  lock.unlock();
  std::unique_ptr<Connection> conn;
  try {
    conn = std::make_unique<Connection>(path_, false, options_.busy_timeout_ms);
  } catch (...) {
    lock.lock();
    --opened_readers_;
    cv_reader_.notify_one();
    throw;
  }
  Connection* raw = conn.get();
  lock.lock();
  readers_.push_back(std::move(conn));
  return *raw;
}

void SqliteDatabase::release_reader(Connection& conn) {
  {
    std::lock_guard lock(readers_mu_);
    idle_readers_.push_back(&conn);
  }
  cv_reader_.notify_one();
}

// Copies committed WAL frames back into the database file every 100 ms while writes
// arrive (PASSIVE: never blocks the writer or readers), so that commits only append to
// the WAL and its fsync is the one a write waits for.
void SqliteDatabase::checkpoint_loop() {
  Connection conn(path_, false, options_.busy_timeout_ms);
  conn.exec_script("PRAGMA query_only=OFF");
  std::int64_t seen = -1;
  std::unique_lock lock(mu_);
  while (!stopping_) {
    cv_checkpoint_.wait_for(lock, std::chrono::milliseconds(100));
    if (stopping_ || commits_ == seen) continue;
    seen = commits_;
    lock.unlock();
    try {
      conn.exec_script("PRAGMA wal_checkpoint(PASSIVE)");
    } catch (const std::exception&) {
      // busy: try again next round
    }
    lock.lock();
  }
}

namespace {

// One node on a SQLite file: it always leads.
class SingleNodeLease final : public Lease {
 public:
  bool held() override { return true; }
};

}  // namespace

std::unique_ptr<Lease> SqliteDatabase::try_lead(std::string_view /*name*/) {
  return std::make_unique<SingleNodeLease>();
}

}  // namespace sqlite_impl

std::unique_ptr<Database> open_sqlite(const std::string& path, const Options& options) {
  // Before SQLite initialises: no global memory statistics (a process-wide mutex taken on
  // every allocation, contended by concurrent readers), and the page-cache layer that keeps
  // a commit from walking the whole cache (sqlite_page_cache.h).
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    if (!install_sqlite_page_cache())
      std::fprintf(stderr, "sqlite: initialised before the page-cache layer; commits run slower\n");
    return true;
  }();
  (void)configured;
  return std::make_unique<sqlite_impl::SqliteDatabase>(path, options);
}

}  // namespace wangge::storage
