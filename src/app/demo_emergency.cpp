// The demo's emergency records (App::load_demo_emergency): 立新社区's flood and typhoon plans
// in force; the first grid's patrol team (第一网格巡逻队) led by the grid chief, with the grid
// worker, the community police officer and a mass-prevention patroller without accounts,
// the demo party member and the demo volunteer; a drill held ten days ago with its
// attendance (four of six, the last in eleven minutes after the start) and a patrol
// scheduled for tomorrow evening; and the community's supplies (500 sandbags, 30 life
// jackets expiring within the month, 2 generators). Made through the module's use cases as
// the demo accounts who would; once: nothing is added when the team exists.
#include <spdlog/spdlog.h>

#include "accounts/service.h"
#include "app/app.h"
#include "emergency/service.h"
#include "emergency/store.h"
#include "territory/service.h"

namespace wangge {
namespace {

constexpr const char* kEmergencyCommunity = "440404104001";
constexpr const char* kEmergencyGrid = "440404104001001";
constexpr const char* kEmergencyTeam = "第一网格巡逻队";

struct EmergencyActor {
  http::Request req;
  Context ctx{req};
};

}  // namespace

void App::load_demo_emergency() {
  auto actor = [this](const char* username) {
    auto a = std::make_unique<EmergencyActor>();
    if (auto p = accounts_->principal_of(username)) a->ctx.set_principal(std::move(p));
    return a;
  };
  auto secretary = actor("secretary"), chief = actor("gridchief");
  if (!secretary->ctx.authenticated() || !chief->ctx.authenticated()) return;
  auto& e = *emergency_;
  bool exists = db_->read_value<bool>(
      [&](storage::Tx& tx) { return emergency::store::team_named(tx, kEmergencyGrid, kEmergencyTeam).has_value(); });
  if (exists) return;
  const Context& sec = secretary->ctx;
  const Context& gc = chief->ctx;
  const std::int64_t now = storage::now_ms();
  const Day today = calendar_->day_of(now);
  try {
    db_->write([&](storage::Tx& tx) {
      auto plan = [&](const char* hazard, const char* title, const char* warning, const char* supplies,
                      const char* organisation, const char* coordination) {
        emergency::Plan p;
        p.region_code = kEmergencyCommunity;
        p.hazard = hazard;
        p.title = title;
        p.warning = warning;
        p.supplies = supplies;
        p.organisation = organisation;
        p.coordination = coordination;
        p.reviewed_on = format_day(today - 40);
        return e.create_plan(tx, sec, p, true).id;
      };
      auto flood = plan("flood", "立新社区防汛应急预案",
                        "镇气象、水务部门发布暴雨黄色及以上预警后，网格员 1 小时内排查低洼地带、地下车库和危旧房。",
                        "社区应急物资仓库常备沙袋 500 个以上、救生衣 30 件、发电机 2 台，每季度清点一次。",
                        "社区书记任总指挥，网格长任现场指挥，网格巡逻队、党员和志愿者分片包干转移群众。",
                        "与平沙镇派出所、消防救援站、供电所联动，险情 10 分钟内上报镇应急指挥中心。");
      plan("typhoon", "立新社区防台风应急预案", "台风蓝色预警起每日两次巡查广告牌、围挡、临时建筑和高空坠物隐患。",
           "储备应急照明、饮用水和方便食品，安置点设在立新小学体育馆。",
           "按楼栋划分责任人，独居老人、残疾人由包户党员和网格员一对一转移。",
           "橙色预警后社区值班室 24 小时值守，与镇三防办保持每小时联络。");
      // The first grid's patrol team, led by the grid chief.
      emergency::Team t;
      t.region_code = kEmergencyGrid;
      t.kind = "patrol";
      t.name = kEmergencyTeam;
      t.note = "依托平沙镇派出所立新社区警务室和群防群治队伍组建，负责网格治安巡逻和处突集结。";
      t = e.create_team(tx, gc, t);
      const std::string since = format_day(today - 180);
      std::vector<std::int64_t> present;
      struct Who {
        const char *name, *role, *phone, *username;
      };
      for (const Who& w : {Who{"王建国", "leader", "", "gridchief"}, Who{"刘晓东", "member", "", "gridworker"},
                           Who{"陈志强", "member", "13926001101", ""}, Who{"黄伟", "member", "13926001102", ""},
                           Who{"张红梅", "member", "", "partymember"}, Who{"周杰", "member", "", "volunteer"}}) {
        emergency::Member m;
        m.name = w.name;
        m.role = w.role;
        m.since = since;
        auto phone = *w.phone ? std::optional<std::string>(w.phone) : std::nullopt;
        auto username = *w.username ? std::optional<std::string>(w.username) : std::nullopt;
        m = e.add_member(tx, gc, t.id, m, phone, username);
        if (std::string(w.name) != "黄伟" && std::string(w.name) != "周杰") present.push_back(m.id);
      }
      // A drill held ten days ago: four of six arrived, the last eleven minutes after the start.
      emergency::Activity drill;
      drill.region_code = kEmergencyGrid;
      drill.kind = "drill";
      drill.plan_id = flood;
      drill.title = "第一网格防汛处突集结演练";
      drill.place = "立新社区警务室门前广场";
      drill.starts_at = calendar_->midnight(today - 10) + 20 * 3'600'000;
      drill.ends_at = drill.starts_at + 90 * 60'000;
      drill.team_ids = {t.id};
      drill = e.schedule(tx, gc, drill);
      const std::int64_t minutes[] = {3, 5, 8, 11};
      for (std::size_t i = 0; i < present.size(); ++i)
        e.mark_present(tx, gc, drill.id, {present[i]}, drill.starts_at + minutes[i] * 60'000);
      e.hold(tx, gc, drill.id, drill.version, "接到集结指令后 11 分钟内 4 人到位，完成沙袋封堵低洼路口演练。",
             "两名队员未能到场；警务室夜间照明不足，建议增配应急灯。");
      // A patrol scheduled for tomorrow evening.
      emergency::Activity patrol;
      patrol.region_code = kEmergencyGrid;
      patrol.kind = "patrol";
      patrol.title = "立新花园夜间治安巡逻";
      patrol.place = "立新花园 1-6 栋及周边道路";
      patrol.starts_at = calendar_->midnight(today + 1) + 19 * 3'600'000 + 30 * 60'000;
      patrol.ends_at = patrol.starts_at + 120 * 60'000;
      patrol.team_ids = {t.id};
      e.schedule(tx, gc, patrol);
      // The community's supplies.
      auto stock = [&](const char* name, const char* category, std::int64_t quantity, const char* unit,
                       std::int64_t minimum, std::optional<std::string> expires) {
        emergency::Supply s;
        s.region_code = kEmergencyCommunity;
        s.name = name;
        s.category = category;
        s.quantity = quantity;
        s.unit = unit;
        s.location = "立新社区应急物资仓库";
        s.keeper_name = "王建国";
        s.min_quantity = minimum;
        s.expires_on = std::move(expires);
        e.create_supply(tx, sec, s);
      };
      stock("沙袋", "flood_control", 500, "个", 300, std::nullopt);
      stock("救生衣", "flood_control", 30, "件", 20, format_day(today + 20));
      stock("发电机", "lighting", 2, "台", 1, std::nullopt);
    });
    spdlog::info("demo emergency loaded: 2 plans, 第一网格巡逻队 of 6, a drill held, a patrol scheduled, 3 supplies");
  } catch (const std::exception& ex) {
    spdlog::warn("demo emergency not loaded: {}", ex.what());
  }
}

}  // namespace wangge
