// Routes of the catalogue and of community admission: thin (parse, call a use case, render).
#include <algorithm>

#include "core/error.h"
#include "core/paging.h"
#include "services/service.h"
#include "services/store.h"
#include "territory/service.h"

namespace wangge::services {
namespace {

// May the caller read the catalogue of the town (or the list of the community) at
// town_path: a grant over it, or over a node inside it (a community, a grid)?
bool reads_town(const Context& ctx, const std::string& town_path) {
  auto scope = ctx.user().scope("services:item:read");
  return std::any_of(scope.begin(), scope.end(),
                     [&](const std::string& s) { return town_path.rfind(s, 0) == 0 || s.rfind(town_path, 0) == 0; });
}

std::optional<bool> query_bool(const http::Request& req, std::string_view name) {
  auto v = req.query_param(name);
  if (!v) return std::nullopt;
  if (*v == "true") return true;
  if (*v == "false") return false;
  throw_validation(std::string(name), "true or false", "应为 true 或 false");
}

}  // namespace

void Service::register_item_routes(http::Router& router) {
  router.add("GET", "/api/v1/service-items",
             {.summary = "A town's catalogue of service items (服务事项清单)",
              .tag = "services",
              .permission = "services:item:read",
              .query = {{"region", "a town, or a place inside it (default: the caller's first grant)"},
                        {"level", "town or community"},
                        {"kind", "duty, assist, devolved or convenience"},
                        {"q", "a part of the name"},
                        {"active", "true or false"},
                        {"orderable", "true or false"},
                        {"cursor", "next_cursor of the previous page"},
                        {"limit", "1-200, default 50"}},
              .response = schema::page_of(schema::ref("ServiceItem")),
              .statuses = {200, 400, 403, 404, 422}},
             [this](Context& ctx) {
               const auto& req = ctx.req();
               std::string path;
               if (auto code = req.query_param("region")) {
                 path = territory_.path_of(*code);
               } else {
                 auto scope = ctx.user().scope("services:item:read");
                 path = scope.empty() ? std::string() : scope.front();
               }
               store::ItemFilter f;
               f.town_path = town_path_of(path);
               if (f.town_path.empty())
                 throw_validation("region", "a town or a place inside one", "应为街道（乡镇）或其下的区域");
               if (!reads_town(ctx, f.town_path))
                 throw Error("forbidden", "region", "outside your territory", "超出您的管辖范围");
               if (auto v = req.query_param("level")) f.level = std::string(*v);
               if (auto v = req.query_param("kind")) f.kind = std::string(*v);
               if (auto v = req.query_param("q")) f.q = std::string(*v);
               f.active = query_bool(req, "active");
               f.orderable = query_bool(req, "orderable");
               f.before_id = paging::id_cursor(req);
               int limit = paging::limit(req, 200, 50);
               f.limit = limit + 1;
               std::vector<Item> rows;
               db_.read([&](storage::Tx& tx) { rows = store::items(tx, f); });
               return json::respond(200, paging::page(
                                             rows, limit, [this](const Item& it) { return item_json(it); },
                                             [](const Item& it) { return std::to_string(it.id); }));
             });

  router.add("GET", "/api/v1/communities/{code}/service-items",
             {.summary = "A community's list: the town's items admitted to it and active (what its residents may "
                         "order besides the town's own)",
              .tag = "services",
              .permission = "services:item:read",
              .response = schema::array(schema::ref("ServiceItem")),
              .statuses = {200, 403, 404, 422}},
             [this](Context& ctx) {
               std::string code(ctx.req().param("code"));
               auto community = territory_.find(code, false);
               if (!community) throw_not_found("no community " + code, "社区不存在");
               // Its staff and those above read it; so do accounts granted inside it (residents),
               // when it is a community.
               bool over = ctx.user().can("services:item:read", community->path);
               if (!over && !(community->level == "community" && reads_town(ctx, community->path)))
                 throw Error("forbidden", {}, "outside your territory", "超出您的管辖范围");
               if (community->level != "community")
                 throw_validation("code", "a community (村、社区)", "应为社区（村）");
               json::array out;
               db_.read([&](storage::Tx& tx) {
                 for (const auto& it : store::community_items(tx, code)) out.push_back(item_json(it));
               });
               return json::respond(200, out);
             });

  router.add("GET", "/api/v1/service-items/{id}",
             {.summary = "A service item",
              .tag = "services",
              .permission = "services:item:read",
              .response = schema::ref("ServiceItem"),
              .statuses = {200, 403, 404}},
             [this](Context& ctx) {
               std::int64_t id = json::path_id(ctx.req(), "id");
               auto it = db_.read_value<std::optional<Item>>([&](storage::Tx& tx) { return store::item(tx, id); });
               if (!it || !reads_town(ctx, it->region_path))
                 throw_not_found("no service item " + std::to_string(id), "服务事项不存在");
               return json::respond(200, item_json(*it));
             });

  router.add("POST", "/api/v1/service-items",
             {.summary = "Add a service item to a town's catalogue",
              .tag = "services",
              .permission = "services:item:write",
              .request = item_fields_schema(true),
              .response = schema::ref("ServiceItem"),
              .statuses = {201, 403, 409, 422}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body,
                                {"region_code", "level", "kind", "name", "description", "materials", "time_limit_days",
                                 "on_behalf", "door_to_door", "off_hours", "orderable", "window_name", "active"});
               Item it;
               it.region_code = json::get_string(body, "region_code", 24);
               auto town = territory_.find(it.region_code, false);
               if (!town || town->level != "town")
                 throw_validation("region_code", "a town (street)", "应为街道（乡镇）");
               it.region_path = town->path;
               ctx.require("services:item:write", it.region_path);
               it.level = json::one_of(body, "level", kLevels);
               it.kind = json::one_of(body, "kind", kKinds);
               it.name = json::get_string(body, "name", 100);
               it.description = json::opt_string(body, "description", 2000, 0).value_or("");
               it.materials = parse_materials(body);
               it.time_limit_days = time_limit_of(body);
               it.on_behalf = json::opt_bool(body, "on_behalf").value_or(false);
               it.door_to_door = json::opt_bool(body, "door_to_door").value_or(false);
               it.off_hours = json::opt_bool(body, "off_hours").value_or(false);
               it.orderable = json::opt_bool(body, "orderable").value_or(false);
               it.window_name = json::opt_string(body, "window_name", 100, 0).value_or("");
               it.active = json::opt_bool(body, "active").value_or(true);
               return json::respond(201, item_json(create_item(ctx, std::move(it))));
             });

