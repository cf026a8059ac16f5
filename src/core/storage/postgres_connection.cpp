// PostgreSQL backend: PgConnection, one libpq connection (prepared statements, pipeline
// mode, results decoded to Values), and the mapping of SQLSTATEs to DbError kinds (see
// postgres_impl.h).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <variant>

#include "core/storage/postgres_impl.h"

namespace wangge::storage::pg_impl {
namespace {

// Type OIDs from pg_type.h (stable across versions).
constexpr Oid kBool = 16, kBytea = 17, kInt8 = 20, kInt2 = 21, kInt4 = 23, kFloat4 = 700, kFloat8 = 701,
              kNumeric = 1700;

}  // namespace

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
    // The server is gone or going (08: connection exceptions; 57P01-57P03: shut down,
    // crashed, starting), or this is a standby (25006: a read-only transaction was asked to
    // write, as when a primary has just been demoted): the request may succeed once the
    // nodes reach the (new) primary.
    else if (std::strncmp(state, "08", 2) == 0 || std::strncmp(state, "57P", 3) == 0 ||
             std::strcmp(state, "25006") == 0)
      kind = DbError::Kind::connection;
  } else if (PQstatus(conn) != CONNECTION_OK) {
    kind = DbError::Kind::connection;
  }
  return DbError(kind, msg);
}

PgConnection::PgConnection(const std::string& url) {
  conn_ = PQconnectdb(url.c_str());
  if (PQstatus(conn_) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn_);
    PQfinish(conn_);
    throw DbError(DbError::Kind::connection, "connect: " + msg);
  }
  simple("SET client_encoding = 'UTF8'");
  simple("SET synchronous_commit = on");
  simple("SET client_min_messages = warning");
  // No JIT compilation: its threshold is the planner's cost estimate, not the time a statement
  // takes. A handler's overdue tab, one LATERAL walk over 35 (department, status) pairs, is
  // estimated at 636,000 (each pair's walk costed as if it read all its 841 rows) and runs in
  // 8 ms, but crossed jit_above_cost and spent 570 ms compiling 94 functions (docs/EVENTS.md).
  // Over the benchmarks at ten million events no other statement of the server had been
  // compiled (pg_stat_statements' jit_functions): it only ever costs.
  simple("SET jit = off");
}

void PgConnection::simple(const char* sql) {
  PGresult* res = PQexec(conn_, sql);
  ExecStatusType st = PQresultStatus(res);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    DbError err = pg_error(conn_, res, sql);
    PQclear(res);
    throw err;  // NOLINT(misc-throw-by-value-catch-by-reference): made before the result it reads is freed
  }
  PQclear(res);
}

Result PgConnection::exec(std::string_view sql, const std::vector<Value>& params, bool custom_plan) {
  Params p(params);
  PGresult* res = custom_plan ? PQexecParams(conn_, to_dollar_params(sql).c_str(), p.count(), nullptr, p.values.data(),
                                             p.lengths.data(), p.formats.data(), 0)
                              : PQexecPrepared(conn_, prepared_name(sql, params.size()).c_str(), p.count(),
                                               p.values.data(), p.lengths.data(), p.formats.data(), 0);
  Clear clear{res};
  ExecStatusType st = PQresultStatus(res);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) throw pg_error(conn_, res, sql);
  return to_result(res);
}

std::vector<Result> PgConnection::pipeline(const std::vector<Stmt>& stmts) {
  std::vector<const std::string*> names(stmts.size(), nullptr);
  std::vector<Params> params;
  params.reserve(stmts.size());
  for (std::size_t i = 0; i < stmts.size(); ++i) {
    if (stmts[i].params && !stmts[i].custom_plan)
      names[i] = &prepared_name(stmts[i].sql, stmts[i].params->size());  // before the pipeline
    params.emplace_back(stmts[i].params ? *stmts[i].params : std::vector<Value>{});
  }
  if (PQenterPipelineMode(conn_) != 1) throw broken("enter pipeline mode");
  for (std::size_t i = 0; i < stmts.size(); ++i) {
    Params& p = params[i];
    int ok = names[i] ? PQsendQueryPrepared(conn_, names[i]->c_str(), p.count(), p.values.data(), p.lengths.data(),
                                            p.formats.data(), 0)
             : stmts[i].custom_plan ? PQsendQueryParams(conn_, to_dollar_params(stmts[i].sql).c_str(), p.count(),
                                                        nullptr, p.values.data(), p.lengths.data(), p.formats.data(), 0)
                                    : PQsendQueryParams(conn_, std::string(stmts[i].sql).c_str(), 0, nullptr, nullptr,
                                                        nullptr, nullptr, 0);
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
  if (first)
    throw *first;  // NOLINT(misc-throw-by-value-catch-by-reference): the first failure, kept while the pipeline drained
  return out;
}

PgConnection::Params::Params(const std::vector<Value>& params)
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

Result PgConnection::to_result(const PGresult* res) {
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
DbError PgConnection::broken(std::string_view what) {
  broken_ = true;
  std::string msg = "pipeline " + std::string(what) + ": " + PQerrorMessage(conn_);
  return DbError(DbError::Kind::connection, msg);
}

const std::string& PgConnection::prepared_name(std::string_view sql, std::size_t nparams) {
  auto it = prepared_.find(std::string(sql));
  if (it != prepared_.end()) return it->second;
  std::string name = "s" + std::to_string(prepared_.size());
  std::string text = to_dollar_params(sql);
  PGresult* res = PQprepare(conn_, name.c_str(), text.c_str(), static_cast<int>(nparams), nullptr);
  if (PQresultStatus(res) != PGRES_COMMAND_OK) {
    DbError err = pg_error(conn_, res, "prepare: " + std::string(sql));
    PQclear(res);
    throw err;  // NOLINT(misc-throw-by-value-catch-by-reference): made before the result it reads is freed
  }
  PQclear(res);
  return prepared_.emplace(std::string(sql), std::move(name)).first->second;
}

Value PgConnection::decode(const PGresult* res, int r, int c) {
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

}  // namespace wangge::storage::pg_impl
