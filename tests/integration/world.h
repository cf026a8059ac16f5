// Records outside the demo accounts' territories, for the tests that try to reach them: a
// sibling grid of the demo grid worker's (G2), a grid of another community (G3) and a grid
// of another town (G4, created here with its town and community). Each place gets a grid
// worker of its own and every kind of record, made through the API, each carrying the marker
// "ZXW-<place>" in a name, address, title or description, so that a list answer that leaks
// one can be recognised.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "integration/harness.h"

namespace wangge::testing {

struct ForeignPlace {
  std::string tag;     // "G2", "G3", "G4"
  std::string grid;    // its code
  std::string marker;  // "ZXW-G2"
  std::string worker_username, worker_token;
  std::int64_t worker_id = 0;
  std::int64_t building = 0, household = 0, person = 0, business = 0, visit = 0, event = 0, dispute = 0;
  std::int64_t person_tag = 0, import_job = 0;
  std::string id_number, phone, licence_no;  // the person's, the business's
  std::string event_tracking, visit_photo, event_photo;
  std::int64_t event_version = 0, person_version = 0, household_version = 0, dispute_version = 0;
  // The service desk: an order by the place's worker; an item of the place's town with an
  // admission to its community (G4: the other town's item; G3: a plain item of the demo
  // town, the marker in the admission's basis; G2 shares the demo community: none).
  // `item` is set for G4 only (G3's item is in the demo town's own catalogue, which every
  // account there reads); `admission_item` is the item of the admission.
  std::int64_t order = 0, order_version = 0, item = 0, admission_item = 0, admission = 0, admission_version = 0;
  // A window case (G4: at the other town's window; G3: a 办不成事 case at its community's
  // window, coordinated by the demo dispatcher; G2: none) and a wish the place's worker
  // collected (published to its community, except G2's, which shares the demo community).
  std::int64_t service_case = 0, case_version = 0, wish = 0, wish_version = 0;
  // Volunteers (G2: at its grid; G3, G4: at their communities): a station, a team, the
  // place's person registered as a volunteer and linked to a resident account of the place,
  // an activity that account signed up for. Points: a manual line of the place's list, the
  // person's holder credited by it, a reward of the place's shop and the person's
  // redemption of it (with its code).
  std::int64_t station = 0, team = 0, volunteer = 0, activity = 0, signup = 0;
  std::int64_t rule = 0, holder = 0, reward = 0, redemption = 0;
  std::string redemption_code;
  // Deliberation (G2: a council at its grid; G3, G4: at their communities), with the
  // place's resident account linked to its person and a member of the council: topics in
  // each stage with their records (topic0 proposed; topic1 researching with a note and an
  // open survey; topic2 deliberating with a scheduled meeting and an open council ballot;
  // topic3 publicizing with an open objection; topic4 implementing with a task).
  std::int64_t council = 0, member = 0, topic0 = 0, topic1 = 0, topic2 = 0, topic3 = 0, topic4 = 0;
  std::int64_t survey = 0, meeting = 0, ballot = 0, voter = 0, objection = 0, task = 0;
  // Notices to the place's node: one published (must read), one draft.
  std::int64_t notice = 0, notice_draft = 0;
  // The newer modules' records (party, teams, cobuild, emergency), by placeholder name
  // ("org", "roster_entry", ...): their builders (world_<module>.cpp) fill it, the scope
  // matrix substitutes each as {name}.
  std::map<std::string, std::string> more;
};

struct World {
  // The demo's places and who holds which narrow role where.
  static constexpr const char* kHomeGrid = "440404104001001";    // gridworker, resident
  static constexpr const char* kHomeCommunity = "440404104001";  // gridchief, volunteer, partymember
  static constexpr const char* kHomeTown = "440404104";          // leader, dispatcher, handler, mediator
  static constexpr const char* kOtherTown = "440404998";         // made by build()
  std::vector<ForeignPlace> places;                              // G2, G3, G4
  std::int64_t foreign_department = 0;                           // a department of the other town
  std::string admin_token;
  // Records of the demo's own places the newer modules' builders make, as placeholders
  // ("home_org", ...), for probes that name a home record beside a foreign one.
  std::map<std::string, std::string> home;

  // Makes the places and their records on a running demo server (asserts success).
  void build(TestServer& server);
  const ForeignPlace& place(const std::string& tag) const;
  // The places outside the scope of a demo account ("gridworker", "gridchief", ...).
  std::vector<const ForeignPlace*> foreign_to(const std::string& username) const;

 private:
  void build_volunteers_and_points(TestServer& server, ForeignPlace& p);
  void build_deliberation(TestServer& server, ForeignPlace& p);  // world_deliberation.cpp
  void build_party(TestServer& server, ForeignPlace& p);         // world_party.cpp
  void build_teams(TestServer& server, ForeignPlace& p);         // world_teams.cpp
  void build_cobuild(TestServer& server, ForeignPlace& p);       // world_cobuild.cpp
  void build_emergency(TestServer& server, ForeignPlace& p);     // world_emergency.cpp
  void build_assessment(TestServer& server, ForeignPlace& p);    // world_assessment.cpp
};

}  // namespace wangge::testing
