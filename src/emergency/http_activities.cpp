// Routes of patrols and drills: schedule one calling teams, list those on the caller's line
// or calling a team the caller is in (view=mine), read one with its roster, the organiser's
// code, a member's check-in by it, the organiser's marks, and recording it held or
// cancelled.
#include "core/dates.h"
#include "core/error.h"
#include "core/idempotency.h"
#include "core/paging.h"
#include "emergency/http_common.h"
#include "emergency/service.h"
#include "emergency/store.h"
#include "territory/service.h"

namespace wangge::emergency {

void Service::register_activity_routes(http::Router& router) {
  using namespace schema;
  router.add("POST", "/api/v1/emergency-activities",
             {.summary = "Schedule a patrol (巡查) or drill (处突集结演练) at a node, calling teams of its line",
              .tag = "emergency",
              .permission = "emergency:drill:organise",
              .request = object({req("region_code", str(24, 1)), req("kind", enumeration(kActivityKinds)),
                                 req("team_ids", describe(array(id(), 20), "teams of the node, under it or above it")),
                                 opt("plan_id", describe(nullable(id()), "the plan it exercises, on the node's line")),
                                 req("title", str(200, 1)), opt("place", str(200)), req("starts_at", date_time()),
                                 req("ends_at", date_time())},
                                closed),
              .response = ref("EmergencyActivity"),
              .statuses = {201, 403, 409, 422}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(
                   body, {"region_code", "kind", "team_ids", "plan_id", "title", "place", "starts_at", "ends_at"});
               Activity a;
               a.region_code = json::get_string(body, "region_code", 24);
               a.kind = json::one_of(body, "kind", kActivityKinds);
               a.team_ids = web::id_list(body, "team_ids", 20);
               a.plan_id = json::opt_int(body, "plan_id");
               a.title = json::get_string(body, "title", 200);
               a.place = json::opt_string(body, "place", 200).value_or("");
               for (auto [key, field] : {std::pair{"starts_at", &a.starts_at}, std::pair{"ends_at", &a.ends_at}}) {
                 auto v = dates::body_instant(body, key, calendar_, dates::earliest(calendar_),
                                              dates::latest(calendar_), "2000-2099", "2000-2099 年");
                 if (!v) throw_validation(key, "a time (RFC 3339)", "应为时间");
                 *field = *v;
               }
               return idempotency::run(db_, ctx, [&](storage::Tx& tx) {
                 auto done = schedule(tx, ctx, a);
                 return idempotency::Reply{201, json::to_text(activity_json(tx, ctx, done, true))};
               });
             });

  router.add("GET", "/api/v1/emergency-activities",
             {.summary = "Patrols and drills on the caller's line, and those calling a team the caller is in",
              .tag = "emergency",
              .permission = "",
              .query = {{"view", "all (default) or mine: only those calling a team the caller is a member of"},
                        {"region", "a node within the caller's scope (emergency:plan:read)"},
                        {"kind", "patrol or drill"},
                        {"status", "scheduled, held or cancelled"},
                        {"cursor", "next_cursor of the previous page"},
                        {"limit", "1-100, default 50"}},
              .response = page_of(ref("EmergencyActivity")),
              .statuses = {200, 400, 403, 404}},
             [this](Context& ctx) {
               const auto& req = ctx.req();
               std::string view = req.query_param("view").value_or("all");
               if (view != "all" && view != "mine")
                 throw Error("invalid_query", "view", "all or mine", "应为 all 或 mine");
               store::ActivityFilter f;
               if (req.query_param("region"))
                 f.reach = web::reach_of(ctx, territory_, "emergency:plan:read");
               else
                 f.reach = store::Reach{ctx.user().scope("emergency:plan:read"),
                                        ctx.user().scope("emergency:plan:read"), std::nullopt};
               f.member_user = ctx.user().user_id;
               f.only_member = view == "mine";
               f.kind = web::query_one_of(req, "kind", kActivityKinds);
               if (auto s = web::query_one_of(req, "status", kActivityStates)) f.statuses = {*s};
               f.before_id = paging::id_cursor(req);
               int limit = paging::limit(req, 100, 50);
               f.limit = limit + 1;
               json::object page;
               db_.read([&](storage::Tx& tx) {
                 page = paging::page(
                     store::activities(tx, f), limit,
                     [&](const Activity& a) { return activity_json(tx, ctx, a, false); },
                     [](const Activity& a) { return std::to_string(a.id); });
               });
               return json::respond(200, page);
             });

  router.add("GET", "/api/v1/emergency-activities/{id}",
             {.summary = "A patrol or drill: the teams called, its figures, the caller's check-in, and the roster "
                         "for staff and organisers",
              .tag = "emergency",
              .permission = "",
              .response = ref("EmergencyActivity"),
              .statuses = {200, 404}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               json::object out;
               db_.read([&](storage::Tx& tx) { out = activity_json(tx, ctx, readable_activity(tx, ctx, id), true); });
               return json::respond(200, out);
             });

  router.add("GET", "/api/v1/emergency-activities/{id}/code",
             {.summary = "The check-in code the organiser shows at the site now (it changes every minute)",
              .tag = "emergency",
              .permission = "emergency:drill:organise",
              .response = object({req("code", str(6, 6)), req("valid_until", date_time()),
                                  req("check_in_url", describe(str(), "what the QR code holds"))}),
              .statuses = {200, 403, 404, 409}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               std::optional<Activity> a;
               db_.read([&](storage::Tx& tx) { a = readable_activity(tx, ctx, id); });
               auto [code, until] = current_code(ctx, *a);
               return json::respond(
                   200, json::object{{"code", code},
                                     {"valid_until", json::rfc3339(until)},
                                     {"check_in_url", "/emergency/activity/" + std::to_string(id) + "?code=" + code}});
             });

  router.add("POST", "/api/v1/emergency-activities/{id}/check-in",
             {.summary = "Check in with the code shown at the site (a member of a called team, once)",
              .tag = "emergency",
              .permission = "emergency:drill:join",
              .request = object({req("code", describe(str(6, 6), "the code the organiser shows"))}, closed),
              .response = ref("EmergencyActivity"),
              .statuses = {200, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"code"});
               auto code = json::get_string(body, "code", 6, 6);
               json::object out;
               db_.write([&](storage::Tx& tx) { out = activity_json(tx, ctx, check_in(tx, ctx, id, code), false); });
               return json::respond(200, out);
             });

