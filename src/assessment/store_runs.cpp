// The SQL of runs, their results (raw values and points as JSON objects by indicator), the
// manual points and commendations, and a worker's card.
#include <boost/json/parse.hpp>

#include "assessment/store.h"
#include "core/json.h"
#include "core/storage/rows.h"
#include "core/storage/scope.h"

namespace wangge::assessment::store {
namespace {

using storage::Value;

Value run_opt(const std::optional<std::int64_t>& v) {
  return v ? Value(*v) : Value(nullptr);
}

std::string indicators_text(const std::vector<Indicator>& indicators) {
  json::array a;
  for (const auto& i : indicators)
    a.push_back(json::object{
        {"key", i.key}, {"weight", i.weight}, {"target", i.target}, {"direction", i.direction}, {"cap", i.cap}});
  return json::to_text(a);
}

double number_of(const json::value& v) {
  return v.is_number() ? v.to_number<double>() : 0.0;
}

std::vector<Indicator> indicators_of(const std::string& text) {
  std::vector<Indicator> out;
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& x : v.as_array()) {
    if (!x.is_object()) continue;
    const auto& o = x.as_object();
    Indicator i;
    if (const auto* k = o.if_contains("key"); k && k->is_string()) i.key = std::string(k->as_string());
    if (const auto* d = o.if_contains("direction"); d && d->is_string()) i.direction = std::string(d->as_string());
    if (const auto* w = o.if_contains("weight")) i.weight = number_of(*w);
    if (const auto* t = o.if_contains("target")) i.target = number_of(*t);
    if (const auto* c = o.if_contains("cap")) i.cap = number_of(*c);
    out.push_back(std::move(i));
  }
  return out;
}

constexpr const char* kRunColumns =
    "r.id, r.scheme_id, s.name, r.period, r.period_kind, r.version, r.status, r.post, r.region_code, r.region_path, "
    "r.indicators, r.subjects, r.computations, r.computed_at, r.computed_by, r.compute_ms, r.frozen_at, r.frozen_by, "
    "r.created_at";
constexpr std::size_t kRunWidth = 19;
constexpr const char* kRunFrom = " FROM assessment_runs r JOIN assessment_schemes s ON s.id = r.scheme_id";

Run decode_run(const storage::Row& r, std::size_t i = 0) {
  Run x;
  x.id = r.i64(i++);
  x.scheme_id = r.i64(i++);
  x.scheme_name = r.str(i++);
  x.period = r.str(i++);
  x.period_kind = r.str(i++);
  x.version = r.i64(i++);
  x.status = r.str(i++);
  x.post = r.str(i++);
  x.region_code = r.str(i++);
  x.region_path = r.str(i++);
  x.indicators = indicators_of(r.str(i++));
  x.subjects = r.i64(i++);
  x.computations = r.i64(i++);
  x.computed_at = r.i64(i++);
  x.computed_by = r.opt_i64(i++);
  x.compute_ms = r.i64(i++);
  x.frozen_at = r.opt_i64(i++);
  x.frozen_by = r.opt_i64(i++);
  x.created_at = r.i64(i++);
  return x;
}

constexpr const char* kResultColumns =
    "res.subject_key, res.subject_kind, res.subject_name, res.region_code, res.raw_values, res.points_detail, "
    "res.computed, res.manual, res.total, res.rank_no";

Result decode_result(const storage::Row& r, std::size_t i = 0) {
  Result x;
  x.subject.key = r.str(i++);
  x.subject.kind = r.str(i++);
  x.subject.name = r.str(i++);
  x.subject.region_code = r.str(i++);
  boost::system::error_code ec;
  auto values = boost::json::parse(r.str(i++), ec);
  if (!ec && values.is_object())
    for (const auto& [k, v] : values.as_object())
      x.values[std::string(k)] = v.is_number() ? std::optional<double>(v.to_number<double>()) : std::nullopt;
  auto points = boost::json::parse(r.str(i++), ec);
  if (!ec && points.is_object())
    for (const auto& [k, v] : points.as_object()) x.points[std::string(k)] = number_of(v);
  x.computed = r.f64(i++);
  x.manual = r.f64(i++);
  x.total = r.f64(i++);
  x.rank = r.i64(i++);
  return x;
}

std::string values_text(const Result& r) {
  json::object o;
  for (const auto& [k, v] : r.values) o[k] = v ? json::value(*v) : json::value(nullptr);
  return json::to_text(o);
}

std::string points_text(const Result& r) {
  json::object o;
  for (const auto& [k, v] : r.points) o[k] = v;
  return json::to_text(o);
}

}  // namespace

std::int64_t insert_run(storage::Tx& tx, const Run& r) {
  return tx.insert_id(
      "INSERT INTO assessment_runs (scheme_id, period, period_kind, version, status, post, region_code, region_path, "
      "indicators, subjects, computations, computed_at, computed_by, compute_ms, created_at) VALUES (?, ?, ?, ?, "
      "'draft', ?, ?, ?, ?, ?, 1, ?, ?, ?, ?) RETURNING id",
      {r.scheme_id, r.period, r.period_kind, r.version, r.post, r.region_code, r.region_path,
       indicators_text(r.indicators), r.subjects, r.computed_at, run_opt(r.computed_by), r.compute_ms, r.created_at});
}

