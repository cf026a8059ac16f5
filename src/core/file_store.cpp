#include "core/file_store.h"

#include <sodium.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include "core/files.h"
#include "core/storage/database.h"
#include "core/storage/rows.h"

namespace wangge::files {

namespace fs = std::filesystem;

void check_name(std::string_view name) {
  auto bad = [&] { throw std::invalid_argument("not a stored file name: " + std::string(name)); };
  if (name.empty() || name.size() > 400) bad();
  std::size_t at = 0;
  while (at <= name.size()) {
    std::size_t end = name.find('/', at);
    if (end == std::string_view::npos) end = name.size();
    std::string_view seg = name.substr(at, end - at);
    if (seg.empty() || seg.front() == '.') bad();
    for (char c : seg) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') bad();
    }
    at = end + 1;
  }
}

namespace {

// ------------------------------------------------------------------ a directory

class DirectoryStore final : public FileStore {
 public:
  DirectoryStore(std::string dir, const Crypto& crypto) : dir_(std::move(dir)), crypto_(crypto) {}

  void put(const std::string& name, std::string_view plain) override {
    check_name(name);
    write_sealed(path(name), plain, crypto_);
  }
  std::optional<std::string> get(const std::string& name) override {
    check_name(name);
    std::error_code ec;
    if (!fs::exists(path(name), ec)) return std::nullopt;
    return read_sealed(path(name), crypto_);
  }
  bool exists(const std::string& name) override {
    check_name(name);
    std::error_code ec;
    return fs::exists(path(name), ec);
  }
  void remove(const std::string& name) override {
    check_name(name);
    std::error_code ec;
    fs::remove(path(name), ec);
  }
  std::vector<StoredFile> list(const std::string& prefix) override {
    std::vector<StoredFile> out;
    std::error_code ec;
    // The directory part of the prefix bounds the walk.
    std::string base = dir_ + "/" + prefix.substr(0, prefix.rfind('/') == std::string::npos ? 0 : prefix.rfind('/'));
    if (!fs::exists(base, ec)) return out;
    for (auto it = fs::recursive_directory_iterator(base, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      std::error_code ec2;
      if (!it->is_regular_file(ec2)) continue;
      std::string name = fs::relative(it->path(), dir_, ec2).generic_string();
      if (ec2 || name.rfind(prefix, 0) != 0) continue;
      auto t = it->last_write_time(ec2);
      auto ms =
          std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::file_clock::to_sys(t).time_since_epoch())
              .count();
      out.push_back(StoredFile{std::move(name), ms});
    }
    return out;
  }
  std::string where() const override { return dir_; }
  std::optional<std::string> directory() const override { return dir_; }

 private:
  std::string path(const std::string& name) const { return dir_ + "/" + name; }
  std::string dir_;
  const Crypto& crypto_;
};

// ------------------------------------------------------------------ the database

constexpr std::size_t kChunk = std::size_t{4} * 1024 * 1024;
constexpr std::size_t kChunksPerTx = 8;  // 32 MiB a transaction

class DatabaseStore final : public FileStore {
 public:
  DatabaseStore(storage::Database& db, const Crypto& crypto) : db_(db), crypto_(crypto) {}

  void put(const std::string& name, std::string_view plain) override {
    check_name(name);
    std::string sealed = crypto_.seal_file(plain);
    const std::size_t n = std::max<std::size_t>(1, (sealed.size() + kChunk - 1) / kChunk);
    auto chunk = [&](std::size_t i) {
      return storage::Blob{
          sealed.substr(i * kChunk, std::min(kChunk, sealed.size() - std::min(sealed.size(), i * kChunk)))};
    };
    auto insert_chunks = [&](storage::Tx& tx, std::size_t from, std::size_t to) {
      for (std::size_t i = from; i < to; ++i)
        tx.exec("INSERT INTO stored_file_chunks (name, seq, bytes) VALUES (?, ?, ?)",
                {name, static_cast<std::int64_t>(i), chunk(i)});
    };
    auto insert_file = [&](storage::Tx& tx) {
      tx.exec("INSERT INTO stored_files (name, size, chunks, created_at) VALUES (?, ?, ?, ?)",
              {name, static_cast<std::int64_t>(sealed.size()), static_cast<std::int64_t>(n), storage::now_ms()});
    };
    // Small files (every attachment) in one transaction: replaced whole or not at all.
    // Larger ones in transactions of kChunksPerTx chunks, the row last: until it commits the
    // file does not exist (a crash leaves chunks without a row, removed by sweep_orphans).
    if (n <= kChunksPerTx) {
      db_.write([&](storage::Tx& tx) {
        erase(tx, name);
        insert_chunks(tx, 0, n);
        insert_file(tx);
      });
      return;
    }
    db_.write([&](storage::Tx& tx) { erase(tx, name); });
    for (std::size_t from = 0; from < n; from += kChunksPerTx) {
      std::size_t to = std::min(n, from + kChunksPerTx);
      db_.write([&](storage::Tx& tx) {
        insert_chunks(tx, from, to);
        if (to == n) insert_file(tx);
      });
    }
  }

