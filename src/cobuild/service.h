// The cobuild module (共建单位/党建联盟 and the lists 资源清单、需求清单、项目清单 of seed 004;
// docs/COBUILD.md): co-building units serving a community or a town, their contacts and
// history (units.cpp); resources they, party members or the community offer (resources.cpp);
// needs collected by hand or raised once from a visit, an order or a wish, matched to a
// resource or a project on their line, met or closed (needs.cpp); projects (民生微实事)
// with their budget, the units taking part and dated progress (projects.cpp); a unit's page
// with the whistles it answered (吹哨报到, through the events module); figures and .xlsx
// ledgers (http_stats.cpp). Accounts, the records needs are raised from, attachments and
// the events module's report-ins are reached through callbacks the app wires
// (app/wiring_cobuild.cpp); while a callback is unset it answers nothing.
//
// Who acts: staff holding a permission over a record's node act on it; a unit's contact
// (role unit_contact) acts only for their own units: its resources, the needs they raise at
// its node, a need matched to its resource, the progress of a project it takes part in.
//
// Thread safety: a Service is shared by every request thread; its state after start is
// the wired callbacks, set once before serving.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cobuild/model.h"
#include "core/calendar.h"
#include "core/context.h"
#include "core/http/router.h"
#include "core/json.h"
#include "core/storage/database.h"

namespace wangge {
class Crypto;
}
namespace wangge::territory {
class Service;
}
namespace wangge::notifications {
class Service;
}
namespace wangge::xlsx {
class Writer;
}

namespace wangge::cobuild {

void register_schemas(schema::Components& c);

class Service {
 public:
  Service(storage::Database& db, territory::Service& territory, const Calendar& calendar, const Crypto& crypto);
  void register_routes(http::Router& router);

  // --- wiring (app/wiring_cobuild.cpp) ---
  using UserByName = std::function<std::optional<std::int64_t>(storage::Tx&, const std::string& username)>;
  using NamesOf = std::function<std::map<std::int64_t, std::string>(storage::Tx&, const std::vector<std::int64_t>&)>;
  // Whether the account holds `role` on a node on the line of `path` (the node, above it or
  // under it): a contact's account should hold unit_contact where the unit serves.
  using HoldsRole =
      std::function<bool(storage::Tx&, std::int64_t user_id, const std::string& role, const std::string& path)>;
  // A visit, a service order or a wish the caller may read, that a need is raised from;
  // nullopt when there is none or the caller may not read it.
  struct Source {
    std::string title, description, region_code;
  };
  using SourceOf =
      std::function<std::optional<Source>(storage::Tx&, const Context&, const std::string& kind, std::int64_t id)>;
  // Links attachment hashes (a progress update's photos) to a project (owner kind
  // "cobuild_project") after checking the caller may see them.
  using Linker = std::function<void(storage::Tx&, const Context&, const std::vector<std::string>& hashes,
                                    std::int64_t project_id)>;
  // 吹哨报到 (the events module): per unit, the whistles of events under `path` in
  // [from_ms, until_ms) that summoned it, those it reported in to, and those it reported
  // late to (or not at all by the deadline).
  struct ReportInFigures {
    std::int64_t summoned = 0, reported = 0, late = 0;
  };
  using ReportInsOf = std::function<std::map<std::int64_t, ReportInFigures>(
      storage::Tx&, const std::string& path, std::int64_t from_ms, std::int64_t until_ms)>;
  // A unit's latest whistles, newest first.
  struct ReportIn {
    std::int64_t event_id = 0;
    std::string tracking_code;
    std::int64_t summoned_at = 0, due_at = 0;
    std::optional<std::int64_t> reported_at;
    std::string response;
  };
  using ReportInsOfUnit = std::function<std::vector<ReportIn>(storage::Tx&, std::int64_t unit_id, int limit)>;

  void set_accounts(UserByName by_name, NamesOf names, HoldsRole holds) {
    user_by_name_ = std::move(by_name);
    names_of_ = std::move(names);
    holds_role_ = std::move(holds);
  }
  void set_sources(SourceOf s) { source_of_ = std::move(s); }
  void set_linker(Linker l) { link_ = std::move(l); }
  void set_report_ins(ReportInsOf of, ReportInsOfUnit of_unit) {
    report_ins_of_ = std::move(of);
    report_ins_of_unit_ = std::move(of_unit);
  }
  void set_notifier(notifications::Service* n) { notifier_ = n; }
  void set_export_dir(std::string dir) { export_dir_ = std::move(dir); }

