// Parameter helpers shared by the services module's SQL files (store*.cpp): optional
// values as NULL, flags as 0/1, sealed secrets as blobs.
#pragma once

#include <optional>
#include <string>

#include "core/storage/database.h"

namespace wangge::services::store::values {

using storage::Value;

template <typename T>
Value opt(const std::optional<T>& v) {
  return v ? Value(*v) : Value(nullptr);
}
inline Value opt(const std::optional<int>& v) {
  return v ? Value(std::int64_t{*v}) : Value(nullptr);
}
inline Value flag(bool b) {
  return std::int64_t{b ? 1 : 0};
}
inline Value sealed(const std::optional<std::string>& v) {
  return v ? Value(storage::Blob{*v}) : Value(nullptr);
}

}  // namespace wangge::services::store::values
