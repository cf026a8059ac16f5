// Routes of households in care: a community's settings (visit intervals per class, the
// 六提六知 checklist), giving a household into a team member's care, listing assignments
// and ending one.
#include "core/error.h"
#include "core/paging.h"
#include "teams/service.h"
#include "teams/store.h"
#include "territory/service.h"

namespace wangge::teams {

void Service::register_care_routes(http::Router& router) {
  using namespace schema;
  router.add("GET", "/api/v1/care-settings/{code}",
             {.summary = "A community's care settings: visit interval per class of household, the 六提六知 checklist",
              .tag = "teams",
              .permission = "teams:care:read",
              .response = ref("CareSettings"),
              .statuses = {200, 403, 404, 422}},
             [this](Context& ctx) {
               std::string code = ctx.req().param("code");
               auto region = territory_.find(code, false);
               if (!region) throw_not_found("no region with code " + code, "区域编码 " + code + " 不存在");
               ctx.require("teams:care:read", region->path);
               if (region->level != "community")
                 throw_validation("code", "a community: care settings are kept per community", "包户设置按社区设定");
               CareSettings s;
               db_.read([&](storage::Tx& tx) { s = settings(tx, code); });
               return json::respond(200, settings_json(s));
             });

  router.add("PUT", "/api/v1/care-settings/{code}",
             {.summary = "Set a community's care settings (key 7, care 14, ordinary 30 days by default)",
              .tag = "teams",
              .permission = "teams:care:write",
              .request = object({opt("key_days", integer(1, 366)), opt("care_days", integer(1, 366)),
                                 opt("ordinary_days", integer(1, 366)),
                                 opt("checklist", describe(boolean(), "visits answer the 六提六知 checklist")),
                                 opt("version", describe(integer(0), "the version read (0: the defaults)"))},
                                closed),
              .response = ref("CareSettings"),
              .statuses = {200, 403, 404, 409, 422}},
             [this](Context& ctx) {
               std::string code = ctx.req().param("code");
               // Who first: no answer about the body to those who may not change the settings.
               ctx.require("teams:care:write", territory_.get(code, false).path);
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"key_days", "care_days", "ordinary_days", "checklist", "version"});
               CareSettings s;
               db_.write([&](storage::Tx& tx) { s = save_settings(tx, ctx, code, body); });
               return json::respond(200, settings_json(s));
             });

  router.add("POST", "/api/v1/care-assignments",
             {.summary = "Give a household into a team member's care (包户): within the member's grid or community",
              .tag = "teams",
              .permission = "teams:care:write",
              .request = object(
                  {req("household_id", id()), req("member_id", describe(id(), "a team entry")),
                   opt("class", describe(nullable(enumeration(kClasses)), "default: from the household's tags"))},
                  closed),
              .response = ref("CareAssignment"),
              .statuses = {201, 403, 409, 422}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"household_id", "member_id", "class"});
               auto household = json::get_int(body, "household_id");
               auto member = json::get_int(body, "member_id");
               std::optional<std::string> klass;
               if (body.contains("class") && !body.at("class").is_null()) klass = json::one_of(body, "class", kClasses);
               Assignment a;
               db_.write([&](storage::Tx& tx) { a = assign(tx, ctx, household, member, klass); });
               return json::respond(201, assignment_json(a));
             });

  router.add("GET", "/api/v1/care-assignments",
             {.summary = "Households in care under the caller's scope: by node, member and status, newest first",
              .tag = "teams",
              .permission = "teams:care:read",
              .query = {{"region", "a node within the scope: the households there"},
                        {"member_id", "a team entry"},
                        {"status", "active (default), ended or all"},
                        {"cursor", "next_cursor of the previous page"},
                        {"limit", "1-200, default 50"}},
              .response = page_of(ref("CareAssignment")),
              .statuses = {200, 400, 403, 404}},
             [this](Context& ctx) {
               const auto& req = ctx.req();
               auto scoped = territory_.scoped_region(ctx, "teams:care:read");
               store::AssignmentFilter f;
               f.within = scoped.scope;
               f.region_path = scoped.path;
               f.member_id = json::query_int(req, "member_id", 1, INT64_MAX);
               std::string status = req.query_param("status").value_or("active");
               if (status != "all") {
                 if (status != "active" && status != "ended")
                   throw Error("invalid_query", "status", "active, ended or all", "应为 active、ended 或 all");
                 f.status = status;
               }
               f.before_id = paging::id_cursor(req);
               int limit = paging::limit(req, 200, 50);
               f.limit = limit + 1;
               json::object page;
               db_.read([&](storage::Tx& tx) {
                 page = paging::page(
                     store::assignments(tx, f), limit, [&](const Assignment& a) { return assignment_json(a); },
                     [](const Assignment& a) { return std::to_string(a.id); });
               });
               return json::respond(200, page);
             });

  router.add("POST", "/api/v1/care-assignments/{id}/end",
             {.summary = "End a household's care by a member, with the reason",
              .tag = "teams",
              .permission = "teams:care:write",
              .request = object({req("reason", str(500, 1))}, closed),
              .response = ref("CareAssignment"),
              .statuses = {200, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"reason"});
               auto reason = json::get_string(body, "reason", 500);
               Assignment a;
               db_.write([&](storage::Tx& tx) { a = end_assignment(tx, ctx, id, reason); });
               return json::respond(200, assignment_json(a));
             });
}

}  // namespace wangge::teams
