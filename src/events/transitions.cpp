#include "events/transitions.h"

#include "events/steps.h"

namespace wangge::events {
namespace {

// clang-format off
constexpr Guard kNotRated{
    [](const Event& e, const GuardContext&) { return !e.rating; },
    "the event is already rated", "该事件已评价"};
constexpr Guard kRatedUnsatisfied{
    [](const Event& e, const GuardContext&) { return e.rating.value_or("") == "unsatisfied"; },
    "only an event rated unsatisfied can be reopened", "只有评价为“不满意”的事件可以重新办理"};
constexpr Guard kInReopenWindow{
    [](const Event& e, const GuardContext& g) {
      return g.now - e.closed_at.value_or(0) <= std::int64_t{g.reopen_days} * 86'400'000;
    },
    "the reopen window has passed", "已超过可重新办理的期限"};
constexpr Guard kNoPendingExtension{
    [](const Event& e, const GuardContext&) { return !e.extension_days; },
    "an extension request is already pending", "已有待审批的延期申请"};
constexpr Guard kPendingExtension{
    [](const Event& e, const GuardContext&) { return e.extension_days.has_value(); },
    "no extension request is pending", "没有待审批的延期申请"};
constexpr Guard kBelowCounty{
    [](const Event& e, const GuardContext&) { return e.level == "community" || e.level == "street"; },
    "the event is already at the county level", "事件已在区县层级，不能再提级"};
constexpr Guard kWithoutAccount{
    [](const Event& e, const GuardContext&) { return !e.reporter_id; },
    "a reporter with an account is told by the platform", "有账号的反映人由平台通知，无需告知"};
constexpr Guard kAtWindow{
    [](const Event& e, const GuardContext&) { return e.source == "window"; },
    "only an appeal taken at the window closes with a coordinated solution", "只有窗口受理的诉求可以协调办结"};
// clang-format on

using schema::opt;
using schema::req;
// Attachment hashes of photos taken at the step.
schema::Field photos() {
  return opt("photos", schema::array(schema::str(64, 64), 9));
}

}  // namespace

namespace {

schema::value build_step_input(const Transition& t) {
  return flow::step_input(t.comment, t.fields, "the event's version (or send If-Match)");
}

}  // namespace

const schema::value& step_input(const Transition& t) {
  static const std::vector<schema::value> kInputs = [] {
    std::vector<schema::value> out;
    for (const auto& row : transitions()) out.push_back(build_step_input(row));
    return out;
  }();
  return kInputs[static_cast<std::size_t>(&t - transitions().data())];
}

const std::vector<Transition>& transitions() {
  // clang-format off
  static const std::vector<Transition> kTable = {
    // action               actor               from                                                  to           names            use case, guards
    {"solve",              Actor::grid,       {"at_grid"},                                           "closed",     "就地解决", "Solve on the spot", solve_at_grid, {}, {"what was done", "处置情况"}, {req("photos", schema::array(schema::str(64, 64), 9))}},
    {"pass-up",            Actor::grid,       {"at_grid"},                                           "reported",   "上报社区", "Pass up to the community", pass_up, {}, {"why the community must act", "上报理由"}},
    {"grid-whistle",       Actor::whistler,   {"at_grid", "accepted", "dispatched", "handling"},     "",           "网格吹哨", "Whistle from the grid", whistle, {}, {"what they are summoned for", "吹哨事由"}, {opt("department_ids", schema::array(schema::id(), 20)), opt("unit_ids", schema::array(schema::id(), 20)), opt("report_hours", schema::integer(1, 72))}},
    {"accept",             Actor::dispatcher, {"reported"},                                          "accepted",   "立案", "Accept", accept, {}, {}, {opt("priority", schema::enumeration({"normal", "urgent", "critical"}))}},
    {"reject",             Actor::dispatcher, {"reported"},                                          "rejected",   "不予立案", "Reject", reject, {}, {"the reason", "不予立案的理由"}},
    {"merge",              Actor::dispatcher, {"reported", "accepted"},                              "merged",     "合并", "Merge into another", merge, {}, {}, {req("into", schema::id())}},
    {"dispatch",           Actor::dispatcher, {"accepted"},                                          "dispatched", "派遣", "Dispatch", dispatch, {}, {}, {req("department_id", schema::id()), opt("deadline", schema::date_time()), opt("handle_days", schema::integer(1))}},
    {"sign",               Actor::handler,    {"dispatched"},                                        "handling",   "签收", "Sign for", sign, {}},
    {"return",             Actor::handler,    {"dispatched", "handling"},                            "accepted",   "退回", "Return for redispatch", give_back, {}, {"the reason", "退回理由"}},
    {"request-extension",  Actor::handler,    {"handling"},                                          "",           "申请延期", "Request an extension", request_extension, {kNoPendingExtension}, {"the reason", "延期理由"}, {req("days", schema::integer(1, 30))}},
    {"approve-extension",  Actor::dispatcher, {"handling"},                                          "",           "批准延期", "Approve the extension", approve_extension, {kPendingExtension}},
    {"deny-extension",     Actor::dispatcher, {"handling"},                                          "",           "驳回延期", "Deny the extension", deny_extension, {kPendingExtension}, {"the reason", "驳回理由"}},
    {"report-result",      Actor::handler,    {"handling"},                                          "handled",    "处置反馈", "Report the result", report_result, {}, {"the result", "处置结果"}, {photos()}},
    {"pass",               Actor::verifier,   {"handled"},                                           "closed",     "核查通过", "Verify: fixed", pass, {}, {}, {photos()}},
    {"rework",             Actor::verifier,   {"handled"},                                           "handling",   "返工", "Verify: not fixed", rework, {}, {"what is still wrong", "未整改到位的情况"}, {photos()}},
    {"pass",               Actor::reporter,   {"handled"},                                           "closed",     "核查通过", "Verify: fixed", pass, {}, {}, {photos()}},
    {"rework",             Actor::reporter,   {"handled"},                                           "handling",   "返工", "Verify: not fixed", rework, {}, {"what is still wrong", "未整改到位的情况"}, {photos()}},
    {"rate",               Actor::reporter,   {"closed"},                                            "",           "评价", "Rate", rate, {kNotRated}, {}, {req("rating", schema::enumeration({"satisfied", "basically_satisfied", "unsatisfied"}))}},
    {"reopen",             Actor::reporter,   {"closed"},                                            "accepted",   "重新办理", "Reopen", reopen, {kRatedUnsatisfied, kInReopenWindow}},
    {"reopen",             Actor::dispatcher, {"closed"},                                            "accepted",   "重新办理", "Reopen", reopen, {kRatedUnsatisfied, kInReopenWindow}},
    {"withdraw",           Actor::reporter,   {"at_grid", "reported", "accepted"},                              "withdrawn",  "撤回", "Withdraw", withdraw, {}},
    {"escalate",           Actor::dispatcher, {"reported", "accepted", "dispatched", "handling"},    "accepted",   "提级办理", "Escalate", escalate, {kBelowCounty}, {"the reason", "提级理由"}},
    {"whistle",            Actor::dispatcher, {"accepted", "dispatched", "handling"},                "",           "吹哨", "Whistle departments", whistle, {}, {"what the departments are summoned for", "吹哨事由"}, {opt("department_ids", schema::array(schema::id(), 20)), opt("unit_ids", schema::array(schema::id(), 20)), opt("report_hours", schema::integer(1, 72))}},
    {"conclude",           Actor::dispatcher, {"accepted", "dispatched", "handling", "handled"},     "closed",     "协调办结", "Close with the coordinated solution", conclude, {kAtWindow}, {"the solution", "解决方案"}},
    {"report-in",          Actor::whistled,   {"at_grid", "accepted", "dispatched", "handling", "handled"}, "",    "报到", "Report in", report_in, {}, {"the department's response", "报到意见"}},
    {"unit-report-in",     Actor::unit,       {"at_grid", "accepted", "dispatched", "handling", "handled"}, "",    "共建单位报到", "Report in (co-building unit)", report_in_unit, {}, {"the unit's response", "报到意见"}},
    {"supervise",          Actor::leader,     {"at_grid", "reported", "accepted", "dispatched", "handling", "handled"}, "", "督办", "Supervise", supervise, {}, {"the instructions", "督办意见"}},
    {"comment",            Actor::reporter,   {"at_grid", "reported", "accepted", "dispatched", "handling", "handled", "closed"}, "", "补充说明", "Add a comment", comment, {}, {"what you add", "补充内容"}, {opt("client_update_id", schema::str(64)), opt("author", schema::str(50))}},
    {"inform",             Actor::informer,   {"closed"},                                            "",           "告知", "Record telling the reporter", inform, {kWithoutAccount}, {"what they were told", "告知内容"}, {req("method", schema::enumeration({"phone", "visit", "sms", "wechat", "letter"})), opt("informer_name", schema::str(50))}},
  };
  // clang-format on
  return kTable;
}

bool starts_from(const Transition& t, std::string_view status) {
  return flow::starts_from(t, status);
}

const Guard* failed_guard(const Transition& t, const Event& e, const GuardContext& g) {
  return flow::failed_guard(t, e, g);
}

std::vector<const Transition*> open_transitions(const Event& e, const GuardContext& g) {
  return flow::open_rows(transitions(), e, e.status, g);
}

const Transition* find_transition(std::string_view action, Actor actor) {
  return flow::find_row(transitions(), action, actor);
}

std::string_view permission_of(Actor actor) {
  switch (actor) {
    case Actor::dispatcher:
      return "events:event:dispatch";
    case Actor::handler:
    case Actor::whistled:
      return "events:task:handle";
    case Actor::verifier:
      return "events:event:verify";
    case Actor::leader:
      return "events:event:supervise";
    case Actor::reporter:
      return "events:event:report";
    case Actor::grid:
      return "events:event:self_handle";
    case Actor::whistler:
      return "events:event:whistle";
    case Actor::unit:
      return "events:unit:report_in";
    case Actor::informer:
      return "events:event:inform";
  }
  return "";
}

std::string_view actor_name(Actor actor) {
  switch (actor) {
    case Actor::dispatcher:
      return "dispatcher";
    case Actor::handler:
      return "handler";
    case Actor::whistled:
      return "whistled department";
    case Actor::verifier:
      return "grid verifier";
    case Actor::leader:
      return "leader";
    case Actor::reporter:
      return "reporter";
    case Actor::grid:
      return "grid chief";
    case Actor::whistler:
      return "grid whistler";
    case Actor::unit:
      return "co-building unit";
    case Actor::informer:
      return "informer";
  }
  return "";
}

Refusal actor_refusal(Actor actor) {
  switch (actor) {
    case Actor::dispatcher:
      return {"only the dispatcher of the handling level may do this", "只有当前办理层级的调度员可以执行此操作"};
    case Actor::handler:
      return {"only a member of the assigned department may do this", "只有承办部门的人员可以执行此操作"};
    case Actor::whistled:
      return {"your department has no pending whistle on this event", "您的部门没有待报到的吹哨任务"};
    case Actor::verifier:
      return {"only a grid worker of the event's grid may verify", "只有事件所在网格的网格员可以核查"};
    case Actor::leader:
      return {"only a leader over the event's territory may supervise", "只有辖区领导可以督办"};
    case Actor::reporter:
      return {"only the reporter may do this", "只有反映人本人可以执行此操作"};
    case Actor::grid:
      return {"only the grid's chief or workers may do this", "只有事件所在网格的网格长或网格员可以执行此操作"};
    case Actor::whistler:
      return {"only a grid chief over the event's grid may whistle", "只有事件所在网格的网格长可以吹哨"};
    case Actor::unit:
      return {"your unit has no pending whistle on this event", "您的单位没有待报到的吹哨任务"};
    case Actor::informer:
      return {"only a grid worker of the event's grid may record telling the reporter",
              "只有事件所在网格的网格员可以登记告知情况"};
  }
  return {};
}

const std::vector<StateName>& states() {
  static const std::vector<StateName> kStates = {
      {"at_grid", "网格办理中", "At the grid"}, {"reported", "待受理", "Reported"},
      {"accepted", "待派遣", "Accepted"},       {"dispatched", "待签收", "Dispatched"},
      {"handling", "处置中", "Handling"},       {"handled", "待核查", "Handled"},
      {"closed", "已办结", "Closed"},           {"rejected", "不予立案", "Rejected"},
      {"merged", "已合并", "Merged"},           {"withdrawn", "已撤回", "Withdrawn"},
  };
  return kStates;
}

}  // namespace wangge::events
