// The case engine and its steps: runs one row of the case table (case_flow.cpp) with the
// checks every lifecycle table gets (core/flow.h), then stores the case (version-checked),
// its timeline entry and the audit record. A window case is done or refused by the
// window's staff; a hard case's coordinator whistles departments on the case's event
// (吹哨报到, through the events module: the departments report in from their own queue)
// and closes it with the solution, which closes the event too.
#include "core/error.h"
#include "services/service.h"
#include "services/store.h"

namespace wangge::services {

bool Service::is_actor(const Context& ctx, CaseActor actor, const Case& c) const {
  const Principal& u = ctx.user();
  if (actor == CaseActor::clerk) return u.can("services:case:create", c.region_path);
  return c.coordinator_id && *c.coordinator_id == u.user_id && u.can("services:case:coordinate", c.region_path);
}

std::vector<const CaseTransition*> Service::offered(storage::Tx& /*tx*/, const Context& ctx, const Case& c) {
  std::vector<const CaseTransition*> out;
  for (const auto* t : flow::open_rows(case_transitions(), c, c.status, CaseGuardContext{storage::now_ms()})) {
    if (is_actor(ctx, t->actor, c)) out.push_back(t);
  }
  return out;
}

Case Service::act_on_case(storage::Tx& tx, const Context& ctx, std::int64_t id, const CaseTransition& t,
                          std::int64_t version, const json::object& body) {
  auto found = store::find_case(tx, id);
  if (!found || !can_read(ctx, *found)) throw_not_found("no case " + std::to_string(id), "办件不存在");
  const Case before = *found;
  if (!is_actor(ctx, t.actor, before)) {
    auto r = case_actor_refusal(t.actor);
    throw Error("forbidden", {}, std::string(r.en), std::string(r.zh));
  }
  Case c = before;
  std::int64_t now = storage::now_ms();
  TimelineEntry entry;
  json::object detail;
  CaseStep step{*this, tx, ctx, c, body, now, entry, detail};
  entry.comment = json::opt_string(body, "comment", 2000).value_or("");
  static constexpr flow::Noun kCase{"the case", "办件"};
  flow::admit(t, {kCase, case_states(), before.status, before.version, version}, before, CaseGuardContext{now},
              entry.comment, body, case_step_input(t));
  t.run(step);
  if (!t.to.empty()) c.status = std::string(t.to);
  c.version = before.version + 1;
  c.updated_at = now;
  if (!store::update_case(tx, c, before.version))
    throw Error("stale_version", "version", "the case changed meanwhile", "办件已被他人修改");
  record_step(tx, ctx, "case", c.id, t.action, before.status, c.status, now, entry, detail);
  return c;
}

void complete_case(CaseStep& s) {
  s.c.outcome = s.entry.comment;
  s.c.closed_at = s.now;
  s.detail["on_time"] = s.now <= s.c.due_at;
}

void refuse_case(CaseStep& s) {
  s.c.outcome = s.entry.comment;
  s.c.closed_at = s.now;
}

void summon_departments(CaseStep& s) {
  s.c.event_id = s.svc.summon(s.tx, s.ctx, s.c, s.body);
  s.detail["event_id"] = *s.c.event_id;
  if (const auto* ids = s.body.if_contains("department_ids")) s.detail["department_ids"] = *ids;
}

void solve_case(CaseStep& s) {
  s.svc.conclude(s.tx, s.ctx, *s.c.event_id, s.entry.comment);
  s.c.outcome = s.entry.comment;
  s.c.closed_at = s.now;
  s.detail["on_time"] = s.now <= s.c.due_at;
}

void rate_case(CaseStep& s) {
  s.c.rating = static_cast<int>(s.body.at("rating").as_int64());
  s.detail["rating"] = *s.c.rating;
}

std::int64_t Service::summon(storage::Tx& tx, const Context& ctx, const Case& c, const json::object& body) {
  if (!hard_.summon) throw Error("unavailable", {}, "departments cannot be summoned here", "无法吹哨");
  return hard_.summon(tx, ctx, c, body);
}

void Service::conclude(storage::Tx& tx, const Context& ctx, std::int64_t event_id, const std::string& solution) {
  if (hard_.conclude) hard_.conclude(tx, ctx, event_id, solution);
}

}  // namespace wangge::services
