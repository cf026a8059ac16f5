// Use cases: administer users (list, create, update, reset password) and bootstrap.
#include <sodium.h>

#include <spdlog/spdlog.h>

#include "accounts/service.h"
#include "accounts/store.h"
#include "core/error.h"

namespace wangge::accounts {
namespace {

void check_username(const std::string& u) {
  if (u.size() < 2 || u.size() > 64) throw_validation("username", "2 to 64 characters", "长度应为 2 到 64 个字符");
  for (char c : u) {
    bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
    if (!ok)
      throw_validation("username", "letters, digits, '_', '-' and '.' only", "只能包含字母、数字、下划线、连字符和点");
  }
}

void check_policy(const std::string& password, const char* field) {
  if (auto why = password_policy_violation(password); !why.empty()) {
    throw Error("weak_password", field, why, "密码至少 8 位，且包含大写字母、小写字母、数字、符号中的至少三类");
  }
}

}  // namespace

User Service::load_user(storage::Tx& tx, std::int64_t id) {
  auto r = store::find_user(tx, id);
  if (!r) throw_not_found("no user " + std::to_string(id), "用户 " + std::to_string(id) + " 不存在");
  User u{r->id, r->username, r->display_name, r->disabled, r->locked_until, r->created_at, {}};
  if (u.locked_until && *u.locked_until <= storage::now_ms()) u.locked_until.reset();
  u.grants = load_grants(tx, id);
  return u;
}

User Service::get_user(std::int64_t id) {
  return db_.read_value<User>([&](storage::Tx& tx) { return load_user(tx, id); });
}

std::vector<User> Service::list_users(const Context& ctx, const std::optional<std::string>& q, std::int64_t after_id,
                                      int limit) {
  ctx.require_somewhere("accounts:user:read");
  std::vector<User> out;
  db_.read([&](storage::Tx& tx) {
    for (auto id : store::user_ids(tx, q, after_id, limit)) out.push_back(load_user(tx, id));
  });
  return out;
}

User Service::create_user(const Context& ctx, const std::string& username, const std::string& display_name,
                          const std::string& password) {
  ctx.require_somewhere("accounts:user:write");
  check_username(username);
  check_policy(password, "password");
  std::string hash = hash_password(password);
  std::int64_t now = storage::now_ms();
  std::int64_t id = 0;
  db_.write([&](storage::Tx& tx) {
    id = store::insert_user(tx, username, display_name, hash, now);
    audit::append(tx,
                  audit::entry(ctx, "accounts:user:create", "user:" + std::to_string(id), {{"username", username}}));
  });
  return get_user(id);
}

User Service::update_user(const Context& ctx, std::int64_t id, const std::optional<std::string>& display_name,
                          std::optional<bool> disabled) {
  ctx.require_somewhere("accounts:user:write");
  if (disabled && *disabled && id == ctx.user().user_id) {
    throw_validation("disabled", "you cannot disable your own account", "不能停用自己的账号");
  }
  db_.write([&](storage::Tx& tx) {
    if (!store::update_user(tx, id, display_name, disabled, storage::now_ms()))
      throw_not_found("no user " + std::to_string(id), "用户 " + std::to_string(id) + " 不存在");
    json::object detail{{"username", store::username(tx, id).value()}};
    if (display_name) detail["display_name"] = *display_name;
    if (disabled) detail["disabled"] = *disabled;
    audit::append(tx, audit::entry(ctx, "accounts:user:update", "user:" + std::to_string(id), detail));
  });
  invalidate_cache();
  return get_user(id);
}

void Service::reset_password(const Context& ctx, std::int64_t id, const std::string& password) {
  ctx.require_somewhere("accounts:user:write");
  check_policy(password, "password");
  std::string hash = hash_password(password);
  db_.write([&](storage::Tx& tx) {
    std::int64_t now = storage::now_ms();
    if (!store::reset_password(tx, id, hash, now))
      throw_not_found("no user " + std::to_string(id), "用户 " + std::to_string(id) + " 不存在");
    store::revoke_sessions(tx, id, now);
    audit::append(tx, audit::entry(ctx, "accounts:user:reset_password", "user:" + std::to_string(id),
                                   {{"username", store::username(tx, id).value()}}));
  });
  invalidate_cache();
}

std::int64_t Service::revoke_sessions(const Context& ctx, std::int64_t id) {
  ctx.require_somewhere("accounts:user:write");
  std::int64_t n = 0;
  db_.write([&](storage::Tx& tx) {
    auto user = store::username(tx, id);
    if (!user) throw_not_found("no user " + std::to_string(id), "用户 " + std::to_string(id) + " 不存在");
    n = store::revoke_sessions(tx, id, storage::now_ms());
    audit::append(tx, audit::entry(ctx, "accounts:session:revoke", "user:" + std::to_string(id),
                                   {{"username", *user}, {"sessions", n}}));
  });
  invalidate_cache();
  return n;
}

std::optional<std::string> Service::bootstrap_admin(const std::string& password) {
  bool empty = db_.read_value<bool>([](storage::Tx& tx) { return !store::any_user(tx); });
  if (!empty) return std::nullopt;
  std::string pw = password;
  if (pw.empty()) {
    unsigned char raw[12];
    randombytes_buf(raw, sizeof raw);
    char b64[sodium_base64_ENCODED_LEN(12, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
    sodium_bin2base64(b64, sizeof b64, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    pw = std::string("Wg-") + b64 + "9a";  // always satisfies the policy
  } else if (auto why = password_policy_violation(pw); !why.empty()) {
    throw std::runtime_error("WANGGE_ADMIN_PASSWORD does not meet the password policy: " + why);
  }
  std::string hash = hash_password(pw);
  std::int64_t now = storage::now_ms();
  db_.write([&](storage::Tx& tx) {
    if (store::any_user(tx)) return;
    auto id = store::insert_user(tx, "admin", "系统管理员", hash, now);
    store::insert_setup_grant(tx, id, "admin", std::nullopt, now);
    audit::Entry e;
    e.actor = "system";
    e.action = "accounts:user:bootstrap";
    e.target = "user:" + std::to_string(id);
    audit::append(tx, e);
  });
  return pw;
}

void Service::load_demo(const std::string& password) {
  struct DemoUser {
    const char* username;
    const char* display_name;
    const char* role;
    const char* region;
  };
  static constexpr DemoUser kUsers[] = {
      {"leader", "平沙镇领导", "leader", "440404104"},
      {"dispatcher", "平沙镇调度员", "dispatcher", "440404104"},
      {"handler", "城管执法人员", "handler", "440404104"},
      {"gridchief", "立新社区网格长", "grid_chief", "440404104001"},
      {"gridworker", "立新社区第一网格网格员", "grid_worker", "440404104001001"},
      {"mediator", "平沙镇人民调解员", "mediator", "440404104"},
      {"volunteer", "立新社区志愿者", "volunteer", "440404104001"},
      {"partymember", "立新社区党员", "party_member", "440404104001"},
      {"windowclerk", "平沙镇便民服务中心窗口", "window_clerk", "440404104"},
      {"shopclerk", "立新社区积分超市", "shop_clerk", "440404104001"},
      {"secretary", "立新社区书记", "secretary", "440404104001"},
      {"unitcontact", "平沙供电所共建联络人", "unit_contact", "440404104001"},
      {"resident", "立新社区居民", "resident", "440404104001001"},
  };
  std::string hash = hash_password(password);
  std::int64_t now = storage::now_ms();
  db_.write([&](storage::Tx& tx) {
    for (const auto& u : kUsers) {
      if (store::user_id(tx, u.username)) continue;
      auto id = store::insert_user(tx, u.username, u.display_name, hash, now);
      store::insert_setup_grant(tx, id, u.role, std::string(u.region), now);
    }
    audit::Entry e;
    e.actor = "system";
    e.action = "accounts:user:demo";
    e.target = "demo";
    audit::append(tx, e);
  });
  invalidate_cache();
}

std::shared_ptr<const Principal> Service::principal_of(const std::string& username) {
  std::shared_ptr<Principal> p;
  db_.read([&](storage::Tx& tx) {
    auto id = store::user_id(tx, username);
    if (!id) return;
    auto row = store::find_user(tx, *id);
    if (!row || row->disabled) return;
    p = std::make_shared<Principal>();
    p->user_id = row->id;
    p->username = row->username;
    p->display_name = row->display_name;
    p->grants = load_grants(tx, row->id);
  });
  return p;
}

std::optional<std::int64_t> Service::find_user_id(const std::string& username) {
  return db_.read_value<std::optional<std::int64_t>>([&](storage::Tx& tx) { return store::user_id(tx, username); });
}

std::map<std::int64_t, std::string> Service::display_names(storage::Tx& tx, const std::vector<std::int64_t>& ids) {
  return store::display_names(tx, ids);
}

std::vector<std::int64_t> Service::users_with_role(storage::Tx& tx, const std::string& role, const std::string& path) {
  // The path lists the codes of the node and its ancestors: "/44/4404/440404/".
  std::vector<std::string> codes;
  std::size_t pos = 1;
  while (pos < path.size()) {
    auto end = path.find('/', pos);
    if (end == std::string::npos) break;
    codes.push_back(path.substr(pos, end - pos));
    pos = end + 1;
  }
  return store::active_users_with_role(tx, role, codes);
}

}  // namespace wangge::accounts
