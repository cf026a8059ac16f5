// Private to the HTTP server (server.h); shared by its two translation units:
//   server.cpp          Server, the acceptor, stop, load shedding and the loop-lag watcher
//   server_session.cpp  a connection's session: reading requests, running handlers,
//                       writing responses and event streams
// Includes Beast and Asio: only files in src/core/http may include it.
#pragma once

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/http/server.h"

namespace wangge::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bh = boost::beast::http;
using tcp = asio::ip::tcp;

// One client connection, shared between its coroutine and Server::stop().
struct Conn {
  Conn(tcp::socket s, std::size_t on_loop) : stream(std::move(s)), loop(on_loop) {}
  beast::tcp_stream stream;
  std::size_t loop;  // the index of the I/O thread (io_context) it lives on
  bool idle = true;  // waiting for the next request (only touched on the stream's strand)
};

// Threads: "acceptor" is the thread in Server::run() (it runs accept_ioc: accepting, the
// signals, stop's closing work); "I/O thread i" runs iocs[i] and every coroutine of the
// connections on it (sessions, watch_lag(i)); "worker" is a thread of `workers`, running
// handlers. Server::stop(), open_connections(), in_flight() and shed_stats() are safe from
// any thread.
struct Server::Impl {
  // Set once in the constructor; read-only after (any thread).
  ServerOptions opt;
  RequestHandler handler;  // called on a worker (or, when opt.place says so, an I/O thread)
  RejectHandler reject;    // called on I/O threads and workers
  // One io_context per I/O thread: a connection lives on one thread, so its coroutine
  // needs no strand and no cross-thread wake-ups.
  std::vector<std::unique_ptr<asio::io_context>> iocs;
  // Cleared by stop() (on the acceptor thread) so that each loop ends with its last connection.
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> keep_running;
  // The acceptor has a thread of its own (the one that calls run()), so that a new
  // connection (a health check's, say) is accepted at once however busy the I/O threads
  // are with the connections they have, rather than waiting in the listen queue.
  asio::io_context accept_ioc{1};
  std::size_t next_ioc = 0;  // acceptor thread only
  asio::thread_pool workers;
  tcp::acceptor acceptor{accept_ioc};    // acceptor thread only (after listen())
  asio::signal_set signals{accept_ioc};  // acceptor thread only (after run() starts)
  // mu guards conns and finished; stopped_cv waits on finished (run()'s stop guard).
  // stopping, open and busy are atomics: any thread.
  std::mutex mu;
  std::list<std::shared_ptr<Conn>> conns;  // guarded by mu
  std::atomic<bool> stopping{false};
  std::atomic<std::int64_t> open{0};  // connections open
  std::atomic<std::int64_t> busy{0};  // requests in flight
  std::condition_variable stopped_cv;
  bool finished = false;  // guarded by mu
  // Load shedding (ServerOptions::place, class_limits): requests in flight and shed, per class; the
  // lateness of each I/O thread's loop, in microseconds. Arrays sized once in the
  // constructor; their atomics are written by I/O threads and workers, read by any thread.
  std::unique_ptr<std::atomic<std::int64_t>[]> class_in_flight, class_shed;
  std::unique_ptr<std::atomic<std::int64_t>[]> loop_lag_us, loop_due_us;  // loop i's: written by I/O thread i

  Impl(ServerOptions o, RequestHandler h, RejectHandler rj);

  // Load shedding (server.cpp).
  static std::int64_t now_us();
  asio::awaitable<void> watch_lag(std::size_t i);  // on I/O thread i
  std::int64_t behind_us(std::size_t i) const;     // any thread
  bool admit(int cls, std::size_t loop);           // any thread
  void leave(int cls);                             // any thread
  Response shed();                                 // any thread

  static std::vector<std::unique_ptr<asio::io_context>> make_iocs(int n);
  asio::awaitable<void> accept_loop();  // acceptor thread
  void stop();                          // any thread; idempotent

  // A connection's session (server_session.cpp); each runs on the connection's I/O thread
  // (the handler itself on a worker, see run_handler).
  asio::awaitable<void> stream_events(Conn& c, const Response& r) const;
  static asio::awaitable<bool> write(Conn& c, const Response& r, unsigned version, bool keep_alive, bool head);
  asio::awaitable<beast::error_code> read_request(Conn& c, beast::flat_buffer& buffer,
                                                  bh::request_parser<bh::string_body>& parser) const;
  asio::awaitable<beast::error_code> read_body(Conn& c, beast::flat_buffer& buffer,
                                               bh::request_parser<bh::string_body>& parser) const;
  std::optional<Response> read_error_answer(const beast::error_code& ec) const;
  static Request to_request(Conn& c, bh::request<bh::string_body>& msg);
  asio::awaitable<Response> run_handler(Conn& c, Request& req, int cls, bool offload);
  asio::awaitable<void> session(std::shared_ptr<Conn> conn);
};

}  // namespace wangge::http
