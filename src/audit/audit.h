// The audit log: append-only records of every write, every login attempt and every read
// of personal data: who, when, what, from which address, with what outcome.
// Writes go through append() inside the caller's own transaction, so an action and its
// audit record commit together or not at all. Nothing can change or delete a record
// (database triggers refuse it); the only read is the admin query API.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/context.h"
#include "core/http/router.h"
#include "core/http/schema.h"
#include "core/json.h"
#include "core/storage/database.h"

namespace wangge::audit {

struct Entry {
  std::optional<std::int64_t> actor_id;
  std::string actor;   // username or "anonymous"
  std::string action;  // module:entity:verb, e.g. "territory:region:create"
  std::string target;  // what it acted on, e.g. a region code or "user:12"
  std::string ip;
  std::string outcome = "ok";  // ok | denied | failed
  std::string detail = "{}";   // JSON object text; never personal values
};

// An entry for the caller of ctx.
Entry entry(const Context& ctx, std::string action, std::string target, const json::object& detail = {},
            std::string outcome = "ok");

// Appends inside an open write transaction.
void append(storage::Tx& tx, const Entry& e);

// The schemas of the module's answers (schemas.cpp): AuditEntry.
void register_schemas(schema::Components& c);

struct Query {
  std::optional<std::string> actor, action, target, outcome;
  std::optional<std::int64_t> from_ms, to_ms;  // [from, to)
  std::optional<std::int64_t> before_id;       // cursor
  int limit = 50;
};

class Service {
 public:
  explicit Service(storage::Database& db) : db_(db) {}
  // Appends in a transaction of its own (e.g. a failed login that changes nothing else).
  void record(const Entry& e);
  // Newest first. Returns the items and the cursor of the next page, if any.
  json::object query(const Query& q) const;
  void register_routes(http::Router& router);

 private:
  storage::Database& db_;
};

}  // namespace wangge::audit
