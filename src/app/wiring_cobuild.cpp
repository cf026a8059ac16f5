// The cobuild module's callbacks: accounts (by username, display names, who holds the unit
// contact role where), the visits, service orders and wishes a need is raised from (each
// only if the caller may read it), the photos of a project's progress, notifications, and
// the territory's checks. The events module's report-ins (吹哨报到) are wired where the
// events module offers them (set_report_ins); until then the unit pages and figures show
// none.
#include "accounts/service.h"
#include "accounts/store.h"
#include "app/app.h"
#include "attachments/attachments.h"
#include "cobuild/service.h"
#include "cobuild/store.h"
#include "events/service.h"
#include "events/store.h"
#include "registry/service.h"
#include "registry/store.h"
#include "services/service.h"
#include "services/store.h"
#include "territory/service.h"
#include "territory/store.h"

namespace wangge {

void App::wire_cobuild() {
  auto& c = *cobuild_;
  c.set_accounts(
      [](storage::Tx& tx, const std::string& username) { return accounts::store::user_id(tx, username); },
      [this](storage::Tx& tx, const std::vector<std::int64_t>& ids) { return accounts_->display_names(tx, ids); },
      [](storage::Tx& tx, std::int64_t user, const std::string& role, const std::string& path) {
        auto account = accounts::store::find_user(tx, user);
        if (!account || account->disabled) return false;
        for (const auto& g : accounts::store::grants_of(tx, user)) {
          if (g.role != role) continue;
          if (!g.region_code) return true;  // system-wide
          auto node = territory::store::get(tx, *g.region_code, false);
          if (node && (path_within(path, node->path) || path_within(node->path, path))) return true;
        }
        return false;
      });
  c.set_sources([this](storage::Tx& tx, const Context& ctx, const std::string& kind,
                       std::int64_t id) -> std::optional<cobuild::Service::Source> {
    if (kind == "visit") {
      if (!registry_->can_read_visit(tx, ctx, id)) return std::nullopt;
      auto v = registry::store::visit(tx, id);
      if (!v) return std::nullopt;
      std::string title = v->findings.empty() ? v->purpose : v->findings;
      return cobuild::Service::Source{title, v->purpose.empty() ? v->findings : v->purpose + "：" + v->findings,
                                      v->region_code};
    }
    if (kind == "order") {
      auto o = services::store::order(tx, id);
      if (!o || !services_->can_read(ctx, *o)) return std::nullopt;
      return cobuild::Service::Source{o->title, o->detail, o->region_code};
    }
    if (kind == "wish") {
      auto w = services::store::wish(tx, id);
      if (!w || !services_->can_read_whole(ctx.user(), *w)) return std::nullopt;
      return cobuild::Service::Source{w->title, w->detail, w->region_code};
    }
    return std::nullopt;
  });
  c.set_linker(
      [this](storage::Tx& tx, const Context& ctx, const std::vector<std::string>& hashes, std::int64_t project_id) {
        attachments_->link(tx, ctx, hashes, "cobuild_project", project_id, "photos");
      });
  attachments_->add_access_check("cobuild_project", [](storage::Tx& tx, const Context& ctx, std::int64_t id) {
    auto p = cobuild::store::project(tx, id);
    return p && ctx.user().reaches("cobuild:list:read", p->region_path);
  });
  c.set_notifier(notifications_.get());
  territory_->add_usage_check([](storage::Tx& tx, const std::string& code) -> std::optional<std::string> {
    std::int64_t n = cobuild::store::count_uses(tx, code);
    if (n == 0) return std::nullopt;
    return std::to_string(n) + " co-building units, resources, needs or projects";
  });
  territory_->add_subtree_check([](storage::Tx& tx, const std::string& path) -> std::optional<std::string> {
    std::int64_t n = cobuild::store::count_under(tx, path);
    if (n == 0) return std::nullopt;
    return std::to_string(n) + " co-building units, resources, needs or projects";
  });
  // Whistles summon co-building units (the events module), which report in; the units'
  // pages and figures show those report-ins.
  events_->set_units(
      [this](storage::Tx& tx, std::int64_t id) -> std::optional<events::Service::Unit> {
        auto u = cobuild_->unit_ref(tx, id);
        if (!u) return std::nullopt;
        return events::Service::Unit{u->id, u->name, u->region_path, u->contact_users, u->active};
      },
      [this](storage::Tx& tx, std::int64_t user) { return cobuild_->units_of_user(tx, user); });
  c.set_report_ins(
      [this](storage::Tx& tx, const std::string& path, std::int64_t from, std::int64_t until) {
        std::map<std::int64_t, cobuild::Service::ReportInFigures> out;
        for (const auto& [unit, n] : events_->unit_report_ins(tx, path, from, until))
          out[unit] = {n.summoned, n.reported, n.late};
        return out;
      },
      [this](storage::Tx& tx, std::int64_t unit, int limit) {
        std::vector<cobuild::Service::ReportIn> out;
        auto whistles = events_->unit_whistles(tx, unit, limit);
        std::vector<std::int64_t> ids;
        for (const auto& w : whistles) ids.push_back(w.event_id);
        auto codes = events::store::tracking_codes(tx, ids);
        for (const auto& w : whistles)
          out.push_back(
              {w.event_id, codes[w.event_id], w.summoned_at, w.due_at, w.reported_at, w.response.value_or("")});
        return out;
      });
}

}  // namespace wangge
