#include "registry/figures.h"

#include <chrono>
#include <mutex>

#include "territory/store.h"

namespace wangge::registry {

namespace {

// A grid's path is its code's segments: "/44/4404/440404/440404104/440404104001/440404104001001/"
// (codes of 2, 4, 6, 9, 12 and 15 digits), 55 characters.
constexpr std::int64_t kGridPathLength = 55;

struct ResidentsCache {
  std::mutex mu;
  std::map<std::string, std::pair<std::int64_t, std::map<std::string, std::int64_t>>> by_path;
};

ResidentsCache& residents_cache() {
  static ResidentsCache cache;
  return cache;
}

}  // namespace

std::map<std::string, std::int64_t> residents_per_grid(Service& svc, const std::string& path) {
  constexpr std::int64_t kFresh = 10 * 60 * 1000;
  std::int64_t now = storage::now_ms();
  auto& cache = residents_cache();
  {
    std::lock_guard lock(cache.mu);
    auto it = cache.by_path.find(path);
    if (it != cache.by_path.end() && now - it->second.first < kFresh) return it->second.second;
  }
  std::map<std::string, std::int64_t> out;
  svc.db().read([&](storage::Tx& tx) {
    // The path index alone answers it (persons_region: region_path, id).
    for (const auto& r : tx.exec("SELECT substr(region_path, 1, ?), COUNT(*) FROM persons WHERE region_path >= ? AND "
                                 "region_path < ? GROUP BY 1",
                                 {kGridPathLength, path, territory::store::path_upper_bound(path)})
                             .rows) {
      const std::string p = r.str(0);
      if (static_cast<std::int64_t>(p.size()) != kGridPathLength) continue;
      out[p.substr(p.size() - 16, 15)] += r.i64(1);
    }
  });
  std::lock_guard lock(cache.mu);
  if (cache.by_path.size() > 1000) cache.by_path.clear();
  cache.by_path[path] = {now, out};
  return out;
}

std::map<std::int64_t, VisitorFigures> visits_per_visitor(Service& svc, const std::string& path, std::int64_t from_ms,
                                                          std::int64_t to_ms) {
  std::map<std::int64_t, VisitorFigures> out;
  std::vector<storage::Value> p{path, territory::store::path_upper_bound(path), from_ms, to_ms};
  const std::string where =
      " FROM visits v WHERE v.region_path >= ? AND v.region_path < ? AND v.status = 'done' AND v.visited_at >= ? "
      "AND v.visited_at < ? AND v.visitor_id IS NOT NULL";
  svc.db().read([&](storage::Tx& tx) {
    for (const auto& r : tx.exec("SELECT v.visitor_id, MAX(v.visitor_name), COUNT(*), COUNT(DISTINCT v.household_id)" +
                                     where + " GROUP BY v.visitor_id",
                                 p)
                             .rows) {
      auto& f = out[r.i64(0)];
      f.name = r.str(1);
      f.visits = r.i64(2);
      f.households = r.i64(3);
    }
    // 人次: each visit counts the members living in its household now.
    for (const auto& r :
         tx.exec("SELECT v.visitor_id, COUNT(*) FROM visits v JOIN household_members m ON m.household_id = "
                 "v.household_id AND m.moved_out_on IS NULL WHERE v.region_path >= ? AND v.region_path < ? AND "
                 "v.status = 'done' AND v.visited_at >= ? AND v.visited_at < ? AND v.visitor_id IS NOT NULL "
                 "GROUP BY v.visitor_id",
                 p)
             .rows)
      out[r.i64(0)].persons = r.i64(1);
  });
  return out;
}

}  // namespace wangge::registry
