// Routes of the rewards shop: the rewards a place can buy and those a clerk keeps, adding
// and changing one (restock), redeeming (the holder, or the clerk for a resident without a
// phone; Idempotency-Key), my redemptions and the shop's, verification of a code, and
// cancellation before it.
#include "core/error.h"
#include "core/idempotency.h"
#include "core/paging.h"
#include "points/service.h"
#include "points/store.h"
#include "territory/service.h"

namespace wangge::points {
namespace {

schema::value reward_body_schema(bool create) {
  using namespace schema;
  std::vector<Field> f = {opt("name", str(100, 1)),
                          opt("detail", str(1000)),
                          opt("price", describe(integer(1, 1000000), "points")),
                          opt("supplier_kind", enumeration(kSupplierKinds)),
                          opt("supplier_name", describe(str(100, 1), "the community, or the co-building unit")),
                          opt("active", boolean())};
  if (create) {
    f = {req("region_code", describe(str(24, 1), "the node whose shop it is")),
         req("name", str(100, 1)),
         opt("detail", str(1000)),
         req("price", describe(integer(1, 1000000), "points")),
         req("stock", integer(0, 100000)),
         req("supplier_kind", enumeration(kSupplierKinds)),
         req("supplier_name", describe(str(100, 1), "the community, or the co-building unit")),
         opt("active", boolean())};
  } else {
    f.push_back(opt("restock", describe(integer(-100000, 100000), "units added (negative: taken out)")));
    f.push_back(req("version", id()));
  }
  return object(f, closed);
}

}  // namespace

void Service::register_shop_routes(http::Router& router) {
  router.add("GET", "/api/v1/point-rewards",
             {.summary = "Rewards: what the caller's place can buy (view=shop), or what a clerk keeps (view=manage)",
              .tag = "points",
              .permission = "points:reward:read",
              .query = {{"view", "shop (default) or manage"},
                        {"region", "shop: the place (default: the caller's first)"},
                        {"cursor", "next_cursor of the previous page"},
                        {"limit", "1-200, default 50"}},
              .response = schema::page_of(schema::ref("PointReward")),
              .statuses = {200, 400, 403, 404}},
             [this](Context& ctx) {
               const auto& req = ctx.req();
               const Principal& u = ctx.user();
               store::RewardFilter f;
               std::string view(req.query_param("view").value_or("shop"));
               if (view == "manage") {
                 f.within = u.scope("points:reward:write");
                 if (f.within.empty()) throw Error("forbidden", {}, "you keep no shop", "您没有管理积分超市的权限");
               } else if (view == "shop") {
                 std::string path;
                 if (auto code = req.query_param("region")) {
                   path = territory_.path_of(*code);
                   if (!u.can("points:reward:read", path))
                     throw Error("forbidden", "region", "outside your territory", "超出您的管辖范围");
                 } else {
                   auto s = u.scope("points:reward:read");
                   if (!s.empty()) path = s.front();
                 }
                 f.paths = {path};
                 f.active = true;
               } else {
                 throw_validation("view", "shop or manage", "应为 shop 或 manage");
               }
               f.before_id = paging::id_cursor(req);
               int limit = paging::limit(req, 200, 50);
               f.limit = limit + 1;
               json::object page;
               db_.read([&](storage::Tx& tx) {
                 auto rows = store::rewards(tx, f);
                 page = paging::page(
                     rows, limit, [&](const Reward& r) { return reward_json(r); },
                     [](const Reward& r) { return std::to_string(r.id); });
               });
               return json::respond(200, page);
             });

  router.add("POST", "/api/v1/point-rewards",
             {.summary = "Add a reward to a shop (积分礼遇清单) with its price, stock and supplier",
              .tag = "points",
              .permission = "points:reward:write",
              .request = reward_body_schema(true),
              .response = schema::ref("PointReward"),
              .statuses = {201, 403, 422}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"region_code", "name", "detail", "price", "stock", "supplier_kind",
                                       "supplier_name", "active"});
               Reward r;
               r.region_code = json::get_string(body, "region_code", 24);
               r.name = json::get_string(body, "name", 100);
               r.detail = json::opt_string(body, "detail", 1000, 0).value_or("");
               r.price = json::get_int(body, "price");
               if (r.price < 1 || r.price > 1'000'000)
                 throw_validation("price", "1 to 1000000 points", "应为 1 至 1000000 分");
               r.stock = json::get_int(body, "stock");
               if (r.stock < 0 || r.stock > 100'000) throw_validation("stock", "0 to 100000", "应为 0 至 100000");
               r.supplier_kind = json::one_of(body, "supplier_kind", kSupplierKinds);
               r.supplier_name = json::get_string(body, "supplier_name", 100);
               r.active = json::opt_bool(body, "active").value_or(true);
               db_.write([&](storage::Tx& tx) { r = create_reward(tx, ctx, r); });
               return json::respond(201, reward_json(r));
             });

