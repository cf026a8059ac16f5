// The visit routes: each parses its request, calls a use case (visits.cpp), renders.
#include <boost/json/parse.hpp>
#include <limits>

#include "core/dates.h"
#include "core/error.h"
#include "core/idempotency.h"
#include "registry/visits.h"
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

// A done visit's details from a body; the event to raise is checked here, raised in the
// visit's transaction.
VisitRecord visit_record(const Service& svc, const json::object& body) {
  VisitRecord r;
  r.findings = json::get_string(body, "findings", 2000);
  r.purpose = json::opt_string(body, "purpose", 200, 0);
  std::int64_t now = storage::now_ms();
  // A visit is recorded when it happens or soon after (a phone offline for a while): at
  // most 30 days back, so that a period's visit coverage cannot be filled in afterwards,
  // and a minute ahead for a device's clock.
  r.visited_at =
      dates::body_instant(body, "visited_at", svc.calendar(), now - kVisitBackdateMs, now + 60'000,
                          "within the last 30 days, not in the future", "应为最近 30 天内的时间，不能晚于现在");
  r.lat = coordinate(body, "lat", -90, 90);
  r.lng = coordinate(body, "lng", -180, 180);
  if (r.lat.has_value() != r.lng.has_value()) throw_validation("lng", "lat and lng together", "经纬度须同时提供");
  r.photos = photo_list(body);
  if (body.contains("raise_event")) {
    if (!body.at("raise_event").is_object()) throw_validation("raise_event", "an object", "应为对象");
    const auto& e = body.at("raise_event").as_object();
    json::allow_only(e, {"category", "description", "self_handled", "result"});
    if (!svc.event_raiser()) throw Error("internal", "", "events are not wired", "事件模块未接入");
    Service::EventRequest req;
    req.category = json::get_string(e, "category", 8);
    req.description = json::get_string(e, "description", 5000);
    req.self_handled = json::opt_bool(e, "self_handled").value_or(false);
    req.result = json::opt_string(e, "result", 2000, 0).value_or("");
    r.event = std::move(req);
  }
  return r;
}

std::int64_t required_version(const json::object& body) {
  auto version = json::opt_int(body, "version");
  if (!version) throw Error("precondition_required", "version", "send the version you edit", "请提供所编辑的版本号");
  return *version;
}

// The region asked for (under the caller's scope), if any.
std::optional<std::string> region_asked(Service& svc, Context& ctx) {
  auto r = ctx.req().query_param("region");
  if (!r) return std::nullopt;
  std::string path = svc.territory().path_of(*r);
  ctx.require("registry:visit:read", path);
  return path;
}

// from/to: days YYYY-MM-DD, `to` the day after the last (as the cockpit's period, which
// opens this list), on the visit's date (store::VisitPeriod).
store::VisitPeriod visit_period(const Service& svc, const http::Request& req) {
  store::VisitPeriod period;
  auto from = dates::query_day(req, "from");
  auto to = dates::query_day(req, "to");
  if (from && to && *to <= *from) throw Error("invalid_query", "to", "to must be after from", "结束日期须晚于开始日期");
  if (from) {
    period.from_ms = svc.calendar().midnight(*from);
    period.from_day = format_day(*from);
  }
  if (to) {
    period.to_ms = svc.calendar().midnight(*to);
    period.to_day = format_day(*to);
  }
  return period;
}

VisitQuery visit_query(Service& svc, Context& ctx) {
  const auto& req = ctx.req();
  VisitQuery q;
  q.scope = ctx.user().scope("registry:visit:read");
  q.region_path = region_asked(svc, ctx);
  q.status = req.query_param("status");
  if (q.status && *q.status != "planned" && *q.status != "done" && *q.status != "cancelled")
    throw Error("invalid_query", "status", "planned, done or cancelled", "应为 planned、done 或 cancelled");
  q.period = visit_period(svc, req);
  q.limit = static_cast<int>(json::query_int(req, "limit", 1, 200).value_or(50));
  q.household_id = json::query_int(req, "household_id", 1, INT64_MAX);
  q.before_id = json::query_int(req, "cursor", 1, INT64_MAX);
  return q;
}

