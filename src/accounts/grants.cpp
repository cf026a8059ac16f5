// Use cases: grant a role on a territory node, revoke a grant.
#include "accounts/service.h"
#include "accounts/store.h"
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
  db_.write([&](storage::Tx& tx) {
    auto user = store::username(tx, user_id);
    if (!user) throw_not_found("no user " + std::to_string(user_id), "用户 " + std::to_string(user_id) + " 不存在");
    if (store::has_grant(tx, user_id, role, g.region_code)) {
      throw Error("already_exists", "role", "the user already has this role here", "该用户在此区域已有此角色");
    }
    g.id = store::insert_grant(tx, user_id, role, g.region_code, storage::now_ms(), ctx.user().user_id);
    audit::append(tx, audit::entry(ctx, "accounts:grant:create", "user:" + std::to_string(user_id),
                                   {{"username", *user}, {"role", role}, {"region", g.region_code}}));
  });
  invalidate_cache();
  return g;
}

void Service::revoke_grant(const Context& ctx, std::int64_t user_id, std::int64_t grant_id) {
  auto row = db_.read_value<std::optional<store::GrantRow>>(
      [&](storage::Tx& tx) { return store::find_grant(tx, grant_id, user_id); });
  if (!row) throw_not_found("no such grant", "授权不存在");
  std::string path = row->region_code ? territory_.path_of(*row->region_code) : "/";
  ctx.require("accounts:grant:write", path);
  if (user_id == ctx.user().user_id && row->role == "admin") {
    throw_validation("grant_id", "you cannot revoke your own administrator role", "不能撤销自己的管理员角色");
  }
  db_.write([&](storage::Tx& tx) {
    store::delete_grant(tx, grant_id);
    auto user = store::username(tx, user_id);
    audit::append(
        tx, audit::entry(
                ctx, "accounts:grant:delete", "user:" + std::to_string(user_id),
                {{"username", user.value_or("")}, {"role", row->role}, {"region", row->region_code.value_or("")}}));
  });
  invalidate_cache();
}

}  // namespace wangge::accounts
