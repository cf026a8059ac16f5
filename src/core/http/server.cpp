// The only translation unit that includes Beast and Asio (compile cost: see README).
#include "core/http/server.h"

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <condition_variable>
#include <list>
#include <mutex>
#include <optional>
#include <thread>

namespace wangge::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bh = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr std::chrono::milliseconds kShedPause{500};

// One client connection, shared between its coroutine and Server::stop().
struct Conn {
  Conn(tcp::socket s, std::size_t on_loop) : stream(std::move(s)), loop(on_loop) {}
  beast::tcp_stream stream;
  std::size_t loop;  // the index of the I/O thread (io_context) it lives on
  bool idle = true;  // waiting for the next request (only touched on the stream's strand)
};

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

struct Server::Impl {
  ServerOptions opt;
  RequestHandler handler;
  RejectHandler reject;
  // One io_context per I/O thread: a connection lives on one thread, so its coroutine
  // needs no strand and no cross-thread wake-ups.
  std::vector<std::unique_ptr<asio::io_context>> iocs;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> keep_running;
  // The acceptor has a thread of its own (the one that calls run()): sharing a loop with
  // thousands of busy connections, it accepted a new one only after seconds, so under load
  // a health check's connection waited in the listen queue behind a flood of others.
  asio::io_context accept_ioc{1};
  std::size_t next_ioc = 0;
  asio::thread_pool workers;
  tcp::acceptor acceptor{accept_ioc};
  asio::signal_set signals{accept_ioc};
  std::mutex mu;
  std::list<std::shared_ptr<Conn>> conns;
  std::atomic<bool> stopping{false};
  std::atomic<std::int64_t> open{0};
  std::atomic<std::int64_t> busy{0};
  std::condition_variable stopped_cv;
  bool finished = false;
  // Load shedding (ServerOptions::place, class_limits): requests in flight and shed, per class; the
  // lateness of each I/O thread's loop, in microseconds.
  std::unique_ptr<std::atomic<std::int64_t>[]> class_in_flight, class_shed;
  std::unique_ptr<std::atomic<std::int64_t>[]> loop_lag_us, loop_due_us;

  Impl(ServerOptions o, RequestHandler h, RejectHandler rj)
      : opt(std::move(o)),
        handler(std::move(h)),
        reject(std::move(rj)),
        iocs(make_iocs(std::max(1, opt.io_threads))),
        workers(static_cast<std::size_t>(opt.workers)) {
    for (auto& c : iocs) keep_running.push_back(asio::make_work_guard(*c));
    keep_running.push_back(asio::make_work_guard(accept_ioc));
    std::size_t classes = opt.class_limits.size();
    class_in_flight = std::make_unique<std::atomic<std::int64_t>[]>(classes);
    class_shed = std::make_unique<std::atomic<std::int64_t>[]>(classes);
    loop_lag_us = std::make_unique<std::atomic<std::int64_t>[]>(iocs.size());
    loop_due_us = std::make_unique<std::atomic<std::int64_t>[]>(iocs.size());
  }

