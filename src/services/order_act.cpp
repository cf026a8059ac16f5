// The order engine: runs one row of the order table (order_flow.cpp) on an order, with the
// checks every lifecycle table gets (core/flow.h): who, then version, state, guards,
// comment and body; then the row's use case, the store (version-checked: of two takers
// racing for one open order, one wins and the other gets 409), the timeline entry, the
// audit record and the notifications.
#include <boost/json/parse.hpp>

#include "core/error.h"
#include "services/order_steps.h"
#include "services/service.h"
#include "services/store.h"

namespace wangge::services {

Order Service::act_on_order(storage::Tx& tx, const Context& ctx, std::int64_t id, const OrderTransition& t,
                            std::int64_t version, const json::object& body) {
  auto found = store::order(tx, id);
  if (!found) throw_not_found("no order " + std::to_string(id), "工单 " + std::to_string(id) + " 不存在");
  if (!can_read(ctx, *found)) {
    // A taker of the area who lost the race for an open order hears that, not "no order".
    if (t.actor == OrderActor::candidate && is_actor(tx, ctx, t.actor, *found))
      throw Error("conflict", {}, "someone else took the order first", "该工单已被他人接单");
    throw_not_found("no order " + std::to_string(id), "工单 " + std::to_string(id) + " 不存在");
  }
  const Order before = *found;
  if (!is_actor(tx, ctx, t.actor, before)) {
    auto r = order_actor_refusal(t.actor);
    throw Error("forbidden", {}, std::string(r.en), std::string(r.zh));
  }
  Order o = before;
  std::int64_t now = storage::now_ms();
  TimelineEntry entry;
  json::object detail;
  std::vector<std::int64_t> notify;
  OrderStep step{*this, tx, ctx, t, o, before, body, now, entry, detail, notify};
  entry.comment = json::opt_string(body, "comment", 2000).value_or("");
  static constexpr flow::Noun kOrder{"the order", "工单"};
  flow::admit(t, {kOrder, order_states(), before.status, before.version, version}, before,
              OrderGuardContext{now, remind_gap_ms}, entry.comment, body, order_step_input(t));
  t.run(step);
  if (!t.to.empty()) o.status = std::string(t.to);
  o.version = before.version + 1;
  o.updated_at = now;
  if (!store::update_order(tx, o, before.version))
    throw Error("stale_version", "version", "the order changed meanwhile", "工单已被他人修改");
  record_step(tx, ctx, "order", o.id, t.action, before.status, o.status, now, entry, detail);
  if (o.status == "confirmed" && before.status != "confirmed" && o.taker_id && deeds_) {
    // The order done and confirmed by its requester: the taker's deed.
    deeds::Deed d;
    d.kind = deeds::kOrderCompleted;
    d.ref = "order:" + std::to_string(o.id);
    d.user_id = o.taker_id;
    d.region_path = o.region_path;
    d.at = now;
    d.actor_id = ctx.actor_id();
    deeds_(tx, d);
  }
  std::erase(notify, ctx.user().user_id);
  tell(tx, notify, "order." + std::string(t.action), o.id, std::string(t.name_zh) + "：" + o.title,
       std::string(t.name_en) + ": " + o.title);
  return o;
}

// The photos of a step's body (attachment hashes), linked to the order and kept in its
// timeline entry.
void take_photos(OrderStep& s) {
  const auto* v = s.body.if_contains("photos");
  if (!v || !v->is_array()) return;
  std::vector<std::string> hashes;
  for (const auto& h : v->as_array()) hashes.emplace_back(h.as_string());
  s.svc.link_photos(s.tx, s.ctx, hashes, s.order.id);
  s.entry.photos = json::to_text(*v);
}

}  // namespace wangge::services
