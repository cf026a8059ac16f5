// The pure rules of the teams module (model.h): the 三长三员一民警 roles, the calls' state
// table, nearest-rank percentiles, visit intervals, the 六提六知 checklist and the grid and
// community of a path. Unit-tested in teams_test.cpp.
#include <algorithm>

#include "teams/model.h"

namespace wangge::teams {

const std::vector<ModelRole>& three_three_one() {
  static const std::vector<ModelRole> kRoles = {
      {"grid_chief", "网格长", {"grid_chief"}},
      {"building_head", "楼栋长", {"building_head"}},
      {"unit_head", "楼口长", {"unit_head"}},
      {"grid_worker", "网格员", {"full_time", "professional", "part_time"}},
      {"legal_adviser", "法律咨询员", {"legal_adviser"}},
      {"health_worker", "社区健康员", {"health_worker"}},
      {"police", "社区民警", {"police"}},
  };
  return kRoles;
}

bool model_complete(const std::vector<std::string>& posts) {
  for (const auto& role : three_three_one()) {
    bool held = std::any_of(role.posts.begin(), role.posts.end(), [&](std::string_view p) {
      return std::find(posts.begin(), posts.end(), p) != posts.end();
    });
    if (!held) return false;
  }
  return true;
}

const PostName* find_post(std::string_view post) {
  for (const auto& p : kPostNames)
    if (p.post == post) return &p;
  return nullptr;
}

std::optional<std::string> call_next(std::string_view status, std::string_view action) {
  // open --answer--> answered; open, answered --close--> closed.
  if (action == "answer" && status == "open") return std::string("answered");
  if (action == "close" && (status == "open" || status == "answered")) return std::string("closed");
  return std::nullopt;
}

std::int64_t percentile_rank(std::int64_t n, int p) {
  if (n <= 0) return 0;
  std::int64_t rank = (n * p + 99) / 100;  // ceil(p/100 × n)
  return std::clamp<std::int64_t>(rank, 1, n);
}

std::int64_t interval_days(const CareSettings& s, std::string_view klass) {
  if (klass == "key") return s.key_days;
  if (klass == "care") return s.care_days;
  return s.ordinary_days;
}

std::vector<std::string> missing_items(const std::vector<std::string>& answered) {
  std::vector<std::string> out;
  for (const auto& item : kChecklist)
    if (std::find(answered.begin(), answered.end(), item.key) == answered.end()) out.emplace_back(item.key);
  return out;
}

std::string code_at(const std::string& path, std::size_t length) {
  std::size_t pos = 1;
  while (pos < path.size()) {
    auto end = path.find('/', pos);
    if (end == std::string::npos) break;
    if (end - pos == length) return path.substr(pos, length);
    pos = end + 1;
  }
  return {};
}

std::string path_to(const std::string& path, std::size_t length) {
  std::string code = code_at(path, length);
  if (code.empty()) return {};
  auto at = path.find("/" + code + "/");
  return path.substr(0, at + code.size() + 2);
}

}  // namespace wangge::teams
