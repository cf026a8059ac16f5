// Routes of resources (资源清单): list one, list those the caller reaches (by kind, unit,
// availability, words), read one, change one.
#include "cobuild/service.h"
#include "cobuild/store.h"
#include "core/error.h"
#include "core/idempotency.h"
#include "core/paging.h"
#include "territory/service.h"

namespace wangge::cobuild {
namespace {

schema::value resource_body(bool creating) {
  using namespace schema;
  std::vector<Field> f = {
      creating ? opt("region_code", describe(str(24), "the node it serves (default: the unit's)"))
               : req("version", integer(1)),
      creating ? req("kind", enumeration(kResourceKinds)) : opt("kind", enumeration(kResourceKinds)),
      creating ? req("title", str(100, 1)) : opt("title", str(100, 1)),
      opt("description", str(2000)),
      opt("provider_name", describe(creating ? str(100) : str(100, 1),
                                    "who offers it, when not a unit (a party member, the community)")),
      opt("quantity", describe(nullable(integer(0)), "how many or how much (people, seats, sets, yuan)")),
      opt("quantity_unit", describe(str(10), "人, 座, 台, 元 ...")),
      opt("available", describe(boolean(), "available now (default true)")),
      opt("contact_name", str(50)),
      opt("contact_phone", describe(str(20), "sealed at rest, answered masked; \"\" removes it"))};
  if (creating) f.insert(f.begin() + 1, opt("unit_id", describe(id(), "the co-building unit that offers it")));
  return object(f, closed);
}

}  // namespace

void Service::register_resource_routes(http::Router& router) {
  using namespace schema;
  router.add("POST", "/api/v1/cobuild-resources",
             {.summary = "List a resource (资源清单) a unit, a party member or the community offers (Idempotency-Key)",
              .tag = "cobuild",
              .permission = "cobuild:list:write",
              .request = resource_body(true),
              .response = ref("CobuildResource"),
              .statuses = {201, 403, 409, 422}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"region_code", "unit_id", "kind", "title", "description", "provider_name",
                                       "quantity", "quantity_unit", "available", "contact_name", "contact_phone"});
               Resource r;
               r.region_code = json::opt_string(body, "region_code", 24).value_or("");
               r.unit_id = json::opt_int(body, "unit_id");
               r.kind = json::one_of(body, "kind", kResourceKinds);
               r.title = json::get_string(body, "title", 100);
               r.description = json::opt_string(body, "description", 2000).value_or("");
               r.provider_name = json::opt_string(body, "provider_name", 100).value_or("");
               r.quantity = json::opt_int(body, "quantity");
               r.quantity_unit = json::opt_string(body, "quantity_unit", 10).value_or("");
               r.available = json::opt_bool(body, "available").value_or(true);
               r.contact_name = json::opt_string(body, "contact_name", 50).value_or("");
               auto phone = json::opt_string(body, "contact_phone", 20);
               return idempotency::run(db_, ctx, [&](storage::Tx& tx) {
                 r = create_resource(tx, ctx, r, phone);
                 return idempotency::Reply{201, json::to_text(resource_json(r, true))};
               });
             });

  router.add("GET", "/api/v1/cobuild-resources",
             {.summary = "Resources the caller reaches (within their scope and above their place)",
              .tag = "cobuild",
              .permission = "cobuild:list:read",
              .query = {{"region", "a node within the scope: its subtree only"},
                        {"kind", "a resource kind"},
                        {"unit_id", "a unit's resources"},
                        {"available", "true or false"},
                        {"q", "words in the title or description"},
                        {"cursor", "next_cursor of the previous page"},
                        {"limit", "1-100, default 20"}},
              .response = page_of(ref("CobuildResource")),
              .statuses = {200, 400, 403, 404}},
             [this](Context& ctx) {
               const auto& req = ctx.req();
               auto scoped = territory_.scoped_region(ctx, "cobuild:list:read");
               store::ResourceFilter f;
               f.where.within = f.where.line = scoped.scope;
               f.where.under = scoped.path;
               if (auto k = req.query_param("kind")) {
                 if (std::find(std::begin(kResourceKinds), std::end(kResourceKinds), *k) == std::end(kResourceKinds))
                   throw Error("invalid_query", "kind", "a resource kind", "资源类型无效");
                 f.kind = std::string(*k);
               }
               if (auto a = req.query_param("available")) f.available = *a == "true";
               if (auto u = req.query_param("unit_id")) {
                 f.unit_id = json::parse_id(*u);
                 if (!f.unit_id) throw Error("invalid_query", "unit_id", "a unit's id", "应为单位编号");
               }
               if (auto q = req.query_param("q")) f.q = std::string(*q);
               f.where.before_id = paging::id_cursor(req);
               int limit = paging::limit(req, 100, 20);
               f.where.limit = limit + 1;
               json::object page;
               db_.read([&](storage::Tx& tx) {
                 auto rows = store::resources(tx, f);
                 auto mine = store::units_of_user(tx, ctx.user().user_id);
                 page = paging::page(
                     rows, limit, [&](const Resource& r) { return resource_json(r, writes_resource(ctx, r, mine)); },
                     [](const Resource& r) { return std::to_string(r.id); });
               });
               return json::respond(200, page);
             });

  router.add("GET", "/api/v1/cobuild-resources/{id}",
             {.summary = "A resource",
              .tag = "cobuild",
              .permission = "cobuild:list:read",
              .response = ref("CobuildResource"),
              .statuses = {200, 403, 404}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               json::object out;
               db_.read([&](storage::Tx& tx) {
                 auto r = readable_resource(tx, ctx, id);
                 out = resource_json(r, writes_resource(tx, ctx, r));
               });
               return json::respond(200, out);
             });

  router.add("PATCH", "/api/v1/cobuild-resources/{id}",
             {.summary = "Change a resource: its particulars, whether it is available now",
              .tag = "cobuild",
              .permission = "cobuild:list:write",
              .request = resource_body(false),
              .response = ref("CobuildResource"),
              .statuses = {200, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"version", "kind", "title", "description", "provider_name", "quantity",
                                       "quantity_unit", "available", "contact_name", "contact_phone"});
               Resource r;
               db_.write([&](storage::Tx& tx) { r = update_resource(tx, ctx, id, body); });
               return json::respond(200, resource_json(r, true));
             });
}

}  // namespace wangge::cobuild
