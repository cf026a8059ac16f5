// Routes of the ledger: my points, holders within a scope, a holder and its entries (its
// own account, or staff over its place), manual awards by a listed item, corrections with
// a reason, the check of balances against the ledger and of stock against redemptions, and
// the rankings per node and period.
#include "core/crypto.h"
#include "core/error.h"
#include "core/idempotency.h"
#include "core/paging.h"
#include "points/service.h"
#include "points/store.h"
#include "territory/service.h"

namespace wangge::points {
namespace {

// The period of a ranking: "YYYY-MM", "YYYY" or "all" (default: this month).
std::string ranking_period(const http::Request& req) {
  auto p = req.query_param("period");
  if (!p) return day_of(storage::now_ms()).substr(0, 7);
  auto digits = [&](std::size_t from, std::size_t n) {
    for (std::size_t i = from; i < from + n; ++i)
      if (i >= p->size() || (*p)[i] < '0' || (*p)[i] > '9') return false;
    return true;
  };
  bool ok = *p == "all" || (p->size() == 4 && digits(0, 4)) ||
            (p->size() == 7 && digits(0, 4) && (*p)[4] == '-' && digits(5, 2) && (*p)[5] <= '1' &&
             p->substr(5, 2) != "00" && p->substr(5, 2) <= "12");
  if (!ok) throw Error("invalid_query", "period", "YYYY-MM, YYYY or all", "应为 YYYY-MM、YYYY 或 all");
  return *p;
}

}  // namespace

void Service::register_ledger_routes(http::Router& router) {
  router.add("GET", "/api/v1/points/me",
             {.summary = "My points: balance, earned and spent (a zero holder before the first entry)",
              .tag = "points",
              .response = schema::ref("PointHolder"),
              .statuses = {200, 401}},
             [this](Context& ctx) {
               const Principal& u = ctx.user();
               json::object out;
               db_.read([&](storage::Tx& tx) {
                 if (auto h = store::holder_of(tx, "user", u.user_id)) {
                   out = holder_json(tx, *h);
                   return;
                 }
                 std::optional<Identity> who = describe_ ? describe_(tx, "user", u.user_id) : std::nullopt;
                 out = json::object{{"id", nullptr},
                                    {"kind", "user"},
                                    {"ref_id", u.user_id},
                                    {"name", who ? who->name : u.display_name},
                                    {"region_code", who ? who->region_code : std::string()},
                                    {"earner_type", who ? who->earner_type : std::string("resident")},
                                    {"balance", 0},
                                    {"earned", 0},
                                    {"spent", 0},
                                    {"entries", 0}};
               });
               return json::respond(200, out);
             });

  router.add("GET", "/api/v1/point-holders",
             {.summary = "Holders of points within the caller's scope, newest first, with their balances",
              .tag = "points",
              .permission = "points:ledger:read",
              .query = {{"region", "a node within the scope"},
                        {"kind", "user, person or household"},
                        {"cursor", "next_cursor of the previous page"},
                        {"limit", "1-200, default 50"}},
              .response = schema::page_of(schema::ref("PointHolder")),
              .statuses = {200, 400, 403, 404}},
             [this](Context& ctx) {
               const auto& req = ctx.req();
               auto sr = territory_.scoped_region(ctx, "points:ledger:read");
               std::vector<std::string> scope = sr.path ? std::vector<std::string>{*sr.path} : sr.scope;
               std::optional<std::string> kind;
               if (auto k = req.query_param("kind")) {
                 if (std::find(std::begin(kHolderKinds), std::end(kHolderKinds), *k) == std::end(kHolderKinds))
                   throw Error("invalid_query", "kind", "user, person or household", "应为 user、person 或 household");
                 kind = std::string(*k);
               }
               int limit = paging::limit(req, 200, 50);
               json::object page;
               db_.read([&](storage::Tx& tx) {
                 auto rows = store::holders_in(tx, scope, kind, paging::id_cursor(req), limit + 1);
                 page = paging::page(
                     rows, limit,
                     [&](const auto& hb) {
                       return json::object{{"id", hb.first.id},
                                           {"kind", hb.first.kind},
                                           {"ref_id", hb.first.ref_id},
                                           {"name", hb.first.name},
                                           {"region_code", hb.first.region_code},
                                           {"earner_type", hb.first.earner_type},
                                           {"balance", hb.second.balance},
                                           {"earned", hb.second.earned},
                                           {"spent", hb.second.spent},
                                           {"entries", hb.second.entries}};
                     },
                     [](const auto& hb) { return std::to_string(hb.first.id); });
               });
               return json::respond(200, page);
             });

  router.add("GET", "/api/v1/point-holders/{id}",
             {.summary = "A holder of points with its balance (its own account, or staff over its place)",
              .tag = "points",
              .response = schema::ref("PointHolder"),
              .statuses = {200, 403, 404}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               json::object out;
               db_.read([&](storage::Tx& tx) {
                 auto h = store::holder(tx, id);
                 if (!h || !can_read(ctx.user(), *h))
                   throw_not_found("no holder " + std::to_string(id), "积分账户不存在");
                 out = holder_json(tx, *h);
               });
               return json::respond(200, out);
             });

  router.add("GET", "/api/v1/point-holders/{id}/entries",
             {.summary = "A holder's ledger, newest first: every entry with its cause, points and balance after",
              .tag = "points",
              .query = {{"cursor", "next_cursor of the previous page"}, {"limit", "1-200, default 50"}},
              .response = schema::page_of(schema::ref("PointEntry")),
              .statuses = {200, 400, 403, 404}},
             [this](Context& ctx) {
               const auto& req = ctx.req();
               auto id = json::path_id(req, "id");
               int limit = paging::limit(req, 200, 50);
               json::object page;
               db_.read([&](storage::Tx& tx) {
                 auto h = store::holder(tx, id);
                 if (!h || !can_read(ctx.user(), *h))
                   throw_not_found("no holder " + std::to_string(id), "积分账户不存在");
                 auto rows = store::entries(tx, id, paging::id_cursor(req), limit + 1);
                 page = paging::page(
                     rows, limit, [&](const Entry& e) { return entry_json(e); },
                     [](const Entry& e) { return std::to_string(e.id); });
               });
               return json::respond(200, page);
             });

  router.add("POST", "/api/v1/point-awards",
             {.summary = "Award points by a manual line of the list (垃圾分类, 文明家庭 ...) to a person, household or "
                         "account within the caller's scope (Idempotency-Key)",
              .tag = "points",
              .permission = "points:point:award",
              .request = schema::object(
                  {schema::req("holder_kind", schema::enumeration(kHolderKinds)), schema::req("ref_id", schema::id()),
                   schema::req("rule_id", schema::id()), schema::opt("note", schema::str(500))},
                  schema::closed),
              .response = schema::ref("PointEntry"),
              .statuses = {201, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"holder_kind", "ref_id", "rule_id", "note"});
               std::string kind = json::one_of(body, "holder_kind", kHolderKinds);
               auto ref_id = json::get_int(body, "ref_id");
               auto rule_id = json::get_int(body, "rule_id");
               std::string note = json::opt_string(body, "note", 500, 0).value_or("");
               return idempotency::run(db_, ctx, [&](storage::Tx& tx) {
                 return idempotency::Reply{201, json::to_text(entry_json(award(tx, ctx, kind, ref_id, rule_id, note)))};
               });
             });