  std::optional<std::string> get(const std::string& name) override {
    check_name(name);
    std::optional<std::string> sealed;
    db_.read([&](storage::Tx& tx) {
      auto head = tx.exec("SELECT size, chunks FROM stored_files WHERE name = ?", {name});
      if (head.rows.empty()) return;
      const auto size = static_cast<std::size_t>(head.rows[0].i64(0));
      const auto chunks = head.rows[0].i64(1);
      auto body =
          tx.exec("SELECT bytes FROM stored_file_chunks WHERE name = ? AND seq < ? ORDER BY seq", {name, chunks});
      std::string out;
      out.reserve(size);
      for (const auto& r : body.rows) out += r.str(0);
      if (static_cast<std::int64_t>(body.rows.size()) != chunks || out.size() != size)
        throw std::runtime_error("stored file " + name + " is incomplete in the database");
      sealed = std::move(out);
    });
    if (!sealed) return std::nullopt;
    auto plain = crypto_.open_file(*sealed);
    if (!plain) throw std::runtime_error("stored file " + name + " is not sealed under the data key");
    return plain;
  }

  bool exists(const std::string& name) override {
    check_name(name);
    bool found = false;
    db_.read([&](storage::Tx& tx) { found = !tx.exec("SELECT 1 FROM stored_files WHERE name = ?", {name}).empty(); });
    return found;
  }

  void remove(const std::string& name) override {
    check_name(name);
    db_.write([&](storage::Tx& tx) { erase(tx, name); });
  }

  std::vector<StoredFile> list(const std::string& prefix) override {
    std::vector<StoredFile> out;
    db_.read([&](storage::Tx& tx) {
      // Names hold no LIKE wildcards but '_': compared by prefix instead.
      for (const auto& r :
           tx.exec("SELECT name, created_at FROM stored_files WHERE substr(name, 1, ?) = ? ORDER BY name",
                   {static_cast<std::int64_t>(prefix.size()), prefix})
               .rows)
        out.push_back(StoredFile{r.str(0), r.i64(1)});
      // Chunks a crash left without their row: listed with no time, so a sweep removes them.
      for (const auto& r : tx.exec("SELECT DISTINCT c.name FROM stored_file_chunks c WHERE substr(c.name, 1, ?) = ? "
                                   "AND NOT EXISTS (SELECT 1 FROM stored_files f WHERE f.name = c.name)",
                                   {static_cast<std::int64_t>(prefix.size()), prefix})
                               .rows)
        out.push_back(StoredFile{r.str(0), 0});
    });
    return out;
  }

  std::string where() const override { return "the database"; }
  std::optional<std::string> directory() const override { return std::nullopt; }

 private:
  static void erase(storage::Tx& tx, const std::string& name) {
    tx.exec("DELETE FROM stored_files WHERE name = ?", {name});
    tx.exec("DELETE FROM stored_file_chunks WHERE name = ?", {name});
  }
  storage::Database& db_;
  const Crypto& crypto_;
};

}  // namespace

std::unique_ptr<FileStore> directory_store(std::string dir, const Crypto& crypto) {
  fs::create_directories(dir);
  return std::make_unique<DirectoryStore>(std::move(dir), crypto);
}

std::unique_ptr<FileStore> database_store(storage::Database& db, const Crypto& crypto) {
  return std::make_unique<DatabaseStore>(db, crypto);
}

std::size_t move_into(FileStore& to, const std::string& dir, const std::string& prefix, const Crypto& crypto) {
  std::error_code ec;
  const std::string base = dir + "/" + prefix;
  if (!fs::is_directory(base, ec)) return 0;
  std::vector<fs::path> found;
  for (auto it = fs::recursive_directory_iterator(base, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    std::error_code ec2;
    if (it->is_regular_file(ec2)) found.push_back(it->path());
  }
  std::size_t moved = 0;
  for (const auto& path : found) {
    std::string name = fs::relative(path, dir, ec).generic_string();
    if (path.filename().string().find(".tmp") != std::string::npos) {  // a crash's temporary file (name.tmpPID-N)
      fs::remove(path, ec);
      continue;
    }
    try {
      check_name(name);
    } catch (const std::invalid_argument&) {
      continue;  // not a stored file (a marker such as .sealed)
    }
    auto bytes = read(path.string());
    if (!bytes) throw std::runtime_error("cannot read " + path.string());
    std::optional<std::string> plain = Crypto::is_sealed_file(*bytes) ? crypto.open_file(*bytes) : std::move(bytes);
    if (!plain) throw std::runtime_error(path.string() + " is not sealed under the data key");
    to.put(name, *plain);
    sodium_memzero(plain->data(), plain->size());
    fs::remove(path, ec);
    ++moved;
  }
  return moved;
}

}  // namespace wangge::files
