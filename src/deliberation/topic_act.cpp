// The topic engine: runs one row of the topic table (topic_flow.cpp) on a topic, with the
// checks every lifecycle table gets (core/flow.h): who, then version, state, guards (the
// stage's records, counted in one statement), comment and body; then the row's use case,
// the store (version-checked), the timeline entry, the audit record and the news to the
// proposer and the supporters.
#include "core/error.h"
#include "deliberation/service.h"
#include "deliberation/store.h"
#include "deliberation/topic_steps.h"

namespace wangge::deliberation {

Topic Service::act_on_topic(storage::Tx& tx, const Context& ctx, std::int64_t id, const TopicTransition& t,
                            std::int64_t version, const json::object& body) {
  const Topic before = readable_topic(tx, ctx, id);
  if (!is_actor(ctx, t.actor, before)) {
    auto r = topic_actor_refusal(t.actor);
    throw Error("forbidden", {}, std::string(r.en), std::string(r.zh));
  }
  Topic topic = before;
  std::int64_t now = storage::now_ms();
  std::string comment = json::opt_string(body, "comment", 2000).value_or("");
  json::object detail;
  std::vector<std::int64_t> notify;
  TopicStep step{*this, tx, ctx, t, topic, before, body, now, comment, detail, notify};
  static constexpr flow::Noun kTopic{"the topic", "议题"};
  flow::admit(t, {kTopic, topic_states(), before.status, before.version, version}, before, store::facts(tx, id, now),
              comment, body, topic_step_input(t));
  t.run(step);
  if (!t.to.empty()) topic.status = std::string(t.to);
  topic.version = before.version + 1;
  topic.updated_at = now;
  if (!store::update_topic(tx, topic, before.version))
    throw Error("stale_version", "version", "the topic changed meanwhile", "议题已被他人修改");
  record(tx, ctx, topic, std::string(t.action), before.status, comment, detail);
  tell(tx, notify, ctx, "topic." + std::string(t.action), topic, std::string(t.name_zh) + "：" + topic.title,
       std::string(t.name_en) + ": " + topic.title);
  return topic;
}

}  // namespace wangge::deliberation
