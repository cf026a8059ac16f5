// The SQL of alerts, the teams they call, their recipients and responses.
#include <map>
#include <set>

#include "core/storage/rows.h"
#include "emergency/store_sql.h"

namespace wangge::emergency::store {
namespace {

using storage::Value;

constexpr const char* kAlertColumns =
    "a.id, a.region_code, a.region_path, a.level, a.hazard, a.message, a.status, a.sender_id, a.sent_at, a.recipients, "
    "a.responded, a.closed_at, a.close_note, a.version FROM emergency_alerts a";

Alert decode_alert(const storage::Row& r) {
  Alert a;
  std::size_t i = 0;
  a.id = r.i64(i++);
  a.region_code = r.str(i++);
  a.region_path = r.str(i++);
  a.level = r.str(i++);
  a.hazard = r.str(i++);
  a.message = r.str(i++);
  a.status = r.str(i++);
  a.sender_id = r.i64(i++);
  a.sent_at = r.i64(i++);
  a.recipients = r.i64(i++);
  a.responded = r.i64(i++);
  a.closed_at = r.opt_i64(i++);
  a.close_note = r.str(i++);
  a.version = r.i64(i++);
  return a;
}

void fill_alert_teams(storage::Tx& tx, std::vector<Alert>& rows) {
  if (rows.empty()) return;
  std::vector<Value> p;
  std::string in = storage::in_list(rows, p, [](const Alert& a) { return a.id; });
  std::map<std::int64_t, std::vector<std::int64_t>> by;
  auto res = tx.exec(
      "SELECT alert_id, team_id FROM emergency_alert_teams WHERE alert_id IN (" + in + ") ORDER BY alert_id, team_id",
      p);
  for (const auto& r : res.rows) by[r.i64(0)].push_back(r.i64(1));
  for (auto& a : rows) a.team_ids = by[a.id];
}

constexpr const char* kRecipientColumns =
    "alert_id, user_id, team_id, name, response, note, first_response_at, responded_at FROM "
    "emergency_alert_recipients";

Recipient decode_recipient(const storage::Row& r) {
  Recipient x;
  x.alert_id = r.i64(0);
  x.user_id = r.i64(1);
  x.team_id = r.i64(2);
  x.name = r.str(3);
  x.response = r.opt_str(4);
  x.note = r.str(5);
  x.first_response_at = r.opt_i64(6);
  x.responded_at = r.opt_i64(7);
  return x;
}

}  // namespace

std::int64_t insert_alert(storage::Tx& tx, const Alert& a) {
  std::int64_t id = tx.insert_id(
      "INSERT INTO emergency_alerts (region_code, region_path, level, hazard, message, status, sender_id, sent_at, "
      "recipients, responded, version) VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?, 0, 1) RETURNING id",
      {a.region_code, a.region_path, a.level, a.hazard, a.message, a.sender_id, a.sent_at, a.recipients});
  for (auto team : a.team_ids)
    tx.exec("INSERT INTO emergency_alert_teams (alert_id, team_id) VALUES (?, ?)", {id, team});
  return id;
}

std::optional<Alert> alert(storage::Tx& tx, std::int64_t id) {
  auto rows = storage::all_as(tx.exec(std::string("SELECT ") + kAlertColumns + " WHERE a.id = ?", {id}), decode_alert);
  if (rows.empty()) return std::nullopt;
  fill_alert_teams(tx, rows);
  return rows.front();
}

std::vector<Alert> alerts(storage::Tx& tx, const AlertFilter& f) {
  std::string q = std::string("SELECT ") + kAlertColumns + " WHERE (";
  std::vector<Value> p;
  if (f.only_received) {
    q += "1 = 0";
  } else {
    storage::reach_clause(f.reach.within, f.reach.line, "a.region_path", q, p);
  }
  if (f.recipient) {
    q += " OR a.id IN (SELECT r.alert_id FROM emergency_alert_recipients r WHERE r.user_id = ?)";
    p.emplace_back(*f.recipient);
  }
  q += ")";
  if (f.reach.under) {
    q += " AND ";
    storage::scope_clause({*f.reach.under}, "a.region_path", q, p);
  }
  if (f.status) q += " AND a.status = ?", p.emplace_back(*f.status);
  if (f.before_id) q += " AND a.id < ?", p.emplace_back(*f.before_id);
  q += " ORDER BY a.id DESC LIMIT ?";
  p.emplace_back(std::int64_t{f.limit});
  auto rows = storage::all_as(tx.exec(q, p), decode_alert);
  fill_alert_teams(tx, rows);
  return rows;
}

std::vector<Recipient> members_with_accounts(storage::Tx& tx, const std::vector<std::int64_t>& team_ids) {
  if (team_ids.empty()) return {};
  std::vector<Value> p;
  std::string in = storage::in_list(team_ids, p);
  auto res = tx.exec("SELECT user_id, name, team_id FROM emergency_members WHERE team_id IN (" + in +
                         ") AND until IS NULL AND user_id IS NOT NULL ORDER BY id",
                     p);
  std::vector<Recipient> out;
  std::set<std::int64_t> seen;
  for (const auto& r : res.rows) {
    if (!seen.insert(r.i64(0)).second) continue;
    Recipient x;
    x.user_id = r.i64(0);
    x.name = r.str(1);
    x.team_id = r.i64(2);
    out.push_back(std::move(x));
  }
  return out;
}

void insert_recipients(storage::Tx& tx, std::int64_t alert_id, const std::vector<Recipient>& rs) {
  for (const auto& r : rs)
    tx.exec("INSERT INTO emergency_alert_recipients (alert_id, user_id, name, team_id) VALUES (?, ?, ?, ?)",
            {alert_id, r.user_id, r.name, r.team_id});
}

std::vector<Recipient> recipients(storage::Tx& tx, std::int64_t alert_id) {
  return storage::all_as(
      tx.exec(std::string("SELECT ") + kRecipientColumns + " WHERE alert_id = ? ORDER BY user_id", {alert_id}),
      decode_recipient);
}

std::optional<Recipient> recipient(storage::Tx& tx, std::int64_t alert_id, std::int64_t user_id) {
  return storage::first_or_none(
      tx.exec(std::string("SELECT ") + kRecipientColumns + " WHERE alert_id = ? AND user_id = ?", {alert_id, user_id}),
      decode_recipient);
}

bool record_response(storage::Tx& tx, const Recipient& before, const std::string& response, const std::string& note,
                     std::int64_t at) {
  // Guarded by the status read before: two responses at once change it once.
  std::string guard = before.response ? "response = ?" : "response IS NULL";
  std::vector<Value> p{response, note, at, at, before.alert_id, before.user_id};
  if (before.response) p.emplace_back(*before.response);
  if (tx.exec("UPDATE emergency_alert_recipients SET response = ?, note = ?, responded_at = ?, first_response_at = "
              "COALESCE(first_response_at, ?) WHERE alert_id = ? AND user_id = ? AND " +
                  guard,
              p)
          .changes != 1)
    return false;
  tx.exec("INSERT INTO emergency_alert_responses (alert_id, user_id, response, note, at) VALUES (?, ?, ?, ?, ?)",
          {before.alert_id, before.user_id, response, note, at});
  if (!before.response)
    tx.exec("UPDATE emergency_alerts SET responded = responded + 1 WHERE id = ?", {before.alert_id});
  return true;
}

std::vector<Response> responses(storage::Tx& tx, std::int64_t alert_id) {
  auto res = tx.exec(
      "SELECT id, alert_id, user_id, response, note, at FROM emergency_alert_responses WHERE alert_id = ? ORDER BY id",
      {alert_id});
  return storage::all_as(
      res, [](const storage::Row& r) { return Response{r.i64(0), r.i64(1), r.i64(2), r.str(3), r.str(4), r.i64(5)}; });
}

bool close_alert(storage::Tx& tx, std::int64_t id, std::int64_t at, const std::string& note) {
  return tx.exec(
               "UPDATE emergency_alerts SET status = 'closed', closed_at = ?, close_note = ?, version = version + 1 "
               "WHERE id = ? AND status = 'open'",
               {at, note, id})
             .changes == 1;
}

}  // namespace wangge::emergency::store
