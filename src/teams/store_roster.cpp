// The SQL of the roster (team_members).
#include "core/storage/rows.h"
#include "core/storage/scope.h"
#include "teams/store.h"

namespace wangge::teams::store {
namespace {

using storage::Value;

Value roster_opt(const std::optional<std::int64_t>& v) {
  return v ? Value(*v) : Value(nullptr);
}
Value roster_opt_text(const std::optional<std::string>& v) {
  return v ? Value(*v) : Value(nullptr);
}

constexpr const char* kMemberColumns =
    "id, region_code, region_path, level, post, name, phone_sealed, phone_index, phone_masked, phone_public, photo, "
    "responsibility, user_id, person_id, on_duty, sort, since, until, end_reason, status, in_care, version, "
    "created_at, updated_at FROM team_members";

Member decode_member(const storage::Row& r) {
  Member m;
  std::size_t i = 0;
  m.id = r.i64(i++);
  m.region_code = r.str(i++);
  m.region_path = r.str(i++);
  m.level = r.str(i++);
  m.post = r.str(i++);
  m.name = r.str(i++);
  m.phone_sealed = r.opt_str(i++);
  m.phone_index = r.opt_str(i++);
  m.phone_masked = r.str(i++);
  m.phone_public = r.i64(i++) != 0;
  m.photo = r.opt_str(i++);
  m.responsibility = r.str(i++);
  m.user_id = r.opt_i64(i++);
  m.person_id = r.opt_i64(i++);
  m.on_duty = r.i64(i++) != 0;
  m.sort = r.i64(i++);
  m.since = r.str(i++);
  m.until = r.opt_str(i++);
  m.end_reason = r.str(i++);
  m.status = r.str(i++);
  m.in_care = r.i64(i++);
  m.version = r.i64(i++);
  m.created_at = r.i64(i++);
  m.updated_at = r.i64(i++);
  return m;
}

Value sealed(const std::optional<std::string>& s) {
  return s ? Value(storage::Blob{*s}) : Value(nullptr);
}

}  // namespace

std::int64_t insert_member(storage::Tx& tx, const Member& m) {
  return tx.insert_id(
      "INSERT INTO team_members (region_code, region_path, level, post, name, phone_sealed, phone_index, "
      "phone_masked, phone_public, photo, responsibility, user_id, person_id, on_duty, sort, since, status, version, "
      "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', 1, ?, ?) RETURNING id",
      {m.region_code, m.region_path, m.level, m.post, m.name, sealed(m.phone_sealed), roster_opt_text(m.phone_index),
       m.phone_masked, std::int64_t{m.phone_public ? 1 : 0}, roster_opt_text(m.photo), m.responsibility,
       roster_opt(m.user_id), roster_opt(m.person_id), std::int64_t{m.on_duty ? 1 : 0}, m.sort, m.since, m.created_at,
       m.updated_at});
}

bool update_member(storage::Tx& tx, const Member& m, std::int64_t expected_version) {
  return tx.exec(
               "UPDATE team_members SET name = ?, phone_sealed = ?, phone_index = ?, phone_masked = ?, phone_public = "
               "?, photo = ?, responsibility = ?, user_id = ?, person_id = ?, on_duty = ?, sort = ?, until = ?, "
               "end_reason = ?, status = ?, version = ?, updated_at = ? WHERE id = ? AND version = ?",
               {m.name, sealed(m.phone_sealed), roster_opt_text(m.phone_index), m.phone_masked,
                std::int64_t{m.phone_public ? 1 : 0}, roster_opt_text(m.photo), m.responsibility, roster_opt(m.user_id),
                roster_opt(m.person_id), std::int64_t{m.on_duty ? 1 : 0}, m.sort, roster_opt_text(m.until),
                m.end_reason, m.status, m.version, m.updated_at, m.id, expected_version})
             .changes == 1;
}

std::optional<Member> member(storage::Tx& tx, std::int64_t id) {
  return storage::first_or_none(tx.exec(std::string("SELECT ") + kMemberColumns + " WHERE id = ?", {id}),
                                decode_member);
}

std::vector<Member> members(storage::Tx& tx, const MemberFilter& f) {
  std::string sql = std::string("SELECT ") + kMemberColumns + " WHERE ";
  std::vector<Value> p;
  storage::reach_clause(f.within, f.line, "region_path", sql, p);
  if (f.region_path) {
    sql += " AND ";
    storage::scope_clause({*f.region_path}, "region_path", sql, p);
  }
  if (f.post) sql += " AND post = ?", p.emplace_back(*f.post);
  if (f.status) sql += " AND status = ?", p.emplace_back(*f.status);
  if (f.before_id) sql += " AND id < ?", p.emplace_back(*f.before_id);
  sql += " ORDER BY id DESC LIMIT ?";
  p.emplace_back(std::int64_t{f.limit});
  return storage::all_as(tx.exec(sql, p), decode_member);
}

std::vector<Member> active_at(storage::Tx& tx, const std::vector<std::string>& codes) {
  if (codes.empty()) return {};
  std::vector<Value> p;
  std::string in = storage::in_list(codes, p);
  return storage::all_as(tx.exec(std::string("SELECT ") + kMemberColumns + " WHERE region_code IN (" + in +
                                     ") AND status = 'active' ORDER BY sort, id",
                                 p),
                         decode_member);
}

std::vector<Member> of_user(storage::Tx& tx, std::int64_t user_id) {
  return storage::all_as(
      tx.exec(std::string("SELECT ") + kMemberColumns + " WHERE user_id = ? AND status = 'active' ORDER BY id",
              {user_id}),
      decode_member);
}

std::optional<std::string> duplicate(storage::Tx& tx, const Member& m, std::int64_t except) {
  auto clash = [&](const std::string& cond, std::vector<Value> p) {
    std::vector<Value> all{m.region_code, m.post, except};
    for (auto& v : p) all.push_back(std::move(v));
    return !tx.exec(
                  "SELECT 1 FROM team_members WHERE region_code = ? AND post = ? AND status = 'active' AND id <> ? "
                  "AND " +
                      cond + " LIMIT 1",
                  all)
                .empty();
  };
  if (m.user_id && clash("user_id = ?", {*m.user_id})) return "account";
  if (m.person_id && clash("person_id = ?", {*m.person_id})) return "person";
  if (m.phone_index && clash("name = ? AND phone_index = ?", {m.name, *m.phone_index})) return "phone";
  return std::nullopt;
}

void add_in_care(storage::Tx& tx, std::int64_t member_id, std::int64_t delta) {
  tx.exec("UPDATE team_members SET in_care = in_care + ? WHERE id = ?", {delta, member_id});
}

std::int64_t count_uses(storage::Tx& tx, const std::string& code) {
  return tx
      .exec(
          "SELECT (SELECT COUNT(*) FROM team_members WHERE region_code = ?) + (SELECT COUNT(*) FROM team_calls WHERE "
          "region_code = ?) + (SELECT COUNT(*) FROM care_assignments WHERE region_code = ?) + (SELECT COUNT(*) FROM "
          "care_settings WHERE community_code = ?)",
          {code, code, code, code})
      .one()
      .i64(0);
}

std::int64_t count_under(storage::Tx& tx, const std::string& path) {
  std::string sql = "SELECT (SELECT COUNT(*) FROM team_members WHERE ";
  std::vector<Value> p;
  storage::scope_clause({path}, "region_path", sql, p);
  sql += ") + (SELECT COUNT(*) FROM team_calls WHERE ";
  storage::scope_clause({path}, "region_path", sql, p);
  sql += ") + (SELECT COUNT(*) FROM care_assignments WHERE ";
  storage::scope_clause({path}, "region_path", sql, p);
  sql += ")";
  return tx.exec(sql, p).one().i64(0);
}

}  // namespace wangge::teams::store
