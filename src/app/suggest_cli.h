// `wangge suggest-heldout` and `wangge suggest-eval`: the held-out reports and the measure
// of the suggested category and department (events/suggest_eval.h; docs/EVENTS.md,
// "Suggested category and department").
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>

#include "core/config.h"

namespace wangge {

// The seed of the held-out set kept in bench/data/suggest_heldout.tsv (the demo history's
// is another).
inline constexpr std::uint64_t kSuggestHeldoutSeed = 22003;

// Writes `count` held-out reports to `out_path` (TSV); says so on `out`. Returns 0, or 1
// when the file cannot be written.
int run_suggest_heldout(const std::string& out_path, std::ostream& out, std::size_t count = 1500,
                        std::uint64_t seed = kSuggestHeldoutSeed);

// Opens the deployment `cfg` names, trains the model from its closed events as the server
// does, and evaluates it on the held-out set at `set_path`, printing the report to `out`.
// Returns 0 when it could measure, 1 when there was nothing to learn from or no row.
int run_suggest_eval(Config cfg, const std::string& set_path, std::ostream& out);

}  // namespace wangge
