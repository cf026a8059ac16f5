// The one request pipeline in front of every route: UTF-8 and NUL checks, the route (matched
// by App::place), the session and the route's role, the handler; what it throws becomes
// problem+json here and only here; large answers gzipped; metrics and the access log line.
// The web app's files: static_files.cpp.
#include <spdlog/spdlog.h>

#include "accounts/service.h"
#include "app/app.h"
#include "audit/audit.h"
#include "core/error.h"
#include "core/http/encoding.h"
#include "core/json.h"
#include "open311/open311.h"

namespace wangge {
namespace {

http::Response problem(const http::Request& req, const Error& e) {
  const ErrorSpec& spec = error_spec(e.code());
  std::string en(spec.title_en), zh(spec.title_zh);
  if (!e.detail_en().empty()) en += ": " + e.detail_en();
  if (!e.detail_zh().empty()) zh += "：" + e.detail_zh();
  json::object p{{"type", "urn:wangge:problem:" + e.code()},
                 {"title", req.prefers_zh() ? std::string(spec.title_zh) : std::string(spec.title_en)},
                 {"status", spec.status},
                 {"code", e.code()},
                 {"detail", req.prefers_zh() ? zh : en},
                 {"message_zh", zh},
                 {"message_en", en},
                 {"instance", json::valid_utf8(req.path) ? req.path : std::string()}};
  if (!e.field().empty()) p["field"] = e.field();
  auto r = http::Response::json(spec.status, json::to_text(p));
  r.content_type = "application/problem+json";
  // The storage unreachable (a failover, a restart): worth trying again shortly.
  if (spec.status == 503) r.set_header("Retry-After", "2");
  return r;
}

}  // namespace

http::Response App::reject(int status, std::string_view code) {
  const ErrorSpec& spec = error_spec(code);
  json::object p{{"type", "urn:wangge:problem:" + std::string(spec.code)},
                 {"title", spec.title_en},
                 {"status", status},
                 {"code", spec.code},
                 {"message_zh", spec.title_zh},
                 {"message_en", spec.title_en}};
  auto r = http::Response::json(status, json::to_text(p));
  r.content_type = "application/problem+json";
  r.close = true;
  return r;
}

http::Response App::handle(http::Request& req) {
  auto started = std::chrono::steady_clock::now();
  // Shared: a deferred answer (below) keeps the context alive until it is built.
  auto owned_ctx = std::make_shared<Context>(req);
  Context& ctx = *owned_ctx;
  http::Response resp;
  try {
    if (cfg_.trust_proxy) {
      if (auto xff = req.header("x-forwarded-for")) {
        std::string_view first = xff->substr(0, xff->find(','));
        while (!first.empty() && first.front() == ' ') first.remove_prefix(1);
        req.remote_ip = std::string(first);
      }
    }
    if (!json::valid_utf8(req.path)) throw Error("invalid_utf8", "path");
    if (!json::valid_text(req.path)) throw Error("bad_request", "path", "a NUL character", "包含空字符");
    for (const auto& [k, v] : req.query) {
      if (!json::valid_utf8(k) || !json::valid_utf8(v)) throw Error("invalid_utf8", k);
      if (!json::valid_text(k) || !json::valid_text(v))
        throw Error("invalid_query", k, "text may not contain the NUL character (U+0000)", "不能包含空字符（U+0000）");
    }
    if (!req.routed) place(req);  // the server placed it already; tests may call handle() directly
    const http::Route* route = req.matched;
    if (!route) {
      // Every path outside the web app's pages answers 404 in its own format: Open311's
      // error list under /open311/, problem+json under /api/, plain text for a missing file.
      bool api = req.path.rfind("/api/", 0) == 0;
      if (req.path.rfind("/open311/", 0) == 0 && !req.path_matched) {
        resp = open311::not_found(req.path);
        resp.status = 404;
      } else if (api || req.path_matched || (req.method != "GET" && req.method != "HEAD")) {
        if (req.path_matched) throw Error("method_not_allowed");
        throw Error("route_not_found");
      } else {
        resp = serve_static(req);
      }
    } else {
      if (route->doc.authenticated) {
        std::optional<std::string> token;
        if (auto auth = req.header("authorization");
            auth && auth->size() > 7 && (auth->substr(0, 7) == "Bearer " || auth->substr(0, 7) == "bearer ")) {
          token = std::string(auth->substr(7));
        } else {
          token = req.cookie("wangge_session");
        }
        auto principal = token ? accounts_->authenticate(*token) : nullptr;
        if (!principal) throw Error("unauthorized");
        ctx.set_principal(std::move(principal));
        // Role first: a caller whose roles lack the route's permission everywhere learns
        // nothing more (not even whether the body was valid). Handlers check the scope.
        if (!route->doc.permission.empty()) ctx.require_somewhere(route->doc.permission);
      }
      if (db_->has_replicas()) {
        const bool reading = req.method == "GET" || req.method == "HEAD";
        const std::int64_t user = ctx.authenticated() ? ctx.user().user_id : 0;  // 0: anonymous
        if (!reading && user) announce_write(user);
        // Reads may be a moment old on a replica, but never older than the reader's own
        // writes (cluster.cpp).
        std::optional<storage::ReplicaReads> replica;
        if (reading && !(user && pinned_to_primary(user))) replica.emplace();
        resp = route->handler(ctx);
        if (!reading && user) pin_to_primary(user);  // counted from the answer
      } else {
        resp = route->handler(ctx);
      }
      if (cfg_.check_contracts && !resp.deferred) check_contract(req, resp);
    }
  } catch (...) {
    resp = failure(req, ctx, std::current_exception());
  }
  if (resp.deferred) {
    // The handler's write is in the group commit: its answer, and this request's metrics
    // and log line, come when it is durable. The request lives in the server's connection
    // until the answer is written.
    auto outer = std::make_shared<http::Deferred>();
    resp.deferred->on_complete([this, outer, owned_ctx, &req, started](http::Deferred::Finish finish) {
      outer->complete([this, owned_ctx, &req, started, finish = std::move(finish)]() {
        http::Response r;
        try {
          r = finish();
          if (cfg_.check_contracts) check_contract(req, r);
        } catch (...) {
          r = failure(req, *owned_ctx, std::current_exception());
        }
        http::compress(req, r);
        record(req, *owned_ctx, r, started);
        return r;
      });
    });
    http::Response later;
    later.deferred = std::move(outer);
    return later;
  }
  http::compress(req, resp);  // large JSON answers, gzip when the client takes it
  record(req, ctx, resp, started);
  return resp;
}

http::Response App::failure(const http::Request& req, const Context& ctx, std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const Error& e) {
    if (e.code() == "forbidden" && ctx.authenticated()) {
      // Denials are part of the audit trail.
      try {
        audit_->record(audit::entry(ctx, "access:denied", req.method + " " + req.path, {}, "denied"));
      } catch (const std::exception&) {
      }
    }
    return problem(req, e);
  } catch (const storage::DbError& e) {
    // A constraint the database enforced that the handler did not check first: the input
    // conflicts with what is stored, and the transaction changed nothing. Answered as such
    // (and logged: the handler should have said it in its own words).
    using Kind = storage::DbError::Kind;
    if (e.kind() == Kind::unique || e.kind() == Kind::foreign_key || e.kind() == Kind::check) {
      spdlog::warn("constraint on {} {} not checked by its handler: {}", req.method, req.path, e.what());
      if (e.kind() == Kind::check)
        return problem(req, Error("validation", {}, "a value the stored data does not allow", "取值不被允许"));
      return problem(req, Error("conflict", {},
                                e.kind() == Kind::unique ? "a record with the same key exists"
                                                         : "other records depend on this one",
                                e.kind() == Kind::unique ? "已存在相同键的记录" : "仍有其他记录引用此记录"));
    }
    spdlog::error("storage error on {} {}: {}", req.method, req.path, e.what());
    if (e.kind() == storage::DbError::Kind::connection) return problem(req, Error("unavailable"));
    return problem(req, Error("internal"));
  } catch (const std::exception& e) {
    spdlog::error("unhandled error on {} {}: {}", req.method, req.path, e.what());
    return problem(req, Error("internal"));
  } catch (...) {
    spdlog::error("unhandled error on {} {}", req.method, req.path);
    return problem(req, Error("internal"));
  }
}

void App::record(const http::Request& req, const Context& ctx, const http::Response& resp,
                 std::chrono::steady_clock::time_point started) {
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  metrics_.observe(req.method, req.route, resp.status, seconds);
  if (cfg_.access_log) {
    // Path only: query strings may carry personal data.
    spdlog::get("access")->info(
        R"("method":"{}","path":{},"route":"{}","status":{},"ms":{:.3f},"ip":"{}","user":{},"bytes":{}}})", req.method,
        json::to_text(json::value(req.path)), req.route, resp.status, seconds * 1000, req.remote_ip,
        ctx.authenticated() ? ctx.user().user_id : 0, resp.body.size());
  }
}

}  // namespace wangge
