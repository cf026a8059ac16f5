// Transport-neutral HTTP request and response. Handlers see only these types, never
// Beast, so that Beast/Asio headers stay inside core/http/server.cpp.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
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

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  bool close = false;  // close the connection after this response

  static Response json(int status, std::string body);
  static Response no_content();
  void set_header(std::string name, std::string value) { headers.emplace_back(std::move(name), std::move(value)); }
};

}  // namespace wangge::http
