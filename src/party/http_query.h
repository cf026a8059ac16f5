// Query parameters the party module's routes share.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/http/message.h"

namespace wangge::party {

// A query parameter that must be one of `allowed` (400 invalid_query otherwise); nullopt
// when absent.
inline std::optional<std::string> query_enum(const http::Request& req, std::string_view name,
                                             std::span<const char* const> allowed) {
  auto v = req.query_param(name);
  if (!v) return std::nullopt;
  for (const char* a : allowed)
    if (*v == a) return std::string(*v);
  std::string list;
  for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  throw Error("invalid_query", std::string(name), "one of " + list, "应为以下之一：" + list);
}

}  // namespace wangge::party
