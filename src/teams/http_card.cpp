// Routes of what residents see: "my grid team" (the caller's grid and its team, with the
// community's team below it: two indexed reads), the call button's number (audited), and
// the printed board (公示牌, seed 001: "在楼口悬挂网格小组公示牌") of a grid or community.
#include "core/error.h"
#include "teams/service.h"
#include "teams/store.h"
#include "territory/service.h"

namespace wangge::teams {
namespace {

// The entries of `code` among `all`, as cards.
json::array cards_at(const Service& s, const std::vector<Member>& all, const std::string& code) {
  json::array out;
  for (const auto& m : all)
    if (m.region_code == code) out.push_back(s.card_json(m));
  return out;
}

}  // namespace

void Service::register_card_routes(http::Router& router) {
  using namespace schema;
  value team = object({req("grid_code", str()), req("grid_name", str()), req("community_code", str()),
                       req("community_name", str()), req("members", array(ref("TeamCardEntry"))),
                       req("community_members", array(ref("TeamCardEntry")))});
  router.add("GET", "/api/v1/me/grid-team",
             {.summary = "The caller's grid team (我的网格小组): their grid's entries by post and their "
                         "community's below them; phones masked unless published",
              .tag = "teams",
              .permission = "teams:card:read",
              .response = team,
              .statuses = {200, 403, 404}},
             [this](Context& ctx) {
               json::object out;
               db_.read([&](storage::Tx& tx) {
                 auto grid = caller_grid(tx, ctx);
                 if (!grid)
                   throw_not_found(
                       "you are not linked to a grid: ask your community to link your account to your household",
                       "您的账号尚未关联网格，请联系社区将账号与您的住户关联");
                 auto all = store::active_at(tx, {grid->grid_code, grid->community_code});
                 out = json::object{{"grid_code", grid->grid_code},
                                    {"grid_name", grid->grid_name},
                                    {"community_code", grid->community_code},
                                    {"community_name", grid->community_name},
                                    {"members", cards_at(*this, all, grid->grid_code)},
                                    {"community_members", cards_at(*this, all, grid->community_code)}};
               });
               return json::respond(200, out);
             });

  router.add("POST", "/api/v1/team-members/{id}/phone",
             {.summary = "A team entry's whole phone for the call button (tel:), to callers on its line; audited",
              .tag = "teams",
              .permission = "teams:card:read",
              .response = object({req("id", id()), req("phone", str()), req("tel", str())}),
              .statuses = {200, 403, 404}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               std::string phone;
               db_.write([&](storage::Tx& tx) { phone = reveal_phone(tx, ctx, id); });
               return json::respond(200, json::object{{"id", id}, {"phone", phone}, {"tel", "tel:" + phone}});
             });

  router.add(
      "GET", "/api/v1/regions/{code}/team-board",
      {.summary = "The printed board (公示牌) of a grid's or community's team: published phones whole, others masked",
       .tag = "teams",
       .permission = "teams:roster:read",
       .response = object(
           {req("region_code", str()), req("region_name", str()), req("level", enumeration(kRosterLevels)),
            req("title_zh", str()), req("title_en", str()), req("community_code", str()), req("community_name", str()),
            req("members", array(ref("TeamCardEntry"))), req("community_members", array(ref("TeamCardEntry"))),
            req("date", describe(date(), "the day it is printed"))}),
       .statuses = {200, 403, 404, 422}},
      [this](Context& ctx) {
        std::string code = ctx.req().param("code");
        auto region = territory_.find(code, false);
        if (!region) throw_not_found("no region with code " + code, "区域编码 " + code + " 不存在");
        ctx.require("teams:roster:read", region->path);
        if (region->level != "grid" && region->level != "community")
          throw_validation("code", "a grid or a community", "应为网格或社区");
        std::string community = region->level == "grid" ? code_at(region->path, kCommunityDigits) : code;
        territory::NameCache names(territory_);
        names.prime({code, community});
        json::object out;
        db_.read([&](storage::Tx& tx) {
          auto all = store::active_at(tx, {code, community});
          json::array below = region->level == "grid" ? cards_at(*this, all, community) : json::array{};
          out = json::object{{"region_code", code},
                             {"region_name", region->name},
                             {"level", region->level},
                             {"title_zh", region->name + "网格小组公示牌"},
                             {"title_en", "Grid team of " + region->name},
                             {"community_code", community},
                             {"community_name", names(community)},
                             {"members", cards_at(*this, all, code)},
                             {"community_members", below},
                             {"date", format_day(calendar_.day_of(storage::now_ms()))}};
        });
        return json::respond(200, out);
      });
}

}  // namespace wangge::teams
