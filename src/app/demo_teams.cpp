// The demo's grid teams (App::load_demo_teams): the team of 立新社区's first grid under the
// "三长三员一民警" model (seed 001) with the grid chief, the grid worker (on duty, so that a
// resident's call reaches them) and a party member linked to the demo accounts; a smaller
// community team; 立新社区's care settings with the 六提六知 checklist on; and, when the demo
// registry has households in the grid, some of them in the party member's and the grid
// worker's care. Made through the module's use cases, as the community secretary would.
// Loaded once: nothing is added when the grid has a team.
#include <spdlog/spdlog.h>

#include "accounts/service.h"
#include "app/app.h"
#include "registry/store.h"
#include "teams/service.h"
#include "teams/store.h"
#include "territory/service.h"

namespace wangge {
namespace {

constexpr const char* kTeamsDemoCommunity = "440404104001";
constexpr const char* kTeamsDemoGrid = "440404104001001";

struct TeamsDemoActor {
  http::Request req;
  Context ctx{req};
};

struct TeamsDemoEntry {
  const char *region, *post, *name, *phone;
  bool phone_public;
  const char *responsibility, *username;
  bool on_duty;
};

constexpr TeamsDemoEntry kTeamsDemoEntries[] = {
    {kTeamsDemoGrid, "grid_chief", "陈志强", "13800256001", false, "统筹网格工作，联系重点户", "gridchief", false},
    {kTeamsDemoGrid, "full_time", "林晓燕", "13926900101", true, "1-6 栋日常巡查、走访", "gridworker", true},
    {kTeamsDemoGrid, "building_head", "黄国华", "13702560103", false, "3 栋", "", false},
    {kTeamsDemoGrid, "unit_head", "李秀英", "13702560104", false, "3 栋 2 单元（楼口长）", "", false},
    {kTeamsDemoGrid, "neighbour_head", "吴美玲", "13702560105", false, "3 栋 2 单元 1-6 层", "", false},
    {kTeamsDemoGrid, "police", "张建军", "0756-7712110", true, "立新社区警务室", "", false},
    {kTeamsDemoGrid, "legal_adviser", "刘婷", "13590056107", false, "每周三下午在社区坐班", "", false},
    {kTeamsDemoGrid, "health_worker", "何丽萍", "13590056108", false, "家庭医生签约、慢病随访", "", false},
    {kTeamsDemoGrid, "urban_management", "梁伟明", "13590056109", false, "立新市场周边", "", false},
    {kTeamsDemoGrid, "market_regulator", "郑少华", "13590056110", false, "立新市场", "", false},
    {kTeamsDemoGrid, "party_member", "周红梅", "13590056111", false, "联系 3 栋 12 户", "partymember", false},
    {kTeamsDemoCommunity, "area_head", "孙建国", "13800256201", false, "立新花园片区", "", false},
    {kTeamsDemoCommunity, "professional", "赵敏", "13800256202", false, "综治、矛盾纠纷排查", "", false},
    {kTeamsDemoCommunity, "legal_adviser", "钱立平", "13800256203", false, "社区法律顾问", "", false},
    {kTeamsDemoCommunity, "health_worker", "冯晓红", "0756-7712120", true, "社区卫生服务站", "", false},
};

}  // namespace

void App::load_demo_teams() {
  auto secretary = std::make_unique<TeamsDemoActor>();
  if (auto p = accounts_->principal_of("secretary")) secretary->ctx.set_principal(std::move(p));
  if (!secretary->ctx.authenticated()) return;
  const Context& sec = secretary->ctx;
  auto& t = *teams_;
  bool exists =
      db_->read_value<bool>([&](storage::Tx& tx) { return !teams::store::active_at(tx, {kTeamsDemoGrid}).empty(); });
  if (exists) return;
  try {
    std::int64_t households = 0;
    db_->write([&](storage::Tx& tx) {
      std::map<std::string, std::int64_t> carers;  // username -> entry
      std::int64_t sort = 0;
      for (const auto& e : kTeamsDemoEntries) {
        teams::Service::MemberInput in;
        in.m.region_code = e.region;
        in.m.post = e.post;
        in.m.name = e.name;
        in.m.since = "2024-01-01";
        in.m.phone_public = e.phone_public;
        in.m.responsibility = e.responsibility;
        in.m.on_duty = e.on_duty;
        in.m.sort = ++sort;
        in.phone = e.phone;
        if (*e.username) in.username = e.username;
        auto m = t.add_member(tx, sec, std::move(in));
        if (*e.username) carers[e.username] = m.id;
      }
      t.save_settings(tx, sec, kTeamsDemoCommunity,
                      json::object{{"key_days", 7}, {"care_days", 14}, {"ordinary_days", 30}, {"checklist", true}});
      // Households of the demo registry, if it was loaded: the first twelve of the grid.
      registry::store::HouseholdFilter f;
      f.scope_paths = {territory_->path_of(kTeamsDemoGrid)};
      f.limit = 12;
      int n = 0;
      for (const auto& h : registry::store::households(tx, f)) {
        t.assign(tx, sec, h.id, carers[n++ % 2 == 0 ? "partymember" : "gridworker"], std::nullopt);
        ++households;
      }
    });
    spdlog::info("demo teams loaded: {} team entries, {} households in care", std::size(kTeamsDemoEntries), households);
  } catch (const std::exception& e) {
    spdlog::warn("demo teams not loaded: {}", e.what());
  }
}

}  // namespace wangge
