// The teams module's model (docs/TEAMS.md): each grid's and community's team by post
// (网格小组, "三长三员一民警"), residents' calls to their grid team (在线呼叫) with the time
// they took to be answered, and households in a team member's care (包户) with their visits.
// Also the pure rules the use cases share: the calls' state table, nearest-rank
// percentiles, the visit interval of a household's class, the 六提六知 checklist.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wangge::teams {

// --- the roster ---

struct PostName {
  std::string_view post, name_zh, name_en;
};
// The posts of a team (seeds 001, 002, 003), in the order a board shows them.
inline constexpr PostName kPostNames[] = {
    {"grid_chief", "网格长", "Grid chief"},
    {"full_time", "专职网格员", "Full-time grid worker"},
    {"professional", "专业网格员", "Professional grid worker"},
    {"part_time", "兼职网格员", "Part-time grid worker"},
    {"building_head", "楼栋长", "Building head"},
    {"unit_head", "单元长（楼口长）", "Unit head"},
    {"neighbour_head", "邻长", "Neighbour head"},
    {"area_head", "片长", "Area head"},
    {"police", "社区民警", "Community police officer"},
    {"legal_adviser", "法律咨询员", "Legal adviser"},
    {"health_worker", "社区健康员", "Community health worker"},
    {"urban_management", "城管执法员", "Urban management officer"},
    {"market_regulator", "市场监管员", "Market regulator"},
    {"party_member", "党员", "Party member"},
    {"volunteer", "志愿者", "Volunteer"},
};
inline constexpr const char* kPosts[] = {"grid_chief",       "full_time",     "professional",   "part_time",
                                         "building_head",    "unit_head",     "neighbour_head", "area_head",
                                         "police",           "legal_adviser", "health_worker",  "urban_management",
                                         "market_regulator", "party_member",  "volunteer"};
inline constexpr const char* kMemberStates[] = {"active", "ended"};
// The levels a roster is kept at.
inline constexpr const char* kRosterLevels[] = {"grid", "community"};

// "三长三员一民警" (seed 001): the seven roles a grid's team has under that model; the
// 网格员 role is held by any of the three kinds of grid worker.
struct ModelRole {
  std::string_view role, name_zh;
  std::vector<std::string_view> posts;
};
const std::vector<ModelRole>& three_three_one();
// Whether the posts held in a grid (each active entry's post) fill every role above.
bool model_complete(const std::vector<std::string>& posts);
const PostName* find_post(std::string_view post);

struct Member {
  std::int64_t id = 0;
  std::string region_code, region_path, level;
  std::string post, name;
  std::optional<std::string> phone_sealed, phone_index;
  std::string phone_masked;
  bool phone_public = false;
  std::optional<std::string> photo;  // attachment hash
  std::string responsibility;        // 分工: "1-3栋"
  std::optional<std::int64_t> user_id, person_id;
  bool on_duty = false;
  std::int64_t sort = 0;
  std::string since;                 // YYYY-MM-DD
  std::optional<std::string> until;  // ended on
  std::string end_reason;
  std::string status = "active";
  std::int64_t in_care = 0;  // households in the member's care now (active assignments)
  std::int64_t version = 1, created_at = 0, updated_at = 0;
};

// --- calls ---

inline constexpr const char* kCallKinds[] = {"help", "report", "consult"};
inline constexpr const char* kCallStates[] = {"open", "answered", "closed"};
// The calls' state table: the state `action` ("answer", "close") leads to from `status`,
// or nullopt when the step is not possible there.
std::optional<std::string> call_next(std::string_view status, std::string_view action);
// A call waited too long (figures): unanswered for more than this.
inline constexpr std::int64_t kLateCallMs = 10 * 60 * 1000;

struct Call {
  std::int64_t id = 0;
  std::string region_code, region_path;  // the caller's grid
  std::int64_t caller_id = 0;
  std::string kind = "help", message, status = "open";
  std::int64_t recipients = 0;
  std::optional<std::int64_t> answered_at, answered_by, response_ms, closed_at, closed_by;
  std::string answer_note;
  std::int64_t created_at = 0;
};

// The 1-based rank of the p-th percentile of n sorted values by the nearest-rank method
// (ceil(p/100 × n), at least 1); 0 when n is 0.
std::int64_t percentile_rank(std::int64_t n, int p);

// --- care (包户) ---

inline constexpr const char* kClasses[] = {"key", "care", "ordinary"};
inline constexpr const char* kAssignmentStates[] = {"active", "ended"};

// A community's visit intervals per class of household, and whether a visit must answer the
// 六提六知 checklist.
struct CareSettings {
  std::string community_code;
  std::int64_t key_days = 7, care_days = 14, ordinary_days = 30;
  bool checklist = false;
  std::int64_t version = 0;  // 0: never saved (the defaults)
  std::int64_t updated_at = 0;
};
std::int64_t interval_days(const CareSettings& s, std::string_view klass);

// "六提六知" (seed 001): the six questions a household visit answers.
struct ChecklistItem {
  std::string_view key, name_zh, name_en;
};
inline constexpr ChecklistItem kChecklist[] = {
    {"ask_residence_know_building", "提居知楼", "Ask about the estate, know its buildings"},
    {"ask_building_know_household", "提楼知户", "Ask about the building, know its households"},
    {"ask_household_know_person", "提户知人", "Ask about the household, know its people"},
    {"ask_person_know_matter", "提人知事", "Ask about the people, know their affairs"},
    {"ask_matter_know_situation", "提事知情", "Ask about the affairs, know the circumstances"},
    {"ask_situation_know_policy", "提情知策", "Ask about the circumstances, know the policy that fits"},
};
// The items of kChecklist a given set of answered keys misses, in order.
std::vector<std::string> missing_items(const std::vector<std::string>& answered);

struct Assignment {
  std::int64_t id = 0;
  std::int64_t household_id = 0, member_id = 0;
  std::string region_code, region_path;  // the household's place
  std::string member_path;               // the member's node
  std::string community_path;            // the member's community
  std::string address, klass = "ordinary";
  std::int64_t persons = 0, interval_days = 30;
  std::string status = "active";
  std::int64_t started_at = 0;
  std::optional<std::int64_t> ended_at, last_visited_at;
  std::string end_reason;
  std::int64_t due_at = 0;
  std::int64_t version = 1;
  // Filled by reads that join the member.
  std::string member_name, member_post;
  std::optional<std::int64_t> carer_id;  // the member's linked account
};

struct CareVisit {
  std::int64_t id = 0;
  std::int64_t assignment_id = 0, member_id = 0, household_id = 0;
  std::optional<std::int64_t> carer_id;  // who recorded it
  std::string region_path, member_path, month;
  std::int64_t visited_at = 0, persons = 0;
  std::optional<std::int64_t> visit_id;  // the registry's visit
  std::string findings, checklist = "{}";
  std::int64_t created_at = 0;
};

// part ÷ whole in percent, two decimals, truncated (0 when whole is 0): coverage.
inline double percent(std::int64_t part, std::int64_t whole) {
  return whole == 0 ? 0.0 : static_cast<double>(part * 10000 / whole) / 100.0;
}

inline constexpr std::int64_t kDayMs = 86'400'000;

// The code of the node at `length` digits on a materialised path ("/44/.../440404104001/"),
// and the path up to it; empty when the path has none (grids: 15, communities: 12).
std::string code_at(const std::string& path, std::size_t length);
std::string path_to(const std::string& path, std::size_t length);
inline constexpr std::size_t kGridDigits = 15, kCommunityDigits = 12;

}  // namespace wangge::teams
