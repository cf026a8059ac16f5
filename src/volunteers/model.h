// The volunteers module's model (docs/VOLUNTEERS.md): stations, registered volunteers,
// teams and their members' stays, activities, sign-ups and the record of certified minutes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wangge::volunteers {

struct Station {
  std::int64_t id = 0;
  std::string region_code, region_path;
  std::string name, address, resources, contact;
  std::optional<double> lat, lng;
  bool active = true;
  std::int64_t version = 1;
  std::int64_t created_at = 0, updated_at = 0;
};

struct Volunteer {
  std::int64_t id = 0;
  std::int64_t person_id = 0;
  std::optional<std::int64_t> user_id;
  std::string name;
  std::string region_code, region_path;
  std::vector<std::string> skills;
  std::string status = "active";  // active left
  std::int64_t minutes = 0;       // certified, all activities
  std::int64_t version = 1;
  std::int64_t created_at = 0, updated_at = 0;
};

struct Team {
  std::int64_t id = 0;
  std::int64_t station_id = 0;
  std::string region_code, region_path;
  std::string name, purpose;
  std::optional<std::int64_t> leader_id;  // a volunteer
  bool active = true;
  std::int64_t version = 1;
  std::int64_t created_at = 0, updated_at = 0;
  std::int64_t members = 0;  // current, filled by reads
  std::string leader_name;   // filled by reads
  std::string station_name;  // filled by reads
};

struct Membership {
  std::int64_t id = 0;
  std::int64_t team_id = 0, volunteer_id = 0;
  std::int64_t joined_at = 0;
  std::optional<std::int64_t> left_at;
  std::string left_reason;
  std::string volunteer_name, team_name;  // filled by reads
};

inline constexpr const char* kActivityStates[] = {"open", "cancelled", "certified"};

struct Activity {
  std::int64_t id = 0;
  std::int64_t station_id = 0;
  std::optional<std::int64_t> team_id;
  std::string region_code, region_path;
  std::string title, detail, place;
  double lat = 0, lng = 0;
  std::int64_t radius_m = 300;
  std::int64_t starts_at = 0, ends_at = 0;
  std::int64_t capacity = 0;
  std::vector<std::string> skills;
  std::string status = "open";
  std::int64_t organiser_id = 0;
  std::string code_key;  // random bytes: the check-in code's key
  std::int64_t signed_up = 0, waiting = 0, minutes = 0, participants = 0;
  std::optional<std::int64_t> certified_at;
  std::int64_t version = 1;
  std::int64_t created_at = 0, updated_at = 0;
  std::string station_name, team_name;  // filled by reads
};

struct Signup {
  std::int64_t id = 0;
  std::int64_t activity_id = 0, volunteer_id = 0;
  std::string status;  // signed waiting cancelled
  std::int64_t signed_up_at = 0;
  std::optional<std::int64_t> checked_in_at, checked_out_at;
  std::optional<std::int64_t> minutes;
  std::int64_t version = 1;
  std::int64_t updated_at = 0;
  std::string volunteer_name;  // filled by reads
};

struct HourRecord {
  std::int64_t id = 0;
  std::int64_t signup_id = 0;
  std::optional<std::int64_t> from_minutes;
  std::int64_t to_minutes = 0;
  std::string reason;
  std::optional<std::int64_t> actor_id;
  std::int64_t at = 0;
};

// --- check-in codes and places (code.cpp; pure, volunteers_test.cpp) ---
// The code a key shows in the minute `window` (epoch minutes): six digits.
std::string check_code(const std::string& key, std::int64_t activity_id, std::int64_t window);
// Does `code` match the code of this minute or the one before (a code read just as it
// changes still counts)?
bool code_matches(const std::string& key, std::int64_t activity_id, const std::string& code, std::int64_t now_ms);
// When codes are valid: from half an hour before the start to half an hour after the end.
inline constexpr std::int64_t kCodeSlackMs = 30 * 60'000;
bool within_code_window(const Activity& a, std::int64_t now_ms);
// Great-circle distance in metres.
double distance_m(double lat1, double lng1, double lat2, double lng2);
// The minutes a participant served by their check-in and check-out, within the activity's
// time (0 without both).
std::int64_t served_minutes(const Activity& a, const Signup& s);

}  // namespace wangge::volunteers
