// The emergency module (应急处突, PRODUCT.md module 10; docs/EMERGENCY.md). Seed 004: grid
// patrol teams (网格巡逻队) built on the police stations, the community police rooms and the
// mass prevention teams hold "处突集结演练、巡查" regularly; seed 003: an epidemic plan whose
// "预警分析、物质储备、人员组织、作战协同" are part of daily work.
//
//   plans.cpp       plans per node and hazard (one active), the module's access rules
//   teams.cpp       teams and their members' stays (phones sealed, accounts linked)
//   activities.cpp  patrols and drills calling teams: scheduled -> held | cancelled
//   attendance.cpp  the code shown at the site, check-ins by it, the organiser's marks
//   supplies.cpp    stocks and their movements, never below zero
//   alerts.cpp      alerts calling teams: recipients told (inbox, webhook), responses
//
// Accounts (who a username is and where it works, display names) and attachments are
// reached through callbacks the app wires (app/wiring_emergency.cpp).
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
#include "emergency/model.h"

namespace wangge::territory {
class Service;
}
namespace wangge::notifications {
class Service;
}

namespace wangge::emergency {

void register_schemas(schema::Components& c);

class Service {
 public:
  Service(storage::Database& db, territory::Service& territory, const Calendar& calendar, const Crypto& crypto);
  void register_routes(http::Router& router);

  // --- wiring (app/wiring_emergency.cpp) ---
  // An account by username, with the paths of the nodes it holds roles at (a member's
  // account must work or live on the line of the team's node).
  struct Account {
    std::int64_t id = 0;
    std::vector<std::string> places;
  };
  using UserByName = std::function<std::optional<Account>(storage::Tx&, const std::string& username)>;
  using NamesOf = std::function<std::map<std::int64_t, std::string>(storage::Tx&, const std::vector<std::int64_t>&)>;
  // Links attachment hashes to a plan (owner kind "emergency_plan") after checking the
  // caller may see them.
  using Linker = std::function<void(storage::Tx&, const Context&, const std::vector<std::string>&, std::int64_t id)>;
  void set_accounts(UserByName by_name, NamesOf names) {
    user_by_name_ = std::move(by_name);
    names_of_ = std::move(names);
  }
  void set_linker(Linker l) { link_ = std::move(l); }
  void set_notifier(notifications::Service* n) { notifier_ = n; }
  void set_export_dir(std::string dir) { export_dir_ = std::move(dir); }

  // --- access (plans.cpp) ---
  // Staff who read the module's records on the node's line (emergency:plan:read).
  bool reads(const Context& ctx, const std::string& path) const;
  // Those who run teams, patrols, drills and supplies over the node (emergency:drill:organise).
  bool organises(const Context& ctx, const std::string& path) const;
  // The node of a body's region_code (422 for an unknown one).
  std::pair<std::string, std::string> node(const std::string& code) const;  // (code, path)

  // --- plans (plans.cpp) ---
  // A draft, or active at once when `activate` (retiring the active one of its node and hazard).
  Plan create_plan(storage::Tx& tx, const Context& ctx, Plan p, bool activate);
  Plan update_plan(storage::Tx& tx, const Context& ctx, std::int64_t id, const json::object& body);
  Plan activate_plan(storage::Tx& tx, const Context& ctx, std::int64_t id, std::int64_t version);
  Plan retire_plan(storage::Tx& tx, const Context& ctx, std::int64_t id, std::int64_t version,
                   const std::string& reason);
  // The plan if the caller may read it (drafts: its writers), else 404.
  Plan readable_plan(storage::Tx& tx, const Context& ctx, std::int64_t id) const;

  // --- teams (teams.cpp) ---
  Team create_team(storage::Tx& tx, const Context& ctx, Team t);
  Team update_team(storage::Tx& tx, const Context& ctx, std::int64_t id, const json::object& body);
  // A member's stay begins; `phone` sealed, `username` an account on the team's line.
  Member add_member(storage::Tx& tx, const Context& ctx, std::int64_t team_id, Member m,
                    const std::optional<std::string>& phone, const std::optional<std::string>& username);
  Member end_member(storage::Tx& tx, const Context& ctx, std::int64_t member_id, const std::string& reason,
                    const std::optional<std::string>& until);
  Team readable_team(storage::Tx& tx, const Context& ctx, std::int64_t id) const;

