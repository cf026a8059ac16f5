// Routes of calls (在线呼叫): make one to the caller's grid team (Idempotency-Key; its
// recipients told in their inboxes, by webhook and live), list the caller's own and those
// of the grids they oversee, answer one (once) and close it.
#include <algorithm>

#include "core/error.h"
#include "core/idempotency.h"
#include "core/paging.h"
#include "notifications/notifications.h"
#include "teams/service.h"
#include "teams/store.h"
#include "territory/service.h"

namespace wangge::teams {
namespace {

std::string live_call(const Call& c) {
  return json::to_text(
      json::object{{"id", c.id}, {"grid_code", c.region_code}, {"kind", c.kind}, {"status", c.status}});
}

}  // namespace

void Service::register_call_routes(http::Router& router) {
  using namespace schema;
  router.add("POST", "/api/v1/grid-team/calls",
             {.summary = "Call the caller's grid team (在线呼叫): reaches its members on duty at once "
                         "(Idempotency-Key)",
              .tag = "teams",
              .permission = "teams:call:make",
              .request = object({req("message", str(500, 1)), opt("kind", enumeration(kCallKinds))}, closed),
              .response = ref("TeamCall"),
              .statuses = {201, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"message", "kind"});
               auto message = json::get_string(body, "message", 500);
               auto kind = json::one_of(body, "kind", kCallKinds, "help");
               auto placed = std::make_shared<Placed>();
               auto resp = idempotency::run(db_, ctx, [&](storage::Tx& tx) {
                 *placed = make_call(tx, ctx, kind, message);
                 auto out = call_json(placed->call, names(tx, {placed->call.caller_id}), ctx.user().user_id,
                                      answers_call(tx, ctx, placed->call));
                 return idempotency::Reply{201, json::to_text(out)};
               });
               if (notifier_ && placed->call.id != 0) {
                 auto to = placed->recipients;
                 std::sort(to.begin(), to.end());
                 notifier_->publish("team_call", live_call(placed->call), [&](const notifications::Subscriber& s) {
                   return s.principal && std::binary_search(to.begin(), to.end(), s.principal->user_id);
                 });
               }
               return resp;
             });

  router.add("GET", "/api/v1/grid-team/calls",
             {.summary = "Calls: the caller's own and those that reached them, and the calls of the grids they "
                         "oversee, newest first",
              .tag = "teams",
              .permission = "teams:card:read",
              .query = {{"status", "open, answered or closed"},
                        {"region", "a node the caller oversees: its grids' calls"},
                        {"cursor", "next_cursor of the previous page"},
                        {"limit", "1-100, default 20"}},
              .response = page_of(ref("TeamCall")),
              .statuses = {200, 400, 403, 404}},
             [this](Context& ctx) {
               const auto& req = ctx.req();
               store::CallFilter f;
               f.within = call_scope(ctx);
               f.party = ctx.user().user_id;
               if (auto code = req.query_param("region")) {
                 std::string path = territory_.path_of(*code);
                 bool covered = std::any_of(f.within.begin(), f.within.end(),
                                            [&](const std::string& root) { return path_within(path, root); });
                 if (!covered)
                   throw Error("forbidden", "region", "you do not oversee the calls there", "您无权查看该区域的呼叫");
                 f.region_path = path;
               }
               if (auto s = req.query_param("status")) {
                 if (std::find(std::begin(kCallStates), std::end(kCallStates), *s) == std::end(kCallStates))
                   throw Error("invalid_query", "status", "open, answered or closed", "应为 open、answered 或 closed");
                 f.status = *s;
               }
               f.before_id = paging::id_cursor(req);
               int limit = paging::limit(req, 100, 20);
               f.limit = limit + 1;
               json::object page;
               db_.read([&](storage::Tx& tx) {
                 auto rows = store::calls(tx, f);
                 std::vector<std::int64_t> ids, people;
                 for (const auto& c : rows) {
                   ids.push_back(c.id);
                   people.push_back(c.caller_id);
                   if (c.answered_by) people.push_back(*c.answered_by);
                 }
                 auto received = store::received_of(tx, ctx.user().user_id, ids);
                 auto who = names(tx, people);
                 page = paging::page(
                     rows, limit,
                     [&](const Call& c) {
                       bool answers = ctx.user().can("teams:call:answer", c.region_path) ||
                                      std::find(received.begin(), received.end(), c.id) != received.end();
                       return call_json(c, who, ctx.user().user_id, answers);
                     },
                     [](const Call& c) { return std::to_string(c.id); });
               });
               return json::respond(200, page);
             });

  for (bool answering : {true, false})
    router.add("POST", std::string("/api/v1/grid-team/calls/{id}/") + (answering ? "answer" : "close"),
               {.summary = answering ? "Answer a call (在线响应), once: by one it reached or an answerer over its grid"
                                     : "Close a call: by its caller, one it reached or an answerer over its grid",
                .tag = "teams",
                .permission = "",
                .request = object({opt("note", str(500))}, closed),
                .response = ref("TeamCall"),
                .statuses = {200, 403, 404, 409, 422}},
               [this, answering](Context& ctx) {
                 auto id = json::path_id(ctx.req(), "id");
                 json::object body;
                 if (!ctx.req().body.empty()) body = json::parse_body(ctx.req());
                 json::allow_only(body, {"note"});
                 auto note = json::opt_string(body, "note", 500).value_or("");
                 json::object out;
                 Call c;
                 db_.write([&](storage::Tx& tx) {
                   c = answering ? answer_call(tx, ctx, id, note) : close_call(tx, ctx, id, note);
                   std::vector<std::int64_t> people{c.caller_id};
                   if (c.answered_by) people.push_back(*c.answered_by);
                   out = call_json(c, names(tx, people), ctx.user().user_id, answers_call(tx, ctx, c));
                 });
                 if (notifier_)
                   notifier_->publish("team_call", live_call(c), [&](const notifications::Subscriber& s) {
                     return s.principal && (s.principal->user_id == c.caller_id ||
                                            s.principal->can("teams:call:answer", c.region_path));
                   });
                 return json::respond(200, out);
               });
}

}  // namespace wangge::teams
