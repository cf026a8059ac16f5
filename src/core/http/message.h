// Transport-neutral HTTP request and response. Handlers see only these types, never
// Beast, so that Beast/Asio headers stay inside core/http/server.cpp.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wangge::http {

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

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  bool close = false;                   // close the connection after this response
  std::shared_ptr<EventStream> stream;  // set: an event stream follows the headers

  static Response json(int status, std::string body);
  static Response no_content();
  void set_header(std::string name, std::string value) { headers.emplace_back(std::move(name), std::move(value)); }
};

}  // namespace wangge::http
