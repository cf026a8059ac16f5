// Private to the PostgreSQL backend; shared by its three translation units:
//   postgres_connection.cpp  PgConnection (one libpq connection: prepared statements,
//                            pipelines, results), pg_error, to_dollar_params
//   postgres_writer.cpp      the writer threads' group commit
//   postgres.cpp             PgDatabase's public face and the pool of read connections
// Nothing outside src/core/storage includes it; the public interface is database.h.
#pragma once

#include <libpq-fe.h>

#include <array>
#include <atomic>
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

namespace wangge::storage::pg_impl {

// Rewrites `?` placeholders to `$1..$n`, skipping quoted strings and identifiers.
std::string to_dollar_params(std::string_view sql);

// A DbError for a failed result (or, with res null, a failure of `conn`), its kind from
// the SQLSTATE.
DbError pg_error(PGconn* conn, const PGresult* res, std::string_view context);

// A connection for long-lived side work (the listener, leases, the replica monitor), with
// keepalives so that a vanished peer is noticed within about 15 s; nullptr on failure
// (postgres_cluster.cpp).
PGconn* open_side_connection(const std::string& url);
// Runs one statement without parameters; whether it succeeded, and the first cell.
bool run_simple(PGconn* c, const std::string& sql, std::string* first_cell = nullptr);

// One libpq connection with its prepared statements (named per SQL text).
//
// Thread contract: not thread-safe; one thread at a time. A writer thread owns its
// connection for as long as it stays healthy; a read connection belongs to the thread
// that took it from the pool (PgDatabase::acquire) until it gives it back (release).
class PgConnection {
 public:
  explicit PgConnection(const std::string& url);  // throws DbError (connection)
  ~PgConnection() { PQfinish(conn_); }
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  bool healthy() const { return !broken_ && PQstatus(conn_) == CONNECTION_OK; }

  // Runs `sql` as is (no parameters, results dropped). Throws DbError.
  void simple(const char* sql);
  // Runs one statement, prepared once per connection (Tx::exec), or, with custom_plan, as
  // the unnamed statement, planned for these parameters (Tx::exec_custom_plan). Throws DbError.
  Result exec(std::string_view sql, const std::vector<Value>& params, bool custom_plan = false);

  // One statement of a pipeline: params == nullptr sends `sql` as is (BEGIN, COMMIT);
  // custom_plan as in exec.
  struct Stmt {
    std::string_view sql;
    const std::vector<Value>* params = nullptr;
    bool custom_plan = false;
  };

  // Sends every statement, then one Sync, and reads the results: one network round trip
  // for all of them (libpq pipeline mode). The first failure is thrown after the rest of
  // the pipeline is drained; the server skips the statements after a failed one, and an
  // explicit transaction it belongs to is left aborted for the caller to roll back.
  std::vector<Result> pipeline(const std::vector<Stmt>& stmts);

 private:
  struct Clear {
    PGresult* r;
    ~Clear() { PQclear(r); }
  };

  // Parameters in libpq's form: text, except blobs (binary); a null pointer is NULL.
  struct Params {
    explicit Params(const std::vector<Value>& params);
    int count() const { return static_cast<int>(values.size()); }
    std::vector<std::string> text;
    std::vector<const char*> values;
    std::vector<int> lengths;
    std::vector<int> formats;
  };

  static Result to_result(const PGresult* res);
  // A protocol-level failure leaves the connection in an unknown state: healthy() turns
  // false and the owner replaces it.
  DbError broken(std::string_view what);
  const std::string& prepared_name(std::string_view sql, std::size_t nparams);
  static Value decode(const PGresult* res, int r, int c);

