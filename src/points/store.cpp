// The SQL of rules, holders, balances, the ledger and its totals.
#include "points/store.h"

#include <array>

#include "core/storage/rows.h"
#include "core/storage/scope.h"

namespace wangge::points::store {
namespace {

using storage::Value;

template <typename T>
Value opt(const std::optional<T>& v) {
  return v ? Value(*v) : Value(nullptr);
}

constexpr const char* kRuleColumns =
    "id, region_code, region_path, earner_type, deed, name, points, cap_day, cap_month, valid_from, valid_to, active, "
    "version, created_by, created_at, updated_at FROM point_rules";

Rule decode_rule(const storage::Row& r) {
  Rule x;
  std::size_t i = 0;
  x.id = r.i64(i++);
  x.region_code = r.str(i++);
  x.region_path = r.str(i++);
  x.earner_type = r.str(i++);
  x.deed = r.str(i++);
  x.name = r.str(i++);
  x.points = r.i64(i++);
  x.cap_day = r.opt_i64(i++);
  x.cap_month = r.opt_i64(i++);
  x.valid_from = r.str(i++);
  x.valid_to = r.opt_str(i++);
  x.active = r.i64(i++) != 0;
  x.version = r.i64(i++);
  x.created_by = r.opt_i64(i++);
  x.created_at = r.i64(i++);
  x.updated_at = r.i64(i++);
  return x;
}

constexpr const char* kHolderColumns =
    "id, kind, ref_id, name, region_code, region_path, earner_type, created_at FROM point_holders";

Holder decode_holder(const storage::Row& r) {
  Holder h;
  h.id = r.i64(0);
  h.kind = r.str(1);
  h.ref_id = r.i64(2);
  h.name = r.str(3);
  h.region_code = r.str(4);
  h.region_path = r.str(5);
  h.earner_type = r.str(6);
  h.created_at = r.i64(7);
  return h;
}

// The codes of a path's nodes: "/44/4404/440404/" -> 44, 4404, 440404.
std::vector<std::string> codes_of(const std::string& path) {
  std::vector<std::string> out;
  std::size_t pos = 1;
  while (pos < path.size()) {
    auto end = path.find('/', pos);
    if (end == std::string::npos) break;
    out.push_back(path.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

// Rankings are kept for counties (6 digits), towns (9), communities (12) and grids (15).
bool ranked_level(const std::string& code) {
  return code.size() == 6 || code.size() == 9 || code.size() == 12 || code.size() == 15;
}

const storage::CounterSpec& totals_spec() {
  static const storage::CounterSpec spec("point_totals", {"node_code", "period", "earner_type", "holder_id"},
                                         {"earned"});
  return spec;
}
const storage::CounterSpec& day_spec() {
  static const storage::CounterSpec spec("point_day_totals", {"node_code", "day", "kind"}, {"points", "entries"});
  return spec;
}

}  // namespace

std::int64_t insert_rule(storage::Tx& tx, const Rule& r) {
  return tx.insert_id(
      "INSERT INTO point_rules (region_code, region_path, earner_type, deed, name, points, cap_day, cap_month, "
      "valid_from, valid_to, active, version, created_by, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?) RETURNING id",
      {r.region_code, r.region_path, r.earner_type, r.deed, r.name, r.points, opt(r.cap_day), opt(r.cap_month),
       r.valid_from, opt(r.valid_to), std::int64_t{r.active ? 1 : 0}, opt(r.created_by), r.created_at, r.updated_at});
}

bool update_rule(storage::Tx& tx, const Rule& r, std::int64_t expected_version) {
  return tx.exec(
               "UPDATE point_rules SET name = ?, points = ?, cap_day = ?, cap_month = ?, valid_from = ?, "
               "valid_to = ?, active = ?, version = ?, updated_at = ? WHERE id = ? AND version = ?",
               {r.name, r.points, opt(r.cap_day), opt(r.cap_month), r.valid_from, opt(r.valid_to),
                std::int64_t{r.active ? 1 : 0}, r.version, r.updated_at, r.id, expected_version})
             .changes == 1;
}

std::optional<Rule> rule(storage::Tx& tx, std::int64_t id) {
  auto res = tx.exec(std::string("SELECT ") + kRuleColumns + " WHERE id = ?", {id});
  if (res.empty()) return std::nullopt;
  return decode_rule(res.one());
}

std::vector<Rule> rules(storage::Tx& tx, const RuleFilter& f) {
  std::string sql = std::string("SELECT ") + kRuleColumns + " WHERE 1 = 1";
  std::vector<Value> p;
  if (!f.paths.empty() || !f.within.empty()) {
    std::string any;
    for (const auto& path : f.paths) {
      // The node's own rules and its ancestors': their paths are prefixes of `path`.
      std::string ancestors;
      for (std::size_t end = path.find('/', 1); end != std::string::npos; end = path.find('/', end + 1)) {
        ancestors += ancestors.empty() ? "?" : ", ?";
        p.emplace_back(path.substr(0, end + 1));
      }
      if (!ancestors.empty()) any += (any.empty() ? "" : " OR ") + std::string("region_path IN (") + ancestors + ")";
    }
    if (!f.within.empty()) {
      std::string clause;
      storage::scope_clause(f.within, "region_path", clause, p);
      any += (any.empty() ? "" : " OR ") + clause;
    }
    sql += " AND (" + (any.empty() ? std::string("1 = 0") : any) + ")";
  }
  if (f.deed) {
    sql += " AND deed = ?";
    p.emplace_back(*f.deed);
  }
  if (f.earner_type) {
    sql += " AND earner_type = ?";
    p.emplace_back(*f.earner_type);
  }
  if (f.active) {
    sql += " AND active = ?";
    p.emplace_back(std::int64_t{*f.active ? 1 : 0});
  }
  sql += " ORDER BY region_path, earner_type, deed, id LIMIT ?";
  p.emplace_back(std::int64_t{f.limit});
  std::vector<Rule> out;
  for (const auto& r : tx.exec(sql, p).rows) out.push_back(decode_rule(r));
  return out;
}

std::vector<Rule> candidate_rules(storage::Tx& tx, std::string_view deed, const std::string& earner_type,
                                  const std::string& path, const std::string& day) {
  RuleFilter f;
  f.paths = {path};
  f.deed = std::string(deed);
  f.earner_type = earner_type;
  f.active = true;
  std::vector<Rule> out;
  for (auto& r : rules(tx, f))
    if (r.valid_from <= day && (!r.valid_to || day <= *r.valid_to)) out.push_back(std::move(r));
  return out;
}

std::optional<Holder> holder(storage::Tx& tx, std::int64_t id) {
  auto res = tx.exec(std::string("SELECT ") + kHolderColumns + " WHERE id = ?", {id});
  if (res.empty()) return std::nullopt;
  return decode_holder(res.one());
}

std::optional<Holder> holder_of(storage::Tx& tx, std::string_view kind, std::int64_t ref_id) {
  auto res =
      tx.exec(std::string("SELECT ") + kHolderColumns + " WHERE kind = ? AND ref_id = ?", {std::string(kind), ref_id});
  if (res.empty()) return std::nullopt;
  return decode_holder(res.one());
}

Holder ensure_holder(storage::Tx& tx, const Holder& h) {
  tx.exec(
      "INSERT INTO point_holders (kind, ref_id, name, region_code, region_path, earner_type, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (kind, ref_id) DO NOTHING",
      {h.kind, h.ref_id, h.name, h.region_code, h.region_path, h.earner_type, h.created_at});
  auto stored = holder_of(tx, h.kind, h.ref_id);
  if (!stored) throw std::logic_error("ensure_holder: the holder was not stored");
  tx.exec(
      "INSERT INTO point_balances (holder_id, balance, earned, spent, entries, updated_at) VALUES (?, 0, 0, 0, 0, ?) "
      "ON CONFLICT (holder_id) DO NOTHING",
      {stored->id, h.created_at});
  return *stored;
}

std::vector<Holder> holders(storage::Tx& tx, const std::vector<std::int64_t>& ids) {
  std::vector<Holder> out;
  if (ids.empty()) return out;
  std::string in;
  std::vector<Value> p;
  for (auto id : ids) {
    in += in.empty() ? "?" : ", ?";
    p.emplace_back(id);
  }
  for (const auto& r : tx.exec(std::string("SELECT ") + kHolderColumns + " WHERE id IN (" + in + ")", p).rows)
    out.push_back(decode_holder(r));
  return out;
}

Balance lock_balance(storage::Tx& tx, std::int64_t holder_id) {
  tx.exec("UPDATE point_balances SET entries = entries WHERE holder_id = ?", {holder_id});
  auto b = balance(tx, holder_id);
  if (!b) throw std::logic_error("lock_balance: no balance row");
  return *b;
}

std::optional<Balance> balance(storage::Tx& tx, std::int64_t holder_id) {
  auto res = tx.exec("SELECT balance, earned, spent, entries, updated_at FROM point_balances WHERE holder_id = ?",
                     {holder_id});
  if (res.empty()) return std::nullopt;
  const auto& r = res.one();
  return Balance{r.i64(0), r.i64(1), r.i64(2), r.i64(3), r.i64(4)};
}

bool take(storage::Tx& tx, std::int64_t holder_id, std::int64_t points, std::int64_t now) {
  return tx.exec(
               "UPDATE point_balances SET balance = balance - ?, spent = spent + ?, entries = entries + 1, "
               "updated_at = ? WHERE holder_id = ? AND balance >= ?",
               {points, points, now, holder_id, points})
             .changes == 1;
}

void add(storage::Tx& tx, std::int64_t holder_id, std::int64_t points, std::int64_t earned, std::int64_t spent,
         std::int64_t now) {
  tx.exec(
      "UPDATE point_balances SET balance = balance + ?, earned = earned + ?, spent = spent + ?, "
      "entries = entries + 1, updated_at = ? WHERE holder_id = ?",
      {points, earned, spent, now, holder_id});
}

std::int64_t append(storage::Tx& tx, const Entry& e, const Holder& h) {
  auto id = tx.insert_id(
      "INSERT INTO point_entries (holder_id, cause, points, balance_after, rule_id, deed, deed_ref, seq, quantity, "
      "redemption_id, reason, region_path, actor_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "RETURNING id",
      {e.holder_id, e.cause, e.points, e.balance_after, opt(e.rule_id), opt(e.deed), opt(e.deed_ref), e.seq, e.quantity,
       opt(e.redemption_id), e.reason, e.region_path, opt(e.actor_id), e.at});
  const std::string day = day_of(e.at);
  if (e.cause == "deed" || e.cause == "correction") {
    const std::array<std::string, 3> periods = {day.substr(0, 7), day.substr(0, 4), "all"};
    for (const auto& code : codes_of(h.region_path)) {
      if (!ranked_level(code)) continue;
      for (const auto& period : periods) tx.add_later(totals_spec(), {code, period, h.earner_type, h.id}, {e.points});
    }
  }
  const std::string kind = e.cause == "deed" && e.deed ? *e.deed : e.cause;
  for (const auto& code : codes_of(e.region_path)) tx.add_later(day_spec(), {code, day, kind}, {e.points, 1});
  return id;
}

DeedSoFar deed_so_far(storage::Tx& tx, std::int64_t holder_id, std::string_view deed, const std::string& ref) {
  auto r = tx.exec(
                 "SELECT COALESCE(SUM(points), 0), COUNT(*), MIN(rule_id) FROM point_entries "
                 "WHERE holder_id = ? AND deed = ? AND deed_ref = ?",
                 {holder_id, std::string(deed), ref})
               .one();
  return DeedSoFar{r.i64(0), r.i64(1), r.opt_i64(2)};
}

std::int64_t earned_by_rule(storage::Tx& tx, std::int64_t holder_id, std::int64_t rule_id, std::int64_t from,
                            std::int64_t to) {
  return tx
      .exec(
          "SELECT COALESCE(SUM(points), 0) FROM point_entries WHERE holder_id = ? AND rule_id = ? AND at >= ? "
          "AND at < ?",
          {holder_id, rule_id, from, to})
      .one()
      .i64(0);
}

std::vector<Entry> entries(storage::Tx& tx, std::int64_t holder_id, std::optional<std::int64_t> before_id, int limit) {
  std::string sql =
      "SELECT e.id, e.holder_id, e.cause, e.points, e.balance_after, e.rule_id, e.deed, e.deed_ref, e.seq, "
      "e.quantity, e.redemption_id, e.reason, e.region_path, e.actor_id, e.at, COALESCE(r.name, '') "
      "FROM point_entries e LEFT JOIN point_rules r ON r.id = e.rule_id WHERE e.holder_id = ?";
  std::vector<Value> p{holder_id};
  if (before_id) {
    sql += " AND e.id < ?";
    p.emplace_back(*before_id);
  }
  sql += " ORDER BY e.id DESC LIMIT ?";
  p.emplace_back(std::int64_t{limit});
  std::vector<Entry> out;
  for (const auto& r : tx.exec(sql, p).rows) {
    Entry e;
    std::size_t i = 0;
    e.id = r.i64(i++);
    e.holder_id = r.i64(i++);
    e.cause = r.str(i++);
    e.points = r.i64(i++);
    e.balance_after = r.i64(i++);
    e.rule_id = r.opt_i64(i++);
    e.deed = r.opt_str(i++);
    e.deed_ref = r.opt_str(i++);
    e.seq = r.i64(i++);
    e.quantity = r.i64(i++);
    e.redemption_id = r.opt_i64(i++);
    e.reason = r.str(i++);
    e.region_path = r.str(i++);
    e.actor_id = r.opt_i64(i++);
    e.at = r.i64(i++);
    e.rule_name = r.str(i++);
    out.push_back(std::move(e));
  }
  return out;
}

std::pair<std::int64_t, std::int64_t> ledger_sum(storage::Tx& tx, std::int64_t holder_id) {
  auto r =
      tx.exec("SELECT COALESCE(SUM(points), 0), COUNT(*) FROM point_entries WHERE holder_id = ?", {holder_id}).one();
  return {r.i64(0), r.i64(1)};
}

}  // namespace wangge::points::store

namespace wangge::points::store {

std::vector<std::pair<Holder, Balance>> holders_in(storage::Tx& tx, const std::vector<std::string>& scope,
                                                   std::optional<std::string> kind,
                                                   std::optional<std::int64_t> before_id, int limit) {
  std::string sql =
      "SELECT h.id, h.kind, h.ref_id, h.name, h.region_code, h.region_path, h.earner_type, h.created_at, b.balance, "
      "b.earned, b.spent, b.entries, b.updated_at FROM point_holders h JOIN point_balances b ON b.holder_id = h.id "
      "WHERE ";
  std::vector<storage::Value> p;
  storage::scope_clause(scope, "h.region_path", sql, p);
  if (kind) {
    sql += " AND h.kind = ?";
    p.emplace_back(*kind);
  }
  if (before_id) {
    sql += " AND h.id < ?";
    p.emplace_back(*before_id);
  }
  sql += " ORDER BY h.id DESC LIMIT ?";
  p.emplace_back(std::int64_t{limit});
  std::vector<std::pair<Holder, Balance>> out;
  for (const auto& r : tx.exec(sql, p).rows)
    out.push_back({decode_holder(r), Balance{r.i64(8), r.i64(9), r.i64(10), r.i64(11), r.i64(12)}});
  return out;
}

}  // namespace wangge::points::store
