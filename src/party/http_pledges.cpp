// Routes of pledges (亮身份、亮责任、亮服务): add one to a member (the member's own account or
// the organisation's staff), list those of a node (the four-lists page of the cobuild
// module reads them), fulfil one with a note, withdraw one.
#include "core/error.h"
#include "core/flow.h"
#include "core/paging.h"
#include "party/http_query.h"
#include "party/service.h"
#include "party/store.h"
#include "territory/service.h"

namespace wangge::party {

void Service::register_pledge_routes(http::Router& router) {
  using namespace schema;
  router.add("POST", "/api/v1/party-members/{id}/pledges",
             {.summary = "Add a pledge to a member's list (亮身份、亮责任、亮服务): the member's own account, or staff",
              .tag = "party",
              .permission = "party:member:read",
              .request = object({req("kind", enumeration(kPledgeKinds)), req("content", str(500, 1))}, closed),
              .response = ref("PartyPledge"),
              .statuses = {201, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"kind", "content"});
               auto kind = json::one_of(body, "kind", kPledgeKinds);
               auto content = json::get_string(body, "content", 500);
               json::object out;
               db_.write([&](storage::Tx& tx) {
                 out = pledge_json(add_pledge(tx, ctx, id, kind, content), ctx.user().user_id, {});
               });
               return json::respond(201, out);
             });

  router.add("GET", "/api/v1/party-pledges",
             {.summary = "Members' pledges within the caller's scope, newest first",
              .tag = "party",
              .permission = "party:member:read",
              .query = {{"region", "a node within the scope: pledges of members of organisations at it or under it"},
                        {"member_id", "one member's stay"},
                        {"kind", "identity, responsibility or service"},
                        {"status", "active, fulfilled or withdrawn"},
                        {"cursor", "next_cursor of the previous page"},
                        {"limit", "1-200, default 50"}},
              .response = page_of(ref("PartyPledge")),
              .statuses = {200, 400, 403, 404}},
             [this](Context& ctx) {
               const auto& req = ctx.req();
               auto scoped = territory_.scoped_region(ctx, "party:member:read");
               store::PledgeFilter f;
               f.within = scoped.scope;
               f.under = scoped.path;
               if (auto m = req.query_param("member_id")) {
                 f.member_id = json::parse_id(*m);
                 if (!f.member_id) throw Error("invalid_query", "member_id", "an id", "应为编号");
               }
               f.kind = query_enum(req, "kind", kPledgeKinds);
               f.status = query_enum(req, "status", kPledgeStates);
               f.before_id = paging::id_cursor(req);
               int limit = paging::limit(req, 200, 50);
               f.limit = limit + 1;
               const std::int64_t me = ctx.user().user_id;
               json::object page;
               db_.read([&](storage::Tx& tx) {
                 auto rows = store::pledges(tx, f);
                 auto who = closers(tx, rows);
                 page = paging::page(
                     rows, limit, [&](const Pledge& p) { return pledge_json(p, me, who); },
                     [](const Pledge& p) { return std::to_string(p.id); });
               });
               return json::respond(200, page);
             });

  for (bool fulfil : {true, false})
    router.add("POST", std::string("/api/v1/party-pledges/{id}/") + (fulfil ? "fulfil" : "withdraw"),
               {.summary = fulfil ? "Fulfil a pledge, saying how (践诺)" : "Withdraw a pledge",
                .tag = "party",
                .permission = "party:member:read",
                .request = object({opt("version", describe(integer(1), "the version acted on (or send If-Match)")),
                                   fulfil ? req("note", str(500, 1)) : opt("note", str(500))},
                                  closed),
                .response = ref("PartyPledge"),
                .statuses = {200, 403, 404, 409, 422, 428}},
               [this, fulfil](Context& ctx) {
                 auto id = json::path_id(ctx.req(), "id");
                 auto body = json::parse_body(ctx.req());
                 json::allow_only(body, {"version", "note"});
                 auto note =
                     fulfil ? json::get_string(body, "note", 500) : json::opt_string(body, "note", 500).value_or("");
                 auto version = flow::expected_version(ctx, body);
                 json::object out;
                 db_.write([&](storage::Tx& tx) {
                   auto p = close_pledge(tx, ctx, id, version, fulfil, note);
                   out = pledge_json(p, ctx.user().user_id, closers(tx, {p}));
                 });
                 return json::respond(200, out);
               });
}

}  // namespace wangge::party
