// Routes of teams: set one up at a node, list those on the caller's line, read one with its
// members (all=true: with those who left), change or disband it, add a member, end a
// member's stay with the reason.
#include "core/dates.h"
#include "core/error.h"
#include "core/paging.h"
#include "emergency/http_common.h"
#include "emergency/service.h"
#include "emergency/store.h"
#include "territory/service.h"

namespace wangge::emergency {

void Service::register_team_routes(http::Router& router) {
  using namespace schema;
  router.add("POST", "/api/v1/emergency-teams",
             {.summary = "Set up a team at a node: patrol (网格巡逻队), rescue, medical, volunteer or militia",
              .tag = "emergency",
              .permission = "emergency:drill:organise",
              .request = object({req("region_code", str(24, 1)), req("kind", enumeration(kTeamKinds)),
                                 req("name", str(100, 1)), opt("note", str(2000))},
                                closed),
              .response = ref("EmergencyTeam"),
              .statuses = {201, 403, 409, 422}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"region_code", "kind", "name", "note"});
               Team t;
               t.region_code = json::get_string(body, "region_code", 24);
               t.kind = json::one_of(body, "kind", kTeamKinds);
               t.name = json::get_string(body, "name", 100);
               t.note = json::opt_string(body, "note", 2000).value_or("");
               db_.write([&](storage::Tx& tx) { t = create_team(tx, ctx, t); });
               return json::respond(201, team_json(t));
             });

  router.add("GET", "/api/v1/emergency-teams",
             {.summary = "Teams on the caller's line, with their current members' count and leader",
              .tag = "emergency",
              .permission = "emergency:plan:read",
              .query = {{"region", "a node within the scope: its teams and those under it"},
                        {"kind", "patrol, rescue, medical, volunteer or militia"},
                        {"active", "true: only teams not disbanded"},
                        {"cursor", "next_cursor of the previous page"},
                        {"limit", "1-100, default 50"}},
              .response = page_of(ref("EmergencyTeam")),
              .statuses = {200, 400, 403, 404}},
             [this](Context& ctx) {
               const auto& req = ctx.req();
               store::TeamFilter f;
               f.reach = web::reach_of(ctx, territory_, "emergency:plan:read");
               f.kind = web::query_one_of(req, "kind", kTeamKinds);
               f.active_only = req.query_param("active").value_or("") == "true";
               f.before_id = paging::id_cursor(req);
               int limit = paging::limit(req, 100, 50);
               f.limit = limit + 1;
               json::object page;
               db_.read([&](storage::Tx& tx) {
                 page = paging::page(
                     store::teams(tx, f), limit, [&](const Team& t) { return team_json(t); },
                     [](const Team& t) { return std::to_string(t.id); });
               });
               return json::respond(200, page);
             });

  router.add("GET", "/api/v1/emergency-teams/{id}",
             {.summary = "A team with its members (phones masked; all=true: with those who left)",
              .tag = "emergency",
              .permission = "emergency:plan:read",
              .query = {{"all", "true: every stay, also ended ones"}},
              .response = all_of({ref("EmergencyTeam"), object({req("members_list", array(ref("EmergencyMember"))),
                                                                req("organises", boolean())})}),
              .statuses = {200, 403, 404}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               bool all = ctx.req().query_param("all").value_or("") == "true";
               json::object out;
               db_.read([&](storage::Tx& tx) {
                 auto t = readable_team(tx, ctx, id);
                 auto people = store::members(tx, id, all);
                 std::vector<std::int64_t> accounts;
                 for (const auto& m : people)
                   if (m.user_id) accounts.push_back(*m.user_id);
                 auto who = names(tx, accounts);
                 json::array list;
                 for (const auto& m : people) list.push_back(member_json(m, who));
                 out = team_json(t);
                 out["members_list"] = std::move(list);
                 out["organises"] = organises(ctx, t.region_path);
               });
               return json::respond(200, out);
             });

  router.add(
      "PATCH", "/api/v1/emergency-teams/{id}",
      {.summary = "Change a team's name, kind or note, or disband it (active=false)",
       .tag = "emergency",
       .permission = "emergency:drill:organise",
       .request = object({req("version", integer(1)), opt("name", str(100, 1)), opt("kind", enumeration(kTeamKinds)),
                          opt("note", str(2000)), opt("active", boolean())},
                         closed),
       .response = ref("EmergencyTeam"),
       .statuses = {200, 403, 404, 409, 422}},
      [this](Context& ctx) {
        auto id = json::path_id(ctx.req(), "id");
        auto body = json::parse_body(ctx.req());
        json::allow_only(body, {"version", "name", "kind", "note", "active"});
        json::object out;
        db_.write([&](storage::Tx& tx) {
          update_team(tx, ctx, id, body);
          out = team_json(*store::team(tx, id));
        });
        return json::respond(200, out);
      });

  router.add(
      "POST", "/api/v1/emergency-teams/{id}/members",
      {.summary = "Add a member to a team: name, phone (sealed), the account they log in with, leader or member",
       .tag = "emergency",
       .permission = "emergency:drill:organise",
       .request = object({req("name", str(50, 1)), opt("phone", describe(str(20), "sealed at rest, shown masked")),
                          opt("username", describe(str(64),
                                                   "their account: checks in, receives alerts; it must work "
                                                   "or live on the line of the team's node")),
                          opt("role", enumeration(kMemberRoles)),
                          opt("since", describe(date(), "the day they joined (default: today)"))},
                         closed),
       .response = ref("EmergencyMember"),
       .statuses = {201, 403, 404, 409, 422}},
      [this](Context& ctx) {
        auto id = json::path_id(ctx.req(), "id");
        auto body = json::parse_body(ctx.req());
        json::allow_only(body, {"name", "phone", "username", "role", "since"});
        Member m;
        m.name = json::get_string(body, "name", 50);
        m.role = json::one_of(body, "role", kMemberRoles, "member");
        std::string today = format_day(calendar_.day_of(storage::now_ms()));
        m.since = dates::body_day(body, "since", today, today);
        auto phone = json::opt_string(body, "phone", 20);
        auto username = json::opt_string(body, "username", 64);
        json::object out;
        db_.write([&](storage::Tx& tx) {
          m = add_member(tx, ctx, id, m, phone, username);
          out = member_json(m, m.user_id ? names(tx, {*m.user_id}) : std::map<std::int64_t, std::string>{});
        });
        return json::respond(201, out);
      });

  router.add("POST", "/api/v1/emergency-members/{id}/leave",
             {.summary = "End a member's stay on a team, with the reason (and the day they left)",
              .tag = "emergency",
              .permission = "emergency:drill:organise",
              .request = object({req("reason", str(500, 1)), opt("until", describe(date(), "default: today"))}, closed),
              .response = ref("EmergencyMember"),
              .statuses = {200, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"reason", "until"});
               auto reason = json::get_string(body, "reason", 500);
               std::optional<std::string> until;
               if (body.contains("until")) {
                 std::string today = format_day(calendar_.day_of(storage::now_ms()));
                 until = dates::body_day(body, "until", today, today);
               }
               json::object out;
               db_.write([&](storage::Tx& tx) {
                 auto m = end_member(tx, ctx, id, reason, until);
                 out = member_json(m, m.user_id ? names(tx, {*m.user_id}) : std::map<std::int64_t, std::string>{});
               });
               return json::respond(200, out);
             });
}

}  // namespace wangge::emergency
