// Notifications: a per-user inbox (GET /api/v1/notifications), live updates over
// server-sent events (GET /api/v1/stream) for consoles, and a webhook outbox for SMS /
// WeChat gateways: HMAC-SHA256-signed POSTs, retried with exponential backoff, delivered
// at least once (the receiver dedupes by X-Wangge-Delivery), never lost across restarts
// (inbox rows and outbox rows are written in the transaction of the action they report).
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/auth.h"
#include "core/context.h"
#include "core/http/message.h"
#include "core/http/router.h"
#include "core/http/schema.h"
#include "core/json.h"
#include "core/storage/database.h"
#include "core/work.h"
#include "notifications/store.h"

namespace wangge::notifications {

struct Message {
  std::string kind;  // e.g. "event.dispatched"
  std::optional<std::int64_t> event_id;
  std::string title_zh, title_en;
  std::string record;  // another record it is about, "<kind>:<id>" ("order:12"); "" for none
};

// A live console: who is listening, to filter what they may see.
struct Subscriber {
  std::shared_ptr<const Principal> principal;
  std::vector<std::int64_t> departments;
  std::shared_ptr<http::EventStream> stream;
};

struct WebhookOptions {
  std::string url;     // "" = no webhook deliveries
  std::string secret;  // HMAC key
  int max_attempts = 20;
};

class Service {
 public:
  Service(storage::Database& db, WebhookOptions webhook);
  ~Service();

  // Inside the caller's write transaction: one inbox row per user, and an outbox row per
  // user when a webhook is configured.
  void send(storage::Tx& tx, const std::vector<std::int64_t>& users, const Message& m) const;

  // Live updates: after a commit, tells every subscriber for whom `visible` is true.
  void publish(std::string_view event, const std::string& data, const std::function<bool(const Subscriber&)>& visible);
  // The same, with the data made only when some subscriber may see it (once).
  void publish(std::string_view event, const std::function<std::string()>& make_data,
               const std::function<bool(const Subscriber&)>& visible);
  std::size_t subscribers() const;
  // Messages from the nodes (app/wiring.cpp): new notifications for these users (comma-
  // separated ids; their consoles get `event: inbox` and refresh the bell), and a gap in
  // the messages (every console gets `event: resync` and reloads what it shows).
  void inbox_changed(std::string_view user_ids);
  void resync();

  // The webhook worker: delivers due outbox rows until stop().
  void start();
  void stop();
  // Delivers what is due now, once (the worker's step; tests call it). Returns deliveries tried.
  std::size_t deliver_due(std::int64_t now);

  // Whether this node does the cluster's background work (set by the app, app/cluster.cpp);
  // the webhook worker delivers only while it does. Unset: always.
  std::function<bool()> leading;

  // Who the stream subscriber's departments are (set by the app from the events module).
  std::function<std::vector<std::int64_t>(const Context&)> departments_of;

  void register_routes(http::Router& router);  // http.cpp

  // The user's inbox: rows as store::inbox answers them, and the unread count, from one
  // snapshot.
  struct Inbox {
    std::vector<store::Notification> rows;
    std::int64_t unread = 0;
  };
  Inbox inbox(std::int64_t user_id, bool unread, std::optional<std::int64_t> before, int limit);
  // What waits for the user (GET /my/work): their unread notifications (notifications.unread),
  // counted up to `cap` inside the caller's read; `newest` (when given) receives the newest
  // `shown` of them.
  std::vector<work::Item> waiting(storage::Tx& tx, std::int64_t user_id, int cap,
                                  std::vector<store::Notification>* newest = nullptr, std::size_t shown = 3) const;
  // Marks one of the user's notifications read; false when the user has none with this id.
  bool mark_read(std::int64_t user_id, std::int64_t id);
  void mark_all_read(std::int64_t user_id);
  // Adds a live console; it is dropped at the first publish after its stream closes.
  void subscribe(const Subscriber& s);

 private:
  storage::Database& db_;
  WebhookOptions webhook_;
  mutable std::mutex subs_mu_;
  std::list<Subscriber> subs_;
  std::thread worker_;
  std::mutex worker_mu_;
  std::condition_variable worker_cv_;
  bool worker_stop_ = false;
};

// A notification as the API answers it (the Notification schema).
json::object notification_json(const store::Notification& n);

// The schemas of the module's answers (schemas.cpp): Notification, NotificationInbox.
void register_schemas(schema::Components& c);

// The HMAC-SHA256 signature of a delivery: hex of HMAC(secret, timestamp + "." + body).
std::string sign(const std::string& secret, const std::string& timestamp, const std::string& body);

}  // namespace wangge::notifications
