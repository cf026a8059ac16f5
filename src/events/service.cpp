#include "events/service.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <cmath>

#include "audit/audit.h"
#include "core/error.h"
#include "territory/service.h"

namespace wangge::events {

std::string region_level_of(const std::string& handling_level) {
  if (handling_level == "community") return "community";
  if (handling_level == "street") return "town";
  return "county";
}

bool is_terminal(const std::string& status) {
  return status == "rejected" || status == "merged" || status == "withdrawn";
}

Service::Service(storage::Database& db, territory::Service& territory, const Calendar& calendar, const Crypto& crypto)
    : db_(db), territory_(territory), calendar_(calendar), crypto_(crypto) {}

// --- deadlines ---

void Service::start_stage(Event& e, std::int64_t now, std::int64_t minutes) const {
  start_stage_until(e, now, calendar_.add_working_minutes(now, minutes));
}

void Service::start_stage_until(Event& e, std::int64_t now, std::int64_t due) const {
  e.stage_started_at = now;
  e.due_at = due;
  // Yellow at 80 % of the stage's working time.
  std::int64_t allowed = calendar_.working_ms_between(now, due);
  e.warn_at = calendar_.add_working_minutes(now, allowed * 8 / 10 / 60000);
  if (*e.warn_at > due) e.warn_at = due;
  e.sla = due <= now ? "red" : (*e.warn_at <= now ? "yellow" : "ok");
  if (e.sla == "red") e.ever_overdue = true;
}

void Service::stop_clock(Event& e) const {
  e.warn_at.reset();
  e.due_at.reset();
  e.sla = "none";
}

std::pair<std::string, std::string> Service::handling_node(const std::string& region_path, const std::string& level) {
  // Codes have fixed lengths per level (county 6, town 9, community 12): the node is the
  // ancestor on the path with that length.
  std::size_t want = level == "community" ? 12 : level == "street" ? 9 : 6;
  std::size_t pos = 1;
  while (pos < region_path.size()) {
    auto end = region_path.find('/', pos);
    if (end == std::string::npos) break;
    if (end - pos == want) return {region_path.substr(pos, want), region_path.substr(0, end + 1)};
    pos = end + 1;
  }
  throw Error("validation", "grid_code", "no " + region_level_of(level) + " above this place",
              "该位置没有对应的上级（" + region_level_of(level) + "）");
}

// --- categories ---

std::shared_ptr<const std::vector<Category>> Service::category_list() const {
  std::lock_guard lock(categories_mu_);
  if (!categories_) {
    categories_ = std::make_shared<const std::vector<Category>>(
        db_.read_value<std::vector<Category>>([](storage::Tx& tx) { return store::categories(tx); }));
  }
  return categories_;
}

std::vector<Category> Service::categories() const {
  return *category_list();
}

std::optional<Category> Service::category(const std::string& code) const {
  auto list = category_list();
  for (const auto& c : *list) {
    if (c.code == code) return c;
  }
  return std::nullopt;
}

Category Service::category_or_throw(const std::string& code) const {
  auto c = category(code);
  if (!c || !c->active) {
    throw Error("unknown_category", "category", "no active category " + code, "事件类别 " + code + " 不存在或已停用");
  }
  return *c;
}

Category Service::category_of(const Event& e) const {
  // Switched off or not, an event's category still sets its deadlines: switching one off
  // stops new reports in it, never the steps of the events already filed.
  auto c = category(e.category_code);
  if (!c) throw Error("unknown_category", "category", "no category " + e.category_code, "事件类别 " + e.category_code + " 不存在");
  return *c;
}

void Service::invalidate_categories() {
  std::lock_guard lock(categories_mu_);
  categories_.reset();
}

std::string Service::department_name(storage::Tx& tx, std::int64_t id) {
  auto res = tx.exec("SELECT name FROM departments WHERE id = ?", {id});
  return res.empty() ? std::string() : res.one().str(0);
}

std::map<std::int64_t, std::string> Service::department_names() {
  return db_.read_value<std::map<std::int64_t, std::string>>(
      [](storage::Tx& tx) { return store::department_names(tx); });
}

// --- access ---

std::vector<std::int64_t> Service::my_departments(storage::Tx& tx, const Context& ctx) {
  if (!ctx.user().can_somewhere("events:task:handle")) return {};
  return store::departments_of_user(tx, ctx.user().user_id);
}

bool Service::can_read(storage::Tx& tx, const Context& ctx, const Event& e) {
  const Principal& u = ctx.user();
  if (u.can("events:event:read", e.region_path)) return true;
  if (e.reporter_id && *e.reporter_id == u.user_id) return true;
  auto mine = my_departments(tx, ctx);
  if (e.department_id && std::find(mine.begin(), mine.end(), *e.department_id) != mine.end()) return true;
  for (const auto& w : store::whistles(tx, e.id)) {
    if (std::find(mine.begin(), mine.end(), w.department_id) != mine.end()) return true;
  }
  return false;
}

std::vector<Event> Service::query(const store::ListFilter& f) {
  return db_.read_value<std::vector<Event>>([&](storage::Tx& tx) { return store::list(tx, f); });
}

std::optional<Event> Service::find(std::int64_t id) {
  return db_.read_value<std::optional<Event>>([&](storage::Tx& tx) { return store::get(tx, id); });
}

std::map<std::int64_t, EventExtras> Service::extras_of(const std::vector<std::int64_t>& ids) {
  return db_.read_value<std::map<std::int64_t, EventExtras>>([&](storage::Tx& tx) { return store::extras_of(tx, ids); });
}

std::vector<TimelineEntry> Service::changes_between(std::int64_t from_ms, std::int64_t to_ms, int limit) {
  return db_.read_value<std::vector<TimelineEntry>>(
      [&](storage::Tx& tx) { return store::timeline_between(tx, from_ms, to_ms, limit); });
}

std::optional<Event> Service::find_by_tracking(const std::string& code) {
  return db_.read_value<std::optional<Event>>([&](storage::Tx& tx) { return store::get_by_tracking(tx, code); });
}

Event Service::visible(storage::Tx& tx, const Context& ctx, std::int64_t id) {
  auto e = store::get(tx, id);
  if (!e) throw_not_found("no event " + std::to_string(id), "事件 " + std::to_string(id) + " 不存在");
  if (!can_read(tx, ctx, *e)) throw Error("forbidden", {}, "event outside your territory", "该事件不在您的管辖范围内");
  return *e;
}

store::ListFilter Service::scope_filter(storage::Tx& tx, const Context& ctx) {
  store::ListFilter f;
  f.scope_paths = ctx.user().scope("events:event:read");
  f.department_ids = my_departments(tx, ctx);
  if (ctx.user().can_somewhere("events:event:report")) f.reporter_id = ctx.user().user_id;
  return f;
}

void Service::authorize(storage::Tx& tx, const Context& ctx, const Transition& t, const Event& e) {
  const Principal& u = ctx.user();
  auto deny = [&](const std::string& en, const std::string& zh) { throw Error("forbidden", {}, en, zh); };
  switch (t.actor) {
    case Actor::dispatcher:
      if (!u.can("events:event:dispatch", e.handling_path))
        deny("only the dispatcher of the handling level may do this", "只有当前办理层级的调度员可以执行此操作");
      return;
    case Actor::handler: {
      auto mine = my_departments(tx, ctx);
      if (!e.department_id || std::find(mine.begin(), mine.end(), *e.department_id) == mine.end())
        deny("only a member of the assigned department may do this", "只有承办部门的人员可以执行此操作");
      return;
    }
    case Actor::whistled:
      if (!store::pending_whistle(tx, e.id, my_departments(tx, ctx)))
        deny("your department has no pending whistle on this event", "您的部门没有待报到的吹哨任务");
      return;
    case Actor::verifier:
      if (!u.can("events:event:verify", e.region_path))
        deny("only a grid worker of the event's grid may verify", "只有事件所在网格的网格员可以核查");
      return;
    case Actor::leader:
      if (!u.can("events:event:supervise", e.region_path))
        deny("only a leader over the event's territory may supervise", "只有辖区领导可以督办");
      return;
    case Actor::reporter:
      if (!e.reporter_id || *e.reporter_id != u.user_id)
        deny("only the reporter may do this", "只有反映人本人可以执行此操作");
      return;
  }
}

// --- the lifecycle engine ---

Event Service::act(storage::Tx& tx, const Context& ctx, std::int64_t id, const Transition& t, std::int64_t version,
                   const json::object& body, bool by_tracking_code) {
  auto found = store::get(tx, id);
  if (!found) throw_not_found("no event " + std::to_string(id), "事件 " + std::to_string(id) + " 不存在");
  const Event before = *found;
  // Who first (no state leaks to those who may not act), then the version, then the state.
  if (by_tracking_code) {
    if (t.actor != Actor::reporter) throw Error("forbidden", {}, "only the reporter's actions", "只能执行反映人的操作");
  } else {
    authorize(tx, ctx, t, before);
  }
  if (before.version != version) {
    throw Error("stale_version", "version",
                "the event is at version " + std::to_string(before.version) + ", not " + std::to_string(version),
                "事件当前版本为 " + std::to_string(before.version) + "，不是 " + std::to_string(version));
  }
  if (std::find(t.from.begin(), t.from.end(), before.status) == t.from.end()) {
    throw Error("invalid_transition", {},
                std::string(t.name_en) + " is not possible while the event is " + before.status,
                "事件处于“" + before.status + "”状态，不能" + std::string(t.name_zh));
  }
  Event e = before;
  std::int64_t now = storage::now_ms();
  TimelineEntry entry;
  json::object detail;
  Step step{*this, tx, ctx, t, e, before, body, now, entry, detail};
  entry.comment = json::opt_string(body, "comment", 2000).value_or("");
  static const std::map<std::string_view, void (*)(Step&)> kUseCases = {
      {"accept", accept},
      {"reject", reject},
      {"merge", merge},
      {"dispatch", dispatch},
      {"sign", sign},
      {"return", give_back},
      {"request-extension", request_extension},
      {"approve-extension", approve_extension},
      {"deny-extension", deny_extension},
      {"report-result", report_result},
      {"pass", pass},
      {"rework", rework},
      {"rate", rate},
      {"reopen", reopen},
      {"withdraw", withdraw},
      {"escalate", escalate},
      {"whistle", whistle},
      {"report-in", report_in},
      {"supervise", supervise},
      {"comment", comment},
  };
  kUseCases.at(t.action)(step);
  if (!t.to.empty()) e.status = std::string(t.to);
  e.version = before.version + 1;
  e.updated_at = now;
  if (!store::update(tx, calendar_, before, e)) {
    throw Error("stale_version", "version", "the event changed meanwhile", "事件已被他人修改");
  }
  link_photos(tx, ctx, entry.photos, e.id);
  entry.event_id = e.id;
  entry.at = now;
  entry.actor_id = ctx.actor_id();
  entry.actor = ctx.actor();
  entry.action = std::string(t.action);
  entry.from_status = before.status;
  entry.to_status = e.status;
  entry.detail = json::to_text(detail);
  store::append(tx, entry);
  json::object audit_detail = detail;
  audit_detail["from"] = before.status;
  audit_detail["to"] = e.status;
  audit::append(
      tx, audit::entry(ctx, "events:event:" + std::string(t.action), "event:" + std::to_string(e.id), audit_detail));
  notify(tx, e, t.action);
  return e;
}

void Service::link_photos(storage::Tx& tx, const Context& ctx, const std::string& photos_json,
                          std::int64_t event_id) {
  if (photos_json == "[]" || !link_photos_) return;
  boost::system::error_code ec;
  auto v = boost::json::parse(photos_json, ec);
  if (ec || !v.is_array()) return;
  std::vector<std::string> hashes;
  for (const auto& h : v.as_array()) hashes.emplace_back(h.as_string());
  link_photos_(tx, ctx, hashes, event_id);
}

// --- duplicates ---

std::vector<Event> Service::duplicates(storage::Tx& tx, const Event& e, int limit) {
  if (!e.lat || !e.lng) return {};
  constexpr double kMetresPerDegree = 111'320.0;
  double dlat = duplicate_radius_m / kMetresPerDegree;
  double dlng = dlat / std::max(0.1, std::cos(*e.lat * M_PI / 180.0));
  std::int64_t since = e.created_at - static_cast<std::int64_t>(duplicate_days) * 86'400'000;
  auto candidates =
      store::nearby(tx, e.category_code, *e.lng - dlng, *e.lat - dlat, *e.lng + dlng, *e.lat + dlat, since, e.id, 50);
  std::vector<Event> out;
  for (auto& c : candidates) {
    if (!c.lat || !c.lng) continue;
    double y = (*c.lat - *e.lat) * kMetresPerDegree;
    double x = (*c.lng - *e.lng) * kMetresPerDegree * std::cos(*e.lat * M_PI / 180.0);
    if (std::sqrt(x * x + y * y) <= duplicate_radius_m) out.push_back(std::move(c));
    if (static_cast<int>(out.size()) >= limit) break;
  }
  return out;
}

std::size_t Service::refresh_sla(std::int64_t now) {
  std::size_t total = 0;
  for (;;) {
    std::vector<Event> changed;
    db_.write([&](storage::Tx& tx) {
      changed.clear();
      for (const auto& [id, colour] : store::refresh_sla(tx, calendar_, now, 500)) {
        auto e = store::get(tx, id);
        if (!e) continue;
        if (colour == "red") notify(tx, *e, "overdue");
        changed.push_back(std::move(*e));
      }
    });
    for (const auto& e : changed) published(e);
    total += changed.size();
    if (changed.size() < 500) return total;
  }
}

std::size_t Service::index_search(int limit) {
  if (db_.dialect() != storage::Dialect::sqlite) return 0;  // pg_trgm indexes itself
  std::size_t n = 0;
  db_.write([&](storage::Tx& tx) {
    std::int64_t last = tx.exec("SELECT last_id FROM search_progress WHERE name = 'events'").one().i64(0);
    auto top = tx.exec("SELECT MAX(id) FROM (SELECT id FROM events WHERE id > ? ORDER BY id LIMIT ?) t",
                       {last, std::int64_t{limit}});
    if (top.one().is_null(0)) return;
    std::int64_t upto = top.one().i64(0);
    n = static_cast<std::size_t>(tx.exec("INSERT INTO events_fts (rowid, description, address) "
                                         "SELECT id, description, address FROM events WHERE id > ? AND id <= ?",
                                         {last, upto})
                                     .changes);
    tx.exec("UPDATE search_progress SET last_id = ? WHERE name = 'events'", {upto});
  });
  return n;
}

// --- JSON ---

namespace {
json::value opt_time(const std::optional<std::int64_t>& ms) {
  return ms ? json::value(json::rfc3339(*ms)) : json::value(nullptr);
}
template <typename T>
json::value opt_value(const std::optional<T>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}
std::string_view state_name(const std::string& s, bool zh) {
  for (const auto& n : states()) {
    if (n.state == s) return zh ? n.name_zh : n.name_en;
  }
  return s;
}
}  // namespace

json::object event_json(const Event& e, const Service& svc) {
  json::object category{{"code", e.category_code}};
  auto list = svc.category_list();
  for (const auto& c : *list) {
    if (c.code == e.category_code) {
      category["name_zh"] = c.name_zh;
      category["name_en"] = c.name_en;
      break;
    }
  }
  json::value photos;
  {
    boost::system::error_code ec;
    photos = boost::json::parse(e.photos, ec);
    if (ec) photos = json::array();
  }
  return json::object{
      {"id", e.id},
      {"tracking_code", e.tracking_code},
      {"source", e.source},
      {"category", std::move(category)},
      {"priority", e.priority},
      {"status", e.status},
      {"status_name_zh", state_name(e.status, true)},
      {"status_name_en", state_name(e.status, false)},
      {"level", e.level},
      {"handling_code", e.handling_code},
      {"grid_code", opt_value(e.grid_code)},
      {"lat", opt_value(e.lat)},
      {"lng", opt_value(e.lng)},
      {"address", e.address},
      {"description", e.description},
      {"photos", std::move(photos)},
      {"reporter_name", e.reporter_name},
      {"contact", e.contact_masked},
      {"department_id", opt_value(e.department_id)},
      {"handler_id", opt_value(e.handler_id)},
      {"stage_started_at", json::rfc3339(e.stage_started_at)},
      {"warn_at", opt_time(e.warn_at)},
      {"due_at", opt_time(e.due_at)},
      {"sla", e.sla},
      {"handle_due_at", opt_time(e.handle_due_at)},
      {"extension_request", e.extension_days ? json::value(json::object{{"days", *e.extension_days},
                                                                        {"reason", e.extension_reason.value_or("")}})
                                             : json::value(nullptr)},
      {"ever_overdue", e.ever_overdue},
      {"rework_count", e.rework_count},
      {"reopen_count", e.reopen_count},
      {"escalation_count", e.escalation_count},
      {"supervised", e.supervised},
      {"merged_into", opt_value(e.merged_into)},
      {"accepted_at", opt_time(e.accepted_at)},
      {"dispatched_at", opt_time(e.dispatched_at)},
      {"handled_at", opt_time(e.handled_at)},
      {"closed_at", opt_time(e.closed_at)},
      {"solved_level", opt_value(e.solved_level)},
      {"on_time", opt_value(e.on_time)},
      {"rating", opt_value(e.rating)},
      {"rating_comment", opt_value(e.rating_comment)},
      {"version", e.version},
      {"created_at", json::rfc3339(e.created_at)},
      {"updated_at", json::rfc3339(e.updated_at)},
  };
}

void add_extras_json(json::object& o, const std::optional<EventExtras>& x) {
  o["email"] = x ? x->email_masked : "";
  o["media_url"] = x ? x->media_url : "";
  boost::system::error_code ec;
  json::value answers = x ? boost::json::parse(x->attributes, ec) : json::value(json::object());
  o["attributes"] = ec || !answers.is_object() ? json::value(json::object()) : answers;
}

json::object timeline_json(const TimelineEntry& t) {
  boost::system::error_code ec;
  json::value detail = boost::json::parse(t.detail, ec);
  if (ec) detail = json::object();
  json::value photos = boost::json::parse(t.photos, ec);
  if (ec) photos = json::array();
  return json::object{{"id", t.id},
                      {"at", json::rfc3339(t.at)},
                      {"actor", t.actor},
                      {"action", t.action},
                      {"from_status", opt_value(t.from_status)},
                      {"to_status", t.to_status},
                      {"comment", t.comment},
                      {"detail", std::move(detail)},
                      {"photos", std::move(photos)}};
}

}  // namespace wangge::events
