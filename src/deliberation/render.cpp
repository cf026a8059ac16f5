// How the module's records are answered, and their JSON Schemas (published in
// /api/openapi.json, checked against every answer in the tests).
#include <boost/json/parse.hpp>

#include "core/crypto.h"
#include "deliberation/service.h"

namespace wangge::deliberation {
namespace {

json::value maybe(const std::optional<std::int64_t>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}
json::value maybe_time(const std::optional<std::int64_t>& v) {
  return v ? json::value(json::rfc3339(*v)) : json::value(nullptr);
}
json::value parsed(const std::string& text) {
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  return ec ? json::value(json::array{}) : v;
}
std::string name_of(const std::map<std::int64_t, std::string>& names, std::optional<std::int64_t> id) {
  if (!id) return "";
  auto it = names.find(*id);
  return it == names.end() ? std::string() : it->second;
}

}  // namespace

void register_detail_schema(schema::Components& c);  // detail.cpp

void register_schemas(schema::Components& c) {
  register_detail_schema(c);
  using namespace schema;
  value time = date_time();
  value states = enumeration(kTopicStates);
  c.add("Council", object({req("id", id()), req("region_code", str()),
                           req("level", enumeration({"county", "town", "community", "grid"})), req("name", str()),
                           req("description", str()), req("active", boolean()), req("members", integer(0)),
                           req("version", integer(1))}));
  c.add("CouncilMember",
        object({req("id", id()), req("council_id", id()), req("group", enumeration(kGroups)),
                req("post", enumeration(kPosts)), req("name", str()), req("unit", str()),
                req("linked", describe(boolean(), "has an account (votes online)")), req("person_id", nullable(id())),
                req("joined_at", time), req("left_at", nullable(time)), req("left_reason", str())}));
  c.add("Topic", object({req("id", id()),
                         req("council_id", id()),
                         req("council_name", str()),
                         req("council_level", str()),
                         req("region_code", str()),
                         req("title", str()),
                         req("description", str()),
                         req("source", enumeration(kTopicSources)),
                         req("source_ref", str()),
                         req("unit_name", str()),
                         req("proposer_name", describe(str(), "masked unless the caller runs the council")),
                         req("mine", boolean()),
                         req("status", states),
                         req("stage", describe(integer(0, 6), "1-6 of the six steps; 0 closed before the end")),
                         req("merged_into", nullable(id())),
                         req("supporters", integer(0)),
                         req("decision", str()),
                         req("publicity_from", nullable(time)),
                         req("publicity_until", nullable(time)),
                         req("objections_open", integer(0)),
                         req("feedback", str()),
                         req("accepted_at", nullable(time)),
                         req("closed_at", nullable(time)),
                         req("created_at", time),
                         req("updated_at", time),
                         req("version", integer(1))}));
  c.add("TopicNote", object({req("id", id()), req("kind", enumeration(kNoteKinds)), req("body", str()),
                             req("attachments", array(str())), req("author_name", str()), req("at", time)}));
  c.add("Survey", object({req("id", id()), req("topic_id", id()), req("title", str()), req("questions", array(any())),
                          req("status", enumeration({"open", "closed"})), req("responses", integer(0)),
                          req("closes_at", nullable(time)), req("created_at", time), req("closed_at", nullable(time)),
                          req("answered", boolean()), req("results", nullable(any()))}));
  c.add("MeetingParticipant", object({req("id", id()), req("member_id", nullable(id())), req("group", str()),
                                      req("name", str()), req("unit", str()), req("present", boolean())}));
  c.add("Meeting",
        object({req("id", id()), req("topic_id", id()), req("kind", enumeration(kMeetingKinds)), req("level", str()),
                req("starts_at", time), req("place", str()), req("options", array(str())),
                req("status", enumeration({"scheduled", "held", "cancelled"})), req("record", str()),
                req("attended", integer(0)), req("invited", integer(0)), req("held_at", nullable(time)),
                req("participants", array(ref("MeetingParticipant"))), req("version", integer(1))}));
  c.add("BallotVoter",
        object({req("id", id()), req("kind", enumeration({"member", "person", "household"})), req("ref_id", integer()),
                req("name", str()), req("voted", boolean()), req("channel", nullable(enumeration({"online", "paper"}))),
                req("voted_at", nullable(time)),
                req("choice", describe(nullable(integer(-1)), "open ballots only; -1 abstained"))}));
  c.add("Ballot", object({req("id", id()),
                          req("topic_id", id()),
                          req("meeting_id", nullable(id())),
                          req("question", str()),
                          req("kind", enumeration(kBallotKinds)),
                          req("options", array(str())),
                          req("electorate", enumeration(kElectorates)),
                          req("electorate_code", str()),
                          req("secret", boolean()),
                          req("quorum", enumeration(kQuorums)),
                          req("threshold", enumeration(kThresholds)),
                          req("base", enumeration(kBases)),
                          req("status", enumeration({"open", "closed"})),
                          req("eligible", integer(0)),
                          req("cast", integer(0)),
                          req("cast_online", integer(0)),
                          req("cast_paper", integer(0)),
                          req("closes_at", nullable(time)),
                          req("opened_at", time),
                          req("closed_at", nullable(time)),
                          req("outcome", nullable(enumeration({"passed", "failed", "no_quorum"}))),
                          req("winner", nullable(integer(0))),
                          req("result", describe(nullable(any()), "the frozen count, once closed")),
                          req("mine", describe(nullable(ref("BallotVoter")), "the caller's entry on the register")),
                          req("version", integer(1))}));
  c.add("TopicObjection",
        object({req("id", id()), req("topic_id", id()), req("body", str()),
                req("by_name", describe(str(), "masked unless the caller runs the council")), req("mine", boolean()),
                req("at", time), req("answer", str()), req("answered_at", nullable(time))}));
  c.add("TopicTask",
        object({req("id", id()), req("topic_id", id()), req("title", str()), req("owner_name", str()),
                req("owner_id", nullable(id())), req("due_on", date()), req("status", enumeration({"open", "done"})),
                req("result", str()), req("photos", array(str())), req("done_on", nullable(date())),
                req("on_time", nullable(boolean())), req("version", integer(1))}));
}

Service::Viewer Service::viewer(storage::Tx& tx, const Context& ctx, std::vector<std::int64_t> ids,
                                bool council) const {
  Viewer v;
  v.council = council;
  v.user_id = ctx.user().user_id;
  if (names_of_ && !ids.empty()) v.names = names_of_(tx, ids);
  return v;
}

json::object Service::council_json(const Council& c) const {
  return {{"id", c.id},           {"region_code", c.region_code}, {"level", c.level},
          {"name", c.name},       {"description", c.description}, {"active", c.active},
          {"members", c.members}, {"version", c.version}};
}

json::object Service::member_json(const Member& m) const {
  return {{"id", m.id},
          {"council_id", m.council_id},
          {"group", m.group},
          {"post", m.post},
          {"name", m.name},
          {"unit", m.unit},
          {"linked", m.user_id.has_value()},
          {"person_id", maybe(m.person_id)},
          {"joined_at", json::rfc3339(m.joined_at)},
          {"left_at", maybe_time(m.left_at)},
          {"left_reason", m.left_reason}};
}

json::object Service::topic_json(const Topic& t, const Viewer& v) const {
  bool whole = v.council || v.user_id == t.proposer_id;
  std::string proposer = name_of(v.names, t.proposer_id);
  return {{"id", t.id},
          {"council_id", t.council_id},
          {"council_name", t.council_name},
          {"council_level", t.council_level},
          {"region_code", t.region_code},
          {"title", t.title},
          {"description", t.description},
          {"source", t.source},
          {"source_ref", t.source_ref},
          {"unit_name", t.unit_name},
          {"proposer_name", !t.unit_name.empty() ? t.unit_name
                            : whole              ? proposer
                                                 : mask_name(proposer)},
          {"mine", v.user_id == t.proposer_id},
          {"status", t.status},
          {"stage", stage_of(t.status)},
          {"merged_into", maybe(t.merged_into)},
          {"supporters", t.supporters},
          {"decision", t.decision},
          {"publicity_from", maybe_time(t.publicity_from)},
          {"publicity_until", maybe_time(t.publicity_until)},
          {"objections_open", t.objections_open},
          {"feedback", t.feedback},
          {"accepted_at", maybe_time(t.accepted_at)},
          {"closed_at", maybe_time(t.closed_at)},
          {"created_at", json::rfc3339(t.created_at)},
          {"updated_at", json::rfc3339(t.updated_at)},
          {"version", t.version}};
}

json::object Service::meeting_json(const Meeting& m, const std::vector<Participant>& people) const {
  json::array ps;
  for (const auto& p : people)
    ps.push_back(json::object{{"id", p.id},
                              {"member_id", maybe(p.member_id)},
                              {"group", p.group},
                              {"name", p.name},
                              {"unit", p.unit},
                              {"present", p.present}});
  return {{"id", m.id},
          {"topic_id", m.topic_id},
          {"kind", m.kind},
          {"level", m.level},
          {"starts_at", json::rfc3339(m.starts_at)},
          {"place", m.place},
          {"options", parsed(m.options)},
          {"status", m.status},
          {"record", m.record},
          {"attended", m.attended},
          {"invited", static_cast<std::int64_t>(people.size())},
          {"held_at", maybe_time(m.held_at)},
          {"participants", ps},
          {"version", m.version}};
}

json::object voter_json(const Voter& v) {
  return {{"id", v.id},
          {"kind", v.kind},
          {"ref_id", v.ref_id},
          {"name", v.name},
          {"voted", v.voted_at.has_value()},
          {"channel", v.channel ? json::value(*v.channel) : json::value(nullptr)},
          {"voted_at", maybe_time(v.voted_at)},
          {"choice", v.choice ? json::value(*v.choice) : json::value(nullptr)}};
}

json::object Service::ballot_json(const Ballot& b, const std::optional<Voter>& mine) const {
  json::array options;
  for (const auto& o : b.options) options.emplace_back(o);
  json::object o{{"id", b.id},
                 {"topic_id", b.topic_id},
                 {"meeting_id", maybe(b.meeting_id)},
                 {"question", b.question},
                 {"kind", b.kind},
                 {"options", options},
                 {"electorate", b.electorate},
                 {"electorate_code", b.electorate_code},
                 {"secret", b.secret},
                 {"quorum", b.quorum},
                 {"threshold", b.threshold},
                 {"base", b.base},
                 {"status", b.status},
                 {"eligible", b.eligible},
                 {"cast", b.cast_online + b.cast_paper},
                 {"cast_online", b.cast_online},
                 {"cast_paper", b.cast_paper},
                 {"closes_at", maybe_time(b.closes_at)},
                 {"opened_at", json::rfc3339(b.opened_at)},
                 {"closed_at", maybe_time(b.closed_at)},
                 {"outcome", b.outcome ? json::value(*b.outcome) : json::value(nullptr)},
                 {"winner", b.winner ? json::value(*b.winner) : json::value(nullptr)},
                 {"result", b.result.empty() ? json::value(nullptr) : parsed(b.result)},
                 {"version", b.version}};
  o["mine"] = mine ? json::value(voter_json(*mine)) : json::value(nullptr);
  return o;
}

json::object Service::task_json(const Task& t) const {
  return {{"id", t.id},
          {"topic_id", t.topic_id},
          {"title", t.title},
          {"owner_name", t.owner_name},
          {"owner_id", maybe(t.owner_id)},
          {"due_on", t.due_on},
          {"status", t.status},
          {"result", t.result},
          {"photos", parsed(t.photos)},
          {"done_on", t.done_on ? json::value(*t.done_on) : json::value(nullptr)},
          {"on_time", t.done_on ? json::value(*t.done_on <= t.due_on) : json::value(nullptr)},
          {"version", t.version}};
}

json::object Service::objection_json(const Objection& o, const Viewer& v) const {
  bool whole = v.council || v.user_id == o.user_id;
  std::string by = name_of(v.names, o.user_id);
  return {{"id", o.id},
          {"topic_id", o.topic_id},
          {"body", o.body},
          {"by_name", whole ? by : mask_name(by)},
          {"mine", v.user_id == o.user_id},
          {"at", json::rfc3339(o.at)},
          {"answer", o.answer},
          {"answered_at", maybe_time(o.answered_at)}};
}

}  // namespace wangge::deliberation
