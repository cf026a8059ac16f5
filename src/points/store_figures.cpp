// The SQL of the ledger's checks and figures: balances against their ledgers, rankings,
// day totals, and the rows a region's deletion or a subtree's move must wait for.
#include "core/storage/rows.h"
#include "core/storage/scope.h"
#include "points/store.h"

namespace wangge::points::store {

std::vector<Mismatch> mismatches(storage::Tx& tx, const std::string& path, int limit) {
  std::vector<Mismatch> out;
  for (const auto& r :
       tx.exec("SELECT h.id, b.balance, COALESCE((SELECT SUM(e.points) FROM point_entries e WHERE e.holder_id = h.id), "
               "0) AS s FROM point_holders h JOIN point_balances b ON b.holder_id = h.id WHERE h.region_path >= ? "
               "AND h.region_path < ? AND b.balance <> COALESCE((SELECT SUM(e.points) FROM point_entries e WHERE "
               "e.holder_id = h.id), 0) "
               "ORDER BY h.id LIMIT ?",
               {path, storage::path_upper_bound(path), std::int64_t{limit}})
           .rows)
    out.push_back(Mismatch{r.i64(0), r.i64(1), r.i64(2)});
  return out;
}

std::int64_t count_holders(storage::Tx& tx, const std::string& path) {
  return tx
      .exec("SELECT COUNT(*) FROM point_holders WHERE region_path >= ? AND region_path < ?",
            {path, storage::path_upper_bound(path)})
      .one()
      .i64(0);
}

std::vector<Ranked> ranking(storage::Tx& tx, const std::string& node_code, const std::string& period,
                            const std::string& earner_type, int limit) {
  std::vector<Ranked> out;
  for (const auto& r : tx.exec("SELECT holder_id, earned FROM point_totals WHERE node_code = ? AND period = ? AND "
                               "earner_type = ? ORDER BY earned DESC, holder_id LIMIT ?",
                               {node_code, period, earner_type, std::int64_t{limit}})
                           .rows)
    out.push_back(Ranked{r.i64(0), r.i64(1)});
  return out;
}

std::vector<std::pair<std::string, std::pair<std::int64_t, std::int64_t>>> day_totals(storage::Tx& tx,
                                                                                      const std::string& node_code,
                                                                                      const std::string& from_day,
                                                                                      const std::string& to_day) {
  std::vector<std::pair<std::string, std::pair<std::int64_t, std::int64_t>>> out;
  for (const auto& r : tx.exec("SELECT kind, SUM(points), SUM(entries) FROM point_day_totals WHERE node_code = ? AND "
                               "day >= ? AND day <= ? GROUP BY kind ORDER BY kind",
                               {node_code, from_day, to_day})
                           .rows)
    out.push_back({r.str(0), {r.i64(1), r.i64(2)}});
  return out;
}

std::int64_t count_uses(storage::Tx& tx, const std::string& region_code) {
  std::int64_t n = 0;
  for (const char* table : {"point_rules", "point_holders", "point_rewards"})
    n += tx.exec(std::string("SELECT COUNT(*) FROM ") + table + " WHERE region_code = ?", {region_code}).one().i64(0);
  return n;
}

std::int64_t count_under(storage::Tx& tx, const std::string& path) {
  std::int64_t n = 0;
  for (const char* table : {"point_rules", "point_holders", "point_rewards"})
    n += tx.exec(std::string("SELECT COUNT(*) FROM ") + table + " WHERE region_path >= ? AND region_path < ?",
                 {path, storage::path_upper_bound(path)})
             .one()
             .i64(0);
  return n;
}

}  // namespace wangge::points::store
