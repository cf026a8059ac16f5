#include "notifications/notifications.h"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <optional>

#include "core/error.h"
#include "core/http/client.h"
#include "core/json.h"
#include "notifications/store.h"

namespace wangge::notifications {

std::string sign(const std::string& secret, const std::string& timestamp, const std::string& body) {
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
  std::string head = timestamp + ".";
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(head.data()), head.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(body.data()), body.size());
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&st, mac);
  char hex[2 * crypto_auth_hmacsha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return hex;
}

Service::Service(storage::Database& db, WebhookOptions webhook) : db_(db), webhook_(std::move(webhook)) {}

Service::~Service() {
  stop();
}

void Service::send(storage::Tx& tx, const std::vector<std::int64_t>& users, const Message& m) const {
  std::vector<std::int64_t> unique = users;
  std::sort(unique.begin(), unique.end());
  unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
  std::int64_t now = storage::now_ms();
  if (unique.empty()) return;
  std::string ids;
  for (auto u : unique) ids.append(ids.empty() ? "" : ",").append(std::to_string(u));
  tx.notify(storage::channels::kInbox, ids);  // each node tells its consoles of these users (inbox_changed)
  for (auto u : unique) {
    store::insert_notification_later(tx, u, now, m.kind, m.event_id, m.title_zh, m.title_en, m.record);
    if (!webhook_.url.empty()) {
      json::object payload{{"kind", m.kind},
                           {"user_id", u},
                           {"title_zh", m.title_zh},
                           {"title_en", m.title_en},
                           {"at", json::rfc3339(now)}};
      if (m.event_id) payload["event_id"] = *m.event_id;
      if (!m.record.empty()) payload["record"] = m.record;
      store::insert_outbox_later(tx, m.kind, json::to_text(payload), now);
    }
  }
}

void Service::publish(std::string_view event, const std::string& data,
                      const std::function<bool(const Subscriber&)>& visible) {
  publish(
      event, [&] { return data; }, visible);
}

void Service::publish(std::string_view event, const std::function<std::string()>& make_data,
                      const std::function<bool(const Subscriber&)>& visible) {
  std::optional<std::string> data;
  std::lock_guard lock(subs_mu_);
  for (auto it = subs_.begin(); it != subs_.end();) {
    if (it->stream->closed()) {
      it = subs_.erase(it);
      continue;
    }
    if (visible(*it)) {
      if (!data) data = make_data();
      it->stream->push(event, *data);
    }
    ++it;
  }
}

void Service::inbox_changed(std::string_view user_ids) {
  std::vector<std::int64_t> ids = storage::payload_ids(user_ids);
  std::sort(ids.begin(), ids.end());
  publish("inbox", "{}", [&](const Subscriber& s) {
    return s.principal && std::binary_search(ids.begin(), ids.end(), s.principal->user_id);
  });
}

void Service::resync() {
  publish("resync", "{}", [](const Subscriber&) { return true; });
}

std::size_t Service::subscribers() const {
  std::lock_guard lock(subs_mu_);
  return subs_.size();
}

namespace {
// How long a claimed delivery is this node's: longer than a POST may take (10 s).
constexpr std::int64_t kClaimMs = 60'000;
}  // namespace

std::size_t Service::deliver_due(std::int64_t now) {
  if (webhook_.url.empty()) return 0;
  auto due = db_.read_value<std::vector<store::Due>>(
      [&](storage::Tx& tx) { return store::due(tx, now, webhook_.max_attempts); });
  for (const auto& d : due) {
    // Claimed first, so that two nodes never post it at once (a leadership change).
    if (!db_.write_value<bool>([&](storage::Tx& tx) { return store::claim(tx, d.id, now, kClaimMs); })) continue;
    std::string ts = std::to_string(now / 1000);
    auto res = http::post(webhook_.url, d.payload, "application/json",
                          {{"X-Wangge-Delivery", std::to_string(d.id)},
                           {"X-Wangge-Topic", d.topic},
                           {"X-Wangge-Timestamp", ts},
                           {"X-Wangge-Signature", "sha256=" + sign(webhook_.secret, ts, d.payload)}},
                          std::chrono::seconds(10));
    bool ok = res.status >= 200 && res.status < 300;
    // Exponential backoff: 2, 4, 8 ... seconds, at most an hour.
    std::int64_t backoff = std::min<std::int64_t>(3'600'000, 1000LL << std::min<std::int64_t>(d.attempts + 1, 22));
    std::string why = ok ? "" : (res.status ? "HTTP " + std::to_string(res.status) : res.error);
    db_.write([&](storage::Tx& tx) {
      if (ok) {
        store::delivered(tx, d.id, storage::now_ms());
      } else {
        store::failed(tx, d.id, storage::now_ms() + backoff, why.substr(0, 500));
      }
    });
    if (!ok) spdlog::warn("webhook delivery {} failed: {}", d.id, why);
  }
  return due.size();
}

void Service::start() {
  if (webhook_.url.empty() || worker_.joinable()) return;
  worker_stop_ = false;
  worker_ = std::thread([this] {
    std::unique_lock lock(worker_mu_);
    while (!worker_stop_) {
      lock.unlock();
      std::size_t n = 0;
      try {
        if (!leading || leading()) n = deliver_due(storage::now_ms());
      } catch (const std::exception& e) {
        spdlog::warn("webhook worker: {}", e.what());
      }
      lock.lock();
      if (n == 0) worker_cv_.wait_for(lock, std::chrono::seconds(1), [this] { return worker_stop_; });
    }
  });
}

void Service::stop() {
  {
    std::lock_guard lock(worker_mu_);
    worker_stop_ = true;
  }
  worker_cv_.notify_all();
  if (worker_.joinable()) worker_.join();
  std::lock_guard lock(subs_mu_);
  for (auto& s : subs_) s.stream->close();
}

std::vector<work::Item> Service::waiting(storage::Tx& tx, std::int64_t user_id, int cap,
                                         std::vector<store::Notification>* newest, std::size_t shown) const {
  auto unread = store::inbox(tx, user_id, true, std::nullopt, cap + 1);
  if (newest)
    newest->assign(unread.begin(), unread.begin() + static_cast<std::ptrdiff_t>(std::min(shown, unread.size())));
  return {work::capped("notifications", "unread", unread.size(), cap)};
}

Service::Inbox Service::inbox(std::int64_t user_id, bool unread, std::optional<std::int64_t> before, int limit) {
  Inbox out;
  db_.read([&](storage::Tx& tx) {
    out.rows = store::inbox(tx, user_id, unread, before, limit);
    out.unread = store::unread_count(tx, user_id);
  });
  return out;
}

bool Service::mark_read(std::int64_t user_id, std::int64_t id) {
  bool changed = false;
  db_.write([&](storage::Tx& tx) { changed = store::mark_read(tx, user_id, id, storage::now_ms()); });
  return changed;
}

void Service::mark_all_read(std::int64_t user_id) {
  db_.write([&](storage::Tx& tx) { store::mark_all_read(tx, user_id, storage::now_ms()); });
}

void Service::subscribe(const Subscriber& s) {
  std::lock_guard lock(subs_mu_);
  subs_.push_back(s);
}

}  // namespace wangge::notifications
