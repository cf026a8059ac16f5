// SQLite backend: WAL, one writer thread that group-commits, a syncer thread that makes
// the commits durable (fdatasync of the WAL) while the writer runs the next batch, and a
// pool of read connections (WAL readers never block the writer nor each other).
#include <sqlite3.h>

#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <future>
#include <mutex>

#include <thread>
#include <unordered_map>

#include "core/storage/database.h"
#include "core/storage/sqlite_page_cache.h"
#include "core/storage/sqlite_wal_file.h"
#include "core/storage/write_job.h"

namespace wangge::storage {
namespace {

// The writer's page cache: 16 MiB, and 128 MiB while commits are bulk (an import's
// 10,000-row commits touch random pages of large indexes). A commit ends by truncating the
// cache to the database size; since the page-cache layer (sqlite_page_cache.h) that no
// longer walks the whole cache, but the small size also keeps the resident memory of a
// server that only takes events small.
constexpr const char* kWriterCache = "PRAGMA cache_size=-16384";       // 16 MiB
constexpr const char* kWriterBulkCache = "PRAGMA cache_size=-131072";  // 128 MiB
constexpr int kBulkCommitPages = 4096;                                 // a commit writing this many pages is bulk work
constexpr auto kBulkLinger = std::chrono::seconds(30);                 // large cache kept after the last one

DbError make_error(sqlite3* db, int rc, std::string_view context) {
  int ext = db ? sqlite3_extended_errcode(db) : rc;
  std::string msg = std::string(context) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  DbError::Kind kind = DbError::Kind::other;
  if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY) {
    kind = DbError::Kind::unique;
  } else if (ext == SQLITE_CONSTRAINT_FOREIGNKEY) {
    kind = DbError::Kind::foreign_key;
  } else if (ext == SQLITE_CONSTRAINT_CHECK || ext == SQLITE_CONSTRAINT_NOTNULL || ext == SQLITE_CONSTRAINT_TRIGGER) {
    kind = DbError::Kind::check;
  } else if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
    kind = DbError::Kind::busy;
  }
  return DbError(kind, msg);
}

// One connection with a cache of prepared statements keyed by SQL text.
class Connection {
 public:
  Connection(const std::string& path, bool writer, int busy_timeout_ms) {
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    // The writer appends to the WAL through the VFS that gathers a commit's frames into one
    // write (sqlite_wal_file.h); readers never write it.
    int rc = sqlite3_open_v2(path.c_str(), &db_, flags, writer ? sqlite_wal_vfs() : nullptr);
    if (rc != SQLITE_OK) {
      DbError err = make_error(db_, rc, "open " + path);
      sqlite3_close(db_);
      db_ = nullptr;
      throw err;
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, busy_timeout_ms);
    exec_script("PRAGMA foreign_keys=ON");
    if (writer) {
      exec_script("PRAGMA journal_mode=WAL");
      // Commits append to the WAL without an fsync; the syncer thread (SqliteDatabase::
      // sync_loop) fdatasyncs the WAL before any caller hears of its commit. NORMAL still
      // syncs the WAL before each checkpoint and the database after it.
      exec_script("PRAGMA synchronous=NORMAL");
      // A background thread checkpoints continuously (checkpoint_loop); the writer's own
      // checkpoint, after a commit that leaves the WAL past 65536 pages (256 MiB), is a
      // backstop. Lower, a bulk import's large commits each made the writer copy its frames
      // itself (an import of 1M persons: 5,000-row chunks 77.7 s with 8192, 62.8 s with 65536).
      exec_script("PRAGMA wal_autocheckpoint=65536");
    } else {
      exec_script("PRAGMA query_only=ON");
    }
    // Page cache per connection: 16 MiB for the writer to start with (it grows during bulk
    // work: SqliteDatabase::adapt_writer_cache), 8 MiB for each reader thread (the OS page
    // cache holds the file as well).
    exec_script(writer ? kWriterCache : "PRAGMA cache_size=-8192");
    // Statement and savepoint journals (each group-committed write runs in a savepoint)
    // in memory rather than in temporary files.
    exec_script("PRAGMA temp_store=MEMORY");
  }
  ~Connection() {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sqlite3* handle() const { return db_; }

  void exec_script(const std::string& sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string msg = err ? err : "";
      sqlite3_free(err);
      throw make_error(db_, rc, msg);
    }
  }

