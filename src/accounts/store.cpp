#include "accounts/store.h"

#include <algorithm>
#include <cctype>

#include "core/error.h"
#include "core/storage/errors.h"
#include "core/storage/rows.h"

namespace wangge::accounts::store {
namespace {

// Tells every node that principals changed (users, grants, sessions): each drops its
// cached principals when this transaction commits (app/wiring.cpp subscribes).
void principals_changed(storage::Tx& tx) {
  tx.notify(storage::channels::kSecurity, "principals");
}

storage::Value code_or_null(const std::string& region_code) {
  return region_code.empty() ? storage::Value(nullptr) : storage::Value(region_code);
}

std::int64_t id_of(const storage::Row& r) {
  return r.i64(0);
}

}  // namespace

// --- users ---

std::optional<UserRow> find_user(storage::Tx& tx, std::int64_t id) {
  return storage::first_or_none(
      tx.exec("SELECT id, username, display_name, disabled, locked_until, created_at FROM users WHERE id = ?", {id}),
      [](const storage::Row& r) {
        return UserRow{r.i64(0), r.str(1), r.str(2), r.i64(3) != 0, r.opt_i64(4), r.i64(5)};
      });
}

std::map<std::int64_t, std::string> display_names(storage::Tx& tx, const std::vector<std::int64_t>& ids) {
  std::map<std::int64_t, std::string> out;
  std::vector<std::int64_t> unique(ids);
  std::sort(unique.begin(), unique.end());
  unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
  // In batches of 500: one statement a page of answers, not one a name.
  for (std::size_t at = 0; at < unique.size(); at += 500) {
    std::vector<std::int64_t> part(unique.begin() + static_cast<std::ptrdiff_t>(at),
                                   unique.begin() + static_cast<std::ptrdiff_t>(std::min(unique.size(), at + 500)));
    std::vector<storage::Value> p;
    std::string sql = "SELECT id, username, display_name FROM users WHERE id IN (" + storage::in_list(part, p) + ")";
    for (const auto& r : tx.exec(sql, p).rows) out[r.i64(0)] = r.str(2).empty() ? r.str(1) : r.str(2);
  }
  return out;
}

std::optional<std::string> username(storage::Tx& tx, std::int64_t id) {
  return storage::first_or_none(tx.exec("SELECT username FROM users WHERE id = ?", {id}),
                                [](const storage::Row& r) { return r.str(0); });
}

std::optional<std::int64_t> user_id(storage::Tx& tx, const std::string& username) {
  return storage::first_or_none(tx.exec("SELECT id FROM users WHERE username = ?", {username}), id_of);
}

bool any_user(storage::Tx& tx) {
  return !tx.exec("SELECT 1 FROM users LIMIT 1").empty();
}

std::vector<std::int64_t> user_ids(storage::Tx& tx, const std::optional<std::string>& q, std::int64_t after_id,
                                   int limit) {
  std::string sql = "SELECT id FROM users WHERE id > ?";
  std::vector<storage::Value> params{after_id};
  if (q && !q->empty()) {
    sql += " AND (lower(username) LIKE ? OR lower(display_name) LIKE ?)";
    std::string pattern = "%";
    for (char c : *q) {
      if (c == '%' || c == '_') continue;  // no wildcards from the caller
      pattern += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    pattern += "%";
    params.emplace_back(pattern);
    params.emplace_back(pattern);
  }
  sql += " ORDER BY id LIMIT ?";
  params.emplace_back(std::int64_t{limit});
  return storage::all_as(tx.exec(sql, params), id_of);
}

std::int64_t insert_user(storage::Tx& tx, const std::string& username, const std::string& display_name,
                         const std::string& password_hash, std::int64_t now) {
  storage::ConstraintErrors as{.unique = [&] {
    return Error("already_exists", "username", "username " + username + " is taken",
                 "用户名 " + username + " 已被使用");
  }};
  return storage::translate(as, [&] {
    return tx.insert_id(
        "INSERT INTO users (username, display_name, password_hash, password_changed_at, created_at, "
        "updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        {username, display_name, password_hash, now, now, now});
  });
}

bool update_user(storage::Tx& tx, std::int64_t id, const std::optional<std::string>& display_name,
                 std::optional<bool> disabled, std::int64_t now) {
  principals_changed(tx);
  auto res = tx.exec(
      "UPDATE users SET display_name = COALESCE(?, display_name), disabled = COALESCE(?, disabled), "
      "updated_at = ?, version = version + 1 WHERE id = ?",
      {display_name ? storage::Value(*display_name) : storage::Value(nullptr),
       disabled ? storage::Value(std::int64_t{*disabled ? 1 : 0}) : storage::Value(nullptr), now, id});
  return res.changes == 1;
}

bool reset_password(storage::Tx& tx, std::int64_t id, const std::string& password_hash, std::int64_t now) {
  principals_changed(tx);
  auto res = tx.exec(
      "UPDATE users SET password_hash = ?, password_changed_at = ?, failed_logins = 0, locked_until = NULL, "
      "updated_at = ?, version = version + 1 WHERE id = ?",
      {password_hash, now, now, id});
  return res.changes == 1;
}

void change_password(storage::Tx& tx, std::int64_t id, const std::string& password_hash, std::int64_t now) {
  principals_changed(tx);
  tx.exec(
      "UPDATE users SET password_hash = ?, password_changed_at = ?, updated_at = ?, version = version + 1 WHERE id = "
      "?",
      {password_hash, now, now, id});
}

std::string password_hash(storage::Tx& tx, std::int64_t id) {
  return tx.exec("SELECT password_hash FROM users WHERE id = ?", {id}).one().str(0);
}

std::optional<Credentials> credentials(storage::Tx& tx, const std::string& username) {
  return storage::first_or_none(
      tx.exec(
          "SELECT id, password_hash, display_name, disabled, locked_until, failed_logins FROM users WHERE username = ?",
          {username}),
      [](const storage::Row& r) {
        return Credentials{r.i64(0), r.str(1), r.str(2), r.i64(3) != 0, r.opt_i64(4), r.i64(5)};
      });
}

void record_failed_login(storage::Tx& tx, std::int64_t id, std::optional<std::int64_t> lock_until) {
  if (lock_until) {
    tx.exec("UPDATE users SET failed_logins = 0, locked_until = ? WHERE id = ?", {*lock_until, id});
  } else {
    tx.exec("UPDATE users SET failed_logins = failed_logins + 1 WHERE id = ?", {id});
  }
}

void clear_failed_logins(storage::Tx& tx, std::int64_t id) {
  tx.exec("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?", {id});
}

std::vector<std::pair<std::int64_t, std::string>> active_users_with_roles_at(storage::Tx& tx,
                                                                             const std::vector<std::string>& roles,
                                                                             const std::vector<std::string>& codes) {
  std::map<std::int64_t, std::string> first;
  for (std::size_t at = 0; at < codes.size(); at += 500) {
    std::vector<std::string> part(codes.begin() + static_cast<std::ptrdiff_t>(at),
                                  codes.begin() + static_cast<std::ptrdiff_t>(std::min(codes.size(), at + 500)));
    std::vector<storage::Value> p;
    std::string role_in = storage::in_list(roles, p);
    std::string code_in = storage::in_list(part, p);
    for (const auto& r : tx.exec("SELECT g.user_id, g.region_code FROM grants g JOIN users u ON u.id = g.user_id WHERE "
                                 "u.disabled = 0 AND g.role IN (" +
                                     role_in + ") AND g.region_code IN (" + code_in + ")",
                                 p)
                             .rows)
      first.emplace(r.i64(0), r.str(1));
  }
  return {first.begin(), first.end()};
}

std::vector<std::int64_t> active_users_with_role(storage::Tx& tx, const std::string& role,
                                                 const std::vector<std::string>& codes) {
  if (codes.empty()) return {};
  std::vector<storage::Value> p{role};
  const std::string in = storage::in_list(codes, p);
  return storage::all_as(tx.exec("SELECT DISTINCT g.user_id FROM grants g JOIN users u ON u.id = g.user_id "
                                 "WHERE g.role = ? AND u.disabled = 0 AND g.region_code IN (" +
                                     in + ") ORDER BY 1",
                                 p),
                         id_of);
}

// --- grants ---

std::vector<GrantRow> grants_of(storage::Tx& tx, std::int64_t user_id) {
  return storage::all_as(tx.exec("SELECT id, role, region_code FROM grants WHERE user_id = ? ORDER BY id", {user_id}),
                         [](const storage::Row& r) {
                           return GrantRow{r.i64(0), r.str(1), r.opt_str(2)};
                         });
}

std::optional<GrantRow> find_grant(storage::Tx& tx, std::int64_t grant_id, std::int64_t user_id) {
  return storage::first_or_none(
      tx.exec("SELECT role, region_code FROM grants WHERE id = ? AND user_id = ?", {grant_id, user_id}),
      [&](const storage::Row& r) {
        return GrantRow{grant_id, r.str(0), r.opt_str(1)};
      });
}

bool has_grant(storage::Tx& tx, std::int64_t user_id, const std::string& role, const std::string& region_code) {
  return !tx.exec("SELECT 1 FROM grants WHERE user_id = ? AND role = ? AND region_code IS NOT DISTINCT FROM ?",
                  {user_id, role, code_or_null(region_code)})
              .empty();
}

std::int64_t insert_grant(storage::Tx& tx, std::int64_t user_id, const std::string& role,
                          const std::string& region_code, std::int64_t now, std::int64_t created_by) {
  principals_changed(tx);
  storage::ConstraintErrors as{.unique = [] {
    return Error("already_exists", "role", "the user already has this role here", "该用户在此区域已有此角色");
  }};
  return storage::translate(as, [&] {
    return tx.insert_id(
        "INSERT INTO grants (user_id, role, region_code, created_at, created_by) VALUES (?, ?, ?, ?, ?) "
        "RETURNING id",
        {user_id, role, code_or_null(region_code), now, created_by});
  });
}

void insert_setup_grant(storage::Tx& tx, std::int64_t user_id, const std::string& role,
                        const std::optional<std::string>& region_code, std::int64_t now) {
  principals_changed(tx);
  tx.exec("INSERT INTO grants (user_id, role, region_code, created_at) VALUES (?, ?, ?, ?)",
          {user_id, role, region_code ? storage::Value(*region_code) : storage::Value(nullptr), now});
}

void delete_grant(storage::Tx& tx, std::int64_t grant_id) {
  principals_changed(tx);
  tx.exec("DELETE FROM grants WHERE id = ?", {grant_id});
}

std::int64_t grants_on(storage::Tx& tx, const std::string& region_code) {
  return tx.exec("SELECT COUNT(*) FROM grants WHERE region_code = ?", {region_code}).one().i64(0);
}

// --- sessions ---

std::int64_t insert_session(storage::Tx& tx, const std::string& token_hash, std::int64_t user_id, std::int64_t now,
                            std::int64_t expires_at, const std::string& ip, const std::string& user_agent) {
  return tx.insert_id(
      "INSERT INTO sessions (token_hash, user_id, created_at, expires_at, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?) "
      "RETURNING id",
      {token_hash, user_id, now, expires_at, ip, user_agent});
}

void revoke_session(storage::Tx& tx, std::int64_t session_id, std::int64_t now) {
  principals_changed(tx);
  tx.exec("UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", {now, session_id});
}

std::int64_t revoke_sessions(storage::Tx& tx, std::int64_t user_id, std::int64_t now,
                             std::optional<std::int64_t> except) {
  principals_changed(tx);
  if (except) {
    return tx
        .exec("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND id <> ? AND revoked_at IS NULL",
              {now, user_id, *except})
        .changes;
  }
  return tx.exec("UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", {now, user_id}).changes;
}

std::optional<SessionRow> live_session(storage::Tx& tx, const std::string& token_hash, std::int64_t now) {
  return storage::first_or_none(
      tx.exec("SELECT s.id, s.expires_at, u.id, u.username, u.display_name FROM sessions s JOIN users u ON u.id = "
              "s.user_id "
              "WHERE s.token_hash = ? AND s.revoked_at IS NULL AND s.expires_at > ? AND u.disabled = 0",
              {token_hash, now}),
      [](const storage::Row& r) {
        return SessionRow{r.i64(0), r.i64(1), r.i64(2), r.str(3), r.str(4)};
      });
}

}  // namespace wangge::accounts::store
