// Routes of organisations: set one up, list those the caller reaches (their scope and the
// organisations above their place), read one, change it (If-Match or version), dissolve
// it, and the tree of a node.
#include <algorithm>
#include <map>

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

// The organisations of a node in tree order: each followed by its children (by level, then
// id), with its depth below the first organisation of its branch present.
std::vector<std::pair<const Org*, int>> party_tree_order(const std::vector<Org>& orgs) {
  std::map<std::int64_t, const Org*> by_id;
  for (const auto& o : orgs) by_id[o.id] = &o;
  std::map<std::int64_t, std::vector<const Org*>> children;
  std::vector<const Org*> roots;
  for (const auto& o : orgs) {
    if (o.parent_id && by_id.count(*o.parent_id))
      children[*o.parent_id].push_back(&o);
    else
      roots.push_back(&o);
  }
  auto order = [](const Org* a, const Org* b) {
    int ra = level_rank(a->level), rb = level_rank(b->level);
    return ra != rb ? ra < rb : a->id < b->id;
  };
  std::sort(roots.begin(), roots.end(), order);
  for (auto& [id, list] : children) std::sort(list.begin(), list.end(), order);
  std::vector<std::pair<const Org*, int>> out;
  std::vector<std::pair<const Org*, int>> stack;
  for (auto it = roots.rbegin(); it != roots.rend(); ++it) stack.emplace_back(*it, 0);
  while (!stack.empty()) {
    auto [o, depth] = stack.back();
    stack.pop_back();
    out.emplace_back(o, depth);
    auto c = children.find(o->id);
    if (c == children.end()) continue;
    for (auto it = c->second.rbegin(); it != c->second.rend(); ++it) stack.emplace_back(*it, depth + 1);
  }
  return out;
}

}  // namespace

void Service::register_org_routes(http::Router& router) {
  using namespace schema;
  router.add(
      "POST", "/api/v1/party-orgs",
      {.summary = "Set up a party organisation (党工委, 党委, 党总支, 网格党支部, 楼栋党小组) on a territory node",
       .tag = "party",
       .permission = "party:org:write",
       .request = object({req("region_code", str(24, 1)), req("level", enumeration(kLevels)), req("name", str(100, 1)),
                          opt("parent_id", describe(id(),
                                                    "required below a working committee, except at the top "
                                                    "node of the caller's scope")),
                          opt("building_id", describe(id(), "a group's building, in its grid")),
                          opt("secretary_name", str(50)), opt("founded_on", date())},
                         closed),
       .response = ref("PartyOrg"),
       .statuses = {201, 403, 409, 422}},
      [this](Context& ctx) {
        auto body = json::parse_body(ctx.req());
        json::allow_only(body,
                         {"region_code", "level", "name", "parent_id", "building_id", "secretary_name", "founded_on"});
        Org o;
        o.region_code = json::get_string(body, "region_code", 24);
        o.level = json::one_of(body, "level", kLevels);
        o.name = json::get_string(body, "name", 100);
        o.parent_id = json::opt_int(body, "parent_id");
        o.building_id = json::opt_int(body, "building_id");
        o.secretary_name = json::opt_string(body, "secretary_name", 50).value_or("");
        auto founded = dates::body_day(body, "founded_on", "", today());
        if (!founded.empty()) o.founded_on = founded;
        db_.write([&](storage::Tx& tx) { o = create_org(tx, ctx, o); });
        return json::respond(201, org_json(o));
      });

  router.add("GET", "/api/v1/party-orgs",
             {.summary = "Party organisations the caller reaches: within their scope, and those above their place",
              .tag = "party",
              .permission = "party:org:read",
              .query = {{"region", "a node within the scope: the organisations at it or under it"},
                        {"level", "working_committee, committee, general_branch, branch or group"},
                        {"status", "active (default) or dissolved; all: both"},
                        {"parent_id", "the children of an organisation"},
                        {"q", "words in the name"},
                        {"cursor", "next_cursor of the previous page"},
                        {"limit", "1-200, default 50"}},
              .response = page_of(ref("PartyOrg")),
              .statuses = {200, 400, 403, 404}},
             [this](Context& ctx) {
               const auto& req = ctx.req();
               auto scoped = territory_.scoped_region(ctx, "party:org:read");
               store::OrgFilter f;
               f.within = f.line = scoped.scope;
               f.under = scoped.path;
               f.level = query_enum(req, "level", kLevels);
               std::string status(req.query_param("status").value_or("active"));
               if (status != "all") {
                 if (status != "active" && status != "dissolved")
                   throw Error("invalid_query", "status", "active, dissolved or all", "应为 active、dissolved 或 all");
                 f.status = status;
               }
               if (auto p = req.query_param("parent_id")) {
                 f.parent_id = json::parse_id(*p);
                 if (!f.parent_id) throw Error("invalid_query", "parent_id", "an id", "应为编号");
               }
               if (auto q = req.query_param("q")) f.q = std::string(*q);
               f.after_id = paging::id_cursor(req);
               int limit = paging::limit(req, 200, 50);
               f.limit = limit + 1;
               json::object page;
               db_.read([&](storage::Tx& tx) {
                 auto rows = store::orgs(tx, f);
                 page = paging::page(
                     rows, limit, [&](const Org& o) { return org_json(o); },
                     [](const Org& o) { return std::to_string(o.id); });
               });
               return json::respond(200, page);
             });

  router.add(
      "GET", "/api/v1/party-orgs/{id}",
      {.summary = "A party organisation, and what the caller may do with it",
       .tag = "party",
       .permission = "party:org:read",
       .response = all_of({ref("PartyOrg"), object({req("writes", describe(boolean(), "may change or dissolve it")),
                                                    req("manages_members", boolean())})}),
       .statuses = {200, 403, 404}},
      [this](Context& ctx) {
        auto id = json::path_id(ctx.req(), "id");
        json::object out;
        db_.read([&](storage::Tx& tx) {
          auto o = readable_org(tx, ctx, id);
          out = org_json(o);
          out["writes"] = ctx.user().can("party:org:write", o.region_path);
          out["manages_members"] = ctx.user().can("party:member:write", o.region_path);
        });
        return json::respond(200, out);
      });
}

