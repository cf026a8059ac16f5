// Files the server keeps under its data directory (uploads, imported CSVs). Personal data
// lands in them, so they are kept sealed under the data key (Crypto::seal_file) and written
// durably: a temporary file, fsync, rename, fsync of the directory, so that a file answered
// 2xx survives a crash whole or, before the rename, not at all.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/crypto.h"

namespace wangge::files {

// Writes `bytes` to `path` durably (creating its directory); mode 0640. Throws
// std::runtime_error on any failure, leaving no partial file at `path`.
void write_durably(const std::string& path, std::string_view bytes);
// The whole file; nullopt when it cannot be read.
std::optional<std::string> read(const std::string& path);

// Seals `plain` under the data key and writes it durably to `path`.
void write_sealed(const std::string& path, std::string_view plain, const Crypto& crypto);
// The plain bytes of a file written by write_sealed. Throws std::runtime_error when it is
// missing, or not sealed under this key (altered or truncated).
std::string read_sealed(const std::string& path, const Crypto& crypto);

// Seals a file kept in clear by an older version, in place (durably); true when it did.
// A file already sealed is left alone.
bool seal_in_place(const std::string& path, const Crypto& crypto);

// An advisory lock (flock) on `path`, created if missing, held while the object lives.
// Shared: every process that uses a SQLite deployment; exclusive: `wangge move-to`, which
// must have it to itself. Throws std::runtime_error when another process holds it in a
// conflicting mode (does not wait).
class FileLock {
 public:
  FileLock(const std::string& path, bool exclusive);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace wangge::files
