// The six steps as data (seed 001: 收集议题 → 确定议题 → 议前调研 → 协商议事 → 公开公示 →
// 研究落实): every step of a topic, who may take it, from which states, the records the
// stage must hold before it (guards), and the state it leads to. This table
// (topic_flow.cpp) is the one place a step is defined: Service::act_on_topic enforces it,
// the steps offered to the caller are computed from it and deliberation_test.cpp walks it.
// A stage's own records (supports, notes, surveys, meetings, ballots, objections, tasks)
// are added only while the topic is in that stage (require_stage).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/flow.h"
#include "deliberation/model.h"

namespace wangge::deliberation {

struct TopicStep;

enum class TopicActor {
  council,   // deliberation:topic:manage over the topic's council (its secretary, the community)
  proposer,  // the account that proposed it
};

// What the topic's stage records hold now (store::facts), for the guards.
struct TopicFacts {
  std::int64_t now = 0;
  std::int64_t notes = 0, surveys_open = 0, surveys_closed = 0;
  std::int64_t meetings_held = 0, meetings_scheduled = 0;
  std::int64_t ballots_open = 0, ballots_closed = 0, ballots_passed = 0;
  std::int64_t tasks = 0, tasks_open = 0;
};

using TopicTransition = flow::Transition<Topic, TopicActor, TopicStep, TopicFacts>;

const std::vector<TopicTransition>& topic_transitions();
const std::vector<flow::StateName>& topic_states();
const TopicTransition* find_topic_transition(std::string_view action, TopicActor actor);
std::vector<const TopicTransition*> open_topic_transitions(const Topic& t, const TopicFacts& f);
const schema::value& topic_step_input(const TopicTransition& t);
std::string_view topic_actor_name(TopicActor actor);
flow::Noun topic_actor_refusal(TopicActor actor);
// The stage a state belongs to (1-6; 0 for a topic closed before the end).
int stage_of(std::string_view status);
// 409 "<what> can be added only while the topic is <stage>" unless t is in `status`.
void require_stage(const Topic& t, std::string_view status, std::string_view what_en, std::string_view what_zh);

}  // namespace wangge::deliberation