void Service::register_org_change_routes(http::Router& router) {
  using namespace schema;
  router.add("PATCH", "/api/v1/party-orgs/{id}",
             {.summary = "Change an organisation's name, secretary, founding day or (a group) building",
              .tag = "party",
              .permission = "party:org:write",
              .request = object({opt("version", describe(integer(1), "the version changed (or send If-Match)")),
                                 opt("name", str(100, 1)), opt("secretary_name", str(50)),
                                 opt("founded_on", nullable(date())), opt("building_id", nullable(id()))},
                                closed),
              .response = ref("PartyOrg"),
              .statuses = {200, 403, 404, 409, 422, 428}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"version", "name", "secretary_name", "founded_on", "building_id"});
               Org o;
               db_.write([&](storage::Tx& tx) { o = update_org(tx, ctx, id, body); });
               return json::respond(200, org_json(o));
             });

  router.add(
      "POST", "/api/v1/party-orgs/{id}/dissolve",
      {.summary = "Dissolve an organisation without current members or active child organisations",
       .tag = "party",
       .permission = "party:org:write",
       .request = object({opt("version", describe(integer(1), "the version dissolved (or send If-Match)")),
                          req("reason", str(500, 1))},
                         closed),
       .response = ref("PartyOrg"),
       .statuses = {200, 403, 404, 409, 422, 428}},
      [this](Context& ctx) {
        auto id = json::path_id(ctx.req(), "id");
        auto body = json::parse_body(ctx.req());
        json::allow_only(body, {"version", "reason"});
        auto reason = json::get_string(body, "reason", 500);
        Org o;
        db_.write([&](storage::Tx& tx) { o = dissolve_org(tx, ctx, id, flow::expected_version(ctx, body), reason); });
        return json::respond(200, org_json(o));
      });

  router.add("GET", "/api/v1/party-tree",
             {.summary = "The party organisations at a node and under it, as a tree: each followed by its children",
              .tag = "party",
              .permission = "party:org:read",
              .query = {{"region", "a node within the scope (default: the caller's first)"},
                        {"all", "true: dissolved organisations too"}},
              .response = object(
                  {req("region_code", str()),
                   req("items",
                       array(all_of({ref("PartyOrg"), object({req("depth", describe(integer(0),
                                                                                    "0 for an organisation whose "
                                                                                    "parent is not in the tree"))})}))),
                   req("truncated", describe(boolean(), "more than 2000 organisations: the first shown"))}),
              .statuses = {200, 400, 403, 404}},
             [this](Context& ctx) {
               auto path = territory_.request_paths(ctx, "party:org:read", ctx.req().query_param("region")).front();
               bool all = ctx.req().query_param("all").value_or("") == "true";
               store::OrgFilter f;
               f.within = {path};
               if (!all) f.status = "active";
               f.limit = 2001;
               json::array items;
               bool truncated = false;
               db_.read([&](storage::Tx& tx) {
                 auto rows = store::orgs(tx, f);
                 truncated = rows.size() > 2000;
                 if (truncated) rows.pop_back();
                 for (const auto& [o, depth] : party_tree_order(rows)) {
                   auto item = org_json(*o);
                   item["depth"] = depth;
                   items.push_back(std::move(item));
                 }
               });
               auto trimmed = path.substr(0, path.size() - 1);
               return json::respond(200, json::object{{"region_code", trimmed.substr(trimmed.rfind('/') + 1)},
                                                      {"items", std::move(items)},
                                                      {"truncated", truncated}});
             });
}

}  // namespace wangge::party
