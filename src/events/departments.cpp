// Departments (职能部门): attached to a territory node (a town's service centres and
// stations, a county's bureaus), with a kind that categories route to by default and
// the handler accounts that act for them.
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

}  // namespace wangge::events