  // --- patrols and drills (activities.cpp) ---
  Activity schedule(storage::Tx& tx, const Context& ctx, Activity a);
  Activity hold(storage::Tx& tx, const Context& ctx, std::int64_t id, std::int64_t version, const std::string& summary,
                const std::string& findings);
  Activity cancel(storage::Tx& tx, const Context& ctx, std::int64_t id, std::int64_t version,
                  const std::string& reason);
  // The activity if the caller reads it (staff on its line, its organisers, or a member of
  // a called team), else 404.
  Activity readable_activity(storage::Tx& tx, const Context& ctx, std::int64_t id) const;
  // The teams the activity or alert may call: active, on the node's line (422 otherwise).
  std::vector<Team> callable_teams(storage::Tx& tx, const std::vector<std::int64_t>& ids,
                                   const std::string& node_path) const;

  // --- attendance (attendance.cpp) ---
  // The code the organiser shows now, and until when.
  std::pair<std::string, std::int64_t> current_code(const Context& ctx, const Activity& a) const;
  // The caller checks in with the code (their member stays on the called teams, once each).
  Activity check_in(storage::Tx& tx, const Context& ctx, std::int64_t id, const std::string& code);
  // The organiser marks members of the roster present (arrived at `arrived_at` when known).
  Activity mark_present(storage::Tx& tx, const Context& ctx, std::int64_t id, const std::vector<std::int64_t>& members,
                        std::optional<std::int64_t> arrived_at);
  // The members of the called teams at the activity's day, and those who attended.
  std::vector<RosterEntry> roster(storage::Tx& tx, const Activity& a) const;

  // --- supplies (supplies.cpp) ---
  Supply create_supply(storage::Tx& tx, const Context& ctx, Supply s);
  Supply update_supply(storage::Tx& tx, const Context& ctx, std::int64_t id, const json::object& body);
  Supply move_supply(storage::Tx& tx, const Context& ctx, std::int64_t id, const std::string& direction,
                     std::int64_t quantity, const std::string& reason);
  Supply readable_supply(storage::Tx& tx, const Context& ctx, std::int64_t id) const;

  // --- alerts (alerts.cpp) ---
  // Sends an alert to a node, calling teams: their members with accounts are its
  // recipients, told in their inboxes (and the webhook) in this transaction. The live
  // update follows the commit (publish_alert).
  Alert send_alert(storage::Tx& tx, const Context& ctx, Alert a);
  void publish_alert(const Alert& a, const std::vector<std::int64_t>& users);
  Alert respond(storage::Tx& tx, const Context& ctx, std::int64_t id, const std::string& response,
                const std::string& note);
  Alert close_alert(storage::Tx& tx, const Context& ctx, std::int64_t id, const std::string& note);
  Alert readable_alert(storage::Tx& tx, const Context& ctx, std::int64_t id) const;
  // Whether the caller sees every recipient's response (staff on its line, its senders).
  bool oversees(const Context& ctx, const Alert& a) const;

  // --- rendering (render.cpp) ---
  std::map<std::int64_t, std::string> names(storage::Tx& tx, std::vector<std::int64_t> ids) const;
  json::object plan_json(const Plan& p, const std::map<std::int64_t, std::string>& names) const;
  json::object team_json(const Team& t) const;
  json::object member_json(const Member& m, const std::map<std::int64_t, std::string>& names) const;
  json::object activity_json(storage::Tx& tx, const Context& ctx, const Activity& a, bool detail) const;
  json::object supply_json(const Supply& s) const;
  json::object movement_json(const Movement& m, const std::map<std::int64_t, std::string>& names) const;
  json::object alert_json(storage::Tx& tx, const Context& ctx, const Alert& a, bool detail) const;
  // Today and the day 30 days on (YYYY-MM-DD), for the supplies' flags.
  std::pair<std::string, std::string> flag_days() const;

  territory::Service& territory() { return territory_; }
  const Calendar& calendar() const { return calendar_; }

 private:
  void register_plan_routes(http::Router& router);      // http_plans.cpp
  void register_team_routes(http::Router& router);      // http_teams.cpp
  void register_activity_routes(http::Router& router);  // http_activities.cpp
  void register_supply_routes(http::Router& router);    // http_supplies.cpp
  void register_alert_routes(http::Router& router);     // http_alerts.cpp
  void register_stats_routes(http::Router& router);     // http_stats.cpp
  void register_export_routes(http::Router& router);    // http_exports.cpp
  // Tells accounts (inbox and webhook) inside tx, not the caller.
  void tell(storage::Tx& tx, const Context& ctx, std::vector<std::int64_t> users, const std::string& kind,
            const std::string& record, const std::string& zh, const std::string& en) const;

  storage::Database& db_;
  territory::Service& territory_;
  const Calendar& calendar_;
  const Crypto& crypto_;
  UserByName user_by_name_;
  NamesOf names_of_;
  Linker link_;
  notifications::Service* notifier_ = nullptr;
  std::string export_dir_ = "exports";
};

}  // namespace wangge::emergency
