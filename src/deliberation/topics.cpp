// Collecting topics (收集议题, seed 001): a resident, a worker, a unit or the council
// proposes one to a council whose place the proposer reaches, or raises it from an event or
// a visit they may read (its text and place carried over, the record named so that it is
// raised once); others support it while it is collected.
#include "core/error.h"
#include "deliberation/service.h"
#include "deliberation/store.h"
#include "territory/service.h"

namespace wangge::deliberation {
namespace {

// Staff: a grant of a role other than the residents' own (resident, volunteer, party member).
bool is_staff(const Principal& u) {
  for (const auto& g : u.grants)
    if (g.role != "resident" && g.role != "volunteer" && g.role != "party_member") return true;
  return false;
}

[[noreturn]] void no_topic(std::int64_t id) {
  throw_not_found("no topic " + std::to_string(id), "议题 " + std::to_string(id) + " 不存在");
}

}  // namespace

Topic Service::readable_topic(storage::Tx& tx, const Context& ctx, std::int64_t id) const {
  auto t = store::topic(tx, id);
  if (!t || !can_read(ctx, t->region_path)) no_topic(id);
  return *t;
}

Topic Service::managed_topic(storage::Tx& tx, const Context& ctx, std::int64_t id) const {
  Topic t = readable_topic(tx, ctx, id);
  if (!manages(ctx, t.council_path)) {
    auto r = topic_actor_refusal(TopicActor::council);
    throw Error("forbidden", {}, std::string(r.en), std::string(r.zh));
  }
  return t;
}

bool Service::is_actor(const Context& ctx, TopicActor actor, const Topic& t) const {
  if (actor == TopicActor::council) return manages(ctx, t.council_path);
  return t.proposer_id == ctx.user().user_id;
}

Topic Service::propose(storage::Tx& tx, const Context& ctx, const Proposal& p) {
  auto c = store::council(tx, p.council_id);
  if (!c || !can_read(ctx, c->region_path)) throw_validation("council_id", "a council you can see", "应为可见的议事会");
  if (!c->active) throw Error("conflict", "council_id", "the council is dissolved", "该议事会已撤销");
  const Principal& u = ctx.user();
  if (!u.reaches("deliberation:topic:propose", c->region_path))
    throw Error("forbidden", {}, "you may not propose topics to this council", "您不能向该议事会提出议题");
  Topic t;
  t.council_id = c->id;
  t.title = p.title;
  t.description = p.description;
  t.unit_name = p.unit_name;
  t.region_code = p.region_code.empty() ? c->region_code : p.region_code;
  if (p.source_id) {
    // Raised from an event or a visit in one step: its text and place carried over.
    t.source = p.source;
    t.source_ref = p.source + ":" + std::to_string(*p.source_id);
    auto src = source_of_ ? source_of_(tx, ctx, p.source, *p.source_id) : std::nullopt;
    if (!src) throw_validation("source_id", "an " + p.source + " you may read", "应为您可查看的记录");
    if (auto other = store::topic_of_source(tx, t.source_ref))
      throw Error("conflict", "source_id", "already raised as topic " + std::to_string(*other),
                  "该记录已提为议题 " + std::to_string(*other));
    if (t.title.empty()) t.title = src->title.substr(0, 90);
    if (t.description.empty()) t.description = src->description;
    if (p.region_code.empty() && !src->region_code.empty()) t.region_code = src->region_code;
  } else {
    t.source = !p.unit_name.empty()           ? "unit"
               : manages(ctx, c->region_path) ? "council"
               : is_staff(u)                  ? "worker"
                                              : "resident";
  }
  if (t.title.empty()) throw_validation("title", "the topic's title", "请填写议题名称");
  auto region = territory_.find(t.region_code, false);
  if (!region || !path_within(region->path, c->region_path))
    throw_validation("region_code", "the council's place or a node under it", "应为议事会所在区域或其下级区域");
  t.region_path = region->path;
  t.proposer_id = u.user_id;
  t.status = "proposed";
  t.created_at = t.updated_at = storage::now_ms();
  t.id = store::insert_topic(tx, t);
  t.council_name = c->name;
  t.council_level = c->level;
  t.council_path = c->region_path;
  json::object detail{{"source", t.source}};
  if (!t.source_ref.empty()) detail["source_ref"] = t.source_ref;
  record(tx, ctx, t, "propose", "", "", detail);
  return t;
}

Topic Service::support(storage::Tx& tx, const Context& ctx, std::int64_t topic_id, bool on) {
  Topic t = readable_topic(tx, ctx, topic_id);
  if (!ctx.user().reaches("deliberation:topic:propose", t.region_path))
    throw Error("forbidden", {}, "you may not support topics here", "您不能附议该议题");
  if (on) {
    require_stage(t, "proposed", "Supports", "附议");
    if (t.proposer_id == ctx.user().user_id)
      throw Error("conflict", {}, "you proposed this topic", "您是该议题的提出人");
    if (store::add_support(tx, t.id, ctx.user().user_id, storage::now_ms())) ++t.supporters;
  } else if (store::remove_support(tx, t.id, ctx.user().user_id)) {
    --t.supporters;
  }
  return t;
}

}  // namespace wangge::deliberation
