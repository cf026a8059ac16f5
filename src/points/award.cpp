// Points for deeds, once each (docs/POINTS.md "Exactly once"): a deed is credited inside
// the transaction that records it, keyed by (holder, deed, ref, seq) under the holder's
// balance lock, so a retried request, a re-run batch or a replay after a crash finds the
// deed's entries and adds nothing; a revised quantity adds the difference as a new entry.
// Manual awards by a listed item and corrections with a reason are entries too; nothing
// is ever edited.
#include <sodium.h>

#include "audit/audit.h"
#include "core/crypto.h"
#include "core/error.h"
#include "points/service.h"
#include "points/store.h"
#include "territory/service.h"

namespace wangge::points {

// n random decimal digits (a manual award's key, a redemption's code).
std::string random_digits(int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += static_cast<char>('0' + randombytes_uniform(10));
  return out;
}

Entry Service::post(storage::Tx& tx, const Holder& h, Entry e) {
  auto before = store::lock_balance(tx, h.id);
  e.holder_id = h.id;
  if (before.balance + e.points < 0)
    throw Error("conflict", "points", "the balance would go below zero (" + std::to_string(before.balance) + ")",
                "积分余额不足（现有 " + std::to_string(before.balance) + " 分）");
  e.balance_after = before.balance + e.points;
  const bool earning = e.cause == "deed" || e.cause == "correction";
  const bool spending = e.cause == "redemption" || e.cause == "refund";
  store::add(tx, h.id, e.points, earning ? e.points : 0, spending ? -e.points : 0, e.at);
  e.id = store::append(tx, e, h);
  return e;
}

void Service::credit(storage::Tx& tx, const Holder& h, const deeds::Deed& d) {
  store::lock_balance(tx, h.id);  // one writer at a time per holder: the sums below hold
  auto so_far = store::deed_so_far(tx, h.id, d.kind, d.ref);
  std::optional<Rule> r;
  if (so_far.count > 0) {
    if (so_far.rule_id) r = store::rule(tx, *so_far.rule_id);
    if (!r) return;  // counted already, by no rule: nothing to revise
  } else {
    auto candidates = store::candidate_rules(tx, d.kind, h.earner_type, d.region_path, day_of(d.at));
    if (const Rule* best = pick_rule(candidates)) r = *best;
    if (!r) return;  // no line of the list pays for this deed here
  }
  auto [d0, d1] = day_bounds(d.at);
  auto [m0, m1] = month_bounds(d.at);
  std::int64_t day = store::earned_by_rule(tx, h.id, r->id, d0, d1);
  std::int64_t month = store::earned_by_rule(tx, h.id, r->id, m0, m1);
  // A revision is capped as the first award was: what this deed holds counts as room.
  std::int64_t target = capped(*r, points_for(*r, d.quantity), day - so_far.points, month - so_far.points);
  if (so_far.count > 0 && target == so_far.points) return;  // the same deed again: counted once
  Entry e;
  e.cause = so_far.count == 0 ? "deed" : "correction";
  e.points = target - so_far.points;
  e.rule_id = r->id;
  e.deed = std::string(d.kind);
  e.deed_ref = d.ref;
  e.seq = so_far.count;
  e.quantity = d.quantity;
  e.region_path = d.region_path;
  e.actor_id = d.actor_id;
  e.at = so_far.count == 0 ? d.at : storage::now_ms();
  if (so_far.count == 0 && target < points_for(*r, d.quantity))
    e.reason = "capped: " + std::to_string(points_for(*r, d.quantity)) + " -> " + std::to_string(target);
  if (so_far.count > 0) e.reason = d.reason.empty() ? std::string("deed revised") : d.reason;
  if (e.points < 0) {
    // Points of the deed already spent: the revision takes what is left and says so.
    std::int64_t balance = store::lock_balance(tx, h.id).balance;
    if (balance + e.points < 0) {
      e.reason += " (" + std::to_string(-(balance + e.points)) + " already spent)";
      e.points = -balance;
      if (e.points == 0) return;
    }
  }
  post(tx, h, std::move(e));
}

void Service::record(storage::Tx& tx, const deeds::Deed& d) {
  // A doer who holds no points (an account with no place, such as the administrator) earns
  // nothing: the deed itself must never fail for it.
  auto credit_if = [&](std::string_view kind, std::int64_t id) {
    if (auto h = existing_or_new_holder(tx, kind, id)) credit(tx, *h, d);
  };
  if (d.user_id) {
    credit_if("user", *d.user_id);
  } else if (d.person_id) {
    credit_if("person", *d.person_id);
  }
  if (d.household_id) credit_if("household", *d.household_id);
}

Entry Service::award(storage::Tx& tx, const Context& ctx, const std::string& kind, std::int64_t ref_id,
                     std::int64_t rule_id, const std::string& note) {
  auto h = holder_for(tx, kind, ref_id);
  ctx.require("points:point:award", h.region_path);
  auto r = store::rule(tx, rule_id);
  if (!r || r->deed != "manual")
    throw_validation("rule_id", "a rule of the list for manual awards", "应为积分项目清单中的人工认定项目");
  std::int64_t now = storage::now_ms();
  std::string day = day_of(now);
  if (!r->active || r->valid_from > day || (r->valid_to && *r->valid_to < day))
    throw Error("conflict", "rule_id", "the rule is not in force today", "该积分项目今日不在有效期内");
  if (r->earner_type != h.earner_type)
    throw Error("conflict", "rule_id", "the rule is for " + r->earner_type + ", the holder is " + h.earner_type,
                "该积分项目不适用于此对象类型");
  if (h.region_path.rfind(r->region_path, 0) != 0)
    throw Error("conflict", "rule_id", "the rule is another place's", "该积分项目不属于此对象所在区域");
  auto [d0, d1] = day_bounds(now);
  auto [m0, m1] = month_bounds(now);
  store::lock_balance(tx, h.id);
  std::int64_t pts = capped(*r, r->points, store::earned_by_rule(tx, h.id, r->id, d0, d1),
                            store::earned_by_rule(tx, h.id, r->id, m0, m1));
  if (pts == 0)
    throw Error("conflict", "rule_id", "the rule's daily or monthly cap is reached", "已达该积分项目的每日或每月上限");
  Entry e;
  e.cause = "deed";
  e.points = pts;
  e.rule_id = r->id;
  e.deed = "manual";
  e.deed_ref = "award:" + random_digits(16);
  e.reason = note;
  e.region_path = h.region_path;
  e.actor_id = ctx.actor_id();
  e.at = now;
  e = post(tx, h, std::move(e));
  audit::append(tx, audit::entry(ctx, "points:point:award", "point_holder:" + std::to_string(h.id),
                                 json::object{{"rule", r->id}, {"points", pts}, {"note", note}}));
  return e;
}

Entry Service::correct(storage::Tx& tx, const Context& ctx, std::int64_t holder_id, std::int64_t points,
                       const std::string& reason) {
  auto h = store::holder(tx, holder_id);
  if (!h) throw_not_found("no holder " + std::to_string(holder_id), "积分账户不存在");
  ctx.require("points:ledger:correct", h->region_path);
  Entry e;
  e.cause = "correction";
  e.points = points;
  e.reason = reason;
  e.region_path = h->region_path;
  e.actor_id = ctx.actor_id();
  e.at = storage::now_ms();
  e = post(tx, *h, std::move(e));
  audit::append(tx, audit::entry(ctx, "points:ledger:correct", "point_holder:" + std::to_string(h->id),
                                 json::object{{"points", points}, {"reason", reason}}));
  return e;
}

}  // namespace wangge::points
