// The teams module (网格小组, PRODUCT.md module 10; docs/TEAMS.md): each grid's and
// community's team by post with its history (roster.cpp), the team a resident sees on their
// phone and on the printed board (公示牌) and the call button's number (roster.cpp), calls
// from residents to their grid team answered online (在线呼叫, calls.cpp), households in a
// team member's care with their visits, worklists and monthly coverage (包户, care.cpp),
// figures and .xlsx ledgers (http_stats.cpp). The registry (households, persons, who an
// account is, the visit it keeps), accounts, attachments and the inbox are reached through
// callbacks the app wires (app/wiring_teams.cpp).
//
// Thread safety: a Service is shared by every request thread; its state after start is
// the wired callbacks, set once before serving.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/context.h"
#include "core/crypto.h"
#include "core/http/router.h"
#include "core/json.h"
#include "core/storage/database.h"
#include "teams/model.h"

namespace wangge::territory {
class Service;
}
namespace wangge::notifications {
class Service;
}

namespace wangge::teams {

void register_schemas(schema::Components& c);

class Service {
 public:
  Service(storage::Database& db, territory::Service& territory, const Calendar& calendar, const Crypto& crypto);
  void register_routes(http::Router& router);

  // --- wiring (app/wiring_teams.cpp) ---
  // A registry household: where it is, who lives there now and its class (key: someone
  // carries a key-person tag; care: a care tag; else ordinary).
  struct HouseholdInfo {
    std::string address, region_code, region_path;
    std::int64_t persons = 0;
    std::string klass = "ordinary";
  };
  using HouseholdOf = std::function<std::optional<HouseholdInfo>(storage::Tx&, std::int64_t household_id)>;
  // The grid (code) an account's registry household lies in, if it is linked to a person.
  using IdentityGrid = std::function<std::optional<std::string>(storage::Tx&, std::int64_t user_id)>;
  // Where a registry person lives (the optional person of a roster entry).
  struct PersonRef {
    std::string region_path;
  };
  using PersonOf = std::function<std::optional<PersonRef>(storage::Tx&, std::int64_t person_id)>;
  // Records a household visit in the registry (入户走访) in the caller's transaction and
  // answers its id; photos are attachment hashes the caller may see.
  using RecordVisit = std::function<std::int64_t(storage::Tx&, const Context&, std::int64_t actor_user_id,
                                                 std::int64_t household_id, const std::string& findings,
                                                 std::int64_t visited_at, const std::vector<std::string>& photos)>;
  // An account by username: its id and the paths of its grants (where it works or lives).
  struct Account {
    std::int64_t id = 0;
    std::vector<std::string> paths;
  };
  using UserByName = std::function<std::optional<Account>(storage::Tx&, const std::string& username)>;
  using NamesOf = std::function<std::map<std::int64_t, std::string>(storage::Tx&, const std::vector<std::int64_t>&)>;
  // Links a photo (attachment hash) to a roster entry (owner kind "team_member") after
  // checking the caller may see it.
  using Linker = std::function<void(storage::Tx&, const Context&, const std::vector<std::string>&, std::int64_t id)>;
  void set_registry(HouseholdOf household, IdentityGrid identity, PersonOf person) {
    household_of_ = std::move(household);
    identity_grid_ = std::move(identity);
    person_of_ = std::move(person);
  }
  void set_visit_recorder(RecordVisit r) { record_visit_ = std::move(r); }
  void set_accounts(UserByName by_name, NamesOf names) {
    user_by_name_ = std::move(by_name);
    names_of_ = std::move(names);
  }
  void set_linker(Linker l) { link_ = std::move(l); }
  void set_notifier(notifications::Service* n) { notifier_ = n; }
  void set_export_dir(std::string dir) { export_dir_ = std::move(dir); }

  // --- for other modules (the integrator wires them) ---
  // Accounts of the active grid_chief entries of the grid, else of its community.
  std::vector<std::int64_t> grid_chief_accounts(storage::Tx& tx, const std::string& grid_code);
  // Accounts of the grid's active entries on duty.
  std::vector<std::int64_t> on_duty_accounts(storage::Tx& tx, const std::string& grid_code);

  // --- the roster (roster.cpp) ---
  struct MemberInput {
    Member m;
    std::optional<std::string> phone, username, photo;
  };
  Member add_member(storage::Tx& tx, const Context& ctx, MemberInput in);
  // Changes an active entry's name, phone, photo, responsibility, duty, order or links
  // (version checked); its node and post stay (end it and add another).
  Member update_member(storage::Tx& tx, const Context& ctx, std::int64_t id, const json::object& body);
  // Ends an entry (its history kept), with the households in its care.
  Member end_member(storage::Tx& tx, const Context& ctx, std::int64_t id, const std::string& reason,
                    const std::string& until);
  // The entry if the caller reads rosters on its line (404 otherwise).
  Member readable_member(storage::Tx& tx, const Context& ctx, std::int64_t id) const;
  // The entry's whole phone for the call button, to callers on its line; audited.
  std::string reveal_phone(storage::Tx& tx, const Context& ctx, std::int64_t id);
  // The caller's grid: that of their grant (a grid or a node under one), else that of their
  // registry household; with its community.
  struct GridRef {
    std::string grid_code, grid_path, grid_name, community_code, community_path, community_name;
  };
  std::optional<GridRef> caller_grid(storage::Tx& tx, const Context& ctx) const;

