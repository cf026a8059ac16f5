// Counting a ballot (表决): the quorum and the threshold as the organic laws word them,
// in integers only, so that "过半数" (more than half) and "三分之二以上" (two thirds or
// more) are exact for every electorate (docs/DELIBERATION.md, "Counting").
//
//   cast      = the votes for any option + the abstentions (those who took part)
//   quorum    none | more_than_half (2·cast > eligible) | two_thirds (3·cast ≥ 2·eligible)
//   base      present (= cast) | eligible
//   threshold majority (2·votes > base) | two_thirds (3·votes ≥ 2·base), and at least one vote
//
// An "approve" ballot (同意 / 不同意 / 弃权) passes when its first option meets the
// threshold; a "choose" ballot passes with the one option that meets it (two cannot).
// Without the quorum the outcome is no_quorum whatever the votes.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace wangge::deliberation {

struct CountRule {
  std::string_view kind = "approve";        // approve | choose
  std::string_view quorum = "none";         // none | more_than_half | two_thirds
  std::string_view threshold = "majority";  // majority | two_thirds
  std::string_view base = "present";        // present | eligible
};

struct Count {
  std::string_view outcome;        // passed | failed | no_quorum
  std::optional<int> winner;       // the option that met the threshold
  std::int64_t cast = 0;           // took part (votes + abstentions)
  std::int64_t base = 0;           // what the threshold is taken of
  std::int64_t needed = 0;         // the least votes an option needs to pass
  std::int64_t quorum_needed = 0;  // the least taking part for the quorum
  bool quorum_met = false;
};

// votes[i] for option i; abstained apart. Requires sum(votes) + abstained <= eligible.
Count count_ballot(const CountRule& rule, std::int64_t eligible, const std::vector<std::int64_t>& votes,
                   std::int64_t abstained);

}  // namespace wangge::deliberation
