// The SQL of stations, volunteers, teams and memberships.
#include "volunteers/store.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/storage/rows.h"
#include "core/storage/scope.h"

namespace wangge::volunteers::store {
namespace {

using storage::Value;

Value opt_value(const std::optional<double>& v) {
  return v ? Value(*v) : Value(nullptr);
}

}  // namespace

std::string skills_text(const std::vector<std::string>& skills) {
  boost::json::array a;
  for (const auto& s : skills) a.emplace_back(s);
  return boost::json::serialize(a);
}

std::vector<std::string> skills_of(const std::string& text) {
  std::vector<std::string> out;
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& s : v.as_array())
    if (s.is_string()) out.emplace_back(s.as_string());
  return out;
}

void where_reaches(const std::vector<std::string>& within, const std::vector<std::string>& line,
                   const std::string& column, std::string& sql, std::vector<Value>& p) {
  storage::reach_clause(within, line, column, sql, p);
}

namespace {

constexpr const char* kStationColumns =
    "id, region_code, region_path, name, address, lat, lng, resources, contact, active, version, created_at, "
    "updated_at FROM volunteer_stations";

Station decode_station(const storage::Row& r) {
  Station s;
  std::size_t i = 0;
  s.id = r.i64(i++);
  s.region_code = r.str(i++);
  s.region_path = r.str(i++);
  s.name = r.str(i++);
  s.address = r.str(i++);
  if (!r.is_null(i)) s.lat = r.f64(i);
  ++i;
  if (!r.is_null(i)) s.lng = r.f64(i);
  ++i;
  s.resources = r.str(i++);
  s.contact = r.str(i++);
  s.active = r.i64(i++) != 0;
  s.version = r.i64(i++);
  s.created_at = r.i64(i++);
  s.updated_at = r.i64(i++);
  return s;
}

constexpr const char* kVolunteerColumns =
    "id, person_id, user_id, name, region_code, region_path, skills, status, minutes, version, created_at, "
    "updated_at FROM volunteers";

Volunteer decode_volunteer(const storage::Row& r) {
  Volunteer v;
  std::size_t i = 0;
  v.id = r.i64(i++);
  v.person_id = r.i64(i++);
  v.user_id = r.opt_i64(i++);
  v.name = r.str(i++);
  v.region_code = r.str(i++);
  v.region_path = r.str(i++);
  v.skills = skills_of(r.str(i++));
  v.status = r.str(i++);
  v.minutes = r.i64(i++);
  v.version = r.i64(i++);
  v.created_at = r.i64(i++);
  v.updated_at = r.i64(i++);
  return v;
}

constexpr const char* kTeamColumns =
    "t.id, t.station_id, t.region_code, t.region_path, t.name, t.purpose, t.leader_id, t.active, t.version, "
    "t.created_at, t.updated_at, (SELECT COUNT(*) FROM volunteer_memberships m WHERE m.team_id = t.id AND "
    "m.left_at IS NULL), COALESCE(v.name, ''), s.name FROM volunteer_teams t JOIN volunteer_stations s ON "
    "s.id = t.station_id LEFT JOIN volunteers v ON v.id = t.leader_id";

Team decode_team(const storage::Row& r) {
  Team t;
  std::size_t i = 0;
  t.id = r.i64(i++);
  t.station_id = r.i64(i++);
  t.region_code = r.str(i++);
  t.region_path = r.str(i++);
  t.name = r.str(i++);
  t.purpose = r.str(i++);
  t.leader_id = r.opt_i64(i++);
  t.active = r.i64(i++) != 0;
  t.version = r.i64(i++);
  t.created_at = r.i64(i++);
  t.updated_at = r.i64(i++);
  t.members = r.i64(i++);
  t.leader_name = r.str(i++);
  t.station_name = r.str(i++);
  return t;
}

std::vector<Membership> decode_memberships(const storage::Result& res) {
  std::vector<Membership> out;
  for (const auto& r : res.rows) {
    Membership m;
    m.id = r.i64(0);
    m.team_id = r.i64(1);
    m.volunteer_id = r.i64(2);
    m.joined_at = r.i64(3);
    m.left_at = r.opt_i64(4);
    m.left_reason = r.str(5);
    m.volunteer_name = r.str(6);
    m.team_name = r.str(7);
    out.push_back(std::move(m));
  }
  return out;
}

constexpr const char* kMembershipColumns =
    "m.id, m.team_id, m.volunteer_id, m.joined_at, m.left_at, m.left_reason, v.name, t.name FROM "
    "volunteer_memberships m JOIN volunteers v ON v.id = m.volunteer_id JOIN volunteer_teams t ON t.id = m.team_id";

}  // namespace

