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
#include "core/http/router.h"
#include "core/http/schema.h"
#include "core/json.h"
#include "core/storage/database.h"
#include "services/model.h"
#include "services/order_flow.h"

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
  using PhotoLinker =
      std::function<void(storage::Tx&, const Context&, const std::vector<std::string>&, std::int64_t order_id)>;
  void set_accounts(Takers takers, NamesOf names_of, Holders holders) {
    takers_ = std::move(takers);
    names_of_ = std::move(names_of);
    holders_ = std::move(holders);
  }
  void set_photo_linker(PhotoLinker f) { link_photos_ = std::move(f); }
  void set_notifier(notifications::Service* n) { notifier_ = n; }

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

  const Calendar& calendar() const { return calendar_; }
  const Crypto& crypto() const { return crypto_; }
  territory::Service& territory() { return territory_; }
  storage::Database& db() { return db_; }

  // Orders: the working days a free-text order is due in, and the least time between two
  // reminders of one order (config).
  int default_order_days = 3;
  std::int64_t remind_gap_ms = 3'600'000;

  // Tells accounts of a step (inbox and webhook), inside tx.
  void tell(storage::Tx& tx, const std::vector<std::int64_t>& users, const std::string& kind, std::int64_t order_id,
            const std::string& zh, const std::string& en);
  void link_photos(storage::Tx& tx, const Context& ctx, const std::vector<std::string>& hashes, std::int64_t id);

 private:
  void register_item_routes(http::Router& router);       // http_items.cpp
  void register_admission_routes(http::Router& router);  // http_items.cpp
  void register_order_routes(http::Router& router);      // http_orders.cpp

  storage::Database& db_;
  territory::Service& territory_;
  const Calendar& calendar_;
  const Crypto& crypto_;
  Takers takers_;
  NamesOf names_of_;
  Holders holders_;
  PhotoLinker link_photos_;
  notifications::Service* notifier_ = nullptr;
};

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
