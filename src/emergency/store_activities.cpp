// The SQL of patrols and drills, the teams they call, their rosters and attendance.
#include <map>

#include "core/storage/rows.h"
#include "emergency/store_sql.h"

namespace wangge::emergency::store {
namespace {

using storage::Value;

constexpr const char* kActivityColumns =
    "a.id, a.region_code, a.region_path, a.kind, a.plan_id, a.title, a.place, a.starts_at, a.ends_at, a.status, "
    "a.organiser_id, a.code_key, a.summary, a.findings, a.cancel_reason, a.expected, a.attended, a.assembly_minutes, "
    "a.held_at, a.cancelled_at, a.version, a.created_at, a.updated_at, (SELECT COUNT(*) FROM emergency_attendance x "
    "WHERE x.activity_id = a.id) FROM emergency_activities a";

Activity decode_activity(const storage::Row& r) {
  Activity a;
  std::size_t i = 0;
  a.id = r.i64(i++);
  a.region_code = r.str(i++);
  a.region_path = r.str(i++);
  a.kind = r.str(i++);
  a.plan_id = r.opt_i64(i++);
  a.title = r.str(i++);
  a.place = r.str(i++);
  a.starts_at = r.i64(i++);
  a.ends_at = r.i64(i++);
  a.status = r.str(i++);
  a.organiser_id = r.i64(i++);
  a.code_key = r.str(i++);
  a.summary = r.str(i++);
  a.findings = r.str(i++);
  a.cancel_reason = r.str(i++);
  a.expected = r.opt_i64(i++);
  a.attended = r.opt_i64(i++);
  a.assembly_minutes = r.opt_i64(i++);
  a.held_at = r.opt_i64(i++);
  a.cancelled_at = r.opt_i64(i++);
  a.version = r.i64(i++);
  a.created_at = r.i64(i++);
  a.updated_at = r.i64(i++);
  a.present = r.i64(i++);
  return a;
}

// Fills the teams each activity calls, in one read.
void fill_activity_teams(storage::Tx& tx, std::vector<Activity>& rows) {
  if (rows.empty()) return;
  std::vector<Value> p;
  std::string in = storage::in_list(rows, p, [](const Activity& a) { return a.id; });
  std::map<std::int64_t, std::vector<std::int64_t>> by;
  auto res = tx.exec("SELECT activity_id, team_id FROM emergency_activity_teams WHERE activity_id IN (" + in +
                         ") ORDER BY activity_id, team_id",
                     p);
  for (const auto& r : res.rows) by[r.i64(0)].push_back(r.i64(1));
  for (auto& a : rows) a.team_ids = by[a.id];
}

constexpr const char* kCalledMember =
    "SELECT c.activity_id FROM emergency_activity_teams c JOIN emergency_members m ON m.team_id = c.team_id WHERE "
    "m.user_id = ? AND m.until IS NULL";

}  // namespace

std::int64_t insert_activity(storage::Tx& tx, const Activity& a) {
  std::int64_t id = tx.insert_id(
      "INSERT INTO emergency_activities (region_code, region_path, kind, plan_id, title, place, starts_at, ends_at, "
      "status, organiser_id, code_key, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'scheduled', "
      "?, ?, 1, ?, ?) RETURNING id",
      {a.region_code, a.region_path, a.kind, sql::opt(a.plan_id), a.title, a.place, a.starts_at, a.ends_at,
       a.organiser_id, storage::Blob{a.code_key}, a.created_at, a.updated_at});
  for (auto team : a.team_ids)
    tx.exec("INSERT INTO emergency_activity_teams (activity_id, team_id) VALUES (?, ?)", {id, team});
  return id;
}

bool update_activity(storage::Tx& tx, const Activity& a, std::int64_t expected_version) {
  return tx.exec(
               "UPDATE emergency_activities SET status = ?, summary = ?, findings = ?, cancel_reason = ?, expected = "
               "?, attended = ?, assembly_minutes = ?, held_at = ?, cancelled_at = ?, version = ?, updated_at = ? "
               "WHERE id = ? AND version = ?",
               {a.status, a.summary, a.findings, a.cancel_reason, sql::opt(a.expected), sql::opt(a.attended),
                sql::opt(a.assembly_minutes), sql::opt(a.held_at), sql::opt(a.cancelled_at), a.version, a.updated_at,
                a.id, expected_version})
             .changes == 1;
}

std::optional<Activity> activity(storage::Tx& tx, std::int64_t id) {
  auto rows =
      storage::all_as(tx.exec(std::string("SELECT ") + kActivityColumns + " WHERE a.id = ?", {id}), decode_activity);
  if (rows.empty()) return std::nullopt;
  fill_activity_teams(tx, rows);
  return rows.front();
}

std::vector<Activity> activities(storage::Tx& tx, const ActivityFilter& f) {
  std::string q = std::string("SELECT ") + kActivityColumns + " WHERE (";
  std::vector<Value> p;
  if (f.only_member) {
    q += "1 = 0";
  } else {
    storage::reach_clause(f.reach.within, f.reach.line, "a.region_path", q, p);
  }
  if (f.member_user) {
    q += std::string(" OR a.id IN (") + kCalledMember + ")";
    p.emplace_back(*f.member_user);
  }
  q += ")";
  if (f.reach.under) {
    q += " AND ";
    storage::scope_clause({*f.reach.under}, "a.region_path", q, p);
  }
  if (f.kind) q += " AND a.kind = ?", p.emplace_back(*f.kind);
  if (!f.statuses.empty()) q += " AND a.status IN (" + storage::in_list(f.statuses, p) + ")";
  if (f.starts_from) q += " AND a.starts_at >= ?", p.emplace_back(*f.starts_from);
  if (f.starts_to) q += " AND a.starts_at < ?", p.emplace_back(*f.starts_to);
  if (f.before_id) q += " AND a.id < ?", p.emplace_back(*f.before_id);
  q += " ORDER BY a.id DESC LIMIT ?";
  p.emplace_back(std::int64_t{f.limit});
  auto rows = storage::all_as(tx.exec(q, p), decode_activity);
  fill_activity_teams(tx, rows);
  return rows;
}

bool calls_member(storage::Tx& tx, std::int64_t activity_id, std::int64_t user_id) {
  return !tx.exec(std::string(kCalledMember) + " AND c.activity_id = ?", {user_id, activity_id}).empty();
}

std::vector<RosterEntry> roster(storage::Tx& tx, std::int64_t activity_id, const std::string& day) {
  auto res = tx.exec(
      "SELECT m.id, m.team_id, m.name, m.role, m.user_id, x.member_id, x.arrived_at, x.via FROM emergency_members m "
      "JOIN emergency_activity_teams c ON c.team_id = m.team_id AND c.activity_id = ? LEFT JOIN emergency_attendance "
      "x ON x.activity_id = c.activity_id AND x.member_id = m.id WHERE (m.since <= ? AND (m.until IS NULL OR m.until "
      "> ?)) OR x.member_id IS NOT NULL ORDER BY m.team_id, (CASE WHEN m.role = 'leader' THEN 0 ELSE 1 END), m.id",
      {activity_id, day, day});
  return storage::all_as(res, [](const storage::Row& r) {
    RosterEntry e;
    e.member_id = r.i64(0);
    e.team_id = r.i64(1);
    e.name = r.str(2);
    e.role = r.str(3);
    e.user_id = r.opt_i64(4);
    e.present = !r.is_null(5);
    e.arrived_at = r.opt_i64(6);
    e.via = r.str(7);
    return e;
  });
}

bool insert_attendance(storage::Tx& tx, std::int64_t activity_id, std::int64_t member_id,
                       std::optional<std::int64_t> arrived_at, const std::string& via,
                       std::optional<std::int64_t> marked_by, std::int64_t at) {
  return tx.exec(
               "INSERT INTO emergency_attendance (activity_id, member_id, arrived_at, via, marked_by, at) VALUES (?, "
               "?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
               {activity_id, member_id, sql::opt(arrived_at), via, sql::opt(marked_by), at})
             .changes == 1;
}

std::optional<std::optional<std::int64_t>> attended_by(storage::Tx& tx, std::int64_t activity_id,
                                                       std::int64_t user_id) {
  auto res = tx.exec(
      "SELECT COUNT(*), MAX(x.arrived_at) FROM emergency_attendance x JOIN emergency_members m ON m.id = x.member_id "
      "WHERE x.activity_id = ? AND m.user_id = ?",
      {activity_id, user_id});
  const auto& r = res.one();
  if (r.i64(0) == 0) return std::nullopt;
  return r.opt_i64(1);
}

}  // namespace wangge::emergency::store
