// The points module (积分, PRODUCT.md module 5; docs/POINTS.md): the list of deeds that
// earn points per earner type (积分项目清单, rules.cpp), the append-only ledger of every
// holder (award.cpp: deeds reported by other modules, counted once each; manual awards and
// corrections), balances derived from it and checked (ledger.cpp), rankings and figures
// (http_stats.cpp), and the rewards shop (积分礼遇清单/积分超市, shop.cpp) where a
// redemption takes points and a unit of stock at once and gives a code the clerk verifies
// once. Holders' names, places and earner types come from accounts and the registry
// through a callback the app wires (the module links neither).
//
// Thread safety: a Service is shared by every request thread; its state after start is
// the wired callbacks, set once before serving.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/context.h"
#include "core/deeds.h"
#include "core/http/router.h"
#include "core/http/schema.h"
#include "core/json.h"
#include "core/storage/database.h"
#include "points/model.h"

namespace wangge::territory {
class Service;
}
namespace wangge::notifications {
class Service;
}

namespace wangge::points {

void register_schemas(schema::Components& c);

// --- the rules' arithmetic (rules.cpp; pure, points_test.cpp) ---
// The rule that applies among candidates: the one of the deepest node (a community's list
// overrides its town's), the newest among equals; nullptr when there is none.
const Rule* pick_rule(const std::vector<Rule>& candidates);
// The points a rule gives for `quantity` (deeds; minutes for volunteer_hour, pro rata
// per hour, rounded down).
std::int64_t points_for(const Rule& r, std::int64_t quantity);
// What may still be awarded under the caps, given what the holder earned by the rule on
// the day and in the month: min(raw, cap_day - day, cap_month - month), never below 0.
std::int64_t capped(const Rule& r, std::int64_t raw, std::int64_t earned_day, std::int64_t earned_month);
// [start, end) of the Beijing day and month `at` lies in (epoch ms).
std::pair<std::int64_t, std::int64_t> day_bounds(std::int64_t at);
std::pair<std::int64_t, std::int64_t> month_bounds(std::int64_t at);

// n random decimal digits (award.cpp).
std::string random_digits(int n);

class Service {
 public:
  Service(storage::Database& db, territory::Service& territory, const Calendar& calendar);
  void register_routes(http::Router& router);

  // --- wiring (app/wiring.cpp) ---
  // Who a holder is: its name, place (region code) and earner type, from accounts (kind
  // "user") or the registry ("person", "household"); nullopt when there is none.
  struct Identity {
    std::string name, region_code, earner_type;
  };
  using Describe = std::function<std::optional<Identity>(storage::Tx&, std::string_view kind, std::int64_t ref_id)>;
  void set_describe(Describe f) { describe_ = std::move(f); }
  void set_notifier(notifications::Service* n) { notifier_ = n; }
  void set_export_dir(std::string dir) { export_dir_ = std::move(dir); }

  // --- deeds (award.cpp) ---
  // The deed sink other modules call inside the deed's transaction: credits the doer (its
  // account, else its registry person) and its household by the rules that apply there,
  // once per deed; a deed reported again with another quantity records the difference.
  void record(storage::Tx& tx, const deeds::Deed& d);
  deeds::Sink sink() {
    return [this](storage::Tx& tx, const deeds::Deed& d) { record(tx, d); };
  }
  // A manual award by a listed item of kind "manual" (垃圾分类, 文明家庭 ...) to a holder
  // ("user", "person", "household" and its id) within the caller's scope.
  Entry award(storage::Tx& tx, const Context& ctx, const std::string& kind, std::int64_t ref_id, std::int64_t rule_id,
              const std::string& note);
  // A correction: a new entry of `points` (either sign) with its reason; refused (409) if
  // the balance would go below zero.
  Entry correct(storage::Tx& tx, const Context& ctx, std::int64_t holder_id, std::int64_t points,
                const std::string& reason);

  // --- holders and the ledger (ledger.cpp) ---
  // The holder of (kind, ref_id), created with a zero balance at first use; 404 for one
  // that cannot hold points (no such person, an account with no place).
  Holder holder_for(storage::Tx& tx, std::string_view kind, std::int64_t ref_id);
  // The same, nullopt instead of the 404.
  std::optional<Holder> existing_or_new_holder(storage::Tx& tx, std::string_view kind, std::int64_t ref_id);
  // May u read the holder's ledger (its own account, or points:ledger:read over its place)?
  bool can_read(const Principal& u, const Holder& h) const;
  json::object holder_json(storage::Tx& tx, const Holder& h) const;
  json::object entry_json(const Entry& e) const;

  // --- the shop (shop.cpp) ---
  Reward create_reward(storage::Tx& tx, const Context& ctx, Reward r);
  Reward update_reward(storage::Tx& tx, const Context& ctx, std::int64_t id, const json::object& body);
  // Takes the reward's price from the holder and one unit of stock, atomically; 409 when
  // the balance or the stock does not suffice (nothing taken).
  Redemption redeem(storage::Tx& tx, const Context& ctx, std::int64_t reward_id, const Holder& h);
  // The clerk hands the reward over: the code's redemption verified, once.
  Redemption verify(storage::Tx& tx, const Context& ctx, const std::string& code);
  // Before verification: points and stock come back.
  Redemption cancel(storage::Tx& tx, const Context& ctx, std::int64_t id, const std::string& reason);
  json::object reward_json(const Reward& r) const;
  json::object redemption_json(const Redemption& r, bool with_code) const;

  // `holders` generated holders under `root` and `entries` ledger entries over [from_ms,
  // to_ms), with their balances and totals (generate.cpp; benchmarks). Answers the entries.
  std::int64_t generate_points(const std::string& root, std::int64_t holders, std::int64_t entries,
                               std::int64_t from_ms, std::int64_t to_ms, std::uint64_t seed);

  territory::Service& territory() { return territory_; }
  const Calendar& calendar() const { return calendar_; }

 private:
  void register_rule_routes(http::Router& router);    // http_rules.cpp
  void register_ledger_routes(http::Router& router);  // http_ledger.cpp
  void register_shop_routes(http::Router& router);    // http_shop.cpp
  void register_stats_routes(http::Router& router);   // http_stats.cpp
  // Appends an entry for h of `points` (cause and deed fields in e), moving the balance;
  // answers it as stored.
  Entry post(storage::Tx& tx, const Holder& h, Entry e);
  // Credits one holder for a deed by the rule that applies (award.cpp).
  void credit(storage::Tx& tx, const Holder& h, const deeds::Deed& d);

  storage::Database& db_;
  territory::Service& territory_;
  const Calendar& calendar_;
  Describe describe_;
  notifications::Service* notifier_ = nullptr;
  std::string export_dir_ = "exports";
};

}  // namespace wangge::points
