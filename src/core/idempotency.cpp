#include "core/idempotency.h"

#include <sodium.h>

#include <algorithm>

#include <optional>

#include "core/error.h"
#include "core/storage/database.h"

namespace wangge::idempotency {
namespace {

struct Stored {
  std::string hash;
  int status;
  std::string body;
};

std::optional<Stored> lookup(storage::Tx& tx, const std::string& caller, const std::string& key) {
  auto res = tx.exec("SELECT request_hash, status, body FROM idempotency_keys WHERE caller = ? AND idem_key = ?",
                     {caller, key});
  if (res.empty()) return std::nullopt;
  return Stored{res.rows[0].str(0), static_cast<int>(res.rows[0].i64(1)), res.rows[0].str(2)};
}

std::string hash_of(const http::Request& req) {
  crypto_generichash_state st;
  crypto_generichash_init(&st, nullptr, 0, 32);
  auto feed = [&](std::string_view part) {
    crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(part.data()), part.size());
  };
  feed(req.method);
  feed(" ");
  feed(req.target);
  feed("\n");
  feed(req.body);
  unsigned char out[32];
  crypto_generichash_final(&st, out, sizeof out);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, out, sizeof out);
  return hex;
}

http::Response answer(const Stored& s, const std::string& hash, bool replayed) {
  if (s.hash != hash) {
    throw Error("idempotency_key_reused", "Idempotency-Key", "the key was used for another request",
                "该幂等键已用于另一个请求");
  }
  http::Response r = http::Response::json(s.status, s.body);
  if (replayed) r.set_header("Idempotent-Replayed", "true");
  return r;
}

// Thrown inside the transaction when the key turned up meanwhile: roll back, then replay.
struct AlreadyAnswered {
  Stored stored;
};

}  // namespace

std::string caller_of(const Context& ctx) {
  std::string out = ctx.authenticated() ? "user:" : "anonymous:";
  out.append(ctx.authenticated() ? std::to_string(ctx.user().user_id) : ctx.ip());
  return out;
}

http::Response run(storage::Database& db, const Context& ctx, const std::function<Reply(storage::Tx&)>& write) {
  auto header = ctx.req().header("idempotency-key");
  if (!header) {
    Reply reply;
    db.write([&](storage::Tx& tx) { reply = write(tx); });
    return http::Response::json(reply.status, std::move(reply.body));
  }
  std::string key(*header);
  if (key.empty() || key.size() > 200 ||
      !std::all_of(key.begin(), key.end(), [](char c) { return c > 0x20 && c < 0x7f; })) {
    throw Error("bad_request", "Idempotency-Key", "1 to 200 visible ASCII characters",
                "应为 1 到 200 个可见 ASCII 字符");
  }
  std::string caller = caller_of(ctx), hash = hash_of(ctx.req());
  std::optional<Stored> earlier;
  db.read([&](storage::Tx& tx) { earlier = lookup(tx, caller, key); });
  if (earlier) return answer(*earlier, hash, true);

  Reply reply;
  try {
    db.write([&](storage::Tx& tx) {
      if (auto s = lookup(tx, caller, key)) throw AlreadyAnswered{*s};
      reply = write(tx);
      tx.exec(
          "INSERT INTO idempotency_keys (caller, idem_key, request_hash, status, body, created_at) "
          "VALUES (?, ?, ?, ?, ?, ?)",
          {caller, key, hash, std::int64_t{reply.status}, reply.body, storage::now_ms()});
    });
  } catch (const AlreadyAnswered& a) {
    return answer(a.stored, hash, true);
  } catch (const storage::DbError& e) {
    // A concurrent request with the same key committed first (PostgreSQL): replay it.
    if (e.kind() != storage::DbError::Kind::unique) throw;
    db.read([&](storage::Tx& tx) { earlier = lookup(tx, caller, key); });
    if (!earlier) throw;
    return answer(*earlier, hash, true);
  }
  return http::Response::json(reply.status, std::move(reply.body));
}

http::Response run(storage::Database& db, const Context& ctx, const std::function<void(storage::Tx&)>& write,
                   const std::function<Reply()>& reply) {
  if (!ctx.req().header("idempotency-key")) {
    db.write(write);
    Reply r = reply();
    return http::Response::json(r.status, std::move(r.body));
  }
  return run(db, ctx, [&](storage::Tx& tx) {
    write(tx);
    return reply();
  });
}

http::Response run_deferred(storage::Database& db, const Context& ctx, std::function<void(storage::Tx&)> write,
                            std::function<void()> committed, std::function<Reply()> reply) {
  if (ctx.req().header("idempotency-key") || !db.async_writes()) {
    bool wrote = false;  // false on a replay: the earlier request's write stands
    http::Response r = run(db, ctx, [&](storage::Tx& tx) {
      write(tx);
      wrote = true;
      return reply();
    });
    if (wrote) committed();
    return r;
  }
  return answer_when_durable(db, std::move(write),
                             [committed = std::move(committed), reply = std::move(reply)](std::exception_ptr error) {
                               if (error) std::rethrow_exception(error);
                               committed();
                               Reply r = reply();
                               return http::Response::json(r.status, std::move(r.body));
                             });
}

http::Response answer_when_durable(storage::Database& db, std::function<void(storage::Tx&)> write,
                                   std::function<http::Response(std::exception_ptr)> answer) {
  if (!db.async_writes()) {
    std::exception_ptr error;
    try {
      db.write(write);
    } catch (...) {
      error = std::current_exception();
    }
    return answer(error);
  }
  auto deferred = std::make_shared<http::Deferred>();
  db.write_async(std::move(write), [deferred, answer = std::move(answer)](std::exception_ptr error) mutable {
    deferred->complete([error, answer = std::move(answer)] { return answer(error); });
  });
  http::Response later;
  later.deferred = std::move(deferred);
  return later;
}

}  // namespace wangge::idempotency