  // Measures how late loop `i` runs a timer due every 20 ms, until the server stops.
  // Each loop runs a timer due every 20 ms. While the loop is busy the timer cannot run,
  // so how long ago it fell due is how far behind the loop is right now: every request the
  // loop reads meanwhile waited about that long. admit() reads it at each request (the
  // lateness measured when the timer does run comes too late: once per turn of a loop that
  // may take seconds to turn).
  static std::int64_t now_us() {
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }
  asio::awaitable<void> watch_lag(std::size_t i) {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    constexpr auto kPeriod = std::chrono::milliseconds(20);
    while (!stopping) {
      auto due = std::chrono::steady_clock::now() + kPeriod;
      loop_due_us[i].store(now_us() + kPeriod.count() * 1000, std::memory_order_relaxed);
      timer.expires_at(due);
      co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
      auto late = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - due);
      loop_lag_us[i].store(std::max<std::int64_t>(0, late.count()), std::memory_order_relaxed);
    }
  }
  // How far behind loop i is now: how long ago its timer fell due without running.
  std::int64_t behind_us(std::size_t i) const {
    std::int64_t due = loop_due_us[i].load(std::memory_order_relaxed);
    return due == 0 ? 0 : std::max<std::int64_t>(0, now_us() - due);
  }

  // Whether to shed a request of class `cls` read on loop `loop`; counts it in flight when
  // admitted (the caller ends it with leave()).
  bool admit(int cls, std::size_t loop) {
    if (cls < 0 || static_cast<std::size_t>(cls) >= opt.class_limits.size()) return true;
    auto& n = class_in_flight[static_cast<std::size_t>(cls)];
    bool late = behind_us(loop) > std::chrono::duration_cast<std::chrono::microseconds>(opt.loop_lag_limit).count();
    if (late || n.fetch_add(1, std::memory_order_relaxed) >= opt.class_limits[static_cast<std::size_t>(cls)]) {
      if (!late) n.fetch_sub(1, std::memory_order_relaxed);
      class_shed[static_cast<std::size_t>(cls)].fetch_add(1, std::memory_order_relaxed);
      return false;
    }
    return true;
  }
  void leave(int cls) {
    if (cls >= 0 && static_cast<std::size_t>(cls) < opt.class_limits.size())
      class_in_flight[static_cast<std::size_t>(cls)].fetch_sub(1, std::memory_order_relaxed);
  }
  Response shed() {
    Response r = reject(503, "overloaded");
    r.set_header("Retry-After", "1");
    r.close = false;  // the client may retry on the same connection
    return r;
  }

  static std::vector<std::unique_ptr<asio::io_context>> make_iocs(int n) {
    std::vector<std::unique_ptr<asio::io_context>> out;
    for (int i = 0; i < n; ++i) out.push_back(std::make_unique<asio::io_context>(1));
    return out;
  }

  asio::awaitable<void> accept_loop() {
    for (;;) {
      // Round-robin the new connection onto an I/O thread.
      std::size_t loop = next_ioc++ % iocs.size();
      auto& target = *iocs[loop];
      auto [ec, socket] = co_await acceptor.async_accept(target, asio::as_tuple(asio::use_awaitable));
      if (ec) {
        if (stopping || ec == asio::error::operation_aborted) co_return;
        continue;  // e.g. EMFILE: keep serving the connections we have
      }
      socket.set_option(tcp::no_delay(true));
      auto conn = std::make_shared<Conn>(std::move(socket), loop);
      std::list<std::shared_ptr<Conn>>::iterator it;
      {
        std::lock_guard lock(mu);
        conns.push_front(conn);
        it = conns.begin();
      }
      ++open;
      auto ex = conn->stream.get_executor();
      asio::co_spawn(ex, session(conn), [this, it](std::exception_ptr) {
        std::lock_guard lock(mu);
        conns.erase(it);
        --open;
      });
    }
  }

  // Writes a response built from ours; returns false when the write failed.
  // Server-sent events: the headers, then the pushed events as they come (checked every
  // 200 ms), a comment every 15 s to keep proxies from timing out, until the client goes,
  // the stream is closed or the server stops. The connection closes afterwards.
  asio::awaitable<void> stream_events(Conn& c, const Response& r) {
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

  static asio::awaitable<bool> write(Conn& c, const Response& r, unsigned version, bool keep_alive, bool head) {
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

  // Reads one request, header and body, into parser. One deadline for the whole request,
  // idle wait included: a client dribbling bytes (slowloris) is cut off when it passes. The
  // body limit is the route's (body_limit_for), refused from Content-Length before any of
  // the body is read.
  asio::awaitable<beast::error_code> read_request(Conn& c, beast::flat_buffer& buffer,
                                                  bh::request_parser<bh::string_body>& parser) {
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
        std::tie(ec, n) = co_await bh::async_read(c.stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
      }
    }
    co_return ec;
  }

  // The answer to a request that could not be read, if it gets one (431, 413, 400); a
  // connection closed or timed out gets none.
  std::optional<Response> read_error_answer(const beast::error_code& ec) const {
    if (ec == bh::error::header_limit) return reject(431, "header_too_large");
    if (ec == bh::error::body_limit) return reject(413, "payload_too_large");
    if (ec != bh::error::end_of_stream && ec != beast::error::timeout && ec != asio::error::operation_aborted &&
        ec != asio::error::eof && ec != asio::error::connection_reset &&
        ec.category() == bh::make_error_code(bh::error::bad_method).category())
      return reject(400, "bad_request");
    return std::nullopt;
  }

  // The Request a handler sees; its body moved out of msg.
  static Request to_request(Conn& c, bh::request<bh::string_body>& msg) {
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
  asio::awaitable<Response> run_handler(Conn& c, Request& req, int cls, bool offload) {
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

  asio::awaitable<void> session(std::shared_ptr<Conn> conn) {
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
      if (!parse_target(req)) {
        res = reject(400, "bad_request");
      } else if (auto placed = opt.place ? opt.place(req) : ServerOptions::Placement{};
                 cls = placed.load_class, offload = placed.offload, !admit(cls, c.loop)) {
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

  void stop() {
    if (stopping.exchange(true)) return;
    asio::post(accept_ioc, [this] {
      beast::error_code ignore;
      acceptor.close(ignore);
      signals.cancel(ignore);
      keep_running.clear();  // each I/O thread ends when its last connection does
      std::lock_guard lock(mu);
      for (auto& conn : conns) {
        asio::post(conn->stream.get_executor(), [conn] {
          // The error_code overload: a connection that closed meanwhile has no descriptor
          // left, and the throwing overload would end the process.
          beast::error_code ignore_cancel;
          if (conn->idle) conn->stream.socket().cancel(ignore_cancel);
        });
      }
    });
  }
};

Server::Server(ServerOptions options, RequestHandler handler, RejectHandler reject)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler), std::move(reject))) {}

Server::~Server() {
  impl_->stop();
  impl_->workers.join();
}

std::uint16_t Server::listen() {
  auto& im = *impl_;
  auto addr = asio::ip::make_address(im.opt.host);
  tcp::endpoint ep(addr, im.opt.port);
  im.acceptor.open(ep.protocol());
  im.acceptor.set_option(asio::socket_base::reuse_address(true));
  im.acceptor.bind(ep);
  im.acceptor.listen(asio::socket_base::max_listen_connections);
  return im.acceptor.local_endpoint().port();
}

void Server::run() {
  auto& im = *impl_;
  if (im.opt.handle_signals) {
    im.signals.add(SIGINT);
    im.signals.add(SIGTERM);
    im.signals.async_wait([this](const beast::error_code& ec, int) {
      if (!ec) stop();
    });
  }
  asio::co_spawn(im.accept_ioc, im.accept_loop(), asio::detached);
  if (!im.opt.class_limits.empty()) {
    for (std::size_t i = 0; i < im.iocs.size(); ++i) asio::co_spawn(*im.iocs[i], im.watch_lag(i), asio::detached);
  }
  // Force the end if in-flight requests outlive the grace period after stop().
  std::thread guard([&im] {
    std::unique_lock lock(im.mu);
    while (!im.finished) {
      if (im.stopping) {
        if (!im.stopped_cv.wait_for(lock, im.opt.shutdown_grace, [&] { return im.finished; })) {
          for (auto& c : im.iocs) c->stop();
          im.accept_ioc.stop();
        }
        return;
      }
      im.stopped_cv.wait_for(lock, std::chrono::milliseconds(200));
    }
  });
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < im.iocs.size(); ++i) threads.emplace_back([&im, i] { im.iocs[i]->run(); });
  im.accept_ioc.run();
  for (auto& t : threads) t.join();
  {
    std::lock_guard lock(im.mu);
    im.finished = true;
  }
  im.stopped_cv.notify_all();
  guard.join();
  im.workers.join();
}

void Server::stop() {
  impl_->stop();
}

std::int64_t Server::open_connections() const {
  return impl_->open;
}
std::int64_t Server::in_flight() const {
  return impl_->busy;
}

ShedStats Server::shed_stats() const {
  ShedStats s;
  for (std::size_t i = 0; i < impl_->opt.class_limits.size(); ++i) {
    s.in_flight.push_back(impl_->class_in_flight[i].load(std::memory_order_relaxed));
    s.shed.push_back(impl_->class_shed[i].load(std::memory_order_relaxed));
  }
  std::int64_t lag = 0;
  for (std::size_t i = 0; i < impl_->iocs.size(); ++i)
    lag = std::max({lag, impl_->loop_lag_us[i].load(std::memory_order_relaxed), impl_->behind_us(i)});
  s.loop_lag_seconds = static_cast<double>(lag) / 1e6;
  return s;
}

}  // namespace wangge::http
