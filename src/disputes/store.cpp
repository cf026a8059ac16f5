#include "disputes/store.h"

#include <map>

#include "core/storage/rows.h"
#include "territory/store.h"

namespace wangge::disputes::store {
namespace {

using storage::Value;

template <typename T>
Value opt(const std::optional<T>& v) {
  return v ? Value(*v) : Value(nullptr);
}

constexpr const char* kColumns =
    "id, region_code, region_path, type, title, description, place, risk, source, source_ref, status, referred_to, "
    "outcome_detail, mediator_id, found_on, closed_on, version, created_by, created_at, updated_at";

Dispute decode(const storage::Row& r) {
  Dispute d;
  std::size_t i = 0;
  d.id = r.i64(i++);
  d.region_code = r.str(i++);
  d.region_path = r.str(i++);
  d.type = r.str(i++);
  d.title = r.str(i++);
  d.description = r.str(i++);
  d.place = r.str(i++);
  d.risk = r.str(i++);
  d.source = r.str(i++);
  d.source_ref = r.str(i++);
  d.status = r.str(i++);
  d.referred_to = r.opt_str(i++);
  d.outcome_detail = r.str(i++);
  d.mediator_id = r.opt_i64(i++);
  d.found_on = r.str(i++);
  d.closed_on = r.opt_str(i++);
  d.version = r.i64(i++);
  d.created_by = r.opt_i64(i++);
  d.created_at = r.i64(i++);
  d.updated_at = r.i64(i++);
  return d;
}

}  // namespace

std::int64_t insert(storage::Tx& tx, const Dispute& d) {
  std::int64_t id = tx.insert_id(
      "INSERT INTO disputes (region_code, region_path, type, title, description, place, risk, source, "
      "source_ref, status, referred_to, outcome_detail, mediator_id, found_on, closed_on, version, created_by, "
      "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {d.region_code, d.region_path, d.type, d.title, d.description, d.place, d.risk, d.source, d.source_ref, d.status,
       opt(d.referred_to), d.outcome_detail, opt(d.mediator_id), d.found_on, opt(d.closed_on), d.version,
       opt(d.created_by), d.created_at, d.updated_at});
  for (const auto& p : d.parties) {
    tx.exec(
        "INSERT INTO dispute_parties (dispute_id, role, name, person_id, phone_sealed, phone_masked) VALUES (?, ?, ?, "
        "?, ?, ?)",
        {id, p.role, p.name, opt(p.person_id), p.phone_sealed ? Value(storage::Blob{*p.phone_sealed}) : Value(nullptr),
         p.phone_masked});
  }
  return id;
}

bool update(storage::Tx& tx, const Dispute& d, std::int64_t expected) {
  return tx.exec(
               "UPDATE disputes SET type = ?, title = ?, description = ?, place = ?, risk = ?, status = ?, "
               "referred_to = ?, outcome_detail = ?, mediator_id = ?, closed_on = ?, version = ?, updated_at = ? "
               "WHERE id = ? AND version = ?",
               {d.type, d.title, d.description, d.place, d.risk, d.status, opt(d.referred_to), d.outcome_detail,
                opt(d.mediator_id), opt(d.closed_on), d.version, d.updated_at, d.id, expected})
             .changes == 1;
}

std::optional<Dispute> get(storage::Tx& tx, std::int64_t id) {
  auto res = tx.exec(std::string("SELECT ") + kColumns + " FROM disputes WHERE id = ?", {id});
  if (res.empty()) return std::nullopt;
  std::vector<Dispute> one{decode(res.rows[0])};
  load_parties(tx, one);
  return one[0];
}

std::vector<Dispute> list(storage::Tx& tx, const Filter& f) {
  std::string sql = std::string("SELECT ") + kColumns + " FROM disputes WHERE ";
  std::vector<Value> p;
  territory::store::scope_clause(f.scope_paths, "region_path", sql, p);
  if (f.region_path) {
    sql += " AND region_path >= ? AND region_path < ?";
    p.emplace_back(*f.region_path);
    p.emplace_back(territory::store::path_upper_bound(*f.region_path));
  }
  if (f.status) {
    if (*f.status == "active") {
      sql += " AND status IN ('open', 'mediating')";
    } else {
      sql += " AND status = ?", p.emplace_back(*f.status);
    }
  }
  if (f.type) sql += " AND type = ?", p.emplace_back(*f.type);
  if (f.risk) sql += " AND risk = ?", p.emplace_back(*f.risk);
  if (f.found_from) sql += " AND found_on >= ?", p.emplace_back(*f.found_from);
  if (f.found_to) sql += " AND found_on < ?", p.emplace_back(*f.found_to);
  if (f.person_id) {
    sql += " AND id IN (SELECT dispute_id FROM dispute_parties WHERE person_id = ?)";
    p.emplace_back(*f.person_id);
  }
  if (f.before_id) sql += " AND id < ?", p.emplace_back(*f.before_id);
  sql += " ORDER BY id DESC LIMIT ?";
  p.emplace_back(std::int64_t{f.limit});
  return storage::all_as(tx.exec(sql, p), decode);
}

