// Use case: move a region (and its subtree) under another parent of the right level.
// The code is a stable identifier and does not change; paths of the subtree do.
#include "audit/audit.h"
#include "core/error.h"
#include "territory/service.h"
#include "territory/store.h"

namespace wangge::territory {

Region Service::move(const Context& ctx, const std::string& code, const std::string& new_parent) {
  Region cur = get(code, true);
  ctx.require("territory:region:write", cur.path);
  Region parent = [&] {
    auto p = find(new_parent, true);
    if (!p) throw_validation("parent_code", "no region " + new_parent, "上级区域 " + new_parent + " 不存在");
    return *p;
  }();
  ctx.require("territory:region:write", parent.path);
  const LevelSpec* level = find_level(cur.level);
  if (!level || parent.level != level->parent) {
    throw_validation("parent_code", "a " + cur.level + " cannot be placed under a " + parent.level,
                     "该层级的区域不能移动到此类上级之下");
  }
  if (path_within(parent.path, cur.path)) {
    throw_validation("parent_code", "cannot move a region under itself", "不能移动到自身或其下级之下");
  }
  if (cur.parent_code == parent.code) return cur;
  if (cur.geometry && parent.geometry) check_geometry(*cur.geometry, parent.geometry);
  std::string new_path = parent.path + cur.code + "/";
  int delta = parent.depth + 1 - cur.depth;
  db_.write([&](storage::Tx& tx) {
    for (const auto& check : subtree_checks_) {
      if (auto why = check(tx, cur.path))
        throw Error("region_in_use", {}, *why + " lie under it: a move would leave them behind",
                    *why + "位于其下，移动后将与其脱节");
    }
    if (!store::reparent(tx, code, parent.code, cur.version, storage::now_ms()))
      throw Error("conflict", "version", "the region was changed meanwhile", "该区域已被他人修改");
    store::repath_subtree(tx, cur.path, new_path, delta);
    audit::append(tx, audit::entry(ctx, "territory:region:move", code,
                                   {{"from", cur.parent_code.value_or("")}, {"to", parent.code}}));
  });
  reload_index();  // the paths of any grids in the moved subtree changed
  return get(code, true, true);
}

}  // namespace wangge::territory
