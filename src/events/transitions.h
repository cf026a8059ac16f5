// The event lifecycle as data: every step, who may take it, from which states, what else
// must hold before it (its guards), the state it leads to and the use case that does it.
// This table is the one place a step is defined: Service::act enforces it, the actions
// offered to the caller are computed from it, the routes are generated from it,
// docs/EVENTS.md draws it, and transitions_test.cpp walks it.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

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
};

// What a guard may look at besides the event.
struct GuardContext {
  std::int64_t now = 0;  // ms since the epoch
  int reopen_days = 7;   // the reopen window after closing (config)
};

// A condition on the event, besides its state, that a step needs: checked (in order)
// before the step runs, answering 409 conflict with the refusal when it fails, and
// checked before the step is offered.
struct Guard {
  bool (*holds)(const Event& e, const GuardContext& g);
  std::string_view refusal_en, refusal_zh;
};

// The comment a step needs, named for the 422 when it is missing ("the reason"); a row
// without one takes an optional comment.
struct NeedsComment {
  std::string_view en, zh;
  bool required() const { return !en.empty(); }
};

struct Transition {
  std::string_view action;  // URL verb: POST /api/v1/events/{id}/{action}
  Actor actor;
  std::vector<std::string_view> from;  // states it may start from
  std::string_view to;                 // the state it leads to; "" keeps the state
  std::string_view name_zh, name_en;
  void (*run)(Step&);         // the use case (accept.cpp, dispatch.cpp, ...)
  std::vector<Guard> guards;  // besides the state
  NeedsComment comment;       // whether the step needs a comment
  // The step's own input fields, besides `version` and `comment` (step_input() makes the
  // whole body's schema; Service::act checks the body with it before the use case runs).
  std::vector<schema::Field> fields;
};

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
struct StateName {
  std::string_view state, name_zh, name_en;
};
const std::vector<StateName>& states();

}  // namespace wangge::events
