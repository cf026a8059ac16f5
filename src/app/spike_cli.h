// wangge spike-eval: the spike detector measured on a database's history (events/spikes_eval.h),
// printed as Markdown tables for docs/EVENTS.md and docs/PERFORMANCE.md.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>

#include "core/config.h"

namespace wangge {

struct SpikeEvalFlags {
  std::string root;        // a region code: only the grids under it ("" = every grid)
  std::uint64_t seed = 1;  // the injections' random draws
  int injections = 2000;   // random grid × category × day draws, each tried with every size
  double alpha = 1e-3;     // the detector's threshold to measure (the scan's is the default)
};

// Opens the deployment of cfg (its data directory or database; migrations applied as at any
// start), measures and prints the report to out. Returns 0, or 1 when the history has no day
// with eight weeks before it (nothing to measure).
int run_spike_eval(Config cfg, const SpikeEvalFlags& flags, std::ostream& out);

}  // namespace wangge
