// Reading events: the queue (filtered, paginated), an event's detail with the actions the
// caller may take, duplicate suggestions, and the lifecycle table.
#include <algorithm>
#include <cmath>
#include <map>

#include "core/dates.h"
#include "core/error.h"
#include "events/http_routes.h"
#include "events/next_actor.h"
#include "events/render.h"
#include "events/service.h"
#include "events/similar.h"
#include "territory/service.h"

namespace wangge::events {

namespace {

// department=3,7: the ids of the departments whose events to list (at most 50), ANDed with
// the caller's scope: an id the caller cannot see matches nothing there.
std::vector<std::int64_t> queue_department_ids(std::string_view value) {
  constexpr std::size_t kMaxDepartments = 50;
  std::vector<std::int64_t> ids;
  for (const auto& item : json::split_list(value)) {
    auto id = json::parse_id(item);
    if (!id)
      throw Error("invalid_query", "department", "department is a comma-separated list of department ids",
                  "department 应为以逗号分隔的部门编号");
    ids.push_back(*id);
  }
  if (ids.size() > kMaxDepartments)
    throw Error("invalid_query", "department", "at most 50 departments", "最多 50 个部门");
  return ids;
}

}  // namespace

// The list filter of GET /events: the caller's scope narrowed by the query.
store::ListFilter queue_filter(Service& svc, storage::Tx& tx, const Context& ctx) {
  const auto& req = ctx.req();
  store::ListFilter f = svc.scope_filter(tx, ctx);
  if (auto mine = req.query_param("mine")) {
    if (*mine == "reported") {
      f.scope_paths.clear();
      f.department_ids.clear();
      f.reporter_id = ctx.user().user_id;
    } else if (*mine == "department") {
      f.scope_paths.clear();
      f.reporter_id.reset();
      if (f.department_ids.empty()) f.department_ids.push_back(-1);
    } else if (*mine == "whistled") {
      f.scope_paths.clear();
      f.reporter_id.reset();
      f.whistled_departments = f.department_ids;
      if (f.whistled_departments.empty()) f.whistled_departments.push_back(-1);
      f.department_ids.clear();
    } else if (*mine == "unit") {
      f.scope_paths.clear();
      f.reporter_id.reset();
      f.department_ids.clear();
      f.whistled_units = svc.my_units(tx, ctx);
      if (f.whistled_units.empty()) f.whistled_units.push_back(-1);
    } else {
      throw Error("invalid_query", "mine", "mine is reported, department, whistled or unit",
                  "mine 应为 reported、department、whistled 或 unit");
    }
  }
  if (auto s = req.query_param("status")) f.statuses = json::split_list(*s);
  for (const auto& s : f.statuses) {
    bool known = std::any_of(states().begin(), states().end(), [&](const StateName& n) { return n.state == s; });
    if (!known) throw Error("invalid_query", "status", "unknown state " + s, "未知的状态 " + s);
  }
  if (auto d = req.query_param("department")) f.assigned_departments = queue_department_ids(*d);
  f.level = req.query_param("level");
  f.category_prefix = req.query_param("category");
  f.source = req.query_param("source");
  f.sla = req.query_param("sla");
  if (auto r = req.query_param("region")) f.grid_prefix_path = svc.territory().path_of(*r);
  auto flag = [&](const char* name) -> std::optional<bool> {
    auto v = req.query_param(name);
    if (!v) return std::nullopt;
    if (*v != "true" && *v != "false")
      throw Error("invalid_query", name, std::string(name) + " is true or false",
                  std::string(name) + " 应为 true 或 false");
    return *v == "true";
  };
  f.overdue = flag("overdue");
  f.pending_extension = flag("extension");
  f.supervised = flag("supervised");
  f.from_ms = dates::query_instant(req, "from", svc.calendar());
  f.to_ms = dates::query_instant(req, "to", svc.calendar());
  if (auto q = req.query_param("q"); q && !q->empty()) f.text = *q;
  f.before_id = json::query_int(req, "cursor", 1, INT64_MAX);
  return f;
}

void register_queue_routes(Service& svc, http::Router& router) {
  router.add("GET", "/api/v1/events",
             {.summary = "Events visible to the caller, newest first, filtered, paginated",
              .tag = "events",
              .query = {{"status", "comma-separated states"},
                        {"level", "community | street | county"},
                        {"category", "a category code (a top-level code includes its subcategories)"},
                        {"source", "resident, patrol, hotline, window, visit, open311, complaint"},
                        {"region", "only under this region code"},
                        {"sla", "ok | yellow | red | none"},
                        {"overdue", "true | false"},
                        {"supervised", "true | false"},
                        {"mine",
                         "reported | department | whistled | unit: my reports / my departments' tasks / "
                         "events my departments are summoned to and have not reported in / the same for "
                         "my co-building units"},
                        {"department",
                         "comma-separated department ids: only events assigned to one of them (within the "
                         "caller's scope and `mine`)"},
                        {"extension", "true: only events with a pending extension request"},
                        {"from", "created at or after (date or RFC 3339)"},
                        {"to", "created before"},
                        {"q", "text in the description or address"},
                        {"cursor", "next_cursor of the previous page"},
                        {"limit", "1..200, default 50"}},
              .response = schema::page_of(schema::ref("Event")),
              .statuses = {200, 400}},
             [&svc](Context& ctx) {
               const auto& req = ctx.req();
               std::vector<Event> rows;
               int limit = static_cast<int>(json::query_int(req, "limit", 1, 200).value_or(50));
               svc.db().read([&](storage::Tx& tx) {
                 store::ListFilter f = queue_filter(svc, tx, ctx);
                 f.limit = limit + 1;
                 rows = store::list(tx, f);
               });
               auto dept_names = svc.department_names();
               territory::NameCache grid_names(svc.territory());
               {
                 std::vector<std::string> codes;  // one read of the page's grid names
                 for (const auto& e : rows)
                   if (e.grid_code) codes.push_back(*e.grid_code);
                 grid_names.prime(std::move(codes));
               }
               json::array items;
               for (std::size_t i = 0; i < rows.size() && static_cast<int>(i) < limit; ++i) {
                 json::object o = event_json(rows[i], svc);
                 if (rows[i].department_id) o["department"] = dept_names[*rows[i].department_id];
                 if (rows[i].grid_code) o["grid_name"] = grid_names(*rows[i].grid_code);
                 items.push_back(std::move(o));
               }
               json::value next = static_cast<int>(rows.size()) > limit
                                      ? json::value(std::to_string(rows[static_cast<std::size_t>(limit) - 1].id))
                                      : json::value(nullptr);
               return json::respond(200, json::object{{"items", std::move(items)}, {"next_cursor", next}});
             });

  router.add("GET", "/api/v1/events/{id}",
             {.summary = "An event with its timeline, whistles and the actions the caller may take",
              .tag = "events",
              .response = schema::ref("EventDetail"),
              .statuses = {200, 403, 404}},
             [&svc](Context& ctx) {
               json::object out;
               std::int64_t version = 0;
               NextActor next;
               svc.db().read([&](storage::Tx& tx) {
                 Event e = svc.visible(tx, ctx, json::path_id(ctx.req(), "id"));
                 next = next_actor(svc, tx, e);
                 version = e.version;
                 out = event_json(e, svc);
                 add_extras_json(out, store::extras(tx, e.id));
                 if (e.department_id) out["department"] = svc.department_name(tx, *e.department_id);
                 json::array tl, ws;
                 // The reporter reads public updates only: no internal notes, staff or whistles.
                 bool staff = svc.reads_as_staff(tx, ctx, e);
                 auto entries = store::timeline(tx, e.id);
                 std::map<std::int64_t, std::string> names;
                 if (staff) {
                   std::vector<std::int64_t> ids;
                   for (const auto& t : entries)
                     if (t.actor_id) ids.push_back(*t.actor_id);
                   names = svc.names_of(tx, ids);
                 }
                 for (const auto& t : entries) {
                   if (!staff) {
                     tl.push_back(reporter_timeline_json(t, e.reporter_id));
                     continue;
                   }
                   json::object o = timeline_json(t, e.reporter_id);
                   if (auto n = t.actor_id ? names.find(*t.actor_id) : names.end(); n != names.end())
                     o["actor_name"] = n->second;
                   tl.push_back(std::move(o));
                 }
                 std::int64_t now = storage::now_ms();
                 if (staff)
                   for (const auto& w : store::whistles(tx, e.id)) ws.push_back(whistle_json(w, now));
                 out["timeline"] = std::move(tl);
                 out["whistles"] = std::move(ws);
                 out["actions"] = actions_json(svc.offered(tx, ctx, e), e.id);
               });
               out["next"] = next_actor_json(svc, next);
               if (const auto* g = out.if_contains("grid_code"); g && g->is_string())
                 out["grid_name"] = territory::NameCache(svc.territory())(std::string(g->as_string()));
               auto r = json::respond(200, out);
               r.set_header("ETag", "\"" + std::to_string(version) + "\"");
               return r;
             });

  router.add(
      "GET", "/api/v1/events/{id}/duplicates",
      {.summary = "Possible duplicates: open events nearby and recent, the most alike first (text, category, place)",
       .tag = "events",
       .permission = "events:event:dispatch",
       .response = schema::object({schema::req("items", schema::array(schema::ref("Event")))}),
       .statuses = {200, 403, 404}},
      [&svc](Context& ctx) {
        json::array items;
        svc.db().read([&](storage::Tx& tx) {
          Event e = svc.visible(tx, ctx, json::path_id(ctx.req(), "id"));
          ctx.require("events:event:dispatch", e.handling_path);
          if (!e.lat || !e.lng) return;
          SimilarQuery q{*e.lng, *e.lat, e.category_code, e.description, e.created_at, e.id};
          for (const auto& d : svc.similar(tx, q, 10)) {
            if (!svc.can_read(tx, ctx, d.event)) continue;
            json::object o = event_json(d.event, svc);
            o["similarity"] = std::round(d.score * 100) / 100;
            o["distance_m"] = std::round(d.distance_m);
            items.push_back(std::move(o));
          }
        });
        return json::respond(200, json::object{{"items", std::move(items)}});
      });

  router.add("GET", "/api/v1/event-lifecycle",
             {.summary = "The event lifecycle: states and the transition table",
              .tag = "events",
              .response = schema::ref("EventLifecycle")},
             [](Context&) { return json::respond(200, lifecycle_json()); });
}

}  // namespace wangge::events
