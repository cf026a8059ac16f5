#include "core/paths.h"

#include <filesystem>

namespace wangge {

std::optional<std::string> find_data_dir(const std::string& relative, const std::string& marker,
                                         const std::vector<std::string>& fallbacks) {
  namespace fs = std::filesystem;
  std::vector<fs::path> candidates{relative};
  std::error_code ec;
  auto exe = fs::read_symlink("/proc/self/exe", ec);
  for (auto dir = exe.parent_path(); !ec && !dir.empty() && dir != dir.root_path(); dir = dir.parent_path()) {
    candidates.push_back(dir / relative);
  }
  for (const auto& f : fallbacks) candidates.emplace_back(f);
  for (const auto& c : candidates) {
    if (fs::exists(c / marker, ec)) return fs::canonical(c, ec).string();
  }
  return std::nullopt;
}

}  // namespace wangge
