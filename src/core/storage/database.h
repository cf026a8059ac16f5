// Storage: one interface over SQLite (embedded default) and PostgreSQL (libpq).
//
// SQL is written once, in the subset both engines share, with `?` placeholders
// (the PostgreSQL backend rewrites them to $1..$n). Timestamps are BIGINT epoch
// milliseconds, booleans INTEGER 0/1, JSON TEXT.
//
// Durability contract: Database::write() returns only after its transaction is
// committed and flushed to stable storage (SQLite: the WAL fdatasynced after the commit;
// PostgreSQL: synchronous_commit=on). On SQLite a commit is visible to readers a moment
// before it is durable (the fsync runs while the writer goes on); it is acknowledged only
// after. Concurrent writes are group-committed: many callers' closures
// share one fsync; if one of them throws, the batch is run again with each closure
// isolated (a savepoint, or a transaction of its own), so one failing closure does not
// affect the others. A closure may therefore run more than once and must have no effects
// outside its transaction. A closure that throws has none of its effects applied; the
// exception is rethrown to its caller.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/storage/cluster.h"

namespace wangge::storage {

struct Blob {
  std::string bytes;
};

// A parameter or column value.
using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string, Blob>;

class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  std::size_t size() const { return values_.size(); }
  bool is_null(std::size_t i) const { return std::holds_alternative<std::nullptr_t>(values_.at(i)); }
  std::int64_t i64(std::size_t i) const;  // NULL -> 0; text parsed
  double f64(std::size_t i) const;        // NULL -> 0
  std::string str(std::size_t i) const;   // NULL -> ""; numbers formatted
  std::optional<std::string> opt_str(std::size_t i) const;
  std::optional<std::int64_t> opt_i64(std::size_t i) const;
  const Value& at(std::size_t i) const { return values_.at(i); }

 private:
  std::vector<Value> values_;
};

struct Result {
  std::vector<std::string> columns;
  std::vector<Row> rows;
  std::int64_t changes = 0;  // rows affected by INSERT/UPDATE/DELETE
  bool empty() const { return rows.empty(); }
  const Row& one() const;  // the single row; throws std::logic_error if there is none
};

enum class Dialect { sqlite, postgres };

