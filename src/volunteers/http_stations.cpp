// Routes of stations, teams and volunteers: the stations and teams on the caller's line
// (a resident sees its community's), a team with its members and their history, adding and
// changing them, joining and leaving; registering volunteers from the registry and the
// caller's own record ("my hours").
#include "core/error.h"
#include "core/paging.h"
#include "territory/service.h"
#include "volunteers/service.h"
#include "volunteers/store.h"

namespace wangge::volunteers {
namespace {

// Where the caller may look: the roots of its grants holding `permission` (stations and
// teams within them, and on their line).
std::vector<std::string> grant_roots(const Principal& u, std::string_view permission) {
  return u.scope(permission);
}

std::vector<std::string> read_skills(const json::object& body) {
  std::vector<std::string> out;
  if (!body.contains("skills")) return out;
  if (!body.at("skills").is_array()) throw_validation("skills", "a list of skills", "应为技能列表");
  for (const auto& s : body.at("skills").as_array()) {
    if (!s.is_string() || s.as_string().empty() || json::utf8_length(s.as_string()) > 20)
      throw_validation("skills", "names of 1 to 20 characters", "技能名称应为 1 至 20 个字");
    out.emplace_back(s.as_string());
  }
  if (out.size() > 20) throw_validation("skills", "at most 20", "最多 20 项");
  return out;
}

}  // namespace

void Service::register_station_routes(http::Router& router) {
  using namespace schema;
  router.add("GET", "/api/v1/volunteer-stations",
             {.summary = "Volunteer stations on the caller's line (its community's, and those within its scope)",
              .tag = "volunteers",
              .permission = "volunteers:station:read",
              .response = object({req("items", array(ref("VolunteerStation")))}),
              .statuses = {200, 403}},
             [this](Context& ctx) {
               auto roots = grant_roots(ctx.user(), "volunteers:station:read");
               json::array items;
               db_.read([&](storage::Tx& tx) {
                 for (const auto& s : store::stations(tx, roots, roots, 500)) items.push_back(station_json(s));
               });
               return json::respond(200, json::object{{"items", std::move(items)}});
             });

  router.add("POST", "/api/v1/volunteer-stations",
             {.summary = "Open a volunteer station (志愿服务站) at a node: its place and resources",
              .tag = "volunteers",
              .permission = "volunteers:station:write",
              .request = object({req("region_code", str(24, 1)), req("name", str(100, 1)), opt("address", str(200)),
                                 opt("lat", number()), opt("lng", number()),
                                 opt("resources", describe(str(2000), "阵地、设施: rooms, equipment")),
                                 opt("contact", describe(str(100), "a public duty phone or office"))},
                                closed),
              .response = ref("VolunteerStation"),
              .statuses = {201, 403, 409, 422}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"region_code", "name", "address", "lat", "lng", "resources", "contact"});
               Station s;
               s.region_code = json::get_string(body, "region_code", 24);
               s.name = json::get_string(body, "name", 100);
               s.address = json::opt_string(body, "address", 200, 0).value_or("");
               s.resources = json::opt_string(body, "resources", 2000, 0).value_or("");
               s.contact = json::opt_string(body, "contact", 100, 0).value_or("");
               if (body.contains("lat") || body.contains("lng")) {
                 if (!body.contains("lat") || !body.contains("lng") || !body.at("lat").is_number() ||
                     !body.at("lng").is_number())
                   throw_validation("lat", "both lat and lng", "请同时提供经纬度");
                 s.lat = body.at("lat").to_number<double>();
                 s.lng = body.at("lng").to_number<double>();
                 if (*s.lat < -90 || *s.lat > 90 || *s.lng < -180 || *s.lng > 180)
                   throw_validation("lat", "a point on Earth", "经纬度超出范围");
               }
               db_.write([&](storage::Tx& tx) { s = create_station(tx, ctx, s); });
               return json::respond(201, station_json(s));
             });

  router.add("PATCH", "/api/v1/volunteer-stations/{id}",
             {.summary = "Change a station: name, address, resources, contact, open or closed",
              .tag = "volunteers",
              .permission = "volunteers:station:write",
              .request = object({opt("name", str(100, 1)), opt("address", str(200)), opt("resources", str(2000)),
                                 opt("contact", str(100)), opt("active", boolean()), req("version", id())},
                                closed),
              .response = ref("VolunteerStation"),
              .statuses = {200, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"name", "address", "resources", "contact", "active", "version"});
               Station s;
               db_.write([&](storage::Tx& tx) { s = update_station(tx, ctx, id, body); });
               return json::respond(200, station_json(s));
             });

  router.add("GET", "/api/v1/volunteer-teams",
             {.summary = "Volunteer teams on the caller's line, or of one station",
              .tag = "volunteers",
              .permission = "volunteers:station:read",
              .query = {{"station_id", "one station's teams"}},
              .response = object({req("items", array(ref("VolunteerTeam")))}),
              .statuses = {200, 400, 403}},
             [this](Context& ctx) {
               auto roots = grant_roots(ctx.user(), "volunteers:station:read");
               auto station = json::query_int(ctx.req(), "station_id", 1, INT64_MAX);
               json::array items;
               db_.read([&](storage::Tx& tx) {
                 for (const auto& t : store::teams(tx, roots, roots, station, 500)) items.push_back(team_json(t));
               });
               return json::respond(200, json::object{{"items", std::move(items)}});
             });

  router.add(
      "GET", "/api/v1/volunteer-teams/{id}",
      {.summary = "A team with its members now and everyone who joined and left",
       .tag = "volunteers",
       .permission = "volunteers:station:read",
       .response = object({req("team", ref("VolunteerTeam")), req("memberships", array(ref("VolunteerMembership")))}),
       .statuses = {200, 404}},
      [this](Context& ctx) {
        auto id = json::path_id(ctx.req(), "id");
        json::object out;
        db_.read([&](storage::Tx& tx) {
          auto t = store::team(tx, id);
          if (!t || !ctx.user().reaches("volunteers:station:read", t->region_path))
            throw_not_found("no team " + std::to_string(id), "志愿服务队不存在");
          json::array ms;
          for (const auto& m : store::memberships_of_team(tx, id)) ms.push_back(membership_json(m));
          out = json::object{{"team", team_json(*t)}, {"memberships", std::move(ms)}};
        });
        return json::respond(200, out);
      });

  router.add("POST", "/api/v1/volunteer-teams",
             {.summary = "Form a team at a station, with its purpose and, optionally, its leader",
              .tag = "volunteers",
              .permission = "volunteers:station:write",
              .request = object({req("station_id", id()), req("name", str(100, 1)),
                                 opt("purpose", describe(str(500), "服务领域")), opt("leader_id", id())},
                                closed),
              .response = ref("VolunteerTeam"),
              .statuses = {201, 403, 409, 422}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"station_id", "name", "purpose", "leader_id"});
               Team t;
               t.station_id = json::get_int(body, "station_id");
               t.name = json::get_string(body, "name", 100);
               t.purpose = json::opt_string(body, "purpose", 500, 0).value_or("");
               t.leader_id = json::opt_int(body, "leader_id");
               db_.write([&](storage::Tx& tx) { t = create_team(tx, ctx, t); });
               return json::respond(201, team_json(t));
             });

  router.add("PATCH", "/api/v1/volunteer-teams/{id}",
             {.summary = "Change a team: name, purpose, leader (who joins if not a member), active",
              .tag = "volunteers",
              .permission = "volunteers:station:write",
              .request = object({opt("name", str(100, 1)), opt("purpose", str(500)), opt("leader_id", nullable(id())),
                                 opt("active", boolean()), req("version", id())},
                                closed),
              .response = ref("VolunteerTeam"),
              .statuses = {200, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"name", "purpose", "leader_id", "active", "version"});
               Team t;
               db_.write([&](storage::Tx& tx) { t = update_team(tx, ctx, id, body); });
               return json::respond(200, team_json(t));
             });

  router.add("POST", "/api/v1/volunteer-teams/{id}/members",
             {.summary = "Join a team: a volunteer added by the station's staff or the leader, or the caller itself",
              .tag = "volunteers",
              .permission = "volunteers:station:read",
              .request = object({opt("volunteer_id", describe(id(), "default: the caller's own record"))}, closed),
              .response = ref("VolunteerMembership"),
              .statuses = {201, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"volunteer_id"});
               auto who = json::opt_int(body, "volunteer_id");
               Membership m;
               db_.write([&](storage::Tx& tx) {
                 auto t = store::team(tx, id);
                 if (!t || !ctx.user().reaches("volunteers:station:read", t->region_path))
                   throw_not_found("no team " + std::to_string(id), "志愿服务队不存在");
                 m = join(tx, ctx, id, who);
               });
               return json::respond(201, membership_json(m));
             });

  router.add("POST", "/api/v1/volunteer-teams/{id}/members/{volunteer_id}/leave",
             {.summary = "Leave a team (the member, the leader or the station's staff), with the reason",
              .tag = "volunteers",
              .permission = "volunteers:station:read",
              .request = object({req("reason", str(200, 1))}, closed),
              .response = ref("VolunteerMembership"),
              .statuses = {200, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto volunteer = json::path_id(ctx.req(), "volunteer_id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"reason"});
               std::string reason = json::get_string(body, "reason", 200);
               Membership m;
               db_.write([&](storage::Tx& tx) {
                 auto t = store::team(tx, id);
                 if (!t || !ctx.user().reaches("volunteers:station:read", t->region_path))
                   throw_not_found("no team " + std::to_string(id), "志愿服务队不存在");
                 m = leave(tx, ctx, id, volunteer, reason);
               });
               return json::respond(200, membership_json(m));
             });

  router.add("GET", "/api/v1/volunteers",
             {.summary = "Registered volunteers within the caller's scope, newest first",
              .tag = "volunteers",
              .permission = "volunteers:volunteer:read",
              .query = {{"region", "a node within the scope"},
                        {"q", "a name, or a skill"},
                        {"cursor", "next_cursor of the previous page"},
                        {"limit", "1-200, default 50"}},
              .response = page_of(ref("Volunteer")),
              .statuses = {200, 400, 403, 404}},
             [this](Context& ctx) {
               const auto& req = ctx.req();
               auto sr = territory_.scoped_region(ctx, "volunteers:volunteer:read");
               std::vector<std::string> scope = sr.path ? std::vector<std::string>{*sr.path} : sr.scope;
               int limit = paging::limit(req, 200, 50);
               json::object page;
               db_.read([&](storage::Tx& tx) {
                 auto rows = store::volunteers(tx, scope, req.query_param("q"), paging::id_cursor(req), limit + 1);
                 page = paging::page(
                     rows, limit, [&](const Volunteer& v) { return volunteer_json(v); },
                     [](const Volunteer& v) { return std::to_string(v.id); });
               });
               return json::respond(200, page);
             });

  router.add("POST", "/api/v1/volunteers",
             {.summary = "Register a person of the registry as a volunteer, with skills and the account they log in "
                         "with",
              .tag = "volunteers",
              .permission = "volunteers:volunteer:write",
              .request = object({req("person_id", id()), opt("skills", array(str(20, 1), 20)),
                                 opt("username", describe(str(64, 1), "the account to link"))},
                                closed),
              .response = ref("Volunteer"),
              .statuses = {201, 403, 409, 422}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"person_id", "skills", "username"});
               auto person = json::get_int(body, "person_id");
               auto skills = read_skills(body);
               auto username = json::opt_string(body, "username", 64);
               Volunteer v;
               db_.write([&](storage::Tx& tx) { v = register_volunteer(tx, ctx, person, skills, username); });
               return json::respond(201, volunteer_json(v));
             });

  router.add("PATCH", "/api/v1/volunteers/{id}",
             {.summary = "Change a volunteer: skills, the linked account, active or left",
              .tag = "volunteers",
              .permission = "volunteers:volunteer:write",
              .request = object({opt("skills", array(str(20, 1), 20)), opt("username", nullable(str(64, 1))),
                                 opt("status", enumeration({"active", "left"})), req("version", id())},
                                closed),
              .response = ref("Volunteer"),
              .statuses = {200, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"skills", "username", "status", "version"});
               Volunteer v;
               db_.write([&](storage::Tx& tx) { v = update_volunteer(tx, ctx, id, body); });
               return json::respond(200, volunteer_json(v));
             });

  router.add("GET", "/api/v1/volunteers/me",
             {.summary = "My volunteer record: hours, teams, and the activities I signed up for",
              .tag = "volunteers",
              .response = object({req("volunteer", nullable(ref("Volunteer"))),
                                  req("memberships", array(ref("VolunteerMembership"))),
                                  req("activities", array(ref("VolunteerActivity")))}),
              .statuses = {200, 401}},
             [this](Context& ctx) {
               json::object out{{"volunteer", nullptr}, {"memberships", json::array{}}, {"activities", json::array{}}};
               db_.read([&](storage::Tx& tx) {
                 auto v = store::volunteer_of_user(tx, ctx.user().user_id);
                 if (!v) return;
                 out["volunteer"] = volunteer_json(*v);
                 json::array ms;
                 for (const auto& m : store::memberships_of_volunteer(tx, v->id)) ms.push_back(membership_json(m));
                 out["memberships"] = std::move(ms);
                 store::ActivityFilter f;
                 f.volunteer_id = v->id;
                 f.limit = 200;
                 json::array acts;
                 auto rows = store::activities(tx, f);
                 auto mine = store::signups_of(tx, v->id, rows);
                 for (const auto& a : rows) {
                   auto it = mine.find(a.id);
                   acts.push_back(activity_json(a, it == mine.end() ? std::nullopt : std::optional<Signup>(it->second),
                                                runs(ctx, a)));
                 }
                 out["activities"] = std::move(acts);
               });
               return json::respond(200, out);
             });
}

}  // namespace wangge::volunteers
