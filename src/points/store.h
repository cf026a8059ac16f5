// The points module's SQL. Only this module reads or writes the point_* tables.
//
// Locking: every write that changes a holder's balance first takes the holder's balance
// row (lock_balance), so two writes to one holder run one after the other on PostgreSQL
// (SQLite runs one writer at a time anyway); a redemption then takes the reward's row.
// Writes take them in that order, so they cannot deadlock.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/storage/database.h"
#include "points/model.h"

namespace wangge::points::store {

// --- rules ---
std::int64_t insert_rule(storage::Tx& tx, const Rule& r);
bool update_rule(storage::Tx& tx, const Rule& r, std::int64_t expected_version);
std::optional<Rule> rule(storage::Tx& tx, std::int64_t id);
struct RuleFilter {
  std::vector<std::string> paths;   // rules of these nodes and their ancestors (a place's list)
  std::vector<std::string> within;  // or rules of nodes within these (an administrator's view)
  std::optional<std::string> deed, earner_type;
  std::optional<bool> active;
  int limit = 200;
};
std::vector<Rule> rules(storage::Tx& tx, const RuleFilter& f);
// The active rules for a deed and earner type valid on `day` whose node holds `path`.
std::vector<Rule> candidate_rules(storage::Tx& tx, std::string_view deed, const std::string& earner_type,
                                  const std::string& path, const std::string& day);

// --- holders and balances ---
std::optional<Holder> holder(storage::Tx& tx, std::int64_t id);
std::optional<Holder> holder_of(storage::Tx& tx, std::string_view kind, std::int64_t ref_id);
// Inserts h unless (kind, ref_id) exists, with a zero balance; answers the stored holder.
Holder ensure_holder(storage::Tx& tx, const Holder& h);
std::vector<Holder> holders(storage::Tx& tx, const std::vector<std::int64_t>& ids);
// Locks the holder's balance row (a no-op UPDATE) and answers it.
Balance lock_balance(storage::Tx& tx, std::int64_t holder_id);
std::optional<Balance> balance(storage::Tx& tx, std::int64_t holder_id);
// Takes `points` from the balance if it holds that many; false (nothing changed) otherwise.
bool take(storage::Tx& tx, std::int64_t holder_id, std::int64_t points, std::int64_t now);
// Adds `points` (may be negative, not below zero: the CHECK refuses) to the balance, with
// the earned/spent split.
void add(storage::Tx& tx, std::int64_t holder_id, std::int64_t points, std::int64_t earned, std::int64_t spent,
         std::int64_t now);

// --- the ledger ---
// Appends e (balance_after set by the caller) and adds it to the ranking and day totals
// of the holder's place `holder_codes` (the codes of its ancestors) and the deed's place.
std::int64_t append(storage::Tx& tx, const Entry& e, const Holder& h);
// The entries of a deed for a holder: (points summed, rule of the first, count).
struct DeedSoFar {
  std::int64_t points = 0, count = 0;
  std::optional<std::int64_t> rule_id;
};
DeedSoFar deed_so_far(storage::Tx& tx, std::int64_t holder_id, std::string_view deed, const std::string& ref);
// Points the holder earned by a rule in [from, to).
std::int64_t earned_by_rule(storage::Tx& tx, std::int64_t holder_id, std::int64_t rule_id, std::int64_t from,
                            std::int64_t to);
std::vector<Entry> entries(storage::Tx& tx, std::int64_t holder_id, std::optional<std::int64_t> before_id, int limit);
// SUM(points), COUNT(*) of the holder's entries (the check of a balance).
std::pair<std::int64_t, std::int64_t> ledger_sum(storage::Tx& tx, std::int64_t holder_id);
// Holders under a path whose balance differs from their ledger's sum: (holder, balance, sum).
struct Mismatch {
  std::int64_t holder_id = 0, balance = 0, sum = 0;
};
std::vector<Mismatch> mismatches(storage::Tx& tx, const std::string& path, int limit);
std::int64_t count_holders(storage::Tx& tx, const std::string& path);

// --- rankings and figures ---
struct Ranked {
  std::int64_t holder_id = 0, earned = 0;
};
std::vector<Ranked> ranking(storage::Tx& tx, const std::string& node_code, const std::string& period,
                            const std::string& earner_type, int limit);
// Points and entries per kind (a deed or a cause) in the node's subtree, days [from, to].
std::vector<std::pair<std::string, std::pair<std::int64_t, std::int64_t>>> day_totals(storage::Tx& tx,
                                                                                      const std::string& node_code,
                                                                                      const std::string& from_day,
                                                                                      const std::string& to_day);

// --- rewards and redemptions (store_shop.cpp) ---
std::int64_t insert_reward(storage::Tx& tx, const Reward& r);
// Stores r's fields and adds `restock` units (negative: taken out) to its stock.
bool update_reward(storage::Tx& tx, const Reward& r, std::int64_t restock, std::int64_t expected_version);
std::optional<Reward> reward(storage::Tx& tx, std::int64_t id);
struct RewardFilter {
  std::vector<std::string> paths;   // shops of these nodes and their ancestors (what a place can buy)
  std::vector<std::string> within;  // or of nodes within these (staff)
  std::optional<bool> active;
  std::optional<std::int64_t> before_id;
  int limit = 50;
};
std::vector<Reward> rewards(storage::Tx& tx, const RewardFilter& f);
// Takes one unit if there is one and the reward is active; false otherwise.
bool take_stock(storage::Tx& tx, std::int64_t reward_id, std::int64_t now);
void return_stock(storage::Tx& tx, std::int64_t reward_id, std::int64_t now);
std::int64_t insert_redemption(storage::Tx& tx, const Redemption& r);
std::optional<Redemption> redemption(storage::Tx& tx, std::int64_t id);
std::optional<Redemption> redemption_by_code(storage::Tx& tx, const std::string& code);
// Closes an issued redemption (verified or cancelled); false when it was no longer issued.
bool close_redemption(storage::Tx& tx, std::int64_t id, const std::string& status, std::optional<std::int64_t> by,
                      std::int64_t now);
struct RedemptionFilter {
  std::optional<std::int64_t> holder_id;
  std::vector<std::string> within;  // shops within these (clerks)
  std::optional<std::string> status;
  std::optional<std::int64_t> before_id;
  int limit = 50;
};
std::vector<Redemption> redemptions(storage::Tx& tx, const RedemptionFilter& f);
// Rewards of shops under path whose stock is not stock_added - redemptions not cancelled:
// (reward, stock, what it should be); and how many rewards were checked.
struct StockMismatch {
  std::int64_t reward_id = 0, stock = 0, expected = 0;
};
std::vector<StockMismatch> stock_mismatches(storage::Tx& tx, const std::string& path, int limit);
std::int64_t count_rewards(storage::Tx& tx, const std::string& path);

}  // namespace wangge::points::store

namespace wangge::points::store {
// Holders within the scope paths (and of one kind), newest first, with their balances.
std::vector<std::pair<Holder, Balance>> holders_in(storage::Tx& tx, const std::vector<std::string>& scope,
                                                   std::optional<std::string> kind,
                                                   std::optional<std::int64_t> before_id, int limit);
}  // namespace wangge::points::store

namespace wangge::points::store {
// Rules, holders and rewards of a region code (its deletion is refused while any) and under
// a path (a move of the subtree is refused while any).
std::int64_t count_uses(storage::Tx& tx, const std::string& region_code);
std::int64_t count_under(storage::Tx& tx, const std::string& path);
}  // namespace wangge::points::store
