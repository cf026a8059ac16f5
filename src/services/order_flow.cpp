#include "services/order_flow.h"

#include "services/order_steps.h"

namespace wangge::services {
namespace {

// clang-format off
constexpr OrderTransition::Guard kNotRemindedLately{
    [](const Order& o, const OrderGuardContext& g) { return !o.reminded_at || g.now - *o.reminded_at >= g.remind_gap_ms; },
    "a reminder was sent a short while ago", "刚刚已催办过，请稍后再催"};
// clang-format on

using schema::opt;
using schema::req;
schema::Field photos() {
  return opt("photos", schema::describe(schema::array(schema::str(64, 64), 9), "attachment hashes (sha256)"));
}

}  // namespace

const std::vector<OrderTransition>& order_transitions() {
  using A = OrderActor;
  // clang-format off
  static const std::vector<OrderTransition> kTable = {
    // action      actor          from                                   to           names                         use case
    {"dispatch",  A::community, {"ordered"},                              "assigned",  "派单", "Give to a taker",     dispatch_order, {}, {}, {req("taker_id", schema::id())}},
    {"publish",   A::community, {"ordered"},                              "open",      "发布接单", "Open to be taken", publish_order, {}},
    {"decline",   A::community, {"ordered"},                              "declined",  "不予受理", "Decline",        decline_order, {}, {"the reason", "不予受理的理由"}},
    {"recall",    A::community, {"open", "assigned"},                     "ordered",   "收回", "Take back",           recall_order, {}, {"the reason", "收回理由"}},
    {"take",      A::candidate, {"open"},                                 "taken",     "抢单", "Take",                take_order, {}},
    {"accept",    A::taker,     {"assigned"},                             "taken",     "接单", "Accept",              accept_order, {}},
    {"return",    A::taker,     {"assigned", "taken"},                    "ordered",   "退单", "Give back",           return_order, {}, {"the reason", "退单理由"}},
    {"complete",  A::taker,     {"taken"},                                "done",      "完成服务", "Report it done",  complete_order, {}, {"what was done", "服务情况"}, {photos()}},
    {"confirm",   A::requester, {"done"},                                 "confirmed", "确认评价", "Confirm and rate", confirm_order, {}, {}, {req("rating", schema::integer(1, 5))}},
    {"rework",    A::requester, {"done"},                                 "taken",     "未完成", "Not done yet",      rework_order, {}, {"what is still missing", "尚未完成的情况"}},
    {"cancel",    A::requester, {"ordered", "open", "assigned"},          "cancelled", "取消", "Cancel",              cancel_order, {}},
    {"remind",    A::requester, {"ordered", "open", "assigned", "taken"}, "",          "催单", "Remind",              remind_order, {kNotRemindedLately}},
  };
  // clang-format on
  return kTable;
}

const std::vector<flow::StateName>& order_states() {
  static const std::vector<flow::StateName> kStates = {
      {"ordered", "待派单", "Ordered"},     {"open", "待接单", "Open to take"},   {"assigned", "已派单", "Assigned"},
      {"taken", "服务中", "Taken"},         {"done", "待确认", "Done"},           {"confirmed", "已评价", "Confirmed"},
      {"declined", "不予受理", "Declined"}, {"cancelled", "已取消", "Cancelled"},
  };
  return kStates;
}

const OrderTransition* find_order_transition(std::string_view action, OrderActor actor) {
  return flow::find_row(order_transitions(), action, actor);
}

std::vector<const OrderTransition*> open_order_transitions(const Order& o, const OrderGuardContext& g) {
  return flow::open_rows(order_transitions(), o, o.status, g);
}

const schema::value& order_step_input(const OrderTransition& t) {
  static const std::vector<schema::value> kInputs = [] {
    std::vector<schema::value> out;
    for (const auto& row : order_transitions())
      out.push_back(flow::step_input(row.comment, row.fields, "the order's version (or send If-Match)"));
    return out;
  }();
  return kInputs[static_cast<std::size_t>(&t - order_transitions().data())];
}

std::string_view order_permission_of(OrderActor actor) {
  switch (actor) {
    case OrderActor::community:
      return "services:order:dispatch";
    case OrderActor::taker:
    case OrderActor::candidate:
      return "services:order:take";
    case OrderActor::requester:
      return "services:order:create";
  }
  return "";
}

std::string_view order_actor_name(OrderActor actor) {
  switch (actor) {
    case OrderActor::community:
      return "community";
    case OrderActor::taker:
      return "taker";
    case OrderActor::candidate:
      return "candidate";
    case OrderActor::requester:
      return "requester";
  }
  return "";
}

flow::Noun order_actor_refusal(OrderActor actor) {
  switch (actor) {
    case OrderActor::community:
      return {"only the community's staff may do this", "只有所在社区的工作人员可以执行此操作"};
    case OrderActor::taker:
      return {"only the one the order was given to may do this", "只有接单人可以执行此操作"};
    case OrderActor::candidate:
      return {"only a party member or volunteer of the order's area may take it", "只有本区域的党员或志愿者可以接单"};
    case OrderActor::requester:
      return {"only the one who ordered it may do this", "只有下单人本人可以执行此操作"};
  }
  return {};
}

bool order_open(const std::string& status) {
  return status == "ordered" || status == "open" || status == "assigned" || status == "taken" || status == "done";
}

}  // namespace wangge::services
