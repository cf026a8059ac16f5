// The deliberation and notices modules' callbacks: electorates and who an account is (the
// registry), the events and visits a topic is raised from, the staff a notice reaches,
// account names, attachments, points.
#include "accounts/service.h"
#include "accounts/store.h"
#include "app/app.h"
#include "attachments/attachments.h"
#include "deliberation/service.h"
#include "deliberation/store.h"
#include "events/service.h"
#include "events/store.h"
#include "notices/service.h"
#include "notices/store.h"
#include "points/service.h"
#include "registry/service.h"
#include "registry/store.h"
#include "territory/service.h"
#include "territory/store.h"

namespace wangge {

void App::wire_deliberation() {
  auto& d = *deliberation_;
  registry_->set_user_by_name(
      [](storage::Tx& tx, const std::string& username) { return accounts::store::user_id(tx, username); });
  d.set_registry(
      [this](storage::Tx& tx, const std::string& kind, const std::string& path) {
        std::vector<deliberation::Service::Elector> out;
        for (auto& [id, name] : registry_->electorate(tx, kind, path)) out.push_back({id, std::move(name)});
        return out;
      },
      [this](storage::Tx& tx, std::int64_t user) -> std::optional<deliberation::Service::Identity> {
        auto who = registry_->identity(tx, user);
        if (!who) return std::nullopt;
        return deliberation::Service::Identity{who->person_id, who->household_id};
      });
  d.set_sources([this](storage::Tx& tx, const Context& ctx, const std::string& kind,
                       std::int64_t id) -> std::optional<deliberation::Service::Source> {
    if (kind == "event") {
      auto e = events::store::get(tx, id);
      if (!e || !events_->can_read(tx, ctx, *e)) return std::nullopt;
      std::string code = e->grid_code.value_or("");
      std::string where = e->address.empty() ? "" : "（" + e->address + "）";
      return deliberation::Service::Source{e->description, e->description + where, code};
    }
    if (kind == "visit") {
      if (!registry_->can_read_visit(tx, ctx, id)) return std::nullopt;
      auto v = registry::store::visit(tx, id);
      if (!v) return std::nullopt;
      return deliberation::Service::Source{v->findings, v->purpose + "：" + v->findings, v->region_code};
    }
    return std::nullopt;
  });
  d.set_accounts(
      [](storage::Tx& tx, const std::string& username) { return accounts::store::user_id(tx, username); },
      [this](storage::Tx& tx, const std::vector<std::int64_t>& ids) { return accounts_->display_names(tx, ids); });
  d.set_linker([this](storage::Tx& tx, const Context& ctx, const std::vector<std::string>& hashes,
                      const std::string& kind, std::int64_t id) {
    attachments_->link(tx, ctx, hashes, kind, id, kind == "topic_note" ? "attachments" : "photos");
  });
  for (const char* kind : {"topic_note", "topic_task"}) {
    std::string k = kind;
    attachments_->add_access_check(k, [this, k](storage::Tx& tx, const Context& ctx, std::int64_t id) {
      auto topic = deliberation::store::topic_of_record(tx, k, id);
      return topic && ctx.user().reaches("deliberation:topic:read", topic->region_path);
    });
  }
  d.set_deed_sink(points_->sink());
  d.set_notifier(notifications_.get());
  territory_->add_usage_check([](storage::Tx& tx, const std::string& code) -> std::optional<std::string> {
    std::int64_t n = deliberation::store::count_uses(tx, code);
    if (n == 0) return std::nullopt;
    return std::to_string(n) + " councils, topics or ballots";
  });
  territory_->add_subtree_check([](storage::Tx& tx, const std::string& path) -> std::optional<std::string> {
    std::int64_t n = deliberation::store::count_under(tx, path);
    if (n == 0) return std::nullopt;
    return std::to_string(n) + " councils or topics";
  });
}

void App::wire_notices() {
  auto& n = *notices_;
  n.set_accounts(
      [](storage::Tx& tx, const std::string& path) {
        auto nodes = territory::store::paths_under(tx, path);
        std::vector<std::string> codes, roles(std::begin(notices::kStaffRoles), std::end(notices::kStaffRoles));
        for (const auto& [code, p] : nodes) codes.push_back(code);
        std::vector<std::pair<std::int64_t, std::string>> out;
        for (auto& [user, code] : accounts::store::active_users_with_roles_at(tx, roles, codes))
          out.emplace_back(user, nodes[code]);
        return out;
      },
      [this](storage::Tx& tx, const std::vector<std::int64_t>& ids) { return accounts_->display_names(tx, ids); });
  n.set_linker([this](storage::Tx& tx, const Context& ctx, const std::vector<std::string>& hashes, std::int64_t id) {
    attachments_->link(tx, ctx, hashes, "notice", id, "attachments");
  });
  attachments_->add_access_check("notice", [this](storage::Tx& tx, const Context& ctx, std::int64_t id) {
    auto found = notices::store::notice(tx, id);
    if (!found) return false;
    return found->status == "published" ? ctx.user().reaches("notices:notice:read", found->region_path)
                                        : ctx.user().can("notices:notice:write", found->region_path);
  });
  n.set_notifier(notifications_.get());
  territory_->add_usage_check([](storage::Tx& tx, const std::string& code) -> std::optional<std::string> {
    std::int64_t k = notices::store::count_uses(tx, code);
    if (k == 0) return std::nullopt;
    return std::to_string(k) + " notices";
  });
  territory_->add_subtree_check([](storage::Tx& tx, const std::string& path) -> std::optional<std::string> {
    std::int64_t k = notices::store::count_under(tx, path);
    if (k == 0) return std::nullopt;
    return std::to_string(k) + " notices";
  });
}

}  // namespace wangge
