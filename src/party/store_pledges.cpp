// The SQL of members' pledges.
#include "core/storage/rows.h"
#include "core/storage/scope.h"
#include "party/store.h"

namespace wangge::party::store {
namespace {

using storage::Value;

constexpr const char* kPledgeColumns =
    "g.id, g.member_id, g.region_path, g.kind, g.content, g.status, g.note, g.created_by, g.closed_by, g.closed_at, "
    "g.version, g.created_at, g.updated_at, m.name, m.user_id, m.org_id, o.name, o.region_code FROM party_pledges g "
    "JOIN party_members m ON m.id = g.member_id JOIN party_orgs o ON o.id = m.org_id";

Pledge decode_pledge(const storage::Row& r) {
  Pledge g;
  std::size_t i = 0;
  g.id = r.i64(i++);
  g.member_id = r.i64(i++);
  g.region_path = r.str(i++);
  g.kind = r.str(i++);
  g.content = r.str(i++);
  g.status = r.str(i++);
  g.note = r.str(i++);
  g.created_by = r.opt_i64(i++);
  g.closed_by = r.opt_i64(i++);
  g.closed_at = r.opt_i64(i++);
  g.version = r.i64(i++);
  g.created_at = r.i64(i++);
  g.updated_at = r.i64(i++);
  g.member_name = r.str(i++);
  g.member_user_id = r.opt_i64(i++);
  g.org_id = r.i64(i++);
  g.org_name = r.str(i++);
  g.region_code = r.str(i++);
  return g;
}

}  // namespace

std::int64_t insert_pledge(storage::Tx& tx, const Pledge& p) {
  return tx.insert_id(
      "INSERT INTO party_pledges (member_id, region_path, kind, content, status, created_by, version, created_at, "
      "updated_at) VALUES (?, ?, ?, ?, 'active', ?, 1, ?, ?) RETURNING id",
      {p.member_id, p.region_path, p.kind, p.content, opt_id(p.created_by), p.created_at, p.updated_at});
}

bool update_pledge(storage::Tx& tx, const Pledge& p, std::int64_t expected) {
  return tx.exec(
               "UPDATE party_pledges SET status = ?, note = ?, closed_by = ?, closed_at = ?, version = ?, updated_at "
               "= ? WHERE id = ? AND version = ?",
               {p.status, p.note, opt_id(p.closed_by), opt_id(p.closed_at), p.version, p.updated_at, p.id, expected})
             .changes == 1;
}

std::optional<Pledge> pledge(storage::Tx& tx, std::int64_t id) {
  return storage::first_or_none(tx.exec(std::string("SELECT ") + kPledgeColumns + " WHERE g.id = ?", {id}),
                                decode_pledge);
}

std::int64_t active_pledges(storage::Tx& tx, std::int64_t member_id) {
  return tx.exec("SELECT COUNT(*) FROM party_pledges WHERE member_id = ? AND status = 'active'", {member_id})
      .one()
      .i64(0);
}

std::vector<Pledge> pledges(storage::Tx& tx, const PledgeFilter& f) {
  std::string sql = std::string("SELECT ") + kPledgeColumns + " WHERE ";
  std::vector<Value> p;
  storage::scope_clause(f.within, "g.region_path", sql, p);
  if (f.under) {
    sql += " AND ";
    storage::scope_clause({*f.under}, "g.region_path", sql, p);
  }
  if (f.kind) sql += " AND g.kind = ?", p.emplace_back(*f.kind);
  if (f.status) sql += " AND g.status = ?", p.emplace_back(*f.status);
  if (f.member_id) sql += " AND g.member_id = ?", p.emplace_back(*f.member_id);
  if (f.before_id) sql += " AND g.id < ?", p.emplace_back(*f.before_id);
  sql += " ORDER BY g.id DESC LIMIT ?";
  p.emplace_back(std::int64_t{f.limit});
  return storage::all_as(tx.exec(sql, p), decode_pledge);
}

void move_active_pledges(storage::Tx& tx, std::int64_t from_member, std::int64_t to_member,
                         const std::string& region_path, std::int64_t now) {
  tx.exec(
      "UPDATE party_pledges SET member_id = ?, region_path = ?, version = version + 1, updated_at = ? WHERE "
      "member_id = ? AND status = 'active'",
      {to_member, region_path, now, from_member});
}

void withdraw_active_pledges(storage::Tx& tx, std::int64_t member_id, std::int64_t by, const std::string& note,
                             std::int64_t now) {
  tx.exec(
      "UPDATE party_pledges SET status = 'withdrawn', note = ?, closed_by = ?, closed_at = ?, version = version + 1, "
      "updated_at = ? WHERE member_id = ? AND status = 'active'",
      {note, by, now, now, member_id});
}

}  // namespace wangge::party::store
