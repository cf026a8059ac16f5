// generate-care (benchmarks: bench/care_bench.sh): CARERS roster entries spread over the
// grids under a node, HOUSEHOLDS registry households each in the care (包户) of one carer of
// its grid, and VISITS care visits over the twelve months up to MONTH, each of a random
// household of its carer on a random day of a random month, as the teams module records
// them: the visit row, the (carer, household, month) mark, the carer's month rollup (visits,
// 人次, households visited), the assignment's last visit and due date, and the per-community
// due-day counters. Households are written through the registry's table shape, roster and
// care rows through the teams module's; bulk transactions, 256 rows a statement; the tables
// are analysed at the end.
#include <array>
#include <map>
#include <random>

#include "app/app.h"
#include "core/calendar.h"
#include "core/storage/bulk_rows.h"
#include "territory/service.h"

namespace wangge {
namespace {

using storage::BulkRows;
using storage::Value;

constexpr const char* kCarePosts[] = {"building_head", "unit_head", "neighbour_head",
                                      "party_member",  "full_time", "part_time"};
constexpr const char* kFamily[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"};

std::int64_t next_id(storage::Database& db, const char* table) {
  std::int64_t id = 0;
  db.bulk([&](storage::Tx& tx) {
    id = tx.exec(std::string("SELECT COALESCE(MAX(id), 0) + 1 FROM ") + table).one().i64(0);
  });
  return id;
}

}  // namespace

std::int64_t App::generate_care(const std::string& root, std::int64_t carers, std::int64_t households,
                                std::int64_t visits, const std::string& last_month, std::uint64_t seed) {
  auto grids = territory_->grids_under(root);
  if (grids.empty() || carers <= 0 || households < carers) return 0;
  std::mt19937_64 rng(seed);
  const Calendar& cal = *calendar_;
  const std::int64_t now = storage::now_ms();
  // The twelve months up to last_month: their first days and names.
  int year = std::stoi(last_month.substr(0, 4)), mon = std::stoi(last_month.substr(5, 2));
  std::vector<std::pair<Day, std::string>> months;
  for (int k = 11; k >= 0; --k) {
    int m = mon - k, y = year;
    while (m < 1) m += 12, --y;
    Day first = day_from_ymd(y, m, 1);
    months.emplace_back(first, format_day(first).substr(0, 7));
  }
  const std::int64_t first_member = next_id(*db_, "team_members");
  const std::int64_t first_household = next_id(*db_, "households");
  const std::int64_t first_assignment = next_id(*db_, "care_assignments");
  const std::int64_t per_carer = households / carers;
  const std::int64_t visits_per_carer = visits / carers;

  // Each carer's visits are drawn from a generator of its own, so that the second pass
  // (the visit rows, written once their assignments exist) draws the same ones.
  auto carer_visits = [&](std::int64_t c, std::int64_t n_homes, const auto& each) {
    std::mt19937_64 r(seed * 1'000'003 + static_cast<std::uint64_t>(c));
    for (std::int64_t v = 0; v < visits_per_carer; ++v) {
      std::int64_t k = static_cast<std::int64_t>(r() % static_cast<std::uint64_t>(n_homes));
      std::size_t m = r() % months.size();
      std::int64_t at = cal.midnight(months[m].first + static_cast<Day>(r() % 28)) + 9 * 3'600'000 +
                        static_cast<std::int64_t>(r() % (8 * 3'600'000));
      each(k, m, at);
    }
  };
  auto homes_of = [&](std::int64_t c) { return c == carers - 1 ? households - per_carer * (carers - 1) : per_carer; };
  auto grid_of = [&](std::int64_t c) -> const territory::Region& {
    return grids[static_cast<std::size_t>(c) % grids.size()];
  };
  // The roster first (the assignments refer to it).
  {
    BulkRows members(*db_,
                     "INSERT INTO team_members (id, region_code, region_path, level, post, name, phone_masked, "
                     "responsibility, on_duty, sort, since, status, in_care, version, created_at, updated_at)",
                     16);
    for (std::int64_t c = 0; c < carers; ++c)
      members.add({first_member + c, grid_of(c).code, grid_of(c).path, std::string("grid"),
                   std::string(kCarePosts[c % 6]), std::string(kFamily[rng() % 10]) + "包户员" + std::to_string(c),
                   std::string("138****0000"), std::string(), std::int64_t{0}, std::int64_t{0},
                   std::string("2025-01-01"), std::string("active"), homes_of(c), std::int64_t{1}, now, now});
    members.flush();
  }
  // Households, their assignments (last visit, due date), the marks and the month rollup.
  std::map<std::pair<std::string, Day>, std::int64_t> due;  // (community path, due day) -> assignments
  {
    BulkRows homes(*db_,
                   "INSERT INTO households (id, region_code, region_path, address, room, housing_type, version, "
                   "created_at, updated_at)",
                   9);
    BulkRows assignments(*db_,
                         "INSERT INTO care_assignments (id, household_id, member_id, region_code, region_path, "
                         "member_path, community_path, address, klass, persons, interval_days, status, started_at, "
                         "last_visited_at, due_at, version)",
                         16);
    BulkRows marks(*db_, "INSERT INTO care_marks (member_id, household_id, month)", 3);
    BulkRows rollup(*db_, "INSERT INTO care_rollup (month, member_path, member_id, visits, persons, households)", 6);
    for (std::int64_t c = 0; c < carers; ++c) {
      const auto& grid = grid_of(c);
      const std::string community_path = grid.path.substr(0, grid.path.rfind('/', grid.path.size() - 2) + 1);
      const std::int64_t member = first_member + c, n_homes = homes_of(c), base = per_carer * c;
      std::vector<std::int64_t> last(static_cast<std::size_t>(n_homes), 0);
      std::vector<std::uint8_t> seen(static_cast<std::size_t>(n_homes) * months.size(), 0);
      std::vector<std::array<std::int64_t, 3>> per_month(months.size(), {0, 0, 0});
      carer_visits(c, n_homes, [&](std::int64_t k, std::size_t m, std::int64_t at) {
        last[static_cast<std::size_t>(k)] = std::max(last[static_cast<std::size_t>(k)], at);
        auto& pm = per_month[m];
        ++pm[0];
        pm[1] += 1 + (first_household + base + k) % 4;
        auto& cell = seen[static_cast<std::size_t>(k) * months.size() + m];
        if (!cell) {
          cell = 1;
          ++pm[2];
          marks.add({member, first_household + base + k, months[m].second});
        }
      });
      for (std::size_t m = 0; m < months.size(); ++m)
        if (per_month[m][0] > 0)
          rollup.add({months[m].second, grid.path, member, per_month[m][0], per_month[m][1], per_month[m][2]});
      for (std::int64_t k = 0; k < n_homes; ++k) {
        std::int64_t h = first_household + base + k;
        std::string address = "包户路 " + std::to_string(h % 500 + 1) + " 号";
        homes.add({h, grid.code, grid.path, address, std::to_string(101 + k % 30), std::string("owned"),
                   std::int64_t{1}, now, now});
        const char* klass = k % 10 == 0 ? "key" : k % 10 < 3 ? "care" : "ordinary";
        std::int64_t interval = k % 10 == 0 ? 7 : k % 10 < 3 ? 14 : 30;
        std::int64_t visited = last[static_cast<std::size_t>(k)];
        std::int64_t due_at = (visited ? visited : now) + interval * 86'400'000;
        assignments.add({first_assignment + base + k, h, member, grid.code, grid.path, grid.path, community_path,
                         address, std::string(klass), 1 + h % 4, interval, std::string("active"),
                         cal.midnight(months.front().first), visited ? Value(visited) : Value(nullptr), due_at,
                         std::int64_t{1}});
        ++due[{community_path, cal.day_of(due_at)}];
      }
    }
    homes.flush();  // before the assignments that refer to them: each flushes its own batches
    assignments.flush();
    marks.flush();
    rollup.flush();
  }
  // The visits, now that every assignment exists.
  std::int64_t made = 0;
  {
    BulkRows care_visits(*db_,
                         "INSERT INTO care_visits (assignment_id, member_id, household_id, region_path, member_path, "
                         "month, visited_at, persons, findings, created_at)",
                         10);
    for (std::int64_t c = 0; c < carers; ++c) {
      const auto& grid = grid_of(c);
      const std::int64_t base = per_carer * c;
      carer_visits(c, homes_of(c), [&](std::int64_t k, std::size_t m, std::int64_t at) {
        std::int64_t h = first_household + base + k;
        care_visits.add({first_assignment + base + k, first_member + c, h, grid.path, grid.path, months[m].second, at,
                         1 + h % 4, std::string("入户走访，了解家庭近况"), at});
        ++made;
      });
    }
    care_visits.flush();
  }
  // Added to the counters of the assignments already there (the demo's).
  BulkRows due_rows(*db_, "INSERT INTO care_due (community_path, due_day, n)", 3,
                    "ON CONFLICT (community_path, due_day) DO UPDATE SET n = care_due.n + excluded.n");
  for (const auto& [key, n] : due) due_rows.add({key.first, key.second, n});
  due_rows.flush();
  db_->bulk([](storage::Tx& tx) {
    if (tx.dialect() == storage::Dialect::postgres) {
      for (const char* t : {"team_members", "households", "care_assignments", "care_visits"})
        tx.exec(std::string("SELECT setval(pg_get_serial_sequence('") + t + "', 'id'), (SELECT MAX(id) FROM " + t +
                "))");
    }
  });
  db_->bulk([](storage::Tx& tx) {
    for (const char* t :
         {"team_members", "households", "care_assignments", "care_visits", "care_marks", "care_rollup", "care_due"})
      tx.exec(std::string("ANALYZE ") + t);
  });
  return made;
}

}  // namespace wangge
