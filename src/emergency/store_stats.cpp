// The SQL of the module's figures, and of the territory's checks before a node is removed
// or moved.
#include "core/storage/rows.h"
#include "emergency/store_sql.h"

namespace wangge::emergency::store {
namespace {

using storage::Value;

void under_path(const std::string& path, const std::string& column, std::string& q, std::vector<Value>& p) {
  storage::scope_clause({path}, column, q, p);
}

}  // namespace

Figures figures(storage::Tx& tx, const std::string& path, std::int64_t from, std::int64_t to, const std::string& today,
                const std::string& soon) {
  Figures f;
  {
    std::string q = "SELECT hazard, COUNT(*) FROM emergency_plans WHERE status = 'active' AND ";
    std::vector<Value> p;
    under_path(path, "region_path", q, p);
    q += " GROUP BY hazard";
    for (const auto& r : tx.exec(q, p).rows) f.plans_by_hazard[r.str(0)] = r.i64(1);
  }
  {
    std::string q = "SELECT region_path FROM emergency_plans WHERE status = 'active' AND ";
    std::vector<Value> p;
    under_path(path, "region_path", q, p);
    for (const auto& r : tx.exec(q, p).rows) f.plan_paths.push_back(r.str(0));
  }
  {
    std::string q = "SELECT kind, COUNT(*) FROM emergency_teams WHERE active = 1 AND ";
    std::vector<Value> p;
    under_path(path, "region_path", q, p);
    q += " GROUP BY kind";
    for (const auto& r : tx.exec(q, p).rows) f.teams_by_kind[r.str(0)] = r.i64(1);
  }
  {
    std::string q =
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN m.user_id IS NULL THEN 0 ELSE 1 END), 0) FROM emergency_members m "
        "JOIN emergency_teams t ON t.id = m.team_id WHERE t.active = 1 AND m.until IS NULL AND ";
    std::vector<Value> p;
    under_path(path, "t.region_path", q, p);
    auto res = tx.exec(q, p);
    const auto& r = res.one();
    f.members = r.i64(0);
    f.members_with_account = r.i64(1);
  }
  {
    std::string q =
        "SELECT kind, region_path, starts_at, expected, attended, assembly_minutes FROM emergency_activities WHERE "
        "status = 'held' AND starts_at >= ? AND starts_at < ? AND ";
    std::vector<Value> p{from, to};
    under_path(path, "region_path", q, p);
    for (const auto& r : tx.exec(q, p).rows)
      f.held.push_back(Figures::Held{r.str(0), r.str(1), r.i64(2), r.i64(3), r.i64(4), r.opt_i64(5)});
  }
  {
    std::string q =
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN expires_on IS NOT NULL AND expires_on < ? THEN 1 ELSE 0 END), 0), "
        "COALESCE(SUM(CASE WHEN expires_on IS NOT NULL AND expires_on >= ? AND expires_on <= ? THEN 1 ELSE 0 END), "
        "0), COALESCE(SUM(CASE WHEN quantity < min_quantity THEN 1 ELSE 0 END), 0) FROM emergency_supplies WHERE ";
    std::vector<Value> p{today, today, soon};
    under_path(path, "region_path", q, p);
    auto res = tx.exec(q, p);
    const auto& r = res.one();
    f.supplies = r.i64(0);
    f.expired = r.i64(1);
    f.expiring = r.i64(2);
    f.below_minimum = r.i64(3);
  }
  {
    std::string q =
        "SELECT level, COUNT(*), COALESCE(SUM(recipients), 0), COALESCE(SUM(responded), 0) FROM emergency_alerts "
        "WHERE sent_at >= ? AND sent_at < ? AND ";
    std::vector<Value> p{from, to};
    under_path(path, "region_path", q, p);
    q += " GROUP BY level";
    for (const auto& r : tx.exec(q, p).rows) {
      f.alerts_by_level[r.str(0)] = r.i64(1);
      f.recipients += r.i64(2);
      f.responded += r.i64(3);
    }
  }
  {
    std::string q =
        "SELECT r.first_response_at - a.sent_at FROM emergency_alert_recipients r JOIN emergency_alerts a ON a.id = "
        "r.alert_id WHERE r.first_response_at IS NOT NULL AND a.sent_at >= ? AND a.sent_at < ? AND ";
    std::vector<Value> p{from, to};
    under_path(path, "a.region_path", q, p);
    for (const auto& r : tx.exec(q, p).rows) f.response_ms.push_back(r.i64(0));
  }
  return f;
}

std::int64_t count_uses(storage::Tx& tx, const std::string& code) {
  return tx
      .exec(
          "SELECT (SELECT COUNT(*) FROM emergency_plans WHERE region_code = ?) + (SELECT COUNT(*) FROM "
          "emergency_teams WHERE region_code = ?) + (SELECT COUNT(*) FROM emergency_activities WHERE region_code = ?) "
          "+ (SELECT COUNT(*) FROM emergency_supplies WHERE region_code = ?) + (SELECT COUNT(*) FROM emergency_alerts "
          "WHERE region_code = ?)",
          {code, code, code, code, code})
      .one()
      .i64(0);
}

std::int64_t count_under(storage::Tx& tx, const std::string& path) {
  std::string q;
  std::vector<Value> p;
  const char* tables[] = {"emergency_plans", "emergency_teams", "emergency_activities", "emergency_supplies",
                          "emergency_alerts"};
  for (const char* t : tables) {
    q += q.empty() ? "SELECT " : " + ";
    q += std::string("(SELECT COUNT(*) FROM ") + t + " WHERE ";
    under_path(path, "region_path", q, p);
    q += ")";
  }
  return tx.exec(q, p).one().i64(0);
}

}  // namespace wangge::emergency::store
