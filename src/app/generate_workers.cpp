// generate-workers (benchmarks: bench/assessment_bench.sh): COUNT grid workers under a
// node, spread evenly over its communities, each an account holding the grid worker's role
// on its community, made through the accounts' store in transactions of 2,000; then the
// events of [FROM, TO) under each community are attributed to its workers by the events
// module (patrol reports to their reporter, events solved at the grid to their handler), so
// that an assessment of the node has as many subjects as a real county and each of them
// has records to count. The accounts cannot log in (one unknown password's hash).
#include <spdlog/spdlog.h>

#include <random>

#include "accounts/service.h"
#include "accounts/store.h"
#include "app/app.h"
#include "events/service.h"
#include "territory/service.h"

namespace wangge {
namespace {

// The communities (12 digits) under root, depth first, in code order.
std::vector<territory::Region> communities_under(const territory::Service& territory, const std::string& root) {
  std::vector<territory::Region> out;
  std::vector<std::string> pending{root};
  while (!pending.empty()) {
    std::string code = std::move(pending.back());
    pending.pop_back();
    if (code.size() == 12) {
      if (auto c = territory.find(code, false)) out.push_back(*c);
      continue;
    }
    if (code.size() > 12) continue;
    for (std::string after;;) {
      auto kids = territory.children(code, after, 1000, false);
      for (const auto& k : kids) pending.push_back(k.code);
      if (kids.size() < 1000) break;
      after = kids.back().code;
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.code < b.code; });
  return out;
}

}  // namespace

std::int64_t App::generate_workers(const std::string& root, std::int64_t count, std::int64_t from_ms,
                                   std::int64_t until_ms, std::uint64_t seed) {
  const auto places = communities_under(*territory_, root);
  if (places.empty() || count <= 0) return 0;
  std::mt19937_64 rng(seed);
  std::string secret;
  for (int i = 0; i < 24; ++i) secret += static_cast<char>('a' + rng() % 26);
  const std::string hash = accounts::hash_password(secret + "#9A");
  const std::int64_t now = storage::now_ms();
  const auto n_places = static_cast<std::int64_t>(places.size());
  std::int64_t made = 0, attributed = 0;
  for (std::int64_t k = 0; k < n_places; ++k) {
    // Community k's share: count / places, the remainder to the first ones.
    const std::int64_t share = count / n_places + (k < count % n_places ? 1 : 0);
    if (share == 0) continue;
    const auto& place = places[static_cast<std::size_t>(k)];
    std::int64_t first = 0;
    for (std::int64_t done = 0; done < share;) {
      const std::int64_t batch = std::min<std::int64_t>(2000, share - done);
      db_->bulk([&](storage::Tx& tx) {
        for (std::int64_t i = 0; i < batch; ++i) {
          const std::int64_t n = made + done + i;
          auto id = accounts::store::insert_user(tx, "bench_gw_" + std::to_string(seed) + "_" + std::to_string(n),
                                                 "网格员" + std::to_string(n), hash, now);
          accounts::store::insert_setup_grant(tx, id, "grid_worker", place.code, now);
          if (done + i == 0) first = id;
          // Ids are consecutive within a transaction of one writer; the attribution relies on it.
          if (id != first + done + i) throw std::runtime_error("generate-workers: account ids are not consecutive");
        }
      });
      done += batch;
    }
    made += share;
    attributed += events_->attribute_to_accounts(place.path, from_ms, until_ms, first, share);
  }
  spdlog::info("generate-workers: {} grid workers in {} communities under {}, {} events attributed", made, n_places,
               root, attributed);
  return made;
}

}  // namespace wangge
