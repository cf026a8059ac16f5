// The SQL of schemes and their indicators.
#include "assessment/store.h"
#include "core/storage/rows.h"
#include "core/storage/scope.h"

namespace wangge::assessment::store {
namespace {

using storage::Value;

Value scheme_opt(const std::optional<std::int64_t>& v) {
  return v ? Value(*v) : Value(nullptr);
}

constexpr const char* kSchemeColumns =
    "id, name, description, post, region_code, region_path, period_kind, status, copied_from, version, created_by, "
    "created_at, updated_at, activated_at, retired_at FROM assessment_schemes";

Scheme decode_scheme(const storage::Row& r) {
  Scheme s;
  std::size_t i = 0;
  s.id = r.i64(i++);
  s.name = r.str(i++);
  s.description = r.str(i++);
  s.post = r.str(i++);
  s.region_code = r.str(i++);
  s.region_path = r.str(i++);
  s.period_kind = r.str(i++);
  s.status = r.str(i++);
  s.copied_from = r.opt_i64(i++);
  s.version = r.i64(i++);
  s.created_by = r.opt_i64(i++);
  s.created_at = r.i64(i++);
  s.updated_at = r.i64(i++);
  s.activated_at = r.opt_i64(i++);
  s.retired_at = r.opt_i64(i++);
  return s;
}

// The indicators of these schemes, in order.
void load_indicators(storage::Tx& tx, std::vector<Scheme>& schemes) {
  if (schemes.empty()) return;
  std::vector<Value> p;
  std::string in = storage::in_list(schemes, p, &Scheme::id);
  std::map<std::int64_t, std::vector<Indicator>> by_scheme;
  for (const auto& r : tx.exec("SELECT scheme_id, indicator, weight, target, direction, cap FROM assessment_indicators "
                               "WHERE scheme_id IN (" +
                                   in + ") ORDER BY scheme_id, ord",
                               p)
                           .rows)
    by_scheme[r.i64(0)].push_back(Indicator{r.str(1), r.f64(2), r.f64(3), r.str(4), r.f64(5)});
  for (auto& s : schemes)
    if (auto it = by_scheme.find(s.id); it != by_scheme.end()) s.indicators = std::move(it->second);
}

}  // namespace

std::int64_t insert_scheme(storage::Tx& tx, const Scheme& s) {
  return tx.insert_id(
      "INSERT INTO assessment_schemes (name, description, post, region_code, region_path, period_kind, status, "
      "copied_from, version, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'draft', ?, 1, ?, ?, ?) "
      "RETURNING id",
      {s.name, s.description, s.post, s.region_code, s.region_path, s.period_kind, scheme_opt(s.copied_from),
       scheme_opt(s.created_by), s.created_at, s.updated_at});
}

bool update_scheme(storage::Tx& tx, const Scheme& s, std::int64_t expected) {
  return tx.exec(
               "UPDATE assessment_schemes SET name = ?, description = ?, period_kind = ?, status = ?, version = ?, "
               "updated_at = ?, activated_at = ?, retired_at = ? WHERE id = ? AND version = ?",
               {s.name, s.description, s.period_kind, s.status, s.version, s.updated_at, scheme_opt(s.activated_at),
                scheme_opt(s.retired_at), s.id, expected})
             .changes == 1;
}

void replace_indicators(storage::Tx& tx, std::int64_t scheme_id, const std::vector<Indicator>& indicators) {
  tx.exec("DELETE FROM assessment_indicators WHERE scheme_id = ?", {scheme_id});
  std::int64_t ord = 0;
  for (const auto& i : indicators)
    tx.exec(
        "INSERT INTO assessment_indicators (scheme_id, ord, indicator, weight, target, direction, cap) VALUES (?, ?, "
        "?, ?, ?, ?, ?)",
        {scheme_id, ord++, i.key, i.weight, i.target, i.direction, i.cap});
}

std::optional<Scheme> scheme(storage::Tx& tx, std::int64_t id) {
  auto found =
      storage::first_or_none(tx.exec(std::string("SELECT ") + kSchemeColumns + " WHERE id = ?", {id}), decode_scheme);
  if (!found) return std::nullopt;
  std::vector<Scheme> one{std::move(*found)};
  load_indicators(tx, one);
  return std::move(one.front());
}

std::vector<Scheme> schemes(storage::Tx& tx, const SchemeFilter& f) {
  std::string sql = std::string("SELECT ") + kSchemeColumns + " WHERE ";
  std::vector<Value> p;
  storage::scope_clause(f.within, "region_path", sql, p);
  if (f.region_path) {
    sql += " AND ";
    storage::scope_clause({*f.region_path}, "region_path", sql, p);
  }
  if (f.post) sql += " AND post = ?", p.emplace_back(*f.post);
  if (f.status) sql += " AND status = ?", p.emplace_back(*f.status);
  if (f.before_id) sql += " AND id < ?", p.emplace_back(*f.before_id);
  sql += " ORDER BY id DESC LIMIT ?";
  p.emplace_back(std::int64_t{f.limit});
  auto out = storage::all_as(tx.exec(sql, p), decode_scheme);
  load_indicators(tx, out);
  return out;
}

std::int64_t count_uses(storage::Tx& tx, const std::string& code) {
  return tx
      .exec(
          "SELECT (SELECT COUNT(*) FROM assessment_schemes WHERE region_code = ?) + (SELECT COUNT(*) FROM "
          "assessment_runs WHERE region_code = ?)",
          {code, code})
      .one()
      .i64(0);
}

std::int64_t count_under(storage::Tx& tx, const std::string& path) {
  std::string sql = "SELECT (SELECT COUNT(*) FROM assessment_schemes WHERE ";
  std::vector<Value> p;
  storage::scope_clause({path}, "region_path", sql, p);
  sql += ") + (SELECT COUNT(*) FROM assessment_runs WHERE ";
  storage::scope_clause({path}, "region_path", sql, p);
  sql += ")";
  return tx.exec(sql, p).one().i64(0);
}

}  // namespace wangge::assessment::store
