// Use cases: grant a role on a territory node, revoke a grant.
#include "accounts/service.h"
#include "core/error.h"

namespace wangge::accounts {

Grant Service::add_grant(const Context& ctx, std::int64_t user_id, const std::string& role,
                         const std::string& region_code) {
  if (!find_role(role)) throw_validation("role", "unknown role " + role, "未知角色 " + role);
  Grant g;
  g.role = role;
  if (region_code.empty()) {
    ctx.require("accounts:grant:write", "/");  // system-wide grants: system administrators only
    g.region_path = "/";
    g.region_name = "全部 / All";
  } else {
    auto region = territory_.find(region_code, false);
    if (!region) throw_validation("region_code", "no region " + region_code, "区域 " + region_code + " 不存在");
    ctx.require("accounts:grant:write", region->path);
    g.region_code = region->code;
    g.region_path = region->path;
    g.region_name = region->name;
  }
  try {
    db_.write([&](storage::Tx& tx) {
      auto user = tx.exec("SELECT username FROM users WHERE id = ?", {user_id});
      if (user.empty()) {
        throw_not_found("no user " + std::to_string(user_id), "用户 " + std::to_string(user_id) + " 不存在");
      }
      if (!tx.exec("SELECT 1 FROM grants WHERE user_id = ? AND role = ? AND region_code IS NOT DISTINCT FROM ?",
                   {user_id, role, g.region_code.empty() ? storage::Value(nullptr) : storage::Value(g.region_code)})
               .empty()) {
        throw Error("already_exists", "role", "the user already has this role here", "该用户在此区域已有此角色");
      }
      g.id = tx.insert_id(
          "INSERT INTO grants (user_id, role, region_code, created_at, created_by) VALUES (?, ?, ?, ?, ?) "
          "RETURNING id",
          {user_id, role, g.region_code.empty() ? storage::Value(nullptr) : storage::Value(g.region_code),
           storage::now_ms(), ctx.user().user_id});
      audit::append(tx, audit::entry(ctx, "accounts:grant:create", "user:" + std::to_string(user_id),
                                     {{"username", user.one().str(0)}, {"role", role}, {"region", g.region_code}}));
    });
  } catch (const storage::DbError& e) {
    if (e.kind() == storage::DbError::Kind::unique) {
      throw Error("already_exists", "role", "the user already has this role here", "该用户在此区域已有此角色");
    }
    throw;
  }
  invalidate_cache();
  return g;
}

void Service::revoke_grant(const Context& ctx, std::int64_t user_id, std::int64_t grant_id) {
  auto row = db_.read_value<std::optional<std::pair<std::string, std::optional<std::string>>>>(
      [&](storage::Tx& tx) -> std::optional<std::pair<std::string, std::optional<std::string>>> {
        auto res = tx.exec("SELECT role, region_code FROM grants WHERE id = ? AND user_id = ?", {grant_id, user_id});
        if (res.empty()) return std::nullopt;
        return std::pair{res.rows[0].str(0), res.rows[0].opt_str(1)};
      });
  if (!row) throw_not_found("no such grant", "授权不存在");
  std::string path = row->second ? territory_.path_of(*row->second) : "/";
  ctx.require("accounts:grant:write", path);
  if (user_id == ctx.user().user_id && row->first == "admin") {
    throw_validation("grant_id", "you cannot revoke your own administrator role", "不能撤销自己的管理员角色");
  }
  db_.write([&](storage::Tx& tx) {
    tx.exec("DELETE FROM grants WHERE id = ?", {grant_id});
    auto user = tx.exec("SELECT username FROM users WHERE id = ?", {user_id});
    audit::append(tx, audit::entry(ctx, "accounts:grant:delete", "user:" + std::to_string(user_id),
                                   {{"username", user.empty() ? std::string() : user.one().str(0)},
                                    {"role", row->first},
                                    {"region", row->second.value_or("")}}));
  });
  invalidate_cache();
}

}  // namespace wangge::accounts
