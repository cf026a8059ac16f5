// The SQL of the stages' records: research notes, surveys and responses, meetings and
// their participants, objections, tasks.
#include "core/storage/rows.h"
#include "deliberation/store.h"

namespace wangge::deliberation::store {
namespace {

using storage::Value;

Value opt_text(const std::optional<std::string>& v) {
  return v ? Value(*v) : Value(nullptr);
}

constexpr const char* kSurveyColumns =
    "id, topic_id, title, questions, status, responses, closes_at, created_by, created_at, closed_at FROM surveys";

Survey decode_survey(const storage::Row& r) {
  Survey s;
  s.id = r.i64(0);
  s.topic_id = r.i64(1);
  s.title = r.str(2);
  s.questions = r.str(3);
  s.status = r.str(4);
  s.responses = r.i64(5);
  s.closes_at = r.opt_i64(6);
  s.created_by = r.i64(7);
  s.created_at = r.i64(8);
  s.closed_at = r.opt_i64(9);
  return s;
}

constexpr const char* kMeetingColumns =
    "id, topic_id, council_id, kind, level, region_path, starts_at, place, options, status, record, attended, "
    "held_at, created_by, version, created_at, updated_at FROM meetings";

Meeting decode_meeting(const storage::Row& r) {
  Meeting m;
  std::size_t i = 0;
  m.id = r.i64(i++);
  m.topic_id = r.i64(i++);
  m.council_id = r.i64(i++);
  m.kind = r.str(i++);
  m.level = r.str(i++);
  m.region_path = r.str(i++);
  m.starts_at = r.i64(i++);
  m.place = r.str(i++);
  m.options = r.str(i++);
  m.status = r.str(i++);
  m.record = r.str(i++);
  m.attended = r.i64(i++);
  m.held_at = r.opt_i64(i++);
  m.created_by = r.i64(i++);
  m.version = r.i64(i++);
  m.created_at = r.i64(i++);
  m.updated_at = r.i64(i++);
  return m;
}

constexpr const char* kObjectionColumns =
    "id, topic_id, user_id, body, at, answer, answered_by, answered_at FROM topic_objections";

Objection decode_objection(const storage::Row& r) {
  Objection o;
  o.id = r.i64(0);
  o.topic_id = r.i64(1);
  o.user_id = r.i64(2);
  o.body = r.str(3);
  o.at = r.i64(4);
  o.answer = r.str(5);
  o.answered_by = r.opt_i64(6);
  o.answered_at = r.opt_i64(7);
  return o;
}

constexpr const char* kTaskColumns =
    "id, topic_id, title, owner_name, owner_id, due_on, status, result, photos, done_on, done_by, created_by, "
    "created_at, version FROM topic_tasks";

Task decode_task(const storage::Row& r) {
  Task t;
  std::size_t i = 0;
  t.id = r.i64(i++);
  t.topic_id = r.i64(i++);
  t.title = r.str(i++);
  t.owner_name = r.str(i++);
  t.owner_id = r.opt_i64(i++);
  t.due_on = r.str(i++);
  t.status = r.str(i++);
  t.result = r.str(i++);
  t.photos = r.str(i++);
  if (!r.is_null(i)) t.done_on = r.str(i);
  ++i;
  t.done_by = r.opt_i64(i++);
  t.created_by = r.i64(i++);
  t.created_at = r.i64(i++);
  t.version = r.i64(i++);
  return t;
}

}  // namespace

std::int64_t insert_note(storage::Tx& tx, const Note& n) {
  return tx.insert_id(
      "INSERT INTO topic_notes (topic_id, kind, body, attachments, author_id, at) VALUES (?, ?, ?, ?, ?, ?) "
      "RETURNING id",
      {n.topic_id, n.kind, n.body, n.attachments, n.author_id, n.at});
}

std::vector<Note> notes(storage::Tx& tx, std::int64_t topic_id) {
  return storage::all_as(
      tx.exec("SELECT id, topic_id, kind, body, attachments, author_id, at FROM topic_notes WHERE topic_id = ? ORDER "
              "BY id",
              {topic_id}),
      [](const storage::Row& r) {
        Note n;
        n.id = r.i64(0);
        n.topic_id = r.i64(1);
        n.kind = r.str(2);
        n.body = r.str(3);
        n.attachments = r.str(4);
        n.author_id = r.i64(5);
        n.at = r.i64(6);
        return n;
      });
}

std::int64_t insert_survey(storage::Tx& tx, const Survey& s) {
  return tx.insert_id(
      "INSERT INTO surveys (topic_id, title, questions, status, responses, closes_at, created_by, created_at) VALUES "
      "(?, ?, ?, 'open', 0, ?, ?, ?) RETURNING id",
      {s.topic_id, s.title, s.questions, opt_id(s.closes_at), s.created_by, s.created_at});
}

std::optional<Survey> survey(storage::Tx& tx, std::int64_t id) {
  return storage::first_or_none(tx.exec(std::string("SELECT ") + kSurveyColumns + " WHERE id = ?", {id}),
                                decode_survey);
}

std::vector<Survey> surveys(storage::Tx& tx, std::int64_t topic_id) {
  return storage::all_as(
      tx.exec(std::string("SELECT ") + kSurveyColumns + " WHERE topic_id = ? ORDER BY id", {topic_id}), decode_survey);
}

bool close_survey(storage::Tx& tx, std::int64_t id, std::int64_t at) {
  return tx.exec("UPDATE surveys SET status = 'closed', closed_at = ? WHERE id = ? AND status = 'open'", {at, id})
             .changes == 1;
}

bool insert_response(storage::Tx& tx, std::int64_t survey_id, std::int64_t user_id, const std::string& answers,
                     std::int64_t at) {
  if (tx.exec("INSERT INTO survey_responses (survey_id, user_id, answers, at) VALUES (?, ?, ?, ?) ON CONFLICT DO "
              "NOTHING",
              {survey_id, user_id, answers, at})
          .changes != 1)
    return false;
  tx.exec("UPDATE surveys SET responses = responses + 1 WHERE id = ?", {survey_id});
  return true;
}

bool responded(storage::Tx& tx, std::int64_t survey_id, std::int64_t user_id) {
  return !tx.exec("SELECT 1 FROM survey_responses WHERE survey_id = ? AND user_id = ?", {survey_id, user_id}).empty();
}

std::vector<std::string> responses(storage::Tx& tx, std::int64_t survey_id) {
  return storage::all_as(tx.exec("SELECT answers FROM survey_responses WHERE survey_id = ? ORDER BY id", {survey_id}),
                         [](const storage::Row& r) { return r.str(0); });
}

std::int64_t insert_meeting(storage::Tx& tx, const Meeting& m) {
  return tx.insert_id(
      "INSERT INTO meetings (topic_id, council_id, kind, level, region_path, starts_at, place, options, status, "
      "record, attended, created_by, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'scheduled', "
      "'', 0, ?, 1, ?, ?) RETURNING id",
      {m.topic_id, m.council_id, m.kind, m.level, m.region_path, m.starts_at, m.place, m.options, m.created_by,
       m.created_at, m.updated_at});
}

bool update_meeting(storage::Tx& tx, const Meeting& m, std::int64_t expected_version) {
  return tx.exec(
               "UPDATE meetings SET status = ?, record = ?, attended = ?, held_at = ?, version = ?, updated_at = ? "
               "WHERE id = ? AND version = ?",
               {m.status, m.record, m.attended, opt_id(m.held_at), m.version, m.updated_at, m.id, expected_version})
             .changes == 1;
}

std::optional<Meeting> meeting(storage::Tx& tx, std::int64_t id) {
  return storage::first_or_none(tx.exec(std::string("SELECT ") + kMeetingColumns + " WHERE id = ?", {id}),
                                decode_meeting);
}

std::vector<Meeting> meetings(storage::Tx& tx, std::int64_t topic_id) {
  return storage::all_as(
      tx.exec(std::string("SELECT ") + kMeetingColumns + " WHERE topic_id = ? ORDER BY id", {topic_id}),
      decode_meeting);
}

void insert_participant(storage::Tx& tx, const Participant& p) {
  tx.exec(
      "INSERT INTO meeting_participants (meeting_id, member_id, grp, name, unit, user_id, present) VALUES (?, ?, ?, "
      "?, ?, ?, 0)",
      {p.meeting_id, opt_id(p.member_id), p.group, p.name, p.unit, opt_id(p.user_id)});
}

namespace {

constexpr const char* kParticipantColumns =
    "p.id, p.meeting_id, p.member_id, p.user_id, p.grp, p.name, p.unit, p.present FROM meeting_participants p";

Participant decode_participant(const storage::Row& r) {
  Participant p;
  p.id = r.i64(0);
  p.meeting_id = r.i64(1);
  p.member_id = r.opt_i64(2);
  p.user_id = r.opt_i64(3);
  p.group = r.str(4);
  p.name = r.str(5);
  p.unit = r.str(6);
  p.present = r.i64(7) != 0;
  return p;
}

}  // namespace

std::vector<Participant> participants(storage::Tx& tx, std::int64_t meeting_id) {
  return storage::all_as(
      tx.exec(std::string("SELECT ") + kParticipantColumns + " WHERE p.meeting_id = ? ORDER BY p.id", {meeting_id}),
      decode_participant);
}

std::map<std::int64_t, std::vector<Participant>> participants_of_topic(storage::Tx& tx, std::int64_t topic_id) {
  std::map<std::int64_t, std::vector<Participant>> out;
  for (const auto& r : tx.exec(std::string("SELECT ") + kParticipantColumns +
                                   " JOIN meetings m ON m.id = p.meeting_id WHERE m.topic_id = ? ORDER BY p.id",
                               {topic_id})
                           .rows) {
    auto p = decode_participant(r);
    out[p.meeting_id].push_back(std::move(p));
  }
  return out;
}

std::int64_t mark_present(storage::Tx& tx, std::int64_t meeting_id, const std::vector<std::int64_t>& present) {
  if (present.empty()) return 0;
  std::vector<Value> p{meeting_id};
  std::string in = storage::in_list(present, p);
  return tx.exec("UPDATE meeting_participants SET present = 1 WHERE meeting_id = ? AND id IN (" + in + ")", p).changes;
}

std::int64_t insert_objection(storage::Tx& tx, const Objection& o) {
  return tx.insert_id("INSERT INTO topic_objections (topic_id, user_id, body, at) VALUES (?, ?, ?, ?) RETURNING id",
                      {o.topic_id, o.user_id, o.body, o.at});
}

std::optional<Objection> objection(storage::Tx& tx, std::int64_t id) {
  return storage::first_or_none(tx.exec(std::string("SELECT ") + kObjectionColumns + " WHERE id = ?", {id}),
                                decode_objection);
}

bool answer_objection(storage::Tx& tx, std::int64_t id, const std::string& answer, std::int64_t by, std::int64_t at) {
  return tx.exec(
               "UPDATE topic_objections SET answer = ?, answered_by = ?, answered_at = ? WHERE id = ? AND "
               "answered_at IS NULL",
               {answer, by, at, id})
             .changes == 1;
}

std::vector<Objection> objections(storage::Tx& tx, std::int64_t topic_id) {
  return storage::all_as(
      tx.exec(std::string("SELECT ") + kObjectionColumns + " WHERE topic_id = ? ORDER BY id", {topic_id}),
      decode_objection);
}

void add_open_objections(storage::Tx& tx, std::int64_t topic_id, std::int64_t delta) {
  tx.exec("UPDATE topics SET objections_open = objections_open + ? WHERE id = ?", {delta, topic_id});
}

std::int64_t insert_task(storage::Tx& tx, const Task& t) {
  return tx.insert_id(
      "INSERT INTO topic_tasks (topic_id, title, owner_name, owner_id, due_on, status, created_by, created_at, "
      "version) VALUES (?, ?, ?, ?, ?, 'open', ?, ?, 1) RETURNING id",
      {t.topic_id, t.title, t.owner_name, opt_id(t.owner_id), t.due_on, t.created_by, t.created_at});
}

std::optional<Task> task(storage::Tx& tx, std::int64_t id) {
  return storage::first_or_none(tx.exec(std::string("SELECT ") + kTaskColumns + " WHERE id = ?", {id}), decode_task);
}

bool update_task(storage::Tx& tx, const Task& t, std::int64_t expected_version) {
  return tx.exec(
               "UPDATE topic_tasks SET status = ?, result = ?, photos = ?, done_on = ?, done_by = ?, version = ? "
               "WHERE id = ? AND version = ?",
               {t.status, t.result, t.photos, opt_text(t.done_on), opt_id(t.done_by), t.version, t.id,
                expected_version})
             .changes == 1;
}

std::vector<Task> tasks(storage::Tx& tx, std::int64_t topic_id) {
  return storage::all_as(tx.exec(std::string("SELECT ") + kTaskColumns + " WHERE topic_id = ? ORDER BY id", {topic_id}),
                         decode_task);
}

std::vector<Task> tasks_of_owner(storage::Tx& tx, std::int64_t owner_id, int limit) {
  return storage::all_as(tx.exec(std::string("SELECT ") + kTaskColumns +
                                     " WHERE owner_id = ? AND status = 'open' ORDER BY due_on, id LIMIT ?",
                                 {owner_id, std::int64_t{limit}}),
                         decode_task);
}

}  // namespace wangge::deliberation::store
