// The Service's shared parts: stage deadlines, handling levels, the category cache, who
// may read an event, unscoped reads for other modules, duplicates, the SLA colours and the
// search index.
#include "events/service.h"

#include <algorithm>
#include <cmath>

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
  if (!c)
    throw Error("unknown_category", "category", "no category " + e.category_code,
                "事件类别 " + e.category_code + " 不存在");
  return *c;
}

void Service::invalidate_categories() {
  std::lock_guard lock(categories_mu_);
  categories_.reset();
}

// --- access ---

std::vector<std::int64_t> Service::my_departments(storage::Tx& tx, const Context& ctx) {
  if (!ctx.user().can_somewhere("events:task:handle")) return {};
  return store::departments_of_user(tx, ctx.user().user_id);
}

bool Service::can_read(storage::Tx& tx, const Context& ctx, const Event& e) {
  if (e.reporter_id && *e.reporter_id == ctx.user().user_id) return true;
  return reads_as_staff(tx, ctx, e);
}

bool Service::reads_as_staff(storage::Tx& tx, const Context& ctx, const Event& e) {
  const Principal& u = ctx.user();
  if (u.can("events:event:read", e.region_path)) return true;
  auto mine = my_departments(tx, ctx);
  if (e.department_id && std::find(mine.begin(), mine.end(), *e.department_id) != mine.end()) return true;
  std::optional<std::vector<std::int64_t>> units;
  for (const auto& w : store::whistles(tx, e.id)) {
    if (w.department_id && std::find(mine.begin(), mine.end(), *w.department_id) != mine.end()) return true;
    if (w.unit_id) {
      if (!units) units = my_units(tx, ctx);
      if (std::find(units->begin(), units->end(), *w.unit_id) != units->end()) return true;
    }
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
  return db_.read_value<std::map<std::int64_t, EventExtras>>(
      [&](storage::Tx& tx) { return store::extras_of(tx, ids); });
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

}  // namespace wangge::events
