// Creating or editing a category (PUT /event-categories/{code}): the request's fields over
// the stored category (omitted ones keep their value), checked against the two-level tree,
// stored under optimistic locking with an audit record.
#include "audit/audit.h"
#include "events/step_helpers.h"
#include "territory/service.h"

namespace wangge::events {
namespace {

// o[key] within lo..hi, or `current` when absent.
int bounded(const json::object& o, const char* key, int current, int lo, int hi, const std::string& field) {
  auto v = json::opt_int(o, key);
  if (!v) return current;
  if (*v < lo || *v > hi)
    throw_validation(field, std::to_string(lo) + ".." + std::to_string(hi),
                     "应在 " + std::to_string(lo) + " 到 " + std::to_string(hi) + " 之间");
  return static_cast<int>(*v);
}

// The deadlines (and the sort key) of the request over c.
void read_deadlines(const json::object& body, Category& c) {
  c.accept_hours = bounded(body, "accept_hours", c.accept_hours, 1, 720, "accept_hours");
  c.sign_hours = bounded(body, "sign_hours", c.sign_hours, 1, 720, "sign_hours");
  c.verify_days = bounded(body, "verify_days", c.verify_days, 1, 30, "verify_days");
  c.sort = bounded(body, "sort", c.sort, 0, 100000, "sort");
  if (auto it = body.find("handle_days"); it != body.end()) {
    if (!it->value().is_object()) throw_validation("handle_days", "an object {normal, urgent, critical}", "应为对象");
    const auto& hd = it->value().as_object();
    json::allow_only(hd, {"normal", "urgent", "critical"});
    c.handle_days_normal = bounded(hd, "normal", c.handle_days_normal, 1, 365, "handle_days.normal");
    c.handle_days_urgent = bounded(hd, "urgent", c.handle_days_urgent, 1, 365, "handle_days.urgent");
    c.handle_days_critical = bounded(hd, "critical", c.handle_days_critical, 1, 365, "handle_days.critical");
  }
}

}  // namespace

std::pair<Category, bool> Service::save_category(const Context& ctx, const std::string& code,
                                                 const json::object& body) {
  json::allow_only(body,
                   {"name_zh", "name_en", "parent_code", "department_kind", "priority", "self_handle", "accept_hours",
                    "sign_hours", "handle_days", "verify_days", "active", "sort", "attributes", "version"});
  if (code.size() < 2 || code.size() > 8 || !territory::digits_only(code))
    throw_validation("code", "2 to 8 digits", "应为 2 到 8 位数字");
  auto existing = category(code);
  Category c = existing.value_or(Category{});
  c.code = code;
  c.name_zh = json::get_string(body, "name_zh", 50);
  c.name_en = json::get_string(body, "name_en", 100);
  // Two levels: omitted keeps the parent, null makes a top-level category.
  if (body.contains("parent_code")) c.parent_code = json::opt_string(body, "parent_code", 8);
  if (c.parent_code) {
    auto parent = category(*c.parent_code);
    if (!parent || parent->parent_code || *c.parent_code == code)
      throw_validation("parent_code", "the parent must be an existing top-level category", "上级应为已有的大类");
    for (const auto& other : categories()) {
      if (other.parent_code == code)
        throw_validation("parent_code", "a category with subcategories stays top-level",
                         "含小类的大类不能再归入其他大类");
    }
  }
  c.department_kind = json::opt_string(body, "department_kind", 32).value_or(c.department_kind);
  c.priority = json::opt_string(body, "priority", 10).value_or(c.priority);
  if (c.priority != "normal" && c.priority != "urgent" && c.priority != "critical")
    throw_validation("priority", "one of normal, urgent, critical", "应为 normal、urgent 或 critical");
  c.self_handle = json::opt_bool(body, "self_handle").value_or(c.self_handle);
  read_deadlines(body, c);
  c.active = json::opt_bool(body, "active").value_or(c.active);
  if (auto it = body.find("attributes"); it != body.end()) c.attributes = parse_attributes(it->value());
  if (existing) {
    auto v = json::opt_int(body, "version");
    if (!v) throw Error("precondition_required", "version", "send the version you edit", "请提供所编辑的版本号");
    if (*v != existing->version)
      throw Error("stale_version", "version", "the category changed meanwhile", "类别已被他人修改");
    c.version = existing->version + 1;
  } else {
    c.version = 1;
  }
  db_.write([&](storage::Tx& tx) {
    if (existing) {
      auto now_row = store::category(tx, code);
      if (!now_row || now_row->version != existing->version)
        throw Error("stale_version", "version", "the category changed meanwhile", "类别已被他人修改");
    } else if (store::category(tx, code)) {
      throw Error("already_exists", "code", "category " + code + " exists", "类别 " + code + " 已存在");
    }
    store::upsert_category(tx, c, storage::now_ms());
    audit::append(tx, audit::entry(ctx, existing ? "events:category:update" : "events:category:create", code,
                                   {{"name_zh", c.name_zh}}));
  });
  invalidate_categories();
  return {c, !existing};
}

}  // namespace wangge::events
