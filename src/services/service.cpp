#include "services/service.h"

#include <boost/json/parse.hpp>

#include "audit/audit.h"
#include "core/error.h"
#include "core/storage/cluster.h"
#include "notifications/notifications.h"
#include "services/store.h"
#include "territory/service.h"

namespace wangge::services {
namespace {

// The prefix of `path` that ends after its node of `length` digits; "" when there is none.
std::string path_to_length(const std::string& path, std::size_t length) {
  std::size_t start = 1;
  while (start < path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string::npos) break;
    if (end - start == length) return path.substr(0, end + 1);
    start = end + 1;
  }
  return {};
}

}  // namespace

std::string community_path_of(const std::string& path) {
  return path_to_length(path, 12);
}

std::string town_path_of(const std::string& path) {
  return path_to_length(path, 9);
}

Service::Service(storage::Database& db, territory::Service& territory, const Calendar& calendar, const Crypto& crypto)
    : db_(db), territory_(territory), calendar_(calendar), crypto_(crypto) {}

void Service::register_routes(http::Router& router) {
  register_schemas(router.components());
  register_item_routes(router);
  register_admission_routes(router);
  register_order_routes(router);
  register_case_routes(router);
  register_wish_routes(router);
  register_stats_routes(router);
}

std::vector<Service::Account> Service::takers(storage::Tx& tx, const std::string& path) const {
  return takers_ ? takers_(tx, path) : std::vector<Account>{};
}

void Service::tell(storage::Tx& tx, const std::vector<std::int64_t>& users, const std::string& kind,
                   std::string_view record_kind, std::int64_t id, const std::string& zh, const std::string& en) {
  if (!notifier_ || users.empty()) return;
  const bool order = record_kind == "order", wish = record_kind == "wish";
  notifications::Message m;
  m.kind = kind;
  m.record = std::string(record_kind) + ":" + std::to_string(id);
  m.title_zh = zh + "（" + (order ? "工单 " : wish ? "心愿 " : "办件 ") + std::to_string(id) + "）";
  m.title_en = en + " (" + (order ? "order " : wish ? "wish " : "case ") + std::to_string(id) + ")";
  notifier_->send(tx, users, m);
}

void Service::link_photos(storage::Tx& tx, const Context& ctx, const std::vector<std::string>& hashes, std::int64_t id,
                          std::string_view owner_kind) {
  if (!hashes.empty() && link_photos_) link_photos_(tx, ctx, hashes, owner_kind, id);
}

void Service::record_step(storage::Tx& tx, const Context& ctx, std::string_view kind, std::int64_t id,
                          std::string_view action, const std::string& from, const std::string& to, std::int64_t at,
                          TimelineEntry& entry, json::object detail) {
  entry.record_kind = std::string(kind);
  entry.record_id = id;
  entry.action = std::string(action);
  entry.actor_id = ctx.actor_id();
  entry.actor = ctx.actor();
  entry.from_status = from;
  entry.to_status = to;
  entry.at = at;
  entry.detail = json::to_text(detail);
  store::append(tx, entry);
  detail["from"] = from;
  detail["to"] = to;
  audit::append(tx, audit::entry(ctx, "services:" + std::string(kind) + ":" + std::string(action),
                                 std::string(kind) + ":" + std::to_string(id), detail));
}

void Service::audit_read(const Context& ctx, const std::string& action, const std::string& target,
                         const json::object& what) {
  db_.write([&](storage::Tx& tx) { audit::append(tx, audit::entry(ctx, action, target, what)); });
}

json::value opt_time(const std::optional<std::int64_t>& t) {
  return t ? json::value(json::rfc3339(*t)) : json::value(nullptr);
}

json::array timeline_json(const std::vector<TimelineEntry>& entries, const std::map<std::int64_t, std::string>& names) {
  json::array out;
  for (const auto& e : entries) {
    auto it = e.actor_id ? names.find(*e.actor_id) : names.end();
    boost::system::error_code ec;
    json::value photos = boost::json::parse(e.photos, ec);
    json::value detail = boost::json::parse(e.detail, ec);
    out.push_back(json::object{{"action", e.action},
                               {"actor_name", it == names.end() ? json::value(nullptr) : json::value(it->second)},
                               {"from", e.from_status},
                               {"to", e.to_status},
                               {"comment", e.comment},
                               {"photos", photos.is_array() ? photos : json::value(json::array())},
                               {"detail", detail.is_object() ? detail : json::value(json::object())},
                               {"at", json::rfc3339(e.at)}});
  }
  return out;
}

