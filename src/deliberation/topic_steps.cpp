// The use cases of the topic table (topic_flow.cpp): deciding a topic (accept, merge,
// decline; or its proposer withdraws it), moving it from research to deliberation, publishing
// the decision for a period (公开公示), closing it as not adopted, deliberating again after
// objections, implementing it, and completing it with the feedback to residents.
#include "deliberation/topic_steps.h"
#include "core/dates.h"
#include "core/error.h"
#include "deliberation/service.h"
#include "deliberation/store.h"

namespace wangge::deliberation {
namespace {

constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;

void tell_followers(TopicStep& s) {
  auto f = store::followers(s.tx, s.before);
  s.notify.insert(s.notify.end(), f.begin(), f.end());
}

}  // namespace

void accept_topic(TopicStep& s) {
  if (auto title = json::opt_string(s.body, "title", 100, 1); title && *title != s.topic.title) {
    s.detail["title_before"] = s.topic.title;
    s.topic.title = *title;
  }
  s.topic.accepted_at = s.now;
  tell_followers(s);
}

void merge_topic(TopicStep& s) {
  std::int64_t into_id = json::get_int(s.body, "into");
  auto into = store::topic(s.tx, into_id);
  if (!into || into->id == s.topic.id || into->council_id != s.topic.council_id)
    throw_validation("into", "another topic of the same council", "应为同一议事会的其他议题");
  if (into->status == "merged" || into->status == "declined" || into->status == "withdrawn" ||
      into->status == "rejected" || into->status == "done")
    throw Error("conflict", "into", "the topic to merge into is closed", "要合并到的议题已结束");
  s.topic.merged_into = into_id;
  s.topic.closed_at = s.now;
  s.detail["into"] = into_id;
  s.detail["supports_moved"] = store::move_supports(s.tx, s.topic.id, into_id);
  tell_followers(s);
}

void decline_topic(TopicStep& s) {
  s.topic.closed_at = s.now;
  tell_followers(s);
}

void withdraw_topic(TopicStep& s) {
  s.topic.closed_at = s.now;
}

void deliberate_topic(TopicStep&) {}

void publicize_topic(TopicStep& s) {
  s.topic.decision = json::get_string(s.body, "decision", 4000);
  s.topic.publicity_from = s.now;
  if (s.body.contains("until")) {
    if (s.body.contains("days")) throw_validation("until", "days or until, not both", "公示天数与截止时间只填其一");
    auto until = dates::body_instant(s.body, "until", s.svc.calendar(), s.now + 1, s.now + 90 * kDayMs,
                                     "within the next 90 days", "应在今后 90 天内");
    s.topic.publicity_until = until.value_or(s.now + 7 * kDayMs);
  } else {
    s.topic.publicity_until = s.now + json::opt_int(s.body, "days").value_or(7) * kDayMs;
  }
  s.detail["until"] = json::rfc3339(*s.topic.publicity_until);
  tell_followers(s);
}

void reject_topic(TopicStep& s) {
  s.topic.closed_at = s.now;
  tell_followers(s);
}

void reconsider_topic(TopicStep& s) {
  s.topic.publicity_from.reset();
  s.topic.publicity_until.reset();
  s.topic.decision.clear();
}

void implement_topic(TopicStep&) {}

void complete_topic(TopicStep& s) {
  // 研究落实 ends with the feedback to residents: kept on the topic, told to its followers.
  s.topic.feedback = s.comment;
  s.topic.closed_at = s.now;
  tell_followers(s);
}

}  // namespace wangge::deliberation
