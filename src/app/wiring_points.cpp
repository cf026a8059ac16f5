// The points and volunteers modules' callbacks: who a holder is (an account's name, place and earner type
// from its grants; a registry person's or household's from the registry), and the deed
// sinks of the modules whose deeds earn points (docs/POINTS.md "Deeds").
#include "accounts/service.h"
#include "accounts/store.h"
#include "app/app.h"
#include "events/service.h"
#include "points/service.h"
#include "points/store.h"
#include "registry/service.h"
#include "registry/store.h"
#include "services/service.h"
#include "territory/service.h"
#include "volunteers/service.h"
#include "volunteers/store.h"

namespace wangge {
namespace {

// The earner type of an account by its roles: grid staff first (003: "向网格员予以积分奖励
// 倾斜"), then party members; everyone else earns as a resident.
std::string earner_type_of(const std::vector<Grant>& grants, const Grant** chosen) {
  const Grant* staff = nullptr;
  const Grant* member = nullptr;
  const Grant* any = nullptr;
  for (const auto& g : grants) {
    if (g.region_code.empty()) continue;
    if (!staff && (g.role == "grid_worker" || g.role == "grid_chief")) staff = &g;
    if (!member && g.role == "party_member") member = &g;
    if (!any) any = &g;
  }
  *chosen = staff ? staff : member ? member : any;
  return staff ? "grid_worker" : member ? "party_member" : "resident";
}

}  // namespace

void App::wire_points() {
  points_->set_describe(
      [this](storage::Tx& tx, std::string_view kind, std::int64_t id) -> std::optional<points::Service::Identity> {
        if (kind == "user") {
          auto grants = accounts_->load_grants(tx, id);
          const Grant* chosen = nullptr;
          std::string type = earner_type_of(grants, &chosen);
          if (!chosen) return std::nullopt;  // an account with no place (the administrator) holds no points
          auto names = accounts_->display_names(tx, {id});
          return points::Service::Identity{names.count(id) ? names[id] : std::string(), chosen->region_code, type};
        }
        if (kind == "person") {
          auto p = registry::store::person(tx, id);
          if (!p) return std::nullopt;
          std::vector<registry::Person> one{*p};
          registry::store::load_tags(tx, one);
          bool member = false;
          for (const auto& t : one.front().tags) member = member || t.tag == "party_member";
          return points::Service::Identity{p->name, p->region_code, member ? "party_member" : "resident"};
        }
        if (kind == "household") {
          auto h = registry::store::household(tx, id);
          if (!h) return std::nullopt;
          return points::Service::Identity{h->address + (h->room.empty() ? "" : " " + h->room), h->region_code,
                                           "household"};
        }
        return std::nullopt;
      });
  points_->set_notifier(notifications_.get());
  events_->set_deed_sink(points_->sink());
  services_->set_deed_sink(points_->sink());
  registry_->set_deed_sink(points_->sink());
  volunteers_->set_deed_sink(points_->sink());
  volunteers_->set_notifier(notifications_.get());
  volunteers_->set_registry(
      [this](storage::Tx& tx, const Context* ctx, std::int64_t id) -> std::optional<volunteers::Service::Person> {
        auto p = registry::store::person(tx, id);
        if (!p) return std::nullopt;
        if (ctx && !ctx->user().can("registry:person:read", p->region_path)) return std::nullopt;
        return volunteers::Service::Person{p->name, p->region_code, p->household_id};
      },
      [](storage::Tx& tx, const std::string& username) { return accounts::store::user_id(tx, username); });
  territory_->add_usage_check([](storage::Tx& tx, const std::string& code) -> std::optional<std::string> {
    std::int64_t n = volunteers::store::count_uses(tx, code);
    if (n == 0) return std::nullopt;
    return std::to_string(n) + " volunteer stations, volunteers, teams or activities";
  });
  territory_->add_subtree_check([](storage::Tx& tx, const std::string& path) -> std::optional<std::string> {
    std::int64_t n = volunteers::store::count_under(tx, path);
    if (n == 0) return std::nullopt;
    return std::to_string(n) + " volunteer stations, volunteers, teams or activities";
  });
  territory_->add_usage_check([](storage::Tx& tx, const std::string& code) -> std::optional<std::string> {
    std::int64_t n = points::store::count_uses(tx, code);
    if (n == 0) return std::nullopt;
    return std::to_string(n) + " points rules, holders or rewards";
  });
  territory_->add_subtree_check([](storage::Tx& tx, const std::string& path) -> std::optional<std::string> {
    std::int64_t n = points::store::count_under(tx, path);
    if (n == 0) return std::nullopt;
    return std::to_string(n) + " points rules, holders or rewards";
  });
}

}  // namespace wangge
