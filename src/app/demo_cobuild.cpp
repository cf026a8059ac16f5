// The demo's co-building (App::load_demo_cobuild): 立新社区's party-building alliance
// (平沙供电所, whose contact is the demo account unitcontact; 平沙中学; 平沙镇卫生院; 金湾物业),
// their resources (the community's 党群活动室, the health centre's 义诊, the power station's
// 应急发电车), needs the grid worker collected (one matched to a resource, one to a project,
// one open) and two 民生微实事 projects (老旧小区加装路灯 in progress at 60 % with the power
// station as partner; 长者饭堂 done). Each is made through the module's use cases, as the
// demo accounts who would. Loaded once: nothing is added when the community has units.
#include <spdlog/spdlog.h>

#include "accounts/service.h"
#include "app/app.h"
#include "cobuild/service.h"
#include "cobuild/store.h"

namespace wangge {
namespace {

constexpr const char* kCobuildCommunity = "440404104001";
constexpr const char* kCobuildGrid = "440404104001001";

struct CobuildActor {
  http::Request req;
  Context ctx{req};
};

struct DemoUnit {
  const char *name, *kind, *credit_code, *address, *area, *contact, *post, *phone, *username;
};

}  // namespace

void App::load_demo_cobuild() {
  auto actor = [this](const char* username) {
    auto a = std::make_unique<CobuildActor>();
    if (auto p = accounts_->principal_of(username)) a->ctx.set_principal(std::move(p));
    return a;
  };
  auto secretary = actor("secretary"), worker = actor("gridworker"), contact = actor("unitcontact");
  if (!secretary->ctx.authenticated() || !worker->ctx.authenticated() || !contact->ctx.authenticated()) return;
  auto& c = *cobuild_;
  const Context& sec = secretary->ctx;
  bool exists = db_->read_value<bool>([&](storage::Tx& tx) {
    cobuild::store::UnitFilter f;
    f.where.within = {territory_->path_of(kCobuildCommunity)};
    f.where.limit = 1;
    return !cobuild::store::units(tx, f).empty();
  });
  if (exists) return;
  try {
    db_->write([&](storage::Tx& tx) {
      std::map<std::string, std::int64_t> units;
      for (const DemoUnit& d : {DemoUnit{"平沙供电所", "state_enterprise", "91440404MA4UJ8K3XW", "平沙镇平沙大道 18 号",
                                         "立新路、平沙大道（立新段）", "吴站长", "站长", "13807561001", "unitcontact"},
                                DemoUnit{"平沙中学", "school", "12440404MB2C16830N", "平沙镇文化路 6 号", "文化路",
                                         "陈校长", "副校长", "13807561002", ""},
                                DemoUnit{"平沙镇卫生院", "hospital", "124404044558641315", "平沙镇康宁路 2 号",
                                         "康宁路", "林院长", "院长", "13807561003", ""},
                                DemoUnit{"金湾物业", "property", "91440404MA57Q2C1AX", "立新花园物业服务中心",
                                         "立新花园 1-12 栋", "黄经理", "项目经理", "13807561004", ""}}) {
        cobuild::Unit u;
        u.region_code = kCobuildCommunity;
        u.name = d.name;
        u.kind = d.kind;
        u.credit_code = d.credit_code;
        u.address = d.address;
        u.area = d.area;
        u.alliance = true;
        u = c.create_unit(tx, sec, u);
        units[d.name] = u.id;
        cobuild::Contact person;
        person.name = d.contact;
        person.post = d.post;
        c.add_contact(tx, sec, u.id, person, std::string(d.phone),
                      *d.username ? std::optional<std::string>(d.username) : std::nullopt);
      }
      // 资源清单.
      cobuild::Resource room;
      room.region_code = kCobuildCommunity;
      room.kind = "room";
      room.title = "党群活动室";
      room.description = "立新社区党群服务中心二楼，可容纳 60 人，工作日 9:00-21:00 预约使用。";
      room.provider_name = "立新社区党委";
      room.quantity = 60;
      room.quantity_unit = "人";
      room.contact_name = "社区值班室";
      room = c.create_resource(tx, sec, room, std::nullopt);
      cobuild::Resource clinic;
      clinic.unit_id = units["平沙镇卫生院"];
      clinic.kind = "service";
      clinic.title = "义诊";
      clinic.description = "每月第一个周六上午在社区党群服务中心义诊：量血压、测血糖、慢病随访。";
      clinic.quantity = 12;
      clinic.quantity_unit = "次/年";
      clinic = c.create_resource(tx, sec, clinic, std::nullopt);
      cobuild::Resource truck;
      truck.unit_id = units["平沙供电所"];
      truck.kind = "equipment";
      truck.title = "应急发电车";
      truck.description = "停电抢修、防汛防台时为社区重点场所应急供电。";
      truck.quantity = 1;
      truck.quantity_unit = "台";
      c.create_resource(tx, contact->ctx, truck, std::nullopt);
      // 项目清单 (民生微实事).
      cobuild::Project lights;
      lights.region_code = kCobuildCommunity;
      lights.title = "老旧小区加装路灯";
      lights.description = "立新花园 1-6 栋间道路夜间照明不足，加装太阳能路灯 24 盏。";
      lights.budget_cents = 3'800'000;
      lights.owner_name = "立新社区居委会";
      lights.units.push_back(cobuild::Participant{0, units["平沙供电所"], "partner", ""});
      lights = c.create_project(tx, sec, lights);
      lights = c.act_on_project(tx, sec, lights.id, "start", lights.version, {});
      cobuild::ProjectUpdate half;
      half.progress = 30;
      half.note = "完成选点和线路勘察，供电所出具接电方案。";
      c.add_update(tx, contact->ctx, lights.id, half, {});
      cobuild::ProjectUpdate sixty;
      sixty.progress = 60;
      sixty.spent_cents = 2'150'000;
      sixty.note = "已安装 14 盏，剩余 10 盏待灯杆到货。";
      c.add_update(tx, sec, lights.id, sixty, {});
      cobuild::Project canteen;
      canteen.region_code = kCobuildCommunity;
      canteen.title = "长者饭堂";
      canteen.description = "为辖区 70 岁以上老人提供午餐，金湾物业提供场地，卫生院提供营养指导。";
      canteen.budget_cents = 12'000'000;
      canteen.owner_unit_id = units["金湾物业"];
      canteen.units.push_back(cobuild::Participant{0, units["平沙镇卫生院"], "partner", ""});
      canteen = c.create_project(tx, sec, canteen);
      canteen = c.act_on_project(tx, sec, canteen.id, "start", canteen.version, {});
      c.act_on_project(tx, sec, canteen.id, "finish", canteen.version,
                       json::object{{"note", "长者饭堂已开餐，每日供餐约 80 人次。"}, {"spent_cents", 11'850'000}});
      // 需求清单, collected by the grid worker.
      auto need = [&](const char* title, const char* text) {
        cobuild::Need n;
        n.region_code = kCobuildGrid;
        n.title = title;
        n.description = text;
        return c.raise_need(tx, worker->ctx, n);
      };
      auto checkup = need("老人慢病随访与体检", "3 栋、5 栋独居老人多，希望定期上门量血压、测血糖。");
      c.act_on_need(tx, sec, checkup.id, "match", checkup.version,
                    json::object{{"resource_id", clinic.id}, {"note", "纳入每月义诊随访名单"}});
      auto dark = need("楼道和路面夜间照明不足", "1-6 栋之间道路晚上很暗，老人出行易摔倒。");
      c.act_on_need(tx, sec, dark.id, "match", dark.version, json::object{{"project_id", lights.id}});
      need("青少年暑期托管", "双职工家庭希望暑假有托管场所，辅导作业。");
    });
    spdlog::info("demo cobuild loaded: 立新社区 alliance of 4 units, 3 resources, 3 needs, 2 projects");
  } catch (const std::exception& e) {
    spdlog::warn("demo cobuild not loaded: {}", e.what());
  }
}

}  // namespace wangge
