#include "notifications/store.h"

#include "core/storage/rows.h"

namespace wangge::notifications::store {

void insert_notification_later(storage::Tx& tx, std::int64_t user_id, std::int64_t at, const std::string& kind,
                               std::optional<std::int64_t> event_id, const std::string& title_zh,
                               const std::string& title_en, const std::string& record) {
  tx.insert_later(
      "INSERT INTO notifications (user_id, at, kind, event_id, title_zh, title_en, record) VALUES (?, ?, ?, ?, ?, ?, "
      "?)",
      {user_id, at, kind, event_id ? storage::Value(*event_id) : storage::Value(nullptr), title_zh, title_en,
       record.empty() ? storage::Value(nullptr) : storage::Value(record)});
}

void insert_outbox_later(storage::Tx& tx, const std::string& topic, const std::string& payload, std::int64_t now) {
  tx.insert_later("INSERT INTO outbox (topic, payload, created_at, next_at) VALUES (?, ?, ?, ?)",
                  {topic, payload, now, now});
}

std::vector<Notification> inbox(storage::Tx& tx, std::int64_t user_id, bool unread, std::optional<std::int64_t> before,
                                int limit) {
  std::string sql =
      "SELECT id, at, kind, event_id, title_zh, title_en, read_at, record FROM notifications "
      "WHERE user_id = ?";
  std::vector<storage::Value> p{user_id};
  if (unread) sql += " AND read_at IS NULL";
  if (before) sql += " AND id < ?", p.emplace_back(*before);
  sql += " ORDER BY id DESC LIMIT ?";
  p.emplace_back(std::int64_t{limit});
  return storage::all_as(tx.exec(sql, p), [](const storage::Row& r) {
    return Notification{r.i64(0), r.i64(1), r.str(2), r.opt_i64(3), r.str(4), r.str(5), r.opt_i64(6), r.opt_str(7)};
  });
}

std::int64_t unread_count(storage::Tx& tx, std::int64_t user_id) {
  return tx.exec("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL", {user_id}).one().i64(0);
}

bool mark_read(storage::Tx& tx, std::int64_t user_id, std::int64_t id, std::int64_t now) {
  return tx.exec("UPDATE notifications SET read_at = COALESCE(read_at, ?) WHERE id = ? AND user_id = ?",
                 {now, id, user_id})
             .changes != 0;
}

void mark_all_read(storage::Tx& tx, std::int64_t user_id, std::int64_t now) {
  tx.exec("UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL", {now, user_id});
}

std::vector<Due> due(storage::Tx& tx, std::int64_t now, int max_attempts) {
  return storage::all_as(tx.exec("SELECT id, topic, payload, attempts FROM outbox WHERE delivered_at IS NULL AND "
                                 "next_at <= ? AND attempts < ? ORDER BY id LIMIT 50",
                                 {now, std::int64_t{max_attempts}}),
                         [](const storage::Row& r) {
                           return Due{r.i64(0), r.str(1), r.str(2), r.i64(3)};
                         });
}

bool claim(storage::Tx& tx, std::int64_t id, std::int64_t now, std::int64_t lease_ms) {
  return tx.exec("UPDATE outbox SET next_at = ? WHERE id = ? AND delivered_at IS NULL AND next_at <= ?",
                 {now + lease_ms, id, now})
             .changes == 1;
}

void delivered(storage::Tx& tx, std::int64_t id, std::int64_t now) {
  tx.exec("UPDATE outbox SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?", {now, id});
}

void failed(storage::Tx& tx, std::int64_t id, std::int64_t next_at, const std::string& why) {
  tx.exec("UPDATE outbox SET attempts = attempts + 1, next_at = ?, last_error = ? WHERE id = ?", {next_at, why, id});
}

}  // namespace wangge::notifications::store
