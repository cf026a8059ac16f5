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

// SQLite compiles `x IN ('a', 'b', 'c')` (three values or more) into a temporary b-tree
// that each executing statement builds anew, so a CHECK constraint or a partial index
// written that way costs every INSERT and UPDATE of the table one such tree (seven for an
// event row). expand_in_lists rewrites each `name IN (literal, ...)` of three values or
// more in a CREATE TABLE statement as `(name = literal OR ...)`, the same test, evaluated
// in place; other text is unchanged.
std::string expand_in_lists(std::string_view create_table_sql);

// SQLite: applies expand_in_lists to the stored definitions of the tables (the schema's
// text, through writable_schema: a CHECK's text does not affect how rows are stored, and
// the rewritten test accepts exactly the same rows). Indexes are left alone: queries must
// match a partial index's WHERE as written. Idempotent; returns the tables rewritten.
int expand_sqlite_checks(Database& db);

// Splits a SQL script into statements (on ';' outside quotes, comments and $$ bodies).
std::vector<std::string> split_statements(std::string_view sql);

}  // namespace wangge::storage
