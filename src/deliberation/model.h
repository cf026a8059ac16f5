// The deliberation module's model (docs/DELIBERATION.md): councils and their members'
// stays, topics through the six steps, and each step's records (supports, research notes,
// surveys and responses, meetings and participants, ballots with their register and
// counters, objections, tasks).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wangge::deliberation {

// The "1+7+X" bodies a member sits for (seed 001), and their posts.
inline constexpr const char* kGroups[] = {"party_branch",        "residents_committee", "supervisory_committee",
                                          "property_company",    "owners_committee",    "co_building_unit",
                                          "residents_rep",       "party_member_rep",    "deputy",
                                          "social_organisation", "stakeholder"};
inline constexpr const char* kPosts[] = {"convenor", "secretary", "member"};
inline constexpr const char* kTopicSources[] = {"resident", "worker", "unit", "council", "event", "visit"};
inline constexpr const char* kTopicStates[] = {"proposed", "researching", "deliberating", "publicizing", "implementing",
                                               "done",     "declined",    "merged",       "withdrawn",   "rejected"};
inline constexpr const char* kNoteKinds[] = {"note", "document", "visit", "interview"};
// Meetings by type (seed 000 counts "居民代表会议、楼栋长联席会议、议事骨干会议…").
inline constexpr const char* kMeetingKinds[] = {
    "residents_representatives", "building_chiefs", "backbone", "council", "hearing", "open_forum", "other"};
inline constexpr const char* kElectorates[] = {"council", "residents", "households"};
inline constexpr const char* kQuorums[] = {"none", "more_than_half", "two_thirds"};
inline constexpr const char* kThresholds[] = {"majority", "two_thirds"};
inline constexpr const char* kBases[] = {"present", "eligible"};
inline constexpr const char* kBallotKinds[] = {"approve", "choose"};

struct Council {
  std::int64_t id = 0;
  std::string region_code, region_path, level, name, description;
  bool active = true;
  std::int64_t version = 1, created_at = 0, updated_at = 0;
  std::int64_t members = 0;  // current, filled by reads
};

struct Member {
  std::int64_t id = 0, council_id = 0;
  std::string group, post, name, unit;
  std::optional<std::int64_t> user_id, person_id;
  std::int64_t joined_at = 0;
  std::optional<std::int64_t> left_at;
  std::string left_reason;
};

struct Topic {
  std::int64_t id = 0, council_id = 0;
  std::string region_code, region_path, title, description, source, source_ref, unit_name;
  std::int64_t proposer_id = 0;
  std::string status = "proposed";
  std::optional<std::int64_t> merged_into;
  std::int64_t supporters = 0;
  std::string decision;
  std::optional<std::int64_t> publicity_from, publicity_until;
  std::int64_t objections_open = 0;
  std::string feedback;
  std::optional<std::int64_t> accepted_at, closed_at;
  std::int64_t version = 1, created_at = 0, updated_at = 0;
  std::string council_name, council_level, council_path;  // filled by reads
};

struct TimelineEntry {
  std::int64_t id = 0, topic_id = 0;
  std::string action, from_status, to_status;
  std::optional<std::int64_t> actor_id;
  std::string comment, detail = "{}";
  std::int64_t at = 0;
};

struct Note {
  std::int64_t id = 0, topic_id = 0;
  std::string kind, body, attachments = "[]";
  std::int64_t author_id = 0, at = 0;
};

struct Survey {
  std::int64_t id = 0, topic_id = 0;
  std::string title, questions, status = "open";
  std::int64_t responses = 0;
  std::optional<std::int64_t> closes_at;
  std::int64_t created_by = 0, created_at = 0;
  std::optional<std::int64_t> closed_at;
};

struct Participant {
  std::int64_t id = 0, meeting_id = 0;
  std::optional<std::int64_t> member_id, user_id;
  std::string group, name, unit;
  bool present = false;
};

struct Meeting {
  std::int64_t id = 0, topic_id = 0, council_id = 0;
  std::string kind, level, region_path;
  std::int64_t starts_at = 0;
  std::string place, options = "[]", status = "scheduled", record;
  std::int64_t attended = 0;
  std::optional<std::int64_t> held_at;
  std::int64_t created_by = 0, version = 1, created_at = 0, updated_at = 0;
};

struct Ballot {
  std::int64_t id = 0, topic_id = 0;
  std::optional<std::int64_t> meeting_id;
  std::string question, kind = "approve";
  std::vector<std::string> options;
  std::string electorate, electorate_code, region_path;
  bool secret = false;
  std::string quorum = "none", threshold = "majority", base = "present", status = "open";
  std::int64_t eligible = 0, cast_online = 0, cast_paper = 0;
  std::optional<std::int64_t> closes_at;
  std::string result;  // frozen JSON, once closed
  std::optional<std::string> outcome;
  std::optional<int> winner;
  std::int64_t opened_by = 0, opened_at = 0;
  std::optional<std::int64_t> closed_by, closed_at;
  std::int64_t version = 1;
};

// One entry of a ballot's register (who may vote).
struct Voter {
  std::int64_t id = 0, ballot_id = 0;
  std::string kind;  // member person household
  std::int64_t ref_id = 0;
  std::string name;
  std::optional<std::int64_t> voted_at;
  std::optional<std::string> channel;
  std::optional<int> choice;  // open ballots only
  std::optional<std::int64_t> cast_by;
};

struct Objection {
  std::int64_t id = 0, topic_id = 0, user_id = 0;
  std::string body;
  std::int64_t at = 0;
  std::string answer;
  std::optional<std::int64_t> answered_by, answered_at;
};

struct Task {
  std::int64_t id = 0, topic_id = 0;
  std::string title, owner_name;
  std::optional<std::int64_t> owner_id;
  std::string due_on, status = "open", result, photos = "[]";
  std::optional<std::string> done_on;
  std::optional<std::int64_t> done_by;
  std::int64_t created_by = 0, created_at = 0, version = 1;
};

}  // namespace wangge::deliberation
