// Routes of window cases (办件) and the "办不成事" window: record one (under its
// Idempotency-Key), list the window's cases (by desk, state, overdue, place, period), read
// one with its timeline, whistles and the steps the caller may take, and one POST per row
// of the case table.
#include <algorithm>

#include "core/error.h"
#include "core/flow.h"
#include "core/idempotency.h"
#include "core/paging.h"
#include "services/service.h"
#include "services/store.h"
#include "territory/service.h"

namespace wangge::services {
namespace {

schema::value case_create_schema() {
  using namespace schema;
  return object(
      {req("region_code", describe(str(24, 1), "the town (street) or community whose window takes the case")),
       opt("desk", describe(enumeration(kDesks), "window (default): 办件; hard: the 办不成事 window")),
       opt("item_id", describe(id(), "window cases: an item the window handles")),
       opt("mode", describe(enumeration({"at_once", "deadline", "on_behalf"}),
                            "window cases: 即办 (done on the spot), 承诺件 (the item's working days), 帮代办")),
       opt("carrier", describe(str(50), "帮代办: who carried it for the applicant")),
       opt("applicant_kind", enumeration(kApplicantKinds)), req("applicant_name", str(100, 1)),
       opt("id_number", describe(str(18), "a person's ID number; sealed at rest")),
       opt("phone", describe(str(20), "sealed at rest")),
       opt("credit_code", describe(str(18), "a business's unified social credit code (required for a business)")),
       opt("materials", describe(array(str(100), 30), "the names of the item's materials checked")),
       opt("outcome", describe(str(2000), "at once: what was done")),
       opt("summary", describe(str(2000), "hard cases: what could not be done, and where it was tried")),
       opt("grid_code", describe(str(24), "hard cases: the grid the matter lies in")), opt("address", str(200)),
       opt("coordinator_id", describe(id(), "hard cases: who coordinates (default: the caller)"))},
      closed);
}

Case case_of_body(const json::object& body) {
  Case c;
  c.region_code = json::get_string(body, "region_code", 24);
  c.desk = json::one_of(body, "desk", kDesks, "window");
  c.item_id = json::opt_int(body, "item_id");
  c.mode = json::one_of(body, "mode", kCaseModes, "deadline");
  c.carrier = json::opt_string(body, "carrier", 50, 0).value_or("");
  c.applicant_kind = json::one_of(body, "applicant_kind", kApplicantKinds, "person");
  c.applicant_name = json::get_string(body, "applicant_name", 100);
  c.credit_code = json::opt_string(body, "credit_code", 18, 0).value_or("");
  std::transform(c.credit_code.begin(), c.credit_code.end(), c.credit_code.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
  c.outcome = json::opt_string(body, "outcome", 2000, 0).value_or("");
  c.summary = json::opt_string(body, "summary", 2000, 0).value_or("");
  c.grid_code = json::opt_string(body, "grid_code", 24);
  c.address = json::opt_string(body, "address", 200, 0).value_or("");
  c.coordinator_id = json::opt_int(body, "coordinator_id");
  if (const auto* m = body.if_contains("materials")) {
    if (!m->is_array()) throw_validation("materials", "a list of material names", "应为材料名称列表");
    for (const auto& v : m->as_array()) {
      if (!v.is_string()) throw_validation("materials", "a list of material names", "应为材料名称列表");
      c.materials.emplace_back(v.as_string());
    }
  }
  return c;
}

}  // namespace

void Service::register_case_routes(http::Router& router) {
  router.add("POST", "/api/v1/service-cases",
             {.summary = "Record a case at a window (办件), or an appeal at the 办不成事 window",
              .tag = "services",
              .permission = "services:case:create",
              .request = case_create_schema(),
              .response = schema::ref("ServiceCase"),
              .statuses = {201, 403, 422}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"region_code", "desk", "item_id", "mode", "carrier", "applicant_kind",
                                       "applicant_name", "id_number", "phone", "credit_code", "materials", "outcome",
                                       "summary", "grid_code", "address", "coordinator_id"});
               Case c = case_of_body(body);
               seal_applicant(c, json::opt_string(body, "id_number", 18), json::opt_string(body, "phone", 20));
               std::optional<Case> done;
               return idempotency::run(
                   db_, ctx, [&](storage::Tx& tx) { done = create_case(tx, ctx, c); },
                   [&] {
                     json::object out;
                     db_.read([&](storage::Tx& tx) { out = case_json(tx, ctx, *done, false); });
                     return idempotency::Reply{201, json::to_text(out)};
                   });
             });

