// Idempotency-Key (IETF draft "The Idempotency-Key HTTP Header Field"): a client that
// retries a write with the same key gets the first answer again, and the write acts once.
// The key is remembered per caller, in the same transaction as the write it answers, so
// a crash can never separate the two. Only successful answers are remembered; a request
// that failed may be retried with its key. The same key with another request (method,
// path or body) answers 422 idempotency_key_reused and changes nothing.
#pragma once

#include <functional>
#include <string>

#include "core/context.h"
#include "core/http/message.h"
#include "core/storage/database.h"

namespace wangge::idempotency {

struct Reply {
  int status = 200;
  std::string body;  // JSON text
};

// Runs `write` inside one write transaction under the request's Idempotency-Key (if it
// carries one) and answers its reply, or the remembered reply of an earlier identical
// request (with the header Idempotent-Replayed: true).
http::Response run(storage::Database& db, const Context& ctx, const std::function<Reply(storage::Tx&)>& write);
// The same with the answer rendered apart: without a key, `reply` runs after the commit,
// outside the write transaction (which then holds only the writes).
http::Response run(storage::Database& db, const Context& ctx, const std::function<void(storage::Tx&)>& write,
                   const std::function<Reply()>& reply);

// Who a key belongs to: "user:<id>" or, without a session, "anonymous:<ip>".
std::string caller_of(const Context& ctx);

}  // namespace wangge::idempotency
