// The demo's household visits (demo.h): recorded through the visits' use case by the grid's
// visitor over the past six months, in working hours, with what a grid worker notes for
// the household's kind (elderly, rented, low income, key persons, left-behind children);
// care and key households about monthly, the others now and then, a few never (the
// worklist); some visits planned for today or overdue.
#include <algorithm>
#include <array>
#include <set>

#include "registry/demo.h"
#include "registry/visits.h"

namespace wangge::registry::demo {
namespace {

using Notes = std::array<const char*, 4>;
constexpr Notes kEveryday = {"户内人员与登记信息一致，无异常情况。",
                             "宣传反诈骗知识，发放宣传资料一份，住户表示会提高警惕。",
                             "开展消防安全检查，户内未发现安全隐患。", "宣传医保缴费政策，住户反映已按时缴费。"};
constexpr Notes kElderly = {"老人身体状况良好，生活能自理，已提醒注意用电用气安全。",
                            "老人近期血压偏高，已联系家庭医生上门随访。", "协助老人办理高龄津贴年审，已收集相关材料。",
                            "老人反映楼道灯损坏，已报物业维修。"};
constexpr Notes kRented = {"核查出租屋居住人员，与登记一致，已提醒办理居住证续期。",
                           "出租屋消防通道畅通，已提醒租户不要在室内为电动车充电。",
                           "租户更换一人，已登记新租户信息并告知房东。", "出租屋居住情况正常，租户反映暂无困难。"};
constexpr Notes kHardship = {"了解家庭收入变化情况，低保资格复核材料已收集。", "送去慰问物资，了解生活困难并记录诉求。",
                             "协助申请临时救助，材料已提交社区。", "家庭生活情况稳定，已告知最新救助政策。"};
constexpr Notes kKey = {"了解近期思想动态和生活情况，情绪稳定，无异常。", "与监护人沟通服药情况，按时服药，病情稳定。",
                        "按要求报到，近期工作生活正常。", "与家属沟通，近期无异常行为，继续关注。"};
constexpr Notes kChildren = {"留守儿童学习生活正常，已与在外务工父母电话沟通。",
                             "了解孩子在校情况，成绩稳定，祖辈照料良好。", "提醒监护人注意暑期防溺水安全。",
                             "孩子近期身体不适，已协助联系社区卫生服务站。"};

// What kind of visit a household gets: its purpose and the notes a visitor writes.
struct Kind {
  const char* purpose;
  const Notes* notes;
  bool care;  // visited about monthly
};

Kind kind_of(const Made& m) {
  std::set<std::string> tags;
  for (const auto& r : m.home.residents)
    for (const auto& t : r.tags) tags.insert(t.first);
  for (const char* key :
       {"community_correction", "released_prisoner", "drug_user", "mental_disorder", "key_petitioner", "key_youth"})
    if (tags.count(key)) return {"重点人员走访", &kKey, true};
  if (tags.count("left_behind_child")) return {"关爱走访", &kChildren, true};
  if (tags.count("low_income") || tags.count("extreme_poverty")) return {"困难帮扶", &kHardship, true};
  if (tags.count("empty_nest_elderly") || tags.count("disabled") || tags.count("serious_illness"))
    return {"关爱走访", &kElderly, true};
  if (m.household.housing_type == "rented") return {"出租屋核查", &kRented, false};
  return {"日常走访", &kEveryday, false};
}

}  // namespace

std::int64_t visit_households(Service& svc, storage::Tx& tx, const Context& visitor, People& people,
                              const std::vector<Made>& made) {
  const Calendar& cal = svc.calendar();
  const Day today = people.today();
  // The visits of the grid, recorded in the order they were made (the lists show the newest
  // first), then the plans.
  struct Planned {
    std::int64_t at;
    std::int64_t household_id;
    Kind kind;
  };
  std::vector<Planned> done, plans;
  for (const auto& m : made) {
    Kind kind = kind_of(m);
    // Days ago of each visit: the last one recent for most households, a few never visited.
    if (!people.chance(6)) {
      int last = kind.care || people.chance(80) ? 1 + people.below(27) : 31 + people.below(90);
      for (int d = last; d <= 180; d += kind.care ? 22 + people.below(15) : 45 + people.below(60)) {
        // In working hours: 09:00 to 17:30.
        std::int64_t at = cal.midnight(today - d) + (std::int64_t{9} * 60 + people.below(510)) * 60000;
        done.push_back({at, m.household.id, kind});
      }
    }
    // Plans: today's, and some overdue (planned, never done).
    if (people.chance(kind.care ? 20 : 7)) {
      Day on = today - (people.chance(35) ? 0 : 1 + people.below(14));
      plans.push_back({on, m.household.id, kind});
    }
  }
  std::sort(done.begin(), done.end(), [](const Planned& a, const Planned& b) { return a.at < b.at; });
  for (const auto& p : done) {
    VisitRecord rec;
    rec.purpose = p.kind.purpose;
    rec.findings = (*p.kind.notes)[static_cast<std::size_t>(people.below(4))];
    if (people.chance(15)) rec.findings = kEveryday[static_cast<std::size_t>(people.below(4))];
    rec.visited_at = p.at;
    Visit v;
    v.household_id = p.household_id;
    v.purpose = p.kind.purpose;
    create_visit(svc, tx, visitor, v, rec);
  }
  for (const auto& p : plans) {
    Visit v;
    v.household_id = p.household_id;
    v.purpose = p.kind.purpose;
    v.planned_on = format_day(p.at);
    create_visit(svc, tx, visitor, v, std::nullopt);
  }
  return static_cast<std::int64_t>(done.size() + plans.size());
}

}  // namespace wangge::registry::demo
