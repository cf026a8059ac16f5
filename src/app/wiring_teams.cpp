// The teams module's callbacks: households, persons and who an account is (the registry),
// the visit a carer records (the registry's visits: the integrator's to write), accounts
// and their names, roster photos (attachments), the inbox, and the territory's guards.
#include "accounts/service.h"
#include "app/app.h"
#include "attachments/attachments.h"
#include "core/error.h"
#include "events/service.h"
#include "notifications/notifications.h"
#include "registry/service.h"
#include "registry/store.h"
#include "registry/visits.h"
#include "teams/service.h"
#include "teams/store.h"
#include "territory/service.h"

namespace wangge {

void App::wire_teams() {
  auto& t = *teams_;
  t.set_registry(
      // A household: its place, who lives there now and its class from their current tags.
      [](storage::Tx& tx, std::int64_t id) -> std::optional<teams::Service::HouseholdInfo> {
        auto h = registry::store::household(tx, id);
        if (!h) return std::nullopt;
        registry::store::PersonFilter f;
        f.scope_paths = {"/"};
        f.household_id = id;
        f.limit = 1000;
        auto people = registry::store::persons(tx, f);
        registry::store::load_tags(tx, people);
        teams::Service::HouseholdInfo info;
        info.address = h->room.empty() ? h->address : h->address + " " + h->room;
        info.region_code = h->region_code;
        info.region_path = h->region_path;
        info.persons = static_cast<std::int64_t>(people.size());
        for (const auto& p : people)
          for (const auto& tag : p.tags) {
            const auto* kind = registry::find_tag_kind(tag.tag);
            if (!kind) continue;
            if (kind->group == "key") info.klass = "key";
            if (kind->group == "care" && info.klass == "ordinary") info.klass = "care";
          }
        return info;
      },
      // The grid of the account's registry household (实名认证).
      [this](storage::Tx& tx, std::int64_t user) -> std::optional<std::string> {
        auto who = registry_->identity(tx, user);
        if (!who || !who->household_id) return std::nullopt;
        auto h = registry::store::household(tx, *who->household_id);
        if (!h || h->region_code.size() < teams::kGridDigits) return std::nullopt;
        return h->region_code.substr(0, teams::kGridDigits);
      },
      [](storage::Tx& tx, std::int64_t person) -> std::optional<teams::Service::PersonRef> {
        auto p = registry::store::person(tx, person);
        if (!p) return std::nullopt;
        return teams::Service::PersonRef{p->region_path};
      });
  // A carer's visit is a registry visit (the grid's coverage and worklist count it too).
  t.set_visit_recorder([this](storage::Tx& tx, const Context& ctx, std::int64_t, std::int64_t household,
                              const std::string& findings, std::int64_t visited_at,
                              const std::vector<std::string>& photos) -> std::int64_t {
    registry::VisitRecord rec;
    rec.findings = findings;
    rec.visited_at = visited_at;
    rec.photos = photos;
    return registry::record_care_visit(*registry_, tx, ctx, household, rec).id;
  });
  t.set_accounts(
      [this](storage::Tx&, const std::string& username) -> std::optional<teams::Service::Account> {
        auto p = accounts_->principal_of(username);
        if (!p) return std::nullopt;
        teams::Service::Account a;
        a.id = p->user_id;
        for (const auto& g : p->grants) a.paths.push_back(g.region_path);
        return a;
      },
      [this](storage::Tx& tx, const std::vector<std::int64_t>& ids) { return accounts_->display_names(tx, ids); });
  t.set_linker([this](storage::Tx& tx, const Context& ctx, const std::vector<std::string>& hashes, std::int64_t id) {
    attachments_->link(tx, ctx, hashes, "team_member", id, "photo");
  });
  attachments_->add_access_check("team_member", [](storage::Tx& tx, const Context& ctx, std::int64_t id) {
    auto m = teams::store::member(tx, id);
    return m && ctx.user().reaches("teams:card:read", m->region_path);
  });
  t.set_notifier(notifications_.get());
  territory_->add_usage_check([](storage::Tx& tx, const std::string& code) -> std::optional<std::string> {
    std::int64_t n = teams::store::count_uses(tx, code);
    if (n == 0) return std::nullopt;
    return std::to_string(n) + " team entries, calls, care assignments or care settings";
  });
  territory_->add_subtree_check([](storage::Tx& tx, const std::string& path) -> std::optional<std::string> {
    std::int64_t n = teams::store::count_under(tx, path);
    if (n == 0) return std::nullopt;
    return std::to_string(n) + " team entries, calls or care assignments";
  });
  // Grid first: a resident's report held at its grid is told to the roster's chiefs.
  events_->set_grid_chiefs(
      [this](storage::Tx& tx, const std::string& grid) { return teams_->grid_chief_accounts(tx, grid); });
}

}  // namespace wangge
