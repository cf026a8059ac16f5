// Parameter and column conversions shared by the events store's files.
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "core/storage/database.h"

namespace wangge::events::store {

using storage::Value;

inline Value opt(const std::optional<std::string>& s) {
  return s ? Value(*s) : Value(nullptr);
}
inline Value opt(const std::optional<std::int64_t>& v) {
  return v ? Value(*v) : Value(nullptr);
}
inline Value opt(const std::optional<double>& v) {
  return v ? Value(*v) : Value(nullptr);
}
inline Value opt(const std::optional<bool>& v) {
  return v ? Value(std::int64_t{*v ? 1 : 0}) : Value(nullptr);
}
inline Value blob(const std::optional<std::string>& s) {
  return s ? Value(storage::Blob{*s}) : Value(nullptr);
}

inline std::optional<double> opt_f64(const storage::Row& r, std::size_t i) {
  if (r.is_null(i)) return std::nullopt;
  return r.f64(i);
}
inline std::optional<std::string> opt_blob(const storage::Row& r, std::size_t i) {
  if (r.is_null(i)) return std::nullopt;
  if (auto b = std::get_if<storage::Blob>(&r.at(i))) return b->bytes;
  return r.str(i);
}

}  // namespace wangge::events::store
