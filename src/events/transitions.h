// The event lifecycle as data: every action, who may take it, from which states, and the
// state it leads to. This table is the one place the lifecycle is defined; docs/EVENTS.md
// draws it, the routes are generated from it, and a test walks it.
#pragma once

#include <string_view>
#include <vector>

namespace wangge::events {

// Who takes an action, and what is checked.
enum class Actor {
  dispatcher,  // events:event:dispatch on the handling node (community, street or county)
  handler,     // events:task:handle and membership of the assigned department
  whistled,    // events:task:handle and membership of a department summoned and not yet reported in
  verifier,    // events:event:verify on the event's grid
  leader,      // events:event:supervise on the event's grid
  reporter,    // events:event:report and being the event's reporter
};

struct Transition {
  std::string_view action;  // URL verb: POST /api/v1/events/{id}/{action}
  Actor actor;
  std::vector<std::string_view> from;  // states it may start from
  std::string_view to;                 // the state it leads to; "" keeps the state
  std::string_view name_zh, name_en;
};

const std::vector<Transition>& transitions();
// The row for (action, actor); nullptr when there is none.
const Transition* find_transition(std::string_view action, Actor actor);
std::string_view permission_of(Actor actor);
std::string_view actor_name(Actor actor);
// Every state, in lifecycle order, with its names.
struct StateName {
  std::string_view state, name_zh, name_en;
};
const std::vector<StateName>& states();

}  // namespace wangge::events
