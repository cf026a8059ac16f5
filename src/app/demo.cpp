// The demo's registry, visits and disputes (App::load_demo_registry): each module makes its
// own through its use cases, acting as the demo accounts who would: the administrator
// enters the registry (as an import would), the grid worker and the grid chief visit the
// households of their grids and record disputes there, the town's mediator records the
// others and mediates them all. The disputes' parties come from the registry, through its
// audited person search.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <memory>

#include "accounts/service.h"
#include "app/app.h"
#include "disputes/service.h"
#include "registry/demo.h"
#include "registry/persons.h"
#include "registry/service.h"
#include "territory/service.h"

namespace wangge {
namespace {

constexpr const char* kDemoTown = "440404104";

// A demo account acting outside any request: its principal, and a request of its own for
// the context to refer to.
struct DemoActor {
  http::Request req;
  Context ctx{req};
};

}  // namespace

bool App::load_demo_registry(int households_per_grid) {
  if (households_per_grid <= 0) return false;
  auto actor = [this](const char* username) {
    auto a = std::make_unique<DemoActor>();
    if (auto p = accounts_->principal_of(username)) a->ctx.set_principal(std::move(p));
    return a;
  };
  auto admin = actor("admin"), worker = actor("gridworker"), chief = actor("gridchief"), mediator = actor("mediator");
  if (!admin->ctx.authenticated()) {
    spdlog::warn("demo registry: no admin account to enter it; skipped");
    return false;
  }
  registry::DemoActors people{&admin->ctx, {&worker->ctx, &chief->ctx}};
  auto counts = registry::load_demo(*registry_, people, kDemoTown, households_per_grid);

  disputes::Service::DemoActors ledger;
  ledger.recorders = {&worker->ctx, &chief->ctx, &mediator->ctx};
  ledger.mediator = &mediator->ctx;
  // Adults of the grid, as the recorder's person search finds them (newest first).
  const std::string today = registry_->today();
  const std::string adult_by = std::to_string(std::stoi(today.substr(0, 4)) - 18) + today.substr(4);
  ledger.parties = [this, adult_by](const Context& ctx, const std::string& grid) {
    std::vector<disputes::Service::DemoParty> out;
    if (!ctx.user().can("registry:person:read", territory_->path_of(grid))) return out;
    registry::PersonSearch search;
    search.filter.scope_paths = ctx.user().scope("registry:person:read");
    search.filter.region_path = territory_->path_of(grid);
    search.region_code = grid;
    search.limit = 40;
    for (const auto& p : registry::search_persons(*registry_, ctx, search).items) {
      if (p.birth_date <= adult_by) out.push_back({p.id, p.name});
    }
    return out;
  };
  int disputes = disputes_->load_demo(ledger, kDemoTown, std::max(12, households_per_grid * 3 / 2));
  return counts.households > 0 || disputes > 0;
}

}  // namespace wangge
