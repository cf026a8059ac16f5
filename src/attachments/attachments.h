// Attachments: uploads stored once by content hash (SHA-256) under DATA/attachments/,
// their type decided by their bytes (JPEG, PNG, WebP, PDF, MP4; anything else, whatever its
// name or Content-Type, is refused), fsynced before the answer. A file is served only to
// its uploader and to those who may see a record that uses it; the owning modules tell
// (AccessCheck), so this module reads no other module's tables.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/context.h"
#include "core/http/router.h"
#include "core/storage/database.h"

namespace wangge::attachments {

struct Attachment {
  std::string hash;
  std::string media_type;
  std::int64_t size = 0;
  std::optional<std::int64_t> created_by;
};

// The media type of `bytes` by their signature; nullopt for anything not accepted.
std::optional<std::string> sniff(std::string_view bytes);

// May the caller see owner (kind, id)? Registered by the module that owns the kind.
using AccessCheck = std::function<bool(const Context&, std::int64_t owner_id)>;

class Service {
 public:
  Service(storage::Database& db, std::string dir, std::int64_t max_bytes);

  // Stores the bytes (idempotent by content) and records them; throws Error on a refused type.
  Attachment store(const Context& ctx, std::string_view bytes);
  // Inside a write transaction: checks every hash exists (validation error on `field`
  // otherwise) and links it to the owner.
  void link(storage::Tx& tx, const std::vector<std::string>& hashes, const std::string& owner_kind,
            std::int64_t owner_id, const std::string& field);
  void add_access_check(const std::string& owner_kind, AccessCheck check) {
    checks_.emplace_back(owner_kind, std::move(check));
  }
  void register_routes(http::Router& router);
  std::int64_t max_bytes() const { return max_bytes_; }

 private:
  std::string path_of(const std::string& hash) const;
  storage::Database& db_;
  std::string dir_;
  std::int64_t max_bytes_;
  std::vector<std::pair<std::string, AccessCheck>> checks_;
};

}  // namespace wangge::attachments
