// Use case: create a region under a parent (admin). Code and level must follow the
// level table; a geometry must be valid and inside the parent's. The parent is read
// inside the write transaction (no window in which it could vanish); only a boundary
// check reads it beforehand.
#include "audit/audit.h"
#include "core/error.h"
#include "core/idempotency.h"
#include "core/storage/errors.h"
#include "territory/service.h"
#include "territory/store.h"

namespace wangge::territory {
namespace {

// The checks that need the parent; throws the API error.
void check_parent(const Context& ctx, const CreateInput& in, const LevelSpec& level,
                  const std::optional<Region>& parent) {
  if (!parent) throw_validation("parent_code", "no region " + in.parent_code, "上级区域 " + in.parent_code + " 不存在");
  if (parent->level != level.parent) {
    throw_validation("parent_code", "a " + std::string(level.level) + " belongs under a " + std::string(level.parent),
                     std::string(level.name_zh) + "的上级应为" + std::string(find_level(level.parent)->name_zh));
  }
  if (in.code.rfind(parent->code, 0) != 0) {
    throw_validation("code", "the code must start with the parent's code " + parent->code,
                     "编码必须以上级编码 " + parent->code + " 开头");
  }
  ctx.require("territory:region:write", parent->path);
}

}  // namespace

// What create() decided before its transaction.
struct Service::CreatePlan {
  CreateInput in;
  const LevelSpec* level = nullptr;
  bool root = false;
  std::optional<std::array<double, 4>> bbox;
  Region r;  // filled in by the transaction (path, depth, parent)
};

std::shared_ptr<Service::CreatePlan> Service::plan_create(const Context& ctx, const CreateInput& in) const {
  auto p = std::make_shared<CreatePlan>();
  p->in = in;
  const LevelSpec* level = find_level(in.level);
  if (!level) {
    throw_validation("level", "unknown level " + in.level, "未知的区域层级 " + in.level);
  }
  if (!digits_only(in.code) || static_cast<int>(in.code.size()) != level->code_length) {
    throw_validation("code",
                     "a " + std::string(level->level) + " code has " + std::to_string(level->code_length) + " digits",
                     std::string(level->name_zh) + "编码应为 " + std::to_string(level->code_length) + " 位数字");
  }
  p->level = level;
  p->root = level->parent.empty();
  if (p->root) {
    if (!in.parent_code.empty()) throw_validation("parent_code", "a province has no parent", "省级区域没有上级");
    ctx.require("territory:region:write", "/");
  }
  std::optional<std::string> canonical;
  if (in.geometry) {
    std::optional<Region> parent;
    if (!p->root) {
      parent = find(in.parent_code, true);
      check_parent(ctx, in, *level, parent);
    }
    auto shape = check_geometry(*in.geometry, parent ? parent->geometry : std::nullopt);
    canonical = shape.to_geojson();  // closed, outer rings counter-clockwise
    auto b = shape.bbox();
    p->bbox = std::array<double, 4>{b.min_lng, b.min_lat, b.max_lng, b.max_lat};
  }
  Region& r = p->r;
  r.code = in.code;
  r.level = in.level;
  r.name = in.name;
  r.geometry = canonical;
  r.source = in.source;
  r.version = 1;
  r.created_at = r.updated_at = storage::now_ms();
  return p;
}

void Service::apply_create(storage::Tx& tx, const Context& ctx, CreatePlan& p) {
  const CreateInput& in = p.in;
  Region& r = p.r;
  if (p.root) {
    r.path = "/" + in.code + "/";
    r.depth = 1;
  } else {
    // The parent is read in the write transaction (no window in which it could vanish);
    // the row itself joins the group commit's multi-row INSERT (on PostgreSQL, a statement
    // per region cost a parse of the table's CHECK constraints each).
    r.parent_code = in.parent_code;
    auto slot = store::parent_slot(tx, in.parent_code, std::string(p.level->parent));
    if (!slot) {
      check_parent(ctx, in, *p.level, store::get(tx, in.parent_code, false));  // throws the precise error
      throw Error("internal", {}, "parent check inconsistent", "上级检查不一致");
    }
    r.path = slot->first + in.code + "/";
    r.depth = slot->second + 1;
    Region parent;
    parent.code = in.parent_code;
    parent.level = std::string(p.level->parent);
    parent.path = slot->first;
    check_parent(ctx, in, *p.level, parent);
  }
  store::insert_later(tx, r, p.bbox);
  audit::append(tx, audit::entry(ctx, "territory:region:create", r.code,
                                 {{"level", r.level}, {"name", r.name}, {"parent", r.parent_code.value_or("")}}));
}

Region Service::created(const CreatePlan& p, std::exception_ptr error) {
  if (error) {
    storage::rethrow_as(error, {.unique =
                                    [&] {
                                      return Error("already_exists", "code", "region " + p.r.code + " exists",
                                                   "区域编码 " + p.r.code + " 已存在");
                                    },
                                .foreign_key = [&] {  // the parent was deleted meanwhile
                                  return Error("validation", "parent_code", "no region " + p.in.parent_code,
                                               "上级区域 " + p.in.parent_code + " 不存在");
                                }});
  }
  if (p.r.level == "grid" && p.r.geometry) reload_index();
  return p.r;
}

Region Service::create(const Context& ctx, const CreateInput& in) {
  auto p = plan_create(ctx, in);
  std::exception_ptr error;
  try {
    db_.write([&](storage::Tx& tx) { apply_create(tx, ctx, *p); });
  } catch (...) {
    error = std::current_exception();
  }
  return created(*p, error);
}

http::Response Service::create_deferred(const Context& ctx, const CreateInput& in,
                                        std::function<http::Response(const Region&)> answer) {
  auto p = plan_create(ctx, in);
  return idempotency::answer_when_durable(
      db_, [this, &ctx, p](storage::Tx& tx) { apply_create(tx, ctx, *p); },
      [this, p, answer = std::move(answer)](std::exception_ptr error) { return answer(created(*p, error)); });
}

}  // namespace wangge::territory
