// The indicator catalogue (model.h): every indicator a scheme may weigh, what it counts and
// for which posts. The app registers a provider for each (app/wiring_assessment.cpp): one
// grouped query of the module that keeps the records, for every subject at once.
// docs/ASSESSMENT.md repeats these definitions.
#include <algorithm>

#include "assessment/model.h"

namespace wangge::assessment {

const std::vector<IndicatorSpec>& catalogue() {
  static const std::vector<std::string_view> kWorkers = {"grid_worker", "grid_chief", "neighbour_chief"};
  static const std::vector<IndicatorSpec> kCatalogue = {
      {"reports_raised", "上报事件数", "Reports raised", "件", "events", false, "higher_better", kWorkers,
       "本人巡查、走访上报（来源为巡查、走访）且于考核期内上报的事件数，不含已合并、撤回、不予受理的",
       "Events the account reported from a patrol or a visit in the period, within the territory; merged, "
       "withdrawn and rejected ones left out"},
      {"self_handled", "就地解决数", "Solved on the spot", "件", "events", false, "higher_better", kWorkers,
       "考核期内上报、由本人在网格内办结（上报时就地解决，或网格先行时在网格办结）的事件数",
       "Events reported in the period within the territory that the account closed at the grid: self-handled "
       "at intake or solved while held at the grid"},
      {"visits", "走访户次", "Household visits", "户次", "visits", false, "higher_better", kWorkers,
       "本人于考核期内完成的入户走访次数（人口台账走访记录）",
       "Registry household visits the account recorded done in the period, within the territory"},
      {"households_visited", "走访户数", "Households visited", "户", "households", false, "higher_better", kWorkers,
       "本人于考核期内走访过的不同住户数", "Distinct households among the account's visits in the period"},
      {"care_coverage", "包户走访覆盖率", "Care coverage", "%", "%", true, "higher_better", kWorkers,
       "本人所包住户每月被走访的户数之和 ÷（现包户数 × 考核期月数）；无包户者不计",
       "Households in the account's care visited in each month of the period, summed, ÷ (households in care now "
       "× months); none in care: no value"},
      {"disputes_found",
       "排查矛盾纠纷数",
       "Disputes found",
       "件",
       "disputes",
       false,
       "higher_better",
       {"grid_worker", "grid_chief", "neighbour_chief", "grid", "community"},
       "考核期内发现（登记）的矛盾纠纷数：人员按登记人，网格、社区按纠纷所在地",
       "Disputes found in the period: by who recorded them (workers), by where they arose (grids, communities)"},
      {"disputes_settled",
       "化解矛盾纠纷数",
       "Disputes settled",
       "件",
       "disputes",
       false,
       "higher_better",
       {"grid_worker", "grid_chief", "neighbour_chief", "grid", "community"},
       "考核期内调解成功的矛盾纠纷数：人员按调解员，网格、社区按纠纷所在地",
       "Disputes settled (mediated successfully) in the period: by mediator (workers), by where they arose "
       "(grids, communities)"},
      {"drills_attended", "培训演练参加次数", "Drills and patrols attended", "次", "times", false, "higher_better",
       kWorkers, "考核期内开始并已举行的应急巡查、演练中本人签到的次数",
       "Emergency patrols and drills held that started in the period, within the territory, at which the "
       "account was marked present"},
      {"volunteer_hours", "志愿服务时长", "Volunteer hours", "小时", "hours", false, "higher_better", kWorkers,
       "本人（已关联账号的志愿者）于考核期内开始的志愿活动中认定的服务时长",
       "Certified service time of the account's volunteer sign-ups for activities that started in the period, "
       "within the territory, in hours"},
      {"dept_closed",
       "办结件数",
       "Events closed",
       "件",
       "events",
       false,
       "higher_better",
       {"department"},
       "考核期内上报、派遣至本部门并已办结的事件数",
       "Events reported in the period, within the territory, dispatched to the department and closed"},
      {"dept_on_time_rate",
       "按时办结率",
       "On-time closure rate",
       "%",
       "%",
       true,
       "higher_better",
       {"department"},
       "上述办结事件中按时办结的比例",
       "Closed on time ÷ closed, of the department's events above"},
      {"dept_rework",
       "返工次数",
       "Rework",
       "次",
       "times",
       false,
       "lower_better",
       {"department"},
       "考核期内上报、派遣至本部门的事件被退回重办的次数之和",
       "Times the department's events reported in the period were sent back for rework"},
      {"satisfaction_rate",
       "满意率",
       "Satisfaction rate",
       "%",
       "%",
       true,
       "higher_better",
       {"department", "grid", "community"},
       "考核期内上报的事件中评价为满意、基本满意的 ÷ 已评价的",
       "Of the events reported in the period (the department's, or in the grid or community), rated satisfied "
       "or basically satisfied ÷ rated"},
      {"whistle_in_time_rate",
       "吹哨报到及时率",
       "Whistles answered in time",
       "%",
       "%",
       true,
       "higher_better",
       {"department"},
       "考核期内吹哨召集本部门的次数中按时报到的比例",
       "Whistles summoning the department in the period (events within the territory) reported in by their "
       "deadline ÷ summoned"},
      {"closure_rate",
       "办结率",
       "Closure rate",
       "%",
       "%",
       true,
       "higher_better",
       {"grid", "community"},
       "考核期内上报的事件中已办结的比例（不含已合并、撤回、不予受理的）",
       "Closed ÷ reported, of the events reported in the period in the grid or community (merged, withdrawn "
       "and rejected ones left out)"},
      {"grid_solved_share",
       "网格内解决占比",
       "Solved at the grid",
       "%",
       "%",
       true,
       "higher_better",
       {"grid", "community"},
       "考核期内上报并已办结的事件中在网格层级解决的比例",
       "Closed at the grid ÷ closed, of the events reported in the period in the grid or community"},
      {"visit_coverage",
       "走访覆盖率",
       "Visit coverage",
       "%",
       "%",
       true,
       "higher_better",
       {"grid", "community"},
       "考核期内被走访过的住户 ÷ 登记住户",
       "Households with a visit done in the period ÷ households registered"},
  };
  return kCatalogue;
}

const IndicatorSpec* find_indicator(std::string_view key) {
  for (const auto& spec : catalogue())
    if (spec.key == key) return &spec;
  return nullptr;
}

bool measures(const IndicatorSpec& spec, std::string_view post) {
  return std::find(spec.posts.begin(), spec.posts.end(), post) != spec.posts.end();
}

}  // namespace wangge::assessment
