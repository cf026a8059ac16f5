// Household visits (入户走访): plan a visit, record it on a phone (what was found, photos,
// where), raise an event from it in the same step, cancel a plan; the worklist of
// households not visited for N days; coverage per grid and period (households visited /
// households; the seeds report 100 %).
#include <boost/json/parse.hpp>
#include <limits>
#include <map>

#include "audit/audit.h"
#include "core/dates.h"
#include "core/error.h"
#include "registry/service.h"
#include "registry/store.h"
#include "territory/service.h"

namespace wangge::registry {
namespace {

constexpr std::int64_t kVisitBackdateMs = 30LL * 86'400'000;

json::object visit_json(const Visit& v) {
  auto opt_i = [](const std::optional<std::int64_t>& x) { return x ? json::value(*x) : json::value(nullptr); };
  auto opt_d = [](const std::optional<double>& x) { return x ? json::value(*x) : json::value(nullptr); };
  boost::system::error_code ec;
  json::value photos = boost::json::parse(v.photos, ec);
  if (ec) photos = json::array{};
  return json::object{{"id", v.id},
                      {"household_id", v.household_id},
                      {"region_code", v.region_code},
                      {"status", v.status},
                      {"planned_on", v.planned_on ? json::value(*v.planned_on) : json::value(nullptr)},
                      {"visited_at", v.visited_at ? json::value(json::rfc3339(*v.visited_at)) : json::value(nullptr)},
                      {"visitor_id", opt_i(v.visitor_id)},
                      {"visitor_name", v.visitor_name},
                      {"purpose", v.purpose},
                      {"findings", v.findings},
                      {"photos", photos},
                      {"lat", opt_d(v.lat)},
                      {"lng", opt_d(v.lng)},
                      {"event_id", opt_i(v.event_id)},
                      {"version", v.version}};
}

std::vector<std::string> photo_list(const json::object& body) {
  std::vector<std::string> out;
  if (!body.contains("photos")) return out;
  const auto& v = body.at("photos");
  if (!v.is_array() || v.as_array().size() > 9)
    throw_validation("photos", "up to 9 attachment hashes", "最多 9 张照片");
  for (const auto& h : v.as_array()) {
    if (!h.is_string() || h.as_string().size() != 64) throw_validation("photos", "attachment hashes", "应为附件编号");
    out.emplace_back(h.as_string());
  }
  return out;
}

std::optional<double> coordinate(const json::object& body, const char* key, double lo, double hi) {
  if (!body.contains(key)) return std::nullopt;
  const auto& v = body.at(key);
  if (!v.is_number()) throw_validation(key, "a number", "应为数字");
  double d = v.to_number<double>();
  if (d < lo || d > hi) throw_validation(key, "out of range", "超出范围");
  return d;
}

}  // namespace

bool Service::can_read_visit(storage::Tx& tx, const Context& ctx, std::int64_t id) {
  auto v = store::visit(tx, id);
  return v && ctx.authenticated() && ctx.user().can("registry:visit:read", v->region_path);
}

bool Service::can_read_person(storage::Tx& tx, const Context& ctx, std::int64_t id) {
  auto p = store::person(tx, id);
  return p && ctx.authenticated() && ctx.user().can("registry:person:read", p->region_path);
}

void Service::register_visit_routes(http::Router& router) {
  // Records a done visit's details from `body` into v, and raises an event when asked;
  // runs inside the write transaction.
  auto record = [this](storage::Tx& tx, const Context& ctx, const json::object& body, const Household& h, Visit& v) {
    v.findings = json::get_string(body, "findings", 2000);
    v.purpose = json::opt_string(body, "purpose", 200, 0).value_or(v.purpose);
    std::int64_t now = storage::now_ms();
    v.visited_at = now;
    // A visit is recorded when it happens or soon after (a phone offline for a while): at
    // most 30 days back, so that a period's visit coverage cannot be filled in afterwards,
    // and a minute ahead for a device's clock.
    if (auto t = dates::body_instant(body, "visited_at", calendar_, now - kVisitBackdateMs, now + 60'000,
                                     "within the last 30 days, not in the future", "应为最近 30 天内的时间，不能晚于现在"))
      v.visited_at = *t;
    v.lat = coordinate(body, "lat", -90, 90);
    v.lng = coordinate(body, "lng", -180, 180);
    if (v.lat.has_value() != v.lng.has_value()) throw_validation("lng", "lat and lng together", "经纬度须同时提供");
    auto photos = photo_list(body);
    json::array arr;
    for (const auto& p : photos) arr.push_back(json::value(p));
    v.photos = json::to_text(arr);
    v.status = "done";
    v.visitor_id = ctx.actor_id();
    v.visitor_name = ctx.actor();
    if (body.contains("raise_event")) {
      if (!body.at("raise_event").is_object()) throw_validation("raise_event", "an object", "应为对象");
      const auto& e = body.at("raise_event").as_object();
      json::allow_only(e, {"category", "description", "self_handled", "result"});
      if (!raise_event_) throw Error("internal", "", "events are not wired", "事件模块未接入");
      EventRequest req;
      req.category = json::get_string(e, "category", 8);
      req.description = json::get_string(e, "description", 5000);
      req.self_handled = json::opt_bool(e, "self_handled").value_or(false);
      req.result = json::opt_string(e, "result", 2000, 0).value_or("");
      req.address = h.address + (h.room.empty() ? "" : " " + h.room);
      if (h.region_code.size() >= 15) req.grid_code = h.region_code.substr(0, 15);
      req.lat = v.lat;
      req.lng = v.lng;
      req.photos = photos;
      auto raised = raise_event_(tx, ctx, req);
      v.event_id = raised.id;
    }
  };

  router.add("GET", "/api/v1/visits",
             {.summary = "Visits in the caller's territory, newest first",
              .tag = "registry",
              .permission = "registry:visit:read",
              .query = {{"household_id", "of this household"},
                        {"region", "under this region code"},
                        {"status", "planned, done or cancelled"},
                        {"cursor", "next_cursor of the previous page"},
                        {"limit", "1-200, default 50"}}},
             [this](Context& ctx) {
               const auto& req = ctx.req();
               auto scope = ctx.user().scope("registry:visit:read");
               std::optional<std::string> region_path;
               if (auto r = req.query_param("region")) {
                 region_path = territory_.path_of(*r);
                 ctx.require("registry:visit:read", *region_path);
               }
               auto status = req.query_param("status");
               if (status && *status != "planned" && *status != "done" && *status != "cancelled")
                 throw Error("invalid_query", "status", "planned, done or cancelled",
                             "应为 planned、done 或 cancelled");
               int limit = static_cast<int>(json::query_int(req, "limit", 1, 200).value_or(50));
               std::vector<Visit> rows;
               db_.read([&](storage::Tx& tx) {
                 rows = store::visits(tx, scope, json::query_int(req, "household_id", 1, INT64_MAX), region_path,
                                      status, json::query_int(req, "cursor", 1, INT64_MAX), limit + 1);
               });
               bool more = static_cast<int>(rows.size()) > limit;
               if (more) rows.pop_back();
               json::array items;
               for (const auto& v : rows) items.push_back(visit_json(v));
               json::value next = more ? json::value(std::to_string(rows.back().id)) : json::value(nullptr);
               return json::respond(200, json::object{{"items", std::move(items)}, {"next_cursor", next}});
             });

  router.add("POST", "/api/v1/visits",
             {.summary = "Plan a visit ({planned_on}) or record one ({findings, ...}), raising an event from it "
                         "in the same step",
              .tag = "registry",
              .permission = "registry:visit:write",
              .request_body = "{household_id, planned_on?, purpose?, findings?, visited_at?, photos?, lat?, lng?, "
                              "raise_event?: {category, description, self_handled?, result?}}",
              .statuses = {201, 403, 422}},
             [this, record](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"household_id", "planned_on", "purpose", "findings", "visited_at", "photos",
                                       "lat", "lng", "raise_event"});
               Visit v;
               v.household_id = json::get_int(body, "household_id");
               bool done = body.contains("findings");
               if (!done) {
                 if (!body.contains("planned_on"))
                   throw_validation("planned_on", "a plan needs a date; a record needs findings",
                                    "计划须填日期，记录须填走访情况");
                 if (body.contains("raise_event"))
                   throw_validation("raise_event", "only a recorded visit raises an event", "仅已走访的记录可上报事件");
                 v.planned_on = date_field(body, "planned_on", "", true);
                 v.purpose = json::opt_string(body, "purpose", 200, 0).value_or("");
               }
               std::int64_t now = storage::now_ms();
               v.created_at = v.updated_at = now;
               db_.write([&](storage::Tx& tx) {
                 auto h = store::household(tx, v.household_id);
                 if (!h) throw_validation("household_id", "no such household", "住户不存在");
                 ctx.require("registry:visit:write", h->region_path);
                 v.region_code = h->region_code;
                 v.region_path = h->region_path;
                 if (done) record(tx, ctx, body, *h, v);
                 v.id = store::insert_visit(tx, v);
                 if (done) {
                   store::mark_visited(tx, h->id, *v.visited_at);
                   if (link_photos_ && v.photos != "[]") link_photos_(tx, ctx, photo_list(body), v.id);
                 }
                 audit::append(tx,
                               audit::entry(ctx, done ? "registry:visit:record" : "registry:visit:plan",
                                            "visit:" + std::to_string(v.id),
                                            {{"household", v.household_id},
                                             {"event", v.event_id ? json::value(*v.event_id) : json::value(nullptr)}}));
               });
               return json::respond(201, visit_json(v));
             });

  router.add(
      "POST", "/api/v1/visits/{id}/complete",
      {.summary = "Record a planned visit as done (and raise an event from it)",
       .tag = "registry",
       .permission = "registry:visit:write",
       .request_body = "{findings, visited_at?, photos?, lat?, lng?, raise_event?, version}",
       .statuses = {200, 403, 404, 409, 422, 428}},
      [this, record](Context& ctx) {
        auto body = json::parse_body(ctx.req());
        json::allow_only(body, {"findings", "purpose", "visited_at", "photos", "lat", "lng", "raise_event", "version"});
        std::int64_t id = json::path_id(ctx.req(), "id");
        auto version = json::opt_int(body, "version");
        if (!version)
          throw Error("precondition_required", "version", "send the version you edit", "请提供所编辑的版本号");
        Visit v;
        db_.write([&](storage::Tx& tx) {
          auto found = store::visit(tx, id);
          if (!found) throw_not_found("no visit " + std::to_string(id), "走访记录不存在");
          ctx.require("registry:visit:write", found->region_path);
          if (*version != found->version)
            throw Error("stale_version", "version", "the visit changed meanwhile", "走访记录已被他人修改");
          if (found->status != "planned")
            throw Error("invalid_transition", "status", "only a planned visit can be completed",
                        "仅计划中的走访可以完成");
          auto h = store::household(tx, found->household_id);
          v = *found;
          record(tx, ctx, body, *h, v);
          v.version = found->version + 1;
          v.updated_at = storage::now_ms();
          if (!store::update_visit(tx, v, found->version))
            throw Error("stale_version", "version", "the visit changed meanwhile", "走访记录已被他人修改");
          store::mark_visited(tx, h->id, *v.visited_at);
          if (link_photos_ && v.photos != "[]") link_photos_(tx, ctx, photo_list(body), v.id);
          audit::append(tx, audit::entry(ctx, "registry:visit:record", "visit:" + std::to_string(id),
                                         {{"household", v.household_id}}));
        });
        return json::respond(200, visit_json(v));
      });

  router.add("POST", "/api/v1/visits/{id}/cancel",
             {.summary = "Cancel a planned visit",
              .tag = "registry",
              .permission = "registry:visit:write",
              .request_body = "{version}",
              .statuses = {200, 403, 404, 409, 428}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"version"});
               std::int64_t id = json::path_id(ctx.req(), "id");
               auto version = json::opt_int(body, "version");
               if (!version)
                 throw Error("precondition_required", "version", "send the version you edit", "请提供所编辑的版本号");
               Visit v;
               db_.write([&](storage::Tx& tx) {
                 auto found = store::visit(tx, id);
                 if (!found) throw_not_found("no visit " + std::to_string(id), "走访记录不存在");
                 ctx.require("registry:visit:write", found->region_path);
                 if (*version != found->version)
                   throw Error("stale_version", "version", "the visit changed meanwhile", "走访记录已被他人修改");
                 if (found->status != "planned")
                   throw Error("invalid_transition", "status", "only a planned visit can be cancelled",
                               "仅计划中的走访可以取消");
                 v = *found;
                 v.status = "cancelled";
                 v.version += 1;
                 v.updated_at = storage::now_ms();
                 store::update_visit(tx, v, found->version);
                 audit::append(tx, audit::entry(ctx, "registry:visit:cancel", "visit:" + std::to_string(id)));
               });
               return json::respond(200, visit_json(v));
             });

  router.add(
      "GET", "/api/v1/visits/worklist",
      {.summary = "Households not visited for N days (or never), least recently visited first",
       .tag = "registry",
       .permission = "registry:visit:read",
       .query = {{"region", "under this region code"},
                 {"days", "1-3650, default 30"},
                 {"cursor", "next_cursor of the previous page"},
                 {"limit", "1-200, default 50"}}},
      [this](Context& ctx) {
        const auto& req = ctx.req();
        auto scope = ctx.user().scope("registry:visit:read");
        std::optional<std::string> region_path;
        if (auto r = req.query_param("region")) {
          region_path = territory_.path_of(*r);
          ctx.require("registry:visit:read", *region_path);
        }
        std::int64_t days = json::query_int(req, "days", 1, 3650).value_or(30);
        int limit = static_cast<int>(json::query_int(req, "limit", 1, 200).value_or(50));
        std::optional<std::pair<std::int64_t, std::int64_t>> after;
        if (auto c = req.query_param("cursor")) {
          auto colon = c->find(':');
          auto a = json::parse_id(c->substr(0, colon == std::string::npos ? 0 : colon));
          auto b = colon == std::string::npos ? std::nullopt : json::parse_id(c->substr(colon + 1));
          if (c->substr(0, 2) == "0:") a = 0;
          if (!a || !b)
            throw Error("invalid_query", "cursor", "next_cursor of the previous page", "应为上一页的 next_cursor");
          after = std::make_pair(*a, *b);
        }
        std::int64_t cutoff = storage::now_ms() - days * 86'400'000;
        std::vector<store::Unvisited> rows;
        db_.read([&](storage::Tx& tx) { rows = store::unvisited(tx, scope, region_path, cutoff, after, limit + 1); });
        bool more = static_cast<int>(rows.size()) > limit;
        if (more) rows.pop_back();
        json::array items;
        for (const auto& u : rows) {
          auto o = household_json(u.household);
          o["last_visited_at"] =
              u.last_visited_at ? json::value(json::rfc3339(*u.last_visited_at)) : json::value(nullptr);
          items.push_back(std::move(o));
        }
        json::value next = nullptr;
        if (more) {
          const auto& last = rows.back();
          next = std::to_string(last.last_visited_at.value_or(0)) + ":" + std::to_string(last.household.id);
        }
        return json::respond(200, json::object{{"items", std::move(items)}, {"next_cursor", next}});
      });

  router.add("GET", "/api/v1/visits/coverage",
             {.summary = "Visit coverage per grid over a period: households visited / households",
              .tag = "registry",
              .permission = "registry:visit:read",
              .query = {{"region", "a community or grid code"},
                        {"from", "visited at or after (date or RFC 3339; default 30 days ago)"},
                        {"to", "before (default: no end; answered as now)"}},
              .statuses = {200, 400, 403, 404},
              .runs = http::Runs::pool},
             [this](Context& ctx) {
               const auto& req = ctx.req();
               auto code = req.query_param("region");
               if (!code) throw Error("invalid_query", "region", "region is required", "请指定区域");
               auto region = territory_.get(*code, false);
               ctx.require("registry:visit:read", region.path);
               std::int64_t now = storage::now_ms();
               std::int64_t from = dates::query_instant(req, "from", calendar_).value_or(now - 30LL * 86'400'000);
               std::int64_t to = dates::query_instant(req, "to", calendar_).value_or(now);
               // Without `to` the period is open-ended (and answered as ending now): an end at
               // `now` left out a visit recorded in this very millisecond, or stamped up to a
               // minute ahead by a device's clock, which visits accept.
               std::int64_t until = req.query_param("to") ? to : std::numeric_limits<std::int64_t>::max();
               std::map<std::string, std::pair<std::int64_t, std::int64_t>> per_grid;
               db_.read([&](storage::Tx& tx) { per_grid = store::visit_coverage(tx, region.path, from, until); });
               std::int64_t households = 0, visited = 0;
               json::array grids;
               for (const auto& [grid, n] : per_grid) {
                 households += n.first;
                 visited += n.second;
                 auto g = territory_.find(grid, false);
                 grids.push_back(json::object{{"code", grid},
                                              {"name", g ? g->name : grid},
                                              {"households", n.first},
                                              {"visited", n.second},
                                              {"rate", n.first ? static_cast<double>(n.second) / n.first : 0.0}});
               }
               return json::respond(200,
                                    json::object{{"region", json::object{{"code", region.code}, {"name", region.name}}},
                                                 {"from", json::rfc3339(from)},
                                                 {"to", json::rfc3339(to)},
                                                 {"households", households},
                                                 {"visited", visited},
                                                 {"rate", households ? static_cast<double>(visited) / households : 0.0},
                                                 {"grids", std::move(grids)}});
             });
}

}  // namespace wangge::registry
