// The cobuild module's model (docs/COBUILD.md): co-building units (共建单位, the members of
// the party-building alliance 党建联盟) serving a community or a town, with their contacts
// and history; and three of the four lists of seed 004 (四项清单): resources (资源清单),
// needs (需求清单) matched to a resource or a project, and projects (项目清单, 民生微实事)
// with the units taking part and dated progress. The fourth list (个性清单, party members'
// pledges) is the party module's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wangge::cobuild {

inline constexpr const char* kUnitKinds[] = {"government", "state_enterprise", "enterprise", "school",
                                             "hospital",   "social_org",       "property",   "other"};
inline constexpr const char* kUnitStates[] = {"active", "left"};
inline constexpr const char* kResourceKinds[] = {"room", "equipment", "service", "funding", "volunteers", "other"};
inline constexpr const char* kNeedSources[] = {"manual", "visit", "order", "wish"};
inline constexpr const char* kNeedStates[] = {"open", "matched", "met", "closed"};
inline constexpr const char* kProjectStates[] = {"planned", "in_progress", "done", "cancelled"};
inline constexpr const char* kProjectRoles[] = {"lead", "partner"};
inline constexpr const char* kLogActions[] = {"create", "update", "leave", "contact_add", "contact_remove"};
// The role of a unit's contact (共建单位联络人): acts for their units only, never for the
// whole node its grant is on.
inline constexpr std::string_view kContactRole = "unit_contact";

// --- pure rules (rules.cpp; unit-tested in cobuild_test.cpp) ---

// A GB 32100 unified social credit code (统一社会信用代码): 18 characters of
// 0-9 A-H J-N P-R T U W-Y, the last the check character of the first 17.
bool valid_credit_code(std::string_view code);
// part ÷ whole in percent, two decimals, truncated (0 when whole is 0): the match rate.
double percent(std::int64_t part, std::int64_t whole);
// Integer cents as yuan text: 3800000 -> "38000.00", -5 -> "-0.05".
std::string yuan(std::int64_t cents);

// The steps of a need (open -> matched -> met; open or matched -> closed) and of a project
// (planned -> in_progress -> done; planned or in_progress -> cancelled): the state a step
// leads to from `from`, or nullopt when the step is not possible there.
std::optional<std::string_view> need_step(std::string_view action, std::string_view from);
std::optional<std::string_view> project_step(std::string_view action, std::string_view from);
// The Chinese name of a kind, source, state or role (the ledgers' cells); the value itself
// when it has none.
std::string_view label_zh(std::string_view value);
inline constexpr const char* kNeedActions[] = {"match", "meet", "close"};
inline constexpr const char* kProjectActions[] = {"start", "finish", "cancel"};

// --- records ---

struct Unit {
  std::int64_t id = 0;
  std::string region_code, region_path, name, kind = "other", credit_code, address, description;
  bool alliance = false;
  std::optional<std::string> joined_on;  // YYYY-MM-DD, into the alliance
  std::string area;                      // 包街/包片: the streets or blocks it takes care of
  std::string status = "active";
  std::optional<std::string> left_on;
  std::string left_reason;
  std::int64_t created_by = 0, version = 1, created_at = 0, updated_at = 0;
  std::int64_t contacts = 0;  // active ones, filled by reads
};

struct Contact {
  std::int64_t id = 0, unit_id = 0;
  std::string name, post;
  std::optional<std::string> phone_sealed;
  std::string phone_masked, phone_index;
  std::optional<std::int64_t> user_id;
  std::int64_t added_at = 0;
  std::optional<std::int64_t> removed_at;
  std::string removed_reason;
};

struct LogEntry {
  std::int64_t id = 0, unit_id = 0;
  std::string action, detail = "{}";
  std::optional<std::int64_t> actor_id;
  std::int64_t at = 0;
};

struct Resource {
  std::int64_t id = 0;
  std::string region_code, region_path, kind = "other", title, description;
  std::optional<std::int64_t> unit_id;
  std::string provider_name;  // the unit's name when it has one (filled by reads), else as given
  std::optional<std::int64_t> quantity;
  std::string quantity_unit;
  bool available = true;
  std::string contact_name;
  std::optional<std::string> phone_sealed;
  std::string phone_masked;
  std::int64_t created_by = 0, version = 1, created_at = 0, updated_at = 0;
};

struct Need {
  std::int64_t id = 0;
  std::string region_code, region_path, title, description, source = "manual";
  std::optional<std::int64_t> source_id;
  std::int64_t collected_by = 0, collected_at = 0;
  std::string status = "open";
  std::optional<std::int64_t> resource_id, project_id;
  std::optional<std::int64_t> matched_by, matched_at;
  std::string match_note;
  std::optional<std::int64_t> met_at;
  std::string met_note;
  std::optional<std::int64_t> closed_at;
  std::string closed_reason;
  std::int64_t version = 1, created_at = 0, updated_at = 0;
  std::string resource_title, project_title;  // filled by reads
  std::optional<std::int64_t> resource_unit;  // the matched resource's unit, filled by reads
};

struct Participant {
  std::int64_t project_id = 0, unit_id = 0;
  std::string role = "partner", unit_name;
};

struct Project {
  std::int64_t id = 0;
  std::string region_code, region_path, title, description;
  std::int64_t budget_cents = 0, spent_cents = 0;
  std::string owner_name;
  std::optional<std::int64_t> owner_unit_id;
  std::string status = "planned";
  int progress = 0;
  std::optional<std::string> due_on, started_on, done_on;
  std::string cancel_reason;
  std::int64_t created_by = 0, version = 1, created_at = 0, updated_at = 0;
  std::vector<Participant> units;  // filled by reads
  std::int64_t needs = 0;          // needs matched to it, filled by reads
};

struct ProjectUpdate {
  std::int64_t id = 0, project_id = 0;
  int progress = 0;
  std::optional<std::int64_t> spent_cents;  // the total spent as of this update, when given
  std::string note, photos = "[]", on;      // on: YYYY-MM-DD
  std::int64_t by = 0, at = 0;
};

}  // namespace wangge::cobuild
