// The emergency module's callbacks: who a username is and where it works (a team member's
// account), display names, plan attachments and who may open them, the notifications
// service, and the territory's checks before a node is removed or moved.
#include "accounts/service.h"
#include "accounts/store.h"
#include "app/app.h"
#include "attachments/attachments.h"
#include "emergency/service.h"
#include "emergency/store.h"
#include "territory/service.h"

namespace wangge {

void App::wire_emergency() {
  auto& e = *emergency_;
  e.set_accounts(
      [this](storage::Tx& tx, const std::string& username) -> std::optional<emergency::Service::Account> {
        auto id = accounts::store::user_id(tx, username);
        if (!id) return std::nullopt;
        emergency::Service::Account account;
        account.id = *id;
        for (const auto& g : accounts_->load_grants(tx, *id)) account.places.push_back(g.region_path);
        return account;
      },
      [this](storage::Tx& tx, const std::vector<std::int64_t>& ids) { return accounts_->display_names(tx, ids); });
  e.set_linker([this](storage::Tx& tx, const Context& ctx, const std::vector<std::string>& hashes, std::int64_t id) {
    attachments_->link(tx, ctx, hashes, "emergency_plan", id, "attachments");
  });
  attachments_->add_access_check("emergency_plan", [](storage::Tx& tx, const Context& ctx, std::int64_t id) {
    auto plan = emergency::store::plan(tx, id);
    if (!plan) return false;
    if (ctx.user().can("emergency:plan:write", plan->region_path)) return true;
    return plan->status != "draft" && ctx.user().reaches("emergency:plan:read", plan->region_path);
  });
  e.set_notifier(notifications_.get());
  territory_->add_usage_check([](storage::Tx& tx, const std::string& code) -> std::optional<std::string> {
    std::int64_t n = emergency::store::count_uses(tx, code);
    if (n == 0) return std::nullopt;
    return std::to_string(n) + " emergency plans, teams, patrols, drills, supplies or alerts";
  });
  territory_->add_subtree_check([](storage::Tx& tx, const std::string& path) -> std::optional<std::string> {
    std::int64_t n = emergency::store::count_under(tx, path);
    if (n == 0) return std::nullopt;
    return std::to_string(n) + " emergency plans, teams, patrols, drills, supplies or alerts";
  });
}

}  // namespace wangge
