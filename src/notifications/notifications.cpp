#include "notifications/notifications.h"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <optional>

#include "core/error.h"
#include "core/http/client.h"
#include "core/json.h"

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

void Service::send(storage::Tx& tx, const std::vector<std::int64_t>& users, const Message& m) {
  std::vector<std::int64_t> unique = users;
  std::sort(unique.begin(), unique.end());
  unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
  std::int64_t now = storage::now_ms();
  storage::Value event = m.event_id ? storage::Value(*m.event_id) : storage::Value(nullptr);
  for (auto u : unique) {
    tx.insert_later(
        "INSERT INTO notifications (user_id, at, kind, event_id, title_zh, title_en) VALUES (?, ?, ?, ?, ?, ?)",
        {u, now, m.kind, event, m.title_zh, m.title_en});
    if (!webhook_.url.empty()) {
      json::object payload{{"kind", m.kind},
                           {"user_id", u},
                           {"title_zh", m.title_zh},
                           {"title_en", m.title_en},
                           {"at", json::rfc3339(now)}};
      if (m.event_id) payload["event_id"] = *m.event_id;
      tx.insert_later("INSERT INTO outbox (topic, payload, created_at, next_at) VALUES (?, ?, ?, ?)",
                      {m.kind, json::to_text(payload), now, now});
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

std::size_t Service::subscribers() const {
  std::lock_guard lock(subs_mu_);
  return subs_.size();
}

std::size_t Service::deliver_due(std::int64_t now) {
  if (webhook_.url.empty()) return 0;
  struct Due {
    std::int64_t id;
    std::string topic, payload;
    std::int64_t attempts;
  };
  std::vector<Due> due;
  db_.read([&](storage::Tx& tx) {
    for (const auto& r : tx.exec("SELECT id, topic, payload, attempts FROM outbox WHERE delivered_at IS NULL AND "
                                 "next_at <= ? AND attempts < ? ORDER BY id LIMIT 50",
                                 {now, std::int64_t{webhook_.max_attempts}})
                             .rows)
      due.push_back({r.i64(0), r.str(1), r.str(2), r.i64(3)});
  });
  for (const auto& d : due) {
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
        tx.exec("UPDATE outbox SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?",
                {storage::now_ms(), d.id});
      } else {
        tx.exec("UPDATE outbox SET attempts = attempts + 1, next_at = ?, last_error = ? WHERE id = ?",
                {storage::now_ms() + backoff, why.substr(0, 500), d.id});
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
        n = deliver_due(storage::now_ms());
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

void Service::register_routes(http::Router& router) {
  router.add("GET", "/api/v1/notifications",
             {.summary = "The caller's inbox, newest first",
              .tag = "notifications",
              .query = {{"unread", "true: only unread"}, {"cursor", "next_cursor"}, {"limit", "1..200, default 50"}}},
             [this](Context& ctx) {
               int limit = static_cast<int>(json::query_int(ctx.req(), "limit", 1, 200).value_or(50));
               auto before = json::query_int(ctx.req(), "cursor", 1, INT64_MAX);
               bool unread = ctx.req().query_param("unread").value_or("") == "true";
               json::array items;
               std::int64_t unread_count = 0;
               json::value next = nullptr;
               db_.read([&](storage::Tx& tx) {
                 std::string sql =
                     "SELECT id, at, kind, event_id, title_zh, title_en, read_at FROM notifications "
                     "WHERE user_id = ?";
                 std::vector<storage::Value> p{ctx.user().user_id};
                 if (unread) sql += " AND read_at IS NULL";
                 if (before) sql += " AND id < ?", p.emplace_back(*before);
                 sql += " ORDER BY id DESC LIMIT ?";
                 p.emplace_back(std::int64_t{limit + 1});
                 auto rows = tx.exec(sql, p).rows;
                 for (std::size_t i = 0; i < rows.size() && static_cast<int>(i) < limit; ++i) {
                   const auto& r = rows[i];
                   items.push_back(json::object{
                       {"id", r.i64(0)},
                       {"at", json::rfc3339(r.i64(1))},
                       {"kind", r.str(2)},
                       {"event_id", r.is_null(3) ? json::value(nullptr) : json::value(r.i64(3))},
                       {"title_zh", r.str(4)},
                       {"title_en", r.str(5)},
                       {"read_at", r.is_null(6) ? json::value(nullptr) : json::value(json::rfc3339(r.i64(6)))}});
                 }
                 if (static_cast<int>(rows.size()) > limit)
                   next = std::to_string(rows[static_cast<std::size_t>(limit) - 1].i64(0));
                 unread_count = tx.exec("SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL",
                                        {ctx.user().user_id})
                                    .one()
                                    .i64(0);
               });
               return json::respond(
                   200, json::object{{"items", std::move(items)}, {"next_cursor", next}, {"unread", unread_count}});
             });
  router.add(
      "POST", "/api/v1/notifications/{id}/read",
      {.summary = "Mark one notification read", .tag = "notifications", .statuses = {204, 404}}, [this](Context& ctx) {
        std::int64_t n = json::path_id(ctx.req(), "id");
        std::int64_t changed = 0;
        db_.write([&](storage::Tx& tx) {
          changed = tx.exec("UPDATE notifications SET read_at = COALESCE(read_at, ?) WHERE id = ? AND user_id = ?",
                            {storage::now_ms(), n, ctx.user().user_id})
                        .changes;
        });
        if (changed == 0) throw_not_found("no notification " + std::to_string(n), "通知不存在");
        return http::Response::no_content();
      });
  router.add("POST", "/api/v1/notifications/read-all",
             {.summary = "Mark every notification of the caller read", .tag = "notifications", .statuses = {204}},
             [this](Context& ctx) {
               db_.write([&](storage::Tx& tx) {
                 tx.exec("UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL",
                         {storage::now_ms(), ctx.user().user_id});
               });
               return http::Response::no_content();
             });
  router.add("GET", "/api/v1/stream",
             {.summary = "Live updates (text/event-stream): changed events the caller may see, and inbox hints",
              .tag = "notifications",
              .load = http::Load::stream},
             [this](Context& ctx) {
               Subscriber s;
               s.principal = ctx.principal();
               if (departments_of) s.departments = departments_of(ctx);
               s.stream = std::make_shared<http::EventStream>();
               s.stream->push("hello", json::to_text(json::object{{"user_id", ctx.user().user_id}}));
               {
                 std::lock_guard lock(subs_mu_);
                 subs_.push_back(s);
               }
               http::Response r;
               r.status = 200;
               r.content_type = "text/event-stream";
               r.stream = s.stream;
               return r;
             });
}

}  // namespace wangge::notifications
