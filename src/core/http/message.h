// Transport-neutral HTTP request and response. Handlers see only these types, never
// Beast, so that Beast/Asio headers stay inside core/http/server.cpp.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wangge::http {

struct Route;

struct Request {
  std::string method;                                        // "GET", "POST", ...
  std::string target;                                        // raw target, path and query
  std::string path;                                          // decoded path, no query
  std::multimap<std::string, std::string> query;             // decoded query parameters
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string remote_ip;
  std::map<std::string, std::string> params;  // path parameters filled by the router
  std::string route;                          // the matched route pattern, for logs and metrics
  // Set by whoever matched the route first (App::place, before the handler runs), so it is
  // matched once: `routed` says it was looked up; `matched` is null when no route has this
  // method and path, and `path_matched` says whether another method has the path.
  bool routed = false;
  const Route* matched = nullptr;
  bool path_matched = false;

  // First header with this (lower-case) name.
  std::optional<std::string_view> header(std::string_view lower_name) const;
  // First query parameter with this name.
  std::optional<std::string> query_param(std::string_view name) const;
  // Path parameter set by the router; throws std::out_of_range if the route has none.
  const std::string& param(const std::string& name) const { return params.at(name); }
  // The value of cookie `name` from the Cookie header.
  std::optional<std::string> cookie(std::string_view name) const;
  // True when the client prefers Chinese (Accept-Language starts with zh).
  bool prefers_zh() const;
};

// A server-sent event stream (text/event-stream). A handler answers a Response whose
// `stream` is set; the server sends the headers, then whatever is pushed, until the client
// goes away, the server stops, or close() is called. Thread-safe.
class EventStream {
 public:
  // Queues one event ("event: NAME\ndata: JSON\n\n"). A client that does not read is cut
  // off once more than max_pending bytes wait.
  void push(std::string_view event, std::string_view data);
  std::string take();  // what is pending, emptied
  void close();
  bool closed() const;

 private:
  static constexpr std::size_t max_pending = 1 << 20;
  mutable std::mutex mu_;
  std::string pending_;
  bool closed_ = false;
};

class Deferred;

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  bool close = false;                   // close the connection after this response
  std::shared_ptr<EventStream> stream;  // set: an event stream follows the headers
  std::shared_ptr<Deferred> deferred;   // set: the answer comes later (see Deferred)

  static Response json(int status, std::string body);
  static Response no_content();
  void set_header(std::string name, std::string value) { headers.emplace_back(std::move(name), std::move(value)); }
};

// An answer that comes later: a handler that handed its write to the group commit
// (Database::write_async) returns a Response holding one, and the server waits for it
// without holding a thread. Whoever finishes the work calls complete() once, from any
// thread, with the function that builds the answer; the server runs that function on the
// connection's own thread. The request (and the handler's Context) stay alive until then.
class Deferred {
 public:
  using Finish = std::function<Response()>;
  void complete(Finish finish);
  // The server's side: `waiter` receives the finish function once it is there (at once,
  // on this thread, if complete() came first; otherwise on the completing thread).
  void on_complete(std::function<void(Finish)> waiter);

 private:
  std::mutex mu_;
  Finish finish_;
  std::function<void(Finish)> waiter_;
  bool completed_ = false;
};

}  // namespace wangge::http