  Result exec(std::string_view sql, const std::vector<Value>& params) {
    sqlite3_stmt* stmt = prepare(sql);
    struct Reset {
      sqlite3_stmt* s;
      ~Reset() {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
      }
    } reset{stmt};
    int expected = sqlite3_bind_parameter_count(stmt);
    if (expected != static_cast<int>(params.size())) {
      throw DbError(DbError::Kind::other, "parameter count mismatch for: " + std::string(sql));
    }
    for (int i = 0; i < expected; ++i) bind(stmt, i + 1, params[static_cast<std::size_t>(i)]);
    Result result;
    int ncol = sqlite3_column_count(stmt);
    for (int c = 0; c < ncol; ++c) result.columns.emplace_back(sqlite3_column_name(stmt, c));
    for (;;) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) throw make_error(db_, rc, "step");
      std::vector<Value> row;
      row.reserve(static_cast<std::size_t>(ncol));
      for (int c = 0; c < ncol; ++c) row.push_back(column(stmt, c));
      result.rows.emplace_back(std::move(row));
    }
    result.changes = sqlite3_changes64(db_);
    return result;
  }

  std::int64_t last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

 private:
  sqlite3_stmt* prepare(std::string_view sql) {
    auto it = cache_.find(sql);
    if (it != cache_.end()) return it->second;
    sqlite3_stmt* stmt = nullptr;
    int rc =
        sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) throw make_error(db_, rc, "prepare: " + std::string(sql));
    if (cache_.size() > 512) {
      for (auto& [k, s] : cache_) sqlite3_finalize(s);
      cache_.clear();
    }
    cache_.emplace(std::string(sql), stmt);
    return stmt;
  }

  void bind(sqlite3_stmt* stmt, int i, const Value& v) {
    int rc = SQLITE_OK;
    if (std::holds_alternative<std::nullptr_t>(v)) {
      rc = sqlite3_bind_null(stmt, i);
    } else if (auto p = std::get_if<std::int64_t>(&v)) {
      rc = sqlite3_bind_int64(stmt, i, *p);
    } else if (auto d = std::get_if<double>(&v)) {
      rc = sqlite3_bind_double(stmt, i, *d);
    } else if (auto s = std::get_if<std::string>(&v)) {
      // Not copied (SQLITE_STATIC): exec() clears the bindings before `params` can go away.
      rc = sqlite3_bind_text64(stmt, i, s->data(), s->size(), SQLITE_STATIC, SQLITE_UTF8);
    } else if (auto b = std::get_if<Blob>(&v)) {
      rc = sqlite3_bind_blob64(stmt, i, b->bytes.data(), b->bytes.size(), SQLITE_STATIC);
    }
    if (rc != SQLITE_OK) throw make_error(db_, rc, "bind");
  }

  static Value column(sqlite3_stmt* stmt, int c) {
    switch (sqlite3_column_type(stmt, c)) {
      case SQLITE_INTEGER:
        return static_cast<std::int64_t>(sqlite3_column_int64(stmt, c));
      case SQLITE_FLOAT:
        return sqlite3_column_double(stmt, c);
      case SQLITE_TEXT: {
        auto p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
        return std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt, c)));
      }
      case SQLITE_BLOB: {
        auto p = static_cast<const char*>(sqlite3_column_blob(stmt, c));
        return Blob{std::string(p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(stmt, c)))};
      }
      default:
        return nullptr;
    }
  }

  sqlite3* db_ = nullptr;
  // Looked up by string_view (no copy of the SQL per statement).
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, sqlite3_stmt*, Hash, std::equal_to<>> cache_;

 public:
  int depth = 0;  // open read transactions on this connection (nesting)
};

class SqliteTx final : public Tx {
 public:
  explicit SqliteTx(Connection& c) : conn_(c) {}
  Result exec(std::string_view sql, const std::vector<Value>& params) override { return conn_.exec(sql, params); }
  std::int64_t insert_id(std::string_view sql, const std::vector<Value>& params) override {
    constexpr std::string_view kReturning = " RETURNING id";
    if (!sql.ends_with(kReturning))
      throw DbError(DbError::Kind::other, "insert_id without RETURNING id: " + std::string(sql));
    sql.remove_suffix(kReturning.size());
    if (conn_.exec(sql, params).changes != 1)
      throw DbError(DbError::Kind::other, "insert_id inserted no row: " + std::string(sql));
    return conn_.last_insert_rowid();
  }
  // Deferred rows (audit, timeline, inbox) are merged per statement and inserted by
  // flush(): one statement for many rows costs far less than a statement each.
  void insert_later(std::string_view sql, const std::vector<Value>& params) override { deferred_.add(sql, params); }
  void add_later(const CounterSpec& spec, std::vector<Value> key, const std::vector<std::int64_t>& deltas) override {
    deferred_.add_counters(spec, std::move(key), deltas);
  }
  Dialect dialect() const override { return Dialect::sqlite; }
  void flush() {
    if (deferred_.empty()) return;
    for (const auto& [sql, params] : deferred_.take()) conn_.exec(sql, params);
  }
  void discard() { deferred_.take(); }

