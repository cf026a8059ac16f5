// Private to the SQLite backend; shared by its three translation units:
//   sqlite_connection.cpp  Connection (one sqlite3 handle and its statement cache), make_error
//   sqlite_writer.cpp      the writer thread (group commit) and the syncer thread (fdatasync)
//   sqlite.cpp             SqliteDatabase's public face, the read connections, the checkpointer
// Nothing outside src/core/storage includes it; the public interface is database.h.
#pragma once

#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/storage/database.h"
#include "core/storage/write_job.h"

namespace wangge::storage::sqlite_impl {

// The writer's page cache: 16 MiB, and 128 MiB while commits are bulk (an import's
// 10,000-row commits touch random pages of large indexes). A commit ends by truncating the
// cache to the database size; the page-cache layer (sqlite_page_cache.h) makes that cheap
// whatever the cache size, and the small size keeps the resident memory of a server that
// only takes events small.
inline constexpr const char* kWriterCache = "PRAGMA cache_size=-16384";       // 16 MiB
inline constexpr const char* kWriterBulkCache = "PRAGMA cache_size=-131072";  // 128 MiB
inline constexpr int kBulkCommitPages = 4096;                  // a commit writing this many pages is bulk work
inline constexpr auto kBulkLinger = std::chrono::seconds(30);  // large cache kept after the last one

// A DbError for SQLite result code `rc` on `db` (may be null), its kind from the extended code.
DbError make_error(sqlite3* db, int rc, std::string_view context);

// One connection with a cache of prepared statements keyed by SQL text.
//
// Thread contract: not thread-safe. Each Connection is used by one thread at a time: the
// writer connection by the writer thread (and by ~SqliteDatabase once the threads have
// stopped), a read connection by the one thread that opened it (SqliteDatabase::reader),
// the checkpointer's by the checkpointer thread.
class Connection {
 public:
  // `writer`: the connection that writes (WAL mode, the gathering WAL VFS); otherwise a
  // query-only reader. Throws DbError.
  Connection(const std::string& path, bool writer, int busy_timeout_ms);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sqlite3* handle() const { return db_; }

  // Runs `sql` (one or more statements, no parameters, results dropped).
  void exec_script(const std::string& sql);
  // Runs one statement through the statement cache. Throws DbError.
  Result exec(std::string_view sql, const std::vector<Value>& params);
  std::int64_t last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

 private:
  sqlite3_stmt* prepare(std::string_view sql);
  void bind(sqlite3_stmt* stmt, int i, const Value& v);
  static Value column(sqlite3_stmt* stmt, int c);

  sqlite3* db_ = nullptr;
  // Looked up by string_view (no copy of the SQL per statement).
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, sqlite3_stmt*, Hash, std::equal_to<>> cache_;

 public:
};

// A transaction on one Connection; same thread contract as the Connection.
class SqliteTx final : public Tx {
 public:
  // A read transaction; with `bus`, the writer's (it may notify).
  explicit SqliteTx(Connection& c, const Bus* bus = nullptr) : conn_(c), bus_(bus) {}
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

  // Messages of the transaction, delivered by the syncer once the commit is durable.
  struct Note {
    std::string channel, wire;
  };
  void notify(std::string_view channel, std::string_view payload) override {
    if (!bus_) throw DbError(DbError::Kind::other, "notify in a read transaction");
    std::string wire = bus_->wire(payload);
    if (!notes_.empty() && notes_.back().channel == channel && notes_.back().wire == wire) return;  // a loop's repeat
    notes_.push_back({std::string(channel), std::move(wire)});
  }
  std::size_t note_count() const { return notes_.size(); }
  void drop_notes_from(std::size_t mark) { notes_.resize(mark); }
  std::vector<Note> take_notes() { return std::exchange(notes_, {}); }

