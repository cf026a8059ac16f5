// Supplies (物资储备, seed 003): a stock at a node, its category, quantity and unit, where it
// is kept and by whom, the minimum to hold and the day it expires; movements in and out,
// each with its reason, never taking the stock below zero (409, nothing changed). Lists
// flag what has expired, what expires within 30 days and what is below its minimum.
#include "audit/audit.h"
#include "core/dates.h"
#include "core/error.h"
#include "emergency/service.h"
#include "emergency/store.h"
#include "territory/service.h"

namespace wangge::emergency {

std::pair<std::string, std::string> Service::flag_days() const {
  Day today = calendar_.day_of(storage::now_ms());
  return {format_day(today), format_day(today + 30)};
}

Supply Service::readable_supply(storage::Tx& tx, const Context& ctx, std::int64_t id) const {
  auto s = store::supply(tx, id);
  if (!s || !(reads(ctx, s->region_path) || organises(ctx, s->region_path)))
    throw_not_found("no supply " + std::to_string(id), "物资 " + std::to_string(id) + " 不存在");
  return *s;
}

Supply Service::create_supply(storage::Tx& tx, const Context& ctx, Supply s) {
  std::tie(s.region_code, s.region_path) = node(s.region_code);
  ctx.require("emergency:drill:organise", s.region_path);
  if (store::supply_named(tx, s.region_code, s.name, s.location))
    throw Error("conflict", "name", "this stock is kept at this place already: move stock in instead",
                "该地点已有同名物资，请办理入库");
  s.created_at = s.updated_at = storage::now_ms();
  s.id = store::insert_supply(tx, s);
  if (s.quantity > 0)
    store::insert_movement(
        tx, Movement{0, s.id, "in", s.quantity, s.quantity, "initial stock / 初始库存", ctx.actor_id(), s.created_at});
  audit::append(tx, audit::entry(ctx, "emergency:supply:create", "emergency_supply:" + std::to_string(s.id),
                                 json::object{{"region", s.region_code}, {"quantity", s.quantity}}));
  return s;
}

Supply Service::update_supply(storage::Tx& tx, const Context& ctx, std::int64_t id, const json::object& body) {
  Supply before = readable_supply(tx, ctx, id);
  ctx.require("emergency:drill:organise", before.region_path);
  if (json::get_int(body, "version") != before.version)
    throw Error("stale_version", "version", "the stock changed meanwhile", "物资信息已被他人修改");
  Supply s = before;
  if (auto v = json::opt_string(body, "name", 100, 1)) s.name = *v;
  if (body.contains("category")) s.category = json::one_of(body, "category", kCategories);
  if (auto v = json::opt_string(body, "unit", 10, 1)) s.unit = *v;
  if (auto v = json::opt_string(body, "location", 200)) s.location = *v;
  if (auto v = json::opt_string(body, "keeper_name", 50)) s.keeper_name = *v;
  if (auto v = json::opt_int(body, "min_quantity")) {
    if (*v < 0 || *v > 100'000'000) throw_validation("min_quantity", "0 to 100000000", "应为 0 至 1 亿");
    s.min_quantity = *v;
  }
  if (body.contains("expires_on")) {
    if (body.at("expires_on").is_null()) {
      s.expires_on.reset();
    } else {
      s.expires_on = dates::body_day(body, "expires_on", "", flag_days().first, true);
    }
  }
  if ((s.name != before.name || s.location != before.location) &&
      store::supply_named(tx, s.region_code, s.name, s.location))
    throw Error("conflict", "name", "this stock is kept at this place already", "该地点已有同名物资");
  s.version = before.version + 1;
  s.updated_at = storage::now_ms();
  if (!store::update_supply(tx, s, before.version))
    throw Error("stale_version", "version", "the stock changed meanwhile", "物资信息已被他人修改");
  audit::append(tx, audit::entry(ctx, "emergency:supply:update", "emergency_supply:" + std::to_string(id)));
  return s;
}

Supply Service::move_supply(storage::Tx& tx, const Context& ctx, std::int64_t id, const std::string& direction,
                            std::int64_t quantity, const std::string& reason) {
  Supply s = readable_supply(tx, ctx, id);
  ctx.require("emergency:drill:organise", s.region_path);
  if (quantity <= 0 || quantity > 100'000'000) throw_validation("quantity", "1 to 100000000", "应为 1 至 1 亿");
  std::int64_t now = storage::now_ms();
  auto balance = store::move(tx, id, direction == "in" ? quantity : -quantity, now);
  if (!balance)
    throw Error("conflict", "quantity",
                "only " + std::to_string(s.quantity) + " " + s.unit + " in stock: it cannot fall below zero",
                "库存仅 " + std::to_string(s.quantity) + " " + s.unit + "，出库后不能为负");
  store::insert_movement(tx, Movement{0, id, direction, quantity, *balance, reason, ctx.actor_id(), now});
  audit::append(tx,
                audit::entry(ctx, "emergency:supply:move", "emergency_supply:" + std::to_string(id),
                             json::object{{"direction", direction}, {"quantity", quantity}, {"balance", *balance}}));
  return *store::supply(tx, id);
}

}  // namespace wangge::emergency
