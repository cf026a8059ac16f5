// The service desk's model (PRODUCT.md module 4, docs/SERVICES.md): service items of a
// town's catalogue, their admission to a community's list (准入), and orders ("three
// orders": 居民点单、社区派单、党员接单) with their timeline.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wangge::services {

// 依法履职, 协助, 下沉, 便民 (seed 001: "依法履职事项12项，协助事项53项，依法下沉…36项").
inline constexpr const char* kKinds[] = {"duty", "assist", "devolved", "convenience"};
// Handled at the town's windows, or on a community's list once admitted.
inline constexpr const char* kLevels[] = {"town", "community"};

struct Material {
  std::string name;
  bool required = true;
  std::optional<std::string> form;  // an attachment (sha256): the form to fill in
};

struct Item {
  std::int64_t id = 0;
  std::string region_code, region_path;  // the town that keeps it
  std::string level;                     // town | community
  std::string kind;
  std::string name, description;
  std::vector<Material> materials;
  int time_limit_days = 0;  // working days; 0: handled at once (即办)
  bool on_behalf = false, door_to_door = false, off_hours = false, orderable = false;
  std::string window_name;
  bool active = true;
  std::int64_t version = 1, created_at = 0, updated_at = 0;
};

// An item on a community's list: requested by the community, decided by the town.
inline constexpr const char* kAdmissionStates[] = {"requested", "approved", "rejected", "removed"};
struct Admission {
  std::int64_t id = 0;
  std::int64_t item_id = 0;
  std::string item_name;  // read with it
  std::string community_code, community_path;
  std::string status;
  std::string basis;
  bool ready = false;
  std::optional<std::int64_t> requested_by, decided_by;
  std::int64_t requested_at = 0;
  std::optional<std::int64_t> decided_at;
  std::string decision_note;
  std::int64_t version = 1;
};

// The order table's states (order_flow.cpp names them; the migration's CHECK lists them).
inline constexpr const char* kOrderStates[] = {"ordered", "open",      "assigned", "taken",
                                               "done",    "confirmed", "declined", "cancelled"};
inline constexpr const char* kRequesterKinds[] = {"resident", "property", "staff"};

struct Order {
  std::int64_t id = 0;
  std::string region_code, region_path, community_path;
  std::optional<std::int64_t> item_id;
  std::string title, detail;
  std::string requester_kind;
  std::int64_t requester_id = 0;
  std::string contact_name;
  std::optional<std::string> phone_sealed;
  std::string phone_masked;
  std::string address;
  std::string status;
  std::optional<std::int64_t> taker_id;
  std::int64_t due_at = 0;
  std::optional<std::int64_t> taken_at, done_at, closed_at;
  std::optional<int> rating;
  int returns = 0;
  std::optional<std::int64_t> reminded_at;
  std::int64_t version = 1, created_at = 0, updated_at = 0;
};

// A case at a window (办件), or at the "办不成事" window (desk hard).
inline constexpr const char* kDesks[] = {"window", "hard"};
// 即办, 承诺件 (accepted with a deadline), 帮代办 (handled on someone's behalf), coordinated
// with departments (the hard desk's only mode).
inline constexpr const char* kCaseModes[] = {"at_once", "deadline", "on_behalf", "coordinated"};
inline constexpr const char* kCaseStates[] = {"accepted", "done", "refused", "coordinating", "solved"};
inline constexpr const char* kApplicantKinds[] = {"person", "business"};

struct Case {
  std::int64_t id = 0;
  std::string region_code, region_path;
  std::string desk = "window";
  std::optional<std::int64_t> item_id;
  std::string item_name;  // read with it
  std::string mode;
  std::string carrier;
  std::string applicant_kind = "person";
  std::string applicant_name;
  std::optional<std::string> id_sealed, phone_sealed;
  std::string id_masked, phone_masked;
  std::string credit_code;
  std::string summary;
  std::vector<std::string> materials;  // the names checked
  std::optional<std::string> grid_code;
  std::string address;
  std::string status;
  std::int64_t clerk_id = 0;
  std::optional<std::int64_t> coordinator_id, event_id;
  std::string outcome;
  std::optional<int> rating;
  std::int64_t due_at = 0;
  std::optional<std::int64_t> closed_at;
  std::int64_t version = 1, created_at = 0, updated_at = 0;
};

// Open cases: what may still be overdue.
bool case_open(const std::string& status);

// Micro-wishes (微心愿).
inline constexpr const char* kWishChannels[] = {"self", "visit", "phone", "box"};
inline constexpr const char* kWishStates[] = {"submitted", "published", "claimed",  "fulfilled",
                                              "confirmed", "declined",  "withdrawn"};
inline constexpr const char* kClaimerKinds[] = {"member", "organisation", "unit"};

struct Wish {
  std::int64_t id = 0;
  std::string region_code, region_path;
  std::string publish_path;
  std::string channel;
  std::optional<std::int64_t> wisher_id, collector_id;
  std::string wisher_name;
  std::optional<std::string> phone_sealed;
  std::string phone_masked;
  std::string title, detail;
  std::string status;
  std::optional<std::string> claimer_kind;
  std::optional<std::int64_t> claimer_id;
  std::string claimer_name;
  std::optional<std::int64_t> claimed_at, claim_due_at, fulfilled_at, confirmed_at;
  int claims = 0;
  std::int64_t version = 1, created_at = 0, updated_at = 0;
};

// Orders not ended: what the console's "open" tab and overdue colouring look at.
bool order_open(const std::string& status);

struct TimelineEntry {
  std::int64_t id = 0;
  std::string record_kind;  // order | admission
  std::int64_t record_id = 0;
  std::string action;
  std::optional<std::int64_t> actor_id;
  std::string actor;
  std::string from_status, to_status;
  std::string comment;
  std::string photos = "[]";
  std::string detail = "{}";
  std::int64_t at = 0;
};

}  // namespace wangge::services
