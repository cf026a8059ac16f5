// The party module's model (docs/PARTY.md): organisations on territory nodes, members'
// stays in them, and members' pledges; and the pure rules between them (rules.cpp): which
// level fits which node, which level may sit under which, which post fits which level.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wangge::party {

// The organisation levels of seed 004's system, top down (the fifth level, 党员联系户, is the
// teams module's households in members' care).
inline constexpr const char* kLevels[] = {"working_committee", "committee", "general_branch", "branch", "group"};
inline constexpr const char* kOrgStates[] = {"active", "dissolved"};
inline constexpr const char* kKinds[] = {"regular", "in_service"};
inline constexpr const char* kPosts[] = {"secretary", "deputy_secretary", "committee_member", "group_leader", "member"};
inline constexpr const char* kLeaveReasons[] = {"transferred", "moved_away", "deceased", "other"};
inline constexpr const char* kPledgeKinds[] = {"identity", "responsibility", "service"};
inline constexpr const char* kPledgeStates[] = {"active", "fulfilled", "withdrawn"};

// A member may hold this many active pledges at once.
inline constexpr std::int64_t kMaxActivePledges = 20;

struct Org {
  std::int64_t id = 0;
  std::string name, level, region_code, region_path;
  std::optional<std::int64_t> parent_id, building_id;
  std::string building_name, secretary_name;
  std::optional<std::string> founded_on;  // YYYY-MM-DD
  std::string status = "active";
  std::string dissolved_reason;
  std::optional<std::int64_t> dissolved_at;
  std::int64_t version = 1, created_at = 0, updated_at = 0;
  // Filled by reads.
  std::string parent_name;
  std::int64_t members = 0, children = 0;  // current members; active child organisations
};

struct Member {
  std::int64_t id = 0, org_id = 0;
  std::string region_path;  // the organisation's
  std::optional<std::int64_t> person_id, user_id;
  std::string name, kind = "regular", post = "member", home_unit, home_org_name;
  std::optional<std::string> phone_sealed, phone_index;
  std::string phone_masked;
  std::optional<std::string> joined_party_on;
  std::string joined_on;
  std::optional<std::string> left_on, leave_reason;
  std::string leave_note;
  std::optional<std::int64_t> transferred_from, transferred_to;
  std::int64_t version = 1, created_at = 0, updated_at = 0;
  // Filled by reads: the organisation's name, level and node; active pledges.
  std::string org_name, org_level, region_code;
  std::int64_t pledges = 0;
  bool active() const { return !left_on.has_value(); }
};

struct Pledge {
  std::int64_t id = 0, member_id = 0;
  std::string region_path, kind, content, status = "active", note;
  std::optional<std::int64_t> created_by, closed_by, closed_at;
  std::int64_t version = 1, created_at = 0, updated_at = 0;
  // Filled by reads: the member's name, linked account and organisation.
  std::string member_name, org_name, region_code;
  std::int64_t org_id = 0;
  std::optional<std::int64_t> member_user_id;
};

// --- rules (rules.cpp) ---
// 0 for working_committee ... 4 for group; -1 for an unknown level.
int level_rank(std::string_view level);
// Whether an organisation of `level` may sit on a territory node of `territory_level`:
// working_committee on a town or community; committee and general_branch on a community;
// branch and group on a grid.
bool level_fits(std::string_view level, std::string_view territory_level);
// Whether `parent` may hold `child` (its level strictly higher).
bool level_above(std::string_view parent, std::string_view child);
// Whether a post exists in an organisation of `level`: a group has a group leader and
// members; the others a secretary, deputies, committee members and members.
bool post_fits(std::string_view level, std::string_view post);
// part ÷ whole in percent, two decimals, truncated (0 when whole is 0).
double percent(std::int64_t part, std::int64_t whole);

}  // namespace wangge::party
