#include "audit/audit.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/error.h"
#include "core/paging.h"

namespace wangge::audit {

Entry entry(const Context& ctx, std::string action, std::string target, const json::object& detail,
            std::string outcome) {
  Entry e;
  e.actor_id = ctx.actor_id();
  e.actor = ctx.actor();
  e.action = std::move(action);
  e.target = std::move(target);
  e.ip = ctx.ip();
  e.outcome = std::move(outcome);
  e.detail = json::to_text(detail);
  return e;
}

void append(storage::Tx& tx, const Entry& e) {
  tx.insert_later(
      "INSERT INTO audit_log (at, actor_id, actor, action, target, ip, outcome, detail) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {storage::now_ms(), e.actor_id ? storage::Value(*e.actor_id) : storage::Value(nullptr), e.actor, e.action,
       e.target, e.ip, e.outcome, e.detail});
}

void Service::record(const Entry& e) {
  db_.write([&](storage::Tx& tx) { append(tx, e); });
}

json::object Service::query(const Query& q) const {
  std::string sql = "SELECT id, at, actor_id, actor, action, target, ip, outcome, detail FROM audit_log WHERE 1=1";
  std::vector<storage::Value> params;
  auto add = [&](const char* clause, storage::Value v) {
    sql += clause;
    params.push_back(std::move(v));
  };
  if (q.actor) add(" AND actor = ?", *q.actor);
  if (q.action) add(" AND action LIKE ?", *q.action + "%");
  if (q.target) add(" AND target = ?", *q.target);
  if (q.outcome) add(" AND outcome = ?", *q.outcome);
  if (q.from_ms) add(" AND at >= ?", *q.from_ms);
  if (q.to_ms) add(" AND at < ?", *q.to_ms);
  if (q.before_id) add(" AND id < ?", *q.before_id);
  sql += " ORDER BY id DESC LIMIT ?";
  params.emplace_back(std::int64_t{q.limit + 1});
  storage::Result rows = db_.read_value<storage::Result>([&](storage::Tx& tx) { return tx.exec(sql, params); });
  json::array items;
  std::optional<std::int64_t> next;
  for (std::size_t i = 0; i < rows.rows.size(); ++i) {
    const auto& r = rows.rows[i];
    if (static_cast<int>(i) == q.limit) {
      next = rows.rows[i - 1].i64(0);
      break;
    }
    boost::system::error_code ec;
    json::value detail = boost::json::parse(r.str(8), ec);
    if (ec) detail = json::object{};
    items.push_back(json::object{
        {"id", r.i64(0)},
        {"at", json::rfc3339(r.i64(1))},
        {"actor_id", r.is_null(2) ? json::value(nullptr) : json::value(r.i64(2))},
        {"actor", r.str(3)},
        {"action", r.str(4)},
        {"target", r.str(5)},
        {"ip", r.str(6)},
        {"outcome", r.str(7)},
        {"detail", std::move(detail)},
    });
  }
  return json::object{{"items", std::move(items)},
                      {"next_cursor", next ? json::value(std::to_string(*next)) : json::value(nullptr)}};
}

void Service::register_routes(http::Router& router) {
  register_schemas(router.components());
  router.add("GET", "/api/v1/audit",
             {.summary = "Query the audit log, newest first",
              .tag = "audit",
              .permission = "audit:log:read",
              .query = {{"actor", "username"},
                        {"action", "action prefix, e.g. territory:"},
                        {"target", "exact target"},
                        {"outcome", "ok, denied or failed"},
                        {"from", "YYYY-MM-DD or RFC 3339, inclusive"},
                        {"to", "YYYY-MM-DD or RFC 3339, exclusive"},
                        {"cursor", "next_cursor of the previous page"},
                        {"limit", "1..200, default 50"}},
              .response = schema::page_of(schema::ref("AuditEntry"))},
             [this](Context& ctx) {
               ctx.require_somewhere("audit:log:read");
               const auto& req = ctx.req();
               Query q;
               q.actor = req.query_param("actor");
               q.action = req.query_param("action");
               q.target = req.query_param("target");
               q.outcome = req.query_param("outcome");
               for (auto [name, out] : {std::pair{"from", &q.from_ms}, std::pair{"to", &q.to_ms}}) {
                 if (auto t = req.query_param(name)) {
                   *out = json::parse_time(*t);
                   if (!*out) {
                     throw Error("invalid_query", name, "expected YYYY-MM-DD or RFC 3339",
                                 "日期格式应为 YYYY-MM-DD 或 RFC 3339");
                   }
                 }
               }
               q.before_id = paging::id_cursor(req);
               q.limit = paging::limit(req, 200, 50);
               return json::respond(200, query(q));
             });
}

}  // namespace wangge::audit
