// PostgreSQL backend through libpq: a pool of connections, one transaction per write
// (PostgreSQL's own WAL group commit batches the fsyncs of concurrent committers), SQL
// rewritten from `?` to `$n` placeholders once per statement text.
#include <libpq-fe.h>

#include <pthread.h>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <future>
#include <map>
#include <mutex>
#include <optional>

#include <thread>
#include <unordered_map>
#include <utility>

#include "core/storage/database.h"
#include "core/storage/write_job.h"

namespace wangge::storage {
namespace {

// Rewrites `?` placeholders to `$1..$n`, skipping quoted strings and identifiers.
std::string to_dollar_params(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  char quote = 0;
  for (char c : sql) {
    if (quote) {
      if (c == quote) quote = 0;
      out += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      out += c;
    } else if (c == '?') {
      out += '$';
      out += std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

DbError pg_error(PGconn* conn, const PGresult* res, std::string_view context) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string msg = std::string(context) + ": " + (res ? PQresultErrorMessage(res) : PQerrorMessage(conn));
  DbError::Kind kind = DbError::Kind::other;
  if (state) {
    if (std::strcmp(state, "23505") == 0)
      kind = DbError::Kind::unique;
    else if (std::strcmp(state, "23503") == 0)
      kind = DbError::Kind::foreign_key;
    else if (std::strcmp(state, "23514") == 0 || std::strcmp(state, "23502") == 0 || std::strcmp(state, "P0001") == 0)
      kind = DbError::Kind::check;
    else if (std::strcmp(state, "40001") == 0 || std::strcmp(state, "40P01") == 0)
      kind = DbError::Kind::busy;
    else if (std::strncmp(state, "08", 2) == 0)
      kind = DbError::Kind::connection;
  } else if (PQstatus(conn) != CONNECTION_OK) {
    kind = DbError::Kind::connection;
  }
  return DbError(kind, msg);
}

// Type OIDs from pg_type.h (stable across versions).
constexpr Oid kBool = 16, kBytea = 17, kInt8 = 20, kInt2 = 21, kInt4 = 23, kFloat4 = 700, kFloat8 = 701,
              kNumeric = 1700;

class PgConnection {
 public:
  explicit PgConnection(const std::string& url) {
    conn_ = PQconnectdb(url.c_str());
    if (PQstatus(conn_) != CONNECTION_OK) {
      std::string msg = PQerrorMessage(conn_);
      PQfinish(conn_);
      throw DbError(DbError::Kind::connection, "connect: " + msg);
    }
    simple("SET client_encoding = 'UTF8'");
    simple("SET synchronous_commit = on");
    simple("SET client_min_messages = warning");
  }
  ~PgConnection() { PQfinish(conn_); }
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  bool healthy() const { return !broken_ && PQstatus(conn_) == CONNECTION_OK; }

  void simple(const char* sql) {
    PGresult* res = PQexec(conn_, sql);
    ExecStatusType st = PQresultStatus(res);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      DbError err = pg_error(conn_, res, sql);
      PQclear(res);
      throw err;
    }
    PQclear(res);
  }

  Result exec(std::string_view sql, const std::vector<Value>& params) {
    const std::string& name = prepared_name(sql, params.size());
    Params p(params);
    PGresult* res =
        PQexecPrepared(conn_, name.c_str(), p.count(), p.values.data(), p.lengths.data(), p.formats.data(), 0);
    Clear clear{res};
    ExecStatusType st = PQresultStatus(res);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) throw pg_error(conn_, res, sql);
    return to_result(res);
  }

  // One statement of a pipeline: params == nullptr sends `sql` as is (BEGIN, COMMIT).
  struct Stmt {
    std::string_view sql;
    const std::vector<Value>* params = nullptr;
  };

  // Sends every statement, then one Sync, and reads the results: one network round trip
  // for all of them (libpq pipeline mode). The first failure is thrown after the rest of
  // the pipeline is drained; the server skips the statements after a failed one, and an
  // explicit transaction it belongs to is left aborted for the caller to roll back.
  std::vector<Result> pipeline(const std::vector<Stmt>& stmts) {
    std::vector<const std::string*> names(stmts.size(), nullptr);
    std::vector<Params> params;
    params.reserve(stmts.size());
    for (std::size_t i = 0; i < stmts.size(); ++i) {
      if (stmts[i].params) names[i] = &prepared_name(stmts[i].sql, stmts[i].params->size());  // before the pipeline
      params.emplace_back(stmts[i].params ? *stmts[i].params : std::vector<Value>{});
    }
    if (PQenterPipelineMode(conn_) != 1) throw broken("enter pipeline mode");
    for (std::size_t i = 0; i < stmts.size(); ++i) {
      Params& p = params[i];
      int ok = names[i] ? PQsendQueryPrepared(conn_, names[i]->c_str(), p.count(), p.values.data(), p.lengths.data(),
                                              p.formats.data(), 0)
                        : PQsendQueryParams(conn_, std::string(stmts[i].sql).c_str(), 0, nullptr, nullptr, nullptr,
                                            nullptr, 0);
      if (ok != 1) throw broken("send");
    }
    if (PQpipelineSync(conn_) != 1) throw broken("sync");
    std::vector<Result> out(stmts.size());
    std::optional<DbError> first;
    for (std::size_t i = 0; i < stmts.size(); ++i) {
      PGresult* res = PQgetResult(conn_);
      if (!res) throw broken("missing result");
      Clear clear{res};
      ExecStatusType st = PQresultStatus(res);
      if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
        out[i] = to_result(res);
      } else if (st != PGRES_PIPELINE_ABORTED && !first) {
        first = pg_error(conn_, res, stmts[i].sql);
      }
      if (PGresult* end = PQgetResult(conn_)) {  // each statement's results end with a null
        PQclear(end);
        throw broken("unexpected result");
      }
    }
    PGresult* sync = PQgetResult(conn_);
    bool synced = sync && PQresultStatus(sync) == PGRES_PIPELINE_SYNC;
    PQclear(sync);
    if (!synced || PQexitPipelineMode(conn_) != 1) throw broken("pipeline sync");
    if (first) throw *first;
    return out;
  }