// The body of a visit: what visit_record reads when it is recorded done (findings, ...),
// with the household and plan of a new visit (creating) or the version edited.
schema::value visit_body(bool creating) {
  using namespace schema;
  value event = object(
      {req("category", describe(str(8), "an event category code")), req("description", str(5000)),
       opt("self_handled", boolean()), opt("result", describe(str(2000), "what was done on the spot (self_handled)"))},
      closed);
  std::vector<Field> fields = {
      creating ? opt("findings", describe(str(2000), "a record of a visit done (else a plan)"))
               : req("findings", str(2000)),
      opt("purpose", str(200)),
      opt("visited_at", describe(date_time(), "within the last 30 days; default now")),
      opt("photos", describe(array(str(64, 64), 9), "attachment hashes")),
      opt("lat", number_between(-90, 90)),
      opt("lng", describe(number_between(-180, 180), "with lat")),
      opt("raise_event", describe(event, "an event raised from the visit (its place and photos are the visit's)"))};
  std::vector<Field> more;
  if (creating) {
    more = {req("household_id", id()), opt("planned_on", describe(date(), "the day of a planned visit"))};
  } else {
    more = {req("version", integer(1))};
  }
  fields.insert(fields.end(), more.begin(), more.end());
  return object(fields, closed);
}

// The list, planning or recording a visit, completing and cancelling a plan.
void visit_write_routes(Service& svc, http::Router& router) {
  router.add("GET", "/api/v1/visits",
             {.summary = "Visits in the caller's territory, newest first",
              .tag = "registry",
              .permission = "registry:visit:read",
              .query = {{"household_id", "of this household"},
                        {"region", "under this region code"},
                        {"status", "planned, done or cancelled"},
                        {"from",
                         "first day (YYYY-MM-DD) of the visit's date: when it was done, or the day planned for "
                         "one not done"},
                        {"to", "the day after the last (YYYY-MM-DD), after from"},
                        {"cursor", "next_cursor of the previous page"},
                        {"limit", "1-200, default 50"}},
              .response = schema::page_of(schema::ref("Visit")),
              .statuses = {200, 400, 403}},
             [&svc](Context& ctx) {
               auto page = list_visits(svc, visit_query(svc, ctx));
               json::array items;
               for (const auto& v : page.items) items.push_back(visit_json(v));
               json::value next = page.more ? json::value(std::to_string(page.items.back().id)) : json::value(nullptr);
               return json::respond(200, json::object{{"items", std::move(items)}, {"next_cursor", next}});
             });

  router.add("POST", "/api/v1/visits",
             {.summary = "Plan a visit ({planned_on}) or record one ({findings, ...}), raising an event from it "
                         "in the same step",
              .tag = "registry",
              .permission = "registry:visit:write",
              .request = visit_body(/*creating=*/true),
              .response = schema::ref("Visit"),
              .statuses = {201, 403, 422}},
             [&svc](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"household_id", "planned_on", "purpose", "findings", "visited_at", "photos",
                                       "lat", "lng", "raise_event"});
               Visit v;
               v.household_id = json::get_int(body, "household_id");
               std::optional<VisitRecord> record;
               if (body.contains("findings")) {
                 record = visit_record(svc, body);
               } else {
                 if (!body.contains("planned_on"))
                   throw_validation("planned_on", "a plan needs a date; a record needs findings",
                                    "计划须填日期，记录须填走访情况");
                 if (body.contains("raise_event"))
                   throw_validation("raise_event", "only a recorded visit raises an event", "仅已走访的记录可上报事件");
                 v.planned_on = svc.date_field(body, "planned_on", "", true);
                 v.purpose = json::opt_string(body, "purpose", 200, 0).value_or("");
               }
               Visit done;
               return idempotency::run(
                   svc.db(), ctx, [&](storage::Tx& tx) { done = create_visit(svc, tx, ctx, v, record); },
                   [&] {
                     return idempotency::Reply{201, json::to_text(visit_json(done))};
                   });
             });

  router.add(
      "POST", "/api/v1/visits/{id}/complete",
      {.summary = "Record a planned visit as done (and raise an event from it)",
       .tag = "registry",
       .permission = "registry:visit:write",
       .request = visit_body(/*creating=*/false),
       .response = schema::ref("Visit"),
       .statuses = {200, 403, 404, 409, 422, 428}},
      [&svc](Context& ctx) {
        auto body = json::parse_body(ctx.req());
        json::allow_only(body, {"findings", "purpose", "visited_at", "photos", "lat", "lng", "raise_event", "version"});
        std::int64_t id = json::path_id(ctx.req(), "id");
        std::int64_t version = required_version(body);
        auto record = visit_record(svc, body);
        Visit done;
        return idempotency::run(
            svc.db(), ctx, [&](storage::Tx& tx) { done = complete_visit(svc, tx, ctx, id, version, record); },
            [&] {
              return idempotency::Reply{200, json::to_text(visit_json(done))};
            });
      });

  router.add("POST", "/api/v1/visits/{id}/cancel",
             {.summary = "Cancel a planned visit",
              .tag = "registry",
              .permission = "registry:visit:write",
              .request = schema::object({schema::req("version", schema::integer(1))}, schema::closed),
              .response = schema::ref("Visit"),
              .statuses = {200, 403, 404, 409, 428}},
             [&svc](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"version"});
               std::int64_t id = json::path_id(ctx.req(), "id");
               std::int64_t version = required_version(body);
               return json::respond(200, visit_json(cancel_visit(svc, ctx, id, version)));
             });
}