  PGconn* conn_ = nullptr;
  bool broken_ = false;
  std::unordered_map<std::string, std::string> prepared_;
};

// The NOTIFYs of one transaction: per channel, the payloads' tokens without repeats, in
// first-sent order, joined by ',' behind `prefix` (the bus's "<node>|") into messages of at
// most about 7,000 bytes (postgres_cluster.cpp).
std::vector<std::array<std::string, 2>> merge_notes(const std::string& prefix,
                                                    const std::vector<std::array<std::string, 2>>& notes);

// A transaction on one connection (same thread contract as PgConnection). BEGIN is not
// sent on its own: it travels in one pipeline with the first statement, and the deferred
// inserts travel with COMMIT, so a transaction of n statements costs n round trips (at
// least one) instead of n + 2.
class PgTx final : public Tx {
 public:
  // `bus`: the database's, for notify() (nullptr in read transactions).
  PgTx(PgConnection& c, const char* begin, const Bus* bus = nullptr) : conn_(c), begin_(begin), bus_(bus) {}
  Result exec(std::string_view sql, const std::vector<Value>& params) override { return run(sql, params, false); }
  Result exec_custom_plan(std::string_view sql, const std::vector<Value>& params) override {
    return run(sql, params, true);
  }
  void insert_later(std::string_view sql, const std::vector<Value>& params) override { deferred_.add(sql, params); }
  void add_later(const CounterSpec& spec, std::vector<Value> key, const std::vector<std::int64_t>& deltas) override {
    deferred_.add_counters(spec, std::move(key), deltas);
  }
  // pg_notify travels with COMMIT: PostgreSQL delivers it when (and if) the transaction commits.
  void notify(std::string_view channel, std::string_view payload) override {
    if (!bus_) throw DbError(DbError::Kind::other, "notify in a read transaction");
    std::string scoped = bus_->scoped(channel);
    if (!notes_.empty() && notes_.back()[0] == scoped && notes_.back()[1] == payload) return;  // a loop's repeat
    notes_.push_back({std::move(scoped), std::string(payload)});
  }
  Dialect dialect() const override { return Dialect::postgres; }

  // True once BEGIN has been sent: a failure after it needs a ROLLBACK.
  bool started() const { return started_; }

  // Sends the deferred inserts (merged into multi-row INSERTs) and COMMIT in one
  // pipeline. Throws the first failure; the transaction is then aborted.
  void commit() {
    auto merged = deferred_.take();
    for (auto& [channel, wire] : merge_notes(bus_ ? bus_->wire("") : "", std::exchange(notes_, {})))
      merged.emplace_back("SELECT pg_notify(?, ?)", std::vector<Value>{channel, wire});
    std::vector<PgConnection::Stmt> stmts;
    if (begin_) {
      if (merged.empty()) return;  // nothing was ever sent: nothing to commit
      stmts.push_back({std::exchange(begin_, nullptr)});
      started_ = true;
    }
    for (const auto& [sql, params] : merged) stmts.push_back({sql, &params});
    stmts.push_back({"COMMIT"});
    conn_.pipeline(stmts);
  }

  // After a failure: ends the transaction if one was begun.
  void rollback() {
    if (started_ && conn_.healthy()) conn_.simple("ROLLBACK");
  }

  // Runs fn and commits; if either throws, rolls back (a failing ROLLBACK is ignored: the
  // connection's health tells its pool) and rethrows.
  void run(const std::function<void(Tx&)>& fn) {
    try {
      fn(*this);
      commit();
    } catch (...) {
      try {
        rollback();
      } catch (...) {
      }
      throw;
    }
  }

 private:
  Result run(std::string_view sql, const std::vector<Value>& params, bool custom_plan) {
    if (!begin_) return conn_.exec(sql, params, custom_plan);
    const char* begin = std::exchange(begin_, nullptr);
    started_ = true;
    return std::move(conn_.pipeline({{begin}, {sql, &params, custom_plan}})[1]);
  }

  PgConnection& conn_;
  const char* begin_;  // pending BEGIN, sent with the first statement
  const Bus* bus_;
  bool started_ = false;
  DeferredInserts deferred_;
  std::vector<std::array<std::string, 2>> notes_;  // channel, payload
};

// LISTEN on its own connection (postgres_cluster.cpp): one thread that waits on the socket,
// hands each notification to the bus, LISTENs again when the bus gains a channel, and
// reconnects after a failure (then calls the bus's resync handlers).
//
// Threads: the constructor starts the thread; the destructor stops and joins it. The
// thread owns conn_; stop_ is the only member others touch.
class PgListener {
 public:
  PgListener(std::string url, const Bus& bus);
  ~PgListener();
  PgListener(const PgListener&) = delete;
  PgListener& operator=(const PgListener&) = delete;

 private:
  void loop();
  bool connect();           // opens conn_ and LISTENs on every channel; false on failure
  bool listen_all();        // LISTEN on the bus's channels now
  bool wait_and_deliver();  // one wait of at most 250 ms; false when the connection failed

  const std::string url_;
  const Bus& bus_;
  PGconn* conn_ = nullptr;      // listener thread only
  std::uint64_t listened_ = 0;  // listener thread only: the bus generation LISTENed
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// Read replicas (postgres_replicas.cpp): each replica has its own idle pool; a monitor
// thread samples the primary's WAL position and each replica's replay position every
// 100 ms. A replica is usable while it is a standby that has replayed at least what the
// primary had written replica_max_lag_ms ago; reads on it therefore see every commit older
// than that.
//
// Threads: the constructor checks every replica (a standby of the primary's own cluster)
// and starts the monitor; the destructor stops and joins it. acquire()/release() are
// thread-safe; the monitor thread alone owns its probe connections.
class PgReplicas {
 public:
  PgReplicas(const std::string& primary_url, const std::vector<std::string>& urls, int max_lag_ms);
  ~PgReplicas();
  PgReplicas(const PgReplicas&) = delete;
  PgReplicas& operator=(const PgReplicas&) = delete;