 private:
  Connection& conn_;
  const Bus* bus_;
  DeferredInserts deferred_;
  std::vector<Note> notes_;
};

// The SQLite Database: WAL, one writer thread that group-commits, a syncer thread that makes
// the commits durable (fdatasync of the WAL) while the writer runs the next batch, a
// checkpointer thread, and one read connection per reading thread.
//
// Threads: "caller" is any thread calling the Database interface; "writer", "syncer" and
// "checkpointer" are the three threads the constructor starts (joined by the destructor,
// writer first, so the syncer drains what the writer handed over last).
// Public methods are thread-safe (any thread), except that the destructor must run after
// every other call has returned. write()'s callers block until their commit is durable;
// write_async()'s `done` runs on the writer thread (the batch's BEGIN or COMMIT failed) or,
// normally, on the syncer thread, after the fdatasync.
class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::string path, const Options& options);
  ~SqliteDatabase() override;

  void read(const std::function<void(Tx&)>& fn) override;  // any thread; on its own connection
  void write(const std::function<void(Tx&)>& fn) override;
  void write_async(std::function<void(Tx&)> fn, std::function<void(std::exception_ptr)> done) override;
  bool async_writes() const override { return true; }
  void bulk(const std::function<void(Tx&)>& fn) override;
  Stats stats() const override;
  Dialect dialect() const override { return Dialect::sqlite; }
  std::string describe() const override { return "sqlite:" + path_; }
  Bus& bus() override { return bus_; }
  void subscribe(std::string_view channel, Bus::Handler fn) override { bus_.subscribe(channel, std::move(fn)); }
  std::unique_ptr<Lease> try_lead(std::string_view name) override;

 private:
  using Job = WriteJob;

  // Caller side (sqlite.cpp).
  void write_exclusive(const std::function<void(Tx&)>& fn);
  Connection& acquire_reader();
  void release_reader(Connection& conn);
  void checkpoint_loop();  // checkpointer thread

  // Writer thread (sqlite_writer.cpp).
  void writer_loop();
  void run_batch(SqliteTx& tx, std::vector<Job*>& batch);
  bool run_batch_optimistic(SqliteTx& tx, std::vector<Job*>& batch);
  void run_batch_isolated(SqliteTx& tx, std::vector<Job*>& batch);
  void count_commit(std::size_t writes, std::chrono::steady_clock::time_point t0,
                    std::chrono::steady_clock::time_point t1, std::chrono::steady_clock::time_point t2);
  void adapt_writer_cache();
  void hand_to_syncer(std::vector<Job*>& batch, std::vector<std::exception_ptr> errors,
                      std::vector<SqliteTx::Note> notes);

  // Syncer thread (sqlite_writer.cpp).
  void sync_loop();
  void sync_wal();

  // Set once in the constructor, before the threads start; read-only after (any thread).
  // bus_ is thread-safe itself; the syncer delivers the writer's notes through it.
  Bus bus_;
  std::string path_;
  Options options_;
  std::uint64_t id_ = next_id_++;  // process-unique key of this database's read connections
  int max_readers_;                // most read connections open at once
  static inline std::atomic<std::uint64_t> next_id_{1};

  // Writer thread only (the destructor uses it after joining the writer).
  std::unique_ptr<Connection> writer_conn_;
  bool bulk_cache_ = false;  // the writer's cache is kWriterBulkCache
  std::chrono::steady_clock::time_point bulk_until_;

  // readers_mu_ guards the read connections: a lock of their own, apart from the writer's
  // queue (every read takes it twice). mu_ guards the write queue, the commit statistics and
  // stopping_; cv_ wakes the writer (queue_ or stopping_ changed); cv_checkpoint_ the
  // checkpointer.
  mutable std::mutex readers_mu_;
  std::vector<std::unique_ptr<Connection>> readers_;  // guarded by readers_mu_; every one opened
  std::vector<Connection*> idle_readers_;             // guarded by readers_mu_; those no read holds
  int opened_readers_ = 0;                            // guarded by readers_mu_; opened or opening
  std::condition_variable cv_reader_;                 // a reader returned, or a slot freed

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job*> queue_;                        // guarded by mu_
  std::int64_t commits_ = 0;                      // guarded by mu_
  double exec_seconds_ = 0, commit_seconds_ = 0;  // guarded by mu_
  std::int64_t writes_ = 0;                       // guarded by mu_
  bool stopping_ = false;                         // guarded by mu_
  std::condition_variable cv_checkpoint_;

  // Committed, not yet durable: the syncer's queue. sync_mu_ guards unsynced_,
  // sync_stopping_ and the sync statistics; sync_cv_ wakes the syncer. Lock order: mu_
  // before sync_mu_ (stats()).
  struct Synced {
    Job* job;
    std::exception_ptr error;
  };
  mutable std::mutex sync_mu_;
  std::condition_variable sync_cv_;
  std::vector<Synced> unsynced_;                // guarded by sync_mu_
  std::vector<SqliteTx::Note> unsynced_notes_;  // guarded by sync_mu_: delivered after the sync
  bool sync_stopping_ = false;                  // guarded by sync_mu_
  std::int64_t syncs_ = 0;                      // guarded by sync_mu_
  double sync_seconds_ = 0;                     // guarded by sync_mu_
  int wal_fd_ = -1;                             // syncer thread only: its own descriptor of the WAL file

  // Started in the constructor, joined in the destructor.
  std::thread writer_;
  std::thread syncer_;
  std::thread checkpointer_;
};

}  // namespace wangge::storage::sqlite_impl
