// Departments (职能部门): attached to a territory node (a town's service centres and
// stations, a county's bureaus), with a kind that categories route to by default and
// the handler accounts that act for them.
#include <algorithm>

#include "audit/audit.h"
#include "events/step_helpers.h"
#include "territory/service.h"

namespace wangge::events {

bool Service::load_demo(std::optional<std::int64_t> handler_id) {
  // The demo town's stations and the county's bureaus, the demo handler in each town one.
  struct DemoDept {
    const char* region;
    const char* kind;
    const char* name;
  };
  static constexpr DemoDept kDemo[] = {
      {"440404104", "urban_management", "平沙镇综合行政执法办"},
      {"440404104", "justice", "平沙司法所"},
      {"440404104", "housing", "平沙镇规划建设办"},
      {"440404104", "civil_affairs", "平沙镇社会事务局"},
      {"440404104", "emergency", "平沙镇应急管理办"},
      {"440404104", "community", "平沙镇党群服务中心"},
      {"440404104", "police", "平沙派出所"},
      {"440404", "environment", "金湾区生态环境分局"},
      {"440404", "transport", "金湾区交通运输局"},
      {"440404", "market", "金湾区市场监督管理局"},
  };
  std::int64_t now = storage::now_ms();
  bool loaded = false;
  db_.write([&](storage::Tx& tx) {
    if (!tx.exec("SELECT id FROM departments LIMIT 1").empty()) return;
    for (const auto& d : kDemo) {
      auto region = territory_.find(d.region, false);
      if (!region) continue;
      Department dep;
      dep.region_code = region->code;
      dep.region_path = region->path;
      dep.kind = d.kind;
      dep.name = d.name;
      std::int64_t id = store::insert_department(tx, dep, now);
      if (handler_id && std::string(d.region) == "440404104") store::set_members(tx, id, {*handler_id}, now);
    }
    loaded = true;
  });
  return loaded;
}

std::string Service::department_name(storage::Tx& tx, std::int64_t id) {
  auto res = tx.exec("SELECT name FROM departments WHERE id = ?", {id});
  return res.empty() ? std::string() : res.one().str(0);
}

std::map<std::int64_t, std::string> Service::department_names() {
  return db_.read_value<std::map<std::int64_t, std::string>>(
      [](storage::Tx& tx) { return store::department_names(tx); });
}

std::vector<Department> Service::visible_departments(const Context& ctx, const std::optional<std::string>& region,
                                                     const std::optional<std::string>& kind) {
  auto scope = ctx.user().scope("events:department:read");
  std::string region_path;
  if (region) {
    region_path = territory_.path_of(*region);
    ctx.require("events:department:read", region_path);
  }
  auto all = db_.read_value<std::vector<Department>>([&](storage::Tx& tx) { return store::departments(tx, {"/"}); });
  std::vector<Department> out;
  for (auto& d : all) {
    // Those over the caller's territory and those within it.
    bool visible = std::any_of(scope.begin(), scope.end(), [&](const std::string& s) {
      return path_within(d.region_path, s) || path_within(s, d.region_path);
    });
    if (!visible) continue;
    if (region && !path_within(region_path, d.region_path)) continue;
    if (kind && d.kind != *kind) continue;
    out.push_back(std::move(d));
  }
  return out;
}

Department Service::create_department(const Context& ctx, Department d) {
  auto region = territory_.find(d.region_code, false);
  if (!region) throw_validation("region_code", "no region " + d.region_code, "区域 " + d.region_code + " 不存在");
  ctx.require("events:department:write", region->path);
  d.region_path = region->path;
  try {
    db_.write([&](storage::Tx& tx) {
      d.id = store::insert_department(tx, d, storage::now_ms());
      audit::append(tx, audit::entry(ctx, "events:department:create", "department:" + std::to_string(d.id),
                                     {{"name", d.name}, {"region", d.region_code}}));
    });
  } catch (const storage::DbError& e) {
    if (e.kind() == storage::DbError::Kind::unique)
      throw Error("already_exists", "name", d.name + " exists on this node", d.name + " 已存在");
    throw;
  }
  return d;
}

Department Service::update_department(const Context& ctx, std::int64_t id, const json::object& body) {
  Department d;
  db_.write([&](storage::Tx& tx) {
    auto found = store::department(tx, id);
    if (!found) throw_not_found("no department " + std::to_string(id), "部门不存在");
    ctx.require("events:department:write", found->region_path);
    auto v = json::opt_int(body, "version");
    if (!v) throw Error("precondition_required", "version", "send the version you edit", "请提供所编辑的版本号");
    if (*v != found->version)
      throw Error("stale_version", "version", "the department changed meanwhile", "部门已被他人修改");
    d = *found;
    d.name = json::opt_string(body, "name", 100, 1).value_or(d.name);
    d.kind = json::opt_string(body, "kind", 32, 1).value_or(d.kind);
    d.active = json::opt_bool(body, "active").value_or(d.active);
    d.version = found->version + 1;
    if (!store::update_department(tx, d, found->version, storage::now_ms()))
      throw Error("stale_version", "version", "the department changed meanwhile", "部门已被他人修改");
    audit::append(tx, audit::entry(ctx, "events:department:update", "department:" + std::to_string(id),
                                   {{"name", d.name}, {"active", d.active}}));
  });
  return d;
}

Department Service::set_department_members(const Context& ctx, std::int64_t id,
                                           const std::vector<std::int64_t>& users) {
  Department d;
  try {
    db_.write([&](storage::Tx& tx) {
      auto found = store::department(tx, id);
      if (!found) throw_not_found("no department " + std::to_string(id), "部门不存在");
      ctx.require("events:department:write", found->region_path);
      store::set_members(tx, id, users, storage::now_ms());
      d = *found;
      d.members = users;
      json::array ids;
      for (auto u : users) ids.emplace_back(u);
      audit::append(
          tx, audit::entry(ctx, "events:department:members", "department:" + std::to_string(id), {{"user_ids", ids}}));
    });
  } catch (const storage::DbError& e) {
    if (e.kind() == storage::DbError::Kind::foreign_key)
      throw_validation("user_ids", "an unknown user id", "包含不存在的用户编号");
    throw;
  }
  return d;
}

}  // namespace wangge::events
