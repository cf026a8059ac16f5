// The SQL of the module's figures, and of the territory's checks before a node is removed.
#include "core/storage/rows.h"
#include "core/storage/scope.h"
#include "deliberation/store.h"

namespace wangge::deliberation::store {
namespace {

using storage::Value;

void range(const std::string& path, const std::string& column, std::string& sql, std::vector<Value>& p) {
  storage::scope_clause({path}, column, sql, p);
}

}  // namespace

Figures figures(storage::Tx& tx, const std::string& path, std::int64_t from, std::int64_t to,
                const std::string& from_day, const std::string& to_day, const std::string& today) {
  Figures f;
  {
    std::string sql = "SELECT status, source, COUNT(*) FROM topics WHERE ";
    std::vector<Value> p;
    range(path, "region_path", sql, p);
    sql += " AND created_at >= ? AND created_at < ? GROUP BY status, source";
    p.emplace_back(from);
    p.emplace_back(to);
    for (const auto& r : tx.exec(sql, p).rows) {
      f.topics_by_status[r.str(0)] += r.i64(2);
      f.topics_by_source[r.str(1)] += r.i64(2);
    }
  }
  {
    std::string sql = "SELECT kind, level, COUNT(*) FROM meetings WHERE ";
    std::vector<Value> p;
    range(path, "region_path", sql, p);
    sql += " AND status = 'held' AND starts_at >= ? AND starts_at < ? GROUP BY kind, level";
    p.emplace_back(from);
    p.emplace_back(to);
    for (const auto& r : tx.exec(sql, p).rows) {
      f.meetings_by_kind[r.str(0)] += r.i64(2);
      f.meetings_by_level[r.str(1)] += r.i64(2);
    }
  }
  {
    std::string sql =
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN outcome = 'passed' THEN 1 ELSE 0 END), 0), COALESCE(SUM(eligible), "
        "0), COALESCE(SUM(cast_online + cast_paper), 0) FROM ballots WHERE ";
    std::vector<Value> p;
    range(path, "region_path", sql, p);
    sql += " AND status = 'closed' AND closed_at >= ? AND closed_at < ?";
    p.emplace_back(from);
    p.emplace_back(to);
    auto res = tx.exec(sql, p);
    const auto& r = res.one();
    f.ballots = r.i64(0);
    f.ballots_passed = r.i64(1);
    f.eligible = r.i64(2);
    f.cast = r.i64(3);
  }
  {
    std::string sql =
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN k.status = 'done' THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN "
        "k.status = 'done' AND k.done_on <= k.due_on THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN k.status = "
        "'open' AND k.due_on < ? THEN 1 ELSE 0 END), 0) FROM topic_tasks k JOIN topics t ON t.id = k.topic_id WHERE ";
    std::vector<Value> p{today};
    range(path, "t.region_path", sql, p);
    sql += " AND k.due_on >= ? AND k.due_on <= ?";
    p.emplace_back(from_day);
    p.emplace_back(to_day);
    auto res = tx.exec(sql, p);
    const auto& r = res.one();
    f.tasks = r.i64(0);
    f.tasks_done = r.i64(1);
    f.tasks_on_time = r.i64(2);
    f.tasks_overdue = r.i64(3);
  }
  return f;
}

std::int64_t count_uses(storage::Tx& tx, const std::string& code) {
  return tx
      .exec(
          "SELECT (SELECT COUNT(*) FROM councils WHERE region_code = ?) + (SELECT COUNT(*) FROM topics WHERE "
          "region_code = ?) + (SELECT COUNT(*) FROM ballots WHERE electorate_code = ?)",
          {code, code, code})
      .one()
      .i64(0);
}

std::int64_t count_under(storage::Tx& tx, const std::string& path) {
  std::string sql = "SELECT (SELECT COUNT(*) FROM councils WHERE ";
  std::vector<Value> p;
  range(path, "region_path", sql, p);
  sql += ") + (SELECT COUNT(*) FROM topics WHERE ";
  range(path, "region_path", sql, p);
  sql += ")";
  return tx.exec(sql, p).one().i64(0);
}

}  // namespace wangge::deliberation::store
