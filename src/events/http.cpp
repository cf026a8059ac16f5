// HTTP routes of the events module: intake, queues, detail, one route per row of the
// transition table, categories, departments, the working calendar and statistics.
#include <boost/json/parse.hpp>
#include <map>

#include "audit/audit.h"
#include "core/dates.h"
#include "core/error.h"
#include "core/idempotency.h"
#include "events/stats.h"
#include "events/step_helpers.h"
#include "territory/service.h"

namespace wangge::events {
namespace {

// The version the caller acts on: If-Match ("3", W/"3") or the body's "version".
std::int64_t expected_version(const Context& ctx, const json::object& body) {
  if (auto h = ctx.req().header("if-match")) {
    std::string v(*h);
    if (v.rfind("W/", 0) == 0) v = v.substr(2);
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    char* end = nullptr;
    long long n = std::strtoll(v.c_str(), &end, 10);
    if (v.empty() || !end || *end != '\0' || n < 1)
      throw Error("bad_request", "If-Match", "If-Match must be the event's ETag, e.g. \"3\"",
                  "If-Match 应为事件的 ETag，如 \"3\"");
    return n;
  }
  if (auto v = json::opt_int(body, "version")) return *v;
  throw Error("precondition_required", "version", "send If-Match or \"version\"", "请发送 If-Match 或 version");
}

json::object whistle_json(const Whistle& w, std::int64_t now) {
  bool late = w.reported_at ? *w.reported_at > w.due_at : now > w.due_at;
  return json::object{
      {"id", w.id},
      {"department_id", w.department_id},
      {"department", w.department_name},
      {"summoned_at", json::rfc3339(w.summoned_at)},
      {"due_at", json::rfc3339(w.due_at)},
      {"reported_at", w.reported_at ? json::value(json::rfc3339(*w.reported_at)) : json::value(nullptr)},
      {"response", w.response ? json::value(*w.response) : json::value(nullptr)},
      {"late", late}};
}

json::object category_json(const Category& c) {
  return json::object{{"code", c.code},
                      {"parent_code", c.parent_code ? json::value(*c.parent_code) : json::value(nullptr)},
                      {"name_zh", c.name_zh},
                      {"name_en", c.name_en},
                      {"department_kind", c.department_kind},
                      {"priority", c.priority},
                      {"self_handle", c.self_handle},
                      {"accept_hours", c.accept_hours},
                      {"sign_hours", c.sign_hours},
                      {"handle_days", json::object{{"normal", c.handle_days_normal},
                                                   {"urgent", c.handle_days_urgent},
                                                   {"critical", c.handle_days_critical}}},
                      {"verify_days", c.verify_days},
                      {"active", c.active},
                      {"sort", c.sort},
                      {"attributes", attributes_json(c.attributes)},
                      {"version", c.version}};
}

json::object department_json(const Department& d) {
  json::array members;
  for (auto m : d.members) members.emplace_back(m);
  return json::object{{"id", d.id},         {"region_code", d.region_code}, {"kind", d.kind},    {"name", d.name},
                      {"active", d.active}, {"version", d.version},         {"members", members}};
}

ReportInput report_input(const json::object& body) {
  json::allow_only(body, {"source", "category", "description", "lat", "lng", "address", "grid_code", "reporter_name",
                          "phone", "email", "photos", "priority", "self_handled", "result", "attributes"});
  ReportInput in;
  in.source = json::opt_string(body, "source", 20).value_or("resident");
  in.category_code = json::get_string(body, "category", 8);
  in.description = json::get_string(body, "description", 5000);
  auto number = [&](const char* key) -> std::optional<double> {
    auto it = body.find(key);
    if (it == body.end() || it->value().is_null()) return std::nullopt;
    if (!it->value().is_number()) throw_validation(key, "must be a number", "应为数字");
    return it->value().to_number<double>();
  };
  in.lat = number("lat");
  in.lng = number("lng");
  if (in.lat.has_value() != in.lng.has_value()) throw_validation("lng", "lat and lng go together", "经纬度须同时提供");
  in.address = json::opt_string(body, "address", 200).value_or("");
  in.grid_code = json::opt_string(body, "grid_code", 24);
  in.reporter_name = json::opt_string(body, "reporter_name", 50).value_or("");
  in.phone = json::opt_string(body, "phone", 32);
  in.email = json::opt_string(body, "email", 254);
  // Answers to the category's questions: {code: "value" | number | ["key", ...]}.
  if (auto it = body.find("attributes"); it != body.end() && !it->value().is_null()) {
    if (!it->value().is_object() || it->value().as_object().size() > 30)
      throw_validation("attributes", "an object of answers {code: value}", "应为对象 {编码: 值}");
    for (const auto& kv : it->value().as_object()) {
      auto& values = in.attributes[std::string(kv.key())];
      auto one = [&](const json::value& v) {
        if (v.is_string()) {
          values.emplace_back(v.as_string());
        } else if (v.is_number()) {
          values.push_back(json::to_text(v));
        } else {
          throw_validation("attributes." + std::string(kv.key()), "a string, a number or a list of keys",
                           "应为字符串、数字或选项列表");
        }
      };
      if (kv.value().is_array()) {
        for (const auto& v : kv.value().as_array()) one(v);
      } else {
        one(kv.value());
      }
    }
  }
  boost::system::error_code ec;
  auto photos = boost::json::parse(read_photos(body), ec);
  for (const auto& p : photos.as_array()) in.photos.emplace_back(p.as_string());
  in.priority = json::opt_string(body, "priority", 10);
  in.self_handled = json::opt_bool(body, "self_handled").value_or(false);
  in.result = json::opt_string(body, "result", 2000).value_or("");
  return in;
}

}  // namespace

// The actions the caller may take on e now (for the web's buttons).
json::array available_actions(Service& svc, storage::Tx& tx, const Context& ctx, const Event& e);

void Service::register_routes(http::Router& router) {
  // --- calendar ---
  router.add(
      "GET", "/api/v1/calendar/add-working-days",
      {.summary = "The date N working days after a date, on the official holiday calendar",
       .tag = "calendar",
       .query = {{"from", "YYYY-MM-DD", true}, {"days", "-3650..3650", true}},
       .statuses = {200, 400}},
      [this](Context& ctx) {
        auto from_text = ctx.req().query_param("from");
        if (!from_text)
          throw Error("invalid_query", "from", "from is required (YYYY-MM-DD)", "缺少 from（YYYY-MM-DD）");
        Day from;
        try {
          from = parse_day(*from_text);
        } catch (const std::invalid_argument&) {
          throw Error("invalid_query", "from", "from must be a date YYYY-MM-DD", "from 应为日期 YYYY-MM-DD");
        }
        auto days = json::query_int(ctx.req(), "days", -3650, 3650);
        if (!days) throw Error("invalid_query", "days", "days is required", "缺少 days");
        Day to = calendar_.add_working_days(from, static_cast<int>(*days));
        json::array skipped;
        for (Day d = std::min(from, to) + 1; d < std::max(from, to); ++d) {
          auto info = calendar_.info(d);
          if (!info.working)
            skipped.push_back(json::object{
                {"date", format_day(d)}, {"kind", info.kind}, {"name_zh", info.name_zh}, {"name_en", info.name_en}});
        }
        bool known = year_of(to) >= calendar_.first_year() && year_of(to) <= calendar_.last_year() &&
                     year_of(from) >= calendar_.first_year() && year_of(from) <= calendar_.last_year();
        return json::respond(200, json::object{{"from", format_day(from)},
                                               {"days", *days},
                                               {"date", format_day(to)},
                                               {"days_off_skipped", std::move(skipped)},
                                               {"holiday_data_covers_dates", known}});
      });

  // --- categories ---
  router.add("GET", "/api/v1/event-categories",
             {.summary = "Event categories (two levels) with their deadlines",
              .tag = "events",
              .permission = "events:category:read"},
             [this](Context&) {
               json::array items;
               for (const auto& c : categories()) items.push_back(category_json(c));
               return json::respond(200, json::object{{"items", std::move(items)}});
             });
  router.add(
      "PUT", "/api/v1/event-categories/{code}",
      {.summary = "Create or edit a category (administrators)",
       .tag = "events",
       .permission = "events:category:write",
       .request_body = "{name_zh, name_en, parent_code?, department_kind?, priority?, self_handle?, "
                       "accept_hours?, sign_hours?, handle_days?{normal,urgent,critical}, verify_days?, "
                       "active?, sort?, attributes?[{code, datatype, required?, variable?, order?, description_zh, "
                       "description_en, values?[{key, name_zh, name_en}]}], version? (required to edit)}",
       .statuses = {200, 201, 409, 422}},
      [this](Context& ctx) {
        ctx.require("events:category:write", "/");
        auto body = json::parse_body(ctx.req());
        json::allow_only(body, {"name_zh", "name_en", "parent_code", "department_kind", "priority", "self_handle",
                                "accept_hours", "sign_hours", "handle_days", "verify_days", "active", "sort",
                                "attributes", "version"});
        std::string code = ctx.req().param("code");
        if (code.size() < 2 || code.size() > 8 || !territory::digits_only(code))
          throw_validation("code", "2 to 8 digits", "应为 2 到 8 位数字");
        auto existing = category(code);
        Category c = existing.value_or(Category{});
        c.code = code;
        c.name_zh = json::get_string(body, "name_zh", 50);
        c.name_en = json::get_string(body, "name_en", 100);
        // Two levels: omitted keeps the parent, null makes a top-level category.
        if (body.contains("parent_code")) c.parent_code = json::opt_string(body, "parent_code", 8);
        if (c.parent_code) {
          auto parent = category(*c.parent_code);
          if (!parent || parent->parent_code || *c.parent_code == code)
            throw_validation("parent_code", "the parent must be an existing top-level category", "上级应为已有的大类");
          for (const auto& other : categories()) {
            if (other.parent_code == code)
              throw_validation("parent_code", "a category with subcategories stays top-level", "含小类的大类不能再归入其他大类");
          }
        }
        c.department_kind = json::opt_string(body, "department_kind", 32).value_or(c.department_kind);
        c.priority = json::opt_string(body, "priority", 10).value_or(c.priority);
        if (c.priority != "normal" && c.priority != "urgent" && c.priority != "critical")
          throw_validation("priority", "one of normal, urgent, critical", "应为 normal、urgent 或 critical");
        c.self_handle = json::opt_bool(body, "self_handle").value_or(c.self_handle);
        auto bounded = [&](const json::object& o, const char* key, int current, int lo, int hi,
                           const std::string& field) {
          auto v = json::opt_int(o, key);
          if (!v) return current;
          if (*v < lo || *v > hi)
            throw_validation(field, std::to_string(lo) + ".." + std::to_string(hi),
                             "应在 " + std::to_string(lo) + " 到 " + std::to_string(hi) + " 之间");
          return static_cast<int>(*v);
        };
        c.accept_hours = bounded(body, "accept_hours", c.accept_hours, 1, 720, "accept_hours");
        c.sign_hours = bounded(body, "sign_hours", c.sign_hours, 1, 720, "sign_hours");
        c.verify_days = bounded(body, "verify_days", c.verify_days, 1, 30, "verify_days");
        c.sort = bounded(body, "sort", c.sort, 0, 100000, "sort");
        if (auto it = body.find("handle_days"); it != body.end()) {
          if (!it->value().is_object())
            throw_validation("handle_days", "an object {normal, urgent, critical}", "应为对象");
          const auto& hd = it->value().as_object();
          json::allow_only(hd, {"normal", "urgent", "critical"});
          c.handle_days_normal = bounded(hd, "normal", c.handle_days_normal, 1, 365, "handle_days.normal");
          c.handle_days_urgent = bounded(hd, "urgent", c.handle_days_urgent, 1, 365, "handle_days.urgent");
          c.handle_days_critical = bounded(hd, "critical", c.handle_days_critical, 1, 365, "handle_days.critical");
        }
        c.active = json::opt_bool(body, "active").value_or(c.active);
        if (auto it = body.find("attributes"); it != body.end()) c.attributes = parse_attributes(it->value());
        if (existing) {
          auto v = json::opt_int(body, "version");
          if (!v) throw Error("precondition_required", "version", "send the version you edit", "请提供所编辑的版本号");
          if (*v != existing->version)
            throw Error("stale_version", "version", "the category changed meanwhile", "类别已被他人修改");
          c.version = existing->version + 1;
        } else {
          c.version = 1;
        }
        db_.write([&](storage::Tx& tx) {
          if (existing) {
            auto now_row = store::category(tx, code);
            if (!now_row || now_row->version != existing->version)
              throw Error("stale_version", "version", "the category changed meanwhile", "类别已被他人修改");
          } else if (store::category(tx, code)) {
            throw Error("already_exists", "code", "category " + code + " exists", "类别 " + code + " 已存在");
          }
          store::upsert_category(tx, c, storage::now_ms());
          audit::append(tx, audit::entry(ctx, existing ? "events:category:update" : "events:category:create", code,
                                         {{"name_zh", c.name_zh}}));
        });
        invalidate_categories();
        return json::respond(existing ? 200 : 201, category_json(c));
      });

  // --- departments ---
  router.add("GET", "/api/v1/departments",
             {.summary = "Departments serving the caller's territory (and those above it)",
              .tag = "events",
              .permission = "events:department:read",
              .query = {{"region", "only those serving this region code"}, {"kind", "only this kind"}}},
             [this](Context& ctx) {
               auto scope = ctx.user().scope("events:department:read");
               auto region = ctx.req().query_param("region");
               std::string region_path;
               if (region) {
                 region_path = territory_.path_of(*region);
                 ctx.require("events:department:read", region_path);
               }
               auto kind = ctx.req().query_param("kind");
               auto all = db_.read_value<std::vector<Department>>(
                   [&](storage::Tx& tx) { return store::departments(tx, {"/"}); });
               json::array items;
               for (const auto& d : all) {
                 bool visible = std::any_of(scope.begin(), scope.end(), [&](const std::string& s) {
                   return path_within(d.region_path, s) || path_within(s, d.region_path);
                 });
                 if (!visible) continue;
                 if (region && !path_within(region_path, d.region_path)) continue;
                 if (kind && d.kind != *kind) continue;
                 items.push_back(department_json(d));
               }
               return json::respond(200, json::object{{"items", std::move(items)}});
             });
  router.add("POST", "/api/v1/departments",
             {.summary = "Create a department on a territory node",
              .tag = "events",
              .permission = "events:department:write",
              .request_body = "{region_code, kind, name}",
              .statuses = {201, 409, 422}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"region_code", "kind", "name"});
               Department d;
               d.region_code = json::get_string(body, "region_code", 24);
               d.kind = json::get_string(body, "kind", 32);
               d.name = json::get_string(body, "name", 100);
               auto region = territory_.find(d.region_code, false);
               if (!region)
                 throw_validation("region_code", "no region " + d.region_code, "区域 " + d.region_code + " 不存在");
               ctx.require("events:department:write", region->path);
               d.region_path = region->path;
               try {
                 db_.write([&](storage::Tx& tx) {
                   d.id = store::insert_department(tx, d, storage::now_ms());
                   audit::append(tx, audit::entry(ctx, "events:department:create", "department:" + std::to_string(d.id),
                                                  {{"name", d.name}, {"region", d.region_code}}));
                 });
               } catch (const storage::DbError& e) {
                 if (e.kind() == storage::DbError::Kind::unique)
                   throw Error("already_exists", "name", d.name + " exists on this node", d.name + " 已存在");
                 throw;
               }
               return json::respond(201, department_json(d));
             });
  router.add("PATCH", "/api/v1/departments/{id}",
             {.summary = "Rename, re-kind or (de)activate a department",
              .tag = "events",
              .permission = "events:department:write",
              .request_body = "{name?, kind?, active?, version}",
              .statuses = {200, 404, 409, 422, 428}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"name", "kind", "active", "version"});
               std::int64_t id = json::path_id(ctx.req(), "id");
               Department d;
               db_.write([&](storage::Tx& tx) {
                 auto found = store::department(tx, id);
                 if (!found) throw_not_found("no department " + std::to_string(id), "部门不存在");
                 ctx.require("events:department:write", found->region_path);
                 auto v = json::opt_int(body, "version");
                 if (!v)
                   throw Error("precondition_required", "version", "send the version you edit", "请提供所编辑的版本号");
                 if (*v != found->version)
                   throw Error("stale_version", "version", "the department changed meanwhile", "部门已被他人修改");
                 d = *found;
                 d.name = json::opt_string(body, "name", 100, 1).value_or(d.name);
                 d.kind = json::opt_string(body, "kind", 32, 1).value_or(d.kind);
                 d.active = json::opt_bool(body, "active").value_or(d.active);
                 d.version = found->version + 1;
                 if (!store::update_department(tx, d, found->version, storage::now_ms()))
                   throw Error("stale_version", "version", "the department changed meanwhile", "部门已被他人修改");
                 audit::append(tx, audit::entry(ctx, "events:department:update", "department:" + std::to_string(id),
                                                {{"name", d.name}, {"active", d.active}}));
               });
               return json::respond(200, department_json(d));
             });
  router.add("PUT", "/api/v1/departments/{id}/members",
             {.summary = "Set the handler accounts of a department",
              .tag = "events",
              .permission = "events:department:write",
              .request_body = "{user_ids: [..]}",
              .statuses = {200, 404, 422}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(body, {"user_ids"});
               auto it = body.find("user_ids");
               if (it == body.end() || !it->value().is_array() || it->value().as_array().size() > 200)
                 throw_validation("user_ids", "an array of up to 200 user ids", "应为最多 200 个用户编号的数组");
               std::vector<std::int64_t> users;
               for (const auto& v : it->value().as_array()) {
                 if (!v.is_int64()) throw_validation("user_ids", "user ids are integers", "用户编号应为整数");
                 if (std::find(users.begin(), users.end(), v.as_int64()) == users.end()) users.push_back(v.as_int64());
               }
               std::int64_t id = json::path_id(ctx.req(), "id");
               Department d;
               try {
                 db_.write([&](storage::Tx& tx) {
                   auto found = store::department(tx, id);
                   if (!found) throw_not_found("no department " + std::to_string(id), "部门不存在");
                   ctx.require("events:department:write", found->region_path);
                   store::set_members(tx, id, users, storage::now_ms());
                   d = *found;
                   d.members = users;
                   json::array ids;
                   for (auto u : users) ids.emplace_back(u);
                   audit::append(tx, audit::entry(ctx, "events:department:members", "department:" + std::to_string(id),
                                                  {{"user_ids", ids}}));
                 });
               } catch (const storage::DbError& e) {
                 if (e.kind() == storage::DbError::Kind::foreign_key)
                   throw_validation("user_ids", "an unknown user id", "包含不存在的用户编号");
                 throw;
               }
               return json::respond(200, department_json(d));
             });

  // --- events: intake, queues, detail ---
  router.add("POST", "/api/v1/events",
             {.summary = "Report an event (residents for themselves; staff for others, or self-handled on the spot)",
              .tag = "events",
              .permission = "events:event:report",
              .request_body = "{category, description, lat+lng | grid_code+address, source?, address?, reporter_name?, "
                              "phone?, photos?[hash], priority? (staff), self_handled?+result (grid workers)}",
              .statuses = {201, 403, 409, 422},
              .runs = http::Runs::deferred},
             [this](Context& ctx) {
               // Validated, located and sealed here; filed in the group commit, answered
               // when durable (deferred: no thread waits for the commit).
               auto in = std::make_shared<const ReportInput>(report_input(json::parse_body(ctx.req())));
               auto prepared = std::make_shared<const Event>(prepare_report(ctx, *in));
               auto done = std::make_shared<std::optional<Event>>();
               return idempotency::run_deferred(
                   db_, ctx,
                   [this, &ctx, in, prepared, done](storage::Tx& tx) { *done = file_report(tx, ctx, *prepared, *in); },
                   [this, done] { published(**done); },
                   [this, done] {
                     return idempotency::Reply{201, json::to_text(event_json(**done, *this))};
                   });
             });

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
                         "reported | department | whistled: my reports / my departments' tasks / "
                         "events my departments are summoned to and have not reported in"},
                        {"extension", "true: only events with a pending extension request"},
                        {"from", "created at or after (date or RFC 3339)"},
                        {"to", "created before"},
                        {"q", "text in the description or address"},
                        {"cursor", "next_cursor of the previous page"},
                        {"limit", "1..200, default 50"}},
              .statuses = {200, 400}},
             [this](Context& ctx) {
               const auto& req = ctx.req();
               std::vector<Event> rows;
               int limit = static_cast<int>(json::query_int(req, "limit", 1, 200).value_or(50));
               db_.read([&](storage::Tx& tx) {
                 store::ListFilter f = scope_filter(tx, ctx);
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
                   } else {
                     throw Error("invalid_query", "mine", "mine is reported, department or whistled",
                                 "mine 应为 reported、department 或 whistled");
                   }
                 }
                 if (auto s = req.query_param("status")) f.statuses = json::split_list(*s);
                 for (const auto& s : f.statuses) {
                   bool known =
                       std::any_of(states().begin(), states().end(), [&](const StateName& n) { return n.state == s; });
                   if (!known) throw Error("invalid_query", "status", "unknown state " + s, "未知的状态 " + s);
                 }
                 f.level = req.query_param("level");
                 f.category_prefix = req.query_param("category");
                 f.source = req.query_param("source");
                 f.sla = req.query_param("sla");
                 if (auto r = req.query_param("region")) f.grid_prefix_path = territory_.path_of(*r);
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
                 f.from_ms = dates::query_instant(req, "from", calendar_);
                 f.to_ms = dates::query_instant(req, "to", calendar_);
                 if (auto q = req.query_param("q"); q && !q->empty()) f.text = *q;
                 f.before_id = json::query_int(req, "cursor", 1, INT64_MAX);
                 f.limit = limit + 1;
                 rows = store::list(tx, f);
               });
               auto dept_names = department_names();
               json::array items;
               for (std::size_t i = 0; i < rows.size() && static_cast<int>(i) < limit; ++i) {
                 json::object o = event_json(rows[i], *this);
                 if (rows[i].department_id) o["department"] = dept_names[*rows[i].department_id];
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
              .statuses = {200, 403, 404}},
             [this](Context& ctx) {
               json::object out;
               std::int64_t version = 0;
               db_.read([&](storage::Tx& tx) {
                 Event e = visible(tx, ctx, json::path_id(ctx.req(), "id"));
                 version = e.version;
                 out = event_json(e, *this);
                 add_extras_json(out, store::extras(tx, e.id));
                 if (e.department_id) out["department"] = department_name(tx, *e.department_id);
                 json::array tl, ws;
                 for (const auto& t : store::timeline(tx, e.id)) tl.push_back(timeline_json(t));
                 std::int64_t now = storage::now_ms();
                 for (const auto& w : store::whistles(tx, e.id)) ws.push_back(whistle_json(w, now));
                 out["timeline"] = std::move(tl);
                 out["whistles"] = std::move(ws);
                 out["actions"] = available_actions(*this, tx, ctx, e);
               });
               auto r = json::respond(200, out);
               r.set_header("ETag", "\"" + std::to_string(version) + "\"");
               return r;
             });

  router.add("GET", "/api/v1/events/{id}/duplicates",
             {.summary = "Open events of the same category nearby and recent (duplicate suggestions)",
              .tag = "events",
              .permission = "events:event:dispatch",
              .statuses = {200, 403, 404}},
             [this](Context& ctx) {
               json::array items;
               db_.read([&](storage::Tx& tx) {
                 Event e = visible(tx, ctx, json::path_id(ctx.req(), "id"));
                 ctx.require("events:event:dispatch", e.handling_path);
                 for (const auto& d : duplicates(tx, e)) {
                   if (can_read(tx, ctx, d)) items.push_back(event_json(d, *this));
                 }
               });
               return json::respond(200, json::object{{"items", std::move(items)}});
             });

  router.add("GET", "/api/v1/event-lifecycle",
             {.summary = "The event lifecycle: states and the transition table", .tag = "events"}, [](Context&) {
               json::array ss, ts;
               for (const auto& s : states())
                 ss.push_back(json::object{{"state", s.state}, {"name_zh", s.name_zh}, {"name_en", s.name_en}});
               for (const auto& t : transitions()) {
                 json::array from;
                 for (auto f : t.from) from.emplace_back(f);
                 ts.push_back(json::object{{"action", t.action},
                                           {"actor", actor_name(t.actor)},
                                           {"permission", permission_of(t.actor)},
                                           {"from", std::move(from)},
                                           {"to", t.to.empty() ? json::value(nullptr) : json::value(t.to)},
                                           {"name_zh", t.name_zh},
                                           {"name_en", t.name_en}});
               }
               return json::respond(200, json::object{{"states", std::move(ss)}, {"transitions", std::move(ts)}});
             });

  // --- one route per row of the transition table ---
  for (const auto& t : transitions()) {
    bool reporter = t.actor == Actor::reporter;
    std::string pattern =
        std::string(reporter ? "/api/v1/my/events/{id}/" : "/api/v1/events/{id}/") + std::string(t.action);
    router.add("POST", pattern,
               {.summary = std::string(t.name_en) + " (" + std::string(t.name_zh) + "), by the " +
                           std::string(actor_name(t.actor)),
                .tag = "events",
                .permission = std::string(permission_of(t.actor)),
                .request_body = "{version (or If-Match), comment?, ...action fields}",
                .statuses = {200, 403, 404, 409, 422, 428}},
               [this, &t](Context& ctx) {
                 auto body = json::parse_body(ctx.req());
                 std::int64_t version = expected_version(ctx, body);
                 std::int64_t id = json::path_id(ctx.req(), "id");
                 std::optional<Event> done;
                 auto r = idempotency::run(
                     db_, ctx, [&](storage::Tx& tx) { done = act(tx, ctx, id, t, version, body); },
                     [&] {
                       return idempotency::Reply{200, json::to_text(event_json(*done, *this))};
                     });
                 if (done) published(*done);
                 return r;
               });
  }

  // --- anonymous residents: a report without an account, followed by its tracking code ---
  router.add("POST", "/api/v1/public/events",
             {.summary = "Report an event without an account; answers the tracking code to follow it with",
              .tag = "events",
              .authenticated = false,
              .request_body = "{category, description, lat+lng | grid_code+address, address?, reporter_name?, phone?}",
              .statuses = {201, 422}},
             [this](Context& ctx) {
               auto body = json::parse_body(ctx.req());
               json::allow_only(
                   body, {"category", "description", "lat", "lng", "address", "grid_code", "reporter_name", "phone"});
               ReportInput in = report_input(body);
               in.source = "resident";
               Event prepared = prepare_report(ctx, in);
               std::optional<Event> done;
               auto r = idempotency::run(
                   db_, ctx, [&](storage::Tx& tx) { done = file_report(tx, ctx, prepared, in); },
                   [&] {
                     return idempotency::Reply{
                         201,
                         json::to_text(json::object{{"tracking_code", done->tracking_code},
                                                    {"status", done->status},
                                                    {"due_at", done->due_at ? json::value(json::rfc3339(*done->due_at))
                                                                            : json::value(nullptr)}})};
                   });
               if (done) published(*done);
               return r;
             });
  auto public_view = [this](const Event& e, storage::Tx& tx) {
    // What the reporter may see: no staff names, no contact, no internal notes.
    json::array steps;
    for (const auto& t : store::timeline(tx, e.id))
      steps.push_back(json::object{{"at", json::rfc3339(t.at)}, {"action", t.action}, {"to_status", t.to_status}});
    json::object o = event_json(e, *this);
    for (const char* k : {"contact", "reporter_name", "handler_id", "department_id", "handling_code"}) o.erase(k);
    o["timeline"] = std::move(steps);
    return o;
  };
  router.add("GET", "/api/v1/public/events/{tracking_code}",
             {.summary = "Follow an anonymous report by its tracking code",
              .tag = "events",
              .authenticated = false,
              .statuses = {200, 404}},
             [this, public_view](Context& ctx) {
               json::object out;
               db_.read([&](storage::Tx& tx) {
                 auto e = store::get_by_tracking(tx, ctx.req().param("tracking_code"));
                 if (!e) throw_not_found("no report with this tracking code", "没有该查询码对应的事件");
                 out = public_view(*e, tx);
               });
               return json::respond(200, out);
             });
  for (const char* action : {"rate", "pass", "rework", "withdraw", "reopen", "comment"}) {
    const Transition* t = find_transition(action, Actor::reporter);
    router.add("POST", std::string("/api/v1/public/events/{tracking_code}/") + action,
               {.summary = std::string(t->name_en) + " (" + std::string(t->name_zh) +
                           ") an anonymous report by its tracking code",
                .tag = "events",
                .authenticated = false,
                .request_body = "{version, comment?, rating? (rate)}",
                .statuses = {200, 404, 409, 422, 428}},
               [this, t](Context& ctx) {
                 auto body = json::parse_body(ctx.req());
                 std::int64_t version = expected_version(ctx, body);
                 std::optional<Event> found = find_by_tracking(ctx.req().param("tracking_code"));
                 // Only reports without an account: an account holder acts when logged in.
                 if (!found || found->reporter_id)
                   throw_not_found("no anonymous report with this tracking code", "没有该查询码对应的匿名事件");
                 std::optional<Event> done;
                 auto r = idempotency::run(
                     db_, ctx, [&](storage::Tx& tx) { done = act(tx, ctx, found->id, *t, version, body, true); },
                     [&] {
                       return idempotency::Reply{
                           200, json::to_text(json::object{{"status", done->status}, {"version", done->version}})};
                     });
                 if (done) published(*done);
                 return r;
               });
  }

  register_stats_routes(*this, router);
}

