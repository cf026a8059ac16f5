// The demo's deliberation and notices (App::load_demo_deliberation): 立新社区's council
// with its "1+7+X" members, three topics at different steps (one collected with a
// supporter, one publicized after a ballot, one in deliberation with a council ballot open
// that the demo resident may vote in), and notices and policies from the town and the
// community. Each is made through its module's use cases, as the demo accounts who would.
// The demo resident's account is linked to an adult of their grid, so that they can vote
// in residents' ballots too. Loaded once: nothing is added when the council exists.
#include <spdlog/spdlog.h>

#include "accounts/service.h"
#include "app/app.h"
#include "deliberation/service.h"
#include "deliberation/store.h"
#include "notices/service.h"
#include "registry/store.h"
#include "territory/service.h"

namespace wangge {
namespace {

constexpr const char* kDemoCommunity = "440404104001";
constexpr const char* kDemoGrid = "440404104001001";

struct Actor {
  http::Request req;
  Context ctx{req};
};

void demo_step(storage::Tx& tx, deliberation::Service& d, const Context& ctx, std::int64_t id, const char* action,
               json::object body) {
  auto t = deliberation::store::topic(tx, id);
  d.act_on_topic(tx, ctx, id, *deliberation::find_topic_transition(action, deliberation::TopicActor::council),
                 t->version, body);
}

std::int64_t demo_propose(storage::Tx& tx, deliberation::Service& d, const Context& ctx, std::int64_t council,
                          const char* title, const char* text) {
  deliberation::Service::Proposal p;
  p.council_id = council;
  p.title = title;
  p.description = text;
  return d.propose(tx, ctx, p).id;
}

// Accepted, researched, in deliberation, with a meeting of every member held (one absent).
std::int64_t demo_deliberating(storage::Tx& tx, deliberation::Service& d, const Context& ctx, std::int64_t council,
                               std::int64_t id, const char* note) {
  demo_step(tx, d, ctx, id, "accept", {});
  deliberation::Note n;
  n.kind = "visit";
  n.body = note;
  d.add_note(tx, ctx, id, n, {});
  demo_step(tx, d, ctx, id, "deliberate", {});
  deliberation::Meeting m;
  m.kind = "residents_representatives";
  m.starts_at = storage::now_ms() - 3'600'000;
  m.place = "立新社区居民议事厅";
  json::array everyone;
  for (const auto& mem : deliberation::store::members(tx, council, false))
    everyone.push_back(json::object{{"member_id", mem.id}});
  m = d.schedule_meeting(tx, ctx, id, m, everyone);
  std::vector<std::int64_t> present;
  for (const auto& p : deliberation::store::participants(tx, m.id)) present.push_back(p.id);
  present.pop_back();
  d.record_meeting(tx, ctx, m.id, m.version, "与会代表逐一发言，多数同意，物业提出分期实施。", present);
  return m.id;
}

}  // namespace

void App::load_demo_deliberation() {
  auto actor = [this](const char* username) {
    auto a = std::make_unique<Actor>();
    if (auto p = accounts_->principal_of(username)) a->ctx.set_principal(std::move(p));
    return a;
  };
  auto secretary = actor("secretary"), resident = actor("resident"), worker = actor("gridworker"),
       leader = actor("leader");
  if (!secretary->ctx.authenticated() || !resident->ctx.authenticated()) return;
  auto& d = *deliberation_;
  const Context& sec = secretary->ctx;
  bool exists = db_->read_value<bool>([&](storage::Tx& tx) {
    auto scope = sec.user().scope("deliberation:topic:read");
    return !deliberation::store::councils(tx, scope, scope, 1).empty();
  });
  if (exists) return;
  deliberation::Ballot opened;
  std::int64_t council = 0, charging = 0;
  try {
    db_->write([&](storage::Tx& tx) {
      // The resident's account, linked to an adult of their grid (实名认证 by the community).
      auto adults = registry_->electorate(tx, "person", territory_->path_of(kDemoGrid));
      auto user = accounts_->find_user_id("resident");
      if (!adults.empty() && user)
        registry::store::link_account(tx, adults.front().first, *user, "staff", std::nullopt, storage::now_ms());
      deliberation::Council c;
      c.region_code = kDemoCommunity;
      c.name = "立新社区协商议事会";
      c.description =
          "“1+7+X”协商主体：社区党组织书记牵头，居委会、监委会、物业、业委会、共建单位、居民代表和利益相关方参加。";
      council = d.create_council(tx, sec, c).id;
      struct M {
        const char *group, *post, *name, *unit, *username;
      };
      for (const M& m : {M{"party_branch", "convenor", "李书记", "立新社区党委", "secretary"},
                         M{"residents_committee", "secretary", "王主任", "立新社区居委会", ""},
                         M{"supervisory_committee", "member", "赵监督", "居务监督委员会", ""},
                         M{"property_company", "member", "陈经理", "立新物业服务中心", ""},
                         M{"owners_committee", "member", "周主任", "立新花园业委会", ""},
                         M{"co_building_unit", "member", "吴站长", "平沙供电所", ""},
                         M{"residents_rep", "member", "居民代表", "", "resident"}}) {
        deliberation::Member mem;
        mem.group = m.group;
        mem.post = m.post;
        mem.name = m.name;
        mem.unit = m.unit;
        d.add_member(tx, sec, council, mem, *m.username ? std::optional<std::string>(m.username) : std::nullopt);
      }
      // Collected, with a supporter.
      auto a = demo_propose(tx, d, resident->ctx, council, "楼道堆物清理",
                            "3 栋楼道堆放杂物，存在消防隐患，建议统一清理并设置储物点。");
      d.support(tx, worker->ctx, a, true);
      // To be publicized after a council ballot (its paper ballots in the next transaction,
      // once the register is written).
      charging = demo_propose(tx, d, resident->ctx, council, "小区增设电动车充电桩",
                              "电动车在楼道充电危险，希望在小区内增设集中充电桩。");
      deliberation::Ballot ballot;
      ballot.question = "是否同意在 5 栋旁增设集中充电桩";
      ballot.electorate = "council";
      ballot.meeting_id =
          demo_deliberating(tx, d, sec, council, charging, "走访 36 户，31 户同意增设，物业可提供场地。");
      opened = d.open_ballot(tx, sec, charging, ballot);
      // In deliberation: a council ballot open, the demo resident may vote.
      auto lift = demo_propose(tx, d, resident->ctx, council, "3 栋加装电梯",
                               "3 栋老人多，上下楼困难，希望加装电梯，费用按楼层分摊。");
      deliberation::Ballot open;
      open.question = "是否同意 3 栋加装电梯并按楼层分摊费用";
      open.electorate = "council";
      open.meeting_id = demo_deliberating(tx, d, sec, council, lift, "走访 3 栋 18 户，15 户同意，一楼住户担心采光。");
      d.open_ballot(tx, sec, lift, open);
    });
    db_->write([&](storage::Tx& tx) {
      json::array votes;
      for (const auto& v : deliberation::store::register_page(tx, opened.id, false, std::nullopt, 100))
        if (v.name != "居民代表") votes.push_back(json::object{{"voter_id", v.id}, {"option", 0}});
      d.record_paper(tx, sec, opened.id, json::object{{"votes", votes}});
      d.close_ballot(tx, sec, opened.id, opened.version);
      demo_step(tx, d, sec, charging, "publicize",
                {{"decision", "同意在 5 栋旁增设 20 个充电桩，由物业负责建设，费用按使用计费。"}, {"days", 7}});
      auto notice = [&](const Context& by, const char* region, const char* kind, const char* topic, const char* title,
                        const char* text, bool must_read) {
        notices::Notice n;
        n.region_code = region;
        n.kind = kind;
        n.topic = topic;
        n.title = title;
        n.body = text;
        n.must_read = must_read;
        notices_->create(tx, by, n, true);
      };
      notice(leader->ctx, "440404104", "policy", "医保", "2027 年度城乡居民医保开始缴费",
             "2027 年度城乡居民基本医疗保险集中缴费期为 2026 年 9 月 1 日至 12 月 31 日。\n"
             "可通过“粤税通”小程序或到社区便民服务站缴费。网格员请逐户宣传，确保应保尽保。",
             true);
      notice(leader->ctx, "440404104", "policy", "养老", "高龄津贴申领指引",
             "年满 80 周岁的户籍老人可申领高龄津贴。\n所需材料：身份证、户口簿、银行卡。\n"
             "办理地点：所在社区便民服务站，随到随办。",
             false);
      notice(sec, kDemoCommunity, "notice", "", "立新社区计划停水通知",
             "因管网维修，本周六 9:00 至 12:00 立新花园 1-6 栋停水，请提前储水。", false);
    });
    spdlog::info("demo deliberation loaded: 立新社区协商议事会, 3 topics, 3 notices");
  } catch (const std::exception& e) {
    spdlog::warn("demo deliberation not loaded: {}", e.what());
  }
}

}  // namespace wangge
