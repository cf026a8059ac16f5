// The services module (便民服务, PRODUCT.md module 4; docs/SERVICES.md): the catalogue of
// service items a town keeps (items.cpp), their admission to a community's list through a
// recorded approval (admissions.cpp), and orders: a resident orders, the community
// dispatches to a named party member or volunteer or opens it to be taken, the taker does
// it, the resident confirms and rates (orders.cpp creates and lists; the steps are the rows
// of order_flow.cpp, run by order_act.cpp). Accounts are reached through callbacks the app
// wires (the module does not link accounts).
//
// Thread safety: a Service is shared by every request thread; its state after start is
// the wired callbacks, set once before serving.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/context.h"
#include "core/crypto.h"
#include "core/deeds.h"
#include "core/http/router.h"
#include "core/http/schema.h"
#include "core/json.h"
#include "core/storage/database.h"
#include "core/work.h"
#include "services/case_flow.h"
#include "services/model.h"
#include "services/order_flow.h"
#include "services/store.h"

namespace wangge::territory {
class Service;
class NameCache;
}  // namespace wangge::territory
namespace wangge::notifications {
class Service;
}

namespace wangge::services {

// The schemas of the module's answers (schemas.cpp): ServiceItem, Admission, Order, ...
void register_schemas(schema::Components& c);
// The body of POST /service-items (create) or PATCH /service-items/{id}.
schema::value item_fields_schema(bool create);

class Service {
 public:
  Service(storage::Database& db, territory::Service& territory, const Calendar& calendar, const Crypto& crypto);
  void register_routes(http::Router& router);

  // --- wiring (app/wiring.cpp) ---
  struct Account {
    std::int64_t id = 0;
    std::string name;
  };
  // The accounts that may take orders at a place (services:order:take over it), by name.
  using Takers = std::function<std::vector<Account>(storage::Tx&, const std::string& path)>;
  // Accounts' display names, for timelines and takers.
  using NamesOf = std::function<std::map<std::int64_t, std::string>(storage::Tx&, const std::vector<std::int64_t>&)>;
  // Accounts holding `permission` over `path` (the community's staff, told of new orders).
  using Holders =
      std::function<std::vector<std::int64_t>(storage::Tx&, std::string_view permission, const std::string& path)>;
  // Links photos (attachment hashes the caller uploaded) to an order.
  using PhotoLinker = std::function<void(storage::Tx&, const Context&, const std::vector<std::string>&,
                                         std::string_view owner_kind, std::int64_t id)>;
  void set_accounts(Takers takers, NamesOf names_of, Holders holders) {
    takers_ = std::move(takers);
    names_of_ = std::move(names_of);
    holders_ = std::move(holders);
  }
  void set_photo_linker(PhotoLinker f) { link_photos_ = std::move(f); }
  // Whether an account holds a permission over a path (a hard case's coordinator).
  using Holds =
      std::function<bool(storage::Tx&, std::int64_t user, std::string_view permission, const std::string& path)>;
  // The "办不成事" window through the events module: summons departments on the case's
  // event (filed from the window and accepted by the coordinator on the first whistle),
  // answering the event's id; closes the event with the solution; reads its whistles.
  struct HardCaseHooks {
    std::function<std::int64_t(storage::Tx&, const Context&, const Case&, const json::object& body)> summon;
    std::function<void(storage::Tx&, const Context&, std::int64_t event_id, const std::string& solution)> conclude;
    std::function<json::array(storage::Tx&, std::int64_t event_id)> whistles;
  };
  void set_hard_case_hooks(Holds holds, HardCaseHooks hooks) {
    holds_ = std::move(holds);
    hard_ = std::move(hooks);
  }
  void set_notifier(notifications::Service* n) { notifier_ = n; }
  // Deeds counted elsewhere (points): an order confirmed (its taker), a member's wish
  // confirmed (its claimer); reported inside the step's transaction.
  void set_deed_sink(deeds::Sink sink) { deeds_ = std::move(sink); }
  void set_export_dir(std::string dir) { export_dir_ = std::move(dir); }

  // --- items (items.cpp) ---
  Item create_item(const Context& ctx, Item it);
  Item update_item(const Context& ctx, std::int64_t id, const json::object& body);

  // --- admissions (admissions.cpp) ---
  // A community asks for an item on its list (again, after a refusal or a removal).
  Admission request_admission(const Context& ctx, std::int64_t item_id, const std::string& community_code,
                              const std::string& basis);
  // The town decides: approve or reject (a note required when rejecting); removes an
  // approved item (with a note); the community says whether it can handle it now.
  Admission decide_admission(const Context& ctx, std::int64_t id, std::string_view decision, const json::object& body);

