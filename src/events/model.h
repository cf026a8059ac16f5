// The events module's model: an event (事件/诉求) with its current stage, categories with
// their deadlines, departments (职能部门), timeline entries and whistles.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "events/attributes.h"

namespace wangge::events {

// Handling levels, lowest first: an event starts at its community (or, from the
// "办不成事" window, at its street) and escalation moves it up.
inline constexpr const char* kLevels[] = {"community", "street", "county"};
// The territory level whose node dispatches at each handling level.
std::string region_level_of(const std::string& handling_level);  // community|town|county

// What some reports carry beyond the common fields (table event_extras): the reporter's
// e-mail (sealed, masked), a link to a photo the client hosts, the answers to the
// category's questions (a JSON object).
struct EventExtras {
  std::optional<std::string> email_sealed;
  std::string email_masked;
  std::string media_url;
  std::string attributes = "{}";
  std::string whistle_by;  // a whistle blown through the report (吹哨上报): resident | party_member
  bool empty() const { return !email_sealed && media_url.empty() && attributes == "{}" && whistle_by.empty(); }
};

struct Event {
  std::int64_t id = 0;
  std::string tracking_code;
  std::string source;  // resident patrol hotline window visit open311 complaint
  std::string category_code;
  std::string priority;  // normal urgent critical
  std::string status;
  std::string level;  // community street county
  std::string handling_code, handling_path;
  std::optional<std::string> grid_code;
  std::string region_path;
  std::optional<double> lat, lng;
  std::string address;
  std::string description;
  std::string photos = "[]";  // JSON array of attachment hashes
  std::optional<std::int64_t> reporter_id;
  std::string reporter_name;
  std::optional<std::string> contact_sealed;  // sealed phone (binary)
  std::string contact_masked;
  std::optional<std::int64_t> department_id, handler_id;
  std::int64_t stage_started_at = 0;
  std::optional<std::int64_t> warn_at, due_at;
  std::string sla = "ok";  // ok yellow red none
  std::optional<std::int64_t> handle_due_at;
  std::optional<std::int64_t> extension_days;
  std::optional<std::string> extension_reason;
  bool ever_overdue = false;
  std::int64_t rework_count = 0, reopen_count = 0, escalation_count = 0;
  bool supervised = false;
  std::optional<std::int64_t> merged_into;
  std::optional<std::int64_t> accepted_at, dispatched_at, handled_at, closed_at;
  std::optional<std::string> solved_level;
  std::optional<bool> on_time;
  std::optional<std::string> rating, rating_comment;
  std::optional<std::int64_t> rated_at;
  std::int64_t version = 1;
  std::optional<std::int64_t> created_by;
  std::int64_t created_at = 0, updated_at = 0;
  EventExtras extras;  // filled on intake; read with store::extras where shown
};

struct Category {
  std::string code;
  std::optional<std::string> parent_code;
  std::string name_zh, name_en;
  std::string department_kind;
  std::string priority = "normal";
  bool self_handle = false;
  int accept_hours = 2, sign_hours = 2;
  int handle_days_normal = 5, handle_days_urgent = 2, handle_days_critical = 1;
  int verify_days = 1;
  bool active = true;
  int sort = 0;
  std::int64_t version = 1;
  std::vector<Attribute> attributes;  // extra questions (Open311 service definition)
  int handle_days(const std::string& p) const {
    return p == "critical" ? handle_days_critical : p == "urgent" ? handle_days_urgent : handle_days_normal;
  }
};

struct Department {
  std::int64_t id = 0;
  std::string region_code, region_name, region_path;
  std::string kind, name;
  bool active = true;
  std::int64_t version = 1;
  std::vector<std::int64_t> members;  // user ids
};

struct TimelineEntry {
  std::int64_t id = 0;
  std::int64_t event_id = 0;
  std::int64_t at = 0;
  std::optional<std::int64_t> actor_id;
  std::string actor;
  std::string action;
  std::optional<std::string> from_status;
  std::string to_status;
  std::string comment;
  std::string detail = "{}";  // JSON object
  std::string photos = "[]";  // JSON array
};

// A summons (吹哨) of a department or of a co-building unit (共建单位, the cobuild module's;
// exactly one of the two), by the dispatcher or by the grid (网格吹哨).
struct Whistle {
  std::int64_t id = 0;
  std::int64_t event_id = 0;
  std::optional<std::int64_t> department_id, unit_id;
  std::string department_name;             // the department's or the unit's name
  std::string summoned_as = "dispatcher";  // dispatcher | grid
  std::int64_t summoned_at = 0, due_at = 0;
  std::optional<std::int64_t> summoned_by;
  std::optional<std::int64_t> reported_at, reported_by;
  std::optional<std::string> response;
};

bool is_terminal(const std::string& status);  // rejected merged withdrawn (closed can reopen)

}  // namespace wangge::events
