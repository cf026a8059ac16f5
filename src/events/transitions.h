// The event lifecycle as data: every step, who may take it, from which states, what else
// must hold before it (its guards), the state it leads to and the use case that does it.
// This table is the one place a step is defined: Service::act enforces it, the actions
// offered to the caller are computed from it, the routes are generated from it,
// docs/EVENTS.md draws it, and transitions_test.cpp walks it.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/flow.h"
#include "core/http/schema.h"
#include "events/model.h"

namespace wangge::events {

struct Step;

// Who takes an action, and what is checked.
enum class Actor {
  dispatcher,  // events:event:dispatch on the handling node (community, street or county)
  handler,     // events:task:handle and membership of the assigned department
  whistled,    // events:task:handle and membership of a department summoned and not yet reported in
  verifier,    // events:event:verify on the event's grid
  leader,      // events:event:supervise on the event's grid
  reporter,    // events:event:report and being the event's reporter
  grid,        // events:event:self_handle on the event's grid: its chief and workers (grid first)
  whistler,    // events:event:whistle and events:event:read on the event's grid (网格吹哨)
  unit,        // events:unit:report_in and contact of a co-building unit summoned, not yet reported in
  informer,    // events:event:inform on the event's grid (告知: 邻长, grid worker)
};

// What a guard may look at besides the event.
struct GuardContext {
  std::int64_t now = 0;  // ms since the epoch
  int reopen_days = 7;   // the reopen window after closing (config)
};

// A row of the table (core/flow.h): action, actor, from, to, names, use case, guards
// (conditions on the event besides its state: 409 with their refusal), the comment it
// needs and its own input fields.
using Guard = flow::Guard<Event, GuardContext>;
using NeedsComment = flow::NeedsComment;
using Transition = flow::Transition<Event, Actor, Step, GuardContext>;
using StateName = flow::StateName;

// The JSON Schema of a step's body: version (or If-Match), comment, the row's fields.
// t must be a row of transitions().
const schema::value& step_input(const Transition& t);

const std::vector<Transition>& transitions();
// The row for (action, actor); nullptr when there is none.
const Transition* find_transition(std::string_view action, Actor actor);
bool starts_from(const Transition& t, std::string_view status);
// The first of t's guards that does not hold for e; nullptr when all hold.
const Guard* failed_guard(const Transition& t, const Event& e, const GuardContext& g);
// The rows whose state and guards allow them on e now, in table order (who asks is
// checked apart: it needs the caller's departments and whistles).
std::vector<const Transition*> open_transitions(const Event& e, const GuardContext& g);

std::string_view permission_of(Actor actor);
std::string_view actor_name(Actor actor);
// The 403 answered to a caller who is not the row's actor.
struct Refusal {
  std::string_view en, zh;
};
Refusal actor_refusal(Actor actor);

// Every state, in lifecycle order, with its names.
const std::vector<StateName>& states();

}  // namespace wangge::events
