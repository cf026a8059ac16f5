// The HTTP/1.1 server: Boost.Beast on Asio C++20 coroutines. Keep-alive, limits on
// header and body size, a read timeout (slowloris), graceful stop. Handlers run on a
// worker pool (they may block on storage, e.g. waiting for a group commit), never on
// the I/O threads. This header deliberately includes no Beast/Asio.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/http/message.h"

namespace wangge::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;                        // 0 picks a free port (tests)
  int io_threads = 2;                               // threads running the sockets
  int workers = 256;                                // threads running handlers
  std::size_t header_limit = 16 * 1024;             // bytes; larger headers answer 431
  std::size_t body_limit = 1024 * 1024;             // bytes; larger bodies answer 413
  std::chrono::milliseconds read_timeout{15000};    // to receive a header (idle included); a body's longest silence
  std::chrono::milliseconds shutdown_grace{30000};  // in-flight requests get this long on stop
  bool handle_signals = false;                      // SIGINT/SIGTERM call stop()
  // Where a request runs and how it is bounded under load, decided once it is read
  // (App::place reads both from the matched route). Unset: on the pool, never shed.
  struct Placement {
    bool offload = true;  // the worker pool; false: the I/O thread (never-blocking handlers)
    int load_class = -1;  // an index into class_limits; -1: never shed (health probes)
  };
  std::function<Placement(Request&)> place;
  // A larger body limit for some routes (uploads), decided from the method and target
  // once the header is read (App reads the route's RouteDoc::body). Unset, or 0: body_limit.
  std::function<std::size_t(std::string_view method, std::string_view target)> body_limit_for;
  std::size_t largest_body_limit = 0;  // the largest limit body_limit_for answers

  // Load shedding. Overload is answered fast rather than slowly: a request is answered
  // 503 (through `reject`, with Retry-After) without running its handler when
  //   - its class already has class_limits[class] requests in flight (admitted, not yet
  //     answered: waiting for a worker, running, or waiting for their group commit), or
  //   - the event loop of the I/O thread that read it runs more than loop_lag_limit late
  //     (a timer on each loop measures it): every request of that thread waits about that
  //     long before its turn, so admitting more only makes every answer slower, or
  //   - it waited for a worker thread longer than queue_limit.
  // The class is Placement::load_class.
  std::vector<std::int64_t> class_limits;
  std::chrono::milliseconds loop_lag_limit{250};
  std::chrono::milliseconds queue_limit{1000};
};

// What load shedding has done, for metrics.
struct ShedStats {
  std::vector<std::int64_t> in_flight;  // per class
  std::vector<std::int64_t> shed;       // per class, since start
  double loop_lag_seconds = 0;          // the latest lag of the most lagging I/O thread
};

// Called for every well-formed request on a worker thread. Must not throw.
using RequestHandler = std::function<Response(Request&)>;
// Called for requests rejected before reaching the handler (limits, malformed HTTP).
using RejectHandler = std::function<Response(int status, std::string_view code)>;
// Thread contract: see "Server: threads" at the end of this file.
class Server {
 public:
  Server(ServerOptions options, RequestHandler handler, RejectHandler reject);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; returns the bound port. Throws std::runtime_error on failure.
  std::uint16_t listen();
  // Serves until stop() (or a signal, with handle_signals) and every in-flight request
  // has been answered. Blocks.
  void run();
  // Stops accepting, closes idle keep-alive connections, lets in-flight requests finish.
  // Thread-safe, idempotent.
  void stop();

  std::int64_t open_connections() const;
  std::int64_t in_flight() const;
  ShedStats shed_stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace wangge::http

// Server: threads.
//
// listen() and then run() are called from one thread (run() makes it the acceptor thread);
// stop(), open_connections(), in_flight() and shed_stats() from any thread, concurrently.
// The RequestHandler runs on a worker thread (or an I/O thread, as ServerOptions::place
// decides), the RejectHandler on an I/O or worker thread. The destructor stops the server
// and joins the workers; run() must have returned (or never run). The members' own
// contracts are in server_impl.h.
