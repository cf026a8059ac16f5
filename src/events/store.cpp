// Events rows: read, insert, update, list and the deadline colours. The timeline, whistles
// and extras are in store_timeline.cpp, categories and departments in store_catalog.cpp.
#include "events/store.h"

#include <algorithm>
#include <array>

#include "core/storage/rows.h"
#include "events/rollup.h"
#include "events/store_list.h"
#include "events/store_similar.h"
#include "events/store_values.h"
#include "territory/store.h"

namespace wangge::events::store {
namespace {

const std::string kColumns =
    "id, tracking_code, source, category_code, priority, status, level, handling_code, handling_path, grid_code, "
    "region_path, lat, lng, address, description, photos, reporter_id, reporter_name, contact_enc, contact_masked, "
    "department_id, handler_id, stage_started_at, warn_at, due_at, sla, handle_due_at, extension_days, "
    "extension_reason, ever_overdue, rework_count, reopen_count, escalation_count, supervised, merged_into, "
    "accepted_at, dispatched_at, handled_at, closed_at, solved_level, on_time, rating, rating_comment, rated_at, "
    "version, created_by, created_at, updated_at";

Event decode(const storage::Row& r) {
  Event e;
  std::size_t i = 0;
  e.id = r.i64(i++);
  e.tracking_code = r.str(i++);
  e.source = r.str(i++);
  e.category_code = r.str(i++);
  e.priority = r.str(i++);
  e.status = r.str(i++);
  e.level = r.str(i++);
  e.handling_code = r.str(i++);
  e.handling_path = r.str(i++);
  e.grid_code = r.opt_str(i++);
  e.region_path = r.str(i++);
  e.lat = opt_f64(r, i++);
  e.lng = opt_f64(r, i++);
  e.address = r.str(i++);
  e.description = r.str(i++);
  e.photos = r.str(i++);
  e.reporter_id = r.opt_i64(i++);
  e.reporter_name = r.str(i++);
  e.contact_sealed = opt_blob(r, i++);
  e.contact_masked = r.str(i++);
  e.department_id = r.opt_i64(i++);
  e.handler_id = r.opt_i64(i++);
  e.stage_started_at = r.i64(i++);
  e.warn_at = r.opt_i64(i++);
  e.due_at = r.opt_i64(i++);
  e.sla = r.str(i++);
  e.handle_due_at = r.opt_i64(i++);
  e.extension_days = r.opt_i64(i++);
  e.extension_reason = r.opt_str(i++);
  e.ever_overdue = r.i64(i++) != 0;
  e.rework_count = r.i64(i++);
  e.reopen_count = r.i64(i++);
  e.escalation_count = r.i64(i++);
  e.supervised = r.i64(i++) != 0;
  e.merged_into = r.opt_i64(i++);
  e.accepted_at = r.opt_i64(i++);
  e.dispatched_at = r.opt_i64(i++);
  e.handled_at = r.opt_i64(i++);
  e.closed_at = r.opt_i64(i++);
  e.solved_level = r.opt_str(i++);
  if (auto v = r.opt_i64(i++)) e.on_time = *v != 0;
  e.rating = r.opt_str(i++);
  e.rating_comment = r.opt_str(i++);
  e.rated_at = r.opt_i64(i++);
  e.version = r.i64(i++);
  e.created_by = r.opt_i64(i++);
  e.created_at = r.i64(i++);
  e.updated_at = r.i64(i++);
  return e;
}

// The mutable columns, in the order of values() below.
const std::string kMutable =
    "status = ?, level = ?, handling_code = ?, handling_path = ?, category_code = ?, priority = ?, "
    "department_id = ?, handler_id = ?, stage_started_at = ?, warn_at = ?, due_at = ?, sla = ?, handle_due_at = ?, "
    "extension_days = ?, extension_reason = ?, ever_overdue = ?, rework_count = ?, reopen_count = ?, "
    "escalation_count = ?, supervised = ?, merged_into = ?, accepted_at = ?, dispatched_at = ?, handled_at = ?, "
    "closed_at = ?, solved_level = ?, on_time = ?, rating = ?, rating_comment = ?, rated_at = ?, version = ?, "
    "updated_at = ?";

std::vector<Value> mutable_values(const Event& e) {
  return {e.status,
          e.level,
          e.handling_code,
          e.handling_path,
          e.category_code,
          e.priority,
          opt(e.department_id),
          opt(e.handler_id),
          e.stage_started_at,
          opt(e.warn_at),
          opt(e.due_at),
          e.sla,
          opt(e.handle_due_at),
          opt(e.extension_days),
          opt(e.extension_reason),
          std::int64_t{e.ever_overdue ? 1 : 0},
          e.rework_count,
          e.reopen_count,
          e.escalation_count,
          std::int64_t{e.supervised ? 1 : 0},
          opt(e.merged_into),
          opt(e.accepted_at),
          opt(e.dispatched_at),
          opt(e.handled_at),
          opt(e.closed_at),
          opt(e.solved_level),
          opt(e.on_time),
          opt(e.rating),
          opt(e.rating_comment),
          opt(e.rated_at),
          e.version,
          e.updated_at};
}

}  // namespace

std::optional<Event> get(storage::Tx& tx, std::int64_t id) {
  auto res = tx.exec(std::string("SELECT ") + kColumns + " FROM events WHERE id = ?", {id});
  if (res.empty()) return std::nullopt;
  return decode(res.rows[0]);
}

std::optional<Event> get_by_tracking(storage::Tx& tx, const std::string& code) {
  auto res = tx.exec(std::string("SELECT ") + kColumns + " FROM events WHERE tracking_code = ?", {code});
  if (res.empty()) return std::nullopt;
  return decode(res.rows[0]);
}

std::int64_t insert(storage::Tx& tx, const Calendar& cal, const Event& e) {
  // Two shapes: the id chosen by the database, or given (e.id, from Tx::next_id).
  static const std::array<std::string, 2> kSql = [] {
    std::string cols =
        "tracking_code, source, grid_code, region_path, lat, lng, address, description, photos, reporter_id, "
        "reporter_name, contact_enc, contact_masked, created_by, created_at";
    int n = 15;
    std::string mut = kMutable;  // "a = ?, b = ?" -> ", a, b"
    for (std::size_t pos; (pos = mut.find(" = ?")) != std::string::npos; ++n) mut.erase(pos, 4);
    std::string values;
    for (int i = 0; i < n; ++i) values += i ? ", ?" : "?";
    return std::array<std::string, 2>{
        "INSERT INTO events (" + cols + ", " + mut + ") VALUES (" + values + ") RETURNING id",
        "INSERT INTO events (id, " + cols + ", " + mut + ") VALUES (?, " + values + ") RETURNING id"};
  }();
  std::vector<Value> v = {e.tracking_code,    e.source,          e.grid_code ? Value(*e.grid_code) : Value(nullptr),
                          e.region_path,      opt(e.lat),        opt(e.lng),
                          e.address,          e.description,     e.photos,
                          opt(e.reporter_id), e.reporter_name,   blob(e.contact_sealed),
                          e.contact_masked,   opt(e.created_by), e.created_at};
  if (e.id) v.insert(v.begin(), e.id);
  auto m = mutable_values(e);
  v.insert(v.end(), m.begin(), m.end());
  std::int64_t id = tx.insert_id(kSql[e.id ? 1 : 0], v);
  rollup::apply(tx, cal, nullptr, e);
  tx.notify(storage::channels::kEvents, std::to_string(id));  // the other nodes' live consoles
  return id;
}

bool update(storage::Tx& tx, const Calendar& cal, const Event& before, const Event& e) {
  auto v = mutable_values(e);
  v.emplace_back(e.id);
  v.emplace_back(before.version);
  if (tx.exec(std::string("UPDATE events SET ") + kMutable + " WHERE id = ? AND version = ?", v).changes != 1)
    return false;
  rollup::apply(tx, cal, &before, e);
  tx.notify(storage::channels::kEvents, std::to_string(e.id));
  return true;
}

namespace {
// The list's statement for `f`, run prepared or planned per call (store_list.h).
storage::Result run_list(storage::Tx& tx, const ListFilter& f, const std::string& columns) {
  auto [query, params] = list_query(tx, f, columns);
  return list_plans_per_call(f) ? tx.exec_custom_plan(query, params) : tx.exec(query, params);
}
}  // namespace

std::vector<Event> list(storage::Tx& tx, const ListFilter& f) {
  return storage::all_as(run_list(tx, f, kColumns), decode);
}

std::vector<std::int64_t> list_ids(storage::Tx& tx, const ListFilter& f) {
  std::vector<std::int64_t> out;
  for (const auto& r : run_list(tx, f, "id").rows) out.push_back(r.i64(0));
  return out;
}

std::vector<Event> nearby_open(storage::Tx& tx, const std::string& path, double min_lng, double min_lat, double max_lng,
                               double max_lat, std::int64_t since_ms, std::int64_t exclude_id, int limit) {
  auto res = tx.exec(std::string("SELECT ") + kColumns +
                         " FROM events WHERE region_path >= ? AND region_path < ? AND created_at >= ? AND id <> ? "
                         "AND status NOT IN ('closed', 'rejected', 'merged', 'withdrawn') AND lng BETWEEN ? AND ? "
                         "AND lat BETWEEN ? AND ? ORDER BY id DESC LIMIT ?",
                     {path, territory::store::path_upper_bound(path), since_ms, exclude_id, min_lng, max_lng, min_lat,
                      max_lat, std::int64_t{limit}});
  return storage::all_as(res, decode);
}

std::vector<std::pair<std::int64_t, std::string>> refresh_sla(storage::Tx& tx, const Calendar& cal, std::int64_t now,
                                                              int limit) {
  // Both walks read the partial index events_deadline (its WHERE, sla IN ('ok', 'yellow'),
  // repeated word for word; the status list is a further filter on its rows): green events
  // past their warning time turn yellow (or red), yellow ones past due red.
  // SQLite's planner, without statistics, prefers (status, id) and would walk every open
  // event; INDEXED BY holds it to the small partial index.
  const std::string kPending =
      std::string("SELECT id, due_at, region_path, created_at, sla, department_id FROM events") +
      (tx.dialect() == storage::Dialect::sqlite ? " INDEXED BY events_deadline" : "") +
      " WHERE sla IN ('ok', 'yellow') AND status IN ('reported', 'accepted', 'dispatched', 'handling', 'handled') "
      "AND warn_at <= ? AND ";
  std::vector<std::pair<std::int64_t, std::string>> changed;
  auto res = tx.exec(std::string(kPending) + "sla = 'ok' LIMIT ?", {now, std::int64_t{limit}});
  auto more =
      tx.exec(std::string(kPending) + "sla = 'yellow' AND due_at <= ? LIMIT ?", {now, now, std::int64_t{limit}});
  res.rows.insert(res.rows.end(), more.rows.begin(), more.rows.end());
  for (const auto& row : res.rows) {
    if (changed.size() >= static_cast<std::size_t>(limit)) break;
    std::string colour = row.i64(1) <= now ? "red" : "yellow";
    // Only from the colour read: a second node refreshing at the same moment (leadership
    // changing hands) changes nothing and sends nothing (PostgreSQL rereads the row after
    // the other's commit).
    if (tx.exec("UPDATE events SET sla = ?, ever_overdue = CASE WHEN ? = 'red' THEN 1 ELSE ever_overdue END "
                "WHERE id = ? AND sla = ?",
                {colour, colour, row.i64(0), row.str(4)})
            .changes != 1)
      continue;
    if (colour == "red") rollup::add_red_open(tx, cal, row.str(2), row.opt_i64(5), row.i64(3));  // it was ok or yellow
    tx.notify(storage::channels::kEvents, std::to_string(row.i64(0)));
    changed.emplace_back(row.i64(0), colour);
  }
  return changed;
}

}  // namespace wangge::events::store
