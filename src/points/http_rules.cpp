// Routes of the list of deeds (积分项目清单): the list in force at a place (what residents
// read), the lists a manager keeps, adding a line and changing one (a change is versioned
// and audited; a line is ended by valid_to or switched off, never deleted: entries name it).
#include "audit/audit.h"
#include "core/dates.h"
#include "core/error.h"
#include "points/service.h"
#include "points/store.h"
#include "territory/service.h"

namespace wangge::points {
namespace {

json::object render_rule(const Rule& r, const std::string& region_name, const std::string& today) {
  json::object o{{"id", r.id},
                 {"region_code", r.region_code},
                 {"region_name", region_name},
                 {"earner_type", r.earner_type},
                 {"deed", r.deed},
                 {"name", r.name},
                 {"points", r.points},
                 {"valid_from", r.valid_from},
                 {"active", r.active},
                 {"version", r.version}};
  o["cap_day"] = r.cap_day ? json::value(*r.cap_day) : json::value(nullptr);
  o["cap_month"] = r.cap_month ? json::value(*r.cap_month) : json::value(nullptr);
  o["valid_to"] = r.valid_to ? json::value(*r.valid_to) : json::value(nullptr);
  o["in_force"] = r.active && r.valid_from <= today && (!r.valid_to || today <= *r.valid_to);
  return o;
}

schema::value rule_body_schema(bool create) {
  using namespace schema;
  std::vector<Field> f = {
      opt("name", str(100, 1)),
      opt("points", describe(integer(1, 1000), "per deed; per hour for volunteer_hour")),
      opt("cap_day", describe(nullable(integer(1, 100000)), "most points a holder earns by this line a day")),
      opt("cap_month", describe(nullable(integer(1, 1000000)), "most points a holder earns by this line a month")),
      opt("valid_to", nullable(date())),
      opt("active", boolean())};
  if (create) {
    f[0] = req("name", str(100, 1));
    f[1] = req("points", describe(integer(1, 1000), "per deed; per hour for volunteer_hour"));
    f.insert(f.begin(), {req("region_code", describe(str(24, 1), "the node whose list it is (applies below it)")),
                         req("earner_type", enumeration(kEarnerTypes)), req("deed", enumeration(kDeeds)),
                         opt("valid_from", describe(date(), "default today"))});
  } else {
    f.push_back(req("version", id()));
  }
  return object(f, closed);
}

// The optional fields of a rule's body into r, checked.
void read_rule_fields(const json::object& body, Rule& r) {
  if (auto v = json::opt_string(body, "name", 100)) r.name = *v;
  if (auto v = json::opt_int(body, "points")) {
    if (*v < 1 || *v > 1000) throw_validation("points", "1 to 1000", "应为 1 至 1000 分");
    r.points = *v;
  }
  auto cap = [&](const char* key, std::int64_t max, std::optional<std::int64_t>& out) {
    if (!body.contains(key)) return;
    if (body.at(key).is_null()) {
      out.reset();
      return;
    }
    auto v = json::get_int(body, key);
    if (v < 1 || v > max) throw_validation(key, "1 to " + std::to_string(max), "应为 1 至 " + std::to_string(max));
    out = v;
  };
  cap("cap_day", 100'000, r.cap_day);
  cap("cap_month", 1'000'000, r.cap_month);
  if (r.cap_day && r.cap_month && *r.cap_month < *r.cap_day)
    throw_validation("cap_month", "at least the daily cap", "每月上限不能小于每日上限");
  if (body.contains("valid_to")) {
    if (body.at("valid_to").is_null()) {
      r.valid_to.reset();
    } else {
      r.valid_to = dates::body_day(body, "valid_to", "", "", true);
      if (*r.valid_to < r.valid_from) throw_validation("valid_to", "on or after valid_from", "不能早于生效日期");
    }
  }
  if (auto v = json::opt_bool(body, "active")) r.active = *v;
}

}  // namespace

void Service::register_rule_routes(http::Router& router) {
  router.add("GET", "/api/v1/point-rules",
             {.summary = "The list of deeds that earn points (积分项目清单): in force at a place, or kept by a manager",
              .tag = "points",
              .permission = "points:rule:read",
              .query = {{"view",
                         "place (default: the lines that apply at the place) or manage (lines of nodes "
                         "within the caller's scope for points:rule:write)"},
                        {"region", "place: the place (default: the caller's first)"},
                        {"deed", "one deed"},
                        {"earner_type", "one earner type"}},
              .response = schema::object({schema::req("items", schema::array(schema::ref("PointRule")))}),
              .statuses = {200, 400, 403, 404}},
             [this](Context& ctx) {
               const auto& req = ctx.req();
               const Principal& u = ctx.user();
               store::RuleFilter f;
               std::string view(req.query_param("view").value_or("place"));
               if (view == "manage") {
                 f.within = u.scope("points:rule:write");
                 if (f.within.empty()) throw Error("forbidden", {}, "you keep no list", "您没有维护积分项目的权限");
               } else if (view == "place") {
                 std::string path;
                 if (auto code = req.query_param("region")) {
                   path = territory_.path_of(*code);
                   if (!u.reaches("points:rule:read", path))
                     throw Error("forbidden", "region", "outside your territory", "超出您的管辖范围");
                 } else {
                   auto s = u.scope("points:rule:read");
                   if (!s.empty()) path = s.front();
                 }
                 if (path.empty()) throw_validation("region", "the place whose list to show", "请选择区域");
                 f.paths = {path};
               } else {
                 throw_validation("view", "place or manage", "应为 place 或 manage");
               }
               if (auto d = req.query_param("deed")) {
                 if (std::find(std::begin(kDeeds), std::end(kDeeds), *d) == std::end(kDeeds))
                   throw Error("invalid_query", "deed", "one of the deeds", "应为积分事项类型之一");
                 f.deed = std::string(*d);
               }
               if (auto t = req.query_param("earner_type")) {
                 if (std::find(std::begin(kEarnerTypes), std::end(kEarnerTypes), *t) == std::end(kEarnerTypes))
                   throw Error("invalid_query", "earner_type", "resident, household, grid_worker or party_member",
                               "应为 resident、household、grid_worker 或 party_member");
                 f.earner_type = std::string(*t);
               }
               f.limit = 500;
               json::array items;
               db_.read([&](storage::Tx& tx) {
                 auto rows = store::rules(tx, f);
                 territory::NameCache places(territory_);
                 std::vector<std::string> codes;
                 for (const auto& r : rows) codes.push_back(r.region_code);
                 places.prime(std::move(codes));
                 std::string today = day_of(storage::now_ms());
                 for (const auto& r : rows) items.push_back(render_rule(r, places(r.region_code), today));
               });
               return json::respond(200, json::object{{"items", std::move(items)}});
             });

  router.add(
      "POST", "/api/v1/point-rules",
      {.summary = "Add a line to a node's list of deeds (积分项目清单)",
       .tag = "points",
       .permission = "points:rule:write",
       .request = rule_body_schema(true),
       .response = schema::ref("PointRule"),
       .statuses = {201, 403, 404, 422}},
      [this](Context& ctx) {
        auto body = json::parse_body(ctx.req());
        json::allow_only(body, {"region_code", "earner_type", "deed", "name", "points", "cap_day", "cap_month",
                                "valid_from", "valid_to", "active"});
        Rule r;
        r.region_code = json::get_string(body, "region_code", 24);
        auto region = territory_.find(r.region_code, false);
        if (!region) throw_validation("region_code", "a node of the territory", "应为辖区内的区域");
        r.region_path = region->path;
        ctx.require("points:rule:write", r.region_path);
        r.earner_type = json::one_of(body, "earner_type", kEarnerTypes);
        r.deed = json::one_of(body, "deed", kDeeds);
        std::string today = day_of(storage::now_ms());
        r.valid_from = dates::body_day(body, "valid_from", today, today, true);
        r.name = json::get_string(body, "name", 100);
        r.points = json::get_int(body, "points");
        read_rule_fields(body, r);
        r.created_by = ctx.actor_id();
        r.created_at = r.updated_at = storage::now_ms();
        db_.write([&](storage::Tx& tx) {
          r.id = store::insert_rule(tx, r);
          audit::append(
              tx, audit::entry(ctx, "points:rule:create", "point_rule:" + std::to_string(r.id),
                               json::object{{"deed", r.deed}, {"earner_type", r.earner_type}, {"points", r.points}}));
        });
        return json::respond(201, render_rule(r, region->name, today));
      });

  router.add("PATCH", "/api/v1/point-rules/{id}",
             {.summary = "Change a line of the list: points, caps, the day it ends, on or off (versioned, audited)",
              .tag = "points",
              .permission = "points:rule:write",
              .request = rule_body_schema(false),
              .response = schema::ref("PointRule"),
              .statuses = {200, 403, 404, 409, 422}},
             [this](Context& ctx) {
               auto id = json::path_id(ctx.req(), "id");
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"name", "points", "cap_day", "cap_month", "valid_to", "active", "version"});
               auto expected = json::get_int(body, "version");
               Rule r;
               db_.write([&](storage::Tx& tx) {
                 auto found = store::rule(tx, id);
                 if (!found) throw_not_found("no rule " + std::to_string(id), "积分项目不存在");
                 ctx.require("points:rule:write", found->region_path);
                 if (found->version != expected)
                   throw Error("stale_version", "version", "the rule changed meanwhile", "积分项目已被他人修改");
                 r = *found;
                 read_rule_fields(body, r);
                 r.version = found->version + 1;
                 r.updated_at = storage::now_ms();
                 if (!store::update_rule(tx, r, expected))
                   throw Error("stale_version", "version", "the rule changed meanwhile", "积分项目已被他人修改");
                 json::object changed = body;
                 changed.erase("version");
                 audit::append(tx,
                               audit::entry(ctx, "points:rule:update", "point_rule:" + std::to_string(id), changed));
               });
               return json::respond(
                   200, render_rule(r, territory_.find(r.region_code, false)->name, day_of(storage::now_ms())));
             });
}

}  // namespace wangge::points