  // --- for the events module (whistles summon units; wired by the app) ---
  struct UnitRef {
    std::int64_t id;
    std::string name, region_path;
    std::vector<std::int64_t> contact_users;  // accounts of its active contacts
    bool active;
  };
  std::optional<UnitRef> unit_ref(storage::Tx& tx, std::int64_t id) const;
  // The active units whose active contacts include the account.
  std::vector<std::int64_t> units_of_user(storage::Tx& tx, std::int64_t user_id) const;
  // Active units whose node is on that path's line: the node itself or an ancestor (a unit
  // serving the community answers whistles of its grids).
  std::vector<UnitRef> units_serving(storage::Tx& tx, const std::string& region_path) const;

  // --- access (units.cpp) ---
  // A grant other than unit_contact's holds `permission` on the node at `path` or above it.
  bool staff_can(const Context& ctx, std::string_view permission, const std::string& path) const;
  // The caller is an active contact of the unit (and may write lists somewhere).
  bool contact_of(storage::Tx& tx, const Context& ctx, std::optional<std::int64_t> unit_id) const;

  // --- units and contacts (units.cpp, contacts.cpp) ---
  Unit create_unit(storage::Tx& tx, const Context& ctx, Unit u);
  Unit update_unit(storage::Tx& tx, const Context& ctx, std::int64_t id, const json::object& body);
  Unit leave_unit(storage::Tx& tx, const Context& ctx, std::int64_t id, std::int64_t version, const std::string& reason,
                  const std::string& left_on);
  // The unit if the caller may read it (cobuild:unit:read on its line), else 404.
  Unit readable_unit(storage::Tx& tx, const Context& ctx, std::int64_t id) const;
  Contact add_contact(storage::Tx& tx, const Context& ctx, std::int64_t unit_id, Contact c,
                      const std::optional<std::string>& phone, const std::optional<std::string>& username);
  Contact remove_contact(storage::Tx& tx, const Context& ctx, std::int64_t contact_id, const std::string& reason);
  // The contact's phone in full, for a stated reason (audited); "" when it has none.
  std::string unmask_contact(storage::Tx& tx, const Context& ctx, std::int64_t contact_id, const std::string& reason);

  // --- resources (resources.cpp) ---
  Resource create_resource(storage::Tx& tx, const Context& ctx, Resource r, const std::optional<std::string>& phone);
  Resource update_resource(storage::Tx& tx, const Context& ctx, std::int64_t id, const json::object& body);
  Resource readable_resource(storage::Tx& tx, const Context& ctx, std::int64_t id) const;
  bool writes_resource(storage::Tx& tx, const Context& ctx, const Resource& r) const;
  // The same for a page of resources, with the caller's units read once (units_of_user).
  bool writes_resource(const Context& ctx, const Resource& r, const std::vector<std::int64_t>& my_units) const;

  // --- needs (needs.cpp) ---
  Need raise_need(storage::Tx& tx, const Context& ctx, Need n);
  // One of kNeedActions: match {resource_id | project_id, note}, meet {note}, close {reason}.
  Need act_on_need(storage::Tx& tx, const Context& ctx, std::int64_t id, std::string_view action, std::int64_t version,
                   const json::object& body);
  Need readable_need(storage::Tx& tx, const Context& ctx, std::int64_t id) const;

  // --- projects (projects.cpp) ---
  // p.units: the units taking part as asked (the owner unit, if any, joins as lead).
  Project create_project(storage::Tx& tx, const Context& ctx, Project p);
  Project update_project(storage::Tx& tx, const Context& ctx, std::int64_t id, const json::object& body);
  Project add_participant(storage::Tx& tx, const Context& ctx, std::int64_t id, std::int64_t unit_id,
                          const std::string& role);
  // One of kProjectActions: start {}, finish {note, done_on, spent_cents}, cancel {reason}.
  Project act_on_project(storage::Tx& tx, const Context& ctx, std::int64_t id, std::string_view action,
                         std::int64_t version, const json::object& body);
  ProjectUpdate add_update(storage::Tx& tx, const Context& ctx, std::int64_t id, ProjectUpdate u,
                           const std::vector<std::string>& photos);
  Project readable_project(storage::Tx& tx, const Context& ctx, std::int64_t id) const;
  bool writes_project(const Context& ctx, const Project& p) const;
  // Staff over the project's node, or a contact of a unit taking part.
  bool reports_on(storage::Tx& tx, const Context& ctx, const Project& p) const;

