// One topic step in progress, and the use cases the topic table runs (topic_steps.cpp).
// Service::act_on_topic checks who, the version, the state and the row's guards, then runs
// the use case, then stores the topic, its timeline entry, the audit record and the
// notifications.
#pragma once

#include <cstdint>
#include <vector>

#include "core/context.h"
#include "core/json.h"
#include "core/storage/database.h"
#include "deliberation/model.h"
#include "deliberation/topic_flow.h"

namespace wangge::deliberation {

class Service;

struct TopicStep {
  Service& svc;
  storage::Tx& tx;
  const Context& ctx;
  const TopicTransition& transition;
  Topic& topic;
  const Topic& before;
  const json::object& body;
  std::int64_t now;
  std::string& comment;
  json::object& detail;               // goes to the timeline entry and the audit record
  std::vector<std::int64_t>& notify;  // accounts told of the step (inbox, webhook)
};

void accept_topic(TopicStep& s);
void merge_topic(TopicStep& s);
void decline_topic(TopicStep& s);
void withdraw_topic(TopicStep& s);
void deliberate_topic(TopicStep& s);
void publicize_topic(TopicStep& s);
void reject_topic(TopicStep& s);
void reconsider_topic(TopicStep& s);
void implement_topic(TopicStep& s);
void complete_topic(TopicStep& s);

}  // namespace wangge::deliberation
