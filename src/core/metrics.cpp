#include "core/metrics.h"

#include <atomic>
#include <cstdio>

namespace wangge {

void Metrics::observe(const std::string& method, const std::string& route, int status, double seconds) {
  static std::atomic<std::size_t> next_shard{0};
  thread_local std::size_t shard_index = next_shard++ % kShards;
  Shard& shard = shards_[shard_index];
  std::lock_guard lock(shard.mu);
  Series& s = shard.series[{method, route, status}];
  ++s.count;
  s.sum += seconds;
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++s.buckets[i];
  }
}

void Metrics::gauge(std::string name, std::string help, std::function<double()> fn) {
  std::lock_guard lock(mu_);
  gauges_.push_back({std::move(name), std::move(help), std::move(fn)});
}

std::string Metrics::render() const {
  std::string out;
  char buf[64];
  std::vector<Gauge> gauges;
  {
    std::lock_guard lock(mu_);
    gauges = gauges_;
  }
  std::map<Key, Series> series_;
  for (auto& shard : shards_) {
    std::lock_guard lock(shard.mu);
    for (const auto& [key, s] : shard.series) {
      Series& total = series_[key];
      total.count += s.count;
      total.sum += s.sum;
      for (std::size_t i = 0; i < kBuckets.size(); ++i) total.buckets[i] += s.buckets[i];
    }
  }
  {
    out += "# HELP wangge_http_requests_total HTTP requests answered.\n";
    out += "# TYPE wangge_http_requests_total counter\n";
    for (const auto& [key, s] : series_) {
      const auto& [method, route, status] = key;
      out += "wangge_http_requests_total{method=\"" + method + "\",route=\"" + route + "\",status=\"" +
             std::to_string(status) + "\"} " + std::to_string(s.count) + "\n";
    }
    out += "# HELP wangge_http_request_duration_seconds Time to answer, handler included.\n";
    out += "# TYPE wangge_http_request_duration_seconds histogram\n";
    for (const auto& [key, s] : series_) {
      const auto& [method, route, status] = key;
      std::string labels =
          "method=\"" + method + "\",route=\"" + route + "\",status=\"" + std::to_string(status) + "\"";
      for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        std::snprintf(buf, sizeof buf, "%g", kBuckets[i]);
        out += "wangge_http_request_duration_seconds_bucket{" + labels + ",le=\"" + buf + "\"} " +
               std::to_string(s.buckets[i]) + "\n";
      }
      out +=
          "wangge_http_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} " + std::to_string(s.count) + "\n";
      std::snprintf(buf, sizeof buf, "%.6f", s.sum);
      out += "wangge_http_request_duration_seconds_sum{" + labels + "} " + buf + "\n";
      out += "wangge_http_request_duration_seconds_count{" + labels + "} " + std::to_string(s.count) + "\n";
    }
  }
  std::string family_done;
  for (const auto& g : gauges) {
    // A gauge may carry labels (name{class="read"}): HELP and TYPE once per family.
    std::string family = g.name.substr(0, g.name.find('{'));
    if (family != family_done) out += "# HELP " + family + " " + g.help + "\n# TYPE " + family + " gauge\n";
    family_done = family;
    std::snprintf(buf, sizeof buf, "%.17g", g.fn());
    out += g.name + " " + buf + "\n";
  }
  return out;
}

}  // namespace wangge
