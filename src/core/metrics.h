// Prometheus metrics: request counts and latency histograms per route and status, plus
// gauges sampled at scrape time (storage queue, connections).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

namespace wangge {

class Metrics {
 public:
  // Records one answered request. route is the matched pattern ("" for unmatched).
  void observe(const std::string& method, const std::string& route, int status, double seconds);
  // A gauge whose value is read by fn at every scrape. `name` may carry labels
  // (`name{class="read"}`); gauges of one family are added one after another.
  void gauge(std::string name, std::string help, std::function<double()> fn);
  // The text exposition format (version 0.0.4).
  std::string render() const;

  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

 private:
  struct Series {
    std::uint64_t count = 0;
    double sum = 0;
    std::array<std::uint64_t, kBuckets.size()> buckets{};
  };
  struct Gauge {
    std::string name, help;
    std::function<double()> fn;
  };
  using Key = std::tuple<std::string, std::string, int>;
  // Request series are sharded by thread so that concurrent requests rarely share a lock;
  // render() merges the shards.
  struct Shard {
    std::mutex mu;
    std::map<Key, Series> series;
  };
  static constexpr std::size_t kShards = 16;
  mutable std::array<Shard, kShards> shards_;
  mutable std::mutex mu_;  // gauges
  std::vector<Gauge> gauges_;
};

}  // namespace wangge