void update_computed(storage::Tx& tx, const Run& r) {
  tx.exec(
      "UPDATE assessment_runs SET indicators = ?, subjects = ?, computations = ?, computed_at = ?, computed_by = ?, "
      "compute_ms = ? WHERE id = ? AND status = 'draft'",
      {indicators_text(r.indicators), r.subjects, r.computations, r.computed_at, run_opt(r.computed_by), r.compute_ms,
       r.id});
}

bool freeze(storage::Tx& tx, std::int64_t id, std::int64_t at, std::int64_t by) {
  return tx.exec(
               "UPDATE assessment_runs SET status = 'frozen', frozen_at = ?, frozen_by = ? WHERE id = ? AND status = "
               "'draft'",
               {at, by, id})
             .changes == 1;
}

std::optional<Run> run(storage::Tx& tx, std::int64_t id) {
  return storage::first_or_none(tx.exec(std::string("SELECT ") + kRunColumns + kRunFrom + " WHERE r.id = ?", {id}),
                                [](const storage::Row& row) { return decode_run(row); });
}

std::optional<Run> latest_run(storage::Tx& tx, std::int64_t scheme_id, const std::string& period) {
  return storage::first_or_none(tx.exec(std::string("SELECT ") + kRunColumns + kRunFrom +
                                            " WHERE r.scheme_id = ? AND r.period = ? ORDER BY r.version DESC LIMIT 1",
                                        {scheme_id, period}),
                                [](const storage::Row& row) { return decode_run(row); });
}

std::vector<Run> runs(storage::Tx& tx, const RunFilter& f) {
  std::string sql = std::string("SELECT ") + kRunColumns + kRunFrom + " WHERE ";
  std::vector<Value> p;
  storage::scope_clause(f.within, "r.region_path", sql, p);
  if (f.scheme_id) sql += " AND r.scheme_id = ?", p.emplace_back(*f.scheme_id);
  if (f.period) sql += " AND r.period = ?", p.emplace_back(*f.period);
  if (f.before_id) sql += " AND r.id < ?", p.emplace_back(*f.before_id);
  sql += " ORDER BY r.id DESC LIMIT ?";
  p.emplace_back(std::int64_t{f.limit});
  return storage::all_as(tx.exec(sql, p), [](const storage::Row& row) { return decode_run(row); });
}

void delete_results(storage::Tx& tx, std::int64_t run_id) {
  tx.exec("DELETE FROM assessment_results WHERE run_id = ?", {run_id});
}

void insert_results(storage::Tx& tx, std::int64_t run_id, const std::vector<Result>& results) {
  constexpr std::size_t kRowsPerStatement = 256;
  const std::string head =
      "INSERT INTO assessment_results (run_id, subject_key, subject_kind, subject_name, region_code, raw_values, "
      "points_detail, computed, manual, total, rank_no) VALUES ";
  const std::string tuple = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  for (std::size_t at = 0; at < results.size(); at += kRowsPerStatement) {
    std::size_t end = std::min(results.size(), at + kRowsPerStatement);
    std::string sql = head;
    std::vector<Value> p;
    p.reserve((end - at) * 11);
    for (std::size_t i = at; i < end; ++i) {
      const Result& r = results[i];
      sql += i == at ? tuple : ", " + tuple;
      p.insert(p.end(), {run_id, r.subject.key, r.subject.kind, r.subject.name, r.subject.region_code, values_text(r),
                         points_text(r), r.computed, r.manual, r.total, r.rank});
    }
    tx.exec(sql, p);
  }
}

std::vector<Result> results(storage::Tx& tx, std::int64_t run_id,
                            const std::optional<std::pair<std::int64_t, std::string>>& after, int limit) {
  std::string sql = std::string("SELECT ") + kResultColumns + " FROM assessment_results res WHERE res.run_id = ?";
  std::vector<Value> p{run_id};
  if (after) {
    sql += " AND (res.rank_no > ? OR (res.rank_no = ? AND res.subject_key > ?))";
    p.insert(p.end(), {after->first, after->first, after->second});
  }
  sql += " ORDER BY res.rank_no, res.subject_key LIMIT ?";
  p.emplace_back(std::int64_t{limit});
  return storage::all_as(tx.exec(sql, p), [](const storage::Row& row) { return decode_result(row); });
}

std::optional<Result> result(storage::Tx& tx, std::int64_t run_id, const std::string& subject_key) {
  return storage::first_or_none(tx.exec(std::string("SELECT ") + kResultColumns +
                                            " FROM assessment_results res WHERE res.run_id = ? AND res.subject_key = ?",
                                        {run_id, subject_key}),
                                [](const storage::Row& row) { return decode_result(row); });
}

