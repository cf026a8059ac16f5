// How the modules are wired into one another at start: the callbacks through which a
// module reaches one it must not link (a lower module asking a higher one), so that the
// build's layering holds (docs/ARCHITECTURE.md, "Layers the build enforces").
#include "accounts/service.h"
#include "app/app.h"
#include "attachments/attachments.h"
#include "disputes/service.h"
#include "disputes/store.h"
#include "events/render.h"
#include "events/service.h"
#include "events/store.h"
#include "events/transitions.h"
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
  wire_points();
  wire_deliberation();
  wire_notices();
  wire_party();
  wire_teams();
  wire_cobuild();
  wire_emergency();
  wire_assessment();
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
  services_->set_photo_linker(
      [this](storage::Tx& tx, const Context& ctx, const std::vector<std::string>& hashes, std::string_view owner_kind,
             std::int64_t id) { attachments_->link(tx, ctx, hashes, std::string(owner_kind), id, "photos"); });
  attachments_->add_access_check("order", [this](storage::Tx& tx, const Context& ctx, std::int64_t id) {
    auto o = services::store::order(tx, id);
    return o && services_->can_read(ctx, *o);
  });
  attachments_->add_access_check("wish", [this](storage::Tx& tx, const Context& ctx, std::int64_t id) {
    auto w = services::store::wish(tx, id);
    return w && (services_->can_read_whole(ctx.user(), *w) || services_->on_wall_of(ctx.user(), *w));
  });
  wire_hard_cases(holders);
}

// The "办不成事" window's cases reach departments through the events module: the first
// whistle files the case as an event of source window in the case's grid (the coordinator,
// a dispatcher there, files and accepts it), then every whistle is the event table's
// whistle row run by the coordinator; departments report in from their own queue; the
// case's solution closes the event (the table's conclude row).
void App::wire_hard_cases(
    const std::function<std::vector<std::int64_t>(storage::Tx&, std::string_view, const std::string&)>& holders) {
  auto holds = [holders](storage::Tx& tx, std::int64_t user, std::string_view permission, const std::string& path) {
    auto ids = holders(tx, permission, path);
    return std::find(ids.begin(), ids.end(), user) != ids.end();
  };
  services::Service::HardCaseHooks hooks;
  hooks.summon = [this](storage::Tx& tx, const Context& ctx, const services::Case& c, const json::object& body) {
    auto row = [](std::string_view action) {
      const auto* t = events::find_transition(action, events::Actor::dispatcher);
      if (!t) throw std::logic_error("no dispatcher row " + std::string(action));
      return t;
    };
    std::int64_t id = 0;
    std::int64_t version = 0;
    if (c.event_id) {
      auto e = events_->visible(tx, ctx, *c.event_id);
      id = e.id;
      version = e.version;
    } else {
      events::ReportInput in;
      in.source = "window";
      in.category_code = json::opt_string(body, "category_code", 32).value_or("");
      if (in.category_code.empty())
        throw_validation("category_code", "the event category, on the first whistle", "首次吹哨请选择事件类别");
      in.description = c.summary;
      in.grid_code = c.grid_code;
      in.address = c.address;
      in.reporter_name = c.applicant_name;
      auto e = events_->report(tx, ctx, in);
      e = events_->act(tx, ctx, e.id, *row("accept"), e.version, json::object{});
      id = e.id;
      version = e.version;
    }
    json::object whistle{{"department_ids", body.at("department_ids")},
                         {"comment", json::opt_string(body, "comment", 2000).value_or("")}};
    if (const auto* h = body.if_contains("report_hours")) whistle["report_hours"] = *h;
    events_->act(tx, ctx, id, *row("whistle"), version, whistle);
    return id;
  };
  hooks.conclude = [this](storage::Tx& tx, const Context& ctx, std::int64_t event_id, const std::string& solution) {
    auto e = events_->visible(tx, ctx, event_id);
    if (e.status == "closed" || events::is_terminal(e.status)) return;  // closed by other means meanwhile
    const auto* t = events::find_transition("conclude", events::Actor::dispatcher);
    events_->act(tx, ctx, e.id, *t, e.version, json::object{{"comment", solution}});
  };
  hooks.whistles = [](storage::Tx& tx, std::int64_t event_id) {
    json::array out;
    std::int64_t now = storage::now_ms();
    for (const auto& w : events::store::whistles(tx, event_id)) out.push_back(events::whistle_json(w, now));
    return out;
  };
  services_->set_hard_case_hooks(holds, std::move(hooks));
  attachments_->add_access_check("case", [this](storage::Tx& tx, const Context& ctx, std::int64_t id) {
    auto c = services::store::find_case(tx, id);
    return c && services_->can_read(ctx, *c);
  });
}

}  // namespace wangge
