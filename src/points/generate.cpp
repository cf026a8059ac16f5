// generate-points (benchmarks): `holders` holders under a node, spread over its grids (90 %
// residents, 5 % party members, 5 % grid workers), and `entries` ledger entries over
// [from, to) in time order: deeds of 1-10 points by one generated manual line, and one in
// twenty a correction taking back up to 5 (never below zero). Balances, the ranking totals
// and the day totals are built as the server builds them, then the tables are analysed.
// Generated holders are of kind "person" with negative ref_ids, so they never meet a
// registry person. Written in bulk transactions, 256 rows a statement.
#include <random>

#include "core/storage/bulk_rows.h"
#include "points/service.h"
#include "points/store.h"
#include "territory/service.h"

namespace wangge::points {
namespace {

using storage::BulkRows;

std::vector<std::string> path_codes(const std::string& path) {
  std::vector<std::string> out;
  for (std::size_t pos = 1; pos < path.size();) {
    auto end = path.find('/', pos);
    if (end == std::string::npos) break;
    out.push_back(path.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

}  // namespace

std::int64_t Service::generate_points(const std::string& root, std::int64_t holders, std::int64_t entries,
                                      std::int64_t from_ms, std::int64_t to_ms, std::uint64_t seed) {
  std::vector<std::pair<std::string, std::string>> grids;  // code, path
  for (const auto& g : territory_.grids_under(root)) grids.emplace_back(g.code, g.path);
  if (grids.empty() || holders <= 0 || to_ms <= from_ms) return 0;
  auto root_region = territory_.find(root, false);
  std::mt19937_64 rng(seed);
  const std::int64_t now = storage::now_ms();
  Rule rule;
  rule.region_code = root;
  rule.region_path = root_region->path;
  rule.earner_type = "resident";
  rule.deed = "manual";
  rule.name = "生成的积分项目";
  rule.points = 10;
  rule.valid_from = "2000-01-01";
  rule.created_at = rule.updated_at = now;
  std::int64_t first = 0;
  db_.bulk([&](storage::Tx& tx) {
    rule.id = store::insert_rule(tx, rule);
    first = tx.exec("SELECT COALESCE(MAX(id), 0) + 1 FROM point_holders").one().i64(0);
  });
  // Holders.
  struct Gen {
    std::string type;
    std::size_t grid = 0;
    std::int64_t balance = 0, earned = 0, spent = 0, entries = 0;
    std::vector<std::pair<std::string, std::int64_t>> months;  // in time order
  };
  std::vector<Gen> gen(static_cast<std::size_t>(holders));
  {
    BulkRows rows(db_,
                  "INSERT INTO point_holders (id, kind, ref_id, name, region_code, region_path, earner_type, "
                  "created_at)",
                  8);
    static const char* kFamily[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"};
    for (std::int64_t i = 0; i < holders; ++i) {
      auto& g = gen[static_cast<std::size_t>(i)];
      g.grid = rng() % grids.size();
      int pick = static_cast<int>(rng() % 100);
      g.type = pick < 90 ? "resident" : pick < 95 ? "party_member" : "grid_worker";
      rows.add({first + i, std::string("person"), -(first + i),
                std::string(kFamily[rng() % std::size(kFamily)]) + "居民" + std::to_string(i), grids[g.grid].first,
                grids[g.grid].second, g.type, now});
    }
    rows.flush();
  }
  // Entries, in time order; day totals kept per (grid, day, kind), spread to the grids'
  // ancestors at the end.
  std::map<std::tuple<std::size_t, std::string, bool>, std::pair<std::int64_t, std::int64_t>> days;
  {
    BulkRows rows(db_,
                  "INSERT INTO point_entries (holder_id, cause, points, balance_after, rule_id, deed, deed_ref, "
                  "seq, quantity, reason, region_path, at)",
                  12);
    std::string day, month;
    std::int64_t day_end = 0;
    for (std::int64_t i = 0; i < entries; ++i) {
      std::size_t h = static_cast<std::size_t>(rng() % static_cast<std::uint64_t>(holders));
      auto& g = gen[h];
      std::int64_t at = from_ms + (to_ms - from_ms) / entries * i;
      if (at >= day_end) {  // entries come in time order: the day changes rarely
        day = day_of(at);
        month = day.substr(0, 7);
        day_end = day_bounds(at).second;
      }
      const auto& path = grids[g.grid].second;
      bool correction = rng() % 20 == 0 && g.balance > 0;
      std::int64_t pts = correction ? -std::min<std::int64_t>(g.balance, 1 + static_cast<std::int64_t>(rng() % 5))
                                    : 1 + static_cast<std::int64_t>(rng() % 10);
      g.balance += pts;
      g.earned += pts;
      ++g.entries;
      if (g.months.empty() || g.months.back().first != month) g.months.emplace_back(month, 0);
      g.months.back().second += pts;
      if (correction) {
        rows.add({first + static_cast<std::int64_t>(h), std::string("correction"), pts, g.balance, nullptr, nullptr,
                  nullptr, std::int64_t{0}, std::int64_t{1}, std::string("核减"), path, at});
      } else {
        rows.add({first + static_cast<std::int64_t>(h), std::string("deed"), pts, g.balance, rule.id,
                  std::string("manual"), "gen:" + std::to_string(i), std::int64_t{0}, std::int64_t{1}, std::string(),
                  path, at});
      }
      auto& d = days[{g.grid, day, correction}];
      d.first += pts;
      ++d.second;
    }
    rows.flush();
  }
  // Balances and the ranking totals (county, town, community, grid; month, year, all).
  {
    BulkRows balances(db_, "INSERT INTO point_balances (holder_id, balance, earned, spent, entries, updated_at)", 6);
    BulkRows totals(db_, "INSERT INTO point_totals (node_code, period, earner_type, holder_id, earned)", 5);
    for (std::size_t h = 0; h < gen.size(); ++h) {
      const auto& g = gen[h];
      std::int64_t id = first + static_cast<std::int64_t>(h);
      balances.add({id, g.balance, g.earned, g.spent, g.entries, now});
      if (g.entries == 0) continue;
      std::map<std::string, std::int64_t> periods{{"all", g.earned}};
      for (const auto& [month, pts] : g.months) {
        periods[month] += pts;
        periods[month.substr(0, 4)] += pts;
      }
      for (const auto& code : path_codes(grids[g.grid].second)) {
        if (code.size() != 6 && code.size() != 9 && code.size() != 12 && code.size() != 15) continue;
        for (const auto& [period, earned] : periods) totals.add({code, period, g.type, id, earned});
      }
    }
    balances.flush();
    totals.flush();
    std::map<std::tuple<std::string, std::string, std::string>, std::pair<std::int64_t, std::int64_t>> spread;
    for (const auto& [key, sums] : days) {
      for (const auto& code : path_codes(grids[std::get<0>(key)].second)) {
        auto& d = spread[{code, std::get<1>(key), std::get<2>(key) ? "correction" : "manual"}];
        d.first += sums.first;
        d.second += sums.second;
      }
    }
    BulkRows day_rows(db_, "INSERT INTO point_day_totals (node_code, day, kind, points, entries)", 5);
    for (const auto& [key, sums] : spread)
      day_rows.add({std::get<0>(key), std::get<1>(key), std::get<2>(key), sums.first, sums.second});
    day_rows.flush();
  }
  db_.bulk([&](storage::Tx& tx) {
    if (tx.dialect() == storage::Dialect::postgres)
      tx.exec("SELECT setval(pg_get_serial_sequence('point_holders', 'id'), (SELECT MAX(id) FROM point_holders))");
  });
  db_.bulk([](storage::Tx& tx) {
    for (const char* t : {"point_holders", "point_entries", "point_balances", "point_totals", "point_day_totals"})
      tx.exec(std::string("ANALYZE ") + t);
  });
  return entries;
}

}  // namespace wangge::points
