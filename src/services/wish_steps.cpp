// The wish engine and its steps: runs one row of the wish table (case_flow.cpp) with the
// checks every lifecycle table gets (core/flow.h), then stores the wish (version-checked:
// of two claimers racing for one wish, one wins and the other gets 409), its timeline
// entry, the audit record and the notifications. Claims that ran out return to the wall
// (lapse_claims, run by the scheduler on the node holding the background lease).
#include "audit/audit.h"
#include "core/error.h"
#include "services/service.h"
#include "services/store.h"
#include "territory/service.h"

namespace wangge::services {
namespace {

void record(storage::Tx& tx, const std::optional<std::int64_t>& actor_id, const std::string& actor, const Wish& w,
            std::string_view action, const std::string& from, TimelineEntry& entry, const json::object& detail) {
  entry.record_kind = "wish";
  entry.record_id = w.id;
  entry.action = std::string(action);
  entry.actor_id = actor_id;
  entry.actor = actor;
  entry.from_status = from;
  entry.to_status = w.status;
  entry.at = w.updated_at;
  entry.detail = json::to_text(detail);
  store::append(tx, entry);
}

// The wisher and the worker who collected the wish (told of its claim and fulfilment).
std::vector<std::int64_t> wisher_side(const Wish& w) {
  std::vector<std::int64_t> out;
  if (w.wisher_id) out.push_back(*w.wisher_id);
  if (w.collector_id) out.push_back(*w.collector_id);
  return out;
}

}  // namespace

Wish Service::act_on_wish(storage::Tx& tx, const Context& ctx, std::int64_t id, const WishTransition& t,
                          std::int64_t version, const json::object& body) {
  auto found = store::wish(tx, id);
  const Principal& u = ctx.user();
  if (!found || (!can_read_whole(u, *found) && !on_wall_of(u, *found)))
    throw_not_found("no wish " + std::to_string(id), "心愿不存在");
  const Wish before = *found;
  if (!is_actor(ctx, t.actor, before)) {
    // A member who lost the race for a wish hears that, not "not yours".
    if (t.actor == WishActor::candidate && before.status == "claimed")
      throw Error("conflict", {}, "someone else claimed the wish first", "该心愿已被他人认领");
    auto r = wish_actor_refusal(t.actor);
    throw Error("forbidden", {}, std::string(r.en), std::string(r.zh));
  }
  Wish w = before;
  std::int64_t now = storage::now_ms();
  TimelineEntry entry;
  json::object detail;
  std::vector<std::int64_t> notify;
  WishStep step{*this, tx, ctx, w, before, body, now, entry, detail, notify};
  entry.comment = json::opt_string(body, "comment", 2000).value_or("");
  static constexpr flow::Noun kWish{"the wish", "心愿"};
  flow::admit(t, {kWish, wish_states(), before.status, before.version, version}, before, WishGuardContext{now},
              entry.comment, body, wish_step_input(t));
  t.run(step);
  if (!t.to.empty()) w.status = std::string(t.to);
  w.version = before.version + 1;
  w.updated_at = now;
  if (!store::update_wish(tx, w, before.version)) {
    if (t.actor == WishActor::candidate)
      throw Error("conflict", {}, "someone else claimed the wish first", "该心愿已被他人认领");
    throw Error("stale_version", "version", "the wish changed meanwhile", "心愿已被他人修改");
  }
  record_step(tx, ctx, "wish", w.id, t.action, before.status, w.status, now, entry, detail);
  if (w.status == "confirmed" && before.status != "confirmed" && w.claimer_kind == "member" && w.claimer_id && deeds_) {
    // A member's claim fulfilled and confirmed by the wisher: the member's deed.
    deeds::Deed d;
    d.kind = deeds::kWishFulfilled;
    d.ref = "wish:" + std::to_string(w.id);
    d.user_id = w.claimer_id;
    d.region_path = w.region_path;
    d.at = now;
    d.actor_id = ctx.actor_id();
    deeds_(tx, d);
  }
  std::erase(notify, u.user_id);
  tell(tx, notify, "wish." + std::string(t.action), "wish", w.id, std::string(t.name_zh) + "：" + w.title,
       std::string(t.name_en) + ": " + w.title);
  return w;
}

void publish_wish(WishStep& s) {
  std::string path = community_path_of(s.w.region_path);
  if (path.empty()) path = s.w.region_path;
  if (auto code = json::opt_string(s.body, "publish_region_code", 24)) {
    auto region = s.svc.territory().find(*code, false);
    if (!region || s.w.region_path.rfind(region->path, 0) != 0)
      throw_validation("publish_region_code", "a node that holds the wisher's place", "应为包含心愿人所在地的区域");
    s.ctx.require("services:wish:review", region->path);
    path = region->path;
  }
  s.w.publish_path = path;
  s.detail["publish_path"] = path;
  s.notify = wisher_side(s.w);
}

void decline_wish(WishStep& s) {
  s.notify = wisher_side(s.w);
}

void claim_wish(WishStep& s) {
  std::string kind = json::one_of(s.body, "claimer_kind", kClaimerKinds, "member");
  std::string name = json::opt_string(s.body, "claimer_name", 100).value_or("");
  if (kind != "member" && name.empty())
    throw_validation("claimer_name", "the organisation or unit that claims it", "请填写认领的组织或单位名称");
  if (kind == "member") name = s.svc.names(s.tx, {s.ctx.user().user_id})[s.ctx.user().user_id];
  s.w.claimer_kind = kind;
  s.w.claimer_id = s.ctx.user().user_id;
  s.w.claimer_name = name;
  s.w.claimed_at = s.now;
  s.w.claim_due_at = s.now + std::int64_t{s.svc.claim_days} * 86'400'000;
  s.w.claims += 1;
  s.detail["claimer_kind"] = kind;
  s.detail["claimer_name"] = name;
  s.notify = wisher_side(s.w);
}

namespace {
void back_to_wall(Wish& w) {
  w.claimer_kind.reset();
  w.claimer_id.reset();
  w.claimer_name.clear();
  w.claimed_at.reset();
  w.claim_due_at.reset();
}
}  // namespace

void release_wish(WishStep& s) {
  back_to_wall(s.w);
  s.notify = wisher_side(s.w);
}

void fulfil_wish(WishStep& s) {
  const auto* v = s.body.if_contains("photos");
  if (!v || !v->is_array() || v->as_array().empty())
    throw_validation("photos", "a photo of the wish fulfilled", "请上传心愿兑现的照片");
  std::vector<std::string> hashes;
  for (const auto& h : v->as_array()) hashes.emplace_back(h.as_string());
  s.svc.link_photos(s.tx, s.ctx, hashes, s.w.id, "wish");
  s.entry.photos = json::to_text(*v);
  s.w.fulfilled_at = s.now;
  s.notify = wisher_side(s.w);
}

void confirm_wish(WishStep& s) {
  s.w.confirmed_at = s.now;
  if (s.w.claimer_id) s.notify.push_back(*s.w.claimer_id);
}

void withdraw_wish(WishStep& s) {
  if (s.w.claimer_id) s.notify.push_back(*s.w.claimer_id);
}

std::size_t Service::lapse_claims(std::int64_t now) {
  std::vector<std::int64_t> ids;
  db_.read([&](storage::Tx& tx) { ids = store::lapsed_claims(tx, now, 200); });
  std::size_t moved = 0;
  for (auto id : ids) {
    db_.write([&](storage::Tx& tx) {
      auto found = store::wish(tx, id);
      if (!found || found->status != "claimed" || !found->claim_due_at || *found->claim_due_at >= now) return;
      Wish w = *found;
      const auto claimer = w.claimer_id;
      const std::string claimer_name = w.claimer_name;
      back_to_wall(w);
      w.status = "published";
      w.version += 1;
      w.updated_at = now;
      if (!store::update_wish(tx, w, found->version)) return;  // moved meanwhile
      TimelineEntry entry;
      entry.comment = "认领超过 " + std::to_string(claim_days) + " 天未兑现，重新发布";
      record(tx, std::nullopt, "system", w, "lapse", "claimed", entry,
             json::object{{"claimer_name", claimer_name}, {"claim_days", claim_days}});
      audit::Entry a;
      a.actor = "system";
      a.action = "services:wish:lapse";
      a.target = "wish:" + std::to_string(w.id);
      a.detail = json::to_text(json::object{{"claimer", claimer ? json::value(*claimer) : json::value(nullptr)}});
      audit::append(tx, a);
      std::vector<std::int64_t> told = wisher_side(w);
      if (claimer) told.push_back(*claimer);
      tell(tx, told, "wish.lapse", "wish", w.id, "认领已过期，心愿重新发布：" + w.title,
           "The claim ran out; the wish is back on the wall: " + w.title);
      ++moved;
    });
  }
  return moved;
}

}  // namespace wangge::services
