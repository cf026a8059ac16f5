// Orders (三单: 居民点单): a resident, a property company or community staff for someone
// without a phone orders a service from the catalogue (an orderable item of the town, or
// of the community's admitted list) or in free text; due in the item's working days (or
// default_order_days); the community's staff are told. Read and rendered here; the steps
// are order_act.cpp.
#include <algorithm>
#include <boost/json/parse.hpp>

#include "audit/audit.h"
#include "core/error.h"
#include "services/service.h"
#include "services/store.h"
#include "territory/service.h"

namespace wangge::services {
namespace {

std::string sla_of(const Order& o, std::int64_t now) {
  if (!order_open(o.status) || o.status == "done") return "none";
  if (now > o.due_at) return "red";
  if (o.due_at - now < 86'400'000) return "yellow";
  return "ok";
}

}  // namespace

std::vector<std::int64_t> Service::staff_of(storage::Tx& tx, const Order& o) const {
  return holders_ ? holders_(tx, "services:order:dispatch", o.community_path) : std::vector<std::int64_t>{};
}

Order Service::create_order(storage::Tx& tx, const Context& ctx, Order o) {
  auto region = territory_.find(o.region_code, false);
  if (!region || (region->level != "community" && region->level != "grid" && region->level != "unit"))
    throw_validation("region_code", "a community, grid or unit", "应为社区、网格或最小单元");
  o.region_path = region->path;
  o.community_path = community_path_of(region->path);
  ctx.require("services:order:create", o.region_path);
  if (o.requester_kind == "staff") ctx.require("services:order:dispatch", o.region_path);
  std::int64_t now = storage::now_ms();
  {
    int days = default_order_days;
    if (o.item_id) {
      auto it = store::item(tx, *o.item_id);
      if (!it || !it->active || !it->orderable)
        throw_validation("item_id", "an active item residents may order", "应为可点单的有效服务事项");
      const std::string community_code = o.community_path.empty() ? std::string() : o.region_code.substr(0, 12);
      bool ours = it->level == "town"
                      ? o.region_path.rfind(it->region_path, 0) == 0
                      : store::admission_of(tx, it->id, community_code).value_or(Admission{}).status == "approved";
      if (!ours) throw_validation("item_id", "an item on your community's list", "该事项不在您所在社区的服务清单中");
      if (o.title.empty()) o.title = it->name;
      days = std::max(1, it->time_limit_days);
    }
    if (o.title.empty()) throw_validation("title", "what service is wanted", "请填写需要的服务");
    o.status = "ordered";
    o.requester_id = ctx.user().user_id;
    o.due_at = calendar_.add_working_minutes(now, std::int64_t{days} * calendar_.minutes_per_day());
    o.created_at = o.updated_at = now;
    o.version = 1;
    o.id = store::insert_order(tx, o);
    TimelineEntry e;
    e.record_kind = "order";
    e.record_id = o.id;
    e.action = "create";
    e.actor_id = ctx.actor_id();
    e.actor = ctx.actor();
    e.to_status = o.status;
    e.comment = o.detail;
    e.at = now;
    store::append(tx, e);
    audit::append(tx, audit::entry(ctx, "services:order:create", "order:" + std::to_string(o.id),
                                   {{"region", o.region_code}, {"kind", o.requester_kind}}));
    tell(tx, staff_of(tx, o), "order.created", o.id, "新的服务点单：" + o.title, "New service order: " + o.title);
  }
  return o;
}

std::map<std::int64_t, std::string> Service::account_names(storage::Tx& tx, const std::vector<Order>& orders,
                                                           const std::vector<TimelineEntry>& timeline) const {
  std::vector<std::int64_t> ids;
  for (const auto& o : orders) {
    ids.push_back(o.requester_id);
    if (o.taker_id) ids.push_back(*o.taker_id);
  }
  for (const auto& e : timeline) {
    if (e.actor_id) ids.push_back(*e.actor_id);
  }
  return names_of_ ? names_of_(tx, ids) : std::map<std::int64_t, std::string>{};
}

json::object Service::render_order(const Order& o, const std::map<std::int64_t, std::string>& names,
                                   const std::string& region_name) const {
  auto name = [&](std::optional<std::int64_t> id) {
    auto it = id ? names.find(*id) : names.end();
    return it == names.end() ? json::value(nullptr) : json::value(it->second);
  };
  return json::object{{"id", o.id},
                      {"region_code", o.region_code},
                      {"region_name", region_name},
                      {"item_id", o.item_id ? json::value(*o.item_id) : json::value(nullptr)},
                      {"title", o.title},
                      {"detail", o.detail},
                      {"requester_kind", o.requester_kind},
                      {"requester_name", name(o.requester_id)},
                      {"contact_name", o.contact_name},
                      {"phone", o.phone_masked},
                      {"address", o.address},
                      {"status", o.status},
                      {"taker_id", o.taker_id ? json::value(*o.taker_id) : json::value(nullptr)},
                      {"taker_name", name(o.taker_id)},
                      {"due_at", json::rfc3339(o.due_at)},
                      {"sla", sla_of(o, storage::now_ms())},
                      {"taken_at", opt_time(o.taken_at)},
                      {"done_at", opt_time(o.done_at)},
                      {"closed_at", opt_time(o.closed_at)},
                      {"rating", o.rating ? json::value(*o.rating) : json::value(nullptr)},
                      {"returns", o.returns},
                      {"version", o.version},
                      {"created_at", json::rfc3339(o.created_at)}};
}

json::object Service::order_json(storage::Tx& tx, const Context& ctx, const Order& o, bool detail) {
  std::vector<TimelineEntry> timeline;
  if (detail) timeline = store::timeline(tx, "order", o.id);
  auto names = account_names(tx, {o}, timeline);
  auto region = territory_.find(o.region_code, false);
  json::object out = render_order(o, names, region ? region->name : std::string());
  if (!detail) return out;
  json::array actions;
  for (const auto* t : offered(tx, ctx, o)) actions.push_back(action_json(*t));
  out["timeline"] = timeline_json(timeline, names);
  out["actions"] = std::move(actions);
  return out;
}

}  // namespace wangge::services
