// Use cases: log in, log out, authenticate a token, change one's own password.
#include <sodium.h>

#include "accounts/service.h"
#include "accounts/store.h"
#include "core/error.h"

namespace wangge::accounts {

Service::Service(storage::Database& db, territory::Service& territory, std::int64_t session_ttl_ms)
    : db_(db), territory_(territory), session_ttl_ms_(session_ttl_ms) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  // A region with grants on it cannot be deleted.
  territory_.add_usage_check([](storage::Tx& tx, const std::string& code) -> std::optional<std::string> {
    auto n = store::grants_on(tx, code);
    if (n == 0) return std::nullopt;
    return std::to_string(n) + " role grants / 角色授权 " + std::to_string(n) + " 项";
  });
}

void Service::invalidate_cache() {
  std::lock_guard lock(cache_mu_);
  cache_.clear();
  ++cache_generation_;  // a principal read before now is not cached after it (authenticate)
}

std::vector<Grant> Service::load_grants(storage::Tx& tx, std::int64_t user_id) {
  std::vector<Grant> out;
  for (auto& row : store::grants_of(tx, user_id)) {
    Grant g;
    g.id = row.id;
    g.role = std::move(row.role);
    if (!row.region_code) {
      g.region_path = "/";
      g.region_name = "全部 / All";
    } else {
      g.region_code = std::move(*row.region_code);
      if (auto r = territory_.find(g.region_code, false)) {
        g.region_path = r->path;
        g.region_name = r->name;
      } else {
        continue;  // region gone: the grant reaches nothing
      }
    }
    out.push_back(std::move(g));
  }
  return out;
}

LoginResult Service::login(const std::string& username, const std::string& password, const std::string& ip,
                           const std::string& user_agent) {
  // A fixed hash to verify against for unknown users, so timing does not reveal which
  // usernames exist.
  static const std::string kDummyHash = hash_password("dummy-password-for-timing");
  std::int64_t now = storage::now_ms();
  auto found = db_.read_value<std::optional<store::Credentials>>(
      [&](storage::Tx& tx) { return store::credentials(tx, username); });
  audit::Entry e;
  e.actor = username.substr(0, 64);
  e.action = "accounts:session:login";
  e.target = username.substr(0, 64);
  e.ip = ip;
  if (!found) {
    verify_password(kDummyHash, password);
    e.outcome = "failed";
    e.detail = R"({"reason":"unknown user"})";
    db_.write([&](storage::Tx& tx) { audit::append(tx, e); });
    throw Error("invalid_credentials");
  }
  e.actor_id = found->id;
  if (found->locked_until && *found->locked_until > now) {
    e.outcome = "denied";
    e.detail = R"({"reason":"locked"})";
    db_.write([&](storage::Tx& tx) { audit::append(tx, e); });
    throw Error("account_locked", {}, "try again after " + json::rfc3339(*found->locked_until),
                "请于 " + json::rfc3339(*found->locked_until) + " 之后再试");
  }
  if (!verify_password(found->hash, password)) {
    bool lock = found->failed + 1 >= kMaxFailedLogins;
    e.outcome = "failed";
    e.detail = lock ? R"({"reason":"wrong password","locked":true})" : R"({"reason":"wrong password"})";
    db_.write([&](storage::Tx& tx) {
      store::record_failed_login(tx, found->id, lock ? std::optional(now + kLockMs) : std::nullopt);
      audit::append(tx, e);
    });
    if (lock)
      throw Error("account_locked", {}, "too many failed attempts; locked for 15 minutes",
                  "连续失败次数过多，账号锁定 15 分钟");
    throw Error("invalid_credentials");
  }
  if (found->disabled) {
    e.outcome = "denied";
    e.detail = R"({"reason":"disabled"})";
    db_.write([&](storage::Tx& tx) { audit::append(tx, e); });
    throw Error("account_disabled");
  }
  LoginResult out;
  out.token = new_token();
  out.expires_at = now + session_ttl_ms_;
  db_.write([&](storage::Tx& tx) {
    store::clear_failed_logins(tx, found->id);
    out.principal.session_id =
        store::insert_session(tx, token_hash(out.token), found->id, now, out.expires_at, ip, user_agent.substr(0, 200));
    audit::append(tx, e);
  });
  out.principal.user_id = found->id;
  out.principal.username = username;
  out.principal.display_name = found->display_name;
  db_.read([&](storage::Tx& tx) { out.principal.grants = load_grants(tx, found->id); });
  return out;
}

void Service::logout(const Context& ctx) {
  const Principal& p = ctx.user();
  db_.write([&](storage::Tx& tx) {
    store::revoke_session(tx, p.session_id, storage::now_ms());
    audit::append(tx, audit::entry(ctx, "accounts:session:logout", "session:" + std::to_string(p.session_id)));
  });
  invalidate_cache();
}

std::shared_ptr<const Principal> Service::authenticate(const std::string& token) {
  if (token.empty() || token.size() > 128) return nullptr;
  std::string h = token_hash(token);
  auto now_steady = std::chrono::steady_clock::now();
  std::int64_t now = storage::now_ms();
  {
    std::shared_lock lock(cache_mu_);
    auto it = cache_.find(h);
    if (it != cache_.end() && it->second.expires_at > now &&
        now_steady - it->second.fetched < std::chrono::seconds(5)) {
      return it->second.principal;
    }
  }
  std::optional<Cached> fresh;
  const std::uint64_t generation = cache_generation_.load();
  db_.read([&](storage::Tx& tx) {
    auto s = store::live_session(tx, h, now);
    if (!s) return;
    auto p = std::make_shared<Principal>();
    p->session_id = s->session_id;
    p->user_id = s->user_id;
    p->username = std::move(s->username);
    p->display_name = std::move(s->display_name);
    p->grants = load_grants(tx, p->user_id);
    fresh = Cached{std::move(p), s->expires_at, now_steady};
  });
  if (!fresh) return nullptr;
  std::lock_guard lock(cache_mu_);
  if (cache_generation_.load() != generation) return fresh->principal;  // changed meanwhile: not cached
  if (cache_.size() > 100000) cache_.clear();
  cache_[h] = *fresh;
  return fresh->principal;
}

void Service::change_password(const Context& ctx, const std::string& old_password, const std::string& new_password) {
  const Principal& p = ctx.user();
  std::string hash = db_.read_value<std::string>([&](storage::Tx& tx) { return store::password_hash(tx, p.user_id); });
  if (!verify_password(hash, old_password)) {
    throw Error("validation", "old_password", "the current password is wrong", "当前密码不正确");
  }
  if (auto why = password_policy_violation(new_password); !why.empty()) {
    throw Error("weak_password", "new_password", why,
                "密码至少 8 位，且包含大写字母、小写字母、数字、符号中的至少三类");
  }
  std::string fresh = hash_password(new_password);
  db_.write([&](storage::Tx& tx) {
    std::int64_t now = storage::now_ms();
    store::change_password(tx, p.user_id, fresh, now);
    // Every other session of this user ends.
    store::revoke_sessions(tx, p.user_id, now, p.session_id);
    audit::append(tx, audit::entry(ctx, "accounts:user:password", "user:" + std::to_string(p.user_id)));
  });
  invalidate_cache();
}

}  // namespace wangge::accounts
