// Reading a Result into values: the one row a lookup expects, or every row, each turned
// into a T by a function of the Row (a store's row mapper).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "core/storage/database.h"

namespace wangge::storage {

// as(first row) when the result has a row, else nullopt. Further rows are ignored: for
// lookups by a key, or queries with LIMIT 1.
template <typename F>
auto first_or_none(const Result& r, F&& as) -> std::optional<std::decay_t<decltype(as(r.rows.front()))>> {
  if (r.rows.empty()) return std::nullopt;
  return as(r.rows.front());
}

// as(row) for every row, in order.
template <typename F>
auto all_as(const Result& r, F&& as) -> std::vector<std::decay_t<decltype(as(r.rows.front()))>> {
  std::vector<std::decay_t<decltype(as(r.rows.front()))>> out;
  out.reserve(r.rows.size());
  for (const auto& row : r.rows) out.push_back(as(row));
  return out;
}

// The placeholders of an IN list, "?, ?, ?", one for each item, whose value (proj(item))
// is appended to params. Callers check for an empty list first: "IN ()" is not SQL.
template <typename Range, typename Proj = std::identity>
std::string in_list(const Range& items, std::vector<Value>& params, Proj proj = {}) {
  std::string out;
  for (const auto& x : items) {
    out += out.empty() ? "?" : ", ?";
    params.emplace_back(std::invoke(proj, x));
  }
  return out;
}

}  // namespace wangge::storage
