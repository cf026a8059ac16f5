// Server (server.h): listening, accepting, stopping, and load shedding with the watcher of
// each I/O loop's lag. A connection's session is in server_session.cpp. Beast and Asio
// are included only by files in src/core/http (compile cost: see README).
#include "core/http/server.h"

#include <algorithm>
#include <thread>

#include "core/http/server_impl.h"

namespace wangge::http {

Server::Impl::Impl(ServerOptions o, RequestHandler h, RejectHandler rj)
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
std::int64_t Server::Impl::now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
asio::awaitable<void> Server::Impl::watch_lag(std::size_t i) {
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
std::int64_t Server::Impl::behind_us(std::size_t i) const {
  std::int64_t due = loop_due_us[i].load(std::memory_order_relaxed);
  return due == 0 ? 0 : std::max<std::int64_t>(0, now_us() - due);
}

// Whether to shed a request of class `cls` read on loop `loop`; counts it in flight when
// admitted (the caller ends it with leave()).
bool Server::Impl::admit(int cls, std::size_t loop) {
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
void Server::Impl::leave(int cls) {
  if (cls >= 0 && static_cast<std::size_t>(cls) < opt.class_limits.size())
    class_in_flight[static_cast<std::size_t>(cls)].fetch_sub(1, std::memory_order_relaxed);
}
Response Server::Impl::shed() {
  Response r = reject(503, "overloaded");
  r.set_header("Retry-After", "1");
  r.close = false;  // the client may retry on the same connection
  return r;
}

std::vector<std::unique_ptr<asio::io_context>> Server::Impl::make_iocs(int n) {
  std::vector<std::unique_ptr<asio::io_context>> out;
  for (int i = 0; i < n; ++i) out.push_back(std::make_unique<asio::io_context>(1));
  return out;
}

asio::awaitable<void> Server::Impl::accept_loop() {
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

void Server::Impl::stop() {
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
