// The SQL of topics, their supports, their timeline and the facts their guards read.
#include "core/storage/rows.h"
#include "core/storage/scope.h"
#include "deliberation/store.h"

namespace wangge::deliberation::store {
namespace {

using storage::Value;

constexpr const char* kTopicColumns =
    "t.id, t.council_id, t.region_code, t.region_path, t.title, t.description, t.source, t.source_ref, t.unit_name, "
    "t.proposer_id, t.status, t.merged_into, t.supporters, t.decision, t.publicity_from, t.publicity_until, "
    "t.objections_open, t.feedback, t.accepted_at, t.closed_at, t.version, t.created_at, t.updated_at, c.name, "
    "c.level, c.region_path FROM topics t JOIN councils c ON c.id = t.council_id";

Topic decode_topic(const storage::Row& r) {
  Topic t;
  std::size_t i = 0;
  t.id = r.i64(i++);
  t.council_id = r.i64(i++);
  t.region_code = r.str(i++);
  t.region_path = r.str(i++);
  t.title = r.str(i++);
  t.description = r.str(i++);
  t.source = r.str(i++);
  t.source_ref = r.str(i++);
  t.unit_name = r.str(i++);
  t.proposer_id = r.i64(i++);
  t.status = r.str(i++);
  t.merged_into = r.opt_i64(i++);
  t.supporters = r.i64(i++);
  t.decision = r.str(i++);
  t.publicity_from = r.opt_i64(i++);
  t.publicity_until = r.opt_i64(i++);
  t.objections_open = r.i64(i++);
  t.feedback = r.str(i++);
  t.accepted_at = r.opt_i64(i++);
  t.closed_at = r.opt_i64(i++);
  t.version = r.i64(i++);
  t.created_at = r.i64(i++);
  t.updated_at = r.i64(i++);
  t.council_name = r.str(i++);
  t.council_level = r.str(i++);
  t.council_path = r.str(i++);
  return t;
}

}  // namespace

std::int64_t insert_topic(storage::Tx& tx, const Topic& t) {
  return tx.insert_id(
      "INSERT INTO topics (council_id, region_code, region_path, title, description, source, source_ref, unit_name, "
      "proposer_id, status, supporters, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 1, "
      "?, ?) RETURNING id",
      {t.council_id, t.region_code, t.region_path, t.title, t.description, t.source, t.source_ref, t.unit_name,
       t.proposer_id, t.status, t.created_at, t.updated_at});
}

bool update_topic(storage::Tx& tx, const Topic& t, std::int64_t expected_version) {
  auto opt = [](const std::optional<std::int64_t>& v) { return v ? Value(*v) : Value(nullptr); };
  return tx.exec(
               "UPDATE topics SET title = ?, status = ?, merged_into = ?, decision = ?, publicity_from = ?, "
               "publicity_until = ?, feedback = ?, accepted_at = ?, closed_at = ?, version = ?, updated_at = ? "
               "WHERE id = ? AND version = ?",
               {t.title, t.status, opt(t.merged_into), t.decision, opt(t.publicity_from), opt(t.publicity_until),
                t.feedback, opt(t.accepted_at), opt(t.closed_at), t.version, t.updated_at, t.id, expected_version})
             .changes == 1;
}

std::optional<Topic> topic(storage::Tx& tx, std::int64_t id) {
  return storage::first_or_none(tx.exec(std::string("SELECT ") + kTopicColumns + " WHERE t.id = ?", {id}),
                                decode_topic);
}

std::optional<Topic> topic_of_record(storage::Tx& tx, const std::string& kind, std::int64_t id) {
  const char* table = kind == "topic_note" ? "topic_notes" : kind == "topic_task" ? "topic_tasks" : nullptr;
  if (!table) return std::nullopt;
  auto res = tx.exec(std::string("SELECT topic_id FROM ") + table + " WHERE id = ?", {id});
  if (res.empty()) return std::nullopt;
  return topic(tx, res.rows[0].i64(0));
}

std::optional<std::int64_t> topic_of_source(storage::Tx& tx, const std::string& source_ref) {
  auto res = tx.exec("SELECT id FROM topics WHERE source_ref = ?", {source_ref});
  if (res.empty()) return std::nullopt;
  return res.rows[0].i64(0);
}

std::vector<Topic> topics(storage::Tx& tx, const TopicFilter& f) {
  std::string sql = std::string("SELECT ") + kTopicColumns + " WHERE ";
  std::vector<Value> p;
  storage::reach_clause(f.within, f.line, "t.region_path", sql, p);
  if (f.council_id) sql += " AND t.council_id = ?", p.emplace_back(*f.council_id);
  if (f.proposer_id) sql += " AND t.proposer_id = ?", p.emplace_back(*f.proposer_id);
  if (f.supporter_id) {
    sql += " AND t.id IN (SELECT topic_id FROM topic_supports WHERE user_id = ?)";
    p.emplace_back(*f.supporter_id);
  }
  if (!f.statuses.empty()) sql += " AND t.status IN (" + storage::in_list(f.statuses, p) + ")";
  if (f.q && !f.q->empty()) {
    sql += tx.dialect() == storage::Dialect::sqlite ? " AND instr(t.title, ?) > 0" : " AND strpos(t.title, ?) > 0";
    p.emplace_back(*f.q);
  }
  if (f.created_from) sql += " AND t.created_at >= ?", p.emplace_back(*f.created_from);
  if (f.created_to) sql += " AND t.created_at < ?", p.emplace_back(*f.created_to);
  if (f.before_id) sql += " AND t.id < ?", p.emplace_back(*f.before_id);
  sql += " ORDER BY t.id DESC LIMIT ?";
  p.emplace_back(std::int64_t{f.limit});
  return storage::all_as(tx.exec(sql, p), decode_topic);
}

bool add_support(storage::Tx& tx, std::int64_t topic_id, std::int64_t user_id, std::int64_t at) {
  bool added = tx.exec("INSERT INTO topic_supports (topic_id, user_id, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                       {topic_id, user_id, at})
                   .changes == 1;
  if (added) add_supporters(tx, topic_id, 1);
  return added;
}

bool remove_support(storage::Tx& tx, std::int64_t topic_id, std::int64_t user_id) {
  bool removed =
      tx.exec("DELETE FROM topic_supports WHERE topic_id = ? AND user_id = ?", {topic_id, user_id}).changes == 1;
  if (removed) add_supporters(tx, topic_id, -1);
  return removed;
}

bool supports(storage::Tx& tx, std::int64_t topic_id, std::int64_t user_id) {
  return !tx.exec("SELECT 1 FROM topic_supports WHERE topic_id = ? AND user_id = ?", {topic_id, user_id}).empty();
}

std::vector<std::int64_t> supported_of(storage::Tx& tx, std::int64_t user_id, const std::vector<std::int64_t>& ids) {
  if (ids.empty()) return {};
  std::vector<Value> p{user_id};
  std::string in = storage::in_list(ids, p);
  return storage::all_as(
      tx.exec("SELECT topic_id FROM topic_supports WHERE user_id = ? AND topic_id IN (" + in + ")", p),
      [](const storage::Row& r) { return r.i64(0); });
}

std::int64_t move_supports(storage::Tx& tx, std::int64_t from, std::int64_t into) {
  // The merged topic's proposer supports the one it went into, with its supporters.
  auto moved = tx.exec(
      "INSERT INTO topic_supports (topic_id, user_id, at) SELECT ?, s.user_id, s.at FROM (SELECT user_id, at FROM "
      "topic_supports WHERE topic_id = ? UNION SELECT proposer_id, created_at FROM topics WHERE id = ?) s WHERE "
      "s.user_id <> (SELECT proposer_id FROM topics WHERE id = ?) ON CONFLICT DO NOTHING",
      {into, from, from, into});
  if (moved.changes) add_supporters(tx, into, moved.changes);
  return moved.changes;
}

void add_supporters(storage::Tx& tx, std::int64_t topic_id, std::int64_t delta) {
  tx.exec("UPDATE topics SET supporters = supporters + ? WHERE id = ?", {delta, topic_id});
}

std::vector<std::int64_t> followers(storage::Tx& tx, const Topic& t) {
  std::vector<std::int64_t> out{t.proposer_id};
  for (const auto& r : tx.exec("SELECT user_id FROM topic_supports WHERE topic_id = ? ORDER BY user_id", {t.id}).rows)
    out.push_back(r.i64(0));
  return out;
}

void insert_entry(storage::Tx& tx, const TimelineEntry& e) {
  tx.exec(
      "INSERT INTO topic_timeline (topic_id, action, from_status, to_status, actor_id, comment, detail, at) VALUES "
      "(?, ?, ?, ?, ?, ?, ?, ?)",
      {e.topic_id, e.action, e.from_status, e.to_status, opt_id(e.actor_id), e.comment, e.detail, e.at});
}

std::vector<TimelineEntry> timeline(storage::Tx& tx, std::int64_t topic_id) {
  return storage::all_as(tx.exec("SELECT id, topic_id, action, from_status, to_status, actor_id, comment, detail, at "
                                 "FROM topic_timeline WHERE topic_id = ? ORDER BY id",
                                 {topic_id}),
                         [](const storage::Row& r) {
                           TimelineEntry e;
                           e.id = r.i64(0);
                           e.topic_id = r.i64(1);
                           e.action = r.str(2);
                           e.from_status = r.str(3);
                           e.to_status = r.str(4);
                           e.actor_id = r.opt_i64(5);
                           e.comment = r.str(6);
                           e.detail = r.str(7);
                           e.at = r.i64(8);
                           return e;
                         });
}

TopicFacts facts(storage::Tx& tx, std::int64_t topic_id, std::int64_t now) {
  // One statement: every stage's records counted.
  auto r = tx.exec(
                 "SELECT (SELECT COUNT(*) FROM topic_notes WHERE topic_id = ?), "
                 "(SELECT COUNT(*) FROM surveys WHERE topic_id = ? AND status = 'open'), "
                 "(SELECT COUNT(*) FROM surveys WHERE topic_id = ? AND status = 'closed'), "
                 "(SELECT COUNT(*) FROM meetings WHERE topic_id = ? AND status = 'held'), "
                 "(SELECT COUNT(*) FROM meetings WHERE topic_id = ? AND status = 'scheduled'), "
                 "(SELECT COUNT(*) FROM ballots WHERE topic_id = ? AND status = 'open'), "
                 "(SELECT COUNT(*) FROM ballots WHERE topic_id = ? AND status = 'closed'), "
                 "(SELECT COUNT(*) FROM ballots WHERE topic_id = ? AND outcome = 'passed'), "
                 "(SELECT COUNT(*) FROM topic_tasks WHERE topic_id = ?), "
                 "(SELECT COUNT(*) FROM topic_tasks WHERE topic_id = ? AND status = 'open')",
                 std::vector<Value>(10, Value(topic_id)))
               .one();
  TopicFacts f;
  f.now = now;
  f.notes = r.i64(0);
  f.surveys_open = r.i64(1);
  f.surveys_closed = r.i64(2);
  f.meetings_held = r.i64(3);
  f.meetings_scheduled = r.i64(4);
  f.ballots_open = r.i64(5);
  f.ballots_closed = r.i64(6);
  f.ballots_passed = r.i64(7);
  f.tasks = r.i64(8);
  f.tasks_open = r.i64(9);
  return f;
}

}  // namespace wangge::deliberation::store
