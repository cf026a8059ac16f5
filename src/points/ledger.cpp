// Holders and how their ledgers are shown: a holder is created at its first use, with the
// name, place and earner type accounts or the registry give (the wired Describe).
#include "core/error.h"
#include "points/service.h"
#include "points/store.h"
#include "territory/service.h"

namespace wangge::points {

Service::Service(storage::Database& db, territory::Service& territory, const Calendar& calendar)
    : db_(db), territory_(territory), calendar_(calendar) {}

void Service::register_routes(http::Router& router) {
  register_schemas(router.components());
  register_rule_routes(router);
  register_ledger_routes(router);
  register_shop_routes(router);
  register_stats_routes(router);
}

Holder Service::holder_for(storage::Tx& tx, std::string_view kind, std::int64_t ref_id) {
  auto h = existing_or_new_holder(tx, kind, ref_id);
  if (!h) throw_not_found(std::string(kind) + " " + std::to_string(ref_id) + " holds no points", "积分对象不存在");
  return *h;
}

std::optional<Holder> Service::existing_or_new_holder(storage::Tx& tx, std::string_view kind, std::int64_t ref_id) {
  if (auto h = store::holder_of(tx, kind, ref_id)) return h;
  std::optional<Identity> who = describe_ ? describe_(tx, kind, ref_id) : std::nullopt;
  if (!who) return std::nullopt;
  auto region = territory_.find(who->region_code, false);
  if (!region) return std::nullopt;
  Holder h;
  h.kind = std::string(kind);
  h.ref_id = ref_id;
  h.name = who->name;
  h.region_code = who->region_code;
  h.region_path = region->path;
  h.earner_type = who->earner_type;
  h.created_at = storage::now_ms();
  return store::ensure_holder(tx, h);
}

bool Service::can_read(const Principal& u, const Holder& h) const {
  if (h.kind == "user" && h.ref_id == u.user_id) return true;
  return u.can("points:ledger:read", h.region_path);
}

json::object Service::holder_json(storage::Tx& tx, const Holder& h) const {
  auto b = store::balance(tx, h.id).value_or(Balance{});
  return json::object{{"id", h.id},
                      {"kind", h.kind},
                      {"ref_id", h.ref_id},
                      {"name", h.name},
                      {"region_code", h.region_code},
                      {"earner_type", h.earner_type},
                      {"balance", b.balance},
                      {"earned", b.earned},
                      {"spent", b.spent},
                      {"entries", b.entries}};
}

json::object Service::entry_json(const Entry& e) const {
  json::object o{{"id", e.id},
                 {"cause", e.cause},
                 {"points", e.points},
                 {"balance_after", e.balance_after},
                 {"quantity", e.quantity},
                 {"reason", e.reason},
                 {"at", json::rfc3339(e.at)}};
  o["rule_id"] = e.rule_id ? json::value(*e.rule_id) : json::value(nullptr);
  o["rule_name"] = e.rule_name;
  o["deed"] = e.deed ? json::value(*e.deed) : json::value(nullptr);
  o["deed_ref"] = e.deed_ref ? json::value(*e.deed_ref) : json::value(nullptr);
  o["redemption_id"] = e.redemption_id ? json::value(*e.redemption_id) : json::value(nullptr);
  return o;
}

}  // namespace wangge::points
