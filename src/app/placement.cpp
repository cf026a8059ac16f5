// Placement: where each request runs and which load-shedding class bounds it, read from
// its route's RouteDoc (runs, load) instead of from its path. The server calls place()
// once the request is read; handle() then reuses the match.
#include "app/app.h"

namespace wangge {
namespace {

bool is_read(const http::Request& r) {
  return r.method == "GET" || r.method == "HEAD";
}

}  // namespace

http::ServerOptions::Placement App::place(http::Request& req) const {
  auto m = router_.match(req.method, req.path);
  req.routed = true;
  req.matched = m.route;
  req.path_matched = m.path_matched;
  if (m.route) {
    req.params = std::move(m.params);
    req.route = m.route->pattern;
  }
  const http::RouteDoc* doc = m.route ? &m.route->doc : nullptr;

  http::ServerOptions::Placement p;
  http::Load load = doc ? doc->load : http::Load::by_method;
  if (load == http::Load::by_method) load = is_read(req) ? http::Load::read : http::Load::write;
  p.load_class = static_cast<int>(load);

  // SQLite reads are in-process and take microseconds: such handlers run on the I/O thread
  // and save two thread hand-offs. On PostgreSQL every read waits on the network: the pool.
  // Requests no route answers (the web app's files, 404s) go to the pool.
  if (!doc || db_->dialect() != storage::Dialect::sqlite) return p;
  http::Runs runs = doc->runs;
  if (runs == http::Runs::by_method) runs = is_read(req) ? http::Runs::local_reads : http::Runs::pool;
  if (runs == http::Runs::deferred) {
    runs = req.header("idempotency-key") ? http::Runs::pool : http::Runs::local_reads;
  }
  p.offload = runs == http::Runs::pool;
  return p;
}

}  // namespace wangge
