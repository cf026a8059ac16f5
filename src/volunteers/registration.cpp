// Registering volunteers (志愿者注册): a registry person the caller may read, with skills,
// and the account they log in with once linked (by username). Leaving ends their
// volunteering; their hours stay.
#include "audit/audit.h"
#include "core/error.h"
#include "territory/service.h"
#include "volunteers/service.h"
#include "volunteers/store.h"

namespace wangge::volunteers {
namespace {

std::optional<std::int64_t> linked_user(storage::Tx& tx, const Service::UserByName& by_name,
                                        const std::string& username, std::int64_t volunteer_id) {
  if (username.empty()) return std::nullopt;
  auto id = by_name ? by_name(tx, username) : std::nullopt;
  if (!id) throw_validation("username", "an existing account", "账号不存在");
  if (auto other = store::volunteer_of_user(tx, *id); other && other->id != volunteer_id)
    throw Error("conflict", "username", "the account is another volunteer's", "该账号已关联其他志愿者");
  return id;
}

}  // namespace

Volunteer Service::register_volunteer(storage::Tx& tx, const Context& ctx, std::int64_t person_id,
                                      std::vector<std::string> skills, const std::optional<std::string>& username) {
  auto p = person_of_ ? person_of_(tx, &ctx, person_id) : std::nullopt;
  if (!p) throw_validation("person_id", "a person of the registry you may read", "应为您可查看的实有人口");
  auto region = territory_.find(p->region_code, false);
  if (!region) throw_validation("person_id", "a person with a place", "该人员没有所属区域");
  ctx.require("volunteers:volunteer:write", region->path);
  if (store::volunteer_of_person(tx, person_id))
    throw Error("conflict", "person_id", "already registered", "该人员已注册为志愿者");
  Volunteer v;
  v.person_id = person_id;
  v.name = p->name;
  v.region_code = p->region_code;
  v.region_path = region->path;
  v.skills = std::move(skills);
  v.status = "active";
  v.created_at = v.updated_at = storage::now_ms();
  v.user_id = linked_user(tx, user_by_name_, username.value_or(""), 0);
  v.id = store::insert_volunteer(tx, v);
  audit::append(tx, audit::entry(ctx, "volunteers:volunteer:register", "volunteer:" + std::to_string(v.id),
                                 json::object{{"person", person_id}}));
  return v;
}

Volunteer Service::update_volunteer(storage::Tx& tx, const Context& ctx, std::int64_t id, const json::object& body) {
  auto found = store::volunteer(tx, id);
  if (!found) throw_not_found("no volunteer " + std::to_string(id), "志愿者不存在");
  ctx.require("volunteers:volunteer:write", found->region_path);
  if (json::get_int(body, "version") != found->version)
    throw Error("stale_version", "version", "the volunteer changed meanwhile", "志愿者信息已被他人修改");
  Volunteer v = *found;
  if (body.contains("skills")) {
    v.skills.clear();
    if (!body.at("skills").is_array()) throw_validation("skills", "a list of skills", "应为技能列表");
    for (const auto& s : body.at("skills").as_array()) {
      if (!s.is_string() || s.as_string().empty() || json::utf8_length(s.as_string()) > 20)
        throw_validation("skills", "names of 1 to 20 characters", "技能名称应为 1 至 20 个字");
      v.skills.emplace_back(s.as_string());
    }
    if (v.skills.size() > 20) throw_validation("skills", "at most 20", "最多 20 项");
  }
  if (body.contains("status")) {
    static constexpr const char* kStatuses[] = {"active", "left"};
    v.status = json::one_of(body, "status", kStatuses);
  }
  if (body.contains("username"))
    v.user_id = body.at("username").is_null()
                    ? std::nullopt
                    : linked_user(tx, user_by_name_, json::get_string(body, "username", 64), id);
  v.version = found->version + 1;
  v.updated_at = storage::now_ms();
  if (!store::update_volunteer(tx, v, found->version))
    throw Error("stale_version", "version", "the volunteer changed meanwhile", "志愿者信息已被他人修改");
  audit::append(tx, audit::entry(ctx, "volunteers:volunteer:update", "volunteer:" + std::to_string(id),
                                 json::object{{"status", v.status}, {"linked", v.user_id.has_value()}}));
  return v;
}

}  // namespace wangge::volunteers
