// generate-residents (benchmarks): COUNT residents under a node, each in a household of
// their own spread over the node's grids, a registry person with a resident account linked
// to it (实名认证) and a session whose token is written to a file, so that a benchmark can
// vote and read as each of them (bench/ballot_bench.sh). Made through the registry's and the
// accounts' stores, in transactions of 2,000 residents.
#include <fstream>
#include <random>

#include "accounts/service.h"
#include "accounts/store.h"
#include "app/app.h"
#include "registry/store.h"
#include "territory/service.h"

namespace wangge {

std::int64_t App::generate_residents(const std::string& root, std::int64_t count, const std::string& tokens_file,
                                     std::uint64_t seed) {
  auto grids = territory_->grids_under(root);
  if (grids.empty()) return 0;
  std::ofstream tokens(tokens_file);
  if (!tokens) return 0;
  std::mt19937_64 rng(seed);
  const std::string hash = accounts::hash_password("Resident#" + std::to_string(seed));
  auto hex = [&] {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string s;
    for (int i = 0; i < 40; ++i) s += kDigits[rng() & 15];
    return s;
  };
  const std::int64_t now = storage::now_ms();
  std::int64_t made = 0;
  while (made < count) {
    std::int64_t batch = std::min<std::int64_t>(2000, count - made);
    db_->bulk([&](storage::Tx& tx) {
      for (std::int64_t i = 0; i < batch; ++i) {
        std::int64_t n = made + i;
        const auto& grid = grids[static_cast<std::size_t>(n) % grids.size()];
        registry::Household h;
        h.region_code = grid.code;
        h.region_path = grid.path;
        h.address = "基准测试路 " + std::to_string(n / 100 + 1) + " 号";
        h.room = std::to_string(n % 100 + 101);
        h.housing_type = "owned";
        h.created_at = h.updated_at = now;
        h.id = registry::store::insert_household(tx, h);
        registry::Person p;
        p.name = "居民" + std::to_string(n);
        p.gender = n % 2 ? "male" : "female";
        p.birth_date = std::to_string(1950 + n % 50) + "-0" + std::to_string(1 + n % 9) + "-15";
        p.residence_type = "registered";
        p.household_id = h.id;
        p.region_code = grid.code;
        p.region_path = grid.path;
        p.created_at = p.updated_at = now;
        p.id = registry::store::insert_person(tx, p);
        registry::Membership m;
        m.household_id = h.id;
        m.person_id = p.id;
        m.relation = "head";
        m.moved_in_on = "2020-01-01";
        registry::store::insert_membership(tx, m, std::nullopt, now);
        auto user = accounts::store::insert_user(tx, "bench_res_" + std::to_string(seed) + "_" + std::to_string(n),
                                                 p.name, hash, now);
        accounts::store::insert_setup_grant(tx, user, "resident", grid.code, now);
        registry::store::link_account(tx, p.id, user, "staff", std::nullopt, now);
        std::string token = hex();
        accounts::store::insert_session(tx, accounts::token_hash(token), user, now, now + 30LL * 86'400'000, "",
                                        "bench");
        tokens << token << '\n';
      }
    });
    made += batch;
  }
  return made;
}

}  // namespace wangge
