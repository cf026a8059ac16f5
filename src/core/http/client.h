// A minimal blocking HTTP/1.1 client for outgoing webhooks (http:// only: put a TLS
// terminating proxy or the gateway's local agent in front of https endpoints).
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace wangge::http {

struct ClientResult {
  int status = 0;     // 0: no answer (connection failed, timeout)
  std::string error;  // why, when status is 0
  std::string body;
};

// POSTs body to url ("http://host[:port]/path") with the headers; never throws.
ClientResult post(const std::string& url, const std::string& body, const std::string& content_type,
                  const std::vector<std::pair<std::string, std::string>>& headers, std::chrono::milliseconds timeout);

}  // namespace wangge::http