 private:
  struct Clear {
    PGresult* r;
    ~Clear() { PQclear(r); }
  };

  // Parameters in libpq's form: text, except blobs (binary); a null pointer is NULL.
  struct Params {
    explicit Params(const std::vector<Value>& params)
        : text(params.size()), values(params.size()), lengths(params.size()), formats(params.size()) {
      for (std::size_t i = 0; i < params.size(); ++i) {
        const Value& v = params[i];
        if (std::holds_alternative<std::nullptr_t>(v)) continue;
        if (auto p = std::get_if<std::int64_t>(&v)) {
          text[i] = std::to_string(*p);
        } else if (auto d = std::get_if<double>(&v)) {
          char buf[32];
          std::snprintf(buf, sizeof buf, "%.17g", *d);
          text[i] = buf;
        } else if (auto s = std::get_if<std::string>(&v)) {
          text[i] = *s;
        } else if (auto b = std::get_if<Blob>(&v)) {
          text[i] = b->bytes;
          formats[i] = 1;  // binary
        }
        values[i] = text[i].data();
        lengths[i] = static_cast<int>(text[i].size());
      }
    }
    int count() const { return static_cast<int>(values.size()); }
    std::vector<std::string> text;
    std::vector<const char*> values;
    std::vector<int> lengths;
    std::vector<int> formats;
  };

  static Result to_result(const PGresult* res) {
    Result out;
    int ncol = PQnfields(res);
    int nrow = PQntuples(res);
    for (int c = 0; c < ncol; ++c) out.columns.emplace_back(PQfname(res, c));
    out.rows.reserve(static_cast<std::size_t>(nrow));
    for (int r = 0; r < nrow; ++r) {
      std::vector<Value> row;
      row.reserve(static_cast<std::size_t>(ncol));
      for (int c = 0; c < ncol; ++c) row.push_back(decode(res, r, c));
      out.rows.emplace_back(std::move(row));
    }
    const char* tuples = PQcmdTuples(const_cast<PGresult*>(res));
    out.changes = (tuples && *tuples) ? std::atoll(tuples) : 0;
    return out;
  }

  // A protocol-level failure leaves the connection in an unknown state: healthy() turns
  // false and the owner replaces it.
  DbError broken(std::string_view what) {
    broken_ = true;
    std::string msg = "pipeline " + std::string(what) + ": " + PQerrorMessage(conn_);
    return DbError(DbError::Kind::connection, msg);
  }

  const std::string& prepared_name(std::string_view sql, std::size_t nparams) {
    auto it = prepared_.find(std::string(sql));
    if (it != prepared_.end()) return it->second;
    std::string name = "s" + std::to_string(prepared_.size());
    std::string text = to_dollar_params(sql);
    PGresult* res = PQprepare(conn_, name.c_str(), text.c_str(), static_cast<int>(nparams), nullptr);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
      DbError err = pg_error(conn_, res, "prepare: " + std::string(sql));
      PQclear(res);
      throw err;
    }
    PQclear(res);
    return prepared_.emplace(std::string(sql), std::move(name)).first->second;
  }

