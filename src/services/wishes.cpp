// Micro-wishes (微心愿, seed 001: "广泛征集群众'具体、即时、易落实'的'微心愿'，并由各级党组织和
// 党员干部认领和兑现"): a resident posts one, or a grid worker collects one for a resident
// (on a visit, by phone, from a collection box); the community's staff review it and
// publish it to a territory subtree, where party members, party organisations and units
// see it on the wish wall with the wisher masked and claim it. Filed, read and rendered
// here; the steps are wish_steps.cpp.
#include "audit/audit.h"
#include "core/crypto.h"
#include "core/error.h"
#include "services/service.h"
#include "services/store.h"
#include "territory/service.h"

namespace wangge::services {

Wish Service::create_wish(storage::Tx& tx, const Context& ctx, Wish w) {
  auto region = territory_.find(w.region_code, false);
  if (!region || (region->level != "community" && region->level != "grid" && region->level != "unit"))
    throw_validation("region_code", "the community, grid or unit the wisher lives in",
                     "应为心愿人所在的社区、网格或最小单元");
  w.region_path = region->path;
  ctx.require("services:wish:create", w.region_path);
  const std::int64_t me = ctx.user().user_id;
  if (w.channel == "self") {
    w.wisher_id = me;
    if (w.wisher_name.empty()) w.wisher_name = names(tx, {me})[me];
    if (w.wisher_name.empty()) w.wisher_name = ctx.actor();
  } else {
    ctx.require("services:wish:collect", w.region_path);
    if (w.wisher_name.empty()) throw_validation("wisher_name", "whose wish it is", "请填写心愿人姓名");
    w.collector_id = me;
  }
  std::int64_t now = storage::now_ms();
  w.status = "submitted";
  w.created_at = w.updated_at = now;
  w.version = 1;
  w.id = store::insert_wish(tx, w);
  TimelineEntry e;
  e.record_kind = "wish";
  e.record_id = w.id;
  e.action = "create";
  e.actor_id = ctx.actor_id();
  e.actor = ctx.actor();
  e.to_status = w.status;
  e.detail = json::to_text(json::object{{"channel", w.channel}});
  e.at = now;
  store::append(tx, e);
  audit::append(tx, audit::entry(ctx, "services:wish:create", "wish:" + std::to_string(w.id),
                                 json::object{{"region", w.region_code}, {"channel", w.channel}}));
  std::string community = community_path_of(w.region_path);
  auto reviewers = holders(tx, "services:wish:review", community.empty() ? w.region_path : community);
  std::erase(reviewers, me);
  tell(tx, reviewers, "wish.created", "wish", w.id, "新的微心愿待审核：" + w.title, "A wish to review: " + w.title);
  return w;
}

bool Service::can_read_whole(const Principal& u, const Wish& w) const {
  if ((w.wisher_id && *w.wisher_id == u.user_id) || (w.collector_id && *w.collector_id == u.user_id) ||
      (w.claimer_id && *w.claimer_id == u.user_id))
    return true;
  return u.can("services:wish:review", w.region_path) || u.can("services:wish:read", w.region_path) ||
         u.can("services:wish:collect", w.region_path);
}

bool Service::reaches_wall(const Principal& u, const std::string& path) const {
  for (auto p : {"services:wish:claim", "services:wish:create", "services:wish:review", "services:wish:read"})
    if (u.reaches(p, path)) return true;
  return false;
}

bool Service::on_wall_of(const Principal& u, const Wish& w) const {
  if (w.status != "published" && w.status != "claimed" && w.status != "fulfilled" && w.status != "confirmed")
    return false;
  return u.reaches("services:wish:claim", w.publish_path) || u.reaches("services:wish:create", w.publish_path);
}

bool Service::is_actor(const Context& ctx, WishActor actor, const Wish& w) const {
  const Principal& u = ctx.user();
  switch (actor) {
    case WishActor::reviewer:
      return u.can("services:wish:review", w.region_path);
    case WishActor::claimer:
      return w.claimer_id && *w.claimer_id == u.user_id;
    case WishActor::candidate:
      return w.status == "published" && u.reaches("services:wish:claim", w.publish_path);
    case WishActor::wisher:
      return (w.wisher_id && *w.wisher_id == u.user_id) || (w.collector_id && *w.collector_id == u.user_id);
  }
  return false;
}

std::vector<const WishTransition*> Service::offered(storage::Tx& /*tx*/, const Context& ctx, const Wish& w) {
  std::vector<const WishTransition*> out;
  for (const auto* t : flow::open_rows(wish_transitions(), w, w.status, WishGuardContext{storage::now_ms()})) {
    if (is_actor(ctx, t->actor, w)) out.push_back(t);
  }
  return out;
}

json::object Service::render_wish(const Wish& w, bool whole, const std::map<std::int64_t, std::string>& /*names*/,
                                  const std::string& region_name) const {
  std::string publish_region;
  if (!w.publish_path.empty()) {
    auto code = w.publish_path.substr(0, w.publish_path.size() - 1);
    code = code.substr(code.rfind('/') + 1);
    if (auto r = territory_.find(code, false)) publish_region = r->name;
  }
  return json::object{{"id", w.id},
                      {"region_code", w.region_code},
                      {"region_name", region_name},
                      {"publish_region", publish_region.empty() ? json::value(nullptr) : json::value(publish_region)},
                      {"channel", w.channel},
                      {"wisher_name", whole ? w.wisher_name : mask_name(w.wisher_name)},
                      {"phone", whole ? w.phone_masked : std::string()},
                      {"title", w.title},
                      {"detail", w.detail},
                      {"status", w.status},
                      {"claimer_kind", w.claimer_kind ? json::value(*w.claimer_kind) : json::value(nullptr)},
                      {"claimer_name", w.claimer_name},
                      {"claimed_at", opt_time(w.claimed_at)},
                      {"claim_due_at", opt_time(w.claim_due_at)},
                      {"fulfilled_at", opt_time(w.fulfilled_at)},
                      {"confirmed_at", opt_time(w.confirmed_at)},
                      {"claims", w.claims},
                      {"whole", whole},
                      {"version", w.version},
                      {"created_at", json::rfc3339(w.created_at)}};
}

json::object Service::wish_json(storage::Tx& tx, const Context& ctx, const Wish& w, bool detail) {
  const bool whole = can_read_whole(ctx.user(), w);
  territory::NameCache places(territory_);
  json::object out = render_wish(w, whole, {}, places(w.region_code));
  if (!detail) return out;
  // Those who see the wish on a wall see its steps and the fulfilment's photos too, but
  // not who filed it (the wisher's own steps unnamed) nor why it was declined.
  std::vector<TimelineEntry> timeline = store::timeline(tx, "wish", w.id);
  std::vector<std::int64_t> ids;
  for (auto& e : timeline) {
    if (!whole && e.actor_id && w.wisher_id && *e.actor_id == *w.wisher_id) e.actor_id.reset();
    if (!whole && e.action == "create") e.comment.clear();
    if (e.actor_id) ids.push_back(*e.actor_id);
  }
  out["timeline"] = timeline_json(timeline, names(tx, ids));
  json::array actions;
  for (const auto* t : offered(tx, ctx, w)) actions.push_back(action_json(*t));
  out["actions"] = std::move(actions);
  return out;
}

}  // namespace wangge::services
