// Routes of councils: create and change one, list those the caller reaches (a resident
// sees their grid's, community's, town's and county's), read one with its members, and
// add or end a member's stay.
#include "core/error.h"
#include "deliberation/service.h"
#include "deliberation/store.h"

namespace wangge::deliberation {

void Service::register_council_routes(http::Router& router) {
  using namespace schema;
  router.add("POST", "/api/v1/councils",
             {.summary = "Set up a council (协商议事会) at a county, town, community or grid",
              .tag = "deliberation",
              .permission = "deliberation:council:write",
              .request = object(
                  {req("region_code", str(24, 1)), req("name", str(100, 1)), opt("description", str(2000))}, closed),
              .response = ref("Council"),
              .statuses = {201, 403, 409, 422}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"region_code", "name", "description"});
               Council c;
               c.region_code = json::get_string(body, "region_code", 24);
               c.name = json::get_string(body, "name", 100);
               c.description = json::opt_string(body, "description", 2000).value_or("");
               db_.write([&](storage::Tx& tx) { c = create_council(tx, ctx, c); });
               return json::respond(201, council_json(c));
             });

  router.add("GET", "/api/v1/councils",
             {.summary = "Councils the caller reaches: within their scope, and those above their place",
              .tag = "deliberation",
              .permission = "deliberation:topic:read",
              .response = object({req("items", array(ref("Council")))}),
              .statuses = {200, 403}},
             [this](Context& ctx) {
               auto scope = ctx.user().scope("deliberation:topic:read");
               json::array items;
               db_.read([&](storage::Tx& tx) {
                 for (const auto& c : store::councils(tx, scope, scope, 500)) items.push_back(council_json(c));
               });
               return json::respond(200, json::object{{"items", items}});
             });

  router.add("GET", "/api/v1/councils/{id}",
             {.summary = "A council with its members (all=true: with those who left)",
              .tag = "deliberation",
              .permission = "deliberation:topic:read",
              .query = {{"all", "true: every stay, also ended ones"}},
              .response = all_of({ref("Council"), object({req("members_list", array(ref("CouncilMember"))),
                                                          req("manages", boolean())})}),
              .statuses = {200, 403, 404}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               bool all = ctx.req().query_param("all").value_or("") == "true";
               json::object out;
               db_.read([&](storage::Tx& tx) {
                 auto c = store::council(tx, id);
                 if (!c || !can_read(ctx, c->region_path))
                   throw_not_found("no council " + std::to_string(id), "议事会 " + std::to_string(id) + " 不存在");
                 out = council_json(*c);
                 json::array ms;
                 for (const auto& m : store::members(tx, id, all)) ms.push_back(member_json(m));
                 out["members_list"] = ms;
                 out["manages"] = manages(ctx, c->region_path);
               });
               return json::respond(200, out);
             });

  router.add("PATCH", "/api/v1/councils/{id}",
             {.summary = "Change a council's name or description, or dissolve it (active=false)",
              .tag = "deliberation",
              .permission = "deliberation:council:write",
              .request = object({req("version", integer(1)), opt("name", str(100, 1)), opt("description", str(2000)),
                                 opt("active", boolean())},
                                closed),
              .response = ref("Council"),
              .statuses = {200, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"version", "name", "description", "active"});
               Council c;
               db_.write([&](storage::Tx& tx) { c = update_council(tx, ctx, id, body); });
               return json::respond(200, council_json(c));
             });

  router.add("POST", "/api/v1/councils/{id}/members",
             {.summary = "Add a member to a council, for a group (the 1+7+X bodies) and a post",
              .tag = "deliberation",
              .permission = "deliberation:council:write",
              .request = object({req("group", enumeration(kGroups)), opt("post", enumeration(kPosts)),
                                 req("name", str(50, 1)), opt("unit", str(100)),
                                 opt("username", describe(str(64), "the account they log in with (votes online)")),
                                 opt("person_id", describe(id(), "their registry person"))},
                                closed),
              .response = ref("CouncilMember"),
              .statuses = {201, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"group", "post", "name", "unit", "username", "person_id"});
               Member m;
               m.group = json::one_of(body, "group", kGroups);
               m.post = json::one_of(body, "post", kPosts, "member");
               m.name = json::get_string(body, "name", 50);
               m.unit = json::opt_string(body, "unit", 100).value_or("");
               m.person_id = json::opt_int(body, "person_id");
               auto username = json::opt_string(body, "username", 64);
               db_.write([&](storage::Tx& tx) { m = add_member(tx, ctx, id, m, username); });
               return json::respond(201, member_json(m));
             });

  router.add("POST", "/api/v1/council-members/{id}/leave",
             {.summary = "End a member's stay on a council, with the reason",
              .tag = "deliberation",
              .permission = "deliberation:council:write",
              .request = object({req("reason", str(500, 1))}, closed),
              .response = ref("CouncilMember"),
              .statuses = {200, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"reason"});
               auto reason = json::get_string(body, "reason", 500);
               Member m;
               db_.write([&](storage::Tx& tx) { m = remove_member(tx, ctx, id, reason); });
               return json::respond(200, member_json(m));
             });
}

}  // namespace wangge::deliberation