  // --- rendering (render.cpp, pages.cpp) ---
  std::map<std::int64_t, std::string> names(storage::Tx& tx, const std::vector<std::int64_t>& ids) const {
    return names_of_ && !ids.empty() ? names_of_(tx, ids) : std::map<std::int64_t, std::string>{};
  }
  json::object unit_json(const Unit& u) const;
  json::object contact_json(const Contact& c, const std::map<std::int64_t, std::string>& names) const;
  json::object resource_json(const Resource& r, bool writes) const;
  json::object need_json(const Need& n, const std::map<std::int64_t, std::string>& names) const;
  json::object project_json(const Project& p) const;
  json::object update_json(const ProjectUpdate& u, const std::map<std::int64_t, std::string>& names) const;
  // A unit's page: its contacts, resources, projects, report-ins and history.
  json::object unit_page(storage::Tx& tx, const Context& ctx, const Unit& u, bool all) const;
  // A project's page: its units, progress updates and the needs it answers.
  json::object project_page(storage::Tx& tx, const Context& ctx, const Project& p) const;

  const Calendar& calendar() const { return calendar_; }

 private:
  void register_unit_routes(http::Router& router);      // http_units.cpp
  void register_resource_routes(http::Router& router);  // http_resources.cpp
  void register_need_routes(http::Router& router);      // http_needs.cpp
  void register_project_routes(http::Router& router);   // http_projects.cpp
  void register_stats_routes(http::Router& router);     // http_stats.cpp
  // The ledgers' sheets (export.cpp): rows within the subtree at `path`; needs and projects
  // created in [from, until).
  void export_units(storage::Tx& tx, xlsx::Writer& w, const std::string& path, std::int64_t from, std::int64_t until,
                    bool zh) const;
  void export_needs(storage::Tx& tx, xlsx::Writer& w, const std::string& path, std::int64_t from, std::int64_t until,
                    bool zh) const;
  void export_projects(storage::Tx& tx, xlsx::Writer& w, const std::string& path, std::int64_t from, std::int64_t until,
                       bool zh) const;
  std::string today() const;
  // Appends to the unit's log and the audit log.
  void log_unit(storage::Tx& tx, const Context& ctx, std::int64_t unit_id, const std::string& action,
                json::object detail);
  // A unit named in a body (a resource's provider, a project's owner or partner): one the
  // caller sees, active; 422 naming `field` otherwise.
  Unit named_unit(storage::Tx& tx, const Context& ctx, std::int64_t id, const std::string& field) const;
  // Tells the accounts (inbox and webhook) inside tx, not the caller.
  void tell(storage::Tx& tx, std::vector<std::int64_t> users, const Context& ctx, const std::string& kind,
            const std::string& record, const std::string& zh, const std::string& en) const;

  storage::Database& db_;
  territory::Service& territory_;
  const Calendar& calendar_;
  const Crypto& crypto_;
  UserByName user_by_name_;
  NamesOf names_of_;
  HoldsRole holds_role_;
  SourceOf source_of_;
  Linker link_;
  ReportInsOf report_ins_of_;
  ReportInsOfUnit report_ins_of_unit_;
  notifications::Service* notifier_ = nullptr;
  std::string export_dir_ = "exports";
};

// A body field holding a date YYYY-MM-DD of the served years (2000-2099), normalised;
// nullopt when absent or null. Unless future_ok, a day after `today` is refused.
std::optional<std::string> body_date(const json::object& body, std::string_view key, const std::string& today,
                                     bool future_ok);

// Whether a unit at `unit_path` and a record at `path` are related: the unit serves the
// record's node or one above it, or the record's node lies under the unit's (a town's
// project with a community's unit).
inline bool related(const std::string& unit_path, const std::string& path) {
  return path.rfind(unit_path, 0) == 0 || unit_path.rfind(path, 0) == 0;
}

}  // namespace wangge::cobuild
