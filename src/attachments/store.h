// The attachments module's SQL: the only code that reads or writes the attachments,
// attachment_uploads and attachment_links tables. Every function runs inside the caller's
// transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/storage/database.h"

namespace wangge::attachments::store {

// The stored file's media type; nullopt when no attachment has this hash.
std::optional<std::string> media_type(storage::Tx& tx, const std::string& hash);
bool exists(storage::Tx& tx, const std::string& hash);
void insert(storage::Tx& tx, const std::string& hash, const std::string& media_type, std::int64_t size,
            std::optional<std::int64_t> created_by, std::int64_t now);
// Records an uploader of the hash (once).
void add_uploader(storage::Tx& tx, const std::string& hash, std::int64_t user_id, std::int64_t now);
bool is_uploader(storage::Tx& tx, const std::string& hash, std::int64_t user_id);
// The (owner_kind, owner_id) of the records using the hash, at most 100.
std::vector<std::pair<std::string, std::int64_t>> owners(storage::Tx& tx, const std::string& hash);
// Links the hash to an owner (once).
void link(storage::Tx& tx, const std::string& hash, const std::string& owner_kind, std::int64_t owner_id);

}  // namespace wangge::attachments::store