std::int64_t insert_station(storage::Tx& tx, const Station& s) {
  return tx.insert_id(
      "INSERT INTO volunteer_stations (region_code, region_path, name, address, lat, lng, resources, contact, active, "
      "version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id",
      {s.region_code, s.region_path, s.name, s.address, opt_value(s.lat), opt_value(s.lng), s.resources, s.contact,
       std::int64_t{s.active ? 1 : 0}, s.created_at, s.updated_at});
}

bool update_station(storage::Tx& tx, const Station& s, std::int64_t expected_version) {
  return tx.exec(
               "UPDATE volunteer_stations SET name = ?, address = ?, lat = ?, lng = ?, resources = ?, contact = ?, "
               "active = ?, version = ?, updated_at = ? WHERE id = ? AND version = ?",
               {s.name, s.address, opt_value(s.lat), opt_value(s.lng), s.resources, s.contact,
                std::int64_t{s.active ? 1 : 0}, s.version, s.updated_at, s.id, expected_version})
             .changes == 1;
}

std::optional<Station> station(storage::Tx& tx, std::int64_t id) {
  auto res = tx.exec(std::string("SELECT ") + kStationColumns + " WHERE id = ?", {id});
  if (res.empty()) return std::nullopt;
  return decode_station(res.one());
}

std::vector<Station> stations(storage::Tx& tx, const std::vector<std::string>& within,
                              const std::vector<std::string>& line, int limit) {
  std::string sql = std::string("SELECT ") + kStationColumns + " WHERE ";
  std::vector<Value> p;
  where_reaches(within, line, "region_path", sql, p);
  sql += " ORDER BY region_path, id LIMIT ?";
  p.emplace_back(std::int64_t{limit});
  std::vector<Station> out;
  for (const auto& r : tx.exec(sql, p).rows) out.push_back(decode_station(r));
  return out;
}

std::int64_t insert_volunteer(storage::Tx& tx, const Volunteer& v) {
  return tx.insert_id(
      "INSERT INTO volunteers (person_id, user_id, name, region_code, region_path, skills, status, minutes, version, "
      "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 1, ?, ?) RETURNING id",
      {v.person_id, opt_id(v.user_id), v.name, v.region_code, v.region_path, skills_text(v.skills), v.status,
       v.created_at, v.updated_at});
}

bool update_volunteer(storage::Tx& tx, const Volunteer& v, std::int64_t expected_version) {
  return tx.exec(
               "UPDATE volunteers SET user_id = ?, skills = ?, status = ?, version = ?, updated_at = ? "
               "WHERE id = ? AND version = ?",
               {opt_id(v.user_id), skills_text(v.skills), v.status, v.version, v.updated_at, v.id, expected_version})
             .changes == 1;
}

std::optional<Volunteer> volunteer(storage::Tx& tx, std::int64_t id) {
  auto res = tx.exec(std::string("SELECT ") + kVolunteerColumns + " WHERE id = ?", {id});
  if (res.empty()) return std::nullopt;
  return decode_volunteer(res.one());
}

std::optional<Volunteer> volunteer_of_person(storage::Tx& tx, std::int64_t person_id) {
  auto res = tx.exec(std::string("SELECT ") + kVolunteerColumns + " WHERE person_id = ?", {person_id});
  if (res.empty()) return std::nullopt;
  return decode_volunteer(res.one());
}

std::optional<Volunteer> volunteer_of_user(storage::Tx& tx, std::int64_t user_id) {
  auto res = tx.exec(std::string("SELECT ") + kVolunteerColumns + " WHERE user_id = ?", {user_id});
  if (res.empty()) return std::nullopt;
  return decode_volunteer(res.one());
}

std::vector<Volunteer> volunteers(storage::Tx& tx, const std::vector<std::string>& scope,
                                  const std::optional<std::string>& q, std::optional<std::int64_t> before_id,
                                  int limit) {
  std::string sql = std::string("SELECT ") + kVolunteerColumns + " WHERE ";
  std::vector<Value> p;
  storage::scope_clause(scope, "region_path", sql, p);
  if (q && !q->empty()) {
    sql += " AND (name = ? OR skills LIKE ?)";
    p.emplace_back(*q);
    p.emplace_back("%\"" + *q + "\"%");
  }
  if (before_id) {
    sql += " AND id < ?";
    p.emplace_back(*before_id);
  }
  sql += " ORDER BY id DESC LIMIT ?";
  p.emplace_back(std::int64_t{limit});
  std::vector<Volunteer> out;
  for (const auto& r : tx.exec(sql, p).rows) out.push_back(decode_volunteer(r));
  return out;
}

