// The module's pure rules: the credit code's check character, the match rate, yuan from
// cents, and the two state tables (needs and projects).
#include <algorithm>

#include "cobuild/model.h"

namespace wangge::cobuild {
namespace {

struct RulesStep {
  std::string_view action;
  std::vector<std::string_view> from;
  std::string_view to;
};

std::optional<std::string_view> rules_next(const std::vector<RulesStep>& table, std::string_view action,
                                           std::string_view from) {
  for (const auto& s : table)
    if (s.action == action && std::find(s.from.begin(), s.from.end(), from) != s.from.end()) return s.to;
  return std::nullopt;
}

}  // namespace

bool valid_credit_code(std::string_view code) {
  static constexpr std::string_view kChars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  static constexpr int kWeights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
  if (code.size() != 18) return false;
  int sum = 0;
  for (std::size_t i = 0; i < 18; ++i) {
    auto pos = kChars.find(code[i]);
    if (pos == std::string_view::npos) return false;
    if (i < 17) sum += static_cast<int>(pos) * kWeights[i];
  }
  int check = (31 - sum % 31) % 31;
  return kChars[static_cast<std::size_t>(check)] == code[17];
}

double percent(std::int64_t part, std::int64_t whole) {
  return whole <= 0 ? 0.0 : static_cast<double>(part * 10000 / whole) / 100.0;
}

std::string yuan(std::int64_t cents) {
  std::string sign = cents < 0 ? "-" : "";
  std::int64_t a = cents < 0 ? -cents : cents;
  std::string frac = std::to_string(a % 100);
  if (frac.size() < 2) frac = "0" + frac;
  return sign + std::to_string(a / 100) + "." + frac;
}

std::string_view label_zh(std::string_view value) {
  static constexpr std::pair<std::string_view, std::string_view> kLabels[] = {
      {"government", "机关"},    {"state_enterprise", "国企"},
      {"enterprise", "企业"},    {"school", "学校"},
      {"hospital", "医院"},      {"social_org", "社会组织"},
      {"property", "物业"},      {"other", "其他"},
      {"active", "在册"},        {"left", "已退出"},
      {"room", "场地"},          {"equipment", "设备"},
      {"service", "服务"},       {"funding", "资金"},
      {"volunteers", "人力"},    {"manual", "手工登记"},
      {"visit", "入户走访"},     {"order", "服务工单"},
      {"wish", "微心愿"},        {"open", "待对接"},
      {"matched", "已对接"},     {"met", "已满足"},
      {"closed", "已关闭"},      {"planned", "计划中"},
      {"in_progress", "实施中"}, {"done", "已完成"},
      {"cancelled", "已取消"},   {"lead", "牵头"},
      {"partner", "参与"}};
  for (const auto& [k, v] : kLabels)
    if (k == value) return v;
  return value;
}

std::optional<std::string_view> need_step(std::string_view action, std::string_view from) {
  static const std::vector<RulesStep> kTable = {
      {"match", {"open"}, "matched"},
      {"meet", {"matched"}, "met"},
      {"close", {"open", "matched"}, "closed"},
  };
  return rules_next(kTable, action, from);
}

std::optional<std::string_view> project_step(std::string_view action, std::string_view from) {
  static const std::vector<RulesStep> kTable = {
      {"start", {"planned"}, "in_progress"},
      {"finish", {"in_progress"}, "done"},
      {"cancel", {"planned", "in_progress"}, "cancelled"},
  };
  return rules_next(kTable, action, from);
}

}  // namespace wangge::cobuild
