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
// An entry as staff see it; "public" says whether its comment is shown to the reporter.
json::object timeline_json(const TimelineEntry& t, std::optional<std::int64_t> reporter_id);
// Whether an entry's comment is a public update, shown to the event's reporter: the reason
// a report is not accepted, the handling result, and the reporter's own words. The rest
// (dispatch notes, returns, extensions, whistles, staff comments) is internal.
bool public_comment(const TimelineEntry& t, std::optional<std::int64_t> reporter_id);
// An entry as the reporter sees it (reporter_timeline): the step always; the comment, the
// photos and who acted only when public; nothing of the step's internal details.
json::object reporter_timeline_json(const TimelineEntry& t, std::optional<std::int64_t> reporter_id);
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
