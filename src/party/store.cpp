// The SQL of party organisations.
#include "party/store.h"

#include "core/storage/rows.h"
#include "core/storage/scope.h"

namespace wangge::party::store {
namespace {

using storage::Value;

// Each row with its parent's name, its current members and its active children.
constexpr const char* kOrgColumns =
    "o.id, o.name, o.level, o.region_code, o.region_path, o.parent_id, o.building_id, o.building_name, "
    "o.secretary_name, o.founded_on, o.status, o.dissolved_reason, o.dissolved_at, o.version, o.created_at, "
    "o.updated_at, COALESCE(p.name, ''), (SELECT COUNT(*) FROM party_members m WHERE m.org_id = o.id AND m.left_on IS "
    "NULL), (SELECT COUNT(*) FROM party_orgs c WHERE c.parent_id = o.id AND c.status = 'active') FROM party_orgs o "
    "LEFT JOIN party_orgs p ON p.id = o.parent_id";

Org decode_org(const storage::Row& r) {
  Org o;
  std::size_t i = 0;
  o.id = r.i64(i++);
  o.name = r.str(i++);
  o.level = r.str(i++);
  o.region_code = r.str(i++);
  o.region_path = r.str(i++);
  o.parent_id = r.opt_i64(i++);
  o.building_id = r.opt_i64(i++);
  o.building_name = r.str(i++);
  o.secretary_name = r.str(i++);
  o.founded_on = r.opt_str(i++);
  o.status = r.str(i++);
  o.dissolved_reason = r.str(i++);
  o.dissolved_at = r.opt_i64(i++);
  o.version = r.i64(i++);
  o.created_at = r.i64(i++);
  o.updated_at = r.i64(i++);
  o.parent_name = r.str(i++);
  o.members = r.i64(i++);
  o.children = r.i64(i++);
  return o;
}

}  // namespace

std::int64_t insert_org(storage::Tx& tx, const Org& o) {
  return tx.insert_id(
      "INSERT INTO party_orgs (name, level, region_code, region_path, parent_id, building_id, building_name, "
      "secretary_name, founded_on, status, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, "
      "?, ?) RETURNING id",
      {o.name, o.level, o.region_code, o.region_path, opt_id(o.parent_id), opt_id(o.building_id), o.building_name,
       o.secretary_name, opt_text(o.founded_on), o.status, o.created_at, o.updated_at});
}

bool update_org(storage::Tx& tx, const Org& o, std::int64_t expected) {
  return tx.exec(
               "UPDATE party_orgs SET name = ?, building_id = ?, building_name = ?, secretary_name = ?, founded_on = "
               "?, status = ?, dissolved_reason = ?, dissolved_at = ?, version = ?, updated_at = ? WHERE id = ? AND "
               "version = ?",
               {o.name, opt_id(o.building_id), o.building_name, o.secretary_name, opt_text(o.founded_on), o.status,
                o.dissolved_reason, opt_id(o.dissolved_at), o.version, o.updated_at, o.id, expected})
             .changes == 1;
}

std::optional<Org> org(storage::Tx& tx, std::int64_t id) {
  return storage::first_or_none(tx.exec(std::string("SELECT ") + kOrgColumns + " WHERE o.id = ?", {id}), decode_org);
}

bool org_name_taken(storage::Tx& tx, const std::string& region_code, const std::string& name,
                    std::optional<std::int64_t> except) {
  return !tx.exec("SELECT 1 FROM party_orgs WHERE region_code = ? AND name = ? AND status = 'active' AND id <> ?",
                  {region_code, name, except.value_or(0)})
              .empty();
}

std::vector<Org> orgs(storage::Tx& tx, const OrgFilter& f) {
  std::string sql = std::string("SELECT ") + kOrgColumns + " WHERE ";
  std::vector<Value> p;
  storage::reach_clause(f.within, f.line, "o.region_path", sql, p);
  if (f.under) {
    sql += " AND ";
    storage::scope_clause({*f.under}, "o.region_path", sql, p);
  }
  if (f.level) sql += " AND o.level = ?", p.emplace_back(*f.level);
  if (f.status) sql += " AND o.status = ?", p.emplace_back(*f.status);
  if (f.parent_id) sql += " AND o.parent_id = ?", p.emplace_back(*f.parent_id);
  if (f.q && !f.q->empty()) sql += " AND o.name LIKE ? ESCAPE '\\'", p.emplace_back(like_pattern(*f.q));
  if (f.after_id) sql += " AND o.id > ?", p.emplace_back(*f.after_id);
  sql += " ORDER BY o.id LIMIT ?";
  p.emplace_back(std::int64_t{f.limit});
  return storage::all_as(tx.exec(sql, p), decode_org);
}

std::int64_t current_members(storage::Tx& tx, std::int64_t org_id) {
  return tx.exec("SELECT COUNT(*) FROM party_members WHERE org_id = ? AND left_on IS NULL", {org_id}).one().i64(0);
}

std::int64_t active_children(storage::Tx& tx, std::int64_t org_id) {
  return tx.exec("SELECT COUNT(*) FROM party_orgs WHERE parent_id = ? AND status = 'active'", {org_id}).one().i64(0);
}

}  // namespace wangge::party::store
