// Helpers shared by the module's routes (http_*.cpp): lists of ids in a body, the reach of a
// listing, one-of query values, and the period of the figures and ledgers.
#pragma once

#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/context.h"
#include "core/dates.h"
#include "core/error.h"
#include "core/json.h"
#include "emergency/model.h"
#include "emergency/store.h"
#include "territory/service.h"

namespace wangge::emergency::web {

// A body's list of ids (required, at most `max`, each once).
inline std::vector<std::int64_t> id_list(const json::object& body, std::string_view key, std::size_t max) {
  const auto* v = body.if_contains(key);
  if (!v || !v->is_array() || v->as_array().size() > max)
    throw_validation(std::string(key), "a list of at most " + std::to_string(max) + " ids",
                     "应为不超过 " + std::to_string(max) + " 个编号的列表");
  std::vector<std::int64_t> out;
  std::set<std::int64_t> seen;
  for (const auto& x : v->as_array()) {
    if (!x.is_int64() || x.as_int64() < 1 || !seen.insert(x.as_int64()).second)
      throw_validation(std::string(key), "ids, each once", "应为编号，且不重复");
    out.push_back(x.as_int64());
  }
  return out;
}

// What a listing reaches: the caller's scope for `permission` below and on its line above,
// under the `region` query parameter's node when one is named (checked there).
inline store::Reach reach_of(const Context& ctx, const territory::Service& territory, std::string_view permission) {
  auto scoped = territory.scoped_region(ctx, permission);
  return store::Reach{scoped.scope, scoped.scope, scoped.path};
}

// A query parameter that must be one of `allowed`; nullopt when absent.
inline std::optional<std::string> query_one_of(const http::Request& req, std::string_view name,
                                               std::span<const char* const> allowed) {
  auto v = req.query_param(name);
  if (!v) return std::nullopt;
  for (const char* a : allowed)
    if (*v == a) return v;
  std::string list;
  for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  throw Error("invalid_query", std::string(name), "one of " + list, "应为以下之一：" + list);
}

// A node and a period of the figures and ledgers: `region` (default: the caller's first
// node for `permission`), `from` (default 1 January) and `to` or `until` (inclusive;
// default 31 December).
struct Period {
  std::string code, path, from_day, to_day;
  std::int64_t from = 0, to = 0;
};
inline Period period_of(const Context& ctx, const territory::Service& territory, const Calendar& cal,
                        std::string_view permission) {
  const auto& req = ctx.req();
  Period p;
  p.path = territory.request_paths(ctx, permission, req.query_param("region")).front();
  p.code = code_of(p.path);
  Day today = cal.day_of(storage::now_ms());
  Day from = dates::query_day(req, "from").value_or(day_from_ymd(year_of(today), 1, 1));
  auto last = dates::query_day(req, "to");
  if (!last) last = dates::query_day(req, "until");
  Day to = last.value_or(day_from_ymd(year_of(today), 12, 31));
  if (to < from) throw Error("invalid_query", "to", "on or after from", "结束日期不能早于开始日期");
  p.from = cal.midnight(from);
  p.to = cal.midnight(to + 1);
  p.from_day = format_day(from);
  p.to_day = format_day(to);
  return p;
}

}  // namespace wangge::emergency::web
