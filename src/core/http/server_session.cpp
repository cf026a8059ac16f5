// Server::Impl's per-connection session (see server_impl.h): reading a request under
// one deadline, admitting or shedding it, running its handler, writing the response or
// streaming events.
#include <boost/url/parse.hpp>
#include <cctype>

#include "core/http/server_impl.h"

namespace wangge::http {
namespace {

constexpr std::chrono::milliseconds kShedPause{500};
// Bytes a second a request body must average once past read_timeout (read_body): 2 KB/s,
// below a weak 2G uplink, far above a slowloris.
constexpr double kMinBodyRate = 2048;

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Fills path and query from the request target; false if the target is not origin-form.
bool parse_target(Request& r) {
  auto parsed = boost::urls::parse_origin_form(r.target);
  if (!parsed) return false;
  r.path = parsed->path();  // percent-decoded
  for (auto param : parsed->params()) {
    r.query.emplace(std::string(param.key), param.has_value ? std::string(param.value) : std::string());
  }
  return true;
}

}  // namespace

// Writes a response built from ours; returns false when the write failed.
// Server-sent events: the headers, then the pushed events as they come (checked every
// 200 ms), a comment every 15 s to keep proxies from timing out, until the client goes,
// the stream is closed or the server stops. The connection closes afterwards.
asio::awaitable<void> Server::Impl::stream_events(Conn& c, const Response& r) const {
  std::string head = "HTTP/1.1 " + std::to_string(r.status) +
                     " OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-cache\r\n"
                     "Connection: close\r\nX-Accel-Buffering: no\r\n";
  for (const auto& [k, v] : r.headers) head += k + ": " + v + "\r\n";
  head += "\r\n";
  std::string out = std::move(head);
  asio::steady_timer tick(c.stream.get_executor());
  auto quiet_since = std::chrono::steady_clock::now();
  for (;;) {
    out += r.stream->take();
    if (out.empty() && std::chrono::steady_clock::now() - quiet_since > std::chrono::seconds(15))
      out = ": keep-alive\n\n";
    if (!out.empty()) {
      c.stream.expires_after(std::chrono::seconds(30));  // a client that stops reading is dropped
      auto [ec, n] = co_await asio::async_write(c.stream, asio::buffer(out), asio::as_tuple(asio::use_awaitable));
      if (ec) break;
      out.clear();
      quiet_since = std::chrono::steady_clock::now();
    }
    if (stopping || r.stream->closed()) break;
    tick.expires_after(std::chrono::milliseconds(200));
    co_await tick.async_wait(asio::as_tuple(asio::use_awaitable));
  }
  r.stream->close();
}

asio::awaitable<bool> Server::Impl::write(Conn& c, const Response& r, unsigned version, bool keep_alive, bool head) {
  bh::response<bh::string_body> res{static_cast<bh::status>(r.status), version};
  res.set(bh::field::server, "wangge");
  if (!r.content_type.empty()) res.set(bh::field::content_type, r.content_type);
  for (const auto& [k, v] : r.headers) res.insert(k, v);
  res.body() = r.body;
  res.keep_alive(keep_alive);
  res.prepare_payload();
  if (head) res.body().clear();
  auto [ec, n] = co_await bh::async_write(c.stream, res, asio::as_tuple(asio::use_awaitable));
  co_return !ec;
}

// Reads one request, header and body, into parser. One deadline for the header, idle wait
// included: a client dribbling bytes (slowloris) is cut off when it passes; the body is
// read on a deadline of silence and a minimum rate (read_body). The
// body limit is the route's (body_limit_for), refused from Content-Length before any of
// the body is read.
asio::awaitable<beast::error_code> Server::Impl::read_request(Conn& c, beast::flat_buffer& buffer,
                                                              bh::request_parser<bh::string_body>& parser) const {
  parser.header_limit(static_cast<std::uint32_t>(opt.header_limit));
  parser.body_limit(std::max(opt.body_limit, opt.largest_body_limit));  // narrowed per route below
  c.stream.expires_after(opt.read_timeout);
  auto [ec, n] = co_await bh::async_read_header(c.stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
  c.idle = false;
  if (!ec) {
    auto& hdr = parser.get();
    std::size_t limit = opt.body_limit;
    if (opt.body_limit_for) {
      if (std::size_t l = opt.body_limit_for(hdr.method_string(), hdr.target())) limit = l;
    }
    if (auto len = parser.content_length(); len && *len > limit) {
      ec = bh::error::body_limit;  // refused from its header, before any of the body is read
    } else {
      parser.body_limit(limit);
      auto expect = hdr[bh::field::expect];
      if (beast::iequals(expect, "100-continue")) {
        bh::response<bh::empty_body> cont{bh::status::continue_, hdr.version()};
        co_await bh::async_write(c.stream, cont, asio::as_tuple(asio::use_awaitable));
      }
      ec = co_await read_body(c, buffer, parser);
    }
  }
  co_return ec;
}

// Reads the body on a deadline of silence, not of total time: a phone uploading a photo
// over a slow uplink keeps its connection while bytes keep coming (each read re-arms
// read_timeout), but a client that falls below kMinBodyRate over the whole body (after
// the first read_timeout's grace) is cut off like a slowloris.
asio::awaitable<beast::error_code> Server::Impl::read_body(Conn& c, beast::flat_buffer& buffer,
                                                           bh::request_parser<bh::string_body>& parser) const {
  auto start = std::chrono::steady_clock::now();
  std::size_t got = 0;
  while (!parser.is_done()) {
    c.stream.expires_after(opt.read_timeout);
    auto [ec, n] = co_await bh::async_read_some(c.stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
    if (ec) co_return ec;
    got += n;
    auto elapsed = std::chrono::steady_clock::now() - start;
    if (elapsed > opt.read_timeout) {
      double seconds = std::chrono::duration<double>(elapsed - opt.read_timeout).count();
      if (static_cast<double>(got) < kMinBodyRate * seconds) co_return beast::error::timeout;
    }
  }
  co_return beast::error_code{};
}

// The answer to a request that could not be read, if it gets one (431, 413, 400); a
// connection closed or timed out gets none.
std::optional<Response> Server::Impl::read_error_answer(const beast::error_code& ec) const {
  if (ec == bh::error::header_limit) return reject(431, "header_too_large");
  if (ec == bh::error::body_limit) return reject(413, "payload_too_large");
  if (ec != bh::error::end_of_stream && ec != beast::error::timeout && ec != asio::error::operation_aborted &&
      ec != asio::error::eof && ec != asio::error::connection_reset &&
      ec.category() == bh::make_error_code(bh::error::bad_method).category())
    return reject(400, "bad_request");
  return std::nullopt;
}

// The Request a handler sees; its body moved out of msg.
Request Server::Impl::to_request(Conn& c, bh::request<bh::string_body>& msg) {
  Request req;
  req.method = std::string(msg.method_string());
  req.target = std::string(msg.target());
  for (const auto& f : msg) req.headers.emplace_back(lower(f.name_string()), std::string(f.value()));
  req.body = std::move(msg.body());
  beast::error_code ep_ec;
  auto ep = c.stream.socket().remote_endpoint(ep_ec);
  if (!ep_ec) req.remote_ip = ep.address().to_string();
  return req;
}

// Runs the handler of an admitted request (of class cls), on the worker pool when offload
// (ServerOptions::place) else here, and answers its response once a deferred one is complete.
asio::awaitable<Response> Server::Impl::run_handler(Conn& c, Request& req, int cls, bool offload) {
  Response res;
  if (offload) {
    // Run the handler on the worker pool; resume here on the connection's strand. A
    // request that waited for a worker past queue_limit is shed instead of run.
    auto queued = std::chrono::steady_clock::now();
    res = co_await asio::co_spawn(
        workers,
        [this, &req, queued, cls]() -> asio::awaitable<Response> {
          if (cls >= 0 && std::chrono::steady_clock::now() - queued > opt.queue_limit) {
            class_shed[static_cast<std::size_t>(cls)].fetch_add(1, std::memory_order_relaxed);
            co_return shed();
          }
          co_return handler(req);
        },
        asio::use_awaitable);
  } else {
    res = handler(req);
  }
  // A deferred answer (a write in the group commit): wait on this connection's thread
  // without holding one; the completing thread posts the finish function here.
  while (res.deferred) {
    auto deferred = std::move(res.deferred);
    auto ex = c.stream.get_executor();
    asio::steady_timer wake(ex, asio::steady_timer::time_point::max());
    Deferred::Finish finish;
    deferred->on_complete([&wake, &finish, ex](Deferred::Finish f) {
      // The coroutine frame (wake, finish) lives until the timer's wait ends, which
      // only this posted function ends.
      asio::post(ex, [&wake, &finish, f = std::move(f)]() mutable {
        finish = std::move(f);
        wake.cancel();
      });
    });
    co_await wake.async_wait(asio::as_tuple(asio::use_awaitable));
    try {
      res = finish ? finish() : reject(500, "internal");
    } catch (const std::exception&) {
      res = reject(500, "internal");
    }
  }
  co_return res;
}

asio::awaitable<void> Server::Impl::session(std::shared_ptr<Conn> conn) {
  Conn& c = *conn;
  beast::flat_buffer buffer;
  for (;;) {
    if (stopping) break;
    c.idle = true;
    bh::request_parser<bh::string_body> parser;
    if (auto ec = co_await read_request(c, buffer, parser)) {
      if (auto answer = read_error_answer(ec)) {
        c.stream.expires_after(std::chrono::seconds(5));
        co_await write(c, *answer, 11, false, false);
      }
      break;
    }
    auto& msg = parser.get();
    Request req = to_request(c, msg);
    bool keep_alive = msg.keep_alive();
    unsigned version = msg.version();
    bool head = msg.method() == bh::verb::head;

    Response res;
    int cls = -1;
    bool offload = true;
    bool was_shed = false;
    bool parsed = parse_target(req);
    if (parsed) {
      auto placed = opt.place ? opt.place(req) : ServerOptions::Placement{};
      cls = placed.load_class;
      offload = placed.offload;
    }
    if (!parsed) {
      res = reject(400, "bad_request");
    } else if (!admit(cls, c.loop)) {
      res = shed();
      was_shed = true;
      cls = -1;  // not in flight
    } else {
      ++busy;
      c.stream.expires_never();
      res = co_await run_handler(c, req, cls, offload);
      --busy;
    }
    if (res.stream) {
      co_await stream_events(c, res);
      leave(cls);
      break;
    }
    leave(cls);
    bool close = res.close || !keep_alive || stopping;
    c.stream.expires_after(opt.read_timeout);
    bool ok = co_await write(c, res, version, !close, head);
    if (!ok || close) break;
    if (was_shed) {
      // The answer asked the client to wait (Retry-After); its connection is not read
      // again before half of that. A client that does not wait costs the loop almost
      // nothing meanwhile, so that shedding brings the loop's lateness down.
      asio::steady_timer pause(c.stream.get_executor());
      pause.expires_after(kShedPause);
      co_await pause.async_wait(asio::as_tuple(asio::use_awaitable));
    }
  }
  beast::error_code ignore;
  c.stream.socket().shutdown(tcp::socket::shutdown_send, ignore);
  c.stream.close();
}

}  // namespace wangge::http
