#include "core/storage/cluster.h"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <cstdio>

namespace wangge::storage {

Bus::Bus() {
  unsigned char raw[6];
  randombytes_buf(raw, sizeof raw);
  char hex[2 * sizeof raw + 1];
  for (std::size_t i = 0; i < sizeof raw; ++i) std::snprintf(hex + 2 * i, 3, "%02x", raw[i]);
  node_ = hex;
}

void Bus::subscribe(std::string_view channel, Handler fn) {
  std::lock_guard lock(mu_);
  auto it = handlers_.find(channel);
  if (it == handlers_.end()) {
    handlers_.emplace(std::string(channel), std::vector<Handler>{std::move(fn)});
    ++generation_;
  } else {
    it->second.push_back(std::move(fn));
  }
}

void Bus::on_resync(std::function<void()> fn) {
  std::lock_guard lock(mu_);
  resync_.push_back(std::move(fn));
}

std::vector<std::string> Bus::channels() const {
  std::lock_guard lock(mu_);
  std::vector<std::string> out;
  out.reserve(handlers_.size());
  for (const auto& [name, fns] : handlers_) out.push_back(name);
  return out;
}

std::string Bus::wire(std::string_view payload) const {
  std::string out;
  out.reserve(node_.size() + 1 + payload.size());
  out.append(node_).append("|").append(payload);
  return out;
}

void Bus::deliver(std::string_view scoped_channel, std::string_view wire) const {
  if (!scoped_channel.starts_with(scope_)) return;  // another deployment's
  std::string_view channel = scoped_channel.substr(scope_.size());
  auto bar = wire.find('|');
  if (bar == std::string_view::npos) return;  // not ours
  bool from_self = wire.substr(0, bar) == node_;
  std::string_view payload = wire.substr(bar + 1);
  std::shared_lock running(running_);
  std::vector<Handler> fns;
  {
    std::lock_guard lock(mu_);
    auto it = handlers_.find(channel);
    if (closed_ || it == handlers_.end()) return;
    fns = it->second;
  }
  for (const auto& fn : fns) {
    try {
      fn(payload, from_self);
    } catch (const std::exception& e) {
      // A handler that cannot do its work now (the database unreachable in a failover)
      // must not take the node down; what it missed is made up by a resync.
      spdlog::warn("cluster: a handler of {} failed ({}); resyncing", channel, e.what());
      resync_needed_ = true;
    }
  }
}

bool Bus::take_resync_need() const {
  return resync_needed_.exchange(false);
}

void Bus::close() {
  std::unique_lock running(running_);
  std::lock_guard lock(mu_);
  closed_ = true;
  handlers_.clear();
  resync_.clear();
}

bool Bus::resync() const {
  std::shared_lock running(running_);
  std::vector<std::function<void()>> fns;
  {
    std::lock_guard lock(mu_);
    if (closed_) return true;
    fns = resync_;
  }
  bool all = true;
  for (const auto& fn : fns) {
    try {
      fn();
    } catch (const std::exception& e) {
      spdlog::warn("cluster: resync failed ({}); trying again", e.what());
      all = false;
    }
  }
  return all;
}

std::vector<std::string_view> payload_tokens(std::string_view payload) {
  std::vector<std::string_view> out;
  while (!payload.empty()) {
    auto comma = payload.find(',');
    std::string_view token = payload.substr(0, comma);
    if (!token.empty()) out.push_back(token);
    payload = comma == std::string_view::npos ? std::string_view() : payload.substr(comma + 1);
  }
  return out;
}

std::vector<std::int64_t> payload_ids(std::string_view payload) {
  std::vector<std::int64_t> out;
  for (auto token : payload_tokens(payload)) {
    std::int64_t v = 0;
    auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), v);
    if (ec == std::errc() && end == token.data() + token.size() && v > 0) out.push_back(v);
  }
  return out;
}

std::int64_t lease_key(std::string_view name) {
  std::uint64_t h = 1469598103934665603ULL;
  auto add = [&h](std::string_view text) {
    for (char c : text) {
      h ^= static_cast<unsigned char>(c);
      h *= 1099511628211ULL;
    }
  };
  add("wangge:");
  add(name);
  return static_cast<std::int64_t>(h);
}

}  // namespace wangge::storage
