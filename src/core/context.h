// What a handler gets: the request, the authenticated caller (if any) and the checks.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/auth.h"
#include "core/http/message.h"

namespace wangge {

class Context {
 public:
  explicit Context(http::Request& req) : req_(req) {}

  http::Request& req() { return req_; }
  const http::Request& req() const { return req_; }

  void set_principal(std::shared_ptr<const Principal> p) { principal_ = std::move(p); }
  bool authenticated() const { return principal_ != nullptr; }
  std::shared_ptr<const Principal> principal() const { return principal_; }
  // The caller; throws Error("unauthorized") when the request carries no valid session.
  const Principal& user() const;

  // Throws Error("forbidden") unless the caller may `permission` on the node at `region_path`.
  void require(std::string_view permission, std::string_view region_path) const;
  // Throws Error("forbidden") unless the caller has `permission` on some node.
  void require_somewhere(std::string_view permission) const;

  // A client authenticated otherwise than by a session (an Open311 API key): named in the
  // audit log and in timelines as "open311:<key name>".
  void set_client(std::string name) { client_ = std::move(name); }

  // Who to name in the audit log.
  std::string actor() const {
    if (principal_) return principal_->username;
    return client_.empty() ? std::string("anonymous") : client_;
  }
  std::optional<std::int64_t> actor_id() const {
    if (principal_) return principal_->user_id;
    return std::nullopt;
  }
  const std::string& ip() const { return req_.remote_ip; }

 private:
  http::Request& req_;
  std::shared_ptr<const Principal> principal_;  // shared with the session cache
  std::string client_;
};

}  // namespace wangge
