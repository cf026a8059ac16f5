// Accounts and access: users, password login (argon2id), bearer/cookie sessions with
// hashed random tokens, lockout after repeated failures, role grants on territory
// nodes. Other modules get the caller as a Principal from authenticate().
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "audit/audit.h"
#include "core/auth.h"
#include "core/context.h"
#include "core/http/router.h"
#include "core/json.h"
#include "core/storage/database.h"
#include "territory/service.h"

namespace wangge::accounts {

constexpr int kMaxFailedLogins = 5;
constexpr std::int64_t kLockMs = 15 * 60 * 1000;

struct User {
  std::int64_t id = 0;
  std::string username, display_name;
  bool disabled = false;
  std::optional<std::int64_t> locked_until;
  std::int64_t created_at = 0;
  std::vector<Grant> grants;
};

struct LoginResult {
  std::string token;
  std::int64_t expires_at = 0;
  Principal principal;
};

// Password policy: at least 8 characters from at least 3 of lower, upper, digit, other.
// Returns "" when acceptable, else the reason (English).
std::string password_policy_violation(std::string_view password);
std::string hash_password(std::string_view password);  // argon2id, libsodium's encoded form
bool verify_password(const std::string& hash, std::string_view password);
// A random token and its stored hash (hex BLAKE2b-256).
std::string new_token();
std::string token_hash(std::string_view token);

class Service {
 public:
  Service(storage::Database& db, territory::Service& territory, std::int64_t session_ttl_ms);

  // Creates `admin` (with a system-wide admin grant) on an empty user table. Returns the
  // password used: `password` when given, else a generated one; nullopt if users exist.
  std::optional<std::string> bootstrap_admin(const std::string& password);
  // Creates the demo accounts (one per role) with `password`; skips existing ones.
  void load_demo(const std::string& password);
  // The principal of an enabled account by its name, without a session (the demo's
  // generators act as the demo accounts); nullptr when there is no such enabled account.
  std::shared_ptr<const Principal> principal_of(const std::string& username);

  LoginResult login(const std::string& username, const std::string& password, const std::string& ip,
                    const std::string& user_agent);
  void logout(const Context& ctx);
  // The principal of a token; nullopt when unknown, expired, revoked or the user disabled.
  std::shared_ptr<const Principal> authenticate(const std::string& token);
  void change_password(const Context& ctx, const std::string& old_password, const std::string& new_password);

  std::vector<User> list_users(const Context& ctx, const std::optional<std::string>& q, std::int64_t after_id,
                               int limit);
  User get_user(std::int64_t id);
  // The id of the user with this username, if any (for other modules' demo data and lookups).
  std::optional<std::int64_t> find_user_id(const std::string& username);
  // Display names (the username where none is set) of these users, inside the caller's
  // transaction; for other modules' timelines. Unknown ids are left out.
  std::map<std::int64_t, std::string> display_names(storage::Tx& tx, const std::vector<std::int64_t>& ids);
  // Active users granted `role` on the node at `path` or one of its ancestors (who is
  // responsible there), inside the caller's transaction; for notifications.
  // An account's grants with their regions' paths (a grant whose region is gone is left out).
  std::vector<Grant> load_grants(storage::Tx& tx, std::int64_t user_id);
  std::vector<std::int64_t> users_with_role(storage::Tx& tx, const std::string& role, const std::string& path);
  // Enabled accounts granted `role` on the node `code` or a node under it (the workers an
  // assessment scheme over that node assesses): id, display name, the first such node.
  // One query (holders.cpp).
  struct RoleHolder {
    std::int64_t user_id = 0;
    std::string name, region_code;
  };
  std::vector<RoleHolder> role_holders_under(storage::Tx& tx, const std::string& role, const std::string& code);
  User create_user(const Context& ctx, const std::string& username, const std::string& display_name,
                   const std::string& password);
  User update_user(const Context& ctx, std::int64_t id, const std::optional<std::string>& display_name,
                   std::optional<bool> disabled);
  void reset_password(const Context& ctx, std::int64_t id, const std::string& password);
  // Ends every session of a user (a lost phone, a leaked token). Returns how many.
  std::int64_t revoke_sessions(const Context& ctx, std::int64_t id);
  Grant add_grant(const Context& ctx, std::int64_t user_id, const std::string& role, const std::string& region_code);
  void revoke_grant(const Context& ctx, std::int64_t user_id, std::int64_t grant_id);

  void register_routes(http::Router& router);

  // Drops cached principals: after any change to users, grants or sessions, here or on
  // another node (app/cluster.cpp). Thread-safe.
  void invalidate_cache();

 private:
  // register_routes in two parts: http_auth.cpp (sessions, roles), http_users.cpp.
  void register_auth_routes(http::Router& router);
  void register_user_routes(http::Router& router);
  User load_user(storage::Tx& tx, std::int64_t id);

  storage::Database& db_;
  territory::Service& territory_;
  std::int64_t session_ttl_ms_;

  struct Cached {
    std::shared_ptr<const Principal> principal;
    std::int64_t expires_at;  // the session's expiry
    std::chrono::steady_clock::time_point fetched;
  };
  std::shared_mutex cache_mu_;                      // readers (every request) share it; writers rarely
  std::unordered_map<std::string, Cached> cache_;   // token hash -> principal; guarded by cache_mu_
  std::atomic<std::uint64_t> cache_generation_{0};  // bumped by invalidate_cache(), under cache_mu_
};

}  // namespace wangge::accounts
