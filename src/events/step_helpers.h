// Small helpers shared by the lifecycle use cases.
#pragma once

#include <string>

#include "core/error.h"
#include "events/service.h"

namespace wangge::events {

// Back to the dispatcher (return, escalate, reopen): no department, handler, handling
// deadline or pending extension, and a fresh acceptance deadline.
void back_to_dispatch(Step& s);

// The optional "photos" member: up to 9 attachment hashes (64 hex digits each).
std::string read_photos(const json::object& body);

// A department that exists, is active and serves the event's place (dispatch.cpp).
Department serving_department(Step& s, std::int64_t id, const char* field);

inline void conflict(const std::string& en, const std::string& zh) {
  throw Error("conflict", {}, en, zh);
}

}  // namespace wangge::events
