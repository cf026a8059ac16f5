// This node among the others on one database (core/storage/cluster.h, docs/CLUSTER.md):
// what the nodes tell each other, and which node does the background work.
//
// Messages: a changed event reaches the live consoles of every node (events republish
// what another node changed); new notifications ring the bell of their users' consoles on
// every node; a change to users, grants or sessions drops every node's cached principals;
// a changed category or region makes every node reload its copy. After the listener lost
// its connection (messages may be missing), every cache is dropped and every console told
// to reload.
//
// Background work (the deadline scheduler and search indexer, webhook deliveries, import
// jobs) runs on the one node holding the "background" lease; the others try to take it
// every second, so a node that dies is replaced within about two seconds (or the
// keepalive time, about 15 s, when its machine vanishes without closing its connections).
#include <spdlog/spdlog.h>

#include "accounts/service.h"
#include "app/app.h"
#include "events/service.h"
#include "notifications/notifications.h"
#include "services/service.h"
#include "territory/service.h"

namespace wangge {

void App::wire_cluster() {
  namespace ch = storage::channels;
  db_->subscribe(ch::kEvents, [this](std::string_view ids, bool self) {
    if (!self) events_->republish(ids);  // this node published its own changes at once
  });
  db_->subscribe(ch::kInbox, [this](std::string_view users, bool) { notifications_->inbox_changed(users); });
  db_->subscribe(ch::kSecurity, [this](std::string_view, bool self) {
    if (!self) accounts_->invalidate_cache();
  });
  db_->subscribe(ch::kCatalog, [this](std::string_view, bool self) {
    if (!self) events_->invalidate_categories();
  });
  db_->subscribe(ch::kTerritory, [this](std::string_view, bool self) {
    if (!self) territory_->reload_index();
  });
  // Service orders: every node (this one too, once the commit is durable) tells its live
  // consoles, the order re-read and each subscriber's access checked.
  db_->subscribe(ch::kOrders, [this](std::string_view ids, bool) { services_->republish(ids); });
  // Read replicas: a user who writes on any node reads on the primary for a while on
  // every node (read-your-writes).
  db_->subscribe(ch::kWrites, [this](std::string_view users, bool) {
    for (auto id : storage::payload_ids(users)) pin_to_primary(id);
  });
  db_->bus().on_resync([this] {
    spdlog::warn("cluster: the listener reconnected; caches dropped, consoles told to reload");
    accounts_->invalidate_cache();
    events_->invalidate_categories();
    territory_->reload_index();
    notifications_->resync();
  });
  notifications_->leading = [this] { return leading(); };
}

// Read replicas (docs/CLUSTER.md "Read replicas"): a replica serves a read only while it
// has replayed everything older than replica_max_lag_ms, so a write committed at t is on
// every serving replica by t + replica_max_lag_ms. A user is pinned to the primary from the
// moment a write request of theirs arrives (this node at once, the others by a NOTIFY sent
// then, well before the write commits) until replica_max_lag_ms + 5 s after it is
// answered: their reads see their writes.
void App::pin_to_primary(std::int64_t user) {
  const std::int64_t until = storage::now_ms() + cfg_.replica_max_lag_ms + 5000;
  std::lock_guard lock(pins_mu_);
  auto& at = pinned_until_[user];
  at = std::max(at, until);
  if (pinned_until_.size() > 100000) {  // forget the expired ones now and then
    const std::int64_t now = storage::now_ms();
    std::erase_if(pinned_until_, [&](const auto& kv) { return kv.second < now; });
  }
}

bool App::pinned_to_primary(std::int64_t user) {
  std::lock_guard lock(pins_mu_);
  auto it = pinned_until_.find(user);
  return it != pinned_until_.end() && it->second >= storage::now_ms();
}

void App::announce_write(std::int64_t user) {
  pin_to_primary(user);
  db_->write_async([user](storage::Tx& tx) { tx.notify(storage::channels::kWrites, std::to_string(user)); },
                   [](const std::exception_ptr&) {});
}

bool App::keep_lease() {
  bool was = leading_.load();
  if (lease_ && !lease_->held()) lease_.reset();
  if (!lease_) {
    try {
      lease_ = db_->try_lead("background");
    } catch (const std::exception& e) {
      spdlog::warn("cluster: taking the background lease: {}", e.what());
    }
  }
  bool now = lease_ != nullptr;
  leading_ = now;
  if (now != was && db_->shared())
    spdlog::info("cluster: node {} {} the background work", db_->bus().node(), now ? "took" : "lost");
  return now;
}

}  // namespace wangge