// Database-level failure. kind lets stores turn constraint violations into API errors.
class DbError : public std::runtime_error {
 public:
  enum class Kind { unique, foreign_key, check, busy, connection, other };
  DbError(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

// A table of additive counters (a materialised aggregate): rows identified by `keys`
// columns, whose `counters` columns only ever have deltas added to them. Specs are
// long-lived (static) objects; their SQL is built once, here.
class CounterSpec {
 public:
  CounterSpec(std::string table, std::vector<std::string> keys, std::vector<std::string> counters);
  const std::string& table() const { return table_; }
  const std::vector<std::string>& keys() const { return keys_; }
  const std::vector<std::string>& counters() const { return counters_; }
  // INSERT ... ON CONFLICT (keys) DO UPDATE SET c = table.c + excluded.c, ... (both engines).
  const std::string& upsert_sql() const { return upsert_; }
  // The same for `rows` rows: INSERT ... VALUES (?, ...), (?, ...) ON CONFLICT ...; the keys
  // of one statement must differ (PostgreSQL refuses to update a row twice in one).
  std::string upsert_sql(std::size_t rows) const;

 private:
  std::string table_;
  std::vector<std::string> keys_, counters_;
  std::string head_, tuple_, tail_, upsert_;  // upsert_ = head_ + tuple_ + tail_
};

// One connection inside one transaction. Not thread-safe: only the closure's thread uses it, during the call.
class Tx {
 public:
  virtual ~Tx() = default;
  virtual Result exec(std::string_view sql, const std::vector<Value>& params = {}) = 0;
  // exec, for a statement whose best plan depends on its parameters' values (a queue page
  // with a filter a user picks: a rare category has its own index, a common one does not).
  // PostgreSQL prepares exec's statements once per connection and, after five runs, may keep
  // one generic plan for every value: chosen for an average reporter, the overdue tab's walk
  // of one reporter's events read every red event (3,258 pages against 250 on 300,000
  // events). This one is sent unnamed, so it is planned with its values every time (planning
  // costs what a custom plan costs: 0.5-1 ms for a queue page at ten million events).
  // SQLite plans each prepared statement once and keeps it; it runs exec.
  virtual Result exec_custom_plan(std::string_view sql, const std::vector<Value>& params) { return exec(sql, params); }
  // Runs `INSERT ... RETURNING id` (the SQL must end so) into a table whose `id` is its
  // integer primary key, and answers the new id. SQLite answers RETURNING through a
  // temporary table opened per statement; its backend runs the INSERT without the clause
  // and reads the rowid instead.
  virtual std::int64_t insert_id(std::string_view sql, const std::vector<Value>& params) {
    return exec(sql, params).one().i64(0);
  }
  // The id the next row of `table` (an integer `id` primary key, rows never deleted) may
  // take when its INSERT names it explicitly, for a row that must know its own id as it is
  // written. SQLite: the largest id plus one, sound because one writer runs transactions
  // one at a time (and what SQLite would choose itself); PostgreSQL: drawn from the id's
  // identity sequence (never handed out twice; a rolled-back transaction leaves a gap).
  std::int64_t next_id(std::string_view table);
  // An INSERT ... VALUES (?, ...) whose result nobody reads (an audit record, say): it is
  // executed before the transaction commits, at the latest. Backends where a statement
  // costs a network round trip merge the deferred rows of a batch into one multi-row
  // INSERT. Errors surface at commit time. The default runs it at once.
  virtual void insert_later(std::string_view sql, const std::vector<Value>& params) { exec(sql, params); }
  // Adds `deltas` (one per spec.counters) to the row of spec.table whose key columns hold
  // `key`, creating it when missing; applied before the transaction commits. Deltas to one
  // key are summed first (a batch of writes to a hot row costs one statement), and keys are
  // applied in sorted order, so concurrent transactions lock them in one order (no
  // deadlocks on PostgreSQL). The default applies it at once.
  virtual void add_later(const CounterSpec& spec, std::vector<Value> key, const std::vector<std::int64_t>& deltas);
  // A message to every node sharing the database (cluster.h), sent if and when this
  // transaction commits: PostgreSQL NOTIFY with the COMMIT; SQLite after the commit is
  // durable. `channel` is one of storage::channels.
  virtual void notify(std::string_view channel, std::string_view payload) = 0;
  virtual Dialect dialect() const = 0;
};

// Deferred single-row INSERT ... VALUES (?, ...) statements of one transaction, merged into
// multi-row INSERTs of 1, 2, 4 ... 256 rows (a small fixed set of statement shapes for the
// prepared-statement caches). Both backends use it for Tx::insert_later.
class DeferredInserts {
 public:
  void add(std::string_view sql, const std::vector<Value>& params);
  // Tx::add_later: summed per key, emitted by take() after the inserts, in key order.
  void add_counters(const CounterSpec& spec, std::vector<Value> key, const std::vector<std::int64_t>& deltas);
  bool empty() const { return rows_.empty() && counters_.empty(); }
  // The merged statements; clears. Throws DbError for an INSERT without VALUES.
  std::vector<std::pair<std::string, std::vector<Value>>> take();

 private:
  struct Pending {
    const CounterSpec* spec;
    std::vector<Value> key;
    std::vector<std::int64_t> sums;
  };
  std::map<std::string, Pending> counters_;  // by table and encoded key

  std::vector<std::string> order_;                                // statements by first use
  std::vector<std::pair<std::vector<Value>, std::size_t>> rows_;  // params and row count, per statement
};

struct Stats {
  std::int64_t write_queue_depth = 0;  // closures waiting for the writer
  std::int64_t commits = 0;            // durable commits (group commits count once)
  std::int64_t writes = 0;             // closures committed
  std::int64_t read_connections = 0;   // open read connections
  double exec_seconds = 0;             // writer time running closures (SQLite)
  double commit_seconds = 0;           // writer time committing, without the fsync (SQLite)
  std::int64_t syncs = 0;              // fdatasyncs of the WAL, each covering one or more commits (SQLite)
  double sync_seconds = 0;             // syncer time in them (SQLite)
  std::int64_t replica_reads = 0;      // reads served by a read replica (PostgreSQL)
  std::int64_t replicas_usable = 0;    // replicas now within the allowed lag (PostgreSQL)
};

struct Options {
  int max_batch = 512;         // most closures in one group commit
  int read_pool = 16;          // PostgreSQL: most idle read connections kept
  int sqlite_readers = 0;      // SQLite: most read connections open at once (0: 4 per core, at least 8)
  int busy_timeout_ms = 5000;  // SQLite busy timeout for other processes
  int pg_writers = 2;          // PostgreSQL: connections that group-commit writes
  // PostgreSQL: streaming replicas of the primary that may serve reads (ReplicaReads), each
  // used while it has replayed everything the primary had written replica_max_lag_ms ago.
  std::vector<std::string> replicas;
  int replica_max_lag_ms = 1000;
};

// While an object lives, reads on this thread may be served by a read replica (when the
// database has replicas): what they see may lag the primary by up to replica_max_lag_ms.
// The caller decides who may read slightly old data (App: not a user who wrote within that
// time, docs/CLUSTER.md "Read replicas"). Transactions other than read() are unaffected.
class ReplicaReads {
 public:
  ReplicaReads();
  ~ReplicaReads();
  ReplicaReads(const ReplicaReads&) = delete;
  ReplicaReads& operator=(const ReplicaReads&) = delete;
  static bool active();

 private:
  bool outer_;
};
// Thread contract (LevelDB style): see "Database: threads" at the end of this file.
class Database {
 public:
  virtual ~Database() = default;

  // Opens the database named by `url`: a postgresql:// (or postgres://) URL or a SQLite file path.
  static std::unique_ptr<Database> open(const std::string& url, const Options& options = {});

  // Runs fn on the calling thread in a read transaction (a consistent snapshot). Thread-safe.
  virtual void read(const std::function<void(Tx&)>& fn) = 0;
  // Runs fn on a writer thread in a write transaction; returns once it is durably committed. Thread-safe.
  virtual void write(const std::function<void(Tx&)>& fn) = 0;
  // write() without waiting (thread-safe): `done` is called once, with nullptr when the transaction is durably
  // committed or with what fn threw, on a storage thread (SQLite: the syncer thread, or the writer thread when
  // the batch's BEGIN or COMMIT failed; PostgreSQL: the writer thread that ran it); it must be quick (post the
  // rest elsewhere) and must not touch the database. fn owns what it uses; as with write() it may run more than
  // once. The default calls write(), then `done` on the calling thread; async_writes(): true when it returns at once.
  virtual void write_async(std::function<void(Tx&)> fn, std::function<void(std::exception_ptr)> done);
  virtual bool async_writes() const { return false; }
  // Runs fn alone in one large transaction, bypassing the group committer; for bulk
  // imports that must not hold many small writers' fsyncs hostage. Thread-safe; fn's thread: see the end of this file.
  virtual void bulk(const std::function<void(Tx&)>& fn) = 0;
  // True when the storage answers a trivial query. Thread-safe.
  bool ping();
  // True when this node can write: the storage answers and (PostgreSQL) what it reaches is
  // a primary, not a standby. What the load balancer's health check asks (/readyz).
  virtual bool ready() { return ping(); }
  virtual Stats stats() const = 0;  // thread-safe; a snapshot
  // The nodes sharing this database (cluster.h): subscribe to their messages. PostgreSQL
  // starts listening at the first subscription. Thread-safe.
  virtual Bus& bus() = 0;
  virtual void subscribe(std::string_view channel, Bus::Handler fn) = 0;
  // Leadership of the work named `name` across the nodes: a held lease, or nullptr when
  // another node holds it. SQLite: one node, always granted. Thread-safe.
  virtual std::unique_ptr<Lease> try_lead(std::string_view name) = 0;
  // Whether reads may be served by replicas (Options::replicas).
  virtual bool has_replicas() const { return false; }
  // Whether other nodes may share this database (PostgreSQL).
  virtual bool shared() const { return dialect() == Dialect::postgres; }
  virtual Dialect dialect() const = 0;
  virtual std::string describe() const = 0;  // "sqlite:/path" or "postgresql://host/db" (no password)

  template <typename T>
  T read_value(const std::function<T(Tx&)>& fn) {
    std::optional<T> out;
    read([&](Tx& tx) { out.emplace(fn(tx)); });
    return std::move(*out);
  }
  template <typename T>
  T write_value(const std::function<T(Tx&)>& fn) {
    std::optional<T> out;
    write([&](Tx& tx) { out.emplace(fn(tx)); });
    return std::move(*out);
  }
};

std::unique_ptr<Database> open_sqlite(const std::string& path, const Options& options);
std::unique_ptr<Database> open_postgres(const std::string& url, const Options& options);

// Milliseconds since the Unix epoch, the one time representation in storage.
std::int64_t now_ms();

}  // namespace wangge::storage

// Database: threads.
//
// Every method may be called from any thread, concurrently, except the destructor, which must
// run after every other call has returned: it joins the backend's threads, after the writes
// already queued have run and been answered. A closure passed to read(), write() or bulk()
// runs on one thread during the call, and its Tx must not escape it.
//   read():        fn runs on the calling thread, on a pooled connection held for the call (a
//                  read nested in it shares it). SQLite opens at most Options::sqlite_readers:
//                  a read beyond them waits for one to be returned, so fn must not wait for
//                  another thread's read.
//   write():       fn runs on a writer thread (SQLite: the one writer thread; PostgreSQL: one of
//                  Options::pg_writers threads); the caller blocks until the outcome is known.
//   write_async(): fn as for write(); `done` runs on a storage thread, never the caller's
//                  (SQLite: the syncer thread after the fdatasync, or the writer thread when the
//                  batch's BEGIN or COMMIT failed; PostgreSQL: the writer thread that ran it). A
//                  write() from `done` would wait on the thread that has to run it.
//   bulk():        SQLite: fn runs on the writer thread, alone, the caller blocking; PostgreSQL:
//                  fn runs on the calling thread, on a pooled connection.
// The backends' own members are documented in sqlite_impl.h and postgres_impl.h.
