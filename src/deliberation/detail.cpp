// A topic as its page shows it: the topic, the steps the caller may take now (from the
// table, for the caller's part in it), the timeline, and the records of each stage.
#include <boost/json/parse.hpp>

#include "core/crypto.h"
#include "deliberation/service.h"
#include "deliberation/store.h"

namespace wangge::deliberation {

void register_detail_schema(schema::Components& c) {
  using namespace schema;
  value time = date_time();
  c.add("TopicStepOffer",
        object({req("action", str()), req("name_zh", str()), req("name_en", str()), req("comment_required", boolean()),
                req("comment_zh", str()), req("comment_en", str()),
                req("blocked_zh", describe(nullable(str()), "why the step cannot be taken yet (a record missing)")),
                req("blocked_en", nullable(str()))}));
  c.add("TopicTimelineEntry",
        object({req("id", id()), req("action", str()), req("from_status", str()), req("to_status", str()),
                req("actor_name", str()), req("comment", str()), req("detail", any()), req("at", time)}));
  c.add("TopicDetail",
        all_of({ref("Topic"),
                object({req("manages", describe(boolean(), "the caller runs the topic's council")),
                        req("supported", describe(boolean(), "the caller supports it")),
                        req("steps", array(ref("TopicStepOffer"))), req("timeline", array(ref("TopicTimelineEntry"))),
                        req("notes", array(ref("TopicNote"))), req("surveys", array(ref("Survey"))),
                        req("meetings", array(ref("Meeting"))), req("ballots", array(ref("Ballot"))),
                        req("objections", array(ref("TopicObjection"))), req("tasks", array(ref("TopicTask")))})}));
}

json::object Service::survey_json(storage::Tx& tx, const Context& ctx, const Survey& s, bool results) const {
  json::object o{{"id", s.id},
                 {"topic_id", s.topic_id},
                 {"title", s.title},
                 {"questions", boost::json::parse(s.questions)},
                 {"status", s.status},
                 {"responses", s.responses},
                 {"closes_at", s.closes_at ? json::value(json::rfc3339(*s.closes_at)) : json::value(nullptr)},
                 {"created_at", json::rfc3339(s.created_at)},
                 {"closed_at", s.closed_at ? json::value(json::rfc3339(*s.closed_at)) : json::value(nullptr)},
                 {"answered", store::responded(tx, s.id, ctx.user().user_id)}};
  o["results"] = results ? json::value(survey_results(tx, ctx, s)) : json::value(nullptr);
  return o;
}

json::object Service::topic_detail(storage::Tx& tx, const Context& ctx, std::int64_t id) const {
  Topic t = readable_topic(tx, ctx, id);
  const bool council = manages(ctx, t.council_path);
  auto entries = store::timeline(tx, id);
  auto objections = store::objections(tx, id);
  auto notes = store::notes(tx, id);
  std::vector<std::int64_t> ids{t.proposer_id};
  for (const auto& e : entries)
    if (e.actor_id) ids.push_back(*e.actor_id);
  for (const auto& o : objections) ids.push_back(o.user_id);
  for (const auto& n : notes) ids.push_back(n.author_id);
  Viewer v = viewer(tx, ctx, ids, council);
  auto name = [&](std::optional<std::int64_t> who) {
    if (!who) return std::string();
    auto it = v.names.find(*who);
    return it == v.names.end() ? std::string() : it->second;
  };
  json::object out = topic_json(t, v);
  out["manages"] = council;
  out["supported"] = store::supports(tx, id, ctx.user().user_id);
  json::array steps;
  // The steps of the caller's part from this state: open ones, and those a guard still
  // blocks with what is missing (so the page can say what to record first).
  const TopicFacts facts = store::facts(tx, id, storage::now_ms());
  for (const auto& row : topic_transitions()) {
    if (!flow::starts_from(row, t.status) || !is_actor(ctx, row.actor, t)) continue;
    const auto* blocked = flow::failed_guard(row, t, facts);
    steps.push_back(json::object{{"action", row.action},
                                 {"name_zh", row.name_zh},
                                 {"name_en", row.name_en},
                                 {"comment_required", row.comment.required()},
                                 {"comment_zh", row.comment.zh},
                                 {"comment_en", row.comment.en},
                                 {"blocked_zh", blocked ? json::value(blocked->refusal_zh) : json::value(nullptr)},
                                 {"blocked_en", blocked ? json::value(blocked->refusal_en) : json::value(nullptr)}});
  }
  out["steps"] = steps;
  json::array timeline;
  for (const auto& e : entries) {
    // Staff are named; residents (the proposer, objectors) masked for those outside the council.
    std::string who = name(e.actor_id);
    if (!council && e.actor_id && *e.actor_id != v.user_id && (e.action == "propose" || e.action == "objection"))
      who = mask_name(who);
    timeline.push_back(json::object{{"id", e.id},
                                    {"action", e.action},
                                    {"from_status", e.from_status},
                                    {"to_status", e.to_status},
                                    {"actor_name", who},
                                    {"comment", e.comment},
                                    {"detail", boost::json::parse(e.detail)},
                                    {"at", json::rfc3339(e.at)}});
  }
  out["timeline"] = timeline;
  json::array ns;
  for (const auto& n : notes)
    ns.push_back(json::object{{"id", n.id},
                              {"kind", n.kind},
                              {"body", n.body},
                              {"attachments", boost::json::parse(n.attachments)},
                              {"author_name", name(n.author_id)},
                              {"at", json::rfc3339(n.at)}});
  out["notes"] = ns;
  json::array ss;
  for (const auto& s : store::surveys(tx, id)) ss.push_back(survey_json(tx, ctx, s, council || s.status == "closed"));
  out["surveys"] = ss;
  json::array ms;
  auto people = store::participants_of_topic(tx, id);
  for (const auto& m : store::meetings(tx, id)) ms.push_back(meeting_json(m, people[m.id]));
  out["meetings"] = ms;
  json::array bs;
  for (const auto& b : store::ballots(tx, id)) bs.push_back(ballot_json(b, my_entry(tx, ctx, b)));
  out["ballots"] = bs;
  json::array os;
  for (const auto& o : objections) os.push_back(objection_json(o, v));
  out["objections"] = os;
  json::array ts;
  for (const auto& task : store::tasks(tx, id)) ts.push_back(task_json(task));
  out["tasks"] = ts;
  return out;
}

}  // namespace wangge::deliberation
