// Territory scope in SQL. A record in a territory carries the materialised path of its
// node ("/44/4404/440404/"); a caller's scope is a set of such paths (the roots of its
// grants), and a record is within it when its path starts with one of them. A prefix is
// tested as a range [path, path_upper_bound(path)), which both engines serve from an index
// on the path column.
#pragma once

#include <string>
#include <vector>

#include "core/storage/database.h"

namespace wangge::storage {

// The first path after every path under `path` (one ending in '/'): its final '/' replaced by
// '0', the next character in ASCII ("/44/" -> "/440").
std::string path_upper_bound(const std::string& path);

// Appends "(column within any of `paths`)" to sql, one range per root, binding into params
// in order. "/" matches every row; an empty `paths` matches none ("(1 = 0)").
void scope_clause(const std::vector<std::string>& paths, const std::string& column, std::string& sql,
                  std::vector<Value>& params);

// Appends "(column IN (the nodes on the line of any of `paths`: each node and its
// ancestors))": the records of a resident's grid, community, town and county. An empty
// `paths` matches none.
void line_clause(const std::vector<std::string>& paths, const std::string& column, std::string& sql,
                 std::vector<Value>& params);

// Appends "(within any of `within` OR on the line of any of `line`)": what a caller reaches
// (Principal::reaches), its scope below and the nodes above its places.
void reach_clause(const std::vector<std::string>& within, const std::vector<std::string>& line,
                  const std::string& column, std::string& sql, std::vector<Value>& params);

}  // namespace wangge::storage
