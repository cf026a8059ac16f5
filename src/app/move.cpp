#include "app/move.h"

#include <sodium.h>

#include <cstdlib>
#include <iomanip>
#include <ostream>

#include "core/crypto.h"
#include "core/deployment.h"
#include "core/file_store.h"
#include "core/files.h"
#include "core/storage/copy.h"
#include "core/storage/migrations.h"

namespace wangge {
namespace {

// Copies the files of `from` into `to` and checks each one read back; how many differ.
std::size_t move_files(files::FileStore& from, files::FileStore& to, std::ostream& out) {
  std::size_t moved = 0, differ = 0;
  std::int64_t bytes = 0;
  for (const char* prefix : {"attachments/", "imports/"}) {
    for (const auto& f : from.list(prefix)) {
      auto plain = from.get(f.name);
      if (!plain) continue;  // a crash's leftover chunks (a database store): nothing to keep
      to.put(f.name, *plain);
      auto back = to.get(f.name);
      if (!back || *back != *plain) {
        out << "  file " << f.name << " differs after the copy\n";
        ++differ;
      }
      bytes += static_cast<std::int64_t>(plain->size());
      sodium_memzero(plain->data(), plain->size());
      if (back) sodium_memzero(back->data(), back->size());
      ++moved;
    }
  }
  out << "files: " << moved << " (" << bytes << " bytes) copied from " << from.where() << " into the database, "
      << (differ == 0 ? "each read back equal" : std::to_string(differ) + " differ") << "\n";
  return differ;
}

}  // namespace

int move_to(const Config& cfg, const std::string& target_url, std::ostream& out) {
  const std::string source_url = cfg.database_url();
  if (source_url.rfind("postgres", 0) == 0) throw std::runtime_error("move-to moves a SQLite deployment");
  if (target_url.rfind("postgres", 0) != 0) throw std::runtime_error("--database must be a postgresql:// URL");
  // No server may change the source meanwhile: they hold the lock shared while they run.
  std::unique_ptr<files::FileLock> lock;
  try {
    lock = std::make_unique<files::FileLock>(source_url + ".lock", true);
  } catch (const std::runtime_error&) {
    throw std::runtime_error("a Wangge process is using " + source_url + ": stop it before moving the deployment");
  }
  auto source = storage::Database::open(source_url);
  storage::migrate(*source, storage::embedded_migrations());
  const char* key = std::getenv("WANGGE_DATA_KEY");  // NOLINT(concurrency-mt-unsafe): a command, one thread
  const std::string key_file = cfg.data_key_file.empty() ? cfg.data_dir + "/keys/data.key" : cfg.data_key_file;
  Crypto crypto = Crypto::load(key ? key : "", key_file);
  deployment::verify_data_key(*source, crypto);  // the source's personal data is sealed under this key
  const bool files_in_source_db = cfg.files == "database";
  auto source_files = files_in_source_db ? files::database_store(*source, crypto)
                                         : files::directory_store(cfg.files.empty() ? cfg.data_dir : cfg.files, crypto);

  auto target = storage::Database::open(target_url);
  storage::migrate(*target, storage::embedded_migrations());
  out << "moving " << source->describe() << " into " << target->describe() << "\n";
  storage::copy_database(*source, *target, [&](const std::string& table, std::int64_t rows) {
    out << "  " << std::left << std::setw(28) << table << rows << " rows\n" << std::flush;
  });
  auto target_files = files::database_store(*target, crypto);
  std::size_t files_differ = files_in_source_db ? 0 : move_files(*source_files, *target_files, out);

  std::size_t tables_differ = 0;
  std::int64_t rows = 0;
  for (const auto& t : storage::verify_copy(*source, *target)) {
    rows += t.target_rows;
    // Files from a directory are in the target's file tables only (checked one by one above).
    const bool file_table = t.table == "stored_files" || t.table == "stored_file_chunks";
    if (t.same() || (file_table && !files_in_source_db)) continue;
    ++tables_differ;
    out << "  table " << t.table << " differs: " << t.source_rows << " rows (" << t.source_digest << ") in the source, "
        << t.target_rows << " (" << t.target_digest << ") in the target\n";
  }
  out << "verified: " << rows << " rows, "
      << (tables_differ == 0 ? "every table's count and digest equal"
                             : std::to_string(tables_differ) + " tables differ")
      << "\n";
  if (tables_differ + files_differ > 0) return 1;
  deployment::verify_files(*target, "database");  // the nodes keep their files there
  out << "done. Start every node with --database " << target->describe() << " and this deployment's data key ("
      << (key ? std::string("WANGGE_DATA_KEY") : key_file) << "); keep " << source_url
      << " until you have checked the town runs on PostgreSQL.\n";
  return 0;
}

}  // namespace wangge
