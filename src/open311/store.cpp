#include "open311/store.h"

#include "core/storage/rows.h"

namespace wangge::open311::store {

std::int64_t insert_key(storage::Tx& tx, const std::string& name, const std::string& key_hash,
                        std::optional<std::int64_t> created_by, std::int64_t created_at) {
  return tx.insert_id("INSERT INTO api_keys (name, key_hash, created_by, created_at) VALUES (?, ?, ?, ?) RETURNING id",
                      {name, key_hash, created_by ? storage::Value(*created_by) : storage::Value(nullptr), created_at});
}

std::optional<KeyRow> active_key(storage::Tx& tx, const std::string& key_hash) {
  return storage::first_or_none(
      tx.exec("SELECT id, name, created_at FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL", {key_hash}),
      [](const storage::Row& r) {
        return KeyRow{r.i64(0), r.str(1), r.i64(2), std::nullopt};
      });
}

std::vector<KeyRow> keys(storage::Tx& tx) {
  return storage::all_as(tx.exec("SELECT id, name, created_at, revoked_at FROM api_keys ORDER BY id"),
                         [](const storage::Row& r) {
                           return KeyRow{r.i64(0), r.str(1), r.i64(2), r.opt_i64(3)};
                         });
}

bool revoke_key(storage::Tx& tx, std::int64_t id, std::int64_t now) {
  return tx.exec("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", {now, id}).changes != 0;
}

}  // namespace wangge::open311::store
