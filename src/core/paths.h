// Finding the files that ship beside the binary (the built web app, the division data).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace wangge {

// The first existing directory that contains `marker` among: `relative` under the working
// directory, `relative` under each ancestor of the executable's directory, then `fallbacks`.
std::optional<std::string> find_data_dir(const std::string& relative, const std::string& marker,
                                         const std::vector<std::string>& fallbacks = {});

}  // namespace wangge
