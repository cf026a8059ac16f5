// The open311 module's SQL: the only code that reads or writes the api_keys table. Every
// function runs inside the caller's transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/storage/database.h"

namespace wangge::open311::store {

// A key's row (its hash never leaves the store).
struct KeyRow {
  std::int64_t id = 0;
  std::string name;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> revoked_at;
};

std::int64_t insert_key(storage::Tx& tx, const std::string& name, const std::string& key_hash,
                        std::optional<std::int64_t> created_by, std::int64_t created_at);
// The key with this hash, unless revoked.
std::optional<KeyRow> active_key(storage::Tx& tx, const std::string& key_hash);
std::vector<KeyRow> keys(storage::Tx& tx);  // by id, revoked ones too
// Revokes the key; false when there is no such key or it is revoked already.
bool revoke_key(storage::Tx& tx, std::int64_t id, std::int64_t now);

}  // namespace wangge::open311::store