  router.add(
      "POST", "/api/v1/point-corrections",
      {.summary = "Correct a holder's points: a new entry with its reason, never an edit (Idempotency-Key)",
       .tag = "points",
       .permission = "points:ledger:correct",
       .request = schema::object(
           {schema::req("holder_id", schema::id()),
            schema::req("points", schema::describe(schema::integer(-100000, 100000), "not 0; the balance stays >= 0")),
            schema::req("reason", schema::str(500, 2))},
           schema::closed),
       .response = schema::ref("PointEntry"),
       .statuses = {201, 403, 404, 409, 422}},
      [this](Context& ctx) {
        auto body = json::parse_body(ctx.req());
        json::allow_only(body, {"holder_id", "points", "reason"});
        auto holder_id = json::get_int(body, "holder_id");
        auto pts = json::get_int(body, "points");
        if (pts == 0 || pts < -100'000 || pts > 100'000)
          throw_validation("points", "a non-zero number of points within ±100000", "应为 ±100000 以内的非零分值");
        std::string reason = json::get_string(body, "reason", 500, 2);
        return idempotency::run(db_, ctx, [&](storage::Tx& tx) {
          return idempotency::Reply{201, json::to_text(entry_json(correct(tx, ctx, holder_id, pts, reason)))};
        });
      });

