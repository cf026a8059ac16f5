// The rewards shop (积分超市): what points buy at a community (积分礼遇清单), redemption
// (points and one unit of stock taken in one transaction, each by a guarded UPDATE, so
// neither goes below zero and of two redemptions of the last unit one succeeds and the
// other is refused with 409), the clerk's verification of the code (once), and
// cancellation before it (both come back).
#include "audit/audit.h"
#include "core/error.h"
#include "points/service.h"
#include "points/store.h"
#include "territory/service.h"

namespace wangge::points {

Reward Service::create_reward(storage::Tx& tx, const Context& ctx, Reward r) {
  auto region = territory_.find(r.region_code, false);
  if (!region) throw_validation("region_code", "the node whose shop it is", "应为积分超市所在区域");
  r.region_path = region->path;
  ctx.require("points:reward:write", r.region_path);
  r.stock_added = r.stock;
  r.created_at = r.updated_at = storage::now_ms();
  r.version = 1;
  r.id = store::insert_reward(tx, r);
  audit::append(tx, audit::entry(ctx, "points:reward:create", "point_reward:" + std::to_string(r.id),
                                 json::object{{"name", r.name}, {"price", r.price}, {"stock", r.stock}}));
  return r;
}

Reward Service::update_reward(storage::Tx& tx, const Context& ctx, std::int64_t id, const json::object& body) {
  auto found = store::reward(tx, id);
  if (!found) throw_not_found("no reward " + std::to_string(id), "礼品不存在");
  ctx.require("points:reward:write", found->region_path);
  auto expected = json::get_int(body, "version");
  if (expected != found->version)
    throw Error("stale_version", "version", "the reward changed meanwhile", "礼品已被他人修改");
  Reward r = *found;
  if (auto v = json::opt_string(body, "name", 100)) r.name = *v;
  if (auto v = json::opt_string(body, "detail", 1000, 0)) r.detail = *v;
  if (auto v = json::opt_int(body, "price")) {
    if (*v < 1 || *v > 1'000'000) throw_validation("price", "1 to 1000000 points", "应为 1 至 1000000 分");
    r.price = *v;
  }
  if (auto v = json::opt_string(body, "supplier_name", 100)) r.supplier_name = *v;
  if (body.contains("supplier_kind")) {
    static constexpr const char* kKinds[] = {"community", "unit"};
    r.supplier_kind = json::one_of(body, "supplier_kind", kKinds);
  }
  if (auto v = json::opt_bool(body, "active")) r.active = *v;
  std::int64_t restock = json::opt_int(body, "restock").value_or(0);
  if (restock < -r.stock || restock > 100'000)
    throw_validation("restock",
                     "units added (up to 100000), or taken out (at most the stock, " + std::to_string(r.stock) + ")",
                     "应为补充的数量（至多 100000），或撤下的数量（不超过现有库存 " + std::to_string(r.stock) + "）");
  r.version = found->version + 1;
  r.updated_at = storage::now_ms();
  if (!store::update_reward(tx, r, restock, found->version))
    throw Error("stale_version", "version", "the reward changed meanwhile", "礼品已被他人修改");
  audit::append(tx, audit::entry(ctx, "points:reward:update", "point_reward:" + std::to_string(id),
                                 json::object{{"price", r.price}, {"restock", restock}, {"active", r.active}}));
  return *store::reward(tx, id);
}

Redemption Service::redeem(storage::Tx& tx, const Context& ctx, std::int64_t reward_id, const Holder& h) {
  auto reward = store::reward(tx, reward_id);
  if (!reward) throw_not_found("no reward " + std::to_string(reward_id), "礼品不存在");
  // A holder buys at its own community's shop, or a shop above it.
  if (h.region_path.rfind(reward->region_path, 0) != 0)
    throw Error("forbidden", "reward_id", "this shop serves another place", "该积分超市不服务您所在的区域");
  if (!reward->active) throw Error("conflict", "reward_id", "the reward is no longer offered", "该礼品已下架");
  std::int64_t now = storage::now_ms();
  store::lock_balance(tx, h.id);
  if (!store::take(tx, h.id, reward->price, now)) {
    auto b = store::balance(tx, h.id).value_or(Balance{});
    throw Error("conflict", "reward_id",
                "not enough points: " + std::to_string(b.balance) + " of " + std::to_string(reward->price),
                "积分不足：现有 " + std::to_string(b.balance) + " 分，需要 " + std::to_string(reward->price) + " 分");
  }
  if (!store::take_stock(tx, reward_id, now))
    throw Error("conflict", "reward_id", "out of stock", "该礼品已兑完");  // the points come back with the rollback
  Redemption d;
  d.reward_id = reward_id;
  d.holder_id = h.id;
  d.region_path = reward->region_path;
  d.points = reward->price;
  d.code = random_digits(10);
  d.status = "issued";
  d.redeemed_by = ctx.actor_id();
  d.created_at = now;
  d.id = store::insert_redemption(tx, d);
  Entry e;
  e.holder_id = h.id;
  e.cause = "redemption";
  e.points = -reward->price;
  e.balance_after = store::balance(tx, h.id)->balance;
  e.redemption_id = d.id;
  e.reason = reward->name;
  e.region_path = reward->region_path;
  e.actor_id = ctx.actor_id();
  e.at = now;
  store::append(tx, e, h);
  audit::append(tx, audit::entry(ctx, "points:reward:redeem", "point_redemption:" + std::to_string(d.id),
                                 json::object{{"reward", reward_id}, {"holder", h.id}, {"points", reward->price}}));
  return *store::redemption(tx, d.id);
}

Redemption Service::verify(storage::Tx& tx, const Context& ctx, const std::string& code) {
  auto d = store::redemption_by_code(tx, code);
  // A code of another shop reads as unknown: codes are not probed across shops.
  if (!d || !ctx.user().can("points:redemption:verify", d->region_path))
    throw_not_found("no redemption with this code at your shop", "本超市没有此兑换码");
  if (d->status != "issued")
    throw Error("conflict", "code",
                d->status == "verified" ? "already handed over at " + json::rfc3339(d->closed_at.value_or(0))
                                        : "the redemption was cancelled",
                d->status == "verified" ? "该兑换码已核销" : "该兑换已取消");
  std::int64_t now = storage::now_ms();
  if (!store::close_redemption(tx, d->id, "verified", ctx.actor_id(), now))
    throw Error("conflict", "code", "already handed over", "该兑换码已核销");
  audit::append(tx, audit::entry(ctx, "points:redemption:verify", "point_redemption:" + std::to_string(d->id),
                                 json::object{{"reward", d->reward_id}}));
  return *store::redemption(tx, d->id);
}

Redemption Service::cancel(storage::Tx& tx, const Context& ctx, std::int64_t id, const std::string& reason) {
  auto d = store::redemption(tx, id);
  if (!d) throw_not_found("no redemption " + std::to_string(id), "兑换记录不存在");
  auto h = *store::holder(tx, d->holder_id);
  const bool own = h.kind == "user" && h.ref_id == ctx.user().user_id;
  if (!own && !ctx.user().can("points:redemption:verify", d->region_path))
    throw_not_found("no redemption " + std::to_string(id), "兑换记录不存在");
  if (d->status != "issued")
    throw Error("conflict", "status", "only a redemption not yet handed over can be cancelled",
                "已核销或已取消的兑换不能取消");
  std::int64_t now = storage::now_ms();
  if (!store::close_redemption(tx, id, "cancelled", ctx.actor_id(), now))
    throw Error("conflict", "status", "the redemption changed meanwhile", "兑换记录已变化");
  store::return_stock(tx, d->reward_id, now);
  Entry e;
  e.cause = "refund";
  e.points = d->points;
  e.redemption_id = id;
  e.reason = reason.empty() ? d->reward_name : reason;
  e.region_path = d->region_path;
  e.actor_id = ctx.actor_id();
  e.at = now;
  post(tx, h, std::move(e));
  audit::append(tx, audit::entry(ctx, "points:redemption:cancel", "point_redemption:" + std::to_string(id),
                                 json::object{{"reason", reason}}));
  return *store::redemption(tx, id);
}

json::object Service::reward_json(const Reward& r) const {
  return json::object{{"id", r.id},
                      {"region_code", r.region_code},
                      {"name", r.name},
                      {"detail", r.detail},
                      {"price", r.price},
                      {"stock", r.stock},
                      {"stock_added", r.stock_added},
                      {"supplier_kind", r.supplier_kind},
                      {"supplier_name", r.supplier_name},
                      {"active", r.active},
                      {"version", r.version}};
}

json::object Service::redemption_json(const Redemption& r, bool with_code) const {
  json::object o{{"id", r.id},
                 {"reward_id", r.reward_id},
                 {"reward_name", r.reward_name},
                 {"holder_id", r.holder_id},
                 {"holder_name", r.holder_name},
                 {"points", r.points},
                 {"status", r.status},
                 {"created_at", json::rfc3339(r.created_at)},
                 {"version", r.version}};
  o["closed_at"] = r.closed_at ? json::value(json::rfc3339(*r.closed_at)) : json::value(nullptr);
  // The code is the holder's: shown to them (and in the answer to the redemption), never
  // in the clerk's lists, so a list cannot be used to hand rewards over.
  o["code"] = with_code ? json::value(r.code) : json::value(nullptr);
  return o;
}

}  // namespace wangge::points
