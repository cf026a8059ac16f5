// The notices module's model (docs/NOTICES.md): a notice or policy published to a territory
// subtree for a validity period, and the staff it reached with the time each read it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wangge::notices {

inline constexpr const char* kKinds[] = {"notice", "policy"};
inline constexpr const char* kStates[] = {"draft", "published", "withdrawn"};
// Roles whose accounts a notice reaches as staff (read receipts, must read); residents,
// volunteers and party members read notices too, counted as readers.
inline constexpr const char* kStaffRoles[] = {"leader",   "dispatcher",   "handler",    "grid_chief", "grid_worker",
                                              "mediator", "window_clerk", "shop_clerk", "secretary"};

// part ÷ whole in percent, two decimals, truncated (0 when whole is 0): read rates.
inline double percent(std::int64_t part, std::int64_t whole) {
  return whole == 0 ? 0.0 : static_cast<double>(part * 10000 / whole) / 100.0;
}

struct Notice {
  std::int64_t id = 0;
  std::string region_code, region_path, kind = "notice", topic, title, body;
  std::vector<std::string> attachments;
  bool must_read = false;
  std::string status = "draft";
  std::optional<std::int64_t> valid_from, valid_until, published_at;
  std::int64_t author_id = 0;
  std::int64_t readers = 0, recipients = 0, recipients_read = 0;
  std::string withdrawn_reason;
  std::int64_t version = 1, created_at = 0, updated_at = 0;
};

struct Recipient {
  std::int64_t user_id = 0;
  std::string region_path;
  std::optional<std::int64_t> read_at;
};

}  // namespace wangge::notices
