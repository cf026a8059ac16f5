// A body field holding attachment hashes (SHA-256, hex), as the routes that link uploads to
// their records read it: absent or null is none; anything else that is not a list of at
// most `max` 64-character strings answers 422 naming the field.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/json.h"

namespace wangge::json {

inline std::vector<std::string> hash_list(const object& body, std::string_view key, std::size_t max) {
  std::vector<std::string> out;
  const auto* v = body.if_contains(key);
  if (!v || v->is_null()) return out;
  if (!v->is_array() || v->as_array().size() > max)
    throw_validation(std::string(key), "at most " + std::to_string(max) + " attachment hashes (sha256)",
                     "最多 " + std::to_string(max) + " 个附件");
  for (const auto& h : v->as_array()) {
    if (!h.is_string() || h.as_string().size() != 64)
      throw_validation(std::string(key), "attachment hashes (sha256)", "应为附件编号");
    out.emplace_back(h.as_string());
  }
  return out;
}

}  // namespace wangge::json
