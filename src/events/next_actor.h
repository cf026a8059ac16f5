// Who is expected to act next on an event (issue 17: the dispatcher sees who must act, and
// handled events no longer stall unseen where no account can verify them).
#pragma once

#include <string>

#include "core/json.h"
#include "core/storage/database.h"
#include "events/model.h"

namespace wangge::events {

class Service;

struct NextActor {
  std::string role;        // dispatcher, handler, verifier, reporter; "" = nobody (a final state)
  std::string code;        // the node acting (dispatcher, verifier), if any
  std::string department;  // the department acting (handler), by name
  bool fallback = false;   // the grid has no verifier: the fallback role over the handling node
  bool nobody = false;     // no active account can take the step
};

// From the event's state: reported/accepted → the handling node's dispatcher; dispatched/
// handling → the department; handled → the grid's verifiers (or the fallback role);
// closed and not rated → the reporter.
NextActor next_actor(Service& svc, storage::Tx& tx, const Event& e);
// As the API answers it (EventNextActor), the node's name read outside the transaction; null when
// nobody is expected.
json::value next_actor_json(Service& svc, const NextActor& n);

}  // namespace wangge::events
