// Check-in codes (a six-digit code that changes every minute, derived from the activity's
// random key: core/checkin_code.h, shared with the emergency module's drills), the place
// check (the phone within the activity's radius) and the minutes a check-in and check-out
// make.
#include <algorithm>
#include <cmath>

#include "core/checkin_code.h"
#include "volunteers/model.h"

namespace wangge::volunteers {

std::string check_code(const std::string& key, std::int64_t activity_id, std::int64_t window) {
  return checkin::code(key, activity_id, window);
}

bool code_matches(const std::string& key, std::int64_t activity_id, const std::string& code, std::int64_t now_ms) {
  return checkin::matches(key, activity_id, code, now_ms);
}

bool within_code_window(const Activity& a, std::int64_t now_ms) {
  return now_ms >= a.starts_at - kCodeSlackMs && now_ms <= a.ends_at + kCodeSlackMs;
}

double distance_m(double lat1, double lng1, double lat2, double lng2) {
  constexpr double kEarth = 6'371'008.8, kRad = M_PI / 180.0;
  double dlat = (lat2 - lat1) * kRad, dlng = (lng2 - lng1) * kRad;
  double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
             std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlng / 2) * std::sin(dlng / 2);
  return 2 * kEarth * std::asin(std::min(1.0, std::sqrt(h)));
}

std::int64_t served_minutes(const Activity& a, const Signup& s) {
  if (!s.checked_in_at || !s.checked_out_at) return 0;
  std::int64_t from = std::max(*s.checked_in_at, a.starts_at);
  std::int64_t to = std::min(*s.checked_out_at, a.ends_at);
  return to > from ? (to - from) / 60'000 : 0;
}

}  // namespace wangge::volunteers
