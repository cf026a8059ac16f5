// How the modules are wired into one another at start: the callbacks through which a
// module reaches one it must not link (a lower module asking a higher one), so that the
// build's layering holds (docs/ARCHITECTURE.md, "Layers the build enforces").
#include "accounts/service.h"
#include "app/app.h"
#include "attachments/attachments.h"
#include "disputes/service.h"
#include "disputes/store.h"
#include "events/service.h"
#include "events/store.h"
#include "notifications/notifications.h"
#include "registry/places.h"
#include "registry/service.h"
#include "registry/store.h"
#include "services/service.h"
#include "services/store.h"
#include "territory/service.h"

namespace wangge {

void App::wire_services() {
  events_->set_notifier(notifications_.get(),
                        [this](storage::Tx& tx, const std::string& role, const std::string& path) {
                          return accounts_->users_with_role(tx, role, path);
                        });
  notifications_->departments_of = [this](const Context& ctx) {
    return db_->read_value<std::vector<std::int64_t>>(
        [&](storage::Tx& tx) { return events_->my_departments(tx, ctx); });
  };
  events_->set_names_of(
      [this](storage::Tx& tx, const std::vector<std::int64_t>& ids) { return accounts_->display_names(tx, ids); });
  events_->set_photo_linker([this](storage::Tx& tx, const Context& ctx, const std::vector<std::string>& hashes,
                                   std::int64_t id) { attachments_->link(tx, ctx, hashes, "event", id, "photos"); });
  attachments_->add_access_check("event", [this](storage::Tx& tx, const Context& ctx, std::int64_t id) {
    auto e = events::store::get(tx, id);
    return e && events_->can_read(tx, ctx, *e);
  });
  registry_->set_event_raiser([this](storage::Tx& tx, const Context& ctx, const registry::Service::EventRequest& r) {
    events::ReportInput in;
    in.source = "visit";
    in.category_code = r.category;
    in.description = r.description;
    in.address = r.address;
    in.grid_code = r.grid_code;
    in.lat = r.lat;
    in.lng = r.lng;
    in.photos = r.photos;
    in.self_handled = r.self_handled;
    in.result = r.result;
    auto e = events_->report(tx, ctx, in);
    return registry::Service::RaisedEvent{e.id, e.tracking_code};
  });
  registry_->set_photo_linker([this](storage::Tx& tx, const Context& ctx, const std::vector<std::string>& hashes,
                                     std::int64_t id) { attachments_->link(tx, ctx, hashes, "visit", id, "photos"); });
  disputes_->set_person_check(
      [this](storage::Tx& tx, const Context& ctx, std::int64_t id) { return registry_->can_read_person(tx, ctx, id); });
  attachments_->add_access_check("visit", [this](storage::Tx& tx, const Context& ctx, std::int64_t id) {
    return registry_->can_read_visit(tx, ctx, id);
  });
  territory_->set_places_near([this](const geo::Shape::Box& box, int limit) {
    std::vector<territory::Service::MapPlace> out;
    for (const auto& b :
         registry::buildings_near(*registry_, box.min_lng, box.min_lat, box.max_lng, box.max_lat, limit))
      out.push_back({b.name, b.lat.value_or(0), b.lng.value_or(0)});
    return out;
  });
  territory_->add_usage_check([](storage::Tx& tx, const std::string& code) -> std::optional<std::string> {
    std::int64_t n = registry::store::count_uses(tx, code);
    if (n == 0) return std::nullopt;
    return std::to_string(n) + " buildings, households, persons or businesses";
  });
  territory_->add_usage_check([](storage::Tx& tx, const std::string& code) -> std::optional<std::string> {
    std::int64_t n = events::store::count_department_uses(tx, code);
    if (n == 0) return std::nullopt;
    return std::to_string(n) + " departments or events";
  });
  territory_->add_usage_check([](storage::Tx& tx, const std::string& code) -> std::optional<std::string> {
    std::int64_t n = disputes::store::count_uses(tx, code);
    if (n == 0) return std::nullopt;
    return std::to_string(n) + " disputes";
  });
  territory_->add_usage_check([](storage::Tx& tx, const std::string& code) -> std::optional<std::string> {
    std::int64_t n = services::store::count_uses(tx, code);
    if (n == 0) return std::nullopt;
    return std::to_string(n) + " service items, admissions or orders";
  });
  territory_->add_subtree_check([](storage::Tx& tx, const std::string& path) -> std::optional<std::string> {
    std::int64_t n = registry::store::count_under(tx, path) + events::store::count_under(tx, path) +
                     disputes::store::count_under(tx, path) + services::store::count_under(tx, path);
    if (n == 0) return std::nullopt;
    return std::to_string(n) + " records (registry, events, departments, disputes, services)";
  });
  wire_service_desk();
}

// The service desk reaches accounts (who may take or dispatch orders, and their names) and
// attachments (an order's photos) through callbacks.
void App::wire_service_desk() {
  // Accounts holding a permission over a path, through the roles that carry it (the
  // administrator's "*" left out: an administrator is not a taker or a community's staff).
  auto holders = [this](storage::Tx& tx, std::string_view permission, const std::string& path) {
    std::vector<std::int64_t> out;
    for (const auto& r : roles()) {
      if (std::find(r.permissions.begin(), r.permissions.end(), permission) == r.permissions.end()) continue;
      auto ids = accounts_->users_with_role(tx, std::string(r.role), path);
      out.insert(out.end(), ids.begin(), ids.end());
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  };
  services_->set_accounts(
      [this, holders](storage::Tx& tx, const std::string& path) {
        auto ids = holders(tx, "services:order:take", path);
        auto names = accounts_->display_names(tx, ids);
        std::vector<services::Service::Account> out;
        for (auto id : ids) out.push_back({id, names.count(id) ? names[id] : std::string()});
        return out;
      },
      [this](storage::Tx& tx, const std::vector<std::int64_t>& ids) { return accounts_->display_names(tx, ids); },
      holders);
  services_->set_notifier(notifications_.get());
  services_->set_photo_linker([this](storage::Tx& tx, const Context& ctx, const std::vector<std::string>& hashes,
                                     std::int64_t id) { attachments_->link(tx, ctx, hashes, "order", id, "photos"); });
  attachments_->add_access_check("order", [this](storage::Tx& tx, const Context& ctx, std::int64_t id) {
    auto o = services::store::order(tx, id);
    return o && services_->can_read(ctx, *o);
  });
}

}  // namespace wangge
