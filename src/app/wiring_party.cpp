// The party module's callbacks: who a registry person is and where they live now, a
// building's grid (the registry), accounts by name and their display names, the inbox; and
// the territory's guards on removing or moving a node that holds organisations or members.
#include "accounts/service.h"
#include "accounts/store.h"
#include "app/app.h"
#include "party/service.h"
#include "party/store.h"
#include "registry/store.h"
#include "territory/service.h"

namespace wangge {

void App::wire_party() {
  auto& p = *party_;
  p.set_registry(
      [](storage::Tx& tx, std::int64_t id) -> std::optional<party::Service::PersonInfo> {
        auto person = registry::store::person(tx, id);
        if (!person) return std::nullopt;
        // Where they live now: their current household's node; their own node without one.
        std::string path = person->region_path;
        if (auto stay = registry::store::current_membership(tx, id))
          if (auto h = registry::store::household(tx, stay->household_id)) path = h->region_path;
        // The registry keeps no death or departure record of its own: everyone it holds counts.
        return party::Service::PersonInfo{person->name, path, true};
      },
      [](storage::Tx& tx, std::int64_t id) -> std::optional<party::Service::BuildingInfo> {
        auto b = registry::store::building(tx, id);
        if (!b) return std::nullopt;
        return party::Service::BuildingInfo{b->name, b->region_path};
      });
  p.set_accounts(
      [](storage::Tx& tx, const std::string& username) { return accounts::store::user_id(tx, username); },
      [this](storage::Tx& tx, const std::vector<std::int64_t>& ids) { return accounts_->display_names(tx, ids); });
  p.set_notifier(notifications_.get());
  territory_->add_usage_check([](storage::Tx& tx, const std::string& code) -> std::optional<std::string> {
    std::int64_t n = party::store::count_uses(tx, code);
    if (n == 0) return std::nullopt;
    return std::to_string(n) + " party organisations";
  });
  territory_->add_subtree_check([](storage::Tx& tx, const std::string& path) -> std::optional<std::string> {
    std::int64_t n = party::store::count_under(tx, path);
    if (n == 0) return std::nullopt;
    return std::to_string(n) + " party organisations or members";
  });
}

}  // namespace wangge
