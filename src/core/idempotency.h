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

// Runs `write` in the group commit and answers `answer(error)` once it is durable (error:
// what `write` threw, or nullptr). Where the database writes asynchronously the answer is
// deferred (http::Deferred) and `answer` runs on the connection's thread; otherwise this
// waits and calls it here. `write` and `answer` own their state; the request's Context
// outlives them.
http::Response answer_when_durable(storage::Database& db, std::function<void(storage::Tx&)> write,
                                   std::function<http::Response(std::exception_ptr)> answer);

// The same as run(), without holding the calling thread when the request carries no Idempotency-Key
// and the database writes asynchronously (Database::async_writes): the answer is deferred
// (http::Deferred) until the write is durable; then `committed` (side effects of the
// committed write, such as live updates) and `reply` run on the connection's thread. The
// closures own their state (values or shared pointers), since this returns before they
// run; the request's Context outlives them. Otherwise it is run() above, followed by
// `committed` when this request's write committed (not on a replay).
http::Response run_deferred(storage::Database& db, const Context& ctx, std::function<void(storage::Tx&)> write,
                            std::function<void()> committed, std::function<Reply()> reply);

// Who a key belongs to: "user:<id>" or, without a session, "anonymous:<ip>".
std::string caller_of(const Context& ctx);

}  // namespace wangge::idempotency
