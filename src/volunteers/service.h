// The volunteers module (志愿服务, PRODUCT.md module 5; docs/VOLUNTEERS.md): stations per
// territory node (志愿服务站) and their teams (志愿服务队) with a leader and members whose
// joining and leaving are history (stations.cpp); registered volunteers, who are registry
// persons and, once they log in, accounts (registration.cpp); activities with sign-up and
// a waiting list (activities.cpp), check-in and check-out by the code the organiser shows
// at the place, and the minutes the organiser certifies, each correction recorded with its
// reason (attendance.cpp). Certified minutes are deeds (core/deeds.h) the points module
// counts. Registry persons and accounts are reached through callbacks the app wires.
//
// Thread safety: a Service is shared by every request thread; its state after start is
// the wired callbacks, set once before serving.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/context.h"
#include "core/deeds.h"
#include "core/http/router.h"
#include "core/json.h"
#include "core/storage/database.h"
#include "volunteers/model.h"

namespace wangge::territory {
class Service;
}
namespace wangge::notifications {
class Service;
}

namespace wangge::volunteers {

void register_schemas(schema::Components& c);

class Service {
 public:
  Service(storage::Database& db, territory::Service& territory, const Calendar& calendar);
  void register_routes(http::Router& router);

  // --- wiring (app/wiring_points.cpp) ---
  // A registry person the caller may read: name, place, current household; nullopt when
  // there is none or the caller may not see them.
  struct Person {
    std::string name, region_code;
    std::optional<std::int64_t> household_id;
  };
  using PersonOf = std::function<std::optional<Person>(storage::Tx&, const Context*, std::int64_t person_id)>;
  // An account id by username (linking a volunteer to the account they log in with).
  using UserByName = std::function<std::optional<std::int64_t>(storage::Tx&, const std::string& username)>;
  void set_registry(PersonOf person_of, UserByName user_by_name) {
    person_of_ = std::move(person_of);
    user_by_name_ = std::move(user_by_name);
  }
  void set_deed_sink(deeds::Sink sink) { deeds_ = std::move(sink); }
  void set_notifier(notifications::Service* n) { notifier_ = n; }
  void set_export_dir(std::string dir) { export_dir_ = std::move(dir); }

  // --- stations and teams (stations.cpp) ---
  Station create_station(storage::Tx& tx, const Context& ctx, Station s);
  Station update_station(storage::Tx& tx, const Context& ctx, std::int64_t id, const json::object& body);
  Team create_team(storage::Tx& tx, const Context& ctx, Team t);
  Team update_team(storage::Tx& tx, const Context& ctx, std::int64_t id, const json::object& body);
  // A volunteer joins a team (added by its station's staff or its leader, or joining
  // themselves); leaving ends the stay with a reason.
  Membership join(storage::Tx& tx, const Context& ctx, std::int64_t team_id, std::optional<std::int64_t> volunteer_id);
  Membership leave(storage::Tx& tx, const Context& ctx, std::int64_t team_id, std::int64_t volunteer_id,
                   const std::string& reason);
  // Does the caller lead the team (its volunteer record is the leader)?
  bool leads(storage::Tx& tx, const Context& ctx, const Team& t) const;

  // --- volunteers (registration.cpp) ---
  Volunteer register_volunteer(storage::Tx& tx, const Context& ctx, std::int64_t person_id,
                               std::vector<std::string> skills, const std::optional<std::string>& username);
  Volunteer update_volunteer(storage::Tx& tx, const Context& ctx, std::int64_t id, const json::object& body);

  // --- activities (activities.cpp) ---
  Activity create_activity(storage::Tx& tx, const Context& ctx, Activity a);
  Activity cancel_activity(storage::Tx& tx, const Context& ctx, std::int64_t id, const std::string& reason);
  // The caller (a registered volunteer) signs up: a place if one is free, else the waiting
  // list; withdrawing gives the place to the first on the list.
  Signup sign_up(storage::Tx& tx, const Context& ctx, std::int64_t activity_id);
  Signup withdraw(storage::Tx& tx, const Context& ctx, std::int64_t activity_id);
  // May the caller run the activity (its organiser, or an organiser over its place)?
  bool runs(const Context& ctx, const Activity& a) const;

  // --- attendance (attendance.cpp) ---
  // The code the organiser shows now, and until when.
  std::pair<std::string, std::int64_t> current_code(const Context& ctx, const Activity& a) const;
  Signup check(storage::Tx& tx, const Context& ctx, std::int64_t activity_id, bool in, const std::string& code,
               double lat, double lng);
  // Certifies every signed participant's minutes (what they checked in and out, or the
  // organiser's figure with a reason) once the activity is over; reports the deeds.
  Activity certify(storage::Tx& tx, const Context& ctx, std::int64_t activity_id, const json::array& overrides);
  // A certified figure corrected, with its reason; the deed reported again.
  Signup correct(storage::Tx& tx, const Context& ctx, std::int64_t signup_id, std::int64_t minutes,
                 const std::string& reason);

  json::object station_json(const Station& s) const;
  json::object team_json(const Team& t) const;
  json::object volunteer_json(const Volunteer& v) const;
  json::object activity_json(const Activity& a, const std::optional<Signup>& mine, bool runs) const;
  json::object signup_json(const Signup& s) const;
  json::object membership_json(const Membership& m) const;

  territory::Service& territory() { return territory_; }

 private:
  void register_station_routes(http::Router& router);   // http_stations.cpp
  void register_activity_routes(http::Router& router);  // http_activities.cpp
  void register_stats_routes(http::Router& router);     // http_stats.cpp
  // Tells accounts (inbox and webhook) inside tx; the message opens "volunteer_activity:<id>".
  void tell(storage::Tx& tx, const std::vector<std::int64_t>& users, const std::string& kind, std::int64_t activity_id,
            const std::string& zh, const std::string& en);
  // Reports the certified minutes of a sign-up as a deed (again, when corrected).
  void report_minutes(storage::Tx& tx, const Context& ctx, const Activity& a, const Signup& s,
                      const std::string& reason);

  storage::Database& db_;
  territory::Service& territory_;
  const Calendar& calendar_;
  PersonOf person_of_;
  UserByName user_by_name_;
  deeds::Sink deeds_;
  notifications::Service* notifier_ = nullptr;
  std::string export_dir_ = "exports";
};

}  // namespace wangge::volunteers
