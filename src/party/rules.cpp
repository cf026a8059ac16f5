// The party module's pure rules (model.h): levels against territory levels and each other,
// posts against levels, rates.
#include <array>

#include "party/model.h"

namespace wangge::party {

int level_rank(std::string_view level) {
  for (std::size_t i = 0; i < std::size(kLevels); ++i)
    if (level == kLevels[i]) return static_cast<int>(i);
  return -1;
}

bool level_fits(std::string_view level, std::string_view territory_level) {
  if (level == "working_committee") return territory_level == "town" || territory_level == "community";
  if (level == "committee" || level == "general_branch") return territory_level == "community";
  if (level == "branch" || level == "group") return territory_level == "grid";
  return false;
}

bool level_above(std::string_view parent, std::string_view child) {
  int p = level_rank(parent), c = level_rank(child);
  return p >= 0 && c >= 0 && p < c;
}

bool post_fits(std::string_view level, std::string_view post) {
  if (level_rank(level) < 0) return false;
  if (post == "member") return true;
  if (level == "group") return post == "group_leader";
  return post == "secretary" || post == "deputy_secretary" || post == "committee_member";
}

double percent(std::int64_t part, std::int64_t whole) {
  return whole == 0 ? 0.0 : static_cast<double>(part * 10000 / whole) / 100.0;
}

}  // namespace wangge::party
