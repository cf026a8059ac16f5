// Routes of needs (需求清单): collect one by hand or raise it from a visit, an order or a
// wish; list those the caller reaches (by status, source); read one; match it to a resource
// or a project, meet it, close it.
#include "cobuild/service.h"
#include "cobuild/store.h"
#include "core/error.h"
#include "core/idempotency.h"
#include "core/paging.h"
#include "territory/service.h"

namespace wangge::cobuild {
namespace {

schema::value need_step_body(std::string_view action) {
  using namespace schema;
  if (action == "match")
    return object(
        {req("version", integer(1)), opt("resource_id", describe(id(), "a resource serving a node on the need's line")),
         opt("project_id", describe(id(), "or a project serving a node on the need's line")), opt("note", str(500))},
        closed);
  if (action == "meet") return object({req("version", integer(1)), req("note", str(1000, 1))}, closed);
  return object({req("version", integer(1)), req("reason", str(500, 1))}, closed);
}

}  // namespace

void Service::register_need_routes(http::Router& router) {
  using namespace schema;
  router.add(
      "POST", "/api/v1/cobuild-needs",
      {.summary = "Collect a need (需求清单), by hand or raised once from a visit, a service order or a wish "
                  "(Idempotency-Key)",
       .tag = "cobuild",
       .permission = "cobuild:list:write",
       .request = object(
           {opt("region_code", describe(str(24), "the node it is at (default: the source record's place)")),
            opt("title", describe(str(100), "required unless raised from a record")), opt("description", str(2000)),
            opt("source", describe(enumeration(kNeedSources), "manual (default), visit, order or wish")),
            opt("source_id", describe(id(), "the visit's, order's or wish's id"))},
           closed),
       .response = ref("CobuildNeed"),
       .statuses = {201, 403, 409, 422}},
      [this](Context& ctx) {
        auto body = json::parse_body(ctx.req());
        json::allow_only(body, {"region_code", "title", "description", "source", "source_id"});
        Need n;
        n.region_code = json::opt_string(body, "region_code", 24).value_or("");
        n.title = json::opt_string(body, "title", 100).value_or("");
        n.description = json::opt_string(body, "description", 2000).value_or("");
        n.source = json::one_of(body, "source", kNeedSources, "manual");
        n.source_id = json::opt_int(body, "source_id");
        if (n.source == "manual" && n.source_id)
          throw_validation("source", "visit, order or wish for a record's id", "请选择记录类型（走访、工单或心愿）");
        return idempotency::run(db_, ctx, [&](storage::Tx& tx) {
          n = raise_need(tx, ctx, n);
          return idempotency::Reply{201, json::to_text(need_json(n, names(tx, {n.collected_by})))};
        });
      });

  router.add("GET", "/api/v1/cobuild-needs",
             {.summary = "Needs the caller reaches (within their scope and above their place)",
              .tag = "cobuild",
              .permission = "cobuild:list:read",
              .query = {{"region", "a node within the scope: its subtree only"},
                        {"status", "open, matched, met or closed"},
                        {"source", "manual, visit, order or wish"},
                        {"cursor", "next_cursor of the previous page"},
                        {"limit", "1-100, default 20"}},
              .response = page_of(ref("CobuildNeed")),
              .statuses = {200, 400, 403, 404}},
             [this](Context& ctx) {
               const auto& req = ctx.req();
               auto scoped = territory_.scoped_region(ctx, "cobuild:list:read");
               store::NeedFilter f;
               f.where.within = f.where.line = scoped.scope;
               f.where.under = scoped.path;
               auto pick = [&](const char* name, std::span<const char* const> allowed,
                               std::optional<std::string>& out) {
                 auto v = req.query_param(name);
                 if (!v) return;
                 if (std::find(allowed.begin(), allowed.end(), *v) == allowed.end())
                   throw Error("invalid_query", name, "one of the listed values", "取值无效");
                 out = std::string(*v);
               };
               pick("status", kNeedStates, f.status);
               pick("source", kNeedSources, f.source);
               f.where.before_id = paging::id_cursor(req);
               int limit = paging::limit(req, 100, 20);
               f.where.limit = limit + 1;
               json::object page;
               db_.read([&](storage::Tx& tx) {
                 auto rows = store::needs(tx, f);
                 std::vector<std::int64_t> ids;
                 for (const auto& n : rows) ids.push_back(n.collected_by);
                 auto who = names(tx, ids);
                 page = paging::page(
                     rows, limit, [&](const Need& n) { return need_json(n, who); },
                     [](const Need& n) { return std::to_string(n.id); });
               });
               return json::respond(200, page);
             });

  router.add("GET", "/api/v1/cobuild-needs/{id}",
             {.summary = "A need",
              .tag = "cobuild",
              .permission = "cobuild:list:read",
              .response = ref("CobuildNeed"),
              .statuses = {200, 403, 404}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               json::object out;
               db_.read([&](storage::Tx& tx) {
                 auto n = readable_need(tx, ctx, id);
                 out = need_json(n, names(tx, {n.collected_by}));
               });
               return json::respond(200, out);
             });

  for (const char* action : kNeedActions) {
    std::string a = action;
    router.add("POST", "/api/v1/cobuild-needs/{id}/" + a,
               {.summary = a == "match"  ? "Match an open need to a resource or a project on its line"
                           : a == "meet" ? "A matched need is met, with a note"
                                         : "Close a need that will not be met, with the reason",
                .tag = "cobuild",
                .permission = "cobuild:list:write",
                .request = need_step_body(a),
                .response = ref("CobuildNeed"),
                .statuses = {200, 403, 404, 409, 422}},
               [this, a](Context& ctx) {
                 auto id = json::path_id(ctx.req(), "id");
                 auto body = json::parse_body(ctx.req());
                 if (a == "match")
                   json::allow_only(body, {"version", "resource_id", "project_id", "note"});
                 else if (a == "meet")
                   json::allow_only(body, {"version", "note"});
                 else
                   json::allow_only(body, {"version", "reason"});
                 auto version = json::get_int(body, "version");
                 json::object out;
                 db_.write([&](storage::Tx& tx) {
                   auto n = act_on_need(tx, ctx, id, a, version, body);
                   out = need_json(n, names(tx, {n.collected_by}));
                 });
                 return json::respond(200, out);
               });
  }
}

}  // namespace wangge::cobuild
