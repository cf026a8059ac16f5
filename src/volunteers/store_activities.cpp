// The SQL of activities, sign-ups, hour records and the figures.
#include <map>

#include "core/storage/rows.h"
#include "core/storage/scope.h"
#include "volunteers/store.h"

namespace wangge::volunteers::store {
namespace {

using storage::Value;

constexpr const char* kActivityColumns =
    "a.id, a.station_id, a.team_id, a.region_code, a.region_path, a.title, a.detail, a.place, a.lat, a.lng, "
    "a.radius_m, a.starts_at, a.ends_at, a.capacity, a.skills, a.status, a.organiser_id, a.code_key, a.signed, "
    "a.waiting, a.minutes, a.participants, a.certified_at, a.version, a.created_at, a.updated_at, s.name, "
    "COALESCE(t.name, '') FROM volunteer_activities a JOIN volunteer_stations s ON s.id = a.station_id "
    "LEFT JOIN volunteer_teams t ON t.id = a.team_id";

Activity decode_activity(const storage::Row& r, std::size_t i = 0) {
  Activity a;
  a.id = r.i64(i++);
  a.station_id = r.i64(i++);
  a.team_id = r.opt_i64(i++);
  a.region_code = r.str(i++);
  a.region_path = r.str(i++);
  a.title = r.str(i++);
  a.detail = r.str(i++);
  a.place = r.str(i++);
  a.lat = r.f64(i++);
  a.lng = r.f64(i++);
  a.radius_m = r.i64(i++);
  a.starts_at = r.i64(i++);
  a.ends_at = r.i64(i++);
  a.capacity = r.i64(i++);
  a.skills = skills_of(r.str(i++));
  a.status = r.str(i++);
  a.organiser_id = r.i64(i++);
  a.code_key = r.str(i++);
  a.signed_up = r.i64(i++);
  a.waiting = r.i64(i++);
  a.minutes = r.i64(i++);
  a.participants = r.i64(i++);
  a.certified_at = r.opt_i64(i++);
  a.version = r.i64(i++);
  a.created_at = r.i64(i++);
  a.updated_at = r.i64(i++);
  a.station_name = r.str(i++);
  a.team_name = r.str(i++);
  return a;
}

constexpr const char* kSignupColumns =
    "g.id, g.activity_id, g.volunteer_id, g.status, g.signed_up_at, g.checked_in_at, g.checked_out_at, g.minutes, "
    "g.version, g.updated_at, v.name FROM volunteer_signups g JOIN volunteers v ON v.id = g.volunteer_id";

Signup decode_signup(const storage::Row& r, std::size_t i = 0) {
  Signup s;
  s.id = r.i64(i++);
  s.activity_id = r.i64(i++);
  s.volunteer_id = r.i64(i++);
  s.status = r.str(i++);
  s.signed_up_at = r.i64(i++);
  s.checked_in_at = r.opt_i64(i++);
  s.checked_out_at = r.opt_i64(i++);
  s.minutes = r.opt_i64(i++);
  s.version = r.i64(i++);
  s.updated_at = r.i64(i++);
  s.volunteer_name = r.str(i++);
  return s;
}

}  // namespace

std::int64_t insert_activity(storage::Tx& tx, const Activity& a) {
  return tx.insert_id(
      "INSERT INTO volunteer_activities (station_id, team_id, region_code, region_path, title, detail, place, lat, "
      "lng, radius_m, starts_at, ends_at, capacity, skills, status, organiser_id, code_key, signed, waiting, minutes, "
      "participants, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, "
      "0, 0, 0, 0, 1, ?, ?) RETURNING id",
      {a.station_id, opt_id(a.team_id), a.region_code, a.region_path, a.title, a.detail, a.place, a.lat, a.lng,
       a.radius_m, a.starts_at, a.ends_at, a.capacity, skills_text(a.skills), a.organiser_id, storage::Blob{a.code_key},
       a.created_at, a.updated_at});
}

std::optional<Activity> activity(storage::Tx& tx, std::int64_t id) {
  auto res = tx.exec(std::string("SELECT ") + kActivityColumns + " WHERE a.id = ?", {id});
  if (res.empty()) return std::nullopt;
  return decode_activity(res.one());
}

std::vector<Activity> activities(storage::Tx& tx, const ActivityFilter& f) {
  std::string sql = std::string("SELECT ") + kActivityColumns + " WHERE ";
  std::vector<Value> p;
  if (f.organiser_id) {
    sql += "a.organiser_id = ?";
    p.emplace_back(*f.organiser_id);
  } else if (f.volunteer_id) {
    sql += "a.id IN (SELECT activity_id FROM volunteer_signups WHERE volunteer_id = ? AND status <> 'cancelled')";
    p.emplace_back(*f.volunteer_id);
  } else {
    where_reaches(f.within, f.line, "a.region_path", sql, p);
  }
  if (f.from) {
    sql += " AND a.starts_at >= ?";
    p.emplace_back(*f.from);
  }
  if (f.to) {
    sql += " AND a.starts_at < ?";
    p.emplace_back(*f.to);
  }
  if (f.status) {
    sql += " AND a.status = ?";
    p.emplace_back(*f.status);
  }
  sql += " ORDER BY a.starts_at, a.id LIMIT ?";
  p.emplace_back(std::int64_t{f.limit});
  std::vector<Activity> out;
  for (const auto& r : tx.exec(sql, p).rows) out.push_back(decode_activity(r));
  return out;
}

bool take_place(storage::Tx& tx, std::int64_t activity_id, std::int64_t now) {
  return tx.exec(
               "UPDATE volunteer_activities SET signed = signed + 1, updated_at = ? WHERE id = ? AND "
               "signed < capacity AND status = 'open'",
               {now, activity_id})
             .changes == 1;
}

void add_waiting(storage::Tx& tx, std::int64_t activity_id, std::int64_t delta) {
  tx.exec("UPDATE volunteer_activities SET waiting = waiting + ? WHERE id = ?", {delta, activity_id});
}

void release_place(storage::Tx& tx, std::int64_t activity_id) {
  tx.exec("UPDATE volunteer_activities SET signed = signed - 1 WHERE id = ? AND signed > 0", {activity_id});
}

bool set_activity_status(storage::Tx& tx, std::int64_t id, const std::string& from, const std::string& to,
                         std::int64_t now) {
  return tx.exec(
               "UPDATE volunteer_activities SET status = ?, certified_at = CASE WHEN ? = 'certified' THEN ? ELSE "
               "certified_at END, version = version + 1, updated_at = ? WHERE id = ? AND status = ?",
               {to, to, now, now, id, from})
             .changes == 1;
}

void add_activity_minutes(storage::Tx& tx, std::int64_t id, std::int64_t minutes, std::int64_t participants) {
  tx.exec("UPDATE volunteer_activities SET minutes = minutes + ?, participants = participants + ? WHERE id = ?",
          {minutes, participants, id});
}

std::optional<Signup> signup(storage::Tx& tx, std::int64_t id) {
  auto res = tx.exec(std::string("SELECT ") + kSignupColumns + " WHERE g.id = ?", {id});
  if (res.empty()) return std::nullopt;
  return decode_signup(res.one());
}

std::optional<Signup> signup_of(storage::Tx& tx, std::int64_t activity_id, std::int64_t volunteer_id) {
  auto res = tx.exec(std::string("SELECT ") + kSignupColumns + " WHERE g.activity_id = ? AND g.volunteer_id = ?",
                     {activity_id, volunteer_id});
  if (res.empty()) return std::nullopt;
  return decode_signup(res.one());
}

std::map<std::int64_t, Signup> signups_of(storage::Tx& tx, std::int64_t volunteer_id,
                                          const std::vector<Activity>& activities) {
  std::map<std::int64_t, Signup> out;
  if (activities.empty()) return out;
  std::string in;
  std::vector<Value> p{volunteer_id};
  for (const auto& a : activities) {
    in += in.empty() ? "?" : ", ?";
    p.emplace_back(a.id);
  }
  for (const auto& r :
       tx.exec(std::string("SELECT ") + kSignupColumns + " WHERE g.volunteer_id = ? AND g.activity_id IN (" + in + ")",
               p)
           .rows) {
    auto s = decode_signup(r);
    out.emplace(s.activity_id, std::move(s));
  }
  return out;
}

std::int64_t insert_signup(storage::Tx& tx, const Signup& s) {
  return tx.insert_id(
      "INSERT INTO volunteer_signups (activity_id, volunteer_id, status, signed_up_at, version, updated_at) "
      "VALUES (?, ?, ?, ?, 1, ?) RETURNING id",
      {s.activity_id, s.volunteer_id, s.status, s.signed_up_at, s.updated_at});
}

bool update_signup(storage::Tx& tx, const Signup& s, std::int64_t expected_version) {
  return tx.exec(
               "UPDATE volunteer_signups SET status = ?, signed_up_at = ?, checked_in_at = ?, checked_out_at = ?, "
               "minutes = ?, version = ?, updated_at = ? WHERE id = ? AND version = ?",
               {s.status, s.signed_up_at, opt_id(s.checked_in_at), opt_id(s.checked_out_at), opt_id(s.minutes),
                s.version, s.updated_at, s.id, expected_version})
             .changes == 1;
}

std::vector<Signup> signups(storage::Tx& tx, std::int64_t activity_id) {
  std::vector<Signup> out;
  for (const auto& r : tx.exec(std::string("SELECT ") + kSignupColumns +
                                   " WHERE g.activity_id = ? ORDER BY CASE g.status WHEN 'signed' THEN 0 WHEN "
                                   "'waiting' THEN 1 ELSE 2 END, g.signed_up_at, g.id LIMIT 10000",
                               {activity_id})
                           .rows)
    out.push_back(decode_signup(r));
  return out;
}

std::optional<Signup> first_waiting(storage::Tx& tx, std::int64_t activity_id) {
  auto res = tx.exec(std::string("SELECT ") + kSignupColumns +
                         " WHERE g.activity_id = ? AND g.status = 'waiting' ORDER BY g.signed_up_at, g.id LIMIT 1",
                     {activity_id});
  if (res.empty()) return std::nullopt;
  return decode_signup(res.one());
}

void insert_hour_record(storage::Tx& tx, const HourRecord& r) {
  tx.exec(
      "INSERT INTO volunteer_hour_records (signup_id, from_minutes, to_minutes, reason, actor_id, at) VALUES (?, ?, "
      "?, ?, ?, ?)",
      {r.signup_id, opt_id(r.from_minutes), r.to_minutes, r.reason, opt_id(r.actor_id), r.at});
}

std::vector<HourRecord> hour_records(storage::Tx& tx, std::int64_t signup_id) {
  std::vector<HourRecord> out;
  for (const auto& r : tx.exec("SELECT id, signup_id, from_minutes, to_minutes, reason, actor_id, at FROM "
                               "volunteer_hour_records WHERE signup_id = ? ORDER BY id",
                               {signup_id})
                           .rows)
    out.push_back(HourRecord{r.i64(0), r.i64(1), r.opt_i64(2), r.i64(3), r.str(4), r.opt_i64(5), r.i64(6)});
  return out;
}

Figures figures(storage::Tx& tx, const std::string& path, std::int64_t from, std::int64_t to) {
  Figures f;
  std::string hi = storage::path_upper_bound(path);
  auto count = [&](const char* sql) { return tx.exec(sql, {path, hi}).one().i64(0); };
  f.volunteers =
      count("SELECT COUNT(*) FROM volunteers WHERE status = 'active' AND region_path >= ? AND region_path < ?");
  f.teams = count("SELECT COUNT(*) FROM volunteer_teams WHERE active = 1 AND region_path >= ? AND region_path < ?");
  f.stations =
      count("SELECT COUNT(*) FROM volunteer_stations WHERE active = 1 AND region_path >= ? AND region_path < ?");
  auto r = tx.exec(
                 "SELECT COUNT(*), COALESCE(SUM(minutes), 0), COALESCE(SUM(participants), 0) FROM "
                 "volunteer_activities WHERE status = 'certified' AND region_path >= ? AND region_path < ? AND "
                 "starts_at >= ? AND starts_at < ?",
                 {path, hi, from, to})
               .one();
  f.activities = r.i64(0);
  f.minutes = r.i64(1);
  f.person_times = r.i64(2);
  f.participants = tx.exec(
                         "SELECT COUNT(DISTINCT g.volunteer_id) FROM volunteer_signups g JOIN volunteer_activities a "
                         "ON a.id = g.activity_id WHERE a.status = 'certified' AND a.region_path >= ? AND "
                         "a.region_path < ? AND a.starts_at >= ? AND a.starts_at < ? AND g.minutes > 0",
                         {path, hi, from, to})
                       .one()
                       .i64(0);
  return f;
}

std::vector<TopVolunteer> top_volunteers(storage::Tx& tx, const std::string& path, std::int64_t from, std::int64_t to,
                                         int limit) {
  std::vector<TopVolunteer> out;
  for (const auto& r :
       tx.exec("SELECT v.id, v.name, SUM(g.minutes), COUNT(*) FROM volunteer_signups g JOIN volunteer_activities a ON "
               "a.id = g.activity_id JOIN volunteers v ON v.id = g.volunteer_id WHERE a.status = 'certified' AND "
               "a.region_path >= ? AND a.region_path < ? AND a.starts_at >= ? AND a.starts_at < ? AND g.minutes > 0 "
               "GROUP BY v.id, v.name ORDER BY SUM(g.minutes) DESC, v.id LIMIT ?",
               {path, storage::path_upper_bound(path), from, to, std::int64_t{limit}})
           .rows)
    out.push_back(TopVolunteer{r.i64(0), r.str(1), r.i64(2), r.i64(3)});
  return out;
}

std::vector<Served> served(storage::Tx& tx, const std::string& path, std::int64_t from, std::int64_t to,
                           std::optional<std::int64_t> after_signup, int limit) {
  std::vector<Value> p{path, storage::path_upper_bound(path), from, to};
  std::string q =
      "SELECT g.id, g.activity_id, g.volunteer_id, g.status, g.signed_up_at, g.checked_in_at, g.checked_out_at, "
      "g.minutes, g.version, g.updated_at, v.name FROM volunteer_signups g JOIN volunteers v ON v.id = g.volunteer_id "
      "JOIN volunteer_activities a ON a.id = g.activity_id WHERE a.status = 'certified' AND a.region_path >= ? AND "
      "a.region_path < ? AND a.starts_at >= ? AND a.starts_at < ? AND g.minutes IS NOT NULL";
  if (after_signup) {
    q += " AND g.id > ?";
    p.emplace_back(*after_signup);
  }
  q += " ORDER BY g.id LIMIT ?";
  p.emplace_back(std::int64_t{limit});
  std::vector<Served> out;
  std::map<std::int64_t, Activity> cache;
  for (const auto& r : tx.exec(q, p).rows) {
    Served s;
    s.signup = decode_signup(r);
    auto it = cache.find(s.signup.activity_id);
    if (it == cache.end()) it = cache.emplace(s.signup.activity_id, *activity(tx, s.signup.activity_id)).first;
    s.activity = it->second;
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace wangge::volunteers::store
