// The demo's assessment (App::load_demo_assessment): two schemes of 平沙镇, the grid workers'
// monthly one (reports, on-the-spot solving, visits, disputes found, care coverage) and the
// grid chiefs' (片长) quarterly one (seed 002: "每季度对片长进行考核评比"), both active; the
// grid workers' scheme computed for last month from the demo's records, a manual point with
// its reason, frozen, and its best subject commended. Made through the module's use cases,
// as the town's leader would. Loaded once: nothing is added when the town has a scheme.
#include <spdlog/spdlog.h>

#include "accounts/service.h"
#include "app/app.h"
#include "assessment/service.h"
#include "assessment/store.h"
#include "core/calendar.h"
#include "territory/service.h"

namespace wangge {
namespace {

constexpr const char* kAssessmentDemoTown = "440404104";

struct AssessmentDemoActor {
  http::Request req;
  Context ctx{req};
};

assessment::Indicator assessment_demo_indicator(const char* key, double weight, double target) {
  assessment::Indicator i;
  i.key = key;
  i.weight = weight;
  i.target = target;
  if (const auto* spec = assessment::find_indicator(key)) i.direction = std::string(spec->direction);
  return i;
}

}  // namespace

void App::load_demo_assessment() {
  auto leader = std::make_unique<AssessmentDemoActor>();
  if (auto p = accounts_->principal_of("leader")) leader->ctx.set_principal(std::move(p));
  if (!leader->ctx.authenticated()) return;
  const Context& ctx = leader->ctx;
  auto& a = *assessment_;
  const std::string town_path = territory_->path_of(kAssessmentDemoTown);
  bool exists = db_->read_value<bool>([&](storage::Tx& tx) {
    assessment::store::SchemeFilter f;
    f.within = {town_path};
    f.limit = 1;
    return !assessment::store::schemes(tx, f).empty();
  });
  if (exists) return;
  try {
    assessment::Scheme workers;
    workers.name = "平沙镇网格员月度考核";
    workers.description = "网格员日常管理和考核：巡查上报、就地解决、入户走访、矛盾纠纷排查、包户走访";
    workers.post = "grid_worker";
    workers.region_code = kAssessmentDemoTown;
    workers.period_kind = "month";
    workers.indicators = {assessment_demo_indicator("reports_raised", 30, 10),
                          assessment_demo_indicator("self_handled", 20, 5), assessment_demo_indicator("visits", 30, 20),
                          assessment_demo_indicator("disputes_found", 10, 2),
                          assessment_demo_indicator("care_coverage", 10, 100)};
    assessment::Scheme chiefs;
    chiefs.name = "平沙镇片长季度考评";
    chiefs.description = "每季度对片长进行考核评比";
    chiefs.post = "grid_chief";
    chiefs.region_code = kAssessmentDemoTown;
    chiefs.period_kind = "quarter";
    chiefs.indicators = {assessment_demo_indicator("reports_raised", 20, 20),
                         assessment_demo_indicator("self_handled", 20, 10), assessment_demo_indicator("visits", 20, 40),
                         assessment_demo_indicator("care_coverage", 20, 100),
                         assessment_demo_indicator("drills_attended", 20, 3)};
    db_->write([&](storage::Tx& tx) {
      for (auto* s : {&workers, &chiefs}) {
        *s = a.create_scheme(tx, ctx, *s);
        *s = a.activate(tx, ctx, s->id);
      }
    });
    // Last month's run of the grid workers' scheme, reviewed and frozen.
    Day today = calendar_->day_of(storage::now_ms());
    assessment::Period last = assessment::period_of(assessment::period_of(today, "month").first - 1, "month");
    auto computed = a.compute(workers, last);
    assessment::Run run;
    db_->write([&](storage::Tx& tx) { run = a.store_run(tx, ctx, workers.id, last, computed); });
    std::optional<std::string> best;
    db_->read([&](storage::Tx& tx) {
      auto top = assessment::store::results(tx, run.id, std::nullopt, 1);
      if (!top.empty()) best = top.front().subject.key;
    });
    db_->write([&](storage::Tx& tx) {
      if (best) a.adjust(tx, ctx, run.id, *best, 2, "协助处置台风过境后的倒伏树木，镇考核小组加分");
      a.freeze(tx, ctx, run.id);
      if (best) a.commend(tx, ctx, run.id, *best, "优秀网格员", "本月巡查上报和入户走访成绩突出");
    });
    spdlog::info("demo assessment loaded: 2 schemes, run {} of {} ({} subjects) frozen", run.id, last.label,
                 run.subjects);
  } catch (const std::exception& e) {
    spdlog::warn("demo assessment not loaded: {}", e.what());
  }
}

}  // namespace wangge