  // --- calls (calls.cpp) ---
  struct Placed {
    Call call;
    std::vector<std::int64_t> recipients;
  };
  Placed make_call(storage::Tx& tx, const Context& ctx, const std::string& kind, const std::string& message);
  Call answer_call(storage::Tx& tx, const Context& ctx, std::int64_t id, const std::string& note);
  Call close_call(storage::Tx& tx, const Context& ctx, std::int64_t id, const std::string& note);
  // Who may answer or close it: a recipient or an answerer over its grid (the caller may close).
  bool answers_call(storage::Tx& tx, const Context& ctx, const Call& c) const;
  // The roots of the calls the caller oversees (teams:call:answer or teams:stats:read).
  std::vector<std::string> call_scope(const Context& ctx) const;

  // --- care (care.cpp) ---
  CareSettings settings(storage::Tx& tx, const std::string& community_code) const;
  CareSettings save_settings(storage::Tx& tx, const Context& ctx, const std::string& code, const json::object& body);
  Assignment assign(storage::Tx& tx, const Context& ctx, std::int64_t household_id, std::int64_t member_id,
                    const std::optional<std::string>& klass);
  Assignment end_assignment(storage::Tx& tx, const Context& ctx, std::int64_t id, const std::string& reason);
  struct VisitInput {
    std::string findings;
    std::optional<std::int64_t> visited_at;
    std::vector<std::string> photos;
    std::optional<json::object> checklist;
  };
  CareVisit record_visit(storage::Tx& tx, const Context& ctx, std::int64_t assignment_id, const VisitInput& in);
  // The assignment if the caller is its carer or reads care records over its household.
  Assignment readable_assignment(storage::Tx& tx, const Context& ctx, std::int64_t id) const;
  bool is_carer(const Context& ctx, const Assignment& a) const;
  // Midnight of today (calendar zone): an assignment due before it is overdue.
  std::int64_t today_start() const;
  std::string this_month() const;

  // --- rendering (render.cpp) ---
  json::object member_json(const Member& m) const;
  json::object card_json(const Member& m) const;  // what residents see: masked phone unless public
  json::object call_json(const Call& c, const std::map<std::int64_t, std::string>& names, std::int64_t me,
                         bool answers) const;
  json::object assignment_json(const Assignment& a) const;
  json::object visit_json(const CareVisit& v, const std::map<std::int64_t, std::string>& names) const;
  json::object settings_json(const CareSettings& s) const;
  std::map<std::int64_t, std::string> names(storage::Tx& tx, const std::vector<std::int64_t>& ids) const {
    return names_of_ && !ids.empty() ? names_of_(tx, ids) : std::map<std::int64_t, std::string>{};
  }

  territory::Service& territory() { return territory_; }
  const Calendar& calendar() const { return calendar_; }

 private:
  void register_roster_routes(http::Router& router);  // http_roster.cpp
  void register_card_routes(http::Router& router);    // http_card.cpp
  void register_call_routes(http::Router& router);    // http_calls.cpp
  void register_care_routes(http::Router& router);    // http_care.cpp
  void register_work_routes(http::Router& router);    // http_work.cpp: worklists, visits
  void register_stats_routes(http::Router& router);   // http_stats.cpp
  void register_export_routes(http::Router& router);  // http_exports.cpp
  // Reads a phone field into the entry (sealed, indexed, masked); "" or null removes it.
  void set_phone(Member& m, const std::optional<std::string>& phone) const;
  // Checks and links the account named `username` (its grants on the line of the entry's node).
  void link_account(storage::Tx& tx, Member& m, const std::string& username) const;
  void check_person(storage::Tx& tx, const Context& ctx, const Member& m) const;
  void check_duplicate(storage::Tx& tx, const Member& m) const;
  void end_assignments_of(storage::Tx& tx, const Context& ctx, const Member& m, const std::string& reason);

  storage::Database& db_;
  territory::Service& territory_;
  const Calendar& calendar_;
  const Crypto& crypto_;
  HouseholdOf household_of_;
  IdentityGrid identity_grid_;
  PersonOf person_of_;
  RecordVisit record_visit_;
  UserByName user_by_name_;
  NamesOf names_of_;
  Linker link_;
  notifications::Service* notifier_ = nullptr;
  std::string export_dir_ = "exports";
};

}  // namespace wangge::teams
