// Routes of orders (三单): file one (under its Idempotency-Key), list them by whose view
// (the community's console, mine, given to me, open to take near me), read one with its
// timeline and the steps the caller may take, the takers a community may give it to, and
// one POST per row of the order table.
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

schema::value create_schema() {
  using namespace schema;
  return object(
      {req("region_code", describe(str(24, 1), "where the service is wanted: a community, grid or unit")),
       opt("item_id", describe(id(), "an orderable item of the town or of the community's list")),
       opt("title", describe(str(100), "what is wanted (default: the item's name); required without an item")),
       opt("detail", str(2000)), opt("contact_name", str(50)),
       opt("phone", describe(str(20), "an 11-digit mobile or a landline with area code; sealed at rest")),
       opt("address", str(200)),
       opt("requester_kind", describe(enumeration(kRequesterKinds),
                                      "resident (default), property (物业下单) or staff (recorded for a resident "
                                      "without a phone; needs services:order:dispatch)"))},
      closed);
}

}  // namespace

void Service::register_order_routes(http::Router& router) {
  router.add("POST", "/api/v1/service-orders",
             {.summary = "Order a service (居民点单): from the catalogue or in free text",
              .tag = "services",
              .permission = "services:order:create",
              .request = create_schema(),
              .response = schema::ref("ServiceOrder"),
              .statuses = {201, 403, 422}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"region_code", "item_id", "title", "detail", "contact_name", "phone", "address",
                                       "requester_kind"});
               Order o;
               o.region_code = json::get_string(body, "region_code", 24);
               o.item_id = json::opt_int(body, "item_id");
               o.title = json::opt_string(body, "title", 100, 0).value_or("");
               o.detail = json::opt_string(body, "detail", 2000, 0).value_or("");
               o.contact_name = json::opt_string(body, "contact_name", 50, 0).value_or("");
               o.address = json::opt_string(body, "address", 200, 0).value_or("");
               o.requester_kind = json::one_of(body, "requester_kind", kRequesterKinds, "resident");
               if (auto phone = json::opt_string(body, "phone", 20); phone && !phone->empty()) {
                 if (!valid_phone(*phone))
                   throw_validation("phone", "an 11-digit mobile or a landline with area code",
                                    "应为 11 位手机号或带区号的固话");
                 o.phone_sealed = crypto_.seal(normalize_phone(*phone));
                 o.phone_masked = mask_phone(normalize_phone(*phone));
               }
               std::optional<Order> done;
               return idempotency::run(
                   db_, ctx, [&](storage::Tx& tx) { done = create_order(tx, ctx, o); },
                   [&] {
                     json::object out;
                     db_.read([&](storage::Tx& tx) { out = order_json(tx, ctx, *done, false); });
                     return idempotency::Reply{201, json::to_text(out)};
                   });
             });

  router.add(
      "GET", "/api/v1/service-orders",
      {.summary = "Orders: the community's console, my orders, given to me, or open to take near me",
       .tag = "services",
       .query = {{"view",
                  "community (within the caller's scope; the default for its staff and overseers), mine (the default "
                  "for others), taker (given to me), open (to take)"},
                 {"status", "comma-separated states"},
                 {"region", "a node within the caller's scope (community view)"},
                 {"overdue", "true: open and past due"},
                 {"cursor", "next_cursor of the previous page"},
                 {"limit", "1-200, default 50"}},
       .response = schema::page_of(schema::ref("ServiceOrder")),
       .statuses = {200, 400, 403, 404}},
      [this](Context& ctx) {
        const auto& req = ctx.req();
        const Principal& u = ctx.user();
        // Without a view: the console for the community's staff and overseers, else one's own.
        const bool oversees = u.can_somewhere("services:order:dispatch") || u.can_somewhere("services:order:read");
        std::string view(req.query_param("view").value_or(oversees ? "community" : "mine"));
        store::OrderFilter f;
        if (view == "mine") {
          f.requester_id = u.user_id;
        } else if (view == "taker") {
          f.taker_id = u.user_id;
        } else if (view == "open") {
          f.scope_paths = u.scope("services:order:take");
          f.statuses = {"open"};
        } else if (view == "community") {
          auto scope = u.scope("services:order:dispatch");
          auto more = u.scope("services:order:read");
          scope.insert(scope.end(), more.begin(), more.end());
          if (scope.empty()) throw Error("forbidden", {}, "no orders to oversee", "您没有管理工单的权限");
          f.scope_paths = std::move(scope);
          if (auto code = req.query_param("region")) {
            f.region_path = territory_.path_of(*code);
            bool inside = false;
            for (const auto& s : f.scope_paths) inside = inside || f.region_path->rfind(s, 0) == 0;
            if (!inside) throw Error("forbidden", "region", "outside your territory", "超出您的管辖范围");
          }
        } else {
          throw_validation("view", "community, mine, taker or open", "应为 community、mine、taker 或 open");
        }
        if (auto s = req.query_param("status"); s && view != "open") {
          for (auto& st : json::split_list(*s)) {
            if (std::find(std::begin(kOrderStates), std::end(kOrderStates), st) == std::end(kOrderStates))
              throw_validation("status", "states of the order table", "应为工单状态");
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
          auto rows = store::orders(tx, f);
          // One read of the accounts' names for the page, each place named once.
          auto names = account_names(tx, rows);
          territory::NameCache places(territory_);
          {
            std::vector<std::string> codes;
            for (const auto& x : rows) codes.push_back(x.region_code);
            places.prime(std::move(codes));
          }
          page = paging::page(
              rows, limit, [&](const Order& o) { return render_order(o, names, places(o.region_code)); },
              [](const Order& o) { return std::to_string(o.id); });
        });
        return json::respond(200, page);
      });

  router.add("GET", "/api/v1/service-orders/{id}",
             {.summary = "An order with its timeline and the steps the caller may take",
              .tag = "services",
              .response = schema::ref("ServiceOrderDetail"),
              .statuses = {200, 404}},
             [this](Context& ctx) {
               std::int64_t id = json::path_id(ctx.req(), "id");
               json::object out;
               db_.read([&](storage::Tx& tx) {
                 auto o = store::order(tx, id);
                 if (!o || !can_read(ctx, *o)) throw_not_found("no order " + std::to_string(id), "工单不存在");
                 out = order_json(tx, ctx, *o, true);
               });
               return json::respond(200, out);
             });

  router.add("GET", "/api/v1/service-orders/{id}/takers",
             {.summary = "Who the community may give an order to (party members and volunteers of its place)",
              .tag = "services",
              .permission = "services:order:dispatch",
              .response = schema::array(schema::ref("ServiceTaker")),
              .statuses = {200, 403, 404}},
             [this](Context& ctx) {
               std::int64_t id = json::path_id(ctx.req(), "id");
               json::array out;
               db_.read([&](storage::Tx& tx) {
                 auto o = store::order(tx, id);
                 if (!o || !can_read(ctx, *o)) throw_not_found("no order " + std::to_string(id), "工单不存在");
                 ctx.require("services:order:dispatch", o->community_path);
                 for (const auto& a : takers(tx, o->region_path))
                   out.push_back(json::object{{"id", a.id}, {"name", a.name}});
               });
               return json::respond(200, out);
             });

  // Each action belongs to one actor (order_flow_test.cpp checks it): a route a row.
  for (const auto& t : order_transitions()) {
    router.add("POST", "/api/v1/service-orders/{id}/" + std::string(t.action),
               {.summary = std::string(t.name_en) + " (" + std::string(t.name_zh) + "), by the " +
                           std::string(order_actor_name(t.actor)),
                .tag = "services",
                .permission = std::string(order_permission_of(t.actor)),
                .request = order_step_input(t),
                .response = schema::ref("ServiceOrder"),
                .statuses = {200, 403, 404, 409, 422, 428}},
               [this, &t](Context& ctx) {
                 auto body = json::parse_body(ctx.req());
                 std::int64_t version = flow::expected_version(ctx, body);
                 std::int64_t id = json::path_id(ctx.req(), "id");
                 std::optional<Order> done;
                 return idempotency::run(
                     db_, ctx, [&](storage::Tx& tx) { done = act_on_order(tx, ctx, id, t, version, body); },
                     [&] {
                       json::object out;
                       db_.read([&](storage::Tx& tx) { out = order_json(tx, ctx, *done, false); });
                       return idempotency::Reply{200, json::to_text(out)};
                     });
               });
  }
}

}  // namespace wangge::services
