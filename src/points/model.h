// The points module's model (docs/POINTS.md): rules (积分项目清单), holders, ledger
// entries, balances, rewards (积分礼遇清单) and redemptions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wangge::points {

inline constexpr const char* kEarnerTypes[] = {"resident", "household", "grid_worker", "party_member"};
inline constexpr const char* kDeeds[] = {"volunteer_hour",  "report_closed", "self_handled",     "wish_fulfilled",
                                         "order_completed", "visit_done",    "meeting_attended", "manual"};
inline constexpr const char* kCauses[] = {"deed", "redemption", "refund", "correction", "expiry"};
inline constexpr const char* kHolderKinds[] = {"user", "person", "household"};
inline constexpr const char* kSupplierKinds[] = {"community", "unit"};

// A line of the list: `points` for each deed of `deed` done by an earner of `earner_type`
// within the node (for volunteer_hour: per hour, minutes pro rata), at most cap_day and
// cap_month points a holder a day and a month, while valid.
struct Rule {
  std::int64_t id = 0;
  std::string region_code, region_path;
  std::string earner_type, deed, name;
  std::int64_t points = 0;
  std::optional<std::int64_t> cap_day, cap_month;
  std::string valid_from;
  std::optional<std::string> valid_to;
  bool active = true;
  std::int64_t version = 1;
  std::optional<std::int64_t> created_by;
  std::int64_t created_at = 0, updated_at = 0;
};

struct Holder {
  std::int64_t id = 0;
  std::string kind;  // user person household
  std::int64_t ref_id = 0;
  std::string name;
  std::string region_code, region_path;
  std::string earner_type;
  std::int64_t created_at = 0;
};

struct Balance {
  std::int64_t balance = 0, earned = 0, spent = 0, entries = 0;
  std::int64_t updated_at = 0;
};

struct Entry {
  std::int64_t id = 0;
  std::int64_t holder_id = 0;
  std::string cause;
  std::int64_t points = 0, balance_after = 0;
  std::optional<std::int64_t> rule_id;
  std::optional<std::string> deed, deed_ref;
  std::int64_t seq = 0, quantity = 1;
  std::optional<std::int64_t> redemption_id;
  std::string reason;
  std::string region_path;
  std::optional<std::int64_t> actor_id;
  std::int64_t at = 0;
  std::string rule_name;  // filled by reads
};

struct Reward {
  std::int64_t id = 0;
  std::string region_code, region_path;
  std::string name, detail;
  std::int64_t price = 0, stock = 0, stock_added = 0;
  std::string supplier_kind, supplier_name;
  bool active = true;
  std::int64_t version = 1;
  std::int64_t created_at = 0, updated_at = 0;
};

struct Redemption {
  std::int64_t id = 0;
  std::int64_t reward_id = 0, holder_id = 0;
  std::string region_path;
  std::int64_t points = 0;
  std::string code;
  std::string status;  // issued verified cancelled
  std::optional<std::int64_t> redeemed_by, verified_by;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> closed_at;
  std::int64_t version = 1;
  std::string reward_name, holder_name;  // filled by reads
};

// The period keys a point earned at `at` (epoch ms) counts in: "YYYY-MM", "YYYY", "all"
// (Beijing time), and its day "YYYY-MM-DD".
std::string day_of(std::int64_t at);

}  // namespace wangge::points