 private:
  Connection& conn_;
  DeferredInserts deferred_;
};

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::string path, const Options& options) : path_(std::move(path)), options_(options) {
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

  ~SqliteDatabase() override {
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

  void read(const std::function<void(Tx&)>& fn) override {
    Connection& conn = reader();
    SqliteTx tx(conn);
    if (conn.depth > 0) {  // a read nested in a read on this thread: same snapshot
      fn(tx);
      return;
    }
    conn.exec("BEGIN", {});
    ++conn.depth;
    try {
      fn(tx);
      tx.flush();
    } catch (...) {
      --conn.depth;
      conn.exec("ROLLBACK", {});
      throw;
    }
    --conn.depth;
    conn.exec("COMMIT", {});
  }

  void write(const std::function<void(Tx&)>& fn) override {
    Job job{&fn, {}};
    std::future<void> done = job.promise.get_future();
    {
      std::lock_guard lock(mu_);
      queue_.push_back(&job);
    }
    cv_.notify_one();
    done.get();
  }

  void write_async(std::function<void(Tx&)> fn, std::function<void(std::exception_ptr)> done) override {
    {
      std::lock_guard lock(mu_);
      queue_.push_back(WriteJob::async(std::move(fn), std::move(done)));  // deleted by Job::finish()
    }
    cv_.notify_one();
  }
  bool async_writes() const override { return true; }

  void bulk(const std::function<void(Tx&)>& fn) override {
    // Runs on the writer thread as a batch of its own so it is serialised with other writes.
    write_exclusive(fn);
  }

  Stats stats() const override {
    std::lock_guard lock(mu_);
    Stats s;
    s.write_queue_depth = static_cast<std::int64_t>(queue_.size());
    s.commits = commits_;
    s.writes = writes_;
    s.read_connections = static_cast<std::int64_t>(readers_.size());
    s.exec_seconds = exec_seconds_;
    s.commit_seconds = commit_seconds_;
    std::lock_guard sync_lock(sync_mu_);
    s.syncs = syncs_;
    s.sync_seconds = sync_seconds_;
    return s;
  }

  Dialect dialect() const override { return Dialect::sqlite; }
  std::string describe() const override { return "sqlite:" + path_; }

 private:
  using Job = WriteJob;

  void write_exclusive(const std::function<void(Tx&)>& fn) {
    Job job{&fn, {}, true};
    std::future<void> done = job.promise.get_future();
    {
      std::lock_guard lock(mu_);
      queue_.push_back(&job);
    }
    cv_.notify_one();
    done.get();
  }

  // This thread's read connection: no lock on the hot path. Connections are owned by the
  // database (closed with it); the thread-local map only points at them, keyed by a
  // process-unique database id that is never reused.
  Connection& reader() {
    thread_local std::unordered_map<std::uint64_t, Connection*> mine;
    auto it = mine.find(id_);
    if (it != mine.end()) return *it->second;
    auto conn = std::make_unique<Connection>(path_, false, options_.busy_timeout_ms);
    Connection* raw = conn.get();
    {
      std::lock_guard lock(mu_);
      readers_.push_back(std::move(conn));
    }
    mine.emplace(id_, raw);
    return *raw;
  }

  // Copies committed WAL frames back into the database file every 100 ms while writes
  // arrive (PASSIVE: never blocks the writer or readers), so that commits only append to
  // the WAL and its fsync is the one a write waits for.
  void checkpoint_loop() {
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

  // Takes whatever is queued (up to max_batch), runs each closure in a savepoint inside one
  // transaction, commits once (one fsync), then wakes the callers.
  void writer_loop() {
    SqliteTx tx(*writer_conn_);
    for (;;) {
      std::vector<Job*> batch;
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty() && stopping_) return;
        if (queue_.front()->exclusive) {
          batch.push_back(queue_.front());
          queue_.pop_front();
        } else {
          while (!queue_.empty() && !queue_.front()->exclusive && static_cast<int>(batch.size()) < options_.max_batch) {
            batch.push_back(queue_.front());
            queue_.pop_front();
          }
        }
      }
      run_batch(tx, batch);
    }
  }

  // Optimistic first: the whole batch in one transaction without savepoints (a savepoint
  // journals every page a write touches first). If any closure throws, that attempt is
  // rolled back and the batch runs again with a savepoint per closure, which gives each
  // caller exactly its own outcome. Closures must therefore be re-runnable (they are: the
  // PostgreSQL backend relies on the same).
  void run_batch(SqliteTx& tx, std::vector<Job*>& batch) {
    if (batch.size() > 1 && run_batch_optimistic(tx, batch)) return;
    run_batch_isolated(tx, batch);
  }

  bool run_batch_optimistic(SqliteTx& tx, std::vector<Job*>& batch) {
    using Clock = std::chrono::steady_clock;
    auto t0 = Clock::now();
    try {
      writer_conn_->exec("BEGIN IMMEDIATE", {});
    } catch (...) {
      return false;
    }
    try {
      for (Job* j : batch) (*j->fn)(tx);
      tx.flush();
    } catch (...) {
      tx.discard();
      try {
        writer_conn_->exec("ROLLBACK", {});
      } catch (...) {
      }
      return false;
    }
    auto t1 = Clock::now();
    try {
      writer_conn_->exec("COMMIT", {});
    } catch (...) {
      try {
        writer_conn_->exec("ROLLBACK", {});
      } catch (...) {
      }
      return false;
    }
    count_commit(batch.size(), t0, t1, Clock::now());
    hand_to_syncer(batch, {});
    adapt_writer_cache();
    return true;
  }

  // Statistics of one commit: the writes in it, the time running them and committing.
  void count_commit(std::size_t writes, std::chrono::steady_clock::time_point t0,
                    std::chrono::steady_clock::time_point t1, std::chrono::steady_clock::time_point t2) {
    std::lock_guard lock(mu_);
    ++commits_;
    writes_ += static_cast<std::int64_t>(writes);
    exec_seconds_ += std::chrono::duration<double>(t1 - t0).count();
    commit_seconds_ += std::chrono::duration<double>(t2 - t1).count();
  }

  // After each commit: the large cache while commits are bulk (see kWriterCache), the
  // small one again once none has been for kBulkLinger. Only the writer thread calls it.
  void adapt_writer_cache() {
    int written = 0, highwater = 0;
    sqlite3_db_status(writer_conn_->handle(), SQLITE_DBSTATUS_CACHE_WRITE, &written, &highwater, 1);
    auto now = std::chrono::steady_clock::now();
    try {
      if (written >= kBulkCommitPages) {
        bulk_until_ = now + kBulkLinger;
        if (!bulk_cache_) writer_conn_->exec_script(kWriterBulkCache);
        bulk_cache_ = true;
      } else if (bulk_cache_ && now >= bulk_until_) {
        writer_conn_->exec_script(kWriterCache);
        bulk_cache_ = false;
      }
    } catch (const std::exception& e) {
      std::fprintf(stderr, "sqlite: resizing the writer's cache: %s\n", e.what());  // only a speed matter
    }
  }

  void run_batch_isolated(SqliteTx& tx, std::vector<Job*>& batch) {
    using Clock = std::chrono::steady_clock;
    auto t0 = Clock::now();
    std::vector<std::exception_ptr> errors(batch.size());
    try {
      writer_conn_->exec("BEGIN IMMEDIATE", {});
    } catch (...) {
      for (Job* j : batch) Job::finish(j, std::current_exception());
      return;
    }
    bool single = batch.size() == 1;
    for (std::size_t i = 0; i < batch.size(); ++i) {
      try {
        if (!single) writer_conn_->exec("SAVEPOINT w", {});
        (*batch[i]->fn)(tx);
        tx.flush();  // inside the savepoint: a failing deferred row fails its own write
        if (!single) writer_conn_->exec("RELEASE w", {});
      } catch (...) {
        tx.discard();
        errors[i] = std::current_exception();
        if (!single) {
          try {
            writer_conn_->exec("ROLLBACK TO w", {});
            writer_conn_->exec("RELEASE w", {});
          } catch (...) {
          }
        }
      }
    }
    if (single && errors[0]) {
      try {
        writer_conn_->exec("ROLLBACK", {});
      } catch (...) {
      }
      Job::finish(batch[0], errors[0]);
      return;
    }
    auto t1 = Clock::now();
    try {
      writer_conn_->exec("COMMIT", {});
    } catch (...) {
      auto err = std::current_exception();
      try {
        writer_conn_->exec("ROLLBACK", {});
      } catch (...) {
      }
      for (Job* j : batch) Job::finish(j, err);
      return;
    }
    count_commit(batch.size(), t0, t1, Clock::now());
    hand_to_syncer(batch, std::move(errors));
    adapt_writer_cache();
  }

  // A committed batch waits for the next fdatasync of the WAL; its callers are answered
  // after it. `errors` holds the outcome of each closure (empty: all succeeded).
  void hand_to_syncer(std::vector<Job*>& batch, std::vector<std::exception_ptr> errors) {
    {
      std::lock_guard lock(sync_mu_);
      for (std::size_t i = 0; i < batch.size(); ++i)
        unsynced_.push_back({batch[i], errors.empty() ? nullptr : errors[i]});
    }
    sync_cv_.notify_one();
  }

  // Makes commits durable in groups: takes every commit handed over so far, fdatasyncs the
  // WAL (which holds all of their frames: the writer wrote them before handing over), then
  // answers their callers. Meanwhile the writer runs and commits the next batch, so the
  // fsync no longer stalls the one thread that writes. Commits are visible to readers
  // from the moment they are made, a moment before they are durable; a write is answered,
  // and therefore acknowledged, only after.
  void sync_loop() {
    using Clock = std::chrono::steady_clock;
    std::vector<Synced> mine;
    for (;;) {
      {
        std::unique_lock lock(sync_mu_);
        sync_cv_.wait(lock, [&] { return sync_stopping_ || !unsynced_.empty(); });
        if (unsynced_.empty()) return;  // stopping, and drained
        mine.swap(unsynced_);
      }
      auto t0 = Clock::now();
      sync_wal();
      {
        std::lock_guard lock(sync_mu_);
        ++syncs_;
        sync_seconds_ += std::chrono::duration<double>(Clock::now() - t0).count();
      }
      for (Synced& s : mine) Job::finish(s.job, s.error);
      mine.clear();
    }
  }

  // fdatasync of the WAL file. fsync on Linux flushes the file (the inode), whichever
  // descriptor wrote it; the descriptor is reopened if the file was replaced. A failed
  // fsync leaves the committed frames' fate unknown and the page cache no longer a witness
  // of the disk (later fsyncs may succeed without them), so the process stops, as
  // PostgreSQL does: nothing unsynced was acknowledged, and recovery starts from the disk.
  void sync_wal() {
    std::string wal = path_ + "-wal";
    auto fatal = [&](const char* what) {
      std::fprintf(stderr, "wangge: FATAL: %s %s: %s; stopping so that no write is acknowledged unsynced\n", what,
                   wal.c_str(), std::strerror(errno));
      std::abort();
    };
    struct stat by_path {};
    if (::stat(wal.c_str(), &by_path) != 0) fatal("stat");
    struct stat by_fd {};
    if (wal_fd_ < 0 || ::fstat(wal_fd_, &by_fd) != 0 || by_fd.st_ino != by_path.st_ino ||
        by_fd.st_dev != by_path.st_dev) {
      if (wal_fd_ >= 0) ::close(wal_fd_);
      wal_fd_ = ::open(wal.c_str(), O_RDONLY | O_CLOEXEC);
      if (wal_fd_ < 0) fatal("open");
    }
    if (::fdatasync(wal_fd_) != 0) fatal("fdatasync");
  }

  std::string path_;
  Options options_;
  std::unique_ptr<Connection> writer_conn_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job*> queue_;
  std::vector<std::unique_ptr<Connection>> readers_;  // one per thread that has read
  std::uint64_t id_ = next_id_++;
  static inline std::atomic<std::uint64_t> next_id_{1};
  std::int64_t commits_ = 0;
  double exec_seconds_ = 0, commit_seconds_ = 0;
  std::int64_t writes_ = 0;
  bool stopping_ = false;
  bool bulk_cache_ = false;  // the writer's cache is kWriterBulkCache (writer thread only)
  std::chrono::steady_clock::time_point bulk_until_;
  std::thread writer_;
  // Committed, not yet durable: the syncer's queue.
  struct Synced {
    Job* job;
    std::exception_ptr error;
  };
  mutable std::mutex sync_mu_;
  std::condition_variable sync_cv_;
  std::vector<Synced> unsynced_;
  bool sync_stopping_ = false;
  std::int64_t syncs_ = 0;
  double sync_seconds_ = 0;
  int wal_fd_ = -1;  // the syncer's own descriptor of the WAL file
  std::thread syncer_;
  std::condition_variable cv_checkpoint_;
  std::thread checkpointer_;
};

}  // namespace

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
  return std::make_unique<SqliteDatabase>(path, options);
}

}  // namespace wangge::storage
