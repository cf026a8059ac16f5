// The deliberation module (议事协商, PRODUCT.md module 6; docs/DELIBERATION.md): councils at
// county, town, community and grid level with members by group (councils.cpp); topics
// proposed by residents, workers and units or raised from an event or a visit, supported by
// others (topics.cpp), and taken through the six steps by one table (topic_flow.cpp, run by
// topic_act.cpp); each stage's records: research notes and surveys (research.cpp),
// meetings with participants and attendance (meetings.cpp), ballots with their register,
// paper ballots and the frozen count (ballots.cpp, counted by count.cpp), objections during
// publicity (publicity.cpp) and implementation tasks (tasks.cpp). Figures in stats.cpp.
// The registry (electorates, who an account is), the records a topic is raised from,
// account names and attachments are reached through callbacks the app wires.
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
#include "core/deeds.h"
#include "core/http/router.h"
#include "core/json.h"
#include "core/storage/database.h"
#include "deliberation/model.h"
#include "deliberation/topic_flow.h"

namespace wangge::territory {
class Service;
}
namespace wangge::notifications {
class Service;
}

namespace wangge::deliberation {

void register_schemas(schema::Components& c);
// An entry of a ballot's register (render.cpp).
json::object voter_json(const Voter& v);

class Service {
 public:
  Service(storage::Database& db, territory::Service& territory, const Calendar& calendar);
  void register_routes(http::Router& router);

  // --- wiring (app/wiring_deliberation.cpp) ---
  // One entry of an electorate the registry keeps: an adult resident living under a node
  // (kind "person") or a household with someone living in it (kind "household").
  struct Elector {
    std::int64_t ref_id = 0;
    std::string name;
  };
  using ElectorateOf =
      std::function<std::vector<Elector>(storage::Tx&, const std::string& kind, const std::string& path)>;
  // Who an account is in the registry (实名认证): its person and their current household.
  struct Identity {
    std::int64_t person_id = 0;
    std::optional<std::int64_t> household_id;
  };
  using IdentityOf = std::function<std::optional<Identity>(storage::Tx&, std::int64_t user_id)>;
  // An event or a visit the caller may read, that a topic is raised from; nullopt when
  // there is none or the caller may not read it.
  struct Source {
    std::string title, description, region_code;
  };
  using SourceOf =
      std::function<std::optional<Source>(storage::Tx&, const Context&, const std::string& kind, std::int64_t id)>;
  using UserByName = std::function<std::optional<std::int64_t>(storage::Tx&, const std::string& username)>;
  using NamesOf = std::function<std::map<std::int64_t, std::string>(storage::Tx&, const std::vector<std::int64_t>&)>;
  // Links attachment hashes to a record (kind "topic_note" or "topic_task") after checking
  // the caller may see them.
  using Linker = std::function<void(storage::Tx&, const Context&, const std::vector<std::string>& hashes,
                                    const std::string& kind, std::int64_t id)>;
  void set_registry(ElectorateOf electorate, IdentityOf identity) {
    electorate_of_ = std::move(electorate);
    identity_of_ = std::move(identity);
  }
  void set_sources(SourceOf s) { source_of_ = std::move(s); }
  void set_accounts(UserByName by_name, NamesOf names) {
    user_by_name_ = std::move(by_name);
    names_of_ = std::move(names);
  }
  void set_linker(Linker l) { link_ = std::move(l); }
  void set_deed_sink(deeds::Sink sink) { deeds_ = std::move(sink); }
  void set_notifier(notifications::Service* n) { notifier_ = n; }
  void set_export_dir(std::string dir) { export_dir_ = std::move(dir); }

  // --- councils (councils.cpp) ---
  Council create_council(storage::Tx& tx, const Context& ctx, Council c);
  Council update_council(storage::Tx& tx, const Context& ctx, std::int64_t id, const json::object& body);
  Member add_member(storage::Tx& tx, const Context& ctx, std::int64_t council_id, Member m,
                    const std::optional<std::string>& username);
  Member remove_member(storage::Tx& tx, const Context& ctx, std::int64_t member_id, const std::string& reason);
  // May the caller read the council's records / run its business?
  bool can_read(const Context& ctx, const std::string& region_path) const;
  bool manages(const Context& ctx, const std::string& council_path) const;

  // --- topics (topics.cpp, topic_act.cpp) ---
  struct Proposal {
    std::int64_t council_id = 0;
    std::string title, description, region_code, source, unit_name;
    std::optional<std::int64_t> source_id;  // the event or visit it is raised from
  };
  Topic propose(storage::Tx& tx, const Context& ctx, const Proposal& p);
  Topic support(storage::Tx& tx, const Context& ctx, std::int64_t topic_id, bool on);
  Topic act_on_topic(storage::Tx& tx, const Context& ctx, std::int64_t id, const TopicTransition& t,
                     std::int64_t version, const json::object& body);
  // The topic (404 when there is none or the caller may not read it).
  Topic readable_topic(storage::Tx& tx, const Context& ctx, std::int64_t id) const;
  // The topic's council, which the caller must manage (403 otherwise).
  Topic managed_topic(storage::Tx& tx, const Context& ctx, std::int64_t id) const;
  bool is_actor(const Context& ctx, TopicActor actor, const Topic& t) const;
  // Appends to the topic's timeline and the audit log.
  void record(storage::Tx& tx, const Context& ctx, const Topic& t, const std::string& action, const std::string& from,
              const std::string& comment, json::object detail);

