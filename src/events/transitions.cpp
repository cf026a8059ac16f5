#include "events/transitions.h"

#include <algorithm>

namespace wangge::events {

const std::vector<Transition>& transitions() {
  // clang-format off
  static const std::vector<Transition> kTable = {
    // action               actor               from                                                  to
    {"accept",             Actor::dispatcher, {"reported"},                                          "accepted",   "立案", "Accept"},
    {"reject",             Actor::dispatcher, {"reported"},                                          "rejected",   "不予立案", "Reject"},
    {"merge",              Actor::dispatcher, {"reported", "accepted"},                              "merged",     "合并", "Merge into another"},
    {"dispatch",           Actor::dispatcher, {"accepted"},                                          "dispatched", "派遣", "Dispatch"},
    {"sign",               Actor::handler,    {"dispatched"},                                        "handling",   "签收", "Sign for"},
    {"return",             Actor::handler,    {"dispatched", "handling"},                            "accepted",   "退回", "Return for redispatch"},
    {"request-extension",  Actor::handler,    {"handling"},                                          "",           "申请延期", "Request an extension"},
    {"approve-extension",  Actor::dispatcher, {"handling"},                                          "",           "批准延期", "Approve the extension"},
    {"deny-extension",     Actor::dispatcher, {"handling"},                                          "",           "驳回延期", "Deny the extension"},
    {"report-result",      Actor::handler,    {"handling"},                                          "handled",    "处置反馈", "Report the result"},
    {"pass",               Actor::verifier,   {"handled"},                                           "closed",     "核查通过", "Verify: fixed"},
    {"rework",             Actor::verifier,   {"handled"},                                           "handling",   "返工", "Verify: not fixed"},
    {"pass",               Actor::reporter,   {"handled"},                                           "closed",     "核查通过", "Verify: fixed"},
    {"rework",             Actor::reporter,   {"handled"},                                           "handling",   "返工", "Verify: not fixed"},
    {"rate",               Actor::reporter,   {"closed"},                                            "",           "评价", "Rate"},
    {"reopen",             Actor::reporter,   {"closed"},                                            "accepted",   "重新办理", "Reopen"},
    {"reopen",             Actor::dispatcher, {"closed"},                                            "accepted",   "重新办理", "Reopen"},
    {"withdraw",           Actor::reporter,   {"reported", "accepted"},                              "withdrawn",  "撤回", "Withdraw"},
    {"escalate",           Actor::dispatcher, {"reported", "accepted", "dispatched", "handling"},    "accepted",   "提级办理", "Escalate"},
    {"whistle",            Actor::dispatcher, {"accepted", "dispatched", "handling"},                "",           "吹哨", "Whistle departments"},
    {"report-in",          Actor::whistled,   {"accepted", "dispatched", "handling", "handled"},     "",           "报到", "Report in"},
    {"supervise",          Actor::leader,     {"reported", "accepted", "dispatched", "handling", "handled"}, "", "督办", "Supervise"},
    {"comment",            Actor::reporter,   {"reported", "accepted", "dispatched", "handling", "handled", "closed"}, "", "补充说明", "Add a comment"},
  };
  // clang-format on
  return kTable;
}

const Transition* find_transition(std::string_view action, Actor actor) {
  const auto& t = transitions();
  auto it =
      std::find_if(t.begin(), t.end(), [&](const Transition& x) { return x.action == action && x.actor == actor; });
  return it == t.end() ? nullptr : &*it;
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
  }
  return "";
}

const std::vector<StateName>& states() {
  static const std::vector<StateName> kStates = {
      {"reported", "待受理", "Reported"},   {"accepted", "待派遣", "Accepted"}, {"dispatched", "待签收", "Dispatched"},
      {"handling", "处置中", "Handling"},   {"handled", "待核查", "Handled"},   {"closed", "已办结", "Closed"},
      {"rejected", "不予立案", "Rejected"}, {"merged", "已合并", "Merged"},     {"withdrawn", "已撤回", "Withdrawn"},
  };
  return kStates;
}

}  // namespace wangge::events
