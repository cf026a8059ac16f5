// The pure rules of the emergency module (model.h): the check-in window, assembly minutes,
// rates, means and medians of the figures, supply flags, quarters and the states' steps.
#include <algorithm>

#include "core/auth.h"
#include "emergency/model.h"

namespace wangge::emergency {

bool within_check_in(std::int64_t starts_at, std::int64_t ends_at, std::int64_t now_ms) {
  return now_ms >= starts_at - kCheckInLeadMs && now_ms <= ends_at;
}

std::optional<std::int64_t> assembly_minutes(std::int64_t starts_at, const std::vector<std::int64_t>& arrivals) {
  if (arrivals.empty()) return std::nullopt;
  std::int64_t last = *std::max_element(arrivals.begin(), arrivals.end());
  return last <= starts_at ? 0 : (last - starts_at) / 60'000;
}

double percent(std::int64_t part, std::int64_t whole) {
  return whole == 0 ? 0.0 : static_cast<double>(part * 10000 / whole) / 100.0;
}

std::optional<double> mean_rate(const std::vector<std::pair<std::int64_t, std::int64_t>>& attended_expected) {
  std::int64_t sum = 0, n = 0;
  for (const auto& [attended, expected] : attended_expected) {
    if (expected <= 0) continue;
    sum += attended * 10000 / expected;
    ++n;
  }
  if (n == 0) return std::nullopt;
  return static_cast<double>(sum / n) / 100.0;
}

std::optional<double> mean(const std::vector<std::int64_t>& values) {
  if (values.empty()) return std::nullopt;
  std::int64_t sum = 0;
  for (auto v : values) sum += v;
  return static_cast<double>(sum * 100 / static_cast<std::int64_t>(values.size())) / 100.0;
}

std::optional<double> median(std::vector<std::int64_t> values) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  std::size_t n = values.size();
  if (n % 2 == 1) return static_cast<double>(values[n / 2]);
  return static_cast<double>(values[n / 2 - 1] + values[n / 2]) / 2.0;
}

SupplyFlags flags_of(const Supply& s, const std::string& today, const std::string& soon) {
  SupplyFlags f;
  if (s.expires_on) {
    f.expired = *s.expires_on < today;
    f.expiring = !f.expired && *s.expires_on <= soon;
  }
  f.below_minimum = s.quantity < s.min_quantity;
  return f;
}

std::string quarter_of(std::string_view day) {
  if (day.size() < 7) return std::string(day);
  int month = (day[5] - '0') * 10 + (day[6] - '0');
  return std::string(day.substr(0, 4)) + "-Q" + std::to_string((month - 1) / 3 + 1);
}

std::string community_of(std::string_view path) {
  std::size_t start = 1;
  while (start < path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) break;
    if (end - start == 12) return std::string(path.substr(start, 12));
    start = end + 1;
  }
  return {};
}

std::string code_of(std::string_view path) {
  if (path.size() < 2) return {};
  std::string_view trimmed = path.substr(0, path.size() - 1);
  return std::string(trimmed.substr(trimmed.rfind('/') + 1));
}

bool on_line(std::string_view a, std::string_view b) {
  return path_within(a, b) || path_within(b, a);
}

bool plan_step_allowed(std::string_view from, std::string_view to) {
  return (from == "draft" && (to == "active" || to == "retired")) || (from == "active" && to == "retired");
}

const char* name_zh(std::string_view value) {
  static constexpr std::pair<std::string_view, const char*> kNames[] = {
      {"flood", "防汛"},
      {"typhoon", "台风"},
      {"fire", "消防"},
      {"earthquake", "地震"},
      {"epidemic", "疫情"},
      {"public_security", "治安"},
      {"geological", "地质灾害"},
      {"hazardous_chemicals", "危化品"},
      {"other", "其他"},
      {"patrol", "巡逻/巡查"},
      {"rescue", "应急救援队"},
      {"medical", "医疗救护"},
      {"volunteer", "志愿服务队"},
      {"militia", "民兵"},
      {"drill", "处突集结演练"},
      {"flood_control", "防汛物资"},
      {"food_water", "食品饮水"},
      {"lighting", "照明"},
      {"communication", "通信"},
      {"shelter", "安置"},
      {"blue", "蓝色"},
      {"yellow", "黄色"},
      {"orange", "橙色"},
      {"red", "红色"},
      {"draft", "草稿"},
      {"active", "启用"},
      {"retired", "废止"},
      {"scheduled", "已安排"},
      {"held", "已开展"},
      {"cancelled", "已取消"},
      {"open", "进行中"},
      {"closed", "已结束"},
      {"arriving", "正在赶往"},
      {"on_site", "已到达"},
      {"unavailable", "无法到场"},
      {"leader", "队长"},
      {"member", "队员"},
  };
  for (const auto& [k, v] : kNames)
    if (k == value) return v;
  return "";
}

bool activity_step_allowed(std::string_view from, std::string_view to) {
  return from == "scheduled" && (to == "held" || to == "cancelled");
}

}  // namespace wangge::emergency
