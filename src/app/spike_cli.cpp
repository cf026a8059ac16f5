// wangge spike-eval (app/spike_cli.h): opens the deployment like the other offline commands
// (generate-care and the rest build the App on the configuration), then hands its database
// and calendar to the events module's evaluation.
#include "app/spike_cli.h"

#include <chrono>

#include "app/app.h"
#include "events/spikes_eval.h"
#include "territory/service.h"

namespace wangge {

int run_spike_eval(Config cfg, const SpikeEvalFlags& flags, std::ostream& out) {
  cfg.access_log = false;
  App app(cfg);
  events::spikes::EvalOptions o;
  if (!flags.root.empty()) o.root_path = app.territory().path_of(flags.root);  // 404 for an unknown code
  o.seed = flags.seed;
  o.injections = flags.injections;
  o.params.alpha = flags.alpha;
  auto t0 = std::chrono::steady_clock::now();
  auto report = events::spikes::evaluate(app.db(), app.calendar(), o);
  if (!report) {
    out << "spike-eval: no history to measure (no day with eight weeks of events with a grid before it)\n";
    return 1;
  }
  events::spikes::print_report(*report, o, out);
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  out << "\n(measured in " << s << " s)\n";
  return 0;
}

}  // namespace wangge