json::array available_actions(Service& svc, storage::Tx& tx, const Context& ctx, const Event& e) {
  json::array out;
  const Principal& u = ctx.user();
  auto mine = svc.my_departments(tx, ctx);
  for (const auto& t : transitions()) {
    if (std::find(t.from.begin(), t.from.end(), e.status) == t.from.end()) continue;
    bool ok = false;
    switch (t.actor) {
      case Actor::dispatcher:
        ok = u.can("events:event:dispatch", e.handling_path);
        break;
      case Actor::handler:
        ok = e.department_id && std::find(mine.begin(), mine.end(), *e.department_id) != mine.end();
        break;
      case Actor::whistled:
        ok = store::pending_whistle(tx, e.id, mine).has_value();
        break;
      case Actor::verifier:
        ok = u.can("events:event:verify", e.region_path);
        break;
      case Actor::leader:
        ok = u.can("events:event:supervise", e.region_path);
        break;
      case Actor::reporter:
        ok = e.reporter_id && *e.reporter_id == u.user_id;
        break;
    }
    // Preconditions the use cases check besides state and actor: offer only what will work.
    std::string_view a = t.action;
    if (a == "rate") ok = !e.rating;
    if (a == "reopen")
      ok = e.rating.value_or("") == "unsatisfied" &&
           storage::now_ms() - e.closed_at.value_or(0) <= std::int64_t{svc.reopen_days} * 86'400'000;
    if (a == "approve-extension" || a == "deny-extension") ok = e.extension_days.has_value();
    if (a == "request-extension") ok = !e.extension_days.has_value();
    if (a == "escalate") ok = e.level != "county";
    if (!ok) continue;
    std::string path = std::string(t.actor == Actor::reporter ? "/api/v1/my/events/" : "/api/v1/events/") +
                       std::to_string(e.id) + "/" + std::string(t.action);
    out.push_back(json::object{{"action", t.action},
                               {"actor", actor_name(t.actor)},
                               {"name_zh", t.name_zh},
                               {"name_en", t.name_en},
                               {"path", path}});
  }
  return out;
}

}  // namespace wangge::events
