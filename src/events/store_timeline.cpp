// Timeline entries, whistles (吹哨报到) and the extras of events.
#include <algorithm>

#include "events/store.h"
#include "events/store_values.h"

namespace wangge::events::store {

void append(storage::Tx& tx, const TimelineEntry& t) {
  tx.insert_later(
      "INSERT INTO event_timeline (event_id, at, actor_id, actor, action, from_status, to_status, comment, detail, "
      "photos) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {t.event_id, t.at, opt(t.actor_id), t.actor, t.action, opt(t.from_status), t.to_status, t.comment, t.detail,
       t.photos});
}

namespace {

std::vector<TimelineEntry> decode_timeline(const storage::Result& res) {
  std::vector<TimelineEntry> out;
  for (const auto& r : res.rows) {
    TimelineEntry t;
    t.id = r.i64(0);
    t.event_id = r.i64(1);
    t.at = r.i64(2);
    t.actor_id = r.opt_i64(3);
    t.actor = r.str(4);
    t.action = r.str(5);
    t.from_status = r.opt_str(6);
    t.to_status = r.str(7);
    t.comment = r.str(8);
    t.detail = r.str(9);
    t.photos = r.str(10);
    out.push_back(std::move(t));
  }
  return out;
}

const std::string kTimelineColumns =
    "id, event_id, at, actor_id, actor, action, from_status, to_status, comment, detail, photos";

}  // namespace

std::vector<TimelineEntry> timeline(storage::Tx& tx, std::int64_t event_id) {
  return decode_timeline(tx.exec(
      std::string("SELECT ") + kTimelineColumns + " FROM event_timeline WHERE event_id = ? ORDER BY id", {event_id}));
}

std::vector<TimelineEntry> timeline_between(storage::Tx& tx, std::int64_t from_ms, std::int64_t to_ms, int limit) {
  return decode_timeline(tx.exec(std::string("SELECT ") + kTimelineColumns +
                                     " FROM event_timeline WHERE at >= ? AND at <= ? ORDER BY at, id LIMIT ?",
                                 {from_ms, to_ms, std::int64_t{limit}}));
}

std::map<std::int64_t, EventExtras> extras_of(storage::Tx& tx, const std::vector<std::int64_t>& ids) {
  std::map<std::int64_t, EventExtras> out;
  for (std::size_t i = 0; i < ids.size(); i += 500) {
    std::string sql =
        "SELECT event_id, email_sealed, email_masked, media_url, attributes FROM event_extras WHERE "
        "event_id IN (";
    std::vector<Value> p;
    for (std::size_t k = i; k < std::min(ids.size(), i + 500); ++k) {
      sql += k == i ? "?" : ", ?";
      p.emplace_back(ids[k]);
    }
    for (const auto& r : tx.exec(sql + ")", p).rows)
      out.emplace(r.i64(0), EventExtras{opt_blob(r, 1), r.str(2), r.str(3), r.str(4)});
  }
  return out;
}

void insert_whistle(storage::Tx& tx, const Whistle& w) {
  tx.exec(
      "INSERT INTO event_whistles (event_id, department_id, unit_id, unit_name, summoned_at, summoned_by, summoned_as, "
      "due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {w.event_id, opt(w.department_id), opt(w.unit_id), w.unit_id ? w.department_name : std::string(), w.summoned_at,
       opt(w.summoned_by), w.summoned_as, w.due_at});
}

std::vector<Whistle> whistles(storage::Tx& tx, std::int64_t event_id) {
  std::vector<Whistle> out;
  auto res = tx.exec(
      "SELECT w.id, w.event_id, w.department_id, COALESCE(d.name, w.unit_name), w.summoned_at, w.due_at, "
      "w.reported_at, w.reported_by, w.response, w.unit_id, w.summoned_as FROM event_whistles w "
      "LEFT JOIN departments d ON d.id = w.department_id WHERE w.event_id = ? ORDER BY w.id",
      {event_id});
  for (const auto& r : res.rows) {
    Whistle w;
    w.id = r.i64(0);
    w.event_id = r.i64(1);
    w.department_id = r.opt_i64(2);
    w.department_name = r.str(3);
    w.summoned_at = r.i64(4);
    w.due_at = r.i64(5);
    w.reported_at = r.opt_i64(6);
    w.reported_by = r.opt_i64(7);
    w.response = r.opt_str(8);
    w.unit_id = r.opt_i64(9);
    w.summoned_as = r.str(10);
    out.push_back(std::move(w));
  }
  return out;
}

std::optional<Whistle> pending_whistle(storage::Tx& tx, std::int64_t event_id,
                                       const std::vector<std::int64_t>& departments) {
  for (const auto& w : whistles(tx, event_id)) {
    if (w.reported_at || !w.department_id) continue;
    for (auto d : departments) {
      if (d == *w.department_id) return w;
    }
  }
  return std::nullopt;
}

std::optional<Whistle> pending_unit_whistle(storage::Tx& tx, std::int64_t event_id,
                                            const std::vector<std::int64_t>& units) {
  for (const auto& w : whistles(tx, event_id)) {
    if (w.reported_at || !w.unit_id) continue;
    for (auto u : units) {
      if (u == *w.unit_id) return w;
    }
  }
  return std::nullopt;
}

void report_in(storage::Tx& tx, std::int64_t whistle_id, std::int64_t at, std::int64_t by,
               const std::string& response) {
  tx.exec("UPDATE event_whistles SET reported_at = ?, reported_by = ?, response = ? WHERE id = ?",
          {at, by, response, whistle_id});
}

void insert_extras(storage::Tx& tx, std::int64_t event_id, const EventExtras& x) {
  tx.exec(
      "INSERT INTO event_extras (event_id, email_sealed, email_masked, media_url, attributes, whistle_by) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      {event_id, blob(x.email_sealed), x.email_masked, x.media_url, x.attributes, x.whistle_by});
}

std::optional<EventExtras> extras(storage::Tx& tx, std::int64_t event_id) {
  auto res = tx.exec(
      "SELECT email_sealed, email_masked, media_url, attributes, whistle_by FROM event_extras WHERE event_id = ?",
      {event_id});
  if (res.empty()) return std::nullopt;
  const auto& r = res.rows[0];
  return EventExtras{opt_blob(r, 0), r.str(1), r.str(2), r.str(3), r.str(4)};
}

}  // namespace wangge::events::store
