// The SQL of members' stays in organisations.
#include "core/storage/rows.h"
#include "core/storage/scope.h"
#include "party/store.h"

namespace wangge::party::store {
namespace {

using storage::Value;

// Each stay with its organisation's name, level and node, and its active pledges.
constexpr const char* kMemberColumns =
    "m.id, m.org_id, m.region_path, m.person_id, m.user_id, m.name, m.kind, m.post, m.home_unit, m.home_org_name, "
    "m.phone_sealed, m.phone_index, m.phone_masked, m.joined_party_on, m.joined_on, m.left_on, m.leave_reason, "
    "m.leave_note, m.transferred_from, m.transferred_to, m.version, m.created_at, m.updated_at, o.name, o.level, "
    "o.region_code, (SELECT COUNT(*) FROM party_pledges g WHERE g.member_id = m.id AND g.status = 'active') FROM "
    "party_members m JOIN party_orgs o ON o.id = m.org_id";

Member decode_member(const storage::Row& r) {
  Member m;
  std::size_t i = 0;
  m.id = r.i64(i++);
  m.org_id = r.i64(i++);
  m.region_path = r.str(i++);
  m.person_id = r.opt_i64(i++);
  m.user_id = r.opt_i64(i++);
  m.name = r.str(i++);
  m.kind = r.str(i++);
  m.post = r.str(i++);
  m.home_unit = r.str(i++);
  m.home_org_name = r.str(i++);
  m.phone_sealed = r.opt_str(i++);
  m.phone_index = r.opt_str(i++);
  m.phone_masked = r.str(i++);
  m.joined_party_on = r.opt_str(i++);
  m.joined_on = r.str(i++);
  m.left_on = r.opt_str(i++);
  m.leave_reason = r.opt_str(i++);
  m.leave_note = r.str(i++);
  m.transferred_from = r.opt_i64(i++);
  m.transferred_to = r.opt_i64(i++);
  m.version = r.i64(i++);
  m.created_at = r.i64(i++);
  m.updated_at = r.i64(i++);
  m.org_name = r.str(i++);
  m.org_level = r.str(i++);
  m.region_code = r.str(i++);
  m.pledges = r.i64(i++);
  return m;
}

Value sealed_value(const std::optional<std::string>& v) {
  return v ? Value(storage::Blob{*v}) : Value(nullptr);
}

}  // namespace

std::int64_t insert_member(storage::Tx& tx, const Member& m) {
  return tx.insert_id(
      "INSERT INTO party_members (org_id, region_path, person_id, user_id, name, kind, post, home_unit, home_org_name, "
      "phone_sealed, phone_index, phone_masked, joined_party_on, joined_on, transferred_from, version, created_at, "
      "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id",
      {m.org_id, m.region_path, opt_id(m.person_id), opt_id(m.user_id), m.name, m.kind, m.post, m.home_unit,
       m.home_org_name, sealed_value(m.phone_sealed), opt_text(m.phone_index), m.phone_masked,
       opt_text(m.joined_party_on), m.joined_on, opt_id(m.transferred_from), m.created_at, m.updated_at});
}

bool update_member(storage::Tx& tx, const Member& m, std::int64_t expected) {
  return tx.exec(
               "UPDATE party_members SET user_id = ?, name = ?, post = ?, home_unit = ?, home_org_name = ?, "
               "phone_sealed = ?, phone_index = ?, phone_masked = ?, joined_party_on = ?, left_on = ?, leave_reason = "
               "?, leave_note = ?, transferred_to = ?, version = ?, updated_at = ? WHERE id = ? AND version = ?",
               {opt_id(m.user_id), m.name, m.post, m.home_unit, m.home_org_name, sealed_value(m.phone_sealed),
                opt_text(m.phone_index), m.phone_masked, opt_text(m.joined_party_on), opt_text(m.left_on),
                opt_text(m.leave_reason), m.leave_note, opt_id(m.transferred_to), m.version, m.updated_at, m.id,
                expected})
             .changes == 1;
}

std::optional<Member> member(storage::Tx& tx, std::int64_t id) {
  return storage::first_or_none(tx.exec(std::string("SELECT ") + kMemberColumns + " WHERE m.id = ?", {id}),
                                decode_member);
}

std::optional<std::int64_t> current_regular(storage::Tx& tx, std::int64_t person_id) {
  auto res =
      tx.exec("SELECT id FROM party_members WHERE person_id = ? AND kind = 'regular' AND left_on IS NULL", {person_id});
  if (res.empty()) return std::nullopt;
  return res.rows[0].i64(0);
}

std::optional<std::int64_t> current_report(storage::Tx& tx, std::int64_t org_id, std::optional<std::int64_t> person_id,
                                           const std::optional<std::string>& phone_index) {
  storage::Result res;
  if (person_id)
    res = tx.exec(
        "SELECT id FROM party_members WHERE org_id = ? AND person_id = ? AND kind = 'in_service' AND left_on IS NULL",
        {org_id, *person_id});
  else if (phone_index)
    res = tx.exec(
        "SELECT id FROM party_members WHERE org_id = ? AND person_id IS NULL AND phone_index = ? AND kind = "
        "'in_service' AND left_on IS NULL",
        {org_id, *phone_index});
  if (res.empty()) return std::nullopt;
  return res.rows[0].i64(0);
}

std::vector<Member> members(storage::Tx& tx, const MemberFilter& f) {
  std::string sql = std::string("SELECT ") + kMemberColumns + " WHERE ";
  std::vector<Value> p;
  storage::scope_clause(f.within, "m.region_path", sql, p);
  if (f.under) {
    sql += " AND ";
    storage::scope_clause({*f.under}, "m.region_path", sql, p);
  }
  if (f.org_id) sql += " AND m.org_id = ?", p.emplace_back(*f.org_id);
  if (f.person_id) sql += " AND m.person_id = ?", p.emplace_back(*f.person_id);
  if (f.user_id) sql += " AND m.user_id = ?", p.emplace_back(*f.user_id);
  if (f.kind) sql += " AND m.kind = ?", p.emplace_back(*f.kind);
  if (f.post) sql += " AND m.post = ?", p.emplace_back(*f.post);
  if (f.active) sql += *f.active ? " AND m.left_on IS NULL" : " AND m.left_on IS NOT NULL";
  if (f.q && !f.q->empty()) sql += " AND m.name LIKE ? ESCAPE '\\'", p.emplace_back(like_pattern(*f.q));
  if (f.before_id) sql += " AND m.id < ?", p.emplace_back(*f.before_id);
  if (f.after_id) sql += " AND m.id > ?", p.emplace_back(*f.after_id);
  sql += f.after_id ? " ORDER BY m.id LIMIT ?" : " ORDER BY m.id DESC LIMIT ?";
  p.emplace_back(std::int64_t{f.limit});
  return storage::all_as(tx.exec(sql, p), decode_member);
}

std::vector<Member> history(storage::Tx& tx, const Member& m) {
  std::string sql = std::string("SELECT ") + kMemberColumns;
  std::vector<Value> p;
  if (m.person_id) {
    sql += " WHERE m.person_id = ?";
    p.emplace_back(*m.person_id);
  } else if (m.phone_index) {
    sql += " WHERE m.person_id IS NULL AND m.phone_index = ?";
    p.emplace_back(*m.phone_index);
  } else {
    sql += " WHERE m.id = ?";
    p.emplace_back(m.id);
  }
  sql += " ORDER BY m.joined_on, m.id LIMIT 200";
  return storage::all_as(tx.exec(sql, p), decode_member);
}

}  // namespace wangge::party::store
