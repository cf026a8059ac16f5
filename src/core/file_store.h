// Where the server keeps the files it must keep: attachments (photos, videos, documents)
// and uploaded import files until their job is done. Every file is sealed under the data key
// (Crypto::seal_file: personal data lands in them) and durable before put() returns, so an
// answer given after put() never points at a file a crash can lose.
//
// Two stores, chosen by the `files` setting (README "Configuration"):
//   - a directory (the default on SQLite: DATA): one file per name under it, written with
//     a temporary file, fsync, rename and fsync of the directory;
//   - the database (the default on PostgreSQL, "database"): the sealed bytes in rows of
//     stored_files and stored_file_chunks (4 MiB each), committed with the primary and so
//     replicated and backed up with everything else. Every node sharing the database sees
//     every file.
// Several nodes on one PostgreSQL may also share a directory (NFS, CephFS):
// deployment::verify_files refuses a node whose directory is not the one the
// others use.
//
// Names are relative paths of [A-Za-z0-9._-] segments separated by '/', no segment
// starting with '.': "attachments/ab/cd/abcd...", "imports/1700000000000-3-42.csv.sealed".
// Thread contract: every method may be called from any thread at once.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto.h"

namespace wangge::storage {
class Database;
}

namespace wangge::files {

struct StoredFile {
  std::string name;
  std::int64_t created_at_ms = 0;
};

class FileStore {
 public:
  virtual ~FileStore() = default;
  // Seals `plain` and keeps it under `name`, replacing any file of that name; durable on
  // return. Throws std::runtime_error (or a storage error) on failure, keeping nothing.
  virtual void put(const std::string& name, std::string_view plain) = 0;
  // The plain bytes; nullopt when there is no such file. Throws std::runtime_error when the
  // file is not sealed under this key (altered, truncated, foreign).
  virtual std::optional<std::string> get(const std::string& name) = 0;
  virtual bool exists(const std::string& name) = 0;
  // Removes the file if it is there.
  virtual void remove(const std::string& name) = 0;
  // The files whose names start with `prefix` ("imports/").
  virtual std::vector<StoredFile> list(const std::string& prefix) = 0;
  // For logs and messages: the directory, or "the database".
  virtual std::string where() const = 0;
  // The directory when the store is one (legacy upkeep: sealing files kept in clear).
  virtual std::optional<std::string> directory() const = 0;
};

// Throws std::invalid_argument when `name` is not a valid name (see above).
void check_name(std::string_view name);

std::unique_ptr<FileStore> directory_store(std::string dir, const Crypto& crypto);
std::unique_ptr<FileStore> database_store(storage::Database& db, const Crypto& crypto);

// Moves the files under dir/<prefix> (a directory an older version, or a directory store,
// kept) into `to` under the same names: each is put (sealed, durable) and only then removed
// from the directory. Files kept in clear are sealed on the way; a crash's temporary files
// are removed. Returns how many were moved. Throws on a file it cannot read or open.
std::size_t move_into(FileStore& to, const std::string& dir, const std::string& prefix, const Crypto& crypto);

}  // namespace wangge::files
