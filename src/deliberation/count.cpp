#include "deliberation/count.h"

#include <numeric>

namespace wangge::deliberation {

Count count_ballot(const CountRule& rule, std::int64_t eligible, const std::vector<std::int64_t>& votes,
                   std::int64_t abstained) {
  Count c;
  c.cast = std::accumulate(votes.begin(), votes.end(), std::int64_t{0}) + abstained;
  // The least n with 2n > x, and the least n with 3n >= 2x.
  auto more_than_half = [](std::int64_t x) { return x / 2 + 1; };
  auto two_thirds = [](std::int64_t x) { return (2 * x + 2) / 3; };
  if (rule.quorum == "more_than_half") {
    c.quorum_needed = more_than_half(eligible);
  } else if (rule.quorum == "two_thirds") {
    c.quorum_needed = two_thirds(eligible);
  }
  c.quorum_met = c.cast >= c.quorum_needed;
  c.base = rule.base == "eligible" ? eligible : c.cast;
  c.needed = rule.threshold == "two_thirds" ? two_thirds(c.base) : more_than_half(c.base);
  if (c.needed < 1) c.needed = 1;
  if (!c.quorum_met) {
    c.outcome = "no_quorum";
    return c;
  }
  for (std::size_t i = 0; i < votes.size(); ++i) {
    if (votes[i] >= c.needed) {
      c.winner = static_cast<int>(i);
      break;
    }
  }
  bool passed = rule.kind == "approve" ? c.winner == 0 : c.winner.has_value();
  c.outcome = passed ? "passed" : "failed";
  return c;
}

}  // namespace wangge::deliberation
