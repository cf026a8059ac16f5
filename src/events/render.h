// JSON of the events module's answers (render.cpp).
#pragma once

#include <vector>

#include "core/http/schema.h"
#include "core/json.h"
#include "events/model.h"
#include "events/transitions.h"

namespace wangge::events {

class Service;

// The schemas of the module's answers (schemas.cpp): Event, EventDetail, EventCategory, ...
void register_schemas(schema::Components& c);

// An event for API answers (contact masked); svc gives the category's names.
json::object event_json(const Event& e, const Service& svc);
json::object timeline_json(const TimelineEntry& t);
// The extras of an event's details: e-mail (masked), media link, answers.
void add_extras_json(json::object& o, const std::optional<EventExtras>& x);
// A whistle; late when reported after its due time, or still pending past it at `now`.
json::object whistle_json(const Whistle& w, std::int64_t now);
json::object category_json(const Category& c);
json::object department_json(const Department& d);
// The actions offered on an event (Service::offered), with the path each is posted to.
json::array actions_json(const std::vector<const Transition*>& offered, std::int64_t event_id);
// The states and the transition table (GET /event-lifecycle).
json::object lifecycle_json();
// What an anonymous reporter sees of their report: no staff names, contact or notes.
json::object public_json(const Event& e, const std::vector<TimelineEntry>& timeline, const Service& svc);

}  // namespace wangge::events
