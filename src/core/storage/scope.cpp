#include "core/storage/scope.h"

namespace wangge::storage {

std::string path_upper_bound(const std::string& path) {
  // Paths are digits and '/'; '0' follows '/' in ASCII, so every path under "/44/" sorts
  // below "/440" and above "/44/".
  std::string up = path;
  up.back() = '0';
  return up;
}

void scope_clause(const std::vector<std::string>& paths, const std::string& column, std::string& sql,
                  std::vector<Value>& params) {
  sql += "(";
  for (std::size_t i = 0; i < paths.size(); ++i) {
    if (i) sql += " OR ";
    if (paths[i] == "/") {
      sql += "1 = 1";
    } else {
      sql += "(" + column + " >= ? AND " + column + " < ?)";
      params.emplace_back(paths[i]);
      params.emplace_back(path_upper_bound(paths[i]));
    }
  }
  if (paths.empty()) sql += "1 = 0";
  sql += ")";
}

void line_clause(const std::vector<std::string>& paths, const std::string& column, std::string& sql,
                 std::vector<Value>& params) {
  std::string in;
  for (const auto& path : paths)
    for (std::size_t end = path.find('/', 1); end != std::string::npos; end = path.find('/', end + 1)) {
      in += in.empty() ? "?" : ", ?";
      params.emplace_back(path.substr(0, end + 1));
    }
  sql += in.empty() ? "(1 = 0)" : "(" + column + " IN (" + in + "))";
}

void reach_clause(const std::vector<std::string>& within, const std::vector<std::string>& line,
                  const std::string& column, std::string& sql, std::vector<Value>& params) {
  sql += "(";
  scope_clause(within, column, sql, params);
  sql += " OR ";
  line_clause(line, column, sql, params);
  sql += ")";
}

}  // namespace wangge::storage
