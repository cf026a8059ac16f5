// The deliberation module's SQL. Only this module reads or writes the councils,
// council_members, topic_*, surveys, survey_responses, meetings, meeting_participants and
// ballot* tables.
//
// Locking: a step updates the topic's row first, guarded by its version, which holds it
// for the rest of the transaction (PostgreSQL), so two secretaries acting at once get one
// 200 and one 409. A vote marks its register entry with one guarded UPDATE (voted_at IS
// NULL) before it adds to the counter, so a voter is counted once however often they try;
// closing a ballot moves it from open to closed by a guarded UPDATE, after which a vote's
// own guard (the ballot still open, re-read under the counter's lock) refuses.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/storage/database.h"
#include "deliberation/model.h"
#include "deliberation/topic_flow.h"

namespace wangge::deliberation::store {

inline storage::Value opt_id(const std::optional<std::int64_t>& v) {
  return v ? storage::Value(*v) : storage::Value(nullptr);
}

// --- councils and members (store.cpp) ---
std::int64_t insert_council(storage::Tx& tx, const Council& c);
bool update_council(storage::Tx& tx, const Council& c, std::int64_t expected_version);
std::optional<Council> council(storage::Tx& tx, std::int64_t id);
// Councils within `within` or on the line of a node of `line` (a resident's community).
std::vector<Council> councils(storage::Tx& tx, const std::vector<std::string>& within,
                              const std::vector<std::string>& line, int limit);
std::int64_t insert_member(storage::Tx& tx, const Member& m);
std::optional<Member> member(storage::Tx& tx, std::int64_t id);
void end_member(storage::Tx& tx, std::int64_t id, std::int64_t at, const std::string& reason);
// A council's members, current first (then by id), or all stays when `all`.
std::vector<Member> members(storage::Tx& tx, std::int64_t council_id, bool all);
// The caller's current stay on the council, if any.
std::optional<Member> member_of_user(storage::Tx& tx, std::int64_t council_id, std::int64_t user_id);

// --- topics (store_topics.cpp) ---
std::int64_t insert_topic(storage::Tx& tx, const Topic& t);
bool update_topic(storage::Tx& tx, const Topic& t, std::int64_t expected_version);
std::optional<Topic> topic(storage::Tx& tx, std::int64_t id);
// The topic a note ("topic_note") or a task ("topic_task") belongs to (attachments' access).
std::optional<Topic> topic_of_record(storage::Tx& tx, const std::string& kind, std::int64_t id);
std::optional<std::int64_t> topic_of_source(storage::Tx& tx, const std::string& source_ref);
struct TopicFilter {
  std::vector<std::string> within, line;  // readable places (see councils())
  std::optional<std::int64_t> council_id, proposer_id, supporter_id;
  std::vector<std::string> statuses;
  std::optional<std::string> q;                          // in the title
  std::optional<std::int64_t> created_from, created_to;  // [from, to)
  std::optional<std::int64_t> before_id;
  int limit = 50;
};
std::vector<Topic> topics(storage::Tx& tx, const TopicFilter& f);
// Supports: true when the support was added (false: there already), or removed.
bool add_support(storage::Tx& tx, std::int64_t topic_id, std::int64_t user_id, std::int64_t at);
bool remove_support(storage::Tx& tx, std::int64_t topic_id, std::int64_t user_id);
bool supports(storage::Tx& tx, std::int64_t topic_id, std::int64_t user_id);
// Which of `ids` the account supports.
std::vector<std::int64_t> supported_of(storage::Tx& tx, std::int64_t user_id, const std::vector<std::int64_t>& ids);
// Moves the supports of `from` onto `into` (merging); answers how many were new there.
std::int64_t move_supports(storage::Tx& tx, std::int64_t from, std::int64_t into);
void add_supporters(storage::Tx& tx, std::int64_t topic_id, std::int64_t delta);
// The proposer and every supporter (whom a step's news reaches).
std::vector<std::int64_t> followers(storage::Tx& tx, const Topic& t);
void insert_entry(storage::Tx& tx, const TimelineEntry& e);
std::vector<TimelineEntry> timeline(storage::Tx& tx, std::int64_t topic_id);
TopicFacts facts(storage::Tx& tx, std::int64_t topic_id, std::int64_t now);

// --- stage records (store_stages.cpp) ---
std::int64_t insert_note(storage::Tx& tx, const Note& n);
std::vector<Note> notes(storage::Tx& tx, std::int64_t topic_id);
std::int64_t insert_survey(storage::Tx& tx, const Survey& s);
std::optional<Survey> survey(storage::Tx& tx, std::int64_t id);
std::vector<Survey> surveys(storage::Tx& tx, std::int64_t topic_id);
bool close_survey(storage::Tx& tx, std::int64_t id, std::int64_t at);
// False when the account has answered already.
bool insert_response(storage::Tx& tx, std::int64_t survey_id, std::int64_t user_id, const std::string& answers,
                     std::int64_t at);
bool responded(storage::Tx& tx, std::int64_t survey_id, std::int64_t user_id);
std::vector<std::string> responses(storage::Tx& tx, std::int64_t survey_id);
std::int64_t insert_meeting(storage::Tx& tx, const Meeting& m);
bool update_meeting(storage::Tx& tx, const Meeting& m, std::int64_t expected_version);
std::optional<Meeting> meeting(storage::Tx& tx, std::int64_t id);
std::vector<Meeting> meetings(storage::Tx& tx, std::int64_t topic_id);
void insert_participant(storage::Tx& tx, const Participant& p);
std::vector<Participant> participants(storage::Tx& tx, std::int64_t meeting_id);
// The participants of every meeting of a topic, by meeting.
std::map<std::int64_t, std::vector<Participant>> participants_of_topic(storage::Tx& tx, std::int64_t topic_id);
// Marks who attended (ids of meeting_participants); answers how many did.
std::int64_t mark_present(storage::Tx& tx, std::int64_t meeting_id, const std::vector<std::int64_t>& present);
std::int64_t insert_objection(storage::Tx& tx, const Objection& o);
std::optional<Objection> objection(storage::Tx& tx, std::int64_t id);
bool answer_objection(storage::Tx& tx, std::int64_t id, const std::string& answer, std::int64_t by, std::int64_t at);
std::vector<Objection> objections(storage::Tx& tx, std::int64_t topic_id);
void add_open_objections(storage::Tx& tx, std::int64_t topic_id, std::int64_t delta);
std::int64_t insert_task(storage::Tx& tx, const Task& t);
std::optional<Task> task(storage::Tx& tx, std::int64_t id);
bool update_task(storage::Tx& tx, const Task& t, std::int64_t expected_version);
std::vector<Task> tasks(storage::Tx& tx, std::int64_t topic_id);
// Open tasks the account owns, across topics (the owner's worklist).
std::vector<Task> tasks_of_owner(storage::Tx& tx, std::int64_t owner_id, int limit);

// --- ballots (store_ballots.cpp) ---
std::int64_t insert_ballot(storage::Tx& tx, const Ballot& b);
std::optional<Ballot> ballot(storage::Tx& tx, std::int64_t id);
std::vector<Ballot> ballots(storage::Tx& tx, std::int64_t topic_id);
// Copies the electorate into the register and creates the counters.
void insert_register(storage::Tx& tx, std::int64_t ballot_id, const std::string& kind,
                     const std::vector<std::pair<std::int64_t, std::string>>& electors, std::size_t options);
std::optional<Voter> voter(storage::Tx& tx, std::int64_t ballot_id, const std::string& kind, std::int64_t ref_id);
std::optional<Voter> voter_by_id(storage::Tx& tx, std::int64_t id);
// Marks the entry voted (guarded: not yet); false when it had voted. `choice` is stored
// only when `keep_choice` (an open ballot).
bool mark_voted(storage::Tx& tx, std::int64_t voter_id, const std::string& channel, std::optional<int> choice,
                bool keep_choice, std::int64_t by, std::int64_t at);
// Adds to the counters and the ballot's cast figure; false when the ballot is not open.
bool count_in(storage::Tx& tx, std::int64_t ballot_id, const std::map<int, std::int64_t>& votes,
              const std::string& channel);
// Counters per option (-1: abstentions).
std::map<int, std::int64_t> tallies(storage::Tx& tx, std::int64_t ballot_id);
bool close_ballot(storage::Tx& tx, const Ballot& b, std::int64_t expected_version);
std::vector<Voter> register_page(storage::Tx& tx, std::int64_t ballot_id, std::optional<bool> voted,
                                 std::optional<std::int64_t> after_id, int limit);

// --- figures (store_stats.cpp) ---
struct Figures {
  std::map<std::string, std::int64_t> topics_by_status, topics_by_source;
  std::map<std::string, std::int64_t> meetings_by_kind, meetings_by_level;
  std::int64_t ballots = 0, ballots_passed = 0, eligible = 0, cast = 0;
  std::int64_t tasks = 0, tasks_done = 0, tasks_on_time = 0, tasks_overdue = 0;
};
// Topics created, meetings held, ballots closed and tasks due within [from, to) under path.
Figures figures(storage::Tx& tx, const std::string& path, std::int64_t from, std::int64_t to,
                const std::string& from_day, const std::string& to_day, const std::string& today);
std::int64_t count_uses(storage::Tx& tx, const std::string& code);
std::int64_t count_under(storage::Tx& tx, const std::string& path);

}  // namespace wangge::deliberation::store