  static Value decode(const PGresult* res, int r, int c) {
    if (PQgetisnull(res, r, c)) return nullptr;
    const char* v = PQgetvalue(res, r, c);
    int len = PQgetlength(res, r, c);
    switch (PQftype(res, c)) {
      case kInt8:
      case kInt4:
      case kInt2:
        return static_cast<std::int64_t>(std::atoll(v));
      case kBool:
        return static_cast<std::int64_t>(v[0] == 't' ? 1 : 0);
      case kFloat4:
      case kFloat8:
      case kNumeric:
        return std::strtod(v, nullptr);
      case kBytea: {
        std::size_t n = 0;
        unsigned char* raw = PQunescapeBytea(reinterpret_cast<const unsigned char*>(v), &n);
        Blob b{std::string(reinterpret_cast<const char*>(raw), n)};
        PQfreemem(raw);
        return b;
      }
      default:
        return std::string(v, static_cast<std::size_t>(len));
    }
  }

  PGconn* conn_ = nullptr;
  bool broken_ = false;
  std::unordered_map<std::string, std::string> prepared_;
};

// A transaction on one connection. BEGIN is not sent on its own: it travels in one
// pipeline with the first statement, and the deferred inserts travel with COMMIT, so a
// transaction of n statements costs n round trips (at least one) instead of n + 2.
class PgTx final : public Tx {
 public:
  PgTx(PgConnection& c, const char* begin) : conn_(c), begin_(begin) {}
  Result exec(std::string_view sql, const std::vector<Value>& params) override {
    if (!begin_) return conn_.exec(sql, params);
    const char* begin = std::exchange(begin_, nullptr);
    started_ = true;
    return std::move(conn_.pipeline({{begin}, {sql, &params}})[1]);
  }
  void insert_later(std::string_view sql, const std::vector<Value>& params) override { deferred_.add(sql, params); }
  void add_later(const CounterSpec& spec, std::vector<Value> key, const std::vector<std::int64_t>& deltas) override {
    deferred_.add_counters(spec, std::move(key), deltas);
  }
  Dialect dialect() const override { return Dialect::postgres; }

  // True once BEGIN has been sent: a failure after it needs a ROLLBACK.
  bool started() const { return started_; }

  // Sends the deferred inserts (merged into multi-row INSERTs) and COMMIT in one
  // pipeline. Throws the first failure; the transaction is then aborted.
  void commit() {
    auto merged = deferred_.take();
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

 private:
  PgConnection& conn_;
  const char* begin_;  // pending BEGIN, sent with the first statement
  bool started_ = false;
  DeferredInserts deferred_;
};

class PgDatabase final : public Database {
 public:
  PgDatabase(std::string url, const Options& options) : url_(std::move(url)), options_(options) {
    release(std::make_unique<PgConnection>(url_));  // fail fast on a bad URL
    for (int i = 0; i < options_.pg_writers; ++i) {
      writers_.emplace_back([this] {
        pthread_setname_np(pthread_self(), "wg-pg-write");
        writer_loop();
      });
    }
  }

  ~PgDatabase() override {
    {
      std::lock_guard lock(queue_mu_);
      stopping_ = true;
    }
    queue_cv_.notify_all();
    for (auto& t : writers_) t.join();
  }

  void read(const std::function<void(Tx&)>& fn) override { run(fn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); }