// The worklist and the coverage.
void visit_report_routes(Service& svc, http::Router& router) {
  router.add("GET", "/api/v1/visits/worklist",
             {.summary = "Households not visited for N days (or never), least recently visited first",
              .tag = "registry",
              .permission = "registry:visit:read",
              .query = {{"region", "under this region code"},
                        {"days", "1-3650, default 30"},
                        {"cursor", "next_cursor of the previous page"},
                        {"limit", "1-200, default 50"}},
              .response = schema::page_of(schema::ref("VisitWorklistItem"))},
             [&svc](Context& ctx) {
               const auto& req = ctx.req();
               auto scope = ctx.user().scope("registry:visit:read");
               std::optional<std::string> region_path;
               if (auto r = req.query_param("region")) {
                 region_path = svc.territory().path_of(*r);
                 ctx.require("registry:visit:read", *region_path);
               }
               std::int64_t days = json::query_int(req, "days", 1, 3650).value_or(Service::kWorklistDays);
               int limit = static_cast<int>(json::query_int(req, "limit", 1, 200).value_or(50));
               std::optional<std::pair<std::int64_t, std::int64_t>> after;
               if (auto c = req.query_param("cursor")) {
                 auto colon = c->find(':');
                 auto a = json::parse_id(c->substr(0, colon == std::string::npos ? 0 : colon));
                 auto b = colon == std::string::npos ? std::nullopt : json::parse_id(c->substr(colon + 1));
                 if (c->substr(0, 2) == "0:") a = 0;
                 if (!a || !b)
                   throw Error("invalid_query", "cursor", "next_cursor of the previous page",
                               "应为上一页的 next_cursor");
                 after = std::make_pair(*a, *b);
               }
               std::int64_t cutoff = storage::now_ms() - days * 86'400'000;
               auto list = visit_worklist(svc, scope, region_path, cutoff, after, limit);
               const auto& rows = list.items;
               json::array items;
               for (const auto& u : rows) {
                 auto o = svc.household_json(u.household);
                 o["last_visited_at"] =
                     u.last_visited_at ? json::value(json::rfc3339(*u.last_visited_at)) : json::value(nullptr);
                 items.push_back(std::move(o));
               }
               json::value next = nullptr;
               if (list.more) {
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
              .response = schema::ref("VisitCoverage"),
              .statuses = {200, 400, 403, 404},
              .runs = http::Runs::pool},
             [&svc](Context& ctx) {
               const auto& req = ctx.req();
               auto code = req.query_param("region");
               if (!code) throw Error("invalid_query", "region", "region is required", "请指定区域");
               auto region = svc.territory().get(*code, false);
               ctx.require("registry:visit:read", region.path);
               std::int64_t now = storage::now_ms();
               std::int64_t from = dates::query_instant(req, "from", svc.calendar()).value_or(now - 30LL * 86'400'000);
               std::int64_t to = dates::query_instant(req, "to", svc.calendar()).value_or(now);
               // Without `to` the period is open-ended (and answered as ending now): an end at
               // `now` left out a visit recorded in this very millisecond, or stamped up to a
               // minute ahead by a device's clock, which visits accept.
               std::int64_t until = req.query_param("to") ? to : std::numeric_limits<std::int64_t>::max();
               auto per_grid = visit_coverage(svc, region.path, from, until);
               std::int64_t households = 0, visited = 0;
               json::array grids;
               for (const auto& [grid, n] : per_grid) {
                 households += n.first;
                 visited += n.second;
                 auto g = svc.territory().find(grid, false);
                 grids.push_back(json::object{
                     {"code", grid},
                     {"name", g ? g->name : grid},
                     {"households", n.first},
                     {"visited", n.second},
                     {"rate", n.first ? static_cast<double>(n.second) / static_cast<double>(n.first) : 0.0}});
               }
               return json::respond(
                   200, json::object{
                            {"region", json::object{{"code", region.code}, {"name", region.name}}},
                            {"from", json::rfc3339(from)},
                            {"to", json::rfc3339(to)},
                            {"households", households},
                            {"visited", visited},
                            {"rate", households ? static_cast<double>(visited) / static_cast<double>(households) : 0.0},
                            {"grids", std::move(grids)}});
             });
}

}  // namespace

void Service::register_visit_routes(http::Router& router) {
  visit_write_routes(*this, router);
  visit_report_routes(*this, router);
}

}  // namespace wangge::registry