  router.add("POST", "/api/v1/emergency-activities/{id}/attendance",
             {.summary = "The organiser marks members of the roster present (each once), with when they arrived",
              .tag = "emergency",
              .permission = "emergency:drill:organise",
              .request = object({req("member_ids", array(id(), 500)),
                                 opt("arrived_at", describe(date_time(), "default: now, within the check-in time"))},
                                closed),
              .response = ref("EmergencyActivity"),
              .statuses = {200, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"member_ids", "arrived_at"});
               auto members = web::id_list(body, "member_ids", 500);
               auto arrived = dates::body_instant(body, "arrived_at", calendar_, dates::earliest(calendar_),
                                                  dates::latest(calendar_), "2000-2099", "2000-2099 年");
               json::object out;
               db_.write([&](storage::Tx& tx) {
                 out = activity_json(tx, ctx, mark_present(tx, ctx, id, members, arrived), true);
               });
               return json::respond(200, out);
             });

  for (bool holding : {true, false})
    router.add("POST", std::string("/api/v1/emergency-activities/{id}/") + (holding ? "hold" : "cancel"),
               {.summary = holding ? "Record a patrol or drill held: summary, findings; its attendance figures and "
                                     "assembly minutes are fixed"
                                   : "Cancel a scheduled patrol or drill, with the reason (the members are told)",
                .tag = "emergency",
                .permission = "emergency:drill:organise",
                .request = holding ? object({req("version", integer(1)), req("summary", str(4000, 1)),
                                             opt("findings", str(4000))},
                                            closed)
                                   : object({req("version", integer(1)), req("reason", str(500, 1))}, closed),
                .response = ref("EmergencyActivity"),
                .statuses = {200, 403, 404, 409, 422}},
               [this, holding](Context& ctx) {
                 auto id = json::path_id(ctx.req(), "id");
                 auto body = json::parse_body(ctx.req());
                 if (holding)
                   json::allow_only(body, {"version", "summary", "findings"});
                 else
                   json::allow_only(body, {"version", "reason"});
                 auto version = json::get_int(body, "version");
                 std::string text = json::get_string(body, holding ? "summary" : "reason", holding ? 4000 : 500);
                 std::string findings = holding ? json::opt_string(body, "findings", 4000).value_or("") : "";
                 json::object out;
                 db_.write([&](storage::Tx& tx) {
                   if (holding)
                     hold(tx, ctx, id, version, text, findings);
                   else
                     cancel(tx, ctx, id, version, text);
                   out = activity_json(tx, ctx, *store::activity(tx, id), true);
                 });
                 return json::respond(200, out);
               });
}

}  // namespace wangge::emergency
