// Routes of supplies: record a stock at a node, list those on the caller's line (flagged:
// expired, expiring within 30 days, below their minimum), read one with its movements,
// change its particulars, move stock in or out.
#include "core/dates.h"
#include "core/error.h"
#include "core/paging.h"
#include "emergency/http_common.h"
#include "emergency/service.h"
#include "emergency/store.h"
#include "territory/service.h"

namespace wangge::emergency {
namespace {

constexpr const char* kSupplyFlags[] = {"expired", "expiring", "below_minimum"};

std::int64_t count_in(const json::object& body, std::string_view key, std::int64_t dflt) {
  auto v = json::opt_int(body, key);
  if (!v) return dflt;
  if (*v < 0 || *v > 100'000'000) throw_validation(std::string(key), "0 to 100000000", "应为 0 至 1 亿");
  return *v;
}

}  // namespace

void Service::register_supply_routes(http::Router& router) {
  using namespace schema;
  router.add("POST", "/api/v1/emergency-supplies",
             {.summary = "Record a stock of supplies (物资储备) at a node",
              .tag = "emergency",
              .permission = "emergency:drill:organise",
              .request = object(
                  {req("region_code", str(24, 1)), req("name", str(100, 1)), req("category", enumeration(kCategories)),
                   req("quantity", integer(0, 100'000'000)), req("unit", describe(str(10, 1), "个, 件, 台, 箱 ...")),
                   opt("location", str(200)), opt("keeper_name", str(50)), opt("min_quantity", integer(0, 100'000'000)),
                   opt("expires_on", nullable(date()))},
                  closed),
              .response = ref("EmergencySupply"),
              .statuses = {201, 403, 409, 422}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"region_code", "name", "category", "quantity", "unit", "location", "keeper_name",
                                       "min_quantity", "expires_on"});
               Supply s;
               s.region_code = json::get_string(body, "region_code", 24);
               s.name = json::get_string(body, "name", 100);
               s.category = json::one_of(body, "category", kCategories);
               if (!body.contains("quantity")) throw_validation("quantity", "required", "必填");
               s.quantity = count_in(body, "quantity", 0);
               s.unit = json::get_string(body, "unit", 10);
               s.location = json::opt_string(body, "location", 200).value_or("");
               s.keeper_name = json::opt_string(body, "keeper_name", 50).value_or("");
               s.min_quantity = count_in(body, "min_quantity", 0);
               if (body.contains("expires_on") && !body.at("expires_on").is_null())
                 s.expires_on = dates::body_day(body, "expires_on", "", flag_days().first, true);
               db_.write([&](storage::Tx& tx) { s = create_supply(tx, ctx, s); });
               return json::respond(201, supply_json(s));
             });

  router.add("GET", "/api/v1/emergency-supplies",
             {.summary = "Supplies on the caller's line, flagged expired, expiring within 30 days, below minimum",
              .tag = "emergency",
              .permission = "emergency:plan:read",
              .query = {{"region", "a node within the scope: its stocks and those under it"},
                        {"category", "flood_control, fire, medical, ..."},
                        {"flag", "expired, expiring or below_minimum"},
                        {"cursor", "next_cursor of the previous page"},
                        {"limit", "1-100, default 50"}},
              .response = page_of(ref("EmergencySupply")),
              .statuses = {200, 400, 403, 404}},
             [this](Context& ctx) {
               const auto& req = ctx.req();
               store::SupplyFilter f;
               f.reach = web::reach_of(ctx, territory_, "emergency:plan:read");
               f.category = web::query_one_of(req, "category", kCategories);
               f.flag = web::query_one_of(req, "flag", kSupplyFlags);
               std::tie(f.today, f.soon) = flag_days();
               f.before_id = paging::id_cursor(req);
               int limit = paging::limit(req, 100, 50);
               f.limit = limit + 1;
               json::object page;
               db_.read([&](storage::Tx& tx) {
                 page = paging::page(
                     store::supplies(tx, f), limit, [&](const Supply& s) { return supply_json(s); },
                     [](const Supply& s) { return std::to_string(s.id); });
               });
               return json::respond(200, page);
             });

  router.add("GET", "/api/v1/emergency-supplies/{id}",
             {.summary = "A stock with its latest movements (100)",
              .tag = "emergency",
              .permission = "emergency:plan:read",
              .response = all_of({ref("EmergencySupply"), object({req("movements", array(ref("EmergencyMovement")))})}),
              .statuses = {200, 403, 404}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               json::object out;
               db_.read([&](storage::Tx& tx) {
                 auto s = readable_supply(tx, ctx, id);
                 auto moves = store::movements(tx, id, 100);
                 std::vector<std::int64_t> actors;
                 for (const auto& m : moves)
                   if (m.actor_id) actors.push_back(*m.actor_id);
                 auto who = names(tx, actors);
                 json::array list;
                 for (const auto& m : moves) list.push_back(movement_json(m, who));
                 out = supply_json(s);
                 out["movements"] = std::move(list);
               });
               return json::respond(200, out);
             });

  router.add("PATCH", "/api/v1/emergency-supplies/{id}",
             {.summary = "Change a stock's particulars (its quantity moves by movements only)",
              .tag = "emergency",
              .permission = "emergency:drill:organise",
              .request = object(
                  {req("version", integer(1)), opt("name", str(100, 1)), opt("category", enumeration(kCategories)),
                   opt("unit", str(10, 1)), opt("location", str(200)), opt("keeper_name", str(50)),
                   opt("min_quantity", integer(0, 100'000'000)), opt("expires_on", nullable(date()))},
                  closed),
              .response = ref("EmergencySupply"),
              .statuses = {200, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"version", "name", "category", "unit", "location", "keeper_name", "min_quantity",
                                       "expires_on"});
               Supply s;
               db_.write([&](storage::Tx& tx) { s = update_supply(tx, ctx, id, body); });
               return json::respond(200, supply_json(s));
             });

  router.add("POST", "/api/v1/emergency-supplies/{id}/movements",
             {.summary = "Move stock in or out, with the reason (never below zero: 409)",
              .tag = "emergency",
              .permission = "emergency:drill:organise",
              .request = object({req("direction", enumeration(kDirections)), req("quantity", integer(1, 100'000'000)),
                                 req("reason", str(500, 1))},
                                closed),
              .response = ref("EmergencySupply"),
              .statuses = {200, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"direction", "quantity", "reason"});
               auto direction = json::one_of(body, "direction", kDirections);
               auto quantity = json::get_int(body, "quantity");
               auto reason = json::get_string(body, "reason", 500);
               Supply s;
               db_.write([&](storage::Tx& tx) { s = move_supply(tx, ctx, id, direction, quantity, reason); });
               return json::respond(200, supply_json(s));
             });
}

}  // namespace wangge::emergency