bool Service::can_read(const Principal& u, const Order& o) const {
  if (o.requester_id == u.user_id) return true;
  if (o.taker_id && *o.taker_id == u.user_id) return true;
  if (u.can("services:order:read", o.region_path) || u.can("services:order:dispatch", o.region_path)) return true;
  return o.status == "open" && u.can("services:order:take", o.region_path);
}

void Service::republish(std::string_view ids) {
  if (!notifier_ || notifier_->subscribers() == 0) return;
  std::vector<Order> changed;
  db_.read([&](storage::Tx& tx) {
    for (auto id : storage::payload_ids(ids)) {
      if (auto o = store::order(tx, id)) changed.push_back(std::move(*o));
    }
  });
  for (const auto& o : changed) {
    auto data = [&] { return json::to_text(json::object{{"id", o.id}, {"status", o.status}, {"version", o.version}}); };
    notifier_->publish("order", data,
                       [&](const notifications::Subscriber& s) { return s.principal && can_read(*s.principal, o); });
  }
}

bool Service::is_actor(storage::Tx& /*tx*/, const Context& ctx, OrderActor actor, const Order& o) const {
  const Principal& u = ctx.user();
  switch (actor) {
    case OrderActor::community:
      return u.can("services:order:dispatch", o.community_path);
    case OrderActor::taker:
      return o.taker_id && *o.taker_id == u.user_id;
    case OrderActor::candidate:
      return u.can("services:order:take", o.region_path);
    case OrderActor::requester:
      return o.requester_id == u.user_id;
  }
  return false;
}

std::vector<const OrderTransition*> Service::offered(storage::Tx& tx, const Context& ctx, const Order& o) {
  std::vector<const OrderTransition*> out;
  for (const auto* t : open_order_transitions(o, OrderGuardContext{storage::now_ms(), remind_gap_ms})) {
    if (is_actor(tx, ctx, t->actor, o)) out.push_back(t);
  }
  return out;
}

json::object Service::item_json(const Item& it) const {
  json::array materials;
  for (const auto& m : it.materials) {
    materials.push_back(json::object{
        {"name", m.name}, {"required", m.required}, {"form", m.form ? json::value(*m.form) : json::value(nullptr)}});
  }
  return json::object{{"id", it.id},
                      {"region_code", it.region_code},
                      {"level", it.level},
                      {"kind", it.kind},
                      {"name", it.name},
                      {"description", it.description},
                      {"materials", std::move(materials)},
                      {"time_limit_days", it.time_limit_days},
                      {"on_behalf", it.on_behalf},
                      {"door_to_door", it.door_to_door},
                      {"off_hours", it.off_hours},
                      {"orderable", it.orderable},
                      {"window_name", it.window_name},
                      {"active", it.active},
                      {"version", it.version},
                      {"updated_at", json::rfc3339(it.updated_at)}};
}

json::object Service::admission_json(const Admission& a, territory::NameCache* places) const {
  auto opt_time = [](const std::optional<std::int64_t>& t) {
    return t ? json::value(json::rfc3339(*t)) : json::value(nullptr);
  };
  std::string community_name;
  if (places) {
    community_name = (*places)(a.community_code);
  } else if (auto community = territory_.find(a.community_code, false)) {
    community_name = community->name;
  }
  return json::object{{"id", a.id},
                      {"item_id", a.item_id},
                      {"item_name", a.item_name},
                      {"community_code", a.community_code},
                      {"community_name", community_name},
                      {"status", a.status},
                      {"basis", a.basis},
                      {"ready", a.ready},
                      {"requested_at", json::rfc3339(a.requested_at)},
                      {"decided_at", opt_time(a.decided_at)},
                      {"decision_note", a.decision_note},
                      {"version", a.version}};
}

}  // namespace wangge::services
