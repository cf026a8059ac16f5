// Helpers shared by the module's SQL files (store*.cpp): the reach clause, optional and
// sealed values, and the JSON text of a list.
#pragma once

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/storage/database.h"
#include "core/storage/scope.h"
#include "emergency/store.h"

namespace wangge::emergency::store::sql {

using storage::Value;

inline Value opt(const std::optional<std::int64_t>& v) {
  return v ? Value(*v) : Value(nullptr);
}
inline Value opt(const std::optional<std::string>& v) {
  return v ? Value(*v) : Value(nullptr);
}
inline Value sealed(const std::optional<std::string>& v) {
  return v ? Value(storage::Blob{*v}) : Value(nullptr);
}
inline Value flag(bool b) {
  return std::int64_t{b ? 1 : 0};
}

// "(within OR on the line) [AND under]" on `column`.
inline void reach(const Reach& r, const std::string& column, std::string& out, std::vector<Value>& p) {
  storage::reach_clause(r.within, r.line, column, out, p);
  if (r.under) {
    out += " AND ";
    storage::scope_clause({*r.under}, column, out, p);
  }
}

inline std::string list_text(const std::vector<std::string>& items) {
  boost::json::array a;
  for (const auto& s : items) a.emplace_back(s);
  return boost::json::serialize(a);
}

inline std::vector<std::string> parse_list(const std::string& text) {
  std::vector<std::string> out;
  boost::system::error_code ec;
  auto a = boost::json::parse(text, ec);
  if (!ec && a.is_array())
    for (const auto& h : a.as_array())
      if (h.is_string()) out.emplace_back(h.as_string());
  return out;
}

}  // namespace wangge::emergency::store::sql