  router.add(
      "GET", "/api/v1/points/check",
      {.summary = "Check a node's ledgers: every balance against the sum of its entries, every reward's stock "
                  "against its redemptions",
       .tag = "points",
       .permission = "points:ledger:read",
       .query = {{"region", "a node within the scope (default: the caller's first)"}},
       .response = schema::object(
           {schema::req("holders", schema::integer(0)),
            schema::req("mismatches", schema::array(schema::object({schema::req("holder_id", schema::id()),
                                                                    schema::req("balance", schema::integer()),
                                                                    schema::req("ledger_sum", schema::integer())}))),
            schema::req("rewards", schema::integer(0)),
            schema::req("stock_mismatches",
                        schema::array(schema::object({schema::req("reward_id", schema::id()),
                                                      schema::req("stock", schema::integer()),
                                                      schema::req("expected", schema::integer())})))}),
       .statuses = {200, 403, 404},
       .load = http::Load::bulk},
      [this](Context& ctx) {
        auto sr = territory_.scoped_region(ctx, "points:ledger:read");
        std::string path = sr.path ? *sr.path : sr.scope.front();
        json::object out;
        db_.read([&](storage::Tx& tx) {
          json::array bad;
          for (const auto& m : store::mismatches(tx, path, 100))
            bad.push_back(json::object{{"holder_id", m.holder_id}, {"balance", m.balance}, {"ledger_sum", m.sum}});
          json::array stock;
          for (const auto& m : store::stock_mismatches(tx, path, 100))
            stock.push_back(json::object{{"reward_id", m.reward_id}, {"stock", m.stock}, {"expected", m.expected}});
          out = json::object{{"holders", store::count_holders(tx, path)},
                             {"mismatches", std::move(bad)},
                             {"rewards", store::count_rewards(tx, path)},
                             {"stock_mismatches", std::move(stock)}};
        });
        return json::respond(200, out);
      });

  router.add(
      "GET", "/api/v1/point-rankings",
      {.summary = "The ranking of a county, town, community or grid for a month, a year or all time, per earner type "
                  "(names masked for those who may not read the ledgers there)",
       .tag = "points",
       .permission = "points:rule:read",
       .query = {{"region", "a county, town, community or grid (default: the caller's first node)"},
                 {"period", "YYYY-MM (default: this month), YYYY or all"},
                 {"earner_type", "resident (default), household, grid_worker or party_member"},
                 {"limit", "1-100, default 20"}},
       .response = schema::object(
           {schema::req("region_code", schema::str()), schema::req("period", schema::str()),
            schema::req("earner_type", schema::enumeration(kEarnerTypes)),
            schema::req("items", schema::array(schema::object(
                                     {schema::req("rank", schema::integer(1)), schema::req("holder_id", schema::id()),
                                      schema::req("name", schema::str()), schema::req("region_code", schema::str()),
                                      schema::req("earned", schema::integer())})))}),
       .statuses = {200, 400, 403, 404, 422}},
      [this](Context& ctx) {
        const auto& req = ctx.req();
        const Principal& u = ctx.user();
        std::string code;
        if (auto c = req.query_param("region")) {
          code = *c;
        } else {
          auto s = u.scope("points:rule:read");
          if (s.empty()) throw_validation("region", "the node to rank", "请选择区域");
          auto trimmed = s.front().substr(0, s.front().size() - 1);
          code = trimmed.substr(trimmed.rfind('/') + 1);
        }
        auto region = territory_.find(code, false);
        if (!region) throw_not_found("no region " + code, "区域不存在");
        if (!u.reaches("points:rule:read", region->path))
          throw Error("forbidden", "region", "outside your territory", "超出您的管辖范围");
        if (region->level != "county" && region->level != "town" && region->level != "community" &&
            region->level != "grid")
          throw_validation("region", "a county, town, community or grid", "应为区县、街道、社区或网格");
        std::string period = ranking_period(req);
        std::string type(req.query_param("earner_type").value_or("resident"));
        if (std::find(std::begin(kEarnerTypes), std::end(kEarnerTypes), type) == std::end(kEarnerTypes))
          throw Error("invalid_query", "earner_type", "resident, household, grid_worker or party_member",
                      "应为 resident、household、grid_worker 或 party_member");
        int limit = static_cast<int>(json::query_int(req, "limit", 1, 100).value_or(20));
        const bool full = u.can("points:ledger:read", region->path);
        json::array items;
        db_.read([&](storage::Tx& tx) {
          auto ranked = store::ranking(tx, code, period, type, limit);
          std::vector<std::int64_t> ids;
          for (const auto& r : ranked) ids.push_back(r.holder_id);
          std::map<std::int64_t, Holder> by_id;
          for (auto& h : store::holders(tx, ids)) by_id[h.id] = h;
          std::int64_t rank = 0;
          for (const auto& r : ranked) {
            const auto& h = by_id[r.holder_id];
            items.push_back(
                json::object{{"rank", ++rank},
                             {"holder_id", r.holder_id},
                             {"name", full || (h.kind == "user" && h.ref_id == u.user_id) ? h.name : mask_name(h.name)},
                             {"region_code", h.region_code},
                             {"earned", r.earned}});
          }
        });
        return json::respond(
            200, json::object{
                     {"region_code", code}, {"period", period}, {"earner_type", type}, {"items", std::move(items)}});
      });
}

}  // namespace wangge::points
