// The Wangge nodes that share one database: messages between them, sent with the
// transaction that made the change, and leadership of the work only one node may do.
//
// PostgreSQL (several nodes): Tx::notify sends NOTIFY with the transaction, so a message
// goes out exactly when its change commits and never for a rollback; each node LISTENs on
// a connection of its own, which reconnects by itself and then calls the resync handlers
// (messages sent while it was away are lost: whoever relies on them refreshes). Leadership
// is a session advisory lock held on a connection of its own: a node that dies, or loses
// that connection, loses the lock, and another node's next try takes it.
// SQLite (one node): messages reach this process once their commit is durable; the node
// always leads.
//
// A message is delivered to every node, the sending one too, with `from_self` telling
// which, in the order the transactions committed on the sender. A payload is a
// comma-separated list of short tokens (ids); the PostgreSQL backend merges the payloads
// one transaction sends on one channel into one list, without repeats, in lists of at
// most 7,000 bytes (NOTIFY refuses more than 8,000).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

namespace wangge::storage {

// Channel names: the modules' own, listed here so no two modules pick the same one.
namespace channels {
inline constexpr std::string_view kEvents = "wangge_events";        // an event changed: its id
inline constexpr std::string_view kInbox = "wangge_inbox";          // new notifications: user ids
inline constexpr std::string_view kSecurity = "wangge_security";    // sessions or grants changed
inline constexpr std::string_view kCatalog = "wangge_catalog";      // categories changed
inline constexpr std::string_view kTerritory = "wangge_territory";  // regions changed
inline constexpr std::string_view kWrites = "wangge_writes";        // users about to write: their ids
inline constexpr std::string_view kOrders = "wangge_orders";        // a service order changed: its id
}  // namespace channels

// The handlers of one node. Thread contract: subscribe() and on_resync() are thread-safe;
// handlers run on one delivery thread (PostgreSQL: the listener; SQLite: the syncer),
// never two at once, and must be quick and must not wait for the database's writer (post
// longer work elsewhere).
class Bus {
 public:
  using Handler = std::function<void(std::string_view payload, bool from_self)>;

  Bus();
  // This node's id: random, one per process (and per Database object).
  const std::string& node() const { return node_; }

  void subscribe(std::string_view channel, Handler fn);
  void on_resync(std::function<void()> fn);
  // The channels with a handler, and a number that grows with each new one (the listener
  // LISTENs again when it changed).
  std::vector<std::string> channels() const;
  std::uint64_t generation() const { return generation_.load(); }

  // Backend side. Channels travel as scope + channel: deployments in other schemas of the
  // same PostgreSQL database (tests, staging) do not hear each other. wire() is what a
  // payload travels as: "<node>|<payload>". deliver() takes the scoped channel name and
  // the wire, and calls the channel's handlers; resync() calls the resync handlers.
  void set_scope(std::string scope) { scope_ = std::move(scope); }  // before any use
  std::string scoped(std::string_view channel) const { return scope_ + std::string(channel); }
  std::string wire(std::string_view payload) const;
  // A handler that throws is logged and the bus notes that a resync is needed
  // (take_resync_need); a resync handler that throws makes resync() answer false, and the
  // deliverer calls it again a little later.
  void deliver(std::string_view scoped_channel, std::string_view wire) const;
  bool resync() const;
  bool take_resync_need() const;
  // No handler runs after this returns (it waits for one running); later messages are
  // dropped. Called before what the handlers use is destroyed.
  void close();

 private:
  std::string node_;
  std::string scope_;
  mutable std::mutex mu_;  // guards handlers_, resync_ and closed_
  std::map<std::string, std::vector<Handler>, std::less<>> handlers_;
  std::vector<std::function<void()>> resync_;
  mutable std::atomic<bool> resync_needed_{false};
  bool closed_ = false;
  // Held shared while handlers run, exclusively by close(): close waits for them.
  mutable std::shared_mutex running_;
  std::atomic<std::uint64_t> generation_{0};
};

// Leadership of one named kind of work. Thread contract: one thread at a time.
class Lease {
 public:
  virtual ~Lease() = default;
  // Whether the lease is still held (PostgreSQL: one round trip on its connection). Once
  // false, it stays false: take a new lease with Database::try_lead.
  virtual bool held() = 0;
};

// A payload's tokens (split at ','; empty ones dropped), and those that are ids (positive
// integers; others dropped).
std::vector<std::string_view> payload_tokens(std::string_view payload);
std::vector<std::int64_t> payload_ids(std::string_view payload);

// The lock key of a named kind of work: FNV-1a of "wangge:" + name, as a signed 64-bit
// number (PostgreSQL's advisory lock key). Advisory locks are database-wide: the backend
// passes the name scoped like a channel (Bus::scoped), so deployments in other schemas
// lead their own work.
std::int64_t lease_key(std::string_view name);

}  // namespace wangge::storage
