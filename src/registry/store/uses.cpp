// What the registry holds on a territory node (the guard on deleting it).
#include "registry/store.h"

#include <algorithm>
#include <map>

#include "core/json.h"
#include "registry/store/rows.h"
#include "territory/store.h"

namespace wangge::registry::store {

using namespace detail;

std::int64_t count_under(storage::Tx& tx, const std::string& path) {
  std::string hi = territory::store::path_upper_bound(path);
  std::string sql = "SELECT 0";
  std::vector<Value> p;
  for (const char* table : {"buildings", "households", "persons", "businesses", "visits"}) {
    sql += std::string(" + (SELECT COUNT(*) FROM ") + table + " WHERE region_path >= ? AND region_path < ?)";
    p.emplace_back(path);
    p.emplace_back(hi);
  }
  return tx.exec(sql, p).one().i64(0);
}

std::int64_t count_uses(storage::Tx& tx, const std::string& region_code) {
  return tx
      .exec(
          "SELECT (SELECT COUNT(*) FROM buildings WHERE region_code = ?) + (SELECT COUNT(*) FROM households WHERE "
          "region_code = ?) + (SELECT COUNT(*) FROM persons WHERE region_code = ?) + (SELECT COUNT(*) FROM businesses "
          "WHERE region_code = ?)",
          {region_code, region_code, region_code, region_code})
      .one()
      .i64(0);
}

}  // namespace wangge::registry::store