void load_parties(storage::Tx& tx, std::vector<Dispute>& ds) {
  if (ds.empty()) return;
  std::vector<Value> p;
  const std::string in = storage::in_list(ds, p, &Dispute::id);
  std::map<std::int64_t, Dispute*> by_id;
  for (auto& d : ds) by_id[d.id] = &d;
  for (const auto& r : tx.exec("SELECT id, dispute_id, role, name, person_id, phone_sealed, phone_masked FROM "
                               "dispute_parties WHERE dispute_id IN (" +
                                   in + ") ORDER BY id",
                               p)
                           .rows) {
    Party party{r.i64(0), r.str(2), r.str(3), r.opt_i64(4), r.opt_str(5), r.str(6)};
    by_id[r.i64(1)]->parties.push_back(std::move(party));
  }
}

void insert_risk_change(storage::Tx& tx, std::int64_t dispute_id, const RiskChange& c, std::optional<std::int64_t> by) {
  tx.exec(
      "INSERT INTO dispute_risk_changes (dispute_id, from_risk, to_risk, reason, changed_by, changed_at) VALUES (?, "
      "?, ?, ?, ?, ?)",
      {dispute_id, c.from_risk, c.to_risk, c.reason, opt(by), c.changed_at});
}

std::vector<RiskChange> risk_changes(storage::Tx& tx, std::int64_t dispute_id) {
  std::vector<RiskChange> out;
  for (const auto& r : tx.exec("SELECT from_risk, to_risk, reason, changed_at FROM dispute_risk_changes WHERE "
                               "dispute_id = ? ORDER BY id",
                               {dispute_id})
                           .rows)
    out.push_back({r.str(0), r.str(1), r.str(2), r.i64(3)});
  return out;
}

std::vector<std::int64_t> raised_since(storage::Tx& tx, const std::vector<std::string>& scope_paths,
                                       std::int64_t since_ms) {
  std::string sql =
      "SELECT DISTINCT c.dispute_id FROM dispute_risk_changes c JOIN disputes d ON d.id = c.dispute_id WHERE "
      "c.changed_at >= ? AND d.status IN ('open', 'mediating') AND ((c.from_risk = 'low' AND c.to_risk <> 'low') OR "
      "(c.from_risk = 'medium' AND c.to_risk = 'high')) AND ";
  std::vector<Value> p{since_ms};
  territory::store::scope_clause(scope_paths, "d.region_path", sql, p);
  sql += " ORDER BY c.dispute_id";
  std::vector<std::int64_t> out;
  for (const auto& r : tx.exec(sql, p).rows) out.push_back(r.i64(0));
  return out;
}

std::vector<Count> counts(storage::Tx& tx, const std::string& path, const std::string& from, const std::string& to) {
  std::vector<Count> out;
  for (const auto& r : tx.exec("SELECT region_path, type, status, COUNT(*) FROM disputes WHERE region_path >= ? AND "
                               "region_path < ? AND found_on >= ? AND found_on < ? GROUP BY region_path, type, status",
                               {path, territory::store::path_upper_bound(path), from, to})
                           .rows)
    out.push_back({r.str(0), r.str(1), r.str(2), r.i64(3)});
  return out;
}

std::int64_t insert_session(storage::Tx& tx, const Session& s, std::int64_t now) {
  return tx.insert_id(
      "INSERT INTO mediation_sessions (dispute_id, held_on, mediator_id, mediator_name, participants, record, "
      "agreement, result, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {s.dispute_id, s.held_on, opt(s.mediator_id), s.mediator_name, s.participants, s.record, s.agreement, s.result,
       now});
}

std::vector<Session> sessions(storage::Tx& tx, std::int64_t dispute_id) {
  std::vector<Session> out;
  for (const auto& r : tx.exec("SELECT id, dispute_id, held_on, mediator_id, mediator_name, participants, record, "
                               "agreement, result FROM mediation_sessions WHERE dispute_id = ? ORDER BY id",
                               {dispute_id})
                           .rows)
    out.push_back({r.i64(0), r.i64(1), r.str(2), r.opt_i64(3), r.str(4), r.str(5), r.str(6), r.str(7), r.str(8)});
  return out;
}

std::int64_t insert_followup(storage::Tx& tx, const Followup& f, std::optional<std::int64_t> by, std::int64_t now) {
  return tx.insert_id(
      "INSERT INTO dispute_followups (dispute_id, visited_on, note, stable, created_by, created_at) VALUES (?, ?, "
      "?, ?, ?, ?) RETURNING id",
      {f.dispute_id, f.visited_on, f.note, std::int64_t{f.stable ? 1 : 0}, opt(by), now});
}

std::vector<Followup> followups(storage::Tx& tx, std::int64_t dispute_id) {
  std::vector<Followup> out;
  for (const auto& r : tx.exec("SELECT id, dispute_id, visited_on, note, stable FROM dispute_followups WHERE "
                               "dispute_id = ? ORDER BY id",
                               {dispute_id})
                           .rows)
    out.push_back({r.i64(0), r.i64(1), r.str(2), r.str(3), r.i64(4) != 0});
  return out;
}

std::int64_t count_uses(storage::Tx& tx, const std::string& region_code) {
  return tx.exec("SELECT COUNT(*) FROM disputes WHERE region_code = ?", {region_code}).one().i64(0);
}

std::int64_t count_under(storage::Tx& tx, const std::string& path) {
  return tx
      .exec("SELECT COUNT(*) FROM disputes WHERE region_path >= ? AND region_path < ?",
            {path, territory::store::path_upper_bound(path)})
      .one()
      .i64(0);
}

}  // namespace wangge::disputes::store
