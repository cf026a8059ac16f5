// Routes of micro-wishes (微心愿): post or collect one (under its Idempotency-Key), list
// them by whose view (the community's review list, mine, claimed by me, the wall of a
// place), read one (whole, or the wall's view with the wisher masked) with the steps the
// caller may take, and one POST per row of the wish table.
#include <algorithm>

#include "core/crypto.h"
#include "core/error.h"
#include "core/flow.h"
#include "core/idempotency.h"
#include "core/paging.h"
#include "services/service.h"
#include "services/store.h"
#include "territory/service.h"

namespace wangge::services {
namespace {

schema::value wish_create_schema() {
  using namespace schema;
  return object({req("region_code", describe(str(24, 1), "the community, grid or unit the wisher lives in")),
                 req("title", describe(str(100, 1), "the wish: concrete, immediate, feasible (具体、即时、易落实)")),
                 opt("detail", str(2000)),
                 opt("channel", describe(enumeration(kWishChannels),
                                         "self (default: the resident's own wish), or how a grid worker collected it: "
                                         "visit, phone, box (needs services:wish:collect)")),
                 opt("wisher_name", describe(str(50), "required when collected for someone")),
                 opt("phone", describe(str(20), "sealed at rest"))},
                closed);
}

std::string_view wish_permission_of(WishActor actor) {
  switch (actor) {
    case WishActor::reviewer:
      return "services:wish:review";
    case WishActor::claimer:
    case WishActor::candidate:
      return "services:wish:claim";
    case WishActor::wisher:
      return "services:wish:create";
  }
  return "";
}

}  // namespace

void Service::register_wish_routes(http::Router& router) {
  router.add("POST", "/api/v1/wishes",
             {.summary = "Post a micro-wish (微心愿), or collect one for a resident",
              .tag = "services",
              .permission = "services:wish:create",
              .request = wish_create_schema(),
              .response = schema::ref("ServiceWish"),
              .statuses = {201, 403, 422}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"region_code", "title", "detail", "channel", "wisher_name", "phone"});
               Wish w;
               w.region_code = json::get_string(body, "region_code", 24);
               w.title = json::get_string(body, "title", 100);
               w.detail = json::opt_string(body, "detail", 2000, 0).value_or("");
               w.channel = json::one_of(body, "channel", kWishChannels, "self");
               w.wisher_name = json::opt_string(body, "wisher_name", 50, 0).value_or("");
               if (auto phone = json::opt_string(body, "phone", 20); phone && !phone->empty()) {
                 if (!valid_phone(*phone))
                   throw_validation("phone", "an 11-digit mobile or a landline with area code",
                                    "应为 11 位手机号或带区号的固话");
                 w.phone_sealed = crypto_.seal(normalize_phone(*phone));
                 w.phone_masked = mask_phone(normalize_phone(*phone));
               }
               std::optional<Wish> done;
               return idempotency::run(
                   db_, ctx, [&](storage::Tx& tx) { done = create_wish(tx, ctx, w); },
                   [&] {
                     json::object out;
                     db_.read([&](storage::Tx& tx) { out = wish_json(tx, ctx, *done, false); });
                     return idempotency::Reply{201, json::to_text(out)};
                   });
             });

  router.add(
      "GET", "/api/v1/wishes",
      {.summary = "Wishes: the community's list, mine (posted or collected), claimed by me, or the wall of a place",
       .tag = "services",
       .query = {{"view",
                  "community (within the caller's scope; the default for its staff), mine (the default for others), "
                  "claimed (by me), wall (published wishes of a place, the wisher masked)"},
                 {"region", "community: a node within the scope; wall: the place (default: the caller's first)"},
                 {"status", "comma-separated states"},
                 {"cursor", "next_cursor of the previous page"},
                 {"limit", "1-200, default 50"}},
       .response = schema::page_of(schema::ref("ServiceWish")),
       .statuses = {200, 400, 403, 404}},
      [this](Context& ctx) {
        const auto& req = ctx.req();
        const Principal& u = ctx.user();
        const bool staff = u.can_somewhere("services:wish:review") || u.can_somewhere("services:wish:read");
        std::string view(req.query_param("view").value_or(staff ? "community" : "mine"));
        store::WishFilter f;
        if (view == "mine") {
          f.wisher_or_collector = u.user_id;
        } else if (view == "claimed") {
          f.claimer_id = u.user_id;
        } else if (view == "wall") {
          std::string path;
          if (auto code = req.query_param("region")) {
            path = territory_.path_of(*code);
            if (!reaches_wall(u, path))
              throw Error("forbidden", "region", "outside your territory", "超出您的管辖范围");
          } else {
            for (auto p : {"services:wish:claim", "services:wish:create"}) {
              auto s = u.scope(p);
              if (path.empty() && !s.empty()) path = s.front();
            }
          }
          if (path.empty()) throw_validation("region", "the place whose wall to show", "请选择区域");
          f.wall_path = path;
        } else if (view == "community") {
          for (auto p : {"services:wish:review", "services:wish:read", "services:wish:collect"}) {
            auto more = u.scope(p);
            f.scope_paths.insert(f.scope_paths.end(), more.begin(), more.end());
          }
          if (f.scope_paths.empty()) throw Error("forbidden", {}, "no wishes to oversee", "您没有管理心愿的权限");
          if (auto code = req.query_param("region")) {
            f.region_path = territory_.path_of(*code);
            bool inside = false;
            for (const auto& s : f.scope_paths) inside = inside || f.region_path->rfind(s, 0) == 0;
            if (!inside) throw Error("forbidden", "region", "outside your territory", "超出您的管辖范围");
          }
        } else {
          throw_validation("view", "community, mine, claimed or wall", "应为 community、mine、claimed 或 wall");
        }
        if (auto s = req.query_param("status")) {
          for (auto& st : json::split_list(*s)) {
            if (std::find(std::begin(kWishStates), std::end(kWishStates), st) == std::end(kWishStates))
              throw_validation("status", "states of the wish table", "应为心愿状态");
            f.statuses.push_back(st);
          }
        }
        f.before_id = paging::id_cursor(req);
        int limit = paging::limit(req, 200, 50);
        f.limit = limit + 1;
        json::object page;
        db_.read([&](storage::Tx& tx) {
          auto rows = store::wishes(tx, f);
          territory::NameCache places(territory_);
          {
            std::vector<std::string> codes;
            for (const auto& x : rows) codes.push_back(x.region_code);
            places.prime(std::move(codes));
          }
          page = paging::page(
              rows, limit,
              [&](const Wish& w) { return render_wish(w, can_read_whole(u, w), {}, places(w.region_code)); },
              [](const Wish& w) { return std::to_string(w.id); });
        });
        return json::respond(200, page);
      });

  router.add("GET", "/api/v1/wishes/{id}",
             {.summary = "A wish with its timeline (for those who see it whole) and the steps the caller may take",
              .tag = "services",
              .response = schema::ref("ServiceWishDetail"),
              .statuses = {200, 404}},
             [this](Context& ctx) {
               std::int64_t id = json::path_id(ctx.req(), "id");
               json::object out;
               db_.read([&](storage::Tx& tx) {
                 auto w = store::wish(tx, id);
                 if (!w || (!can_read_whole(ctx.user(), *w) && !on_wall_of(ctx.user(), *w)))
                   throw_not_found("no wish " + std::to_string(id), "心愿不存在");
                 out = wish_json(tx, ctx, *w, true);
               });
               return json::respond(200, out);
             });

  for (const auto& t : wish_transitions()) {
    router.add("POST", "/api/v1/wishes/{id}/" + std::string(t.action),
               {.summary = std::string(t.name_en) + " (" + std::string(t.name_zh) + ")",
                .tag = "services",
                .permission = std::string(wish_permission_of(t.actor)),
                .request = wish_step_input(t),
                .response = schema::ref("ServiceWish"),
                .statuses = {200, 403, 404, 409, 422, 428}},
               [this, &t](Context& ctx) {
                 auto body = json::parse_body(ctx.req());
                 std::int64_t version = flow::expected_version(ctx, body);
                 std::int64_t id = json::path_id(ctx.req(), "id");
                 std::optional<Wish> done;
                 return idempotency::run(
                     db_, ctx, [&](storage::Tx& tx) { done = act_on_wish(tx, ctx, id, t, version, body); },
                     [&] {
                       json::object out;
                       db_.read([&](storage::Tx& tx) { out = wish_json(tx, ctx, *done, false); });
                       return idempotency::Reply{200, json::to_text(out)};
                     });
               });
  }
}

}  // namespace wangge::services
