// Routes of members: add one to an organisation, list them (by node, organisation, kind,
// post, current or not, name), read one with its history and pledges, change it, end the
// stay, transfer it, unmask a phone (audited), and the caller's own memberships.
#include "core/dates.h"
#include "core/error.h"
#include "core/flow.h"
#include "core/paging.h"
#include "party/http_query.h"
#include "party/service.h"
#include "party/store.h"
#include "territory/service.h"

namespace wangge::party {
namespace {

schema::value member_version_field() {
  return schema::describe(schema::integer(1), "the version acted on (or send If-Match)");
}

}  // namespace

void Service::register_member_routes(http::Router& router) {
  using namespace schema;
  router.add(
      "POST", "/api/v1/party-orgs/{id}/members",
      {.summary = "Add a member to an organisation: a regular member (a registry person living within its node) or "
                  "an in-service member reporting to it (双报到)",
       .tag = "party",
       .permission = "party:member:write",
       .request = object(
           {opt("kind", enumeration(kKinds)), opt("person_id", describe(id(), "required for a regular member")),
            opt("name", describe(str(50, 1), "an in-service member without a registry person")),
            opt("phone", describe(str(30, 1), "required without a registry person; sealed, shown masked")),
            opt("post", enumeration(kPosts)), opt("home_unit", describe(str(100), "an in-service member's work unit")),
            opt("home_org_name", str(100)), opt("joined_party_on", date()),
            opt("joined_on", describe(date(), "into this organisation (default today)")),
            opt("username", describe(str(64), "the member's account: adds and fulfils their own pledges"))},
           closed),
       .response = ref("PartyMember"),
       .statuses = {201, 403, 404, 409, 422}},
      [this](Context& ctx) {
        auto org_id = json::path_id(ctx.req(), "id");
        auto body = json::parse_body(ctx.req());
        json::allow_only(body, {"kind", "person_id", "name", "phone", "post", "home_unit", "home_org_name",
                                "joined_party_on", "joined_on", "username"});
        NewMember in;
        in.kind = json::one_of(body, "kind", kKinds, "regular");
        in.person_id = json::opt_int(body, "person_id");
        in.name = json::opt_string(body, "name", 50).value_or("");
        in.phone = json::opt_string(body, "phone", 30).value_or("");
        in.post = json::one_of(body, "post", kPosts, "member");
        in.home_unit = json::opt_string(body, "home_unit", 100).value_or("");
        in.home_org_name = json::opt_string(body, "home_org_name", 100).value_or("");
        const std::string day = today();
        auto party_day = dates::body_day(body, "joined_party_on", "", day);
        if (!party_day.empty()) in.joined_party_on = party_day;
        auto joined = dates::body_day(body, "joined_on", "", day);
        if (!joined.empty()) in.joined_on = joined;
        if (auto u = json::opt_string(body, "username", 64); u && !u->empty()) in.username = *u;
        Member m;
        db_.write([&](storage::Tx& tx) { m = add_member(tx, ctx, org_id, in); });
        return json::respond(201, member_json(m, ctx.user().user_id));
      });

  router.add("GET", "/api/v1/party-members",
             {.summary = "Members within the caller's scope, newest first",
              .tag = "party",
              .permission = "party:member:read",
              .query = {{"region", "a node within the scope: members of organisations at it or under it"},
                        {"org_id", "one organisation's"},
                        {"kind", "regular or in_service"},
                        {"post", "secretary, deputy_secretary, committee_member, group_leader or member"},
                        {"active", "true (default): current stays; false: ended ones; all: both"},
                        {"q", "part of the name"},
                        {"cursor", "next_cursor of the previous page"},
                        {"limit", "1-200, default 50"}},
              .response = page_of(ref("PartyMember")),
              .statuses = {200, 400, 403, 404}},
             [this](Context& ctx) {
               const auto& req = ctx.req();
               auto scoped = territory_.scoped_region(ctx, "party:member:read");
               store::MemberFilter f;
               f.within = scoped.scope;
               f.under = scoped.path;
               if (auto o = req.query_param("org_id")) {
                 f.org_id = json::parse_id(*o);
                 if (!f.org_id) throw Error("invalid_query", "org_id", "an id", "应为编号");
               }
               f.kind = query_enum(req, "kind", kKinds);
               f.post = query_enum(req, "post", kPosts);
               std::string active(req.query_param("active").value_or("true"));
               if (active == "true" || active == "false")
                 f.active = active == "true";
               else if (active != "all")
                 throw Error("invalid_query", "active", "true, false or all", "应为 true、false 或 all");
               if (auto q = req.query_param("q")) f.q = std::string(*q);
               f.before_id = paging::id_cursor(req);
               int limit = paging::limit(req, 200, 50);
               f.limit = limit + 1;
               json::object page;
               const std::int64_t me = ctx.user().user_id;
               db_.read([&](storage::Tx& tx) {
                 auto rows = store::members(tx, f);
                 page = paging::page(
                     rows, limit, [&](const Member& m) { return member_json(m, me); },
                     [](const Member& m) { return std::to_string(m.id); });
               });
               return json::respond(200, page);
             });

  router.add("GET", "/api/v1/party-members/{id}",
             {.summary = "A member's stay with the person's other stays the caller may read, and its pledges",
              .tag = "party",
              .permission = "party:member:read",
              .response = all_of(
                  {ref("PartyMember"),
                   object({req("history", array(ref("PartyMember"))), req("pledges_list", array(ref("PartyPledge"))),
                           req("writes", describe(boolean(), "may change, end or transfer it")),
                           req("acts", describe(boolean(), "may add and close its pledges"))})}),
              .statuses = {200, 403, 404}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               const std::int64_t me = ctx.user().user_id;
               json::object out;
               db_.read([&](storage::Tx& tx) {
                 auto m = readable_member(tx, ctx, id);
                 out = member_json(m, me);
                 json::array history, pledges;
                 for (const auto& h : store::history(tx, m))
                   if ((h.user_id && *h.user_id == me) || ctx.user().can("party:member:read", h.region_path))
                     history.push_back(member_json(h, me));
                 store::PledgeFilter pf;
                 pf.within = {"/"};
                 pf.member_id = id;
                 pf.limit = 200;
                 auto rows = store::pledges(tx, pf);
                 auto who = closers(tx, rows);
                 for (const auto& p : rows) pledges.push_back(pledge_json(p, me, who));
                 out["history"] = std::move(history);
                 out["pledges_list"] = std::move(pledges);
                 out["writes"] = ctx.user().can("party:member:write", m.region_path);
                 out["acts"] = m.active() && acts_for(ctx, m);
               });
               return json::respond(200, out);
             });
}

void Service::register_member_step_routes(http::Router& router) {
  using namespace schema;
  router.add(
      "PATCH", "/api/v1/party-members/{id}",
      {.summary = "Change a current member's post, units, party date, phone, name (without a person) or account",
       .tag = "party",
       .permission = "party:member:write",
       .request = object({opt("version", member_version_field()), opt("post", enumeration(kPosts)),
                          opt("home_unit", str(100)), opt("home_org_name", str(100)),
                          opt("joined_party_on", nullable(date())), opt("name", str(50, 1)), opt("phone", str(30, 1)),
                          opt("username", describe(nullable(str(64)), "null or \"\": unlinks the account"))},
                         closed),
       .response = ref("PartyMember"),
       .statuses = {200, 403, 404, 409, 422, 428}},
      [this](Context& ctx) {
        auto id = json::path_id(ctx.req(), "id");
        auto body = json::parse_body(ctx.req());
        json::allow_only(
            body, {"version", "post", "home_unit", "home_org_name", "joined_party_on", "name", "phone", "username"});
        Member m;
        db_.write([&](storage::Tx& tx) { m = update_member(tx, ctx, id, body); });
        return json::respond(200, member_json(m, ctx.user().user_id));
      });

  router.add("POST", "/api/v1/party-members/{id}/leave",
             {.summary = "End a member's stay, with the reason (their active pledges are withdrawn)",
              .tag = "party",
              .permission = "party:member:write",
              .request = object({opt("version", member_version_field()), req("reason", enumeration(kLeaveReasons)),
                                 opt("left_on", describe(date(), "default today")), opt("note", str(500))},
                                closed),
              .response = ref("PartyMember"),
              .statuses = {200, 403, 404, 409, 422, 428}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"version", "reason", "left_on", "note"});
               auto reason = json::one_of(body, "reason", kLeaveReasons);
               auto day = dates::body_day(body, "left_on", "", today());
               auto note = json::opt_string(body, "note", 500).value_or("");
               auto version = flow::expected_version(ctx, body);
               Member m;
               db_.write([&](storage::Tx& tx) {
                 m = leave(tx, ctx, id, version, day.empty() ? std::nullopt : std::optional<std::string>(day), reason,
                           note);
               });
               return json::respond(200, member_json(m, ctx.user().user_id));
             });

  router.add("POST", "/api/v1/party-members/{id}/transfer",
             {.summary = "Transfer a member to another organisation (组织关系转接): this stay ends, the next opens, in "
                         "one step; both organisations within the caller's scope",
              .tag = "party",
              .permission = "party:member:write",
              .request = object({opt("version", member_version_field()), req("org_id", id()),
                                 opt("on", describe(date(), "default today")),
                                 opt("post", describe(enumeration(kPosts), "in the new organisation (default member)")),
                                 opt("note", str(500))},
                                closed),
              .response = describe(ref("PartyMember"), "the new stay"),
              .statuses = {200, 403, 404, 409, 422, 428}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"version", "org_id", "on", "post", "note"});
               auto to = json::get_int(body, "org_id");
               auto day = dates::body_day(body, "on", "", today());
               std::optional<std::string> post;
               if (body.contains("post")) post = json::one_of(body, "post", kPosts);
               auto note = json::opt_string(body, "note", 500).value_or("");
               auto version = flow::expected_version(ctx, body);
               Member m;
               db_.write([&](storage::Tx& tx) {
                 m = transfer(tx, ctx, id, version, to, day.empty() ? std::nullopt : std::optional<std::string>(day),
                              post, note);
               });
               return json::respond(200, member_json(m, ctx.user().user_id));
             });

  router.add("POST", "/api/v1/party-members/{id}/unmask",
             {.summary = "A member's full phone, for a stated reason (audited)",
              .tag = "party",
              .permission = "party:member:write",
              .request = object({req("reason", str(200, 2))}, closed),
              .response = object({req("id", id()), req("phone", describe(str(), "\"\" when none was given"))}),
              .statuses = {200, 403, 404, 422}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"reason"});
               auto reason = json::get_string(body, "reason", 200, 2);
               std::string phone;
               db_.write([&](storage::Tx& tx) { phone = unmask_phone(tx, ctx, id, reason); });
               return json::respond(200, json::object{{"id", id}, {"phone", phone}});
             });

  router.add(
      "GET", "/api/v1/my/party",
      {.summary = "The caller's own current memberships (the stays linked to their account) with their pledges",
       .tag = "party",
       .permission = "party:member:read",
       .response = object({req(
           "items", array(all_of({ref("PartyMember"), object({req("pledges_list", array(ref("PartyPledge")))})})))}),
       .statuses = {200, 403}},
      [this](Context& ctx) {
        const std::int64_t me = ctx.user().user_id;
        json::array items;
        db_.read([&](storage::Tx& tx) {
          store::MemberFilter f;
          f.within = {"/"};
          f.user_id = me;
          f.active = true;
          f.limit = 20;
          for (const auto& m : store::members(tx, f)) {
            auto item = member_json(m, me);
            store::PledgeFilter pf;
            pf.within = {"/"};
            pf.member_id = m.id;
            pf.limit = 200;
            json::array pledges;
            auto rows = store::pledges(tx, pf);
            auto who = closers(tx, rows);
            for (const auto& p : rows) pledges.push_back(pledge_json(p, me, who));
            item["pledges_list"] = std::move(pledges);
            items.push_back(std::move(item));
          }
        });
        return json::respond(200, json::object{{"items", std::move(items)}});
      });
}

}  // namespace wangge::party