  // Group commit, as on SQLite: a few writer connections each take a batch of queued
  // closures and run them in one transaction (one WAL flush). PostgreSQL has no cheap
  // savepoints over the wire, so a batch runs without them; if any closure throws, the
  // batch is rolled back and its closures are run again one transaction each, which
  // gives every caller exactly its own outcome.
  void write(const std::function<void(Tx&)>& fn) override {
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
  void write_async(std::function<void(Tx&)> fn, std::function<void(std::exception_ptr)> done) override {
    {
      std::lock_guard lock(queue_mu_);
      queue_.push_back(WriteJob::async(std::move(fn), std::move(done)));  // deleted by Job::finish()
    }
    queue_cv_.notify_one();
  }
  bool async_writes() const override { return true; }
  void bulk(const std::function<void(Tx&)>& fn) override { run(fn, "BEGIN"); }

  Stats stats() const override {
    std::lock_guard lock(mu_);
    Stats s;
    s.write_queue_depth = writes_in_flight_;
    s.commits = commits_;
    s.writes = writes_;
    s.read_connections = static_cast<std::int64_t>(idle_.size());
    return s;
  }

  Dialect dialect() const override { return Dialect::postgres; }
  std::string describe() const override {
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

 private:
  using Job = WriteJob;

  void writer_loop() {
    std::unique_ptr<PgConnection> conn;
    for (;;) {
      std::vector<Job*> batch;
      {
        std::unique_lock lock(queue_mu_);
        queue_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping
        while (!queue_.empty() && static_cast<int>(batch.size()) < options_.max_batch) {
          batch.push_back(queue_.front());
          queue_.pop_front();
        }
      }
      writes_in_flight_ += static_cast<std::int64_t>(batch.size());
      try {
        if (!conn || !conn->healthy()) conn = std::make_unique<PgConnection>(url_);
        run_batch(*conn, batch);
      } catch (...) {
        // The connection failed: every job not answered yet (run_batch clears the ones it
        // answered) learns it; an answered promise must not be set twice.
        for (Job*& j : batch) {
          if (j) Job::finish(j, std::current_exception());
          j = nullptr;
        }
        conn.reset();
      }
      writes_in_flight_ -= static_cast<std::int64_t>(batch.size());
    }
  }

  void run_batch(PgConnection& conn, std::vector<Job*>& batch) {
    if (batch.size() > 1) {
      bool ok = true;
      PgTx tx(conn, "BEGIN");
      for (Job* j : batch) {
        try {
          (*j->fn)(tx);
        } catch (...) {
          ok = false;
          break;
        }
      }
      if (ok) {
        try {
          tx.commit();
        } catch (const DbError& e) {
          if (!conn.healthy()) throw;
          ok = false;  // e.g. a deferred insert or serialization failure: go one by one
        }
        if (ok) {
          ++commits_;
          writes_ += static_cast<std::int64_t>(batch.size());
          for (Job*& j : batch) {
            Job::finish(j, nullptr);
            j = nullptr;
          }
          return;
        }
      }
      tx.rollback();
      if (!conn.healthy()) throw DbError(DbError::Kind::connection, "connection lost in a write batch");
    }
    // One transaction per closure, retrying deadlocks and serialization failures. Each
    // answered job is cleared from the batch (see writer_loop).
    for (Job*& slot : batch) {
      Job* j = slot;
      for (int attempt = 0;; ++attempt) {
        PgTx tx(conn, "BEGIN");
        try {
          (*j->fn)(tx);
          tx.commit();
          ++commits_;
          ++writes_;
          slot = nullptr;
          Job::finish(j, nullptr);
          break;
        } catch (const DbError& e) {
          tx.rollback();
          if (e.kind() == DbError::Kind::busy && attempt < 3) continue;
          if (!conn.healthy()) throw;
          slot = nullptr;
          Job::finish(j, std::current_exception());
          break;
        } catch (...) {
          tx.rollback();
          slot = nullptr;
          Job::finish(j, std::current_exception());
          break;
        }
      }
    }
  }

  void run(const std::function<void(Tx&)>& fn, const char* begin) {
    std::unique_ptr<PgConnection> conn = acquire();
    PgTx tx(*conn, begin);
    try {
      fn(tx);
      tx.commit();
    } catch (...) {
      try {
        tx.rollback();
        release(std::move(conn));
      } catch (...) {
      }
      throw;
    }
    release(std::move(conn));
  }

  std::unique_ptr<PgConnection> acquire() {
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

  void release(std::unique_ptr<PgConnection> c) {
    std::lock_guard lock(mu_);
    if (c->healthy() && static_cast<int>(idle_.size()) < options_.read_pool * 4) {
      idle_.push_back(std::move(c));
    }
  }

  std::string url_;
  Options options_;
  mutable std::mutex mu_;
  std::vector<std::unique_ptr<PgConnection>> idle_;
  std::atomic<std::int64_t> writes_in_flight_{0};
  std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::deque<Job*> queue_;
  bool stopping_ = false;
  std::vector<std::thread> writers_;
  std::atomic<std::int64_t> commits_{0};
  std::atomic<std::int64_t> writes_{0};
};

}  // namespace

std::unique_ptr<Database> open_postgres(const std::string& url, const Options& options) {
  return std::make_unique<PgDatabase>(url, options);
}

}  // namespace wangge::storage