  // --- orders (orders.cpp, order_act.cpp) ---
  // `count` past orders under `root`, created in [from_ms, to_ms) (generate.cpp; benchmarks).
  std::int64_t generate_orders(const std::string& root, std::int64_t count, std::int64_t from_ms, std::int64_t to_ms,
                               std::uint64_t seed);
  // Files o inside tx (the route runs it under the request's Idempotency-Key).
  Order create_order(storage::Tx& tx, const Context& ctx, Order o);
  // The community's staff over an order (told when it comes back to them).
  std::vector<std::int64_t> staff_of(storage::Tx& tx, const Order& o) const;
  // Runs a row of the order table on an order, inside tx (order_act.cpp); answers the order
  // as stored.
  Order act_on_order(storage::Tx& tx, const Context& ctx, std::int64_t id, const OrderTransition& t,
                     std::int64_t version, const json::object& body);
  // The rows the caller may take on o now.
  std::vector<const OrderTransition*> offered(storage::Tx& tx, const Context& ctx, const Order& o);
  // May the caller read o (its requester, its taker, staff over it, a candidate while open)?
  bool can_read(const Context& ctx, const Order& o) const { return can_read(ctx.user(), o); }
  bool can_read(const Principal& u, const Order& o) const;
  // Live updates (`event: order` on GET /api/v1/stream): the orders of these ids (a
  // wangge_orders message, from any node) re-read and sent to the subscribers who may read
  // them, with their state and version, so consoles refresh.
  void republish(std::string_view ids);
  bool is_actor(storage::Tx& tx, const Context& ctx, OrderActor actor, const Order& o) const;
  std::vector<Account> takers(storage::Tx& tx, const std::string& path) const;

  // An order as answered; `detail` adds its timeline and the steps the caller may take.
  json::object order_json(storage::Tx& tx, const Context& ctx, const Order& o, bool detail);
  // The pieces of it a page of orders shares: the accounts the orders (and a timeline) name,
  // read once; an order rendered with them and its place's name.
  std::map<std::int64_t, std::string> account_names(storage::Tx& tx, const std::vector<Order>& orders,
                                                    const std::vector<TimelineEntry>& timeline = {}) const;
  json::object render_order(const Order& o, const std::map<std::int64_t, std::string>& names,
                            const std::string& region_name) const;
  json::object item_json(const Item& it) const;
  // `places`: a page's cache of community names (one lookup per community, not per row).
  json::object admission_json(const Admission& a, territory::NameCache* places = nullptr) const;

  // --- window cases (cases.cpp, case_steps.cpp) ---
  // Files c inside tx (under the request's Idempotency-Key): checks the window, the item
  // and its materials, or a hard case's grid and coordinator.
  Case create_case(storage::Tx& tx, const Context& ctx, Case c);
  // Seals and masks the applicant's ID number and phone (checked) into c.
  void seal_applicant(Case& c, const std::optional<std::string>& id_number,
                      const std::optional<std::string>& phone) const;
  Case act_on_case(storage::Tx& tx, const Context& ctx, std::int64_t id, const CaseTransition& t, std::int64_t version,
                   const json::object& body);
  bool can_read(const Context& ctx, const Case& c) const;
  bool is_actor(const Context& ctx, CaseActor actor, const Case& c) const;
  std::vector<const CaseTransition*> offered(storage::Tx& tx, const Context& ctx, const Case& c);
  json::object case_json(storage::Tx& tx, const Context& ctx, const Case& c, bool detail);
  json::object render_case(const Case& c, const std::map<std::int64_t, std::string>& names,
                           const std::string& region_name) const;
  std::int64_t summon(storage::Tx& tx, const Context& ctx, const Case& c, const json::object& body);
  void conclude(storage::Tx& tx, const Context& ctx, std::int64_t event_id, const std::string& solution);

  // What waits for the caller (GET /api/v1/my/work; waiting.cpp).
  std::vector<work::Item> waiting(storage::Tx& tx, const Context& ctx, int cap);

  // --- micro-wishes (wishes.cpp, wish_steps.cpp) ---
  Wish create_wish(storage::Tx& tx, const Context& ctx, Wish w);
  Wish act_on_wish(storage::Tx& tx, const Context& ctx, std::int64_t id, const WishTransition& t, std::int64_t version,
                   const json::object& body);
  // Staff over the wish's place, its wisher or collector, its claimer: the whole wish;
  // others who may see it on a wall: the wall's view (wisher masked, no phone).
  bool can_read_whole(const Principal& u, const Wish& w) const;
  bool on_wall_of(const Principal& u, const Wish& w) const;
  // May the caller see the wall of the place at `path` (a grant on its line)?
  bool reaches_wall(const Principal& u, const std::string& path) const;
  bool is_actor(const Context& ctx, WishActor actor, const Wish& w) const;
  std::vector<const WishTransition*> offered(storage::Tx& tx, const Context& ctx, const Wish& w);
  json::object wish_json(storage::Tx& tx, const Context& ctx, const Wish& w, bool detail);
  json::object render_wish(const Wish& w, bool whole, const std::map<std::int64_t, std::string>& names,
                           const std::string& region_name) const;
  // Claims that ran out return to published (the scheduler, on the node holding the
  // background lease; each wish moves once: version-checked). Answers how many.
  std::size_t lapse_claims(std::int64_t now);
  // The community's staff over a place (told of new wishes, cases and orders).
  std::vector<std::int64_t> holders(storage::Tx& tx, std::string_view permission, const std::string& path) const {
    return holders_ ? holders_(tx, permission, path) : std::vector<std::int64_t>{};
  }
  std::map<std::int64_t, std::string> names(storage::Tx& tx, const std::vector<std::int64_t>& ids) const {
    return names_of_ ? names_of_(tx, ids) : std::map<std::int64_t, std::string>{};
  }

