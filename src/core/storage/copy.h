// Copying a whole SQLite database into an empty PostgreSQL database of the same schema
// version (`wangge move-to`, docs/CLUSTER.md "From SQLite to PostgreSQL"), and checking
// that both hold the same rows.
//
// The copy runs in one PostgreSQL transaction (Database::bulk): all of it commits, or
// nothing does. The target's foreign keys are dropped for the copy and added again before
// the commit, which checks every reference of the copied rows; its other indexes (those no
// constraint owns) are dropped too and built again once the rows are in; identity sequences are set
// past the largest id. Tables only one engine has (SQLite's full-text indexes: FTS5 and its
// shadow tables) are left out; every other table must exist on both sides with the same
// columns (PostgreSQL's generated columns are computed, not copied). Values are copied as
// they are: sealed personal data stays sealed under the same key.
//
// The source must not change during the copy (the caller holds the deployment stopped).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/storage/database.h"

namespace wangge::storage {

struct TableCopy {
  std::string table;
  std::int64_t source_rows = 0, target_rows = 0;
  std::string source_digest, target_digest;  // order-independent digests of the rows (hex)
  bool same() const { return source_rows == target_rows && source_digest == target_digest; }
};

// Copies every table of `from` (SQLite) into `to` (PostgreSQL, migrated to the same version,
// new: no user, region or audit entry; the rows its migrations seeded are replaced). `progress` is told each table once
// it is copied. Throws std::runtime_error on a schema that differs, a target that is not empty, or a row the target
// refuses (nothing is then committed).
void copy_database(Database& from, Database& to, const std::function<void(const std::string&, std::int64_t)>& progress);

// Counts and digests every copied table on both sides. The digest of a table is the sum,
// modulo 2^128, of a BLAKE2b hash of each row's values in a canonical form (so row order,
// which the engines' collations may change, does not matter).
std::vector<TableCopy> verify_copy(Database& from, Database& to);

}  // namespace wangge::storage
