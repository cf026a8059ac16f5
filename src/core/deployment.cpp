#include "core/deployment.h"

#include <sodium.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <stdexcept>
#include <system_error>

#include "core/files.h"
#include "core/storage/database.h"

namespace wangge::deployment {

namespace {

// What the deployment table holds under `key`, recording `proposed` when it holds nothing.
std::string agree(storage::Database& db, const std::string& key, const std::string& proposed) {
  std::string recorded;
  db.write([&](storage::Tx& tx) {
    tx.exec("INSERT INTO deployment (key, value) VALUES (?, ?) ON CONFLICT DO NOTHING", {key, proposed});
    recorded = tx.exec("SELECT value FROM deployment WHERE key = ?", {key}).rows.at(0).str(0);
  });
  return recorded;
}

// Creates `path` holding `content` unless it exists (link(2) of a durable temporary file
// fails on an existing name, also on NFS); the file's content either way.
std::string create_once(const std::string& path, const std::string& content) {
  if (auto existing = files::read(path)) return *existing;
  std::string tmp = path + ".new" + std::to_string(::getpid()) + "-" + std::to_string(randombytes_random());
  files::write_durably(tmp, content);
  int rc = ::link(tmp.c_str(), path.c_str());
  int err = errno;
  ::unlink(tmp.c_str());
  if (rc != 0 && err != EEXIST)
    throw std::runtime_error("cannot create " + path + ": " + std::system_category().message(err));
  auto now = files::read(path);
  if (!now) throw std::runtime_error("cannot read " + path);
  return *now;
}

}  // namespace

void verify_data_key(storage::Database& db, const Crypto& crypto) {
  std::string tag = crypto.blind_index("deployment", "the data key of this deployment");
  if (agree(db, "data_key_tag", tag) != tag)
    throw std::runtime_error(
        "the data key is not the key this database's personal data is sealed under: start the node with the "
        "deployment's key (WANGGE_DATA_KEY or data_key_file; every node of a deployment uses the same key)");
}

void verify_files(storage::Database& db, const std::string& where) {
  std::string mine = "database";
  if (where != "database") {
    std::filesystem::create_directories(where);
    unsigned char raw[16];
    randombytes_buf(raw, sizeof raw);
    char hex[33];
    sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
    std::string id = create_once(where + "/.wangge-files-id", std::string(hex) + "\n");
    mine = "directory " + id.substr(0, id.find('\n'));
  }
  std::string recorded = agree(db, "files", mine);
  if (recorded == mine) return;
  if (recorded == "database")
    throw std::runtime_error(
        "the other nodes of this database keep their files in the database: set files to "
        "\"database\" (or leave it unset) on this node too");
  if (mine == "database")
    throw std::runtime_error(
        "the other nodes of this database keep their files in a shared directory: set files "
        "to the directory they share");
  throw std::runtime_error("the files directory " + where +
                           " is not the directory the other nodes of this database share (its .wangge-files-id "
                           "differs from the one the database recorded): mount the shared directory there");
}

}  // namespace wangge::deployment
