// The arithmetic of the list of deeds (积分项目清单): which rule applies, what it gives for
// a deed, what the caps leave. Pure functions (points_test.cpp).
#include <algorithm>

#include "core/calendar.h"
#include "points/service.h"

namespace wangge::points {
namespace {

constexpr std::int64_t kDayMs = 86'400'000;
constexpr std::int64_t kBeijingMs = 8 * 3'600'000;

}  // namespace

std::string day_of(std::int64_t at) {
  return format_day((at + kBeijingMs) / kDayMs);
}

const Rule* pick_rule(const std::vector<Rule>& candidates) {
  const Rule* best = nullptr;
  for (const auto& r : candidates) {
    if (!best || r.region_path.size() > best->region_path.size() ||
        (r.region_path.size() == best->region_path.size() && r.id > best->id))
      best = &r;
  }
  return best;
}

std::int64_t points_for(const Rule& r, std::int64_t quantity) {
  if (quantity <= 0) return 0;
  if (r.deed == "volunteer_hour") return r.points * quantity / 60;
  return r.points * quantity;
}

std::int64_t capped(const Rule& r, std::int64_t raw, std::int64_t earned_day, std::int64_t earned_month) {
  std::int64_t out = raw;
  if (r.cap_day) out = std::min(out, *r.cap_day - earned_day);
  if (r.cap_month) out = std::min(out, *r.cap_month - earned_month);
  return std::max<std::int64_t>(out, 0);
}

std::pair<std::int64_t, std::int64_t> day_bounds(std::int64_t at) {
  std::int64_t day = (at + kBeijingMs) / kDayMs;
  return {day * kDayMs - kBeijingMs, (day + 1) * kDayMs - kBeijingMs};
}

std::pair<std::int64_t, std::int64_t> month_bounds(std::int64_t at) {
  std::string d = day_of(at);
  int y = std::stoi(d.substr(0, 4)), m = std::stoi(d.substr(5, 2));
  Day first = day_from_ymd(y, m, 1);
  Day next = m == 12 ? day_from_ymd(y + 1, 1, 1) : day_from_ymd(y, m + 1, 1);
  return {first * kDayMs - kBeijingMs, next * kDayMs - kBeijingMs};
}

}  // namespace wangge::points