  router.add("PATCH", "/api/v1/point-rewards/{id}",
             {.summary = "Change a reward: price, supplier, on or off, restock (versioned, audited)",
              .tag = "points",
              .permission = "points:reward:write",
              .request = reward_body_schema(false),
              .response = schema::ref("PointReward"),
              .statuses = {200, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(
                   body, {"name", "detail", "price", "supplier_kind", "supplier_name", "active", "restock", "version"});
               Reward r;
               db_.write([&](storage::Tx& tx) { r = update_reward(tx, ctx, id, body); });
               return json::respond(200, reward_json(r));
             });

  router.add(
      "POST", "/api/v1/point-redemptions",
      {.summary = "Redeem a reward: its price taken from the balance and one unit from the stock at once; "
                  "answers the code the clerk verifies (Idempotency-Key)",
       .tag = "points",
       .permission = "points:reward:redeem",
       .request = schema::object({schema::req("reward_id", schema::id()),
                                  schema::opt("holder_id", schema::describe(schema::id(),
                                                                            "a clerk redeeming for a resident "
                                                                            "(needs points:redemption:verify there)"))},
                                 schema::closed),
       .response = schema::ref("PointRedemption"),
       .statuses = {201, 403, 404, 409, 422}},
      [this](Context& ctx) {
        auto body = json::parse_body(ctx.req());
        json::allow_only(body, {"reward_id", "holder_id"});
        auto reward_id = json::get_int(body, "reward_id");
        auto holder_id = json::opt_int(body, "holder_id");
        return idempotency::run(db_, ctx, [&](storage::Tx& tx) {
          Holder h;
          if (holder_id) {
            auto found = store::holder(tx, *holder_id);
            if (!found || !ctx.user().can("points:redemption:verify", found->region_path))
              throw_not_found("no holder " + std::to_string(*holder_id), "积分账户不存在");
            h = *found;
          } else {
            h = holder_for(tx, "user", ctx.user().user_id);
          }
          return idempotency::Reply{201, json::to_text(redemption_json(redeem(tx, ctx, reward_id, h), true))};
        });
      });

  router.add("GET", "/api/v1/point-redemptions",
             {.summary = "Redemptions: mine (with their codes), or a shop's (view=shop, without codes)",
              .tag = "points",
              .query = {{"view", "mine (default) or shop"},
                        {"status", "issued, verified or cancelled"},
                        {"cursor", "next_cursor of the previous page"},
                        {"limit", "1-200, default 50"}},
              .response = schema::page_of(schema::ref("PointRedemption")),
              .statuses = {200, 400, 403}},
             [this](Context& ctx) {
               const auto& req = ctx.req();
               const Principal& u = ctx.user();
               store::RedemptionFilter f;
               std::string view(req.query_param("view").value_or("mine"));
               if (view != "mine" && view != "shop") throw_validation("view", "mine or shop", "应为 mine 或 shop");
               if (view == "shop") {
                 f.within = u.scope("points:redemption:verify");
                 if (f.within.empty()) throw Error("forbidden", {}, "you keep no shop", "您没有管理积分超市的权限");
               }
               if (auto s = req.query_param("status")) {
                 if (*s != "issued" && *s != "verified" && *s != "cancelled")
                   throw Error("invalid_query", "status", "issued, verified or cancelled",
                               "应为 issued、verified 或 cancelled");
                 f.status = std::string(*s);
               }
               f.before_id = paging::id_cursor(req);
               int limit = paging::limit(req, 200, 50);
               f.limit = limit + 1;
               json::object page;
               db_.read([&](storage::Tx& tx) {
                 std::vector<Redemption> rows;
                 if (view == "mine") {
                   if (auto h = store::holder_of(tx, "user", u.user_id)) {
                     f.holder_id = h->id;
                     rows = store::redemptions(tx, f);
                   }
                 } else {
                   rows = store::redemptions(tx, f);
                 }
                 page = paging::page(
                     rows, limit, [&](const Redemption& r) { return redemption_json(r, view == "mine"); },
                     [](const Redemption& r) { return std::to_string(r.id); });
               });
               return json::respond(200, page);
             });

  router.add("POST", "/api/v1/point-redemptions/verify",
             {.summary = "The clerk verifies a redemption's code and hands the reward over (once)",
              .tag = "points",
              .permission = "points:redemption:verify",
              .request = schema::object({schema::req("code", schema::str(10, 10))}, schema::closed),
              .response = schema::ref("PointRedemption"),
              .statuses = {200, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"code"});
               std::string code = json::get_string(body, "code", 20);
               std::erase(code, ' ');
               if (code.size() != 10 || code.find_first_not_of("0123456789") != std::string::npos)
                 throw_validation("code", "the 10 digits the holder shows", "应为兑换人出示的 10 位数字");
               Redemption d;
               db_.write([&](storage::Tx& tx) { d = verify(tx, ctx, code); });
               return json::respond(200, redemption_json(d, false));
             });

  router.add("POST", "/api/v1/point-redemptions/{id}/cancel",
             {.summary = "Cancel a redemption not yet handed over: the points and the unit come back",
              .tag = "points",
              .request = schema::object({schema::opt("reason", schema::str(500))}, schema::closed),
              .response = schema::ref("PointRedemption"),
              .statuses = {200, 403, 404, 409}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"reason"});
               std::string reason = json::opt_string(body, "reason", 500, 0).value_or("");
               Redemption d;
               db_.write([&](storage::Tx& tx) { d = cancel(tx, ctx, id, reason); });
               return json::respond(200, redemption_json(d, false));
             });
}

}  // namespace wangge::points
