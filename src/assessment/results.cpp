// What is done to a run once computed: manual points (加减分) on a subject of a draft, always
// with a reason, the total and the ranks following; freezing (no change after it: a
// recomputation makes the period's next version); commendations (表彰) of a frozen run's
// subjects. Each audited.
#include <cmath>

#include "assessment/service.h"
#include "assessment/store.h"
#include "audit/audit.h"
#include "core/error.h"

namespace wangge::assessment {
namespace {

[[noreturn]] void no_run(std::int64_t id) {
  throw_not_found("no assessment run " + std::to_string(id), "考核结果 " + std::to_string(id) + " 不存在");
}

Result subject_of_run(storage::Tx& tx, std::int64_t run_id, const std::string& subject) {
  auto r = store::result(tx, run_id, subject);
  if (!r) throw_validation("subject", "a subject of this run", "应为本次考核的对象");
  return *r;
}

}  // namespace

Run Service::readable_run(storage::Tx& tx, const Context& ctx, std::int64_t id, std::string_view permission) const {
  auto r = store::run(tx, id);
  if (!r) no_run(id);
  ctx.require(permission, r->region_path);
  return *r;
}

Adjustment Service::adjust(storage::Tx& tx, const Context& ctx, std::int64_t run_id, const std::string& subject,
                           double points, const std::string& reason) {
  Run run = readable_run(tx, ctx, run_id, "assessment:result:write");
  if (run.status != "draft")
    throw Error("conflict", {}, "the run is frozen: recompute it for a new version",
                "考核结果已确认，如需调整请重新计算生成新版本");
  if (reason.empty()) throw_validation("reason", "manual points need their reason", "加减分须填写理由");
  points = round2(points);
  if (points == 0 || std::fabs(points) > 100)
    throw_validation("points", "from -100 to 100, not 0", "应为 -100 至 100 之间的非零分值");
  Result before = subject_of_run(tx, run_id, subject);
  Adjustment a;
  a.run_id = run_id;
  a.subject_key = subject;
  a.points = points;
  a.reason = reason;
  a.created_by = ctx.user().user_id;
  a.created_at = storage::now_ms();
  a.id = store::insert_adjustment(tx, a);
  double manual = round2(before.manual + points);
  store::set_manual(tx, run_id, subject, manual, round2(before.computed + manual));
  audit::append(tx, audit::entry(ctx, "assessment:run:adjust", "assessment_run:" + std::to_string(run_id),
                                 json::object{{"adjustment", a.id}, {"subject", subject}, {"points", points}}));
  return a;
}

Run Service::freeze(storage::Tx& tx, const Context& ctx, std::int64_t run_id) {
  Run run = readable_run(tx, ctx, run_id, "assessment:result:write");
  std::int64_t now = storage::now_ms();
  if (run.status != "draft" || !store::freeze(tx, run_id, now, ctx.user().user_id))
    throw Error("conflict", {}, "the run is frozen already", "考核结果已确认");
  run.status = "frozen";
  run.frozen_at = now;
  run.frozen_by = ctx.user().user_id;
  audit::append(tx, audit::entry(ctx, "assessment:run:freeze", "assessment_run:" + std::to_string(run_id),
                                 json::object{{"period", run.period}, {"version", run.version}}));
  return run;
}

Commendation Service::commend(storage::Tx& tx, const Context& ctx, std::int64_t run_id, const std::string& subject,
                              const std::string& title, const std::string& reason) {
  Run run = readable_run(tx, ctx, run_id, "assessment:result:write");
  if (run.status != "frozen")
    throw Error("conflict", {}, "commendations are given on a frozen run", "考核结果确认后方可表彰");
  subject_of_run(tx, run_id, subject);
  Commendation c;
  c.run_id = run_id;
  c.subject_key = subject;
  c.title = title;
  c.reason = reason;
  c.created_by = ctx.user().user_id;
  c.created_at = storage::now_ms();
  c.id = store::insert_commendation(tx, c);
  audit::append(tx, audit::entry(ctx, "assessment:run:commend", "assessment_run:" + std::to_string(run_id),
                                 json::object{{"commendation", c.id}, {"subject", subject}}));
  return c;
}

}  // namespace wangge::assessment
