// The SQL of plans, teams and their members' stays.
#include "core/storage/rows.h"
#include "emergency/store_sql.h"

namespace wangge::emergency::store {
namespace {

using sql::opt;
using storage::Value;

constexpr const char* kPlanColumns =
    "id, region_code, region_path, hazard, title, warning, supplies, organisation, coordination, attachments, status, "
    "reviewed_on, activated_at, retired_at, retired_reason, author_id, version, created_at, updated_at FROM "
    "emergency_plans";

Plan decode_plan(const storage::Row& r) {
  Plan p;
  std::size_t i = 0;
  p.id = r.i64(i++);
  p.region_code = r.str(i++);
  p.region_path = r.str(i++);
  p.hazard = r.str(i++);
  p.title = r.str(i++);
  p.warning = r.str(i++);
  p.supplies = r.str(i++);
  p.organisation = r.str(i++);
  p.coordination = r.str(i++);
  p.attachments = sql::parse_list(r.str(i++));
  p.status = r.str(i++);
  p.reviewed_on = r.opt_str(i++);
  p.activated_at = r.opt_i64(i++);
  p.retired_at = r.opt_i64(i++);
  p.retired_reason = r.str(i++);
  p.author_id = r.i64(i++);
  p.version = r.i64(i++);
  p.created_at = r.i64(i++);
  p.updated_at = r.i64(i++);
  return p;
}

constexpr const char* kTeamColumns =
    "t.id, t.region_code, t.region_path, t.kind, t.name, t.note, t.active, t.version, t.created_at, t.updated_at, "
    "(SELECT COUNT(*) FROM emergency_members m WHERE m.team_id = t.id AND m.until IS NULL), "
    "COALESCE((SELECT m.name FROM emergency_members m WHERE m.team_id = t.id AND m.until IS NULL AND m.role = "
    "'leader'), '') FROM emergency_teams t";

Team decode_team(const storage::Row& r) {
  Team t;
  std::size_t i = 0;
  t.id = r.i64(i++);
  t.region_code = r.str(i++);
  t.region_path = r.str(i++);
  t.kind = r.str(i++);
  t.name = r.str(i++);
  t.note = r.str(i++);
  t.active = r.i64(i++) != 0;
  t.version = r.i64(i++);
  t.created_at = r.i64(i++);
  t.updated_at = r.i64(i++);
  t.members = r.i64(i++);
  t.leader_name = r.str(i++);
  return t;
}

constexpr const char* kMemberColumns =
    "id, team_id, name, phone_sealed, phone_masked, phone_index, user_id, role, since, until, left_reason, joined_at, "
    "left_at FROM emergency_members";

Member decode_member(const storage::Row& r) {
  Member m;
  std::size_t i = 0;
  m.id = r.i64(i++);
  m.team_id = r.i64(i++);
  m.name = r.str(i++);
  m.phone_sealed = r.opt_str(i++);
  m.phone_masked = r.str(i++);
  m.phone_index = r.str(i++);
  m.user_id = r.opt_i64(i++);
  m.role = r.str(i++);
  m.since = r.str(i++);
  m.until = r.opt_str(i++);
  m.left_reason = r.str(i++);
  m.joined_at = r.i64(i++);
  m.left_at = r.opt_i64(i++);
  return m;
}

}  // namespace

std::int64_t insert_plan(storage::Tx& tx, const Plan& p) {
  return tx.insert_id(
      "INSERT INTO emergency_plans (region_code, region_path, hazard, title, warning, supplies, organisation, "
      "coordination, attachments, status, reviewed_on, author_id, version, created_at, updated_at) VALUES (?, ?, ?, ?, "
      "?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id",
      {p.region_code, p.region_path, p.hazard, p.title, p.warning, p.supplies, p.organisation, p.coordination,
       sql::list_text(p.attachments), p.status, opt(p.reviewed_on), p.author_id, p.created_at, p.updated_at});
}

bool update_plan(storage::Tx& tx, const Plan& p, std::int64_t expected_version) {
  return tx.exec(
               "UPDATE emergency_plans SET title = ?, warning = ?, supplies = ?, organisation = ?, coordination = ?, "
               "attachments = ?, status = ?, reviewed_on = ?, activated_at = ?, retired_at = ?, retired_reason = ?, "
               "version = ?, updated_at = ? WHERE id = ? AND version = ?",
               {p.title, p.warning, p.supplies, p.organisation, p.coordination, sql::list_text(p.attachments), p.status,
                opt(p.reviewed_on), opt(p.activated_at), opt(p.retired_at), p.retired_reason, p.version, p.updated_at,
                p.id, expected_version})
             .changes == 1;
}

std::optional<Plan> plan(storage::Tx& tx, std::int64_t id) {
  return storage::first_or_none(tx.exec(std::string("SELECT ") + kPlanColumns + " WHERE id = ?", {id}), decode_plan);
}

std::optional<std::int64_t> retire_active(storage::Tx& tx, const std::string& region_code, const std::string& hazard,
                                          std::int64_t except, std::int64_t at) {
  auto res =
      tx.exec("SELECT id FROM emergency_plans WHERE region_code = ? AND hazard = ? AND status = 'active' AND id <> ?",
              {region_code, hazard, except});
  if (res.empty()) return std::nullopt;
  std::int64_t id = res.rows[0].i64(0);
  tx.exec(
      "UPDATE emergency_plans SET status = 'retired', retired_at = ?, retired_reason = 'superseded', version = "
      "version + 1, updated_at = ? WHERE id = ? AND status = 'active'",
      {at, at, id});
  return id;
}

std::vector<Plan> plans(storage::Tx& tx, const PlanFilter& f) {
  std::string q = std::string("SELECT ") + kPlanColumns + " WHERE ";
  std::vector<Value> p;
  sql::reach(f.reach, "region_path", q, p);
  if (!f.statuses.empty()) q += " AND status IN (" + storage::in_list(f.statuses, p) + ")";
  if (f.hazard) q += " AND hazard = ?", p.emplace_back(*f.hazard);
  if (f.before_id) q += " AND id < ?", p.emplace_back(*f.before_id);
  q += " ORDER BY id DESC LIMIT ?";
  p.emplace_back(std::int64_t{f.limit});
  return storage::all_as(tx.exec(q, p), decode_plan);
}

std::int64_t insert_team(storage::Tx& tx, const Team& t) {
  return tx.insert_id(
      "INSERT INTO emergency_teams (region_code, region_path, kind, name, note, active, version, created_at, "
      "updated_at) VALUES (?, ?, ?, ?, ?, 1, 1, ?, ?) RETURNING id",
      {t.region_code, t.region_path, t.kind, t.name, t.note, t.created_at, t.updated_at});
}

bool update_team(storage::Tx& tx, const Team& t, std::int64_t expected_version) {
  return tx.exec(
               "UPDATE emergency_teams SET kind = ?, name = ?, note = ?, active = ?, version = ?, updated_at = ? WHERE "
               "id = ? AND version = ?",
               {t.kind, t.name, t.note, sql::flag(t.active), t.version, t.updated_at, t.id, expected_version})
             .changes == 1;
}

std::optional<Team> team(storage::Tx& tx, std::int64_t id) {
  return storage::first_or_none(tx.exec(std::string("SELECT ") + kTeamColumns + " WHERE t.id = ?", {id}), decode_team);
}

std::optional<Team> team_named(storage::Tx& tx, const std::string& region_code, const std::string& name) {
  return storage::first_or_none(
      tx.exec(std::string("SELECT ") + kTeamColumns + " WHERE t.region_code = ? AND t.name = ?", {region_code, name}),
      decode_team);
}

std::vector<Team> teams(storage::Tx& tx, const TeamFilter& f) {
  std::string q = std::string("SELECT ") + kTeamColumns + " WHERE ";
  std::vector<Value> p;
  sql::reach(f.reach, "t.region_path", q, p);
  if (f.kind) q += " AND t.kind = ?", p.emplace_back(*f.kind);
  if (f.active_only) q += " AND t.active = 1";
  if (f.before_id) q += " AND t.id < ?", p.emplace_back(*f.before_id);
  q += " ORDER BY t.id DESC LIMIT ?";
  p.emplace_back(std::int64_t{f.limit});
  return storage::all_as(tx.exec(q, p), decode_team);
}

std::vector<Team> teams_by_ids(storage::Tx& tx, const std::vector<std::int64_t>& ids) {
  if (ids.empty()) return {};
  std::vector<Value> p;
  std::string in = storage::in_list(ids, p);
  return storage::all_as(
      tx.exec(std::string("SELECT ") + kTeamColumns + " WHERE t.id IN (" + in + ") ORDER BY t.id", p), decode_team);
}

std::int64_t insert_member(storage::Tx& tx, const Member& m) {
  return tx.insert_id(
      "INSERT INTO emergency_members (team_id, name, phone_sealed, phone_masked, phone_index, user_id, role, since, "
      "joined_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {m.team_id, m.name, sql::sealed(m.phone_sealed), m.phone_masked, m.phone_index, opt(m.user_id), m.role, m.since,
       m.joined_at});
}

