// The party module (党组织与党员, docs/PARTY.md): seed 004's organisation system on the
// territory (社区党工委 at a town or community, 社区党委 and 党总支 at a community, 网格党支部
// and 楼栋党小组 at a grid, each under its parent: orgs.cpp), the members of each (regular
// members whose organisational relationship is here, and in-service members reporting to the
// community where they live, "双报到"), their stays, leaving and transfers (members.cpp),
// their public pledges, "亮身份、亮责任、亮服务" (pledges.cpp), the figures and the members
// ledger as .xlsx (http_stats.cpp). The registry (who a person is and where they live, a
// building's grid), accounts and their names are reached through callbacks the app wires.
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
#include "core/http/router.h"
#include "core/json.h"
#include "core/storage/database.h"
#include "party/model.h"

namespace wangge {
class Crypto;
}
namespace wangge::territory {
class Service;
}
namespace wangge::notifications {
class Service;
}

namespace wangge::party {

void register_schemas(schema::Components& c);

class Service {
 public:
  Service(storage::Database& db, territory::Service& territory, const Calendar& calendar, const Crypto& crypto);
  void register_routes(http::Router& router);

  // --- wiring (app/wiring_party.cpp) ---
  // A registry person: their name, the path of where they live now (their current
  // household's node; their own node when they have none) and whether the registry still
  // counts them.
  struct PersonInfo {
    std::string name, region_path;
    bool active = true;
  };
  using PersonOf = std::function<std::optional<PersonInfo>(storage::Tx&, std::int64_t person_id)>;
  // A registry building: its name and the path of its node (a unit or grid).
  struct BuildingInfo {
    std::string name, region_path;
  };
  using BuildingOf = std::function<std::optional<BuildingInfo>(storage::Tx&, std::int64_t building_id)>;
  using UserByName = std::function<std::optional<std::int64_t>(storage::Tx&, const std::string& username)>;
  using NamesOf = std::function<std::map<std::int64_t, std::string>(storage::Tx&, const std::vector<std::int64_t>&)>;
  void set_registry(PersonOf person, BuildingOf building) {
    person_of_ = std::move(person);
    building_of_ = std::move(building);
  }
  void set_accounts(UserByName by_name, NamesOf names) {
    user_by_name_ = std::move(by_name);
    names_of_ = std::move(names);
  }
  void set_notifier(notifications::Service* n) { notifier_ = n; }
  void set_export_dir(std::string dir) { export_dir_ = std::move(dir); }

  // --- organisations (orgs.cpp) ---
  Org create_org(storage::Tx& tx, const Context& ctx, Org o);
  // Name, secretary, founding day, a group's building; body as PATCH /party-orgs/{id}.
  Org update_org(storage::Tx& tx, const Context& ctx, std::int64_t id, const json::object& body);
  Org dissolve_org(storage::Tx& tx, const Context& ctx, std::int64_t id, std::int64_t version,
                   const std::string& reason);
  // The organisation if the caller reaches its node (within their scope or above it), else 404.
  Org readable_org(storage::Tx& tx, const Context& ctx, std::int64_t id) const;

  // --- members (members.cpp) ---
  struct NewMember {
    std::optional<std::int64_t> person_id;
    std::string name, phone;  // without a person (an in-service member living elsewhere)
    std::string kind = "regular", post = "member", home_unit, home_org_name;
    std::optional<std::string> joined_party_on, joined_on, username;
  };
  Member add_member(storage::Tx& tx, const Context& ctx, std::int64_t org_id, const NewMember& in);
  // Post, units, dates, phone, linked account; body as PATCH /party-members/{id}.
  Member update_member(storage::Tx& tx, const Context& ctx, std::int64_t id, const json::object& body);
  // Ends the stay (its active pledges withdrawn).
  Member leave(storage::Tx& tx, const Context& ctx, std::int64_t id, std::int64_t version,
               const std::optional<std::string>& left_on, const std::string& reason, const std::string& note);
  // Ends the stay and opens the next in `to_org`, in one transaction (active pledges move
  // along); answers the new stay.
  Member transfer(storage::Tx& tx, const Context& ctx, std::int64_t id, std::int64_t version, std::int64_t to_org,
                  const std::optional<std::string>& on, const std::optional<std::string>& post,
                  const std::string& note);
  // The stay if the caller reads members at its organisation's node or is its linked
  // account, else 404.
  Member readable_member(storage::Tx& tx, const Context& ctx, std::int64_t id) const;
  // The full phone of a member without a registry person, for a stated reason (audited).
  std::string unmask_phone(storage::Tx& tx, const Context& ctx, std::int64_t id, const std::string& reason);

  // --- pledges (pledges.cpp) ---
  Pledge add_pledge(storage::Tx& tx, const Context& ctx, std::int64_t member_id, const std::string& kind,
                    const std::string& content);
  // fulfil: with the note (required); else withdraw.
  Pledge close_pledge(storage::Tx& tx, const Context& ctx, std::int64_t id, std::int64_t version, bool fulfil,
                      const std::string& note);
  // Whether the caller may add to or close the member's pledges: the member's own account
  // (while the stay is current), or staff who write members at its node.
  bool acts_for(const Context& ctx, const Member& m) const;

  // --- rendering (render.cpp) ---
  json::object org_json(const Org& o) const;
  json::object member_json(const Member& m, std::int64_t viewer) const;
  // names: display names of the accounts that closed pledges (names_of).
  json::object pledge_json(const Pledge& p, std::int64_t viewer,
                           const std::map<std::int64_t, std::string>& names) const;
  // The display names of who closed these pledges.
  std::map<std::int64_t, std::string> closers(storage::Tx& tx, const std::vector<Pledge>& pledges) const;

  territory::Service& territory() { return territory_; }
  const Calendar& calendar() const { return calendar_; }

 private:
  void register_org_routes(http::Router& router);          // http_orgs.cpp: set up, list, read
  void register_org_change_routes(http::Router& router);   // http_orgs.cpp: change, dissolve, tree
  void register_member_routes(http::Router& router);       // http_members.cpp: add, list, read
  void register_member_step_routes(http::Router& router);  // http_members.cpp: change, leave, transfer, mine
  void register_pledge_routes(http::Router& router);       // http_pledges.cpp
  void register_stats_routes(http::Router& router);        // http_stats.cpp
  std::string today() const;
  // Checks that a person may be a member of `o` (lives within its node, still counted) and
  // answers their name (422 otherwise).
  std::string person_within(storage::Tx& tx, std::int64_t person_id, const Org& o) const;
  // The account of `username` (422 when there is none).
  std::int64_t account_of(storage::Tx& tx, const std::string& username) const;
  // Seals a phone into the member (validated: 422), with its blind index and masked copy.
  void seal_phone(Member& m, const std::string& phone) const;
  // Tells the member's account (inbox and webhook), if any and not the caller.
  void tell(storage::Tx& tx, const Context& ctx, const Member& m, const std::string& zh, const std::string& en);

  storage::Database& db_;
  territory::Service& territory_;
  const Calendar& calendar_;
  const Crypto& crypto_;
  PersonOf person_of_;
  BuildingOf building_of_;
  UserByName user_by_name_;
  NamesOf names_of_;
  notifications::Service* notifier_ = nullptr;
  std::string export_dir_ = "exports";
};

}  // namespace wangge::party
