// Attachments: uploads stored once by content hash (SHA-256 of the plain bytes) in the file
// store (core/file_store.h: a directory, or the database every node shares) as
// attachments/<2>/<2>/<hash>, sealed under the data key (photos of homes and people are
// personal data), durable before the answer. Their type is decided by their bytes and checked by
// decoding them (media.h). A file is served, and may be linked to a new record, only by
// those who may already see it: one of its uploaders (anyone who uploaded the same bytes)
// or someone who may see a record that uses it. The owning modules tell who may see their
// records (AccessCheck), so this module reads no other module's tables.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "attachments/media.h"
#include "core/context.h"
#include "core/crypto.h"
#include "core/file_store.h"
#include "core/http/router.h"
#include "core/http/schema.h"
#include "core/storage/database.h"

namespace wangge::attachments {

struct Attachment {
  std::string hash;
  std::string media_type;
  std::int64_t size = 0;
  std::optional<std::int64_t> created_by;
};

// May the caller see owner (kind, id)? Registered by the module that owns the kind; runs
// inside the caller's transaction (a read, or the write that links).
using AccessCheck = std::function<bool(storage::Tx&, const Context&, std::int64_t owner_id)>;

// The schemas of the module's answers (schemas.cpp): Attachment.
void register_schemas(schema::Components& c);

class Service {
 public:
  Service(storage::Database& db, files::FileStore& files, const Crypto& crypto, std::int64_t max_bytes);

  // Checks the bytes (media.h), stores them sealed (idempotent by content) and records the
  // caller as one of their uploaders; throws Error on a refused type or a file that does
  // not decode.
  Attachment store(const Context& ctx, std::string_view bytes);
  // Inside a write transaction: links each hash to the owner, after checking that the
  // caller may already see it (an uploader, or someone who may see a record using it).
  // A hash that does not exist and one the caller may not see get the same validation
  // error on `field`, so that hashes cannot be probed.
  void link(storage::Tx& tx, const Context& ctx, const std::vector<std::string>& hashes, const std::string& owner_kind,
            std::int64_t owner_id, const std::string& field);
  void add_access_check(const std::string& owner_kind, AccessCheck check) {
    checks_.emplace_back(owner_kind, std::move(check));
  }
  // A store that is a directory: seals the files an older version kept in clear there
  // (once; a marker file records it). Returns how many were sealed.
  std::size_t seal_existing();
  // The media type and plain bytes of an attachment the caller may see (404 for an unknown
  // hash, 403 for one they may not see).
  std::pair<std::string, std::string> download(const Context& ctx, const std::string& hash);
  void register_routes(http::Router& router);
  std::int64_t max_bytes() const { return max_bytes_; }

 private:
  static std::string name_of(const std::string& hash);
  // The caller uploaded the hash, or may see a record that uses it.
  bool may_see(storage::Tx& tx, const Context& ctx, const std::string& hash);
  storage::Database& db_;
  files::FileStore& files_;
  const Crypto& crypto_;
  std::int64_t max_bytes_;
  std::vector<std::pair<std::string, AccessCheck>> checks_;
};

}  // namespace wangge::attachments
