// The accounts module's SQL: the only code that reads or writes users, grants and
// sessions. Every function runs inside the caller's transaction. Writes that may break a
// unique key raise the API's error themselves (already_exists), so the use cases catch
// nothing from storage.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "core/storage/database.h"

namespace wangge::accounts::store {

// --- users ---

// A user's row, without grants; locked_until as stored (it may lie in the past).
struct UserRow {
  std::int64_t id = 0;
  std::string username, display_name;
  bool disabled = false;
  std::optional<std::int64_t> locked_until;
  std::int64_t created_at = 0;
};
std::optional<UserRow> find_user(storage::Tx& tx, std::int64_t id);
// Accounts' display names (the username when none), in one read per 500 ids.
std::map<std::int64_t, std::string> display_names(storage::Tx& tx, const std::vector<std::int64_t>& ids);
std::optional<std::string> username(storage::Tx& tx, std::int64_t id);
std::optional<std::int64_t> user_id(storage::Tx& tx, const std::string& username);
bool any_user(storage::Tx& tx);
// Ids after `after_id` in id order, at most `limit`; `q` (when not empty) matches a part of
// the username or the display name, case-insensitively, with its '%' and '_' dropped.
std::vector<std::int64_t> user_ids(storage::Tx& tx, const std::optional<std::string>& q, std::int64_t after_id,
                                   int limit);
// Inserts a user and answers its id. A taken username: Error already_exists (field username).
std::int64_t insert_user(storage::Tx& tx, const std::string& username, const std::string& display_name,
                         const std::string& password_hash, std::int64_t now);
// Sets the display name and/or the disabled flag (unset: unchanged); false when there is no user `id`.
bool update_user(storage::Tx& tx, std::int64_t id, const std::optional<std::string>& display_name,
                 std::optional<bool> disabled, std::int64_t now);
// Sets a password set by an administrator: clears failures and any lock. False when there
// is no user `id`.
bool reset_password(storage::Tx& tx, std::int64_t id, const std::string& password_hash, std::int64_t now);
// Sets a password changed by its owner.
void change_password(storage::Tx& tx, std::int64_t id, const std::string& password_hash, std::int64_t now);
std::string password_hash(storage::Tx& tx, std::int64_t id);  // the user must exist

// What a login checks.
struct Credentials {
  std::int64_t id = 0;
  std::string hash, display_name;
  bool disabled = false;
  std::optional<std::int64_t> locked_until;
  std::int64_t failed = 0;
};
std::optional<Credentials> credentials(storage::Tx& tx, const std::string& username);
// A wrong password: counts it, or (lock_until set) locks the account and resets the count.
void record_failed_login(storage::Tx& tx, std::int64_t id, std::optional<std::int64_t> lock_until);
void clear_failed_logins(storage::Tx& tx, std::int64_t id);
// Active users granted `role` on one of the nodes `codes`, by id.
// Active accounts holding any of `roles` on any of `codes`: (account, code), one row per
// account (the first of its codes), in batches of 500 codes.
std::vector<std::pair<std::int64_t, std::string>> active_users_with_roles_at(storage::Tx& tx,
                                                                             const std::vector<std::string>& roles,
                                                                             const std::vector<std::string>& codes);
std::vector<std::int64_t> active_users_with_role(storage::Tx& tx, const std::string& role,
                                                 const std::vector<std::string>& codes);
// Enabled accounts granted `role` on a node whose code starts with `code` (the node and
// its subtree: a child's code extends its parent's): (id, display name or username, the
// smallest such code), by id (holders.cpp).
std::vector<std::tuple<std::int64_t, std::string, std::string>> role_holders_under(storage::Tx& tx,
                                                                                   const std::string& role,
                                                                                   const std::string& code);

// --- grants ---

// A grant's row; region_code unset for a system-wide grant.
struct GrantRow {
  std::int64_t id = 0;
  std::string role;
  std::optional<std::string> region_code;
};
std::vector<GrantRow> grants_of(storage::Tx& tx, std::int64_t user_id);  // by id
// The grant `grant_id` of user `user_id`.
std::optional<GrantRow> find_grant(storage::Tx& tx, std::int64_t grant_id, std::int64_t user_id);
bool has_grant(storage::Tx& tx, std::int64_t user_id, const std::string& role, const std::string& region_code);
// region_code "" is system-wide. The same role on the same node twice: Error already_exists.
std::int64_t insert_grant(storage::Tx& tx, std::int64_t user_id, const std::string& role,
                          const std::string& region_code, std::int64_t now, std::int64_t created_by);
// A grant written at setup (bootstrap, demo): no author. region_code unset: system-wide.
void insert_setup_grant(storage::Tx& tx, std::int64_t user_id, const std::string& role,
                        const std::optional<std::string>& region_code, std::int64_t now);
void delete_grant(storage::Tx& tx, std::int64_t grant_id);
std::int64_t grants_on(storage::Tx& tx, const std::string& region_code);

// --- sessions ---

std::int64_t insert_session(storage::Tx& tx, const std::string& token_hash, std::int64_t user_id, std::int64_t now,
                            std::int64_t expires_at, const std::string& ip, const std::string& user_agent);
void revoke_session(storage::Tx& tx, std::int64_t session_id, std::int64_t now);
// Revokes the user's live sessions (but `except`); answers how many.
std::int64_t revoke_sessions(storage::Tx& tx, std::int64_t user_id, std::int64_t now,
                             std::optional<std::int64_t> except = std::nullopt);
// A live session of an enabled user, by its token's hash.
struct SessionRow {
  std::int64_t session_id = 0, expires_at = 0, user_id = 0;
  std::string username, display_name;
};
std::optional<SessionRow> live_session(storage::Tx& tx, const std::string& token_hash, std::int64_t now);

}  // namespace wangge::accounts::store
