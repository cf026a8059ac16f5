#include "attachments/store.h"

#include "core/storage/rows.h"

namespace wangge::attachments::store {

std::optional<std::string> media_type(storage::Tx& tx, const std::string& hash) {
  return storage::first_or_none(tx.exec("SELECT media_type FROM attachments WHERE hash = ?", {hash}),
                                [](const storage::Row& r) { return r.str(0); });
}

bool exists(storage::Tx& tx, const std::string& hash) {
  return !tx.exec("SELECT 1 FROM attachments WHERE hash = ?", {hash}).empty();
}

void insert(storage::Tx& tx, const std::string& hash, const std::string& media_type, std::int64_t size,
            std::optional<std::int64_t> created_by, std::int64_t now) {
  tx.exec("INSERT INTO attachments (hash, media_type, size, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
          {hash, media_type, size, created_by ? storage::Value(*created_by) : storage::Value(nullptr), now});
}

void add_uploader(storage::Tx& tx, const std::string& hash, std::int64_t user_id, std::int64_t now) {
  tx.exec("INSERT INTO attachment_uploads (hash, user_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
          {hash, user_id, now});
}

bool is_uploader(storage::Tx& tx, const std::string& hash, std::int64_t user_id) {
  return !tx.exec("SELECT 1 FROM attachment_uploads WHERE hash = ? AND user_id = ?", {hash, user_id}).empty();
}

std::vector<std::pair<std::string, std::int64_t>> owners(storage::Tx& tx, const std::string& hash) {
  return storage::all_as(tx.exec("SELECT owner_kind, owner_id FROM attachment_links WHERE hash = ? LIMIT 100", {hash}),
                         [](const storage::Row& r) {
                           return std::pair{r.str(0), r.i64(1)};
                         });
}

void link(storage::Tx& tx, const std::string& hash, const std::string& owner_kind, std::int64_t owner_id) {
  tx.exec("INSERT INTO attachment_links (hash, owner_kind, owner_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
          {hash, owner_kind, owner_id});
}

}  // namespace wangge::attachments::store