  // --- research (research.cpp) ---
  Note add_note(storage::Tx& tx, const Context& ctx, std::int64_t topic_id, Note n,
                const std::vector<std::string>& attachments);
  Survey create_survey(storage::Tx& tx, const Context& ctx, std::int64_t topic_id, Survey s);
  void respond(storage::Tx& tx, const Context& ctx, std::int64_t survey_id, const json::array& answers);
  Survey close_survey(storage::Tx& tx, const Context& ctx, std::int64_t survey_id);
  // The survey's results: counts per choice, free-text answers for those who manage it.
  json::object survey_results(storage::Tx& tx, const Context& ctx, const Survey& s) const;

  // --- meetings (meetings.cpp) ---
  Meeting schedule_meeting(storage::Tx& tx, const Context& ctx, std::int64_t topic_id, Meeting m,
                           const json::array& participants);
  // Records who attended and the minutes; the meeting is then held (once).
  Meeting record_meeting(storage::Tx& tx, const Context& ctx, std::int64_t meeting_id, std::int64_t version,
                         const std::string& record, const std::vector<std::int64_t>& present);
  Meeting cancel_meeting(storage::Tx& tx, const Context& ctx, std::int64_t meeting_id, const std::string& reason);

  // --- ballots (ballots.cpp) ---
  Ballot open_ballot(storage::Tx& tx, const Context& ctx, std::int64_t topic_id, Ballot b);
  // The caller's own vote (nullopt: abstain); answers the register entry it was cast for.
  Voter vote(storage::Tx& tx, const Context& ctx, std::int64_t ballot_id, std::optional<int> choice);
  // Paper ballots (画钩) the secretary counts in: open ballots name each voter's choice;
  // secret ballots name the voters who handed one in and the tallies of the box.
  Ballot record_paper(storage::Tx& tx, const Context& ctx, std::int64_t ballot_id, const json::object& body);
  Ballot close_ballot(storage::Tx& tx, const Context& ctx, std::int64_t ballot_id, std::int64_t version);
  // The caller's entry on the register, if any.
  std::optional<Voter> my_entry(storage::Tx& tx, const Context& ctx, const Ballot& b) const;

  // --- publicity (publicity.cpp) ---
  Objection raise_objection(storage::Tx& tx, const Context& ctx, std::int64_t topic_id, const std::string& body);
  Objection answer_objection(storage::Tx& tx, const Context& ctx, std::int64_t objection_id, const std::string& answer);

  // --- tasks (tasks.cpp) ---
  Task add_task(storage::Tx& tx, const Context& ctx, std::int64_t topic_id, Task t,
                const std::optional<std::string>& owner_username);
  Task finish_task(storage::Tx& tx, const Context& ctx, std::int64_t task_id, std::int64_t version,
                   const std::string& result, const std::vector<std::string>& photos);

  // --- rendering (render.cpp) ---
  // Who is looking: the display names of the accounts a page names, whether the caller
  // runs the council (names shown whole; masked otherwise) and who the caller is.
  struct Viewer {
    std::map<std::int64_t, std::string> names;
    bool council = false;
    std::int64_t user_id = 0;
  };
  Viewer viewer(storage::Tx& tx, const Context& ctx, std::vector<std::int64_t> ids, bool council) const;
  json::object council_json(const Council& c) const;
  json::object member_json(const Member& m) const;
  json::object topic_json(const Topic& t, const Viewer& v) const;
  json::object meeting_json(const Meeting& m, const std::vector<Participant>& people) const;
  json::object ballot_json(const Ballot& b, const std::optional<Voter>& mine) const;
  json::object task_json(const Task& t) const;
  json::object objection_json(const Objection& o, const Viewer& v) const;
  // A topic with every record of its steps and the steps the caller may take (detail.cpp).
  json::object topic_detail(storage::Tx& tx, const Context& ctx, std::int64_t id) const;
  json::object survey_json(storage::Tx& tx, const Context& ctx, const Survey& s, bool results) const;

  // Tells accounts (inbox and webhook) inside tx, not the caller; the message opens
  // "topic:<id>".
  void tell(storage::Tx& tx, std::vector<std::int64_t> users, const Context& ctx, const std::string& kind,
            const Topic& t, const std::string& zh, const std::string& en);

  territory::Service& territory() { return territory_; }
  const Calendar& calendar() const { return calendar_; }

 private:
  void register_council_routes(http::Router& router);  // http_councils.cpp
  void register_topic_routes(http::Router& router);    // http_topics.cpp
  void register_stage_routes(http::Router& router);    // http_stages.cpp
  void register_meeting_routes(http::Router& router);  // http_meetings.cpp
  void register_outcome_routes(http::Router& router);  // http_meetings.cpp: objections, tasks
  void register_ballot_routes(http::Router& router);   // http_ballots.cpp
  void register_stats_routes(http::Router& router);    // http_stats.cpp

  storage::Database& db_;
  territory::Service& territory_;
  const Calendar& calendar_;
  ElectorateOf electorate_of_;
  IdentityOf identity_of_;
  SourceOf source_of_;
  UserByName user_by_name_;
  NamesOf names_of_;
  Linker link_;
  deeds::Sink deeds_;
  notifications::Service* notifier_ = nullptr;
  std::string export_dir_ = "exports";
};

}  // namespace wangge::deliberation