  const Calendar& calendar() const { return calendar_; }
  const Crypto& crypto() const { return crypto_; }
  territory::Service& territory() { return territory_; }
  storage::Database& db() { return db_; }

  // Orders: the working days a free-text order is due in, and the least time between two
  // reminders of one order (config).
  int default_order_days = 3;
  std::int64_t remind_gap_ms = 3'600'000;
  // Hard cases: the working days the coordinator has; wishes: the days a claim holds.
  int hard_case_days = 10;
  int claim_days = 7;

  // Tells accounts of a step (inbox and webhook), inside tx; the message opens
  // "<record_kind>:<id>" (order, case, wish).
  void tell(storage::Tx& tx, const std::vector<std::int64_t>& users, const std::string& kind,
            std::string_view record_kind, std::int64_t id, const std::string& zh, const std::string& en);
  void tell(storage::Tx& tx, const std::vector<std::int64_t>& users, const std::string& kind, std::int64_t order_id,
            const std::string& zh, const std::string& en) {
    tell(tx, users, kind, "order", order_id, zh, en);
  }
  // A step taken by the caller on a record ("order", "case", "wish"): its timeline entry
  // (who, from, to, when, the details) stored, and its audit record
  // ("services:<kind>:<action>", the details with from and to).
  void record_step(storage::Tx& tx, const Context& ctx, std::string_view kind, std::int64_t id, std::string_view action,
                   const std::string& from, const std::string& to, std::int64_t at, TimelineEntry& entry,
                   json::object detail);
  // Records that the caller read personal data (masked or not), in a write of its own.
  void audit_read(const Context& ctx, const std::string& action, const std::string& target, const json::object& what);
  void link_photos(storage::Tx& tx, const Context& ctx, const std::vector<std::string>& hashes, std::int64_t id,
                   std::string_view owner_kind = "order");

 private:
  void register_item_routes(http::Router& router);       // http_items.cpp
  void register_admission_routes(http::Router& router);  // http_items.cpp
  void register_order_routes(http::Router& router);      // http_orders.cpp
  void register_case_routes(http::Router& router);       // http_cases.cpp
  void register_wish_routes(http::Router& router);       // http_wishes.cpp
  void register_stats_routes(http::Router& router);      // http_stats.cpp
  void register_export_routes(http::Router& router);     // export.cpp
  // The node and period of a statistics request (region, from, to; 422 without one node).
  store::StatsScope stats_scope(const Context& ctx, std::string& region_code, std::string& from_day,
                                std::string& to_day) const;
  json::object stats(storage::Tx& tx, const store::StatsScope& s);

  storage::Database& db_;
  territory::Service& territory_;
  const Calendar& calendar_;
  const Crypto& crypto_;
  Takers takers_;
  NamesOf names_of_;
  Holders holders_;
  PhotoLinker link_photos_;
  Holds holds_;
  HardCaseHooks hard_;
  std::string export_dir_ = "exports";
  notifications::Service* notifier_ = nullptr;
  deeds::Sink deeds_;
};

// A row of a lifecycle table as offered to the caller: {action, name_zh, name_en, needs_comment}.
template <class Row>
json::object action_json(const Row& t) {
  return json::object{
      {"action", t.action}, {"name_zh", t.name_zh}, {"name_en", t.name_en}, {"needs_comment", t.comment.required()}};
}
// An optional instant as RFC 3339, or null.
json::value opt_time(const std::optional<std::int64_t>& t);
// A timeline as answered, actors named from `names`.
json::array timeline_json(const std::vector<TimelineEntry>& entries, const std::map<std::int64_t, std::string>& names);

// The body's "materials" ([{name, required, form}], at most 30) and "time_limit_days"
// (0-365 working days), checked (items.cpp).
std::vector<Material> parse_materials(const json::object& body);
int time_limit_of(const json::object& body);

// "/44/.../440404104/440404104001/440404104001001/" -> "/44/.../440404104001/": the path of
// the community (12-digit code) a path lies in; "" when it lies above one.
std::string community_path_of(const std::string& path);
// The town (9-digit code) a path lies in; "" above one.
std::string town_path_of(const std::string& path);

}  // namespace wangge::services
