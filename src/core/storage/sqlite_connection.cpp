// SQLite backend: Connection, one sqlite3 handle with its prepared-statement cache, and
// the mapping of SQLite result codes to DbError kinds (see sqlite_impl.h).
#include <sqlite3.h>

#include <string>
#include <variant>

#include "core/storage/sqlite_impl.h"
#include "core/storage/sqlite_wal_file.h"

namespace wangge::storage::sqlite_impl {

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

Connection::Connection(const std::string& path, bool writer, int busy_timeout_ms) {
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  // The writer appends to the WAL through the VFS that gathers a commit's frames into one
  // write (sqlite_wal_file.h); readers never write it.
  int rc = sqlite3_open_v2(path.c_str(), &db_, flags, writer ? sqlite_wal_vfs() : nullptr);
  if (rc != SQLITE_OK) {
    DbError err = make_error(db_, rc, "open " + path);
    sqlite3_close(db_);
    db_ = nullptr;
    throw err;  // NOLINT(misc-throw-by-value-catch-by-reference): made before the result it reads is freed
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
    // backstop, set high so that a bulk import's large commits do not each make the writer
    // copy its frames itself (measurements: docs/PERFORMANCE.md).
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
Connection::~Connection() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

void Connection::exec_script(const std::string& sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : "";
    sqlite3_free(err);
    throw make_error(db_, rc, msg);
  }
}

Result Connection::exec(std::string_view sql, const std::vector<Value>& params) {
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

sqlite3_stmt* Connection::prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) return it->second;
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) throw make_error(db_, rc, "prepare: " + std::string(sql));
  if (cache_.size() > 512) {
    for (auto& [k, s] : cache_) sqlite3_finalize(s);
    cache_.clear();
  }
  cache_.emplace(std::string(sql), stmt);
  return stmt;
}

void Connection::bind(sqlite3_stmt* stmt, int i, const Value& v) {
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

Value Connection::column(sqlite3_stmt* stmt, int c) {
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

}  // namespace wangge::storage::sqlite_impl