  struct Lent {
    std::unique_ptr<PgConnection> conn;
    std::size_t replica = 0;
  };
  // A connection to a usable replica (round robin among them); nullopt when none is usable
  // or it cannot be reached (the caller reads on the primary).
  std::optional<Lent> acquire();
  void release(Lent lent);
  std::int64_t usable() const;

 private:
  struct Replica {
    std::string url;
    std::atomic<bool> usable{false};
    std::mutex mu;                                    // guards idle
    std::vector<std::unique_ptr<PgConnection>> idle;  // guarded by mu
    PGconn* probe = nullptr;                          // monitor thread only
  };
  void monitor();

  const std::string primary_url_;
  const int max_lag_ms_;
  std::vector<std::unique_ptr<Replica>> replicas_;  // fixed after the constructor
  std::atomic<std::size_t> next_{0};
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// The PostgreSQL Database: options.pg_writers writer threads group-commit the write queue,
// each on a connection of its own; reads and bulk() run on the calling thread, on a
// connection from the idle pool.
//
// Threads: public methods are thread-safe (any thread), except that the destructor must run
// after every other call has returned. write()'s callers block until their commit; the
// `done` of write_async() runs on the writer thread that committed (or failed) the job.
class PgDatabase final : public Database {
 public:
  PgDatabase(std::string url, Options options);
  ~PgDatabase() override;

  void read(const std::function<void(Tx&)>& fn) override;
  void write(const std::function<void(Tx&)>& fn) override;
  void write_async(std::function<void(Tx&)> fn, std::function<void(std::exception_ptr)> done) override;
  bool async_writes() const override { return true; }
  void bulk(const std::function<void(Tx&)>& fn) override;
  bool ready() override;
  bool has_replicas() const override { return replicas_ != nullptr; }
  Stats stats() const override;
  Dialect dialect() const override { return Dialect::postgres; }
  std::string describe() const override;
  Bus& bus() override { return bus_; }
  void subscribe(std::string_view channel, Bus::Handler fn) override;  // postgres_cluster.cpp
  std::unique_ptr<Lease> try_lead(std::string_view name) override;     // postgres_cluster.cpp

 private:
  using Job = WriteJob;

  // Writer threads (postgres_writer.cpp).
  void writer_loop();
  void run_batch(PgConnection& conn, std::vector<Job*>& batch);

  // The listener (postgres_cluster.cpp): stopped and joined before anything else.
  void stop_listener();

  // Caller side (postgres.cpp): a transaction on a pooled connection.
  void run(const std::function<void(Tx&)>& fn, const char* begin);
  // A read on a replica, when ReplicaReads allows it and one is usable; false when it was
  // not tried (the caller reads on the primary). A failure inside fn propagates.
  bool read_on_replica(const std::function<void(Tx&)>& fn);
  std::unique_ptr<PgConnection> acquire();
  void release(std::unique_ptr<PgConnection> c);

  // Set once in the constructor, before the writer threads start; read-only after.
  std::string url_;
  Options options_;
  Bus bus_;  // thread-safe itself

  // listener_mu_ guards listener_, started at the first subscribe() and stopped (joined)
  // first in the destructor.
  std::mutex listener_mu_;
  std::unique_ptr<PgListener> listener_;

  // mu_ guards the idle read connections.
  mutable std::mutex mu_;
  std::vector<std::unique_ptr<PgConnection>> idle_;  // guarded by mu_

  // queue_mu_ guards the write queue and stopping_; queue_cv_ wakes the writers.
  std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::deque<Job*> queue_;            // guarded by queue_mu_
  bool stopping_ = false;             // guarded by queue_mu_
  std::vector<std::thread> writers_;  // started in the constructor, joined in the destructor

  std::unique_ptr<PgReplicas> replicas_;  // null without Options::replicas; set in the constructor
  std::atomic<std::int64_t> replica_reads_{0};

  // Statistics: written by the writer threads, read by stats() (any thread).
  std::atomic<std::int64_t> writes_in_flight_{0};
  std::atomic<std::int64_t> commits_{0};
  std::atomic<std::int64_t> writes_{0};
};

}  // namespace wangge::storage::pg_impl