  router.add("PATCH", "/api/v1/service-items/{id}",
             {.summary = "Correct a service item, or make it inactive",
              .tag = "services",
              .permission = "services:item:write",
              .request = item_fields_schema(false),
              .response = schema::ref("ServiceItem"),
              .statuses = {200, 403, 404, 409, 422, 428}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body,
                                {"level", "kind", "name", "description", "materials", "time_limit_days", "on_behalf",
                                 "door_to_door", "off_hours", "orderable", "window_name", "active", "version"});
               return json::respond(200, item_json(update_item(ctx, json::path_id(ctx.req(), "id"), body)));
             });
}

void Service::register_admission_routes(http::Router& router) {
  using namespace schema;
  router.add("GET", "/api/v1/service-admissions",
             {.summary = "Items on communities' lists and requests for them (社区事项准入)",
              .tag = "services",
              .permission = "services:item:read",
              .query = {{"community", "a community code"},
                        {"status", "requested, approved, rejected or removed"},
                        {"item_id", "one item"},
                        {"cursor", "next_cursor of the previous page"},
                        {"limit", "1-200, default 50"}},
              .response = page_of(ref("ServiceAdmission")),
              .statuses = {200, 400, 403, 404}},
             [this](Context& ctx) {
               const auto& req = ctx.req();
               store::AdmissionFilter f;
               auto scoped = territory_.scoped_region(ctx, "services:item:read", "community");
               f.scope_paths = std::move(scoped.scope);
               if (auto c = req.query_param("community")) f.community_code = std::string(*c);
               if (auto s = req.query_param("status")) f.status = std::string(*s);
               f.item_id = json::query_int(req, "item_id", 1, INT64_MAX);
               f.before_id = paging::id_cursor(req);
               int limit = paging::limit(req, 200, 50);
               f.limit = limit + 1;
               std::vector<Admission> rows;
               db_.read([&](storage::Tx& tx) { rows = store::admissions(tx, f); });
               territory::NameCache places(territory_);
               return json::respond(200,
                                    paging::page(
                                        rows, limit, [&](const Admission& a) { return admission_json(a, &places); },
                                        [](const Admission& a) { return std::to_string(a.id); }));
             });

  router.add("POST", "/api/v1/service-admissions",
             {.summary = "A community asks for a town's item on its list",
              .tag = "services",
              .permission = "services:item:request",
              .request = object({req("item_id", id()), req("community_code", str(24, 1)),
                                 req("basis", describe(str(500, 1), "why the community should take it (依据)"))},
                                closed),
              .response = ref("ServiceAdmission"),
              .statuses = {201, 403, 409, 422}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"item_id", "community_code", "basis"});
               auto a =
                   request_admission(ctx, json::get_int(body, "item_id"), json::get_string(body, "community_code", 24),
                                     json::get_string(body, "basis", 500));
               return json::respond(201, admission_json(a));
             });

  for (const char* decision : {"approve", "reject", "remove", "ready"}) {
    std::string d = decision;
    bool ready = d == "ready";
    std::vector<Field> fields = {req("version", id()), opt("note", describe(str(500), "required to reject or remove"))};
    if (ready) fields.push_back(req("ready", describe(boolean(), "the community can handle the item now")));
    router.add(
        "POST", "/api/v1/service-admissions/{id}/" + d,
        {.summary =
             ready ? std::string("The community says whether it can handle an admitted item now")
                   : "The town " + d + (d == "remove" ? "s an item from" : "s a request for") + " a community's list",
         .tag = "services",
         .permission = ready ? "services:item:request" : "services:item:approve",
         .request = object(fields, closed),
         .response = ref("ServiceAdmission"),
         .statuses = {200, 403, 404, 409, 422, 428}},
        [this, d](Context& ctx) {
          auto body = json::parse_body(ctx.req());
          json::allow_only(body, {"version", "note", "ready"});
          return json::respond(200, admission_json(decide_admission(ctx, json::path_id(ctx.req(), "id"), d, body)));
        });
  }
}

}  // namespace wangge::services
