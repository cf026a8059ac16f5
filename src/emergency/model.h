// The emergency module's model (docs/EMERGENCY.md): plans per node and hazard, teams and
// their members' stays, patrols and drills with attendance, supplies with movements, and
// alerts with their recipients' responses; and the pure rules the use cases share
// (logic.cpp, emergency_test.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wangge::emergency {

inline constexpr const char* kHazards[] = {"flood",    "typhoon",         "fire",       "earthquake",
                                           "epidemic", "public_security", "geological", "hazardous_chemicals",
                                           "other"};
inline constexpr const char* kPlanStates[] = {"draft", "active", "retired"};
inline constexpr const char* kTeamKinds[] = {"patrol", "rescue", "medical", "volunteer", "militia"};
inline constexpr const char* kMemberRoles[] = {"leader", "member"};
inline constexpr const char* kActivityKinds[] = {"patrol", "drill"};
inline constexpr const char* kActivityStates[] = {"scheduled", "held", "cancelled"};
inline constexpr const char* kAttendanceVia[] = {"code", "organiser"};
inline constexpr const char* kCategories[] = {"flood_control", "fire",          "medical", "food_water",
                                              "lighting",      "communication", "shelter", "other"};
inline constexpr const char* kDirections[] = {"in", "out"};
inline constexpr const char* kLevels[] = {"blue", "yellow", "orange", "red"};
inline constexpr const char* kAlertStates[] = {"open", "closed"};
inline constexpr const char* kResponses[] = {"arriving", "on_site", "unavailable"};

struct Plan {
  std::int64_t id = 0;
  std::string region_code, region_path, hazard, title;
  std::string warning, supplies, organisation, coordination;  // 预警分析, 物资储备, 人员组织, 作战协同
  std::vector<std::string> attachments;
  std::string status = "draft";
  std::optional<std::string> reviewed_on;
  std::optional<std::int64_t> activated_at, retired_at;
  std::string retired_reason;
  std::int64_t author_id = 0;
  std::int64_t version = 1, created_at = 0, updated_at = 0;
};

struct Team {
  std::int64_t id = 0;
  std::string region_code, region_path, kind, name, note;
  bool active = true;
  std::int64_t version = 1, created_at = 0, updated_at = 0;
  std::int64_t members = 0;  // current, filled by reads
  std::string leader_name;   // the current leader's, filled by reads
};

struct Member {
  std::int64_t id = 0, team_id = 0;
  std::string name;
  std::optional<std::string> phone_sealed;
  std::string phone_masked, phone_index;
  std::optional<std::int64_t> user_id;
  std::string role = "member";
  std::string since;
  std::optional<std::string> until;
  std::string left_reason;
  std::int64_t joined_at = 0;
  std::optional<std::int64_t> left_at;
};

struct Activity {
  std::int64_t id = 0;
  std::string region_code, region_path, kind, title, place;
  std::optional<std::int64_t> plan_id;
  std::int64_t starts_at = 0, ends_at = 0;
  std::string status = "scheduled";
  std::int64_t organiser_id = 0;
  std::string code_key;
  std::string summary, findings, cancel_reason;
  std::optional<std::int64_t> expected, attended, assembly_minutes, held_at, cancelled_at;
  std::int64_t version = 1, created_at = 0, updated_at = 0;
  std::vector<std::int64_t> team_ids;  // filled by reads
  std::int64_t present = 0;            // attendance rows so far, filled by reads
};

// A member of a called team on an activity's roster, and whether they attended.
struct RosterEntry {
  std::int64_t member_id = 0, team_id = 0;
  std::string name, role;
  std::optional<std::int64_t> user_id;
  bool present = false;
  std::optional<std::int64_t> arrived_at;
  std::string via;
};

struct Supply {
  std::int64_t id = 0;
  std::string region_code, region_path, name, category, unit, location, keeper_name;
  std::int64_t quantity = 0, min_quantity = 0;
  std::optional<std::string> expires_on;
  std::int64_t version = 1, created_at = 0, updated_at = 0;
};

struct Movement {
  std::int64_t id = 0, supply_id = 0;
  std::string direction;
  std::int64_t quantity = 0, balance = 0;
  std::string reason;
  std::optional<std::int64_t> actor_id;
  std::int64_t at = 0;
};

struct Alert {
  std::int64_t id = 0;
  std::string region_code, region_path, level, hazard, message, status = "open";
  std::int64_t sender_id = 0, sent_at = 0, recipients = 0, responded = 0;
  std::optional<std::int64_t> closed_at;
  std::string close_note;
  std::int64_t version = 1;
  std::vector<std::int64_t> team_ids;  // filled by reads
};

struct Recipient {
  std::int64_t alert_id = 0, user_id = 0, team_id = 0;
  std::string name;
  std::optional<std::string> response;
  std::string note;
  std::optional<std::int64_t> first_response_at, responded_at;
};

struct Response {
  std::int64_t id = 0, alert_id = 0, user_id = 0;
  std::string response, note;
  std::int64_t at = 0;
};

// --- pure rules (logic.cpp; emergency_test.cpp) ---

// Check-ins by code count from an hour before the start to the end; the organiser's code
// is shown in the same window.
inline constexpr std::int64_t kCheckInLeadMs = 3'600'000;
bool within_check_in(std::int64_t starts_at, std::int64_t ends_at, std::int64_t now_ms);
// 集结用时: whole minutes from the start to the last arrival counted (an arrival before the
// start counts as 0); nullopt without any arrival time.
std::optional<std::int64_t> assembly_minutes(std::int64_t starts_at, const std::vector<std::int64_t>& arrivals);
// part ÷ whole in percent, two decimals, truncated (0 when whole is 0).
double percent(std::int64_t part, std::int64_t whole);
// The mean of per-activity attendance rates (each attended ÷ expected, in basis points,
// truncated), in percent with two decimals; activities expecting no one are left out;
// nullopt when none is left.
std::optional<double> mean_rate(const std::vector<std::pair<std::int64_t, std::int64_t>>& attended_expected);
// The mean of values with two decimals, truncated; nullopt for none.
std::optional<double> mean(const std::vector<std::int64_t>& values);
// The median (the mean of the two middle values for an even count); nullopt for none.
std::optional<double> median(std::vector<std::int64_t> values);
// A stock's flags on `today` (YYYY-MM-DD): expired (expires_on before today), expiring
// (today up to `soon`, inclusive), below its minimum.
struct SupplyFlags {
  bool expired = false, expiring = false, below_minimum = false;
};
SupplyFlags flags_of(const Supply& s, const std::string& today, const std::string& soon);
// "2026-07-15" -> "2026-Q3".
std::string quarter_of(std::string_view day);
// The community a node's path lies in (its 12-digit segment), or "" above communities.
std::string community_of(std::string_view path);
// The code of the node a path ends with ("/44/4404/440404/" -> "440404").
std::string code_of(std::string_view path);
// Whether two nodes are on one line: one is the other or lies under it.
bool on_line(std::string_view a, std::string_view b);
// Whether a plan may go from `from` to `to` (draft -> active -> retired; a draft may be
// retired unused).
bool plan_step_allowed(std::string_view from, std::string_view to);
// The Chinese name of a hazard, kind, category, level, state or response ("flood" -> "防汛");
// "" when it has none.
const char* name_zh(std::string_view value);
// Whether an activity may go from `from` to `to` (scheduled -> held | cancelled).
bool activity_step_allowed(std::string_view from, std::string_view to);

}  // namespace wangge::emergency
