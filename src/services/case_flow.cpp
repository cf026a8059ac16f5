#include "services/case_flow.h"

namespace wangge::services {
namespace {

using schema::opt;
using schema::req;

// clang-format off
constexpr CaseTransition::Guard kNotRated{
    [](const Case& c, const CaseGuardContext&) { return !c.rating.has_value(); },
    "the applicant has rated this case already", "申请人已评价过该办件"};
constexpr CaseTransition::Guard kHasEvent{
    [](const Case& c, const CaseGuardContext&) { return c.event_id.has_value(); },
    "summon the departments before closing: the solution is theirs to report in", "请先吹哨召集部门，再协调办结"};
// clang-format on

schema::Field photos() {
  return req("photos",
             schema::describe(schema::array(schema::str(64, 64), 9), "attachment hashes (sha256), at least one"));
}

}  // namespace

const std::vector<CaseTransition>& case_transitions() {
  using A = CaseActor;
  // clang-format off
  static const std::vector<CaseTransition> kTable = {
    // action     actor            from              to          names                               use case
    {"complete", A::clerk,       {"accepted"},     "done",     "办结", "Done",                       complete_case, {}, {"the outcome", "办理结果"}},
    {"refuse",   A::clerk,       {"accepted"},     "refused",  "不予办理", "Refuse",                 refuse_case, {}, {"the reason", "不予办理的理由"}},
    {"summon",   A::coordinator, {"coordinating"}, "",         "吹哨", "Whistle departments",        summon_departments, {}, {"what the departments are summoned for", "吹哨事由"},
                 {req("department_ids", schema::array(schema::id(), 20)), opt("report_hours", schema::integer(1, 72)),
                  opt("category_code", schema::describe(schema::str(32), "the event category (first whistle only)"))}},
    {"solve",    A::coordinator, {"coordinating"}, "solved",   "协调办结", "Close with the solution", solve_case, {kHasEvent}, {"the solution", "解决方案"}},
    {"rate",     A::clerk,       {"done", "solved"}, "",       "评价", "Record the rating",         rate_case, {kNotRated}, {}, {req("rating", schema::integer(1, 5))}},
  };
  // clang-format on
  return kTable;
}

const std::vector<flow::StateName>& case_states() {
  static const std::vector<flow::StateName> kStates = {
      {"accepted", "办理中", "In progress"},      {"done", "已办结", "Done"},     {"refused", "不予办理", "Refused"},
      {"coordinating", "协调中", "Coordinating"}, {"solved", "已解决", "Solved"},
  };
  return kStates;
}

const CaseTransition* find_case_transition(std::string_view action, CaseActor actor) {
  return flow::find_row(case_transitions(), action, actor);
}

const schema::value& case_step_input(const CaseTransition& t) {
  static const std::vector<schema::value> kInputs = [] {
    std::vector<schema::value> out;
    for (const auto& row : case_transitions())
      out.push_back(flow::step_input(row.comment, row.fields, "the case's version (or send If-Match)"));
    return out;
  }();
  return kInputs[static_cast<std::size_t>(&t - case_transitions().data())];
}

flow::Noun case_actor_refusal(CaseActor actor) {
  if (actor == CaseActor::clerk) return {"only the window's staff may do this", "只有受理窗口的工作人员可以执行此操作"};
  return {"only the case's coordinator may do this", "只有该办件的协调人可以执行此操作"};
}

const std::vector<WishTransition>& wish_transitions() {
  using A = WishActor;
  // clang-format off
  static const std::vector<WishTransition> kTable = {
    // action     actor          from                      to           names                              use case
    {"publish",  A::reviewer,  {"submitted"},            "published", "审核发布", "Publish",            publish_wish, {}, {},
                 {opt("publish_region_code", schema::describe(schema::str(24), "the subtree it is published to (default: the wisher's community)"))}},
    {"decline",  A::reviewer,  {"submitted"},            "declined",  "不予发布", "Decline",            decline_wish, {}, {"the reason", "不予发布的理由"}},
    {"claim",    A::candidate, {"published"},            "claimed",   "认领", "Claim",                  claim_wish, {}, {},
                 {opt("claimer_kind", schema::enumeration(kClaimerKinds)),
                  opt("claimer_name", schema::describe(schema::str(100), "the organisation or unit that claims it"))}},
    {"release",  A::claimer,   {"claimed"},              "published", "放弃认领", "Give up the claim",  release_wish, {}, {"the reason", "放弃理由"}},
    {"fulfil",   A::claimer,   {"claimed"},              "fulfilled", "兑现", "Fulfil",                 fulfil_wish, {}, {"what was done", "兑现情况"}, {photos()}},
    {"confirm",  A::wisher,    {"fulfilled"},            "confirmed", "确认", "Confirm",                confirm_wish, {}},
    {"withdraw", A::wisher,    {"submitted", "published"}, "withdrawn", "撤回", "Withdraw",             withdraw_wish, {}},
  };
  // clang-format on
  return kTable;
}

const std::vector<flow::StateName>& wish_states() {
  static const std::vector<flow::StateName> kStates = {
      {"submitted", "待审核", "Submitted"}, {"published", "待认领", "Published"}, {"claimed", "已认领", "Claimed"},
      {"fulfilled", "待确认", "Fulfilled"}, {"confirmed", "已实现", "Confirmed"}, {"declined", "不予发布", "Declined"},
      {"withdrawn", "已撤回", "Withdrawn"},
  };
  return kStates;
}

const WishTransition* find_wish_transition(std::string_view action, WishActor actor) {
  return flow::find_row(wish_transitions(), action, actor);
}

const schema::value& wish_step_input(const WishTransition& t) {
  static const std::vector<schema::value> kInputs = [] {
    std::vector<schema::value> out;
    for (const auto& row : wish_transitions())
      out.push_back(flow::step_input(row.comment, row.fields, "the wish's version (or send If-Match)"));
    return out;
  }();
  return kInputs[static_cast<std::size_t>(&t - wish_transitions().data())];
}

flow::Noun wish_actor_refusal(WishActor actor) {
  switch (actor) {
    case WishActor::reviewer:
      return {"only the community's staff may review wishes", "只有所在社区的工作人员可以审核心愿"};
    case WishActor::claimer:
      return {"only the one who claimed the wish may do this", "只有认领人可以执行此操作"};
    case WishActor::candidate:
      return {"only a party member or a unit of the wish's area may claim it", "只有本区域的党员或单位可以认领"};
    case WishActor::wisher:
      return {"only the wisher (or the worker who collected the wish) may do this",
              "只有心愿人（或代为征集的网格员）可以执行此操作"};
  }
  return {};
}

bool case_open(const std::string& status) {
  return status == "accepted" || status == "coordinating";
}

}  // namespace wangge::services