  router.add("GET", "/api/v1/service-cases",
             {.summary = "Cases of the windows within the caller's scope, or those the caller coordinates",
              .tag = "services",
              .permission = "services:case:read",
              .query = {{"desk", "window or hard"},
                        {"mine", "true: the hard cases I coordinate"},
                        {"status", "comma-separated states"},
                        {"region", "a node within the caller's scope"},
                        {"overdue", "true: open and past due"},
                        {"cursor", "next_cursor of the previous page"},
                        {"limit", "1-200, default 50"}},
              .response = schema::page_of(schema::ref("ServiceCase")),
              .statuses = {200, 400, 403}},
             [this](Context& ctx) {
               const auto& req = ctx.req();
               const Principal& u = ctx.user();
               store::CaseFilter f;
               if (req.query_param("mine").value_or("") == "true") {
                 f.coordinator_id = u.user_id;
               } else {
                 for (auto p : {"services:case:read", "services:case:create", "services:case:coordinate"}) {
                   auto more = u.scope(p);
                   f.scope_paths.insert(f.scope_paths.end(), more.begin(), more.end());
                 }
                 if (f.scope_paths.empty()) throw Error("forbidden", {}, "no cases to read", "您没有查看办件的权限");
               }
               if (auto code = req.query_param("region")) {
                 f.region_path = territory_.path_of(*code);
                 bool inside = f.coordinator_id.has_value();
                 for (const auto& s : f.scope_paths) inside = inside || f.region_path->rfind(s, 0) == 0;
                 if (!inside) throw Error("forbidden", "region", "outside your territory", "超出您的管辖范围");
               }
               if (auto d = req.query_param("desk")) {
                 if (*d != "window" && *d != "hard") throw_validation("desk", "window or hard", "应为 window 或 hard");
                 f.desk = std::string(*d);
               }
               if (auto s = req.query_param("status")) {
                 for (auto& st : json::split_list(*s)) {
                   if (std::find(std::begin(kCaseStates), std::end(kCaseStates), st) == std::end(kCaseStates))
                     throw_validation("status", "states of the case table", "应为办件状态");
                   f.statuses.push_back(st);
                 }
               }
               if (req.query_param("overdue").value_or("") == "true") {
                 f.overdue_at_now = true;
                 f.now = storage::now_ms();
               }
               f.before_id = paging::id_cursor(req);
               int limit = paging::limit(req, 200, 50);
               f.limit = limit + 1;
               json::object page;
               db_.read([&](storage::Tx& tx) {
                 auto rows = store::cases(tx, f);
                 std::vector<std::int64_t> ids;
                 for (const auto& c : rows) {
                   ids.push_back(c.clerk_id);
                   if (c.coordinator_id) ids.push_back(*c.coordinator_id);
                 }
                 auto people = names(tx, ids);
                 territory::NameCache places(territory_);
                 {
                   std::vector<std::string> codes;
                   for (const auto& x : rows) codes.push_back(x.region_code);
                   places.prime(std::move(codes));
                 }
                 page = paging::page(
                     rows, limit, [&](const Case& c) { return render_case(c, people, places(c.region_code)); },
                     [](const Case& c) { return std::to_string(c.id); });
               });
               // Cases carry applicants' (masked) ID numbers and phones: who read which page.
               audit_read(ctx, "services:case:list", "cases",
                          json::object{{"count", page.at("items").as_array().size()},
                                       {"desk", f.desk ? json::value(*f.desk) : json::value(nullptr)}});
               return json::respond(200, page);
             });

  router.add("GET", "/api/v1/service-cases/coordinators",
             {.summary = "Who may coordinate 办不成事 cases at a window (services:case:coordinate over it)",
              .tag = "services",
              .permission = "services:case:create",
              .query = {{"region", "the window's town or community"}},
              .response = schema::array(schema::ref("ServiceTaker")),
              .statuses = {200, 403, 404, 422}},
             [this](Context& ctx) {
               auto code = ctx.req().query_param("region");
               if (!code) throw_validation("region", "the window's town or community", "请选择受理窗口");
               auto region = territory_.find(std::string(*code), false);
               if (!region) throw_not_found("no region " + std::string(*code), "区域不存在");
               ctx.require("services:case:create", region->path);
               json::array out;
               db_.read([&](storage::Tx& tx) {
                 auto ids = holders(tx, "services:case:coordinate", region->path);
                 auto people = names(tx, ids);
                 for (auto id : ids) out.push_back(json::object{{"id", id}, {"name", people[id]}});
               });
               return json::respond(200, out);
             });

  router.add("GET", "/api/v1/service-cases/{id}",
             {.summary = "A case with its timeline, its departments' whistles and the steps the caller may take",
              .tag = "services",
              .response = schema::ref("ServiceCaseDetail"),
              .statuses = {200, 404}},
             [this](Context& ctx) {
               std::int64_t id = json::path_id(ctx.req(), "id");
               json::object out;
               db_.read([&](storage::Tx& tx) {
                 auto c = store::find_case(tx, id);
                 if (!c || !can_read(ctx, *c)) throw_not_found("no case " + std::to_string(id), "办件不存在");
                 out = case_json(tx, ctx, *c, true);
               });
               audit_read(ctx, "services:case:read", "case:" + std::to_string(id), {});
               return json::respond(200, out);
             });

  // Each action belongs to one actor (order_flow_test.cpp checks it): a route a row.
  for (const auto& t : case_transitions()) {
    router.add("POST", "/api/v1/service-cases/{id}/" + std::string(t.action),
               {.summary = std::string(t.name_en) + " (" + std::string(t.name_zh) + ")",
                .tag = "services",
                .permission = t.actor == CaseActor::clerk ? "services:case:create" : "services:case:coordinate",
                .request = case_step_input(t),
                .response = schema::ref("ServiceCase"),
                .statuses = {200, 403, 404, 409, 422, 428}},
               [this, &t](Context& ctx) {
                 auto body = json::parse_body(ctx.req());
                 std::int64_t version = flow::expected_version(ctx, body);
                 std::int64_t id = json::path_id(ctx.req(), "id");
                 std::optional<Case> done;
                 return idempotency::run(
                     db_, ctx, [&](storage::Tx& tx) { done = act_on_case(tx, ctx, id, t, version, body); },
                     [&] {
                       json::object out;
                       db_.read([&](storage::Tx& tx) { out = case_json(tx, ctx, *done, false); });
                       return idempotency::Reply{200, json::to_text(out)};
                     });
               });
  }
}

}  // namespace wangge::services
