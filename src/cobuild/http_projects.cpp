// Routes of projects (项目清单, 民生微实事): list one with its owner and the units taking
// part, list those the caller reaches, read one's page, change it, add a unit, report
// progress (with photos), start, finish, cancel.
#include "cobuild/service.h"
#include "cobuild/store.h"
#include "core/error.h"
#include "core/hash_list.h"
#include "core/idempotency.h"
#include "core/paging.h"
#include "territory/service.h"

namespace wangge::cobuild {
namespace {

schema::value project_body(bool creating) {
  using namespace schema;
  std::vector<Field> f = {
      creating ? req("region_code", describe(str(24, 1), "the node it serves")) : req("version", integer(1)),
      creating ? req("title", str(100, 1)) : opt("title", str(100, 1)),
      opt("description", str(4000)),
      opt("budget_cents", describe(integer(0), "yuan × 100: 38,000.00 yuan is 3800000")),
      opt("owner_name", describe(str(100), "who runs it (default: the owner unit's name)")),
      opt("owner_unit_id", describe(id(), "the unit that runs it: joins as lead")),
      opt("due_on", describe(nullable(date()), "to be done by"))};
  if (creating)
    f.push_back(opt("units",
                    describe(array(object({req("unit_id", id()), opt("role", enumeration(kProjectRoles))}, closed), 20),
                             "the units taking part (role partner by default)")));
  return object(f, closed);
}

schema::value project_step_body(std::string_view action) {
  using namespace schema;
  if (action == "finish")
    return object({req("version", integer(1)), opt("note", str(1000)),
                   opt("done_on", describe(nullable(date()), "default: today")),
                   opt("spent_cents", describe(integer(0), "the total spent, at most the budget"))},
                  closed);
  if (action == "cancel") return object({req("version", integer(1)), req("reason", str(500, 1))}, closed);
  return object({req("version", integer(1))}, closed);
}

}  // namespace

void Service::register_project_routes(http::Router& router) {
  using namespace schema;
  router.add("POST", "/api/v1/cobuild-projects",
             {.summary = "List a project (项目清单, 民生微实事) with its budget, owner and units (Idempotency-Key)",
              .tag = "cobuild",
              .permission = "cobuild:list:write",
              .request = project_body(true),
              .response = ref("CobuildProject"),
              .statuses = {201, 403, 409, 422}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"region_code", "title", "description", "budget_cents", "owner_name",
                                       "owner_unit_id", "due_on", "units"});
               Project p;
               p.region_code = json::get_string(body, "region_code", 24);
               p.title = json::get_string(body, "title", 100);
               p.description = json::opt_string(body, "description", 4000).value_or("");
               p.budget_cents = json::opt_int(body, "budget_cents").value_or(0);
               if (p.budget_cents < 0) throw_validation("budget_cents", "0 or more", "预算不能为负");
               p.owner_name = json::opt_string(body, "owner_name", 100).value_or("");
               p.owner_unit_id = json::opt_int(body, "owner_unit_id");
               p.due_on = body_date(body, "due_on", today(), true);
               if (const auto* units = body.if_contains("units"); units && !units->is_null()) {
                 if (!units->is_array() || units->as_array().size() > 20)
                   throw_validation("units", "at most 20 units", "最多 20 个单位");
                 for (const auto& x : units->as_array()) {
                   if (!x.is_object()) throw_validation("units", "objects with unit_id and role", "应为单位及其角色");
                   const auto& o = x.as_object();
                   json::allow_only(o, {"unit_id", "role"});
                   p.units.push_back(Participant{0, json::get_int(o, "unit_id"),
                                                 json::one_of(o, "role", kProjectRoles, "partner"), ""});
                 }
               }
               return idempotency::run(db_, ctx, [&](storage::Tx& tx) {
                 p = create_project(tx, ctx, p);
                 return idempotency::Reply{201, json::to_text(project_json(p))};
               });
             });

  router.add("GET", "/api/v1/cobuild-projects",
             {.summary = "Projects the caller reaches (within their scope and above their place)",
              .tag = "cobuild",
              .permission = "cobuild:list:read",
              .query = {{"region", "a node within the scope: its subtree only"},
                        {"status", "planned, in_progress, done or cancelled"},
                        {"unit_id", "those a unit takes part in"},
                        {"cursor", "next_cursor of the previous page"},
                        {"limit", "1-100, default 20"}},
              .response = page_of(ref("CobuildProject")),
              .statuses = {200, 400, 403, 404}},
             [this](Context& ctx) {
               const auto& req = ctx.req();
               auto scoped = territory_.scoped_region(ctx, "cobuild:list:read");
               store::ProjectFilter f;
               f.where.within = f.where.line = scoped.scope;
               f.where.under = scoped.path;
               if (auto s = req.query_param("status")) {
                 if (std::find(std::begin(kProjectStates), std::end(kProjectStates), *s) == std::end(kProjectStates))
                   throw Error("invalid_query", "status", "planned, in_progress, done or cancelled",
                               "应为 planned、in_progress、done 或 cancelled");
                 f.status = std::string(*s);
               }
               if (auto u = req.query_param("unit_id")) {
                 f.unit_id = json::parse_id(*u);
                 if (!f.unit_id) throw Error("invalid_query", "unit_id", "a unit's id", "应为单位编号");
               }
               f.where.before_id = paging::id_cursor(req);
               int limit = paging::limit(req, 100, 20);
               f.where.limit = limit + 1;
               json::object page;
               db_.read([&](storage::Tx& tx) {
                 auto rows = store::projects(tx, f);
                 page = paging::page(
                     rows, limit, [&](const Project& p) { return project_json(p); },
                     [](const Project& p) { return std::to_string(p.id); });
               });
               return json::respond(200, page);
             });

  router.add("GET", "/api/v1/cobuild-projects/{id}",
             {.summary = "A project's page: its units, progress updates and the needs it answers",
              .tag = "cobuild",
              .permission = "cobuild:list:read",
              .response = ref("CobuildProjectPage"),
              .statuses = {200, 403, 404}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               json::object out;
               db_.read([&](storage::Tx& tx) { out = project_page(tx, ctx, readable_project(tx, ctx, id)); });
               return json::respond(200, out);
             });

  router.add("PATCH", "/api/v1/cobuild-projects/{id}",
             {.summary = "Change a planned or running project: title, budget, owner, due day",
              .tag = "cobuild",
              .permission = "cobuild:list:write",
              .request = project_body(false),
              .response = ref("CobuildProject"),
              .statuses = {200, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(
                   body, {"version", "title", "description", "budget_cents", "owner_name", "owner_unit_id", "due_on"});
               Project p;
               db_.write([&](storage::Tx& tx) { p = update_project(tx, ctx, id, body); });
               return json::respond(200, project_json(p));
             });

  router.add("POST", "/api/v1/cobuild-projects/{id}/units",
             {.summary = "A unit takes part in a project, as lead or partner (its contacts told)",
              .tag = "cobuild",
              .permission = "cobuild:list:write",
              .request = object({req("unit_id", id()), opt("role", enumeration(kProjectRoles))}, closed),
              .response = ref("CobuildProject"),
              .statuses = {200, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"unit_id", "role"});
               auto unit_id = json::get_int(body, "unit_id");
               auto role = json::one_of(body, "role", kProjectRoles, "partner");
               Project p;
               db_.write([&](storage::Tx& tx) {
                 add_participant(tx, ctx, id, unit_id, role);
                 p = *store::project(tx, id);
               });
               return json::respond(200, project_json(p));
             });

  router.add("POST", "/api/v1/cobuild-projects/{id}/updates",
             {.summary = "Report a running project's progress: percent, the total spent, a note, photos",
              .tag = "cobuild",
              .permission = "cobuild:list:write",
              .request = object({req("progress", integer(0, 100)), opt("note", str(1000)),
                                 opt("spent_cents", describe(integer(0), "the total spent so far, at most the budget")),
                                 opt("on", describe(nullable(date()), "the day it stood so (default: today)")),
                                 opt("photos", describe(array(str(64, 64), 9), "attachment hashes"))},
                                closed),
              .response = ref("CobuildProjectUpdate"),
              .statuses = {201, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"progress", "note", "spent_cents", "on", "photos"});
               ProjectUpdate u;
               auto progress = json::get_int(body, "progress");
               if (progress < 0 || progress > 100) throw_validation("progress", "0 to 100", "进度应为 0 到 100");
               u.progress = static_cast<int>(progress);
               u.note = json::opt_string(body, "note", 1000).value_or("");
               u.spent_cents = json::opt_int(body, "spent_cents");
               u.on = body_date(body, "on", today(), false).value_or("");
               auto photos = json::hash_list(body, "photos", 9);
               json::object out;
               db_.write([&](storage::Tx& tx) {
                 u = add_update(tx, ctx, id, u, photos);
                 out = update_json(u, names(tx, {u.by}));
               });
               return json::respond(201, out);
             });

  for (const char* action : kProjectActions) {
    std::string a = action;
    router.add("POST", "/api/v1/cobuild-projects/{id}/" + a,
               {.summary = a == "start"    ? "Start a planned project"
                           : a == "finish" ? "Finish a running project (its matched needs are met)"
                                           : "Cancel a planned or running project, with the reason",
                .tag = "cobuild",
                .permission = "cobuild:list:write",
                .request = project_step_body(a),
                .response = ref("CobuildProject"),
                .statuses = {200, 403, 404, 409, 422}},
               [this, a](Context& ctx) {
                 auto id = json::path_id(ctx.req(), "id");
                 auto body = json::parse_body(ctx.req());
                 if (a == "finish")
                   json::allow_only(body, {"version", "note", "done_on", "spent_cents"});
                 else if (a == "cancel")
                   json::allow_only(body, {"version", "reason"});
                 else
                   json::allow_only(body, {"version"});
                 auto version = json::get_int(body, "version");
                 Project p;
                 db_.write([&](storage::Tx& tx) { p = act_on_project(tx, ctx, id, a, version, body); });
                 return json::respond(200, project_json(p));
               });
  }
}

}  // namespace wangge::cobuild
