// Use case: delete a region. Refused while it has children or while another module
// still references it (grants, people, records): those register a UsageCheck.
#include "audit/audit.h"
#include "core/error.h"
#include "territory/service.h"
#include "territory/store.h"

namespace wangge::territory {

void Service::remove(const Context& ctx, const std::string& code) {
  Region cur = get(code, false);
  ctx.require("territory:region:write", cur.path);
  db_.write([&](storage::Tx& tx) {
    if (auto n = store::child_count(tx, code); n > 0) {
      throw Error("region_in_use", {}, std::to_string(n) + " child regions", "下级区域 " + std::to_string(n) + " 个");
    }
    for (const auto& check : usage_checks_) {
      if (auto why = check(tx, code)) throw Error("region_in_use", {}, *why, *why);
    }
    store::remove(tx, code);
    audit::append(tx, audit::entry(ctx, "territory:region:delete", code, {{"name", cur.name}, {"level", cur.level}}));
  });
  if (cur.level == "grid") reload_index();
}

}  // namespace wangge::territory
