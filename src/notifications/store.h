// The notifications module's SQL: the only code that reads or writes the notifications
// (inbox) and outbox tables. Every function runs inside the caller's transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/storage/database.h"

namespace wangge::notifications::store {

// One inbox row.
struct Notification {
  std::int64_t id = 0, at = 0;
  std::string kind;
  std::optional<std::int64_t> event_id;
  std::string title_zh, title_en;
  std::optional<std::int64_t> read_at;
  std::optional<std::string> record;  // "order:12"
};

// Queued with the transaction's deferred inserts (Tx::insert_later).
void insert_notification_later(storage::Tx& tx, std::int64_t user_id, std::int64_t at, const std::string& kind,
                               std::optional<std::int64_t> event_id, const std::string& title_zh,
                               const std::string& title_en, const std::string& record = "");
void insert_outbox_later(storage::Tx& tx, const std::string& topic, const std::string& payload, std::int64_t now);

// The user's inbox, newest first: ids below `before` (when set), only unread ones when
// `unread`, at most `limit`.
std::vector<Notification> inbox(storage::Tx& tx, std::int64_t user_id, bool unread, std::optional<std::int64_t> before,
                                int limit);
std::int64_t unread_count(storage::Tx& tx, std::int64_t user_id);
// Marks the user's notification `id` read (kept when already read); false when it has none such.
bool mark_read(storage::Tx& tx, std::int64_t user_id, std::int64_t id, std::int64_t now);
void mark_all_read(storage::Tx& tx, std::int64_t user_id, std::int64_t now);

// An outbox row due for delivery.
struct Due {
  std::int64_t id;
  std::string topic, payload;
  std::int64_t attempts;
};
// Undelivered rows due at `now` with fewer than `max_attempts` attempts, by id, at most 50.
std::vector<Due> due(storage::Tx& tx, std::int64_t now, int max_attempts);
// Takes delivery `id` for `lease_ms` (its next_at moves past the lease), if it is still due
// at `now`: of two nodes trying at once, one gets it. A node that dies holding it leaves
// it to be retried when the lease ends.
bool claim(storage::Tx& tx, std::int64_t id, std::int64_t now, std::int64_t lease_ms);
void delivered(storage::Tx& tx, std::int64_t id, std::int64_t now);
void failed(storage::Tx& tx, std::int64_t id, std::int64_t next_at, const std::string& why);

}  // namespace wangge::notifications::store
