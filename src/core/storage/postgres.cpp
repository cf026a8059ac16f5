// PostgreSQL backend through libpq: a pool of connections, one transaction per write
// (PostgreSQL's own WAL group commit batches the fsyncs of concurrent committers), SQL
// rewritten from `?` to `$n` placeholders once per statement text.
#include <libpq-fe.h>

#include <atomic>
#include <cstring>
#include <mutex>
#include <unordered_map>

#include "core/storage/database.h"

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

  bool healthy() const { return PQstatus(conn_) == CONNECTION_OK; }

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
    std::vector<std::string> text(params.size());
    std::vector<const char*> values(params.size());
    std::vector<int> lengths(params.size());
    std::vector<int> formats(params.size());
    for (std::size_t i = 0; i < params.size(); ++i) {
      const Value& v = params[i];
      if (std::holds_alternative<std::nullptr_t>(v)) {
        values[i] = nullptr;
        continue;
      }
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
    PGresult* res = PQexecPrepared(conn_, name.c_str(), static_cast<int>(params.size()), values.data(), lengths.data(),
                                   formats.data(), 0);
    struct Clear {
      PGresult* r;
      ~Clear() { PQclear(r); }
    } clear{res};
    ExecStatusType st = PQresultStatus(res);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) throw pg_error(conn_, res, sql);
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
    const char* tuples = PQcmdTuples(res);
    out.changes = (tuples && *tuples) ? std::atoll(tuples) : 0;
    return out;
  }

 private:
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
  std::unordered_map<std::string, std::string> prepared_;
};

class PgTx final : public Tx {
 public:
  explicit PgTx(PgConnection& c) : conn_(c) {}
  Result exec(std::string_view sql, const std::vector<Value>& params) override { return conn_.exec(sql, params); }
  Dialect dialect() const override { return Dialect::postgres; }

 private:
  PgConnection& conn_;
};

class PgDatabase final : public Database {
 public:
  PgDatabase(std::string url, const Options& options) : url_(std::move(url)), options_(options) {
    release(std::make_unique<PgConnection>(url_));  // fail fast on a bad URL
  }

  void read(const std::function<void(Tx&)>& fn) override { run(fn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); }
  void write(const std::function<void(Tx&)>& fn) override {
    ++writes_in_flight_;
    struct Done {
      PgDatabase* s;
      ~Done() { --s->writes_in_flight_; }
    } done{this};
    run(fn, "BEGIN");
    ++writes_;
    ++commits_;
  }
  void bulk(const std::function<void(Tx&)>& fn) override { run(fn, "BEGIN"); }

  bool ping() override {
    try {
      read([](Tx& tx) { tx.exec("SELECT 1"); });
      return true;
    } catch (const std::exception&) {
      return false;
    }
  }

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
  void run(const std::function<void(Tx&)>& fn, const char* begin) {
    std::unique_ptr<PgConnection> conn = acquire();
    try {
      conn->simple(begin);
      PgTx tx(*conn);
      fn(tx);
      conn->simple("COMMIT");
    } catch (...) {
      if (conn->healthy()) {
        try {
          conn->simple("ROLLBACK");
          release(std::move(conn));
        } catch (...) {
        }
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
  std::atomic<std::int64_t> commits_{0};
  std::atomic<std::int64_t> writes_{0};
};

}  // namespace

std::unique_ptr<Database> open_postgres(const std::string& url, const Options& options) {
  return std::make_unique<PgDatabase>(url, options);
}

}  // namespace wangge::storage
