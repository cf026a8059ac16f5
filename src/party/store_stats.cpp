// The SQL of the module's figures and ledger, and of the territory's checks before a node
// is removed or moved.
#include <map>

#include "core/storage/rows.h"
#include "core/storage/scope.h"
#include "party/store.h"

namespace wangge::party::store {
namespace {

using storage::Value;

void party_range(const std::string& path, const std::string& column, std::string& sql, std::vector<Value>& p) {
  storage::scope_clause({path}, column, sql, p);
}

void party_members_now(storage::Tx& tx, const std::string& path, Figures& f) {
  std::map<std::int64_t, OrgCount> by_org;
  {
    std::string sql = "SELECT id, name, level, region_code FROM party_orgs WHERE ";
    std::vector<Value> p;
    party_range(path, "region_path", sql, p);
    sql += " AND status = 'active' ORDER BY id";
    for (const auto& r : tx.exec(sql, p).rows) {
      by_org[r.i64(0)] = OrgCount{r.i64(0), r.str(1), r.str(2), r.str(3), 0, 0};
      f.orgs_by_level[r.str(2)] += 1;
    }
  }
  std::string sql =
      "SELECT m.org_id, o.name, o.level, o.region_code, m.kind, m.post, COUNT(*) FROM party_members m JOIN party_orgs "
      "o ON o.id = m.org_id WHERE ";
  std::vector<Value> p;
  party_range(path, "m.region_path", sql, p);
  sql += " AND m.left_on IS NULL GROUP BY m.org_id, o.name, o.level, o.region_code, m.kind, m.post";
  for (const auto& r : tx.exec(sql, p).rows) {
    auto& o = by_org[r.i64(0)];
    o.org_id = r.i64(0);
    o.name = r.str(1);
    o.level = r.str(2);
    o.region_code = r.str(3);
    const std::string kind = r.str(4);
    const std::int64_t n = r.i64(6);
    (kind == "regular" ? o.regular : o.in_service) += n;
    f.by_kind[kind] += n;
    f.by_post[r.str(5)] += n;
  }
  for (auto& [id, o] : by_org) f.by_org.push_back(std::move(o));
}

}  // namespace

Figures figures(storage::Tx& tx, const std::string& path, const std::string& from_day, const std::string& to_day,
                std::int64_t from, std::int64_t to) {
  Figures f;
  party_members_now(tx, path, f);
  {
    std::string sql =
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN transferred_from IS NULL THEN 0 ELSE 1 END), 0) FROM party_members "
        "WHERE ";
    std::vector<Value> p;
    party_range(path, "region_path", sql, p);
    sql += " AND joined_on >= ? AND joined_on <= ?";
    p.emplace_back(from_day);
    p.emplace_back(to_day);
    auto res = tx.exec(sql, p);
    const auto& r = res.one();
    f.joined = r.i64(0);
    f.joined_by_transfer = r.i64(1);
  }
  {
    std::string sql = "SELECT leave_reason, COUNT(*) FROM party_members WHERE ";
    std::vector<Value> p;
    party_range(path, "region_path", sql, p);
    sql += " AND left_on >= ? AND left_on <= ? GROUP BY leave_reason";
    p.emplace_back(from_day);
    p.emplace_back(to_day);
    for (const auto& r : tx.exec(sql, p).rows) f.left_by_reason[r.str(0)] += r.i64(1);
  }
  {
    std::string sql =
        "SELECT kind, COUNT(*), COALESCE(SUM(CASE WHEN status = 'fulfilled' THEN 1 ELSE 0 END), 0) FROM party_pledges "
        "WHERE ";
    std::vector<Value> p;
    party_range(path, "region_path", sql, p);
    sql += " AND created_at >= ? AND created_at < ? GROUP BY kind";
    p.emplace_back(from);
    p.emplace_back(to);
    for (const auto& r : tx.exec(sql, p).rows) {
      f.pledges_made[r.str(0)] += r.i64(1);
      f.made_fulfilled += r.i64(2);
    }
  }
  {
    std::string sql = "SELECT kind, COUNT(*) FROM party_pledges WHERE ";
    std::vector<Value> p;
    party_range(path, "region_path", sql, p);
    sql += " AND status = 'fulfilled' AND closed_at >= ? AND closed_at < ? GROUP BY kind";
    p.emplace_back(from);
    p.emplace_back(to);
    for (const auto& r : tx.exec(sql, p).rows) f.pledges_fulfilled[r.str(0)] += r.i64(1);
  }
  {
    std::string sql = "SELECT COUNT(*) FROM party_pledges WHERE ";
    std::vector<Value> p;
    party_range(path, "region_path", sql, p);
    sql += " AND status = 'active'";
    f.pledges_active = tx.exec(sql, p).one().i64(0);
  }
  return f;
}

std::int64_t count_uses(storage::Tx& tx, const std::string& code) {
  return tx.exec("SELECT COUNT(*) FROM party_orgs WHERE region_code = ?", {code}).one().i64(0);
}

std::int64_t count_under(storage::Tx& tx, const std::string& path) {
  std::string sql = "SELECT (SELECT COUNT(*) FROM party_orgs WHERE ";
  std::vector<Value> p;
  party_range(path, "region_path", sql, p);
  sql += ") + (SELECT COUNT(*) FROM party_members WHERE ";
  party_range(path, "region_path", sql, p);
  sql += ")";
  return tx.exec(sql, p).one().i64(0);
}

}  // namespace wangge::party::store
