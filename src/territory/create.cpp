// Use case: create a region under a parent (admin). Code and level must follow the
// level table; a geometry must be valid and inside the parent's.
#include "audit/audit.h"
#include "core/error.h"
#include "territory/service.h"
#include "territory/store.h"

namespace wangge::territory {

Region Service::create(const Context& ctx, const CreateInput& in) {
  const LevelSpec* level = find_level(in.level);
  if (!level) {
    throw_validation("level", "unknown level " + in.level, "未知的区域层级 " + in.level);
  }
  if (!digits_only(in.code) || static_cast<int>(in.code.size()) != level->code_length) {
    throw_validation("code",
                     "a " + std::string(level->level) + " code has " + std::to_string(level->code_length) + " digits",
                     std::string(level->name_zh) + "编码应为 " + std::to_string(level->code_length) + " 位数字");
  }
  std::optional<Region> parent;
  if (level->parent.empty()) {
    if (!in.parent_code.empty()) throw_validation("parent_code", "a province has no parent", "省级区域没有上级");
    ctx.require("territory:region:write", "/");
  } else {
    parent = find(in.parent_code, in.geometry.has_value());  // its boundary only when needed
    if (!parent)
      throw_validation("parent_code", "no region " + in.parent_code, "上级区域 " + in.parent_code + " 不存在");
    if (parent->level != level->parent) {
      throw_validation("parent_code",
                       "a " + std::string(level->level) + " belongs under a " + std::string(level->parent),
                       std::string(level->name_zh) + "的上级应为" + std::string(find_level(level->parent)->name_zh));
    }
    if (in.code.rfind(parent->code, 0) != 0) {
      throw_validation("code", "the code must start with the parent's code " + parent->code,
                       "编码必须以上级编码 " + parent->code + " 开头");
    }
    ctx.require("territory:region:write", parent->path);
  }
  std::optional<std::array<double, 4>> bbox;
  std::optional<std::string> canonical;
  if (in.geometry) {
    auto shape = check_geometry(*in.geometry, parent ? parent->geometry : std::nullopt);
    canonical = shape.to_geojson();  // closed, outer rings counter-clockwise
    auto b = shape.bbox();
    bbox = std::array<double, 4>{b.min_lng, b.min_lat, b.max_lng, b.max_lat};
  }
  Region r;
  r.code = in.code;
  if (parent) r.parent_code = parent->code;
  r.level = in.level;
  r.name = in.name;
  r.path = (parent ? parent->path : std::string("/")) + in.code + "/";
  r.depth = parent ? parent->depth + 1 : 1;
  r.geometry = canonical;
  r.source = in.source;
  r.version = 1;
  r.created_at = r.updated_at = storage::now_ms();
  try {
    db_.write([&](storage::Tx& tx) {
      store::insert(tx, r, bbox);
      audit::append(tx, audit::entry(ctx, "territory:region:create", r.code,
                                     {{"level", r.level}, {"name", r.name}, {"parent", r.parent_code.value_or("")}}));
    });
  } catch (const storage::DbError& e) {
    if (e.kind() == storage::DbError::Kind::unique) {
      throw Error("already_exists", "code", "region " + r.code + " exists", "区域编码 " + r.code + " 已存在");
    }
    throw;
  }
  if (r.level == "grid" && r.geometry) reload_index();
  return r;
}

}  // namespace wangge::territory
