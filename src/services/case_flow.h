// The lifecycle of window cases (办件) and micro-wishes (微心愿) as data, like the order
// table (order_flow.h): every step, who may take it, from which states, its guards and
// the state it leads to. case_flow.cpp holds both tables; case_steps.cpp and
// wish_steps.cpp their use cases; Service::act_on_case and act_on_wish enforce them
// (core/flow.h's checks), the steps offered are computed from them and
// order_flow_test.cpp walks them.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/context.h"
#include "core/flow.h"
#include "core/json.h"
#include "core/storage/database.h"
#include "services/model.h"

namespace wangge::services {

class Service;

// --- window cases ---
enum class CaseActor {
  clerk,        // services:case:create over the case's window (town or community)
  coordinator,  // the hard case's coordinator (services:case:coordinate over its window)
};
struct CaseGuardContext {
  std::int64_t now = 0;
};
struct CaseStep {
  Service& svc;
  storage::Tx& tx;
  const Context& ctx;
  Case& c;
  const json::object& body;
  std::int64_t now;
  TimelineEntry& entry;
  json::object& detail;
};
using CaseTransition = flow::Transition<Case, CaseActor, CaseStep, CaseGuardContext>;
const std::vector<CaseTransition>& case_transitions();
const std::vector<flow::StateName>& case_states();
const CaseTransition* find_case_transition(std::string_view action, CaseActor actor);
const schema::value& case_step_input(const CaseTransition& t);
flow::Noun case_actor_refusal(CaseActor actor);

void complete_case(CaseStep& s);
void refuse_case(CaseStep& s);
void summon_departments(CaseStep& s);
void solve_case(CaseStep& s);
void rate_case(CaseStep& s);

// --- micro-wishes ---
enum class WishActor {
  reviewer,   // services:wish:review over the wish's place (the community's staff)
  claimer,    // the account that claimed it
  candidate,  // services:wish:claim over the place, while published (a member or a unit's staff)
  wisher,     // the resident who posted it, or the worker who collected it (on the wisher's word)
};
struct WishGuardContext {
  std::int64_t now = 0;
};
struct WishStep {
  Service& svc;
  storage::Tx& tx;
  const Context& ctx;
  Wish& w;
  const Wish& before;
  const json::object& body;
  std::int64_t now;
  TimelineEntry& entry;
  json::object& detail;
  std::vector<std::int64_t>& notify;
};
using WishTransition = flow::Transition<Wish, WishActor, WishStep, WishGuardContext>;
const std::vector<WishTransition>& wish_transitions();
const std::vector<flow::StateName>& wish_states();
const WishTransition* find_wish_transition(std::string_view action, WishActor actor);
const schema::value& wish_step_input(const WishTransition& t);
flow::Noun wish_actor_refusal(WishActor actor);

void publish_wish(WishStep& s);
void decline_wish(WishStep& s);
void claim_wish(WishStep& s);
void release_wish(WishStep& s);
void fulfil_wish(WishStep& s);
void confirm_wish(WishStep& s);
void withdraw_wish(WishStep& s);

}  // namespace wangge::services
