// The demo's party organisations and members (App::load_demo_party): 平沙镇党工委 at the town
// (set up by the administrator), 立新社区党委 under it and 第一网格党支部 under that (by the
// community secretary), a 楼栋党小组 when the demo registry has a building in the grid;
// regular members from the registry's adults of 立新社区 when it holds any (in the grid's
// branch or group when they live there, in the committee otherwise), two in-service
// members reporting to the community with their work units, pledges of each kind, and the
// demo account partymember linked to a member. Each is made through the module's use
// cases. Loaded once: nothing is added when 平沙镇党工委 exists.
#include <spdlog/spdlog.h>

#include <map>

#include "accounts/service.h"
#include "app/app.h"
#include "party/service.h"
#include "party/store.h"
#include "registry/store.h"
#include "territory/service.h"

namespace wangge {
namespace {

constexpr const char* kPartyTown = "440404104";
constexpr const char* kPartyCommunity = "440404104001";
constexpr const char* kPartyGrid = "440404104001001";

struct PartyActor {
  http::Request req;
  Context ctx{req};
};

}  // namespace

void App::load_demo_party() {
  auto actor = [this](const char* username) {
    auto a = std::make_unique<PartyActor>();
    if (auto p = accounts_->principal_of(username)) a->ctx.set_principal(std::move(p));
    return a;
  };
  auto admin = actor("admin"), secretary = actor("secretary");
  if (!admin->ctx.authenticated() || !secretary->ctx.authenticated()) return;
  auto& p = *party_;
  const Context& sec = secretary->ctx;
  bool exists = db_->read_value<bool>([&](storage::Tx& tx) {
    party::store::OrgFilter f;
    f.within = {territory_->path_of(kPartyTown)};
    f.level = "working_committee";
    f.q = "平沙镇党工委";
    f.limit = 1;
    return !party::store::orgs(tx, f).empty();
  });
  if (exists) return;
  int members = 0;
  try {
    db_->write([&](storage::Tx& tx) {
      auto org = [&](const Context& by, const char* region, const char* level, const std::string& name,
                     std::optional<std::int64_t> parent, const char* secretary_name, const char* founded) {
        party::Org o;
        o.region_code = region;
        o.level = level;
        o.name = name;
        o.parent_id = parent;
        o.secretary_name = secretary_name;
        o.founded_on = founded;
        return p.create_org(tx, by, o);
      };
      auto town =
          org(admin->ctx, kPartyTown, "working_committee", "平沙镇党工委", std::nullopt, "何建平", "2003-07-01");
      auto committee = org(sec, kPartyCommunity, "committee", "立新社区党委", town.id, "李书记", "2010-06-18");
      auto branch = org(sec, kPartyGrid, "branch", "立新社区第一网格党支部", committee.id, "陈志强", "2019-05-20");
      // A building group where the registry has a building in the grid (seed 003: a group in every grid).
      const std::string grid_path = territory_->path_of(kPartyGrid);
      std::optional<party::Org> group;
      auto buildings = registry::store::buildings(tx, {grid_path}, std::nullopt, 1);
      if (!buildings.empty()) {
        party::Org o;
        o.region_code = kPartyGrid;
        o.level = "group";
        o.name = buildings.front().name + "党小组";
        o.parent_id = branch.id;
        o.building_id = buildings.front().id;
        o.secretary_name = "";
        group = p.create_org(tx, sec, o);
      }
      // Regular members: adults of the community the registry holds, by where they live.
      registry::store::PersonFilter f;
      f.scope_paths = {territory_->path_of(kPartyCommunity)};
      f.limit = 60;
      std::vector<std::int64_t> regulars;
      std::map<std::int64_t, int> placed;  // members per organisation: the first leads it
      int in_grid = 0;
      for (const auto& person : registry::store::persons(tx, f)) {
        if (regulars.size() >= 6) break;
        if (person.birth_date.empty() || person.birth_date > "1996-12-31") continue;
        std::string path = person.region_path;
        if (auto stay = registry::store::current_membership(tx, person.id))
          if (auto h = registry::store::household(tx, stay->household_id)) path = h->region_path;
        bool here = path_within(path, grid_path);
        party::Service::NewMember in;
        in.person_id = person.id;
        in.kind = "regular";
        const party::Org& into = here ? (group && in_grid++ % 2 == 1 ? *group : branch) : committee;
        in.post = placed[into.id]++ == 0 ? (into.level == "group" ? "group_leader" : "secretary") : "member";
        in.joined_party_on = std::to_string(1985 + static_cast<int>(regulars.size()) * 4) + "-07-01";
        in.joined_on = "2021-03-15";
        regulars.push_back(p.add_member(tx, sec, into.id, in).id);
      }
      // In-service members reporting to the community (双报到), with their work units.
      struct Report {
        const char *name, *phone, *unit, *home_org, *party_on;
      };
      std::vector<std::int64_t> reporting;
      for (const Report& r :
           {Report{"周晓明", "13800138021", "平沙供电所", "平沙供电所党支部", "2008-06-30"},
            Report{"吴丽华", "13800138022", "平沙镇中心小学", "平沙镇中心小学党支部", "2012-11-05"}}) {
        party::Service::NewMember in;
        in.kind = "in_service";
        in.name = r.name;
        in.phone = r.phone;
        in.home_unit = r.unit;
        in.home_org_name = r.home_org;
        in.joined_party_on = r.party_on;
        in.joined_on = "2024-09-01";
        reporting.push_back(p.add_member(tx, sec, committee.id, in).id);
      }
      members = static_cast<int>(regulars.size() + reporting.size());
      // The demo party member's account: a registry member when there is one, else the first reporter.
      std::int64_t linked = regulars.empty() ? reporting.front() : regulars.front();
      auto m = party::store::member(tx, linked);
      p.update_member(tx, sec, linked, json::object{{"version", m->version}, {"username", "partymember"}});
      // Pledges of each kind (亮身份、亮责任、亮服务), one of them fulfilled.
      p.add_pledge(tx, sec, linked, "identity", "亮身份：中共党员，家门口挂牌“党员户”，随时接受群众监督");
      p.add_pledge(tx, sec, linked, "responsibility", "亮责任：联系本楼栋 10 户居民，每月走访一次");
      auto service = p.add_pledge(tx, sec, linked, "service", "亮服务：每周六上午为老人免费理发");
      p.close_pledge(tx, sec, service.id, service.version, true, "已为 12 位老人理发");
      p.add_pledge(tx, sec, reporting.back(), "service", "亮服务：每月一次为社区学生辅导作业");
      p.add_pledge(tx, sec, reporting.front(), "responsibility", "亮责任：协助社区排查用电安全隐患");
    });
    spdlog::info("demo party loaded: 平沙镇党工委, 立新社区党委, its grid branch, {} members", members);
  } catch (const std::exception& e) {
    spdlog::warn("demo party not loaded: {}", e.what());
  }
}

}  // namespace wangge