void add_minutes(storage::Tx& tx, std::int64_t volunteer_id, std::int64_t minutes) {
  tx.exec("UPDATE volunteers SET minutes = minutes + ? WHERE id = ?", {minutes, volunteer_id});
}

std::int64_t insert_team(storage::Tx& tx, const Team& t) {
  return tx.insert_id(
      "INSERT INTO volunteer_teams (station_id, region_code, region_path, name, purpose, leader_id, active, version, "
      "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id",
      {t.station_id, t.region_code, t.region_path, t.name, t.purpose, opt_id(t.leader_id),
       std::int64_t{t.active ? 1 : 0}, t.created_at, t.updated_at});
}

bool update_team(storage::Tx& tx, const Team& t, std::int64_t expected_version) {
  return tx.exec(
               "UPDATE volunteer_teams SET name = ?, purpose = ?, leader_id = ?, active = ?, version = ?, "
               "updated_at = ? WHERE id = ? AND version = ?",
               {t.name, t.purpose, opt_id(t.leader_id), std::int64_t{t.active ? 1 : 0}, t.version, t.updated_at, t.id,
                expected_version})
             .changes == 1;
}

std::optional<Team> team(storage::Tx& tx, std::int64_t id) {
  auto res = tx.exec(std::string("SELECT ") + kTeamColumns + " WHERE t.id = ?", {id});
  if (res.empty()) return std::nullopt;
  return decode_team(res.one());
}

std::vector<Team> teams(storage::Tx& tx, const std::vector<std::string>& within, const std::vector<std::string>& line,
                        std::optional<std::int64_t> station_id, int limit) {
  std::string sql = std::string("SELECT ") + kTeamColumns + " WHERE ";
  std::vector<Value> p;
  where_reaches(within, line, "t.region_path", sql, p);
  if (station_id) {
    sql += " AND t.station_id = ?";
    p.emplace_back(*station_id);
  }
  sql += " ORDER BY t.region_path, t.id LIMIT ?";
  p.emplace_back(std::int64_t{limit});
  std::vector<Team> out;
  for (const auto& r : tx.exec(sql, p).rows) out.push_back(decode_team(r));
  return out;
}

std::optional<Membership> current_membership(storage::Tx& tx, std::int64_t team_id, std::int64_t volunteer_id) {
  auto out = decode_memberships(tx.exec(
      std::string("SELECT ") + kMembershipColumns + " WHERE m.team_id = ? AND m.volunteer_id = ? AND m.left_at IS NULL",
      {team_id, volunteer_id}));
  if (out.empty()) return std::nullopt;
  return out.front();
}

std::int64_t insert_membership(storage::Tx& tx, const Membership& m) {
  return tx.insert_id(
      "INSERT INTO volunteer_memberships (team_id, volunteer_id, joined_at, left_reason) VALUES (?, ?, ?, '') "
      "RETURNING id",
      {m.team_id, m.volunteer_id, m.joined_at});
}

void end_membership(storage::Tx& tx, std::int64_t id, std::int64_t at, const std::string& reason) {
  tx.exec("UPDATE volunteer_memberships SET left_at = ?, left_reason = ? WHERE id = ? AND left_at IS NULL",
          {at, reason, id});
}

std::vector<Membership> memberships_of_team(storage::Tx& tx, std::int64_t team_id) {
  return decode_memberships(tx.exec(std::string("SELECT ") + kMembershipColumns +
                                        " WHERE m.team_id = ? ORDER BY (m.left_at IS NULL) DESC, m.id DESC LIMIT 1000",
                                    {team_id}));
}

std::vector<Membership> memberships_of_volunteer(storage::Tx& tx, std::int64_t volunteer_id) {
  return decode_memberships(
      tx.exec(std::string("SELECT ") + kMembershipColumns + " WHERE m.volunteer_id = ? ORDER BY m.id DESC LIMIT 200",
              {volunteer_id}));
}

std::int64_t count_uses(storage::Tx& tx, const std::string& region_code) {
  std::int64_t n = 0;
  for (const char* table : {"volunteer_stations", "volunteers", "volunteer_teams", "volunteer_activities"})
    n += tx.exec(std::string("SELECT COUNT(*) FROM ") + table + " WHERE region_code = ?", {region_code}).one().i64(0);
  return n;
}

std::int64_t count_under(storage::Tx& tx, const std::string& path) {
  std::int64_t n = 0;
  for (const char* table : {"volunteer_stations", "volunteers", "volunteer_teams", "volunteer_activities"})
    n += tx.exec(std::string("SELECT COUNT(*) FROM ") + table + " WHERE region_path >= ? AND region_path < ?",
                 {path, storage::path_upper_bound(path)})
             .one()
             .i64(0);
  return n;
}

}  // namespace wangge::volunteers::store
