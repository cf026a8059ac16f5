// Numbered SQL migrations, embedded at build time from migrations/NNNN_name.sql.
//
// A migration is plain SQL common to both engines, with two kinds of markers:
//   @ID@    an auto-increment 64-bit primary key column type
//   @BLOB@  a binary column type
//   @WITHOUT_ROWID@  SQLite's clustered-by-primary-key tables (nothing on PostgreSQL)
// and optional engine-only sections between `-- @sqlite` / `-- @postgres` and `-- @end`.
// Each migration runs in one transaction and is recorded in schema_migrations.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/storage/database.h"

namespace wangge::storage {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

const std::vector<Migration>& embedded_migrations();

// Rewrites a migration's markers and sections for one engine.
std::string render_migration(std::string_view sql, Dialect dialect);

// Applies every migration newer than the recorded version, in order. Returns how many ran.
int migrate(Database& db, const std::vector<Migration>& migrations);

// Splits a SQL script into statements (on ';' outside quotes, comments and $$ bodies).
std::vector<std::string> split_statements(std::string_view sql);

}  // namespace wangge::storage
