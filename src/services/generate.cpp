// generate-orders (benchmarks, demos): `count` past orders under a node, spread over its
// grids and over [from, to), in the states a working desk has (most confirmed, some still
// on the console), written in bulk transactions of 5,000. Orders only: no timeline
// entries or notifications (they are not what the console and the catalogue read); the
// table analysed at the end.
#include <random>

#include "services/service.h"
#include "services/store.h"
#include "territory/service.h"

namespace wangge::services {
std::int64_t Service::generate_orders(const std::string& root, std::int64_t count, std::int64_t from_ms,
                                      std::int64_t to_ms, std::uint64_t seed) {
  std::vector<std::pair<std::string, std::string>> grids;  // code, path
  for (const auto& g : territory_.grids_under(root)) grids.emplace_back(g.code, g.path);
  if (grids.empty() || count <= 0 || to_ms <= from_ms) return 0;
  static const char* kTitles[] = {"代领社保卡", "上门理发", "代买药品", "家电维修",       "陪同就医",
                                  "代缴水电费", "助浴服务", "送餐上门", "代办老年优待证", "清洗油烟机"};
  // state, share in per mille (a cumulative table)
  static const std::pair<const char*, int> kStates[] = {{"confirmed", 700}, {"cancelled", 750}, {"declined", 780},
                                                        {"done", 830},      {"taken", 880},     {"assigned", 920},
                                                        {"open", 960},      {"ordered", 1000}};
  std::mt19937_64 rng(seed);
  std::int64_t made = 0;
  constexpr std::int64_t kChunk = 5000;
  for (std::int64_t i0 = 0; i0 < count; i0 += kChunk) {
    db_.bulk([&](storage::Tx& tx) {
      for (std::int64_t i = i0; i < std::min(count, i0 + kChunk); ++i) {
        const auto& [code, path] = grids[rng() % grids.size()];
        Order o;
        o.region_code = code;
        o.region_path = path;
        o.community_path = community_path_of(path);
        o.title = kTitles[rng() % std::size(kTitles)];
        o.requester_kind = "resident";
        o.requester_id = 1'000'000 + static_cast<std::int64_t>(rng() % 50'000);
        // Orders in id order are orders in time order, as a live desk files them.
        o.created_at = from_ms + (to_ms - from_ms) / count * i;
        o.updated_at = o.created_at;
        o.due_at = calendar_.add_working_minutes(o.created_at, std::int64_t{3} * calendar_.minutes_per_day());
        int pick = static_cast<int>(rng() % 1000);
        for (const auto& [state, upto] : kStates) {
          if (pick < upto) {
            o.status = state;
            break;
          }
        }
        if (o.status != "ordered" && o.status != "open" && o.status != "cancelled" && o.status != "declined")
          o.taker_id = 2'000'000 + static_cast<std::int64_t>(rng() % 500);
        if (o.status == "taken" || o.status == "done" || o.status == "confirmed")
          o.taken_at = o.created_at + static_cast<std::int64_t>(rng() % 86'400'000);
        if (o.status == "done" || o.status == "confirmed") o.done_at = *o.taken_at + 3'600'000;
        if (o.status == "confirmed") {
          o.closed_at = *o.done_at + 3'600'000;
          o.rating = 3 + static_cast<int>(rng() % 3);
        }
        store::insert_order(tx, o);
        ++made;
      }
    });
  }
  // Statistics for the planner now, as after any bulk load (not when autovacuum gets to it).
  db_.bulk([](storage::Tx& tx) { tx.exec("ANALYZE service_orders"); });
  return made;
}

}  // namespace wangge::services
