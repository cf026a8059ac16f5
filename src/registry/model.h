// The registry's model (一户一档): buildings, households with their housing, persons with
// sealed identity numbers and phones, membership history and dated tags, businesses.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wangge::registry {

struct Tag {
  std::int64_t id = 0;
  std::int64_t person_id = 0;
  std::string tag;
  std::string since;                 // YYYY-MM-DD
  std::optional<std::string> until;  // ended on
  std::string note;
};

struct Person {
  std::int64_t id = 0;
  std::string name;
  std::string gender;      // male female
  std::string birth_date;  // YYYY-MM-DD
  std::optional<std::string> id_sealed, id_index;
  std::string id_masked;
  std::optional<std::string> phone_sealed, phone_index;
  std::string phone_masked;
  std::string residence_type;  // registered permanent floating
  std::optional<std::string> floating_registered_on, floating_expires_on;
  std::optional<std::int64_t> household_id;
  std::string region_code, region_path;
  std::string note;
  std::int64_t version = 1;
  std::int64_t created_at = 0, updated_at = 0;
  std::vector<Tag> tags;  // filled by reads that show them
};

struct Building {
  std::int64_t id = 0;
  std::string region_code, region_path;
  std::string name, address;
  std::optional<std::int64_t> floors;
  std::optional<double> lat, lng;
  std::int64_t version = 1;
};

struct Household {
  std::int64_t id = 0;
  std::string region_code, region_path;
  std::optional<std::int64_t> building_id;
  std::string address, room;
  std::string housing_type;  // owned rented public other
  std::optional<std::int64_t> landlord_id, head_id;
  std::int64_t version = 1;
  std::int64_t created_at = 0, updated_at = 0;
};

// One stay of a person in a household; moving out ends it, moving elsewhere ends it and
// starts another.
struct Membership {
  std::int64_t id = 0;
  std::int64_t household_id = 0;
  std::int64_t person_id = 0;
  std::string relation;
  std::string moved_in_on;
  std::optional<std::string> moved_out_on, out_reason;
};

struct Business {
  std::int64_t id = 0;
  std::string name;
  std::optional<std::string> licence_no;
  std::string kind;
  std::optional<std::int64_t> owner_id;
  std::string region_code, region_path;
  std::optional<std::int64_t> building_id;
  std::string address;
  std::int64_t version = 1;
};

// A household visit (入户走访): planned, then done (or cancelled).
struct Visit {
  std::int64_t id = 0;
  std::int64_t household_id = 0;
  std::string region_code, region_path;
  std::string status = "planned";  // planned done cancelled
  std::optional<std::string> planned_on;
  std::optional<std::int64_t> visited_at;
  std::optional<std::int64_t> visitor_id;
  std::string visitor_name;
  std::string purpose, findings;
  std::string photos = "[]";  // attachment hashes, JSON array
  std::optional<double> lat, lng;
  std::optional<std::int64_t> event_id;
  std::int64_t version = 1;
  std::int64_t created_at = 0, updated_at = 0;
};

// The tags a person may carry: care groups, and the key person classes of GB/T 31000.
struct TagKind {
  std::string_view code, name_zh, name_en, group;  // group: care, key, status
};
inline constexpr TagKind kTagKinds[] = {
    {"elderly", "老年人", "Elderly (60+)", "care"},
    {"empty_nest_elderly", "空巢老人", "Elderly living alone", "care"},
    {"disabled", "残疾人", "Person with disability", "care"},
    {"low_income", "低保对象", "Minimum living allowance", "care"},
    {"extreme_poverty", "特困供养人员", "Extreme poverty support", "care"},
    {"left_behind_child", "留守儿童", "Left-behind child", "care"},
    {"left_behind_elderly", "留守老人", "Left-behind elderly", "care"},
    {"serious_illness", "重病患者", "Serious illness", "care"},
    {"veteran", "退役军人", "Veteran", "status"},
    {"party_member", "党员", "Party member", "status"},
    {"volunteer", "志愿者", "Volunteer", "status"},
    {"community_correction", "社区矫正对象", "Under community correction", "key"},
    {"released_prisoner", "刑满释放人员", "Released prisoner", "key"},
    {"drug_user", "社区戒毒康复人员", "Drug rehabilitation in the community", "key"},
    {"mental_disorder", "严重精神障碍患者", "Severe mental disorder", "key"},
    {"key_petitioner", "重点信访人员", "Key petitioner", "key"},
    {"key_youth", "重点青少年", "Youth needing attention", "key"},
};
const TagKind* find_tag_kind(std::string_view code);

inline constexpr const char* kRelations[] = {"head",       "spouse",  "child",  "parent", "grandparent",
                                             "grandchild", "sibling", "tenant", "other"};
inline constexpr const char* kHousingTypes[] = {"owned", "rented", "public", "other"};
inline constexpr const char* kResidenceTypes[] = {"registered", "permanent", "floating"};

// What a person reads for the codes above (exports): zh-CN and English. The Chinese words
// are the ones the CSV import accepts, so an exported sheet reads back in.
struct Label {
  std::string_view code, zh, en;
};
inline constexpr Label kLabels[] = {
    {"registered", "户籍", "registered"},
    {"permanent", "常住", "permanent"},
    {"floating", "流动", "floating"},
    {"owned", "自有", "owned"},
    {"rented", "出租", "rented"},
    {"public", "公房", "public"},
    {"other", "其他", "other"},
    {"head", "户主", "head"},
    {"spouse", "配偶", "spouse"},
    {"child", "子女", "child"},
    {"parent", "父母", "parent"},
    {"grandparent", "祖父母", "grandparent"},
    {"grandchild", "孙子女", "grandchild"},
    {"sibling", "兄弟姐妹", "sibling"},
    {"tenant", "租户", "tenant"},
    {"male", "男", "male"},
    {"female", "女", "female"},
    {"planned", "计划", "planned"},
    {"done", "已走访", "done"},
    {"cancelled", "已取消", "cancelled"},
};
// The label of a code in the reader's language; the code itself when it has none.
std::string_view label(std::string_view code, bool zh);

}  // namespace wangge::registry
