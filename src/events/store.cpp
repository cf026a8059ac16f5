// Events rows: read, insert, update, list and the deadline colours. The timeline, whistles
// and extras are in store_timeline.cpp, categories and departments in store_catalog.cpp.
#include "events/store.h"

#include <algorithm>
#include <array>

#include "core/storage/rows.h"
#include "events/rollup.h"
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

// Text in the description or address: the FTS5 trigram index (SQLite), pg_trgm (PostgreSQL),
// or a scan within the other filters when the text is too short for trigrams.
void add_text_clause(storage::Tx& tx, const std::string& text, std::string& sql, std::vector<Value>& p) {
  std::size_t chars = 0;
  for (unsigned char ch : text) chars += (ch & 0xC0) != 0x80;
  bool pg = tx.dialect() == storage::Dialect::postgres;
  if (chars >= 3 && !pg) {
    // FTS5 trigram index: the text as one quoted phrase.
    std::string phrase = "\"";
    for (char ch : text) phrase += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    phrase += "\"";
    sql += " AND id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)";
    p.emplace_back(phrase);
  } else if (chars >= 3) {
    // pg_trgm GIN indexes serve LIKE '%...%'.
    std::string pattern = "%";
    for (char ch : text) {
      if (ch == '%' || ch == '_' || ch == '\\') pattern += '\\';
      pattern += ch;
    }
    pattern += "%";
    sql += " AND (description LIKE ? OR address LIKE ?)";
    p.emplace_back(pattern);
    p.emplace_back(pattern);
  } else {
    // Too short for trigrams: a scan within the other filters.
    sql += pg ? " AND (strpos(description, ?) > 0 OR strpos(address, ?) > 0)"
              : " AND (instr(description, ?) > 0 OR instr(address, ?) > 0)";
    p.emplace_back(text);
    p.emplace_back(text);
  }
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

// The SQL of list() and list_ids(): `columns` of the page's rows, newest first.
std::pair<std::string, std::vector<Value>> list_query(storage::Tx& tx, const ListFilter& f,
                                                      const std::string& columns) {
  // Every filter but the status; then one walk per status (see below).
  std::string sql = "(";
  std::vector<Value> p;
  // A scope of a town or wider holds much of the table: walking the id order and
  // filtering beats collecting the subtree and sorting it. SQLite's planner has no
  // statistics to know that (the unary + keeps it off the path index); a community or a
  // grid is narrow enough for the path index. With a status the planner walks (status, id,
  // region_path) and filters on the index entry, which the unary + would prevent.
  bool broad = tx.dialect() == storage::Dialect::sqlite && f.statuses.empty() &&
               !std::all_of(f.scope_paths.begin(), f.scope_paths.end(), territory::store::narrow_path);
  territory::store::scope_clause(f.scope_paths, broad ? "+region_path" : "region_path", sql, p);
  if (!f.department_ids.empty()) {
    sql += " OR department_id IN (";
    for (std::size_t i = 0; i < f.department_ids.size(); ++i) {
      sql += i ? ", ?" : "?";
      p.emplace_back(f.department_ids[i]);
    }
    sql += ") OR id IN (SELECT event_id FROM event_whistles WHERE department_id IN (";
    for (std::size_t i = 0; i < f.department_ids.size(); ++i) {
      sql += i ? ", ?" : "?";
      p.emplace_back(f.department_ids[i]);
    }
    sql += "))";
  }
  if (f.reporter_id) {
    sql += " OR reporter_id = ?";
    p.emplace_back(*f.reporter_id);
  }
  if (!f.whistled_departments.empty()) {
    sql += " OR id IN (SELECT event_id FROM event_whistles WHERE reported_at IS NULL AND department_id IN (";
    for (std::size_t i = 0; i < f.whistled_departments.size(); ++i) {
      sql += i ? ", ?" : "?";
      p.emplace_back(f.whistled_departments[i]);
    }
    sql += "))";
  }
  if (!f.whistled_units.empty()) {
    sql += " OR id IN (SELECT event_id FROM event_whistles WHERE reported_at IS NULL AND unit_id IN (";
    for (std::size_t i = 0; i < f.whistled_units.size(); ++i) {
      sql += i ? ", ?" : "?";
      p.emplace_back(f.whistled_units[i]);
    }
    sql += "))";
  }
  sql += ")";
  auto in_list = [&](const char* column, const auto& values) {
    if (values.empty()) return;
    sql += std::string(" AND ") + column + " IN (";
    for (std::size_t i = 0; i < values.size(); ++i) {
      sql += i ? ", ?" : "?";
      p.emplace_back(values[i]);
    }
    sql += ")";
  };
  in_list("id", f.ids);
  in_list("category_code", f.category_codes);
  if (f.level) sql += " AND level = ?", p.emplace_back(*f.level);
  if (f.source) sql += " AND source = ?", p.emplace_back(*f.source);
  if (f.sla) sql += " AND sla = ?", p.emplace_back(*f.sla);
  if (f.category_prefix) {
    sql += " AND (category_code = ? OR category_code IN (SELECT code FROM event_categories WHERE parent_code = ?))";
    p.emplace_back(*f.category_prefix);
    p.emplace_back(*f.category_prefix);
  }
  if (f.grid_prefix_path) {
    sql += " AND region_path >= ? AND region_path < ?";
    p.emplace_back(*f.grid_prefix_path);
    p.emplace_back(territory::store::path_upper_bound(*f.grid_prefix_path));
  }
  if (f.overdue) sql += *f.overdue ? " AND sla = 'red'" : " AND sla <> 'red'";
  if (f.supervised) sql += *f.supervised ? " AND supervised = 1" : " AND supervised = 0";  // literal: partial index
  if (f.pending_extension)
    sql += *f.pending_extension ? " AND extension_days IS NOT NULL" : " AND extension_days IS NULL";
  if (f.from_ms) sql += " AND created_at >= ?", p.emplace_back(*f.from_ms);
  if (f.to_ms) sql += " AND created_at < ?", p.emplace_back(*f.to_ms);
  if (f.text) add_text_clause(tx, *f.text, sql, p);
  if (f.before_id) sql += " AND id < ?", p.emplace_back(*f.before_id);
  // Newest first. A status's walk of (status, id) stops at the page's end; several statuses
  // are several walks merged (an IN list would sort every event of those statuses).
  const std::string head = "SELECT " + columns + " FROM events WHERE ";
  const std::string tail = " ORDER BY id DESC LIMIT ?";
  std::string query;
  std::vector<Value> params;
  if (f.statuses.size() <= 1) {
    query = head + sql + (f.statuses.empty() ? "" : " AND status = ?") + tail;
    params = p;
    if (!f.statuses.empty()) params.emplace_back(f.statuses[0]);
  } else {
    // The walks carry ids only (the status index covers them); the page's rows are read
    // once, by id, after the merge.
    std::string ids;
    for (std::size_t i = 0; i < f.statuses.size(); ++i) {
      ids += (i ? " UNION ALL " : "") + std::string("SELECT id FROM (SELECT id FROM events WHERE ") + sql +
             " AND status = ?" + tail + ") AS s" + std::to_string(i);
      params.insert(params.end(), p.begin(), p.end());
      params.emplace_back(f.statuses[i]);
      params.emplace_back(std::int64_t{f.limit});
    }
    query = head + "id IN (" + ids + tail + ") ORDER BY id DESC";
  }
  params.emplace_back(std::int64_t{f.limit});
  return {std::move(query), std::move(params)};
}

}  // namespace

std::vector<Event> list(storage::Tx& tx, const ListFilter& f) {
  auto [query, params] = list_query(tx, f, kColumns);
  return storage::all_as(tx.exec(query, params), decode);
}

std::vector<std::int64_t> list_ids(storage::Tx& tx, const ListFilter& f) {
  auto [query, params] = list_query(tx, f, "id");
  std::vector<std::int64_t> out;
  for (const auto& r : tx.exec(query, params).rows) out.push_back(r.i64(0));
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
