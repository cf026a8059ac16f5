// One lifecycle step in progress, and the use cases the transition table runs (one per
// file: accept.cpp, dispatch.cpp, ...). Service::act checks who, the version, the state
// and the row's guards, then runs the row's use case, then stores and records the step.
#pragma once

#include <cstdint>

#include "core/context.h"
#include "core/json.h"
#include "core/storage/database.h"
#include "events/model.h"
#include "events/transitions.h"

namespace wangge::events {

class Service;

// The use case mutates `event` and fills the timeline entry; act() checks, stores and
// records it.
struct Step {
  Service& svc;
  storage::Tx& tx;
  const Context& ctx;
  const Transition& transition;
  Event& event;
  const Event& before;
  const json::object& body;
  std::int64_t now;
  TimelineEntry& entry;
  json::object& detail;  // goes to the timeline entry and the audit record
};

void accept(Step& s);
void reject(Step& s);
void merge(Step& s);
void dispatch(Step& s);
void sign(Step& s);
void give_back(Step& s);  // "return"
void request_extension(Step& s);
void approve_extension(Step& s);
void deny_extension(Step& s);
void report_result(Step& s);
void pass(Step& s);
void rework(Step& s);
void rate(Step& s);
void reopen(Step& s);
void withdraw(Step& s);
void escalate(Step& s);
void whistle(Step& s);
void report_in(Step& s);
void conclude(Step& s);
void supervise(Step& s);
void comment(Step& s);
void solve_at_grid(Step& s);   // grid_steps.cpp
void pass_up(Step& s);         // grid_steps.cpp
void report_in_unit(Step& s);  // whistle.cpp
void inform(Step& s);          // grid_steps.cpp

}  // namespace wangge::events
