// Routes of plans: draft one (or activate it at once), list those in force on the caller's
// line (manage: the drafts and retired ones a writer keeps too), read one, change a draft
// or an active plan, activate (retiring the node's old plan for the hazard), retire.
#include "core/dates.h"
#include "core/error.h"
#include "core/hash_list.h"
#include "core/paging.h"
#include "emergency/http_common.h"
#include "emergency/service.h"
#include "emergency/store.h"
#include "territory/service.h"

namespace wangge::emergency {
namespace {

schema::value plan_body(bool creating) {
  using namespace schema;
  std::vector<Field> f = {
      creating ? req("region_code", describe(str(24, 1), "the node the plan is for")) : req("version", integer(1)),
      creating ? req("title", str(200, 1)) : opt("title", str(200, 1)),
      opt("warning", describe(str(8000), "预警分析")),
      opt("supplies", describe(str(8000), "物资储备")),
      opt("organisation", describe(str(8000), "人员组织")),
      opt("coordination", describe(str(8000), "作战协同")),
      opt("attachments", describe(array(str(64, 64), 20), "attachment hashes")),
      opt("reviewed_on", describe(nullable(date()), "the day it was last reviewed"))};
  if (creating) {
    f.push_back(req("hazard", enumeration(kHazards)));
    f.push_back(opt("activate", describe(boolean(), "activate at once, retiring the node's plan for the hazard")));
  }
  return object(f, closed);
}

}  // namespace

void Service::register_plan_routes(http::Router& router) {
  using namespace schema;
  router.add("POST", "/api/v1/emergency-plans",
             {.summary = "Draft a plan (应急预案) for a node and hazard, or activate it at once",
              .tag = "emergency",
              .permission = "emergency:plan:write",
              .request = plan_body(true),
              .response = ref("EmergencyPlan"),
              .statuses = {201, 403, 409, 422}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"region_code", "hazard", "title", "warning", "supplies", "organisation",
                                       "coordination", "attachments", "reviewed_on", "activate"});
               Plan p;
               p.region_code = json::get_string(body, "region_code", 24);
               p.hazard = json::one_of(body, "hazard", kHazards);
               p.title = json::get_string(body, "title", 200);
               p.warning = json::opt_string(body, "warning", 8000).value_or("");
               p.supplies = json::opt_string(body, "supplies", 8000).value_or("");
               p.organisation = json::opt_string(body, "organisation", 8000).value_or("");
               p.coordination = json::opt_string(body, "coordination", 8000).value_or("");
               p.attachments = json::hash_list(body, "attachments", 20);
               if (body.contains("reviewed_on") && !body.at("reviewed_on").is_null())
                 p.reviewed_on =
                     dates::body_day(body, "reviewed_on", "", format_day(calendar_.day_of(storage::now_ms())));
               bool activate = json::opt_bool(body, "activate").value_or(false);
               json::object out;
               db_.write([&](storage::Tx& tx) {
                 p = create_plan(tx, ctx, p, activate);
                 out = plan_json(p, names(tx, {p.author_id}));
               });
               return json::respond(201, out);
             });

  router.add("GET", "/api/v1/emergency-plans",
             {.summary = "Plans: in force or retired on the caller's line; manage: a writer's, drafts included",
              .tag = "emergency",
              .permission = "emergency:plan:read",
              .query = {{"view",
                         "all (default): active and retired on the caller's line; manage: within the scope "
                         "the caller writes plans for, drafts too"},
                        {"region", "a node within the scope: its plans and those under it"},
                        {"hazard", "flood, typhoon, fire, ..."},
                        {"status", "draft, active or retired"},
                        {"cursor", "next_cursor of the previous page"},
                        {"limit", "1-100, default 50"}},
              .response = page_of(ref("EmergencyPlan")),
              .statuses = {200, 400, 403, 404}},
             [this](Context& ctx) {
               const auto& req = ctx.req();
               std::string view = req.query_param("view").value_or("all");
               store::PlanFilter f;
               if (view == "manage") {
                 auto scope = ctx.user().scope("emergency:plan:write");
                 if (scope.empty()) throw Error("forbidden", {}, "you write no plans", "您没有编制预案的权限");
                 f.reach = store::Reach{scope, {}, std::nullopt};
                 if (auto r = req.query_param("region")) {
                   f.reach.under = territory_.path_of(*r);
                   ctx.require("emergency:plan:write", *f.reach.under);
                 }
               } else if (view == "all") {
                 f.reach = web::reach_of(ctx, territory_, "emergency:plan:read");
                 f.statuses = {"active", "retired"};
               } else {
                 throw Error("invalid_query", "view", "all or manage", "应为 all 或 manage");
               }
               f.hazard = web::query_one_of(req, "hazard", kHazards);
               if (auto s = web::query_one_of(req, "status", kPlanStates)) {
                 if (view == "all" && *s == "draft")
                   throw Error("invalid_query", "status", "drafts are listed with view=manage",
                               "草稿请在 view=manage 中查看");
                 f.statuses = {*s};
               }
               f.before_id = paging::id_cursor(req);
               int limit = paging::limit(req, 100, 50);
               f.limit = limit + 1;
               json::object page;
               db_.read([&](storage::Tx& tx) {
                 auto rows = store::plans(tx, f);
                 std::vector<std::int64_t> authors;
                 for (const auto& p : rows) authors.push_back(p.author_id);
                 auto who = names(tx, authors);
                 page = paging::page(
                     rows, limit, [&](const Plan& p) { return plan_json(p, who); },
                     [](const Plan& p) { return std::to_string(p.id); });
               });
               return json::respond(200, page);
             });

  router.add("GET", "/api/v1/emergency-plans/{id}",
             {.summary = "A plan with its four parts (drafts: to their writers)",
              .tag = "emergency",
              .permission = "emergency:plan:read",
              .response = ref("EmergencyPlan"),
              .statuses = {200, 403, 404}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               json::object out;
               db_.read([&](storage::Tx& tx) {
                 auto p = readable_plan(tx, ctx, id);
                 out = plan_json(p, names(tx, {p.author_id}));
               });
               return json::respond(200, out);
             });

  router.add("PATCH", "/api/v1/emergency-plans/{id}",
             {.summary = "Change a draft or active plan (its text, attachments, the day it was reviewed)",
              .tag = "emergency",
              .permission = "emergency:plan:write",
              .request = plan_body(false),
              .response = ref("EmergencyPlan"),
              .statuses = {200, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"version", "title", "warning", "supplies", "organisation", "coordination",
                                       "attachments", "reviewed_on"});
               json::object out;
               db_.write([&](storage::Tx& tx) {
                 auto p = update_plan(tx, ctx, id, body);
                 out = plan_json(p, names(tx, {p.author_id}));
               });
               return json::respond(200, out);
             });

  for (bool activating : {true, false})
    router.add("POST", std::string("/api/v1/emergency-plans/{id}/") + (activating ? "activate" : "retire"),
               {.summary = activating ? "Activate a draft plan: the node's active plan for the hazard is retired"
                                      : "Retire a plan (a draft or the active one), with the reason",
                .tag = "emergency",
                .permission = "emergency:plan:write",
                .request = activating ? object({req("version", integer(1))}, closed)
                                      : object({req("version", integer(1)), opt("reason", str(500))}, closed),
                .response = ref("EmergencyPlan"),
                .statuses = {200, 403, 404, 409, 422}},
               [this, activating](Context& ctx) {
                 auto id = json::path_id(ctx.req(), "id");
                 auto body = json::parse_body(ctx.req());
                 if (activating)
                   json::allow_only(body, {"version"});
                 else
                   json::allow_only(body, {"version", "reason"});
                 auto version = json::get_int(body, "version");
                 std::string reason = json::opt_string(body, "reason", 500).value_or("");
                 json::object out;
                 db_.write([&](storage::Tx& tx) {
                   auto p =
                       activating ? activate_plan(tx, ctx, id, version) : retire_plan(tx, ctx, id, version, reason);
                   out = plan_json(p, names(tx, {p.author_id}));
                 });
                 return json::respond(200, out);
               });
}

}  // namespace wangge::emergency
