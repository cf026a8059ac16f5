// The SQL of residents' calls (team_calls, team_call_recipients) and their figures.
#include "core/storage/rows.h"
#include "core/storage/scope.h"
#include "teams/store.h"

namespace wangge::teams::store {
namespace {

using storage::Value;

Value call_opt(const std::optional<std::int64_t>& v) {
  return v ? Value(*v) : Value(nullptr);
}

constexpr const char* kCallColumns =
    "id, region_code, region_path, caller_id, kind, message, status, recipients, created_at, answered_at, "
    "answered_by, response_ms, answer_note, closed_at, closed_by FROM team_calls";

Call decode_call(const storage::Row& r) {
  Call c;
  std::size_t i = 0;
  c.id = r.i64(i++);
  c.region_code = r.str(i++);
  c.region_path = r.str(i++);
  c.caller_id = r.i64(i++);
  c.kind = r.str(i++);
  c.message = r.str(i++);
  c.status = r.str(i++);
  c.recipients = r.i64(i++);
  c.created_at = r.i64(i++);
  c.answered_at = r.opt_i64(i++);
  c.answered_by = r.opt_i64(i++);
  c.response_ms = r.opt_i64(i++);
  c.answer_note = r.str(i++);
  c.closed_at = r.opt_i64(i++);
  c.closed_by = r.opt_i64(i++);
  return c;
}

// The value at 1-based `rank` of the answered calls' response times (the filter in sql/p).
std::optional<std::int64_t> response_at(storage::Tx& tx, const std::string& where, const std::vector<Value>& p,
                                        std::int64_t rank) {
  if (rank <= 0) return std::nullopt;
  std::vector<Value> q = p;
  q.emplace_back(rank - 1);
  auto res = tx.exec("SELECT response_ms FROM team_calls WHERE " + where +
                         " AND response_ms IS NOT NULL ORDER BY response_ms LIMIT 1 OFFSET ?",
                     q);
  if (res.empty()) return std::nullopt;
  return res.rows[0].i64(0);
}

}  // namespace

std::int64_t insert_call(storage::Tx& tx, const Call& c, const std::vector<std::int64_t>& recipients) {
  auto id = tx.insert_id(
      "INSERT INTO team_calls (region_code, region_path, caller_id, kind, message, status, recipients, created_at) "
      "VALUES (?, ?, ?, ?, ?, 'open', ?, ?) RETURNING id",
      {c.region_code, c.region_path, c.caller_id, c.kind, c.message, static_cast<std::int64_t>(recipients.size()),
       c.created_at});
  for (auto u : recipients)
    tx.insert_later("INSERT INTO team_call_recipients (call_id, user_id) VALUES (?, ?)", {id, u});
  return id;
}

std::optional<Call> call(storage::Tx& tx, std::int64_t id) {
  return storage::first_or_none(tx.exec(std::string("SELECT ") + kCallColumns + " WHERE id = ?", {id}), decode_call);
}

bool is_recipient(storage::Tx& tx, std::int64_t call_id, std::int64_t user_id) {
  return !tx.exec("SELECT 1 FROM team_call_recipients WHERE call_id = ? AND user_id = ?", {call_id, user_id}).empty();
}

std::vector<std::int64_t> received_of(storage::Tx& tx, std::int64_t user_id,
                                      const std::vector<std::int64_t>& call_ids) {
  std::vector<std::int64_t> out;
  if (call_ids.empty()) return out;
  std::vector<Value> p{user_id};
  std::string in = storage::in_list(call_ids, p);
  for (const auto& r :
       tx.exec("SELECT call_id FROM team_call_recipients WHERE user_id = ? AND call_id IN (" + in + ")", p).rows)
    out.push_back(r.i64(0));
  return out;
}

bool update_call(storage::Tx& tx, const Call& c, const std::string& expected) {
  return tx.exec(
               "UPDATE team_calls SET status = ?, answered_at = ?, answered_by = ?, response_ms = ?, answer_note = ?, "
               "closed_at = ?, closed_by = ? WHERE id = ? AND status = ?",
               {c.status, call_opt(c.answered_at), call_opt(c.answered_by), call_opt(c.response_ms), c.answer_note,
                call_opt(c.closed_at), call_opt(c.closed_by), c.id, expected})
             .changes == 1;
}

std::vector<Call> calls(storage::Tx& tx, const CallFilter& f) {
  std::string sql = std::string("SELECT ") + kCallColumns + " WHERE (";
  std::vector<Value> p;
  storage::scope_clause(f.within, "region_path", sql, p);
  if (f.party) {
    sql += " OR caller_id = ? OR id IN (SELECT call_id FROM team_call_recipients WHERE user_id = ?)";
    p.emplace_back(*f.party);
    p.emplace_back(*f.party);
  }
  sql += ")";
  if (f.region_path) {
    sql += " AND ";
    storage::scope_clause({*f.region_path}, "region_path", sql, p);
  }
  if (f.status) sql += " AND status = ?", p.emplace_back(*f.status);
  if (f.before_id) sql += " AND id < ?", p.emplace_back(*f.before_id);
  sql += " ORDER BY id DESC LIMIT ?";
  p.emplace_back(std::int64_t{f.limit});
  return storage::all_as(tx.exec(sql, p), decode_call);
}

CallFigures call_figures(storage::Tx& tx, const std::string& path, std::int64_t from, std::int64_t to,
                         std::int64_t now) {
  std::string where;
  std::vector<Value> p;
  storage::scope_clause({path}, "region_path", where, p);
  where += " AND created_at >= ? AND created_at < ?";
  p.emplace_back(from);
  p.emplace_back(to);
  // Late: answered after 10 minutes, or not answered and waiting (or closed) after 10 minutes.
  std::vector<Value> q{kLateCallMs, now, kLateCallMs};
  for (const auto& v : p) q.push_back(v);
  auto res = tx.exec(
      "SELECT COUNT(*), COALESCE(SUM(CASE WHEN response_ms IS NOT NULL THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN "
      "response_ms > ? OR (response_ms IS NULL AND COALESCE(closed_at, ?) - created_at > ?) THEN 1 ELSE 0 END), 0), "
      "COALESCE(SUM(CASE WHEN status = 'open' THEN 1 ELSE 0 END), 0) FROM team_calls WHERE " +
          where,
      q);
  const auto& r = res.one();
  CallFigures f{r.i64(0), r.i64(1), r.i64(2), r.i64(3), std::nullopt, std::nullopt};
  f.median_ms = response_at(tx, where, p, percentile_rank(f.answered, 50));
  f.p90_ms = response_at(tx, where, p, percentile_rank(f.answered, 90));
  return f;
}

}  // namespace wangge::teams::store
