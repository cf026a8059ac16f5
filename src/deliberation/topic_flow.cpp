#include "deliberation/topic_flow.h"

#include "core/error.h"
#include "deliberation/topic_steps.h"

namespace wangge::deliberation {
namespace {

using G = TopicTransition::Guard;
// clang-format off
constexpr G kResearched{[](const Topic&, const TopicFacts& f) { return f.notes + f.surveys_closed > 0; },
    "research first: record a note or close a survey of residents", "请先开展议前调研：记录调研情况或完成一次居民问卷"};
constexpr G kNoOpenSurvey{[](const Topic&, const TopicFacts& f) { return f.surveys_open == 0; },
    "a survey is still open: close it first", "还有问卷未结束，请先结束问卷"};
constexpr G kMeetingHeld{[](const Topic&, const TopicFacts& f) { return f.meetings_held > 0; },
    "no meeting has been held and recorded yet", "尚未召开协商会议并记录会议纪要"};
constexpr G kNoOpenBallot{[](const Topic&, const TopicFacts& f) { return f.ballots_open == 0; },
    "a ballot is still open: close and count it first", "还有表决未结束，请先结束计票"};
constexpr G kBallotPassed{[](const Topic&, const TopicFacts& f) { return f.ballots_closed == 0 || f.ballots_passed > 0; },
    "no ballot passed: deliberate again or close the topic as not adopted", "表决未通过：请重新协商或作未通过处理"};
constexpr G kPublicityOver{[](const Topic& t, const TopicFacts& f) { return t.publicity_until && f.now >= *t.publicity_until; },
    "the publicity period has not ended yet", "公示期尚未结束"};
constexpr G kObjectionsAnswered{[](const Topic& t, const TopicFacts&) { return t.objections_open == 0; },
    "an objection raised during publicity has not been answered", "公示期间的异议尚未答复"};
constexpr G kHasTasks{[](const Topic&, const TopicFacts& f) { return f.tasks > 0; },
    "no implementation task has been set", "尚未分解落实任务"};
constexpr G kTasksDone{[](const Topic&, const TopicFacts& f) { return f.tasks_open == 0; },
    "a task is not done yet", "还有落实任务未完成"};
// clang-format on

using schema::opt;
using schema::req;

}  // namespace

const std::vector<TopicTransition>& topic_transitions() {
  using A = TopicActor;
  // clang-format off
  static const std::vector<TopicTransition> kTable = {
    // action        actor        from              to              names                                   use case
    {"accept",      A::council,  {"proposed"},     "researching",  "确定议题", "Accept the topic",         accept_topic, {}, {}, {opt("title", schema::str(100, 1))}},
    {"merge",       A::council,  {"proposed"},     "merged",       "合并议题", "Merge into another topic", merge_topic, {}, {}, {req("into", schema::describe(schema::id(), "an open topic of the same council"))}},
    {"decline",     A::council,  {"proposed"},     "declined",     "不予立项", "Decline",                  decline_topic, {}, {"the reason", "不予立项的理由"}},
    {"withdraw",    A::proposer, {"proposed"},     "withdrawn",    "撤回议题", "Withdraw",                 withdraw_topic, {}},
    {"deliberate",  A::council,  {"researching"},  "deliberating", "进入协商", "Start deliberation",       deliberate_topic, {kResearched, kNoOpenSurvey}},
    {"publicize",   A::council,  {"deliberating"}, "publicizing",  "公开公示", "Publish the decision",     publicize_topic, {kMeetingHeld, kNoOpenBallot, kBallotPassed}, {},
                    {req("decision", schema::str(4000, 1)), opt("days", schema::describe(schema::integer(1, 30), "the publicity period in days (default 7)")),
                     opt("until", schema::describe(schema::date_time(), "or the end of the period (公示至), within 90 days"))}},
    {"reject",      A::council,  {"deliberating"}, "rejected",     "未通过",   "Close as not adopted",     reject_topic, {kNoOpenBallot}, {"the reason", "未通过的理由"}},
    {"reconsider",  A::council,  {"publicizing"},  "deliberating", "重新协商", "Deliberate again",         reconsider_topic, {}, {"the reason", "重新协商的理由"}},
    {"implement",   A::council,  {"publicizing"},  "implementing", "研究落实", "Implement",                implement_topic, {kPublicityOver, kObjectionsAnswered}},
    {"complete",    A::council,  {"implementing"}, "done",         "办结反馈", "Complete and report back", complete_topic, {kHasTasks, kTasksDone}, {"the feedback to residents", "向居民反馈的落实情况"}},
  };
  // clang-format on
  return kTable;
}

const std::vector<flow::StateName>& topic_states() {
  static const std::vector<flow::StateName> kStates = {
      {"proposed", "收集议题", "Proposed"},           {"researching", "议前调研", "Research"},
      {"deliberating", "协商议事", "Deliberation"},   {"publicizing", "公开公示", "Publicity"},
      {"implementing", "研究落实", "Implementation"}, {"done", "已办结", "Done"},
      {"declined", "不予立项", "Declined"},           {"merged", "已合并", "Merged"},
      {"withdrawn", "已撤回", "Withdrawn"},           {"rejected", "未通过", "Not adopted"},
  };
  return kStates;
}

const TopicTransition* find_topic_transition(std::string_view action, TopicActor actor) {
  return flow::find_row(topic_transitions(), action, actor);
}

std::vector<const TopicTransition*> open_topic_transitions(const Topic& t, const TopicFacts& f) {
  return flow::open_rows(topic_transitions(), t, t.status, f);
}

const schema::value& topic_step_input(const TopicTransition& t) {
  static const std::vector<schema::value> kInputs = [] {
    std::vector<schema::value> out;
    for (const auto& row : topic_transitions())
      out.push_back(flow::step_input(row.comment, row.fields, "the topic's version (or send If-Match)"));
    return out;
  }();
  return kInputs[static_cast<std::size_t>(&t - topic_transitions().data())];
}

std::string_view topic_actor_name(TopicActor actor) {
  return actor == TopicActor::council ? "council" : "proposer";
}

flow::Noun topic_actor_refusal(TopicActor actor) {
  if (actor == TopicActor::council)
    return {"only the council's secretary or the community may do this", "只有议事会秘书或社区可以执行此操作"};
  return {"only the one who proposed the topic may do this", "只有议题提出人可以执行此操作"};
}

int stage_of(std::string_view status) {
  if (status == "proposed") return 1;
  if (status == "researching") return 3;  // 确定议题 (2) is the step that leads here
  if (status == "deliberating") return 4;
  if (status == "publicizing") return 5;
  if (status == "implementing" || status == "done") return 6;
  return 0;
}

void require_stage(const Topic& t, std::string_view status, std::string_view what_en, std::string_view what_zh) {
  if (t.status == status) return;
  std::string stage_zh, stage_en;
  for (const auto& s : topic_states()) {
    if (s.state == status) stage_zh = s.name_zh, stage_en = s.name_en;
  }
  throw Error("invalid_transition", {}, std::string(what_en) + " can be added only in the stage \"" + stage_en + "\"",
              "只有在“" + stage_zh + "”阶段才能" + std::string(what_zh));
}

}  // namespace wangge::deliberation