std::optional<Member> member(storage::Tx& tx, std::int64_t id) {
  return storage::first_or_none(tx.exec(std::string("SELECT ") + kMemberColumns + " WHERE id = ?", {id}),
                                decode_member);
}

bool end_member(storage::Tx& tx, std::int64_t id, const std::string& until, std::int64_t at,
                const std::string& reason) {
  return tx.exec("UPDATE emergency_members SET until = ?, left_at = ?, left_reason = ? WHERE id = ? AND until IS NULL",
                 {until, at, reason, id})
             .changes == 1;
}

std::vector<Member> members(storage::Tx& tx, std::int64_t team_id, bool all) {
  std::string q = std::string("SELECT ") + kMemberColumns + " WHERE team_id = ?";
  if (!all) q += " AND until IS NULL";
  q += " ORDER BY (CASE WHEN until IS NULL THEN 0 ELSE 1 END), (CASE WHEN role = 'leader' THEN 0 ELSE 1 END), id";
  return storage::all_as(tx.exec(q, {team_id}), decode_member);
}

std::optional<Member> current_by_user(storage::Tx& tx, std::int64_t team_id, std::int64_t user_id) {
  return storage::first_or_none(
      tx.exec(std::string("SELECT ") + kMemberColumns + " WHERE team_id = ? AND user_id = ? AND until IS NULL",
              {team_id, user_id}),
      decode_member);
}

std::optional<Member> current_by_phone(storage::Tx& tx, std::int64_t team_id, const std::string& phone_index) {
  return storage::first_or_none(
      tx.exec(std::string("SELECT ") + kMemberColumns + " WHERE team_id = ? AND phone_index = ? AND until IS NULL",
              {team_id, phone_index}),
      decode_member);
}

std::optional<Member> current_leader(storage::Tx& tx, std::int64_t team_id) {
  return storage::first_or_none(
      tx.exec(std::string("SELECT ") + kMemberColumns + " WHERE team_id = ? AND role = 'leader' AND until IS NULL",
              {team_id}),
      decode_member);
}

}  // namespace wangge::emergency::store
