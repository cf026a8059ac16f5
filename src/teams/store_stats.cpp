// The SQL of the figures: care coverage per carer and under a node (from the rollup and
// the due-day counters, never the visits), and the rosters under a node per post and grid.
#include "core/storage/rows.h"
#include "core/storage/scope.h"
#include "teams/store.h"

namespace wangge::teams::store {
namespace {

using storage::Value;

// Whether a path is a grid's or lies under one (its carers' totals are read from the
// assignments; above, from care_due, kept per community).
bool at_grid_or_below(const std::string& path) {
  return !code_at(path, kGridDigits).empty();
}

}  // namespace

std::vector<CarerRow> carers(storage::Tx& tx, const std::string& path, const std::string& month,
                             std::optional<std::int64_t> after, int limit, std::int64_t overdue_before) {
  std::string sql =
      "SELECT m.id, m.name, m.post, m.region_code, m.region_path, m.in_care, COALESCE(r.visits, 0), "
      "COALESCE(r.persons, 0), COALESCE(r.households, 0) FROM team_members m LEFT JOIN care_rollup r ON r.month = ? "
      "AND r.member_path = m.region_path AND r.member_id = m.id WHERE ";
  std::vector<Value> p{month};
  storage::scope_clause({path}, "m.region_path", sql, p);
  sql += " AND (m.in_care > 0 OR r.member_id IS NOT NULL)";
  if (after) {
    auto at = tx.exec("SELECT region_path FROM team_members WHERE id = ?", {*after});
    if (!at.empty()) {
      sql += " AND (m.region_path > ? OR (m.region_path = ? AND m.id > ?))";
      p.emplace_back(at.rows[0].str(0));
      p.emplace_back(at.rows[0].str(0));
      p.emplace_back(*after);
    }
  }
  sql += " ORDER BY m.region_path, m.id LIMIT ?";
  p.emplace_back(std::int64_t{limit});
  std::vector<CarerRow> out;
  for (const auto& r : tx.exec(sql, p).rows)
    out.push_back(
        CarerRow{r.i64(0), r.str(1), r.str(2), r.str(3), r.str(4), r.i64(5), r.i64(6), r.i64(7), r.i64(8), 0});
  if (out.empty()) return out;
  // Overdue now, for the page's carers in one read (the worklist index).
  std::vector<Value> q;
  std::string in = storage::in_list(out, q, &CarerRow::member_id);
  q.emplace_back(overdue_before);
  std::map<std::int64_t, std::int64_t> overdue;
  for (const auto& r : tx.exec("SELECT member_id, COUNT(*) FROM care_assignments WHERE member_id IN (" + in +
                                   ") AND status = 'active' AND due_at < ? GROUP BY member_id",
                               q)
                           .rows)
    overdue[r.i64(0)] = r.i64(1);
  for (auto& c : out) c.overdue = overdue.count(c.member_id) ? overdue[c.member_id] : 0;
  return out;
}

CareTotals care_totals(storage::Tx& tx, const std::string& path, const std::string& month, std::int64_t today_day,
                       std::int64_t overdue_before) {
  CareTotals t;
  {
    std::string sql =
        "SELECT COALESCE(SUM(visits), 0), COALESCE(SUM(persons), 0), COALESCE(SUM(households), 0) FROM care_rollup "
        "WHERE month = ? AND ";
    std::vector<Value> p{month};
    storage::scope_clause({path}, "member_path", sql, p);
    auto res = tx.exec(sql, p);
    const auto& r = res.one();
    t.visits = r.i64(0);
    t.persons = r.i64(1);
    t.households = r.i64(2);
  }
  if (at_grid_or_below(path)) {
    std::string sql =
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN due_at < ? THEN 1 ELSE 0 END), 0) FROM care_assignments WHERE ";
    std::vector<Value> p{overdue_before};
    storage::scope_clause({path}, "member_path", sql, p);
    sql += " AND status = 'active'";
    auto res = tx.exec(sql, p);
    t.in_care = res.one().i64(0);
    t.overdue = res.one().i64(1);
  } else {
    std::string sql =
        "SELECT COALESCE(SUM(n), 0), COALESCE(SUM(CASE WHEN due_day < ? THEN n ELSE 0 END), 0) FROM care_due WHERE ";
    std::vector<Value> p{today_day};
    storage::scope_clause({path}, "community_path", sql, p);
    auto res = tx.exec(sql, p);
    t.in_care = res.one().i64(0);
    t.overdue = res.one().i64(1);
  }
  return t;
}

std::map<std::string, std::int64_t> posts_under(storage::Tx& tx, const std::string& path) {
  std::string sql = "SELECT post, COUNT(*) FROM team_members WHERE ";
  std::vector<Value> p;
  storage::scope_clause({path}, "region_path", sql, p);
  sql += " AND status = 'active' GROUP BY post";
  std::map<std::string, std::int64_t> out;
  for (const auto& r : tx.exec(sql, p).rows) out[r.str(0)] = r.i64(1);
  return out;
}

std::map<std::string, GridTeam> grid_teams(storage::Tx& tx, const std::string& path) {
  std::string sql = "SELECT region_code, post, COUNT(*), COALESCE(SUM(on_duty), 0) FROM team_members WHERE ";
  std::vector<Value> p;
  storage::scope_clause({path}, "region_path", sql, p);
  sql += " AND status = 'active' AND level = 'grid' GROUP BY region_code, post";
  std::map<std::string, GridTeam> out;
  for (const auto& r : tx.exec(sql, p).rows) {
    auto& g = out[r.str(0)];
    g.by_post[r.str(1)] += r.i64(2);
    g.entries += r.i64(2);
    g.on_duty += r.i64(3);
  }
  return out;
}

}  // namespace wangge::teams::store
