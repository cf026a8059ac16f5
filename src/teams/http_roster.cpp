// Routes of the roster: add an entry to a grid's or community's team, list the entries the
// caller reads (by node, post, active or ended: the history), read, change and end one.
#include "core/dates.h"
#include "core/error.h"
#include "core/paging.h"
#include "teams/service.h"
#include "teams/store.h"
#include "territory/service.h"

namespace wangge::teams {
namespace {

schema::value member_body(bool creating) {
  using namespace schema;
  std::vector<Field> f;
  if (creating) {
    f = {req("region_code", describe(str(24, 1), "a grid or a community")), req("post", enumeration(kPosts)),
         req("name", str(50, 1)), opt("since", describe(nullable(date()), "began on (default: today)"))};
  } else {
    f = {req("version", integer(1)), opt("name", str(50, 1))};
  }
  for (auto& x :
       std::vector<Field>{opt("phone", describe(nullable(str(20)), "a mobile or a landline; sealed, shown masked")),
                          opt("phone_public", describe(boolean(), "a published work phone: shown whole")),
                          opt("photo", describe(nullable(str(64, 64)), "attachment hash")),
                          opt("responsibility", describe(str(200), "分工: the buildings or households they serve")),
                          opt("username", describe(nullable(str(64)), "the account that takes calls and visits")),
                          opt("person_id", describe(nullable(id()), "their registry person")),
                          opt("on_duty", describe(boolean(), "值班: calls reach them first")),
                          opt("sort", describe(integer(0, 9999), "order on the board"))})
    f.push_back(std::move(x));
  return object(f, closed);
}

}  // namespace

void Service::register_roster_routes(http::Router& router) {
  using namespace schema;
  router.add("POST", "/api/v1/team-members",
             {.summary = "Add an entry to a grid's or community's team (网格小组) for a post",
              .tag = "teams",
              .permission = "teams:roster:write",
              .request = member_body(true),
              .response = ref("TeamMember"),
              .statuses = {201, 403, 409, 422}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"region_code", "post", "name", "since", "phone", "phone_public", "photo",
                                       "responsibility", "username", "person_id", "on_duty", "sort"});
               MemberInput in;
               in.m.region_code = json::get_string(body, "region_code", 24);
               in.m.post = json::one_of(body, "post", kPosts);
               in.m.name = json::get_string(body, "name", 50);
               std::string today = format_day(calendar_.day_of(storage::now_ms()));
               in.m.since = dates::body_day(body, "since", today, today);
               in.phone = json::opt_string(body, "phone", 20);
               in.m.phone_public = json::opt_bool(body, "phone_public").value_or(false);
               in.photo = json::opt_string(body, "photo", 64, 64);
               in.m.responsibility = json::opt_string(body, "responsibility", 200).value_or("");
               in.username = json::opt_string(body, "username", 64);
               in.m.person_id = json::opt_int(body, "person_id");
               in.m.on_duty = json::opt_bool(body, "on_duty").value_or(false);
               in.m.sort = json::opt_int(body, "sort").value_or(0);
               if (in.m.sort < 0 || in.m.sort > 9999) throw_validation("sort", "0-9999", "应为 0 至 9999");
               Member m;
               db_.write([&](storage::Tx& tx) { m = add_member(tx, ctx, std::move(in)); });
               return json::respond(201, member_json(m));
             });

  router.add("GET", "/api/v1/team-members",
             {.summary = "Team entries the caller reads: by node, post, active or ended (the history), newest first",
              .tag = "teams",
              .permission = "teams:roster:read",
              .query = {{"region", "a node within the scope: its entries and those under it"},
                        {"post", "one of the posts"},
                        {"active", "true (default), false (ended ones) or all"},
                        {"cursor", "next_cursor of the previous page"},
                        {"limit", "1-200, default 50"}},
              .response = page_of(ref("TeamMember")),
              .statuses = {200, 400, 403, 404}},
             [this](Context& ctx) {
               const auto& req = ctx.req();
               auto scoped = territory_.scoped_region(ctx, "teams:roster:read");
               store::MemberFilter f;
               f.within = f.line = scoped.scope;
               f.region_path = scoped.path;
               if (auto p = req.query_param("post")) {
                 if (!find_post(*p)) throw Error("invalid_query", "post", "one of the posts", "应为网格小组的岗位之一");
                 f.post = *p;
               }
               std::string active = req.query_param("active").value_or("true");
               if (active == "true")
                 f.status = "active";
               else if (active == "false")
                 f.status = "ended";
               else if (active != "all")
                 throw Error("invalid_query", "active", "true, false or all", "应为 true、false 或 all");
               f.before_id = paging::id_cursor(req);
               int limit = paging::limit(req, 200, 50);
               f.limit = limit + 1;
               json::object page;
               db_.read([&](storage::Tx& tx) {
                 page = paging::page(
                     store::members(tx, f), limit, [&](const Member& m) { return member_json(m); },
                     [](const Member& m) { return std::to_string(m.id); });
               });
               return json::respond(200, page);
             });

  router.add("GET", "/api/v1/team-members/{id}",
             {.summary = "A team entry (ended ones too)",
              .tag = "teams",
              .permission = "teams:roster:read",
              .response = ref("TeamMember"),
              .statuses = {200, 403, 404}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               Member m;
               db_.read([&](storage::Tx& tx) { m = readable_member(tx, ctx, id); });
               return json::respond(200, member_json(m));
             });

  router.add("PATCH", "/api/v1/team-members/{id}",
             {.summary = "Change an active entry: name, phone, photo, responsibility, duty, order, account or person",
              .tag = "teams",
              .permission = "teams:roster:write",
              .request = member_body(false),
              .response = ref("TeamMember"),
              .statuses = {200, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"version", "name", "phone", "phone_public", "photo", "responsibility",
                                       "username", "person_id", "on_duty", "sort"});
               Member m;
               db_.write([&](storage::Tx& tx) { m = update_member(tx, ctx, id, body); });
               return json::respond(200, member_json(m));
             });

  router.add("POST", "/api/v1/team-members/{id}/end",
             {.summary = "End an entry (离任), with the reason; the households in its care are released",
              .tag = "teams",
              .permission = "teams:roster:write",
              .request = object({req("reason", str(500, 1)), opt("until", describe(date(), "default: today"))}, closed),
              .response = ref("TeamMember"),
              .statuses = {200, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"reason", "until"});
               auto reason = json::get_string(body, "reason", 500);
               std::string today = format_day(calendar_.day_of(storage::now_ms()));
               auto until = dates::body_day(body, "until", today, today);
               Member m;
               db_.write([&](storage::Tx& tx) { m = end_member(tx, ctx, id, reason, until); });
               return json::respond(200, member_json(m));
             });
}

}  // namespace wangge::teams
