// The SQL of households in care: the communities' settings, the assignments, their visits
// and the counters a visit or an assignment moves (care_marks, care_rollup, care_due).
#include "core/storage/rows.h"
#include "core/storage/scope.h"
#include "teams/store.h"

namespace wangge::teams::store {
namespace {

using storage::Value;

Value care_opt(const std::optional<std::int64_t>& v) {
  return v ? Value(*v) : Value(nullptr);
}

// Assignments with their member's name, post and account.
constexpr const char* kAssignmentColumns =
    "a.id, a.household_id, a.member_id, a.region_code, a.region_path, a.member_path, a.community_path, a.address, "
    "a.klass, a.persons, a.interval_days, a.status, a.started_at, a.ended_at, a.last_visited_at, a.end_reason, "
    "a.due_at, a.version, m.name, m.post, m.user_id FROM care_assignments a JOIN team_members m ON m.id = a.member_id";

Assignment decode_assignment(const storage::Row& r) {
  Assignment a;
  std::size_t i = 0;
  a.id = r.i64(i++);
  a.household_id = r.i64(i++);
  a.member_id = r.i64(i++);
  a.region_code = r.str(i++);
  a.region_path = r.str(i++);
  a.member_path = r.str(i++);
  a.community_path = r.str(i++);
  a.address = r.str(i++);
  a.klass = r.str(i++);
  a.persons = r.i64(i++);
  a.interval_days = r.i64(i++);
  a.status = r.str(i++);
  a.started_at = r.i64(i++);
  a.ended_at = r.opt_i64(i++);
  a.last_visited_at = r.opt_i64(i++);
  a.end_reason = r.str(i++);
  a.due_at = r.i64(i++);
  a.version = r.i64(i++);
  a.member_name = r.str(i++);
  a.member_post = r.str(i++);
  a.carer_id = r.opt_i64(i++);
  return a;
}

constexpr const char* kVisitColumns =
    "id, assignment_id, member_id, household_id, carer_id, region_path, member_path, month, visited_at, persons, "
    "visit_id, findings, checklist, created_at FROM care_visits";

CareVisit decode_visit(const storage::Row& r) {
  CareVisit v;
  std::size_t i = 0;
  v.id = r.i64(i++);
  v.assignment_id = r.i64(i++);
  v.member_id = r.i64(i++);
  v.household_id = r.i64(i++);
  v.carer_id = r.opt_i64(i++);
  v.region_path = r.str(i++);
  v.member_path = r.str(i++);
  v.month = r.str(i++);
  v.visited_at = r.i64(i++);
  v.persons = r.i64(i++);
  v.visit_id = r.opt_i64(i++);
  v.findings = r.str(i++);
  v.checklist = r.str(i++);
  v.created_at = r.i64(i++);
  return v;
}

const storage::CounterSpec& rollup_spec() {
  static const storage::CounterSpec spec{
      "care_rollup", {"month", "member_path", "member_id"}, {"visits", "persons", "households"}};
  return spec;
}

const storage::CounterSpec& due_spec() {
  static const storage::CounterSpec spec{"care_due", {"community_path", "due_day"}, {"n"}};
  return spec;
}

}  // namespace

std::optional<CareSettings> settings(storage::Tx& tx, const std::string& community_code) {
  auto res = tx.exec(
      "SELECT key_days, care_days, ordinary_days, checklist, version, updated_at FROM care_settings WHERE "
      "community_code = ?",
      {community_code});
  if (res.empty()) return std::nullopt;
  const auto& r = res.rows[0];
  return CareSettings{community_code, r.i64(0), r.i64(1), r.i64(2), r.i64(3) != 0, r.i64(4), r.i64(5)};
}

bool save_settings(storage::Tx& tx, const CareSettings& s, std::int64_t expected, std::int64_t by) {
  if (expected == 0)
    return tx.exec(
                 "INSERT INTO care_settings (community_code, key_days, care_days, ordinary_days, checklist, version, "
                 "updated_by, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?) ON CONFLICT (community_code) DO NOTHING",
                 {s.community_code, s.key_days, s.care_days, s.ordinary_days, std::int64_t{s.checklist ? 1 : 0}, by,
                  s.updated_at})
               .changes == 1;
  return tx.exec(
               "UPDATE care_settings SET key_days = ?, care_days = ?, ordinary_days = ?, checklist = ?, version = "
               "version + 1, updated_by = ?, updated_at = ? WHERE community_code = ? AND version = ?",
               {s.key_days, s.care_days, s.ordinary_days, std::int64_t{s.checklist ? 1 : 0}, by, s.updated_at,
                s.community_code, expected})
             .changes == 1;
}

std::int64_t insert_assignment(storage::Tx& tx, const Assignment& a, std::int64_t by) {
  return tx.insert_id(
      "INSERT INTO care_assignments (household_id, member_id, region_code, region_path, member_path, community_path, "
      "address, klass, persons, interval_days, status, started_at, started_by, due_at, version) VALUES (?, ?, ?, ?, "
      "?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, 1) RETURNING id",
      {a.household_id, a.member_id, a.region_code, a.region_path, a.member_path, a.community_path, a.address, a.klass,
       a.persons, a.interval_days, a.started_at, by, a.due_at});
}

std::optional<Assignment> assignment(storage::Tx& tx, std::int64_t id) {
  return storage::first_or_none(tx.exec(std::string("SELECT ") + kAssignmentColumns + " WHERE a.id = ?", {id}),
                                decode_assignment);
}

bool active_pair(storage::Tx& tx, std::int64_t household_id, std::int64_t member_id) {
  return !tx.exec(
                "SELECT 1 FROM care_assignments WHERE household_id = ? AND member_id = ? AND status = 'active' "
                "LIMIT 1",
                {household_id, member_id})
              .empty();
}

bool update_visited(storage::Tx& tx, const Assignment& a, std::int64_t expected) {
  return tx.exec(
               "UPDATE care_assignments SET last_visited_at = ?, due_at = ?, interval_days = ?, persons = ?, version "
               "= ? WHERE id = ? AND version = ? AND status = 'active'",
               {care_opt(a.last_visited_at), a.due_at, a.interval_days, a.persons, a.version, a.id, expected})
             .changes == 1;
}

void end_assignment(storage::Tx& tx, std::int64_t id, std::int64_t at, const std::string& reason) {
  tx.exec(
      "UPDATE care_assignments SET status = 'ended', ended_at = ?, end_reason = ?, version = version + 1 WHERE id = ? "
      "AND status = 'active'",
      {at, reason, id});
}

std::vector<Assignment> active_of_member(storage::Tx& tx, std::int64_t member_id) {
  return storage::all_as(tx.exec(std::string("SELECT ") + kAssignmentColumns +
                                     " WHERE a.member_id = ? AND a.status = 'active' ORDER BY a.id",
                                 {member_id}),
                         decode_assignment);
}

std::vector<Assignment> assignments(storage::Tx& tx, const AssignmentFilter& f) {
  std::string sql = std::string("SELECT ") + kAssignmentColumns + " WHERE ";
  std::vector<Value> p;
  storage::scope_clause(f.within, "a.region_path", sql, p);
  if (f.region_path) {
    sql += " AND ";
    storage::scope_clause({*f.region_path}, "a.region_path", sql, p);
  }
  if (f.member_id) sql += " AND a.member_id = ?", p.emplace_back(*f.member_id);
  if (f.status) sql += " AND a.status = ?", p.emplace_back(*f.status);
  if (f.before_id) sql += " AND a.id < ?", p.emplace_back(*f.before_id);
  sql += " ORDER BY a.id DESC LIMIT ?";
  p.emplace_back(std::int64_t{f.limit});
  return storage::all_as(tx.exec(sql, p), decode_assignment);
}

std::vector<Assignment> worklist(storage::Tx& tx, const std::vector<std::int64_t>& members,
                                 const std::optional<std::pair<std::int64_t, std::int64_t>>& after, int limit) {
  if (members.empty()) return {};
  std::vector<Value> p;
  std::string sql = std::string("SELECT ") + kAssignmentColumns + " WHERE a.member_id IN (" +
                    storage::in_list(members, p) + ") AND a.status = 'active'";
  if (after) {
    sql += " AND (a.due_at > ? OR (a.due_at = ? AND a.id > ?))";
    p.emplace_back(after->first);
    p.emplace_back(after->first);
    p.emplace_back(after->second);
  }
  sql += " ORDER BY a.due_at, a.id LIMIT ?";
  p.emplace_back(std::int64_t{limit});
  return storage::all_as(tx.exec(sql, p), decode_assignment);
}

std::int64_t insert_visit(storage::Tx& tx, const CareVisit& v) {
  return tx.insert_id(
      "INSERT INTO care_visits (assignment_id, member_id, household_id, carer_id, region_path, member_path, month, "
      "visited_at, persons, visit_id, findings, checklist, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "RETURNING id",
      {v.assignment_id, v.member_id, v.household_id, care_opt(v.carer_id), v.region_path, v.member_path, v.month,
       v.visited_at, v.persons, care_opt(v.visit_id), v.findings, v.checklist, v.created_at});
}

std::vector<CareVisit> visits_of(storage::Tx& tx, std::int64_t assignment_id, std::optional<std::int64_t> before_id,
                                 int limit) {
  std::string sql = std::string("SELECT ") + kVisitColumns + " WHERE assignment_id = ?";
  std::vector<Value> p{assignment_id};
  if (before_id) sql += " AND id < ?", p.emplace_back(*before_id);
  sql += " ORDER BY id DESC LIMIT ?";
  p.emplace_back(std::int64_t{limit});
  return storage::all_as(tx.exec(sql, p), decode_visit);
}

bool mark_month(storage::Tx& tx, std::int64_t member_id, std::int64_t household_id, const std::string& month) {
  return tx.exec("INSERT INTO care_marks (member_id, household_id, month) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                 {member_id, household_id, month})
             .changes == 1;
}

void add_rollup(storage::Tx& tx, const std::string& month, const std::string& member_path, std::int64_t member_id,
                std::int64_t visits, std::int64_t persons, std::int64_t households) {
  tx.add_later(rollup_spec(), {month, member_path, member_id}, {visits, persons, households});
}

void add_due(storage::Tx& tx, const std::string& community_path, std::int64_t due_day, std::int64_t delta) {
  tx.add_later(due_spec(), {community_path, due_day}, {delta});
}

}  // namespace wangge::teams::store
