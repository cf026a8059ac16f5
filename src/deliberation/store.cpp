// The SQL of councils and their members.
#include "deliberation/store.h"

#include "core/storage/rows.h"
#include "core/storage/scope.h"

namespace wangge::deliberation::store {
namespace {

using storage::Value;

constexpr const char* kCouncilColumns =
    "c.id, c.region_code, c.region_path, c.level, c.name, c.description, c.active, c.version, c.created_at, "
    "c.updated_at, (SELECT COUNT(*) FROM council_members m WHERE m.council_id = c.id AND m.left_at IS NULL) "
    "FROM councils c";

Council decode_council(const storage::Row& r) {
  Council c;
  std::size_t i = 0;
  c.id = r.i64(i++);
  c.region_code = r.str(i++);
  c.region_path = r.str(i++);
  c.level = r.str(i++);
  c.name = r.str(i++);
  c.description = r.str(i++);
  c.active = r.i64(i++) != 0;
  c.version = r.i64(i++);
  c.created_at = r.i64(i++);
  c.updated_at = r.i64(i++);
  c.members = r.i64(i++);
  return c;
}

constexpr const char* kMemberColumns =
    "id, council_id, grp, post, name, unit, user_id, person_id, joined_at, left_at, left_reason FROM council_members";

Member decode_member(const storage::Row& r) {
  Member m;
  std::size_t i = 0;
  m.id = r.i64(i++);
  m.council_id = r.i64(i++);
  m.group = r.str(i++);
  m.post = r.str(i++);
  m.name = r.str(i++);
  m.unit = r.str(i++);
  m.user_id = r.opt_i64(i++);
  m.person_id = r.opt_i64(i++);
  m.joined_at = r.i64(i++);
  m.left_at = r.opt_i64(i++);
  m.left_reason = r.str(i++);
  return m;
}

}  // namespace

std::int64_t insert_council(storage::Tx& tx, const Council& c) {
  return tx.insert_id(
      "INSERT INTO councils (region_code, region_path, level, name, description, active, version, created_at, "
      "updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id",
      {c.region_code, c.region_path, c.level, c.name, c.description, std::int64_t{c.active ? 1 : 0}, c.created_at,
       c.updated_at});
}

bool update_council(storage::Tx& tx, const Council& c, std::int64_t expected_version) {
  return tx.exec(
               "UPDATE councils SET name = ?, description = ?, active = ?, version = ?, updated_at = ? WHERE id = ? "
               "AND version = ?",
               {c.name, c.description, std::int64_t{c.active ? 1 : 0}, c.version, c.updated_at, c.id, expected_version})
             .changes == 1;
}

std::optional<Council> council(storage::Tx& tx, std::int64_t id) {
  return storage::first_or_none(tx.exec(std::string("SELECT ") + kCouncilColumns + " WHERE c.id = ?", {id}),
                                decode_council);
}

std::vector<Council> councils(storage::Tx& tx, const std::vector<std::string>& within,
                              const std::vector<std::string>& line, int limit) {
  std::string sql = std::string("SELECT ") + kCouncilColumns + " WHERE ";
  std::vector<Value> p;
  storage::reach_clause(within, line, "c.region_path", sql, p);
  sql += " ORDER BY c.region_path, c.id LIMIT ?";
  p.emplace_back(std::int64_t{limit});
  return storage::all_as(tx.exec(sql, p), decode_council);
}

std::int64_t insert_member(storage::Tx& tx, const Member& m) {
  return tx.insert_id(
      "INSERT INTO council_members (council_id, grp, post, name, unit, user_id, person_id, joined_at) VALUES (?, ?, "
      "?, ?, ?, ?, ?, ?) RETURNING id",
      {m.council_id, m.group, m.post, m.name, m.unit, opt_id(m.user_id), opt_id(m.person_id), m.joined_at});
}

std::optional<Member> member(storage::Tx& tx, std::int64_t id) {
  return storage::first_or_none(tx.exec(std::string("SELECT ") + kMemberColumns + " WHERE id = ?", {id}),
                                decode_member);
}

void end_member(storage::Tx& tx, std::int64_t id, std::int64_t at, const std::string& reason) {
  tx.exec("UPDATE council_members SET left_at = ?, left_reason = ? WHERE id = ? AND left_at IS NULL", {at, reason, id});
}

std::vector<Member> members(storage::Tx& tx, std::int64_t council_id, bool all) {
  std::string sql = std::string("SELECT ") + kMemberColumns + " WHERE council_id = ?";
  if (!all) sql += " AND left_at IS NULL";
  sql += " ORDER BY (CASE WHEN left_at IS NULL THEN 0 ELSE 1 END), id";
  return storage::all_as(tx.exec(sql, {council_id}), decode_member);
}

std::optional<Member> member_of_user(storage::Tx& tx, std::int64_t council_id, std::int64_t user_id) {
  return storage::first_or_none(
      tx.exec(std::string("SELECT ") + kMemberColumns + " WHERE council_id = ? AND user_id = ? AND left_at IS NULL",
              {council_id, user_id}),
      decode_member);
}

}  // namespace wangge::deliberation::store