void set_manual(storage::Tx& tx, std::int64_t run_id, const std::string& subject_key, double manual, double total) {
  tx.exec("UPDATE assessment_results SET manual = ?, total = ? WHERE run_id = ? AND subject_key = ?",
          {manual, total, run_id, subject_key});
  rerank(tx, run_id);
}

void rerank(storage::Tx& tx, std::int64_t run_id) {
  // Competition ranks from a window over the run's totals; only the rows whose rank moved
  // are written (both engines: UPDATE ... FROM, window functions).
  tx.exec(
      "UPDATE assessment_results SET rank_no = ranked.place FROM (SELECT subject_key AS subject, RANK() OVER (ORDER "
      "BY total DESC) AS place FROM assessment_results WHERE run_id = ?) AS ranked WHERE assessment_results.run_id = ? "
      "AND assessment_results.subject_key = ranked.subject AND assessment_results.rank_no <> ranked.place",
      {run_id, run_id});
}

std::int64_t insert_adjustment(storage::Tx& tx, const Adjustment& a) {
  return tx.insert_id(
      "INSERT INTO assessment_adjustments (run_id, subject_key, points, reason, created_by, created_at) VALUES (?, ?, "
      "?, ?, ?, ?) RETURNING id",
      {a.run_id, a.subject_key, a.points, a.reason, run_opt(a.created_by), a.created_at});
}

std::vector<Adjustment> adjustments(storage::Tx& tx, std::int64_t run_id) {
  return storage::all_as(tx.exec("SELECT id, run_id, subject_key, points, reason, created_by, created_at FROM "
                                 "assessment_adjustments WHERE run_id = ? ORDER BY id",
                                 {run_id}),
                         [](const storage::Row& r) {
                           return Adjustment{r.i64(0), r.i64(1), r.str(2), r.f64(3), r.str(4), r.opt_i64(5), r.i64(6)};
                         });
}

std::map<std::string, double> manual_points(storage::Tx& tx, std::int64_t run_id) {
  std::map<std::string, double> out;
  for (const auto& r :
       tx.exec("SELECT subject_key, SUM(points) FROM assessment_adjustments WHERE run_id = ? GROUP BY subject_key",
               {run_id})
           .rows)
    out[r.str(0)] = r.f64(1);
  return out;
}

std::int64_t insert_commendation(storage::Tx& tx, const Commendation& c) {
  return tx.insert_id(
      "INSERT INTO assessment_commendations (run_id, subject_key, title, reason, created_by, created_at) VALUES (?, "
      "?, ?, ?, ?, ?) RETURNING id",
      {c.run_id, c.subject_key, c.title, c.reason, run_opt(c.created_by), c.created_at});
}

namespace {
Commendation decode_commendation(const storage::Row& r) {
  return Commendation{r.i64(0), r.i64(1), r.str(2), r.str(3), r.str(4), r.opt_i64(5), r.i64(6)};
}
}  // namespace

std::vector<Commendation> commendations(storage::Tx& tx, std::int64_t run_id) {
  return storage::all_as(tx.exec("SELECT id, run_id, subject_key, title, reason, created_by, created_at FROM "
                                 "assessment_commendations WHERE run_id = ? ORDER BY id",
                                 {run_id}),
                         decode_commendation);
}

std::vector<CardRow> card(storage::Tx& tx, const std::string& subject_kind, const std::string& subject_key,
                          const std::optional<std::string>& period, int limit) {
  std::string sql = std::string("SELECT ") + kRunColumns + ", " + kResultColumns + kRunFrom +
                    " JOIN assessment_results res ON res.run_id = r.id WHERE res.subject_kind = ? AND "
                    "res.subject_key = ? AND r.status = 'frozen' AND s.status = 'active' AND NOT EXISTS (SELECT 1 "
                    "FROM assessment_runs later WHERE later.scheme_id = r.scheme_id AND later.period = r.period AND "
                    "later.status = 'frozen' AND later.version > r.version)";
  std::vector<Value> p{subject_kind, subject_key};
  if (period) sql += " AND r.period = ?", p.emplace_back(*period);
  sql += " ORDER BY r.period DESC, r.id DESC LIMIT ?";
  p.emplace_back(std::int64_t{limit});
  std::vector<CardRow> out;
  for (const auto& row : tx.exec(sql, p).rows) out.push_back(CardRow{decode_run(row), decode_result(row, kRunWidth)});
  return out;
}

std::vector<Commendation> commendations_of(storage::Tx& tx, const std::string& subject_key,
                                           const std::vector<std::int64_t>& run_ids) {
  if (run_ids.empty()) return {};
  std::vector<Value> p{subject_key};
  std::string in = storage::in_list(run_ids, p);
  return storage::all_as(tx.exec("SELECT id, run_id, subject_key, title, reason, created_by, created_at FROM "
                                 "assessment_commendations WHERE subject_key = ? AND run_id IN (" +
                                     in + ") ORDER BY id",
                                 p),
                         decode_commendation);
}

}  // namespace wangge::assessment::store
