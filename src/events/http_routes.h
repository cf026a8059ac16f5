// The events module's routes, one file per concern; Service::register_routes (http.cpp)
// adds them in this order. Handlers parse the request, call a use case of Service and
// render its answer (render.h).
#pragma once

#include <cstdint>

#include "core/context.h"
#include "core/http/router.h"
#include "core/json.h"
#include "events/store.h"

namespace wangge::events {

class Service;
struct ReportInput;

void register_calendar_routes(Service& svc, http::Router& router);     // http_calendar.cpp
void register_category_routes(Service& svc, http::Router& router);     // http_categories.cpp
void register_department_routes(Service& svc, http::Router& router);   // http_departments.cpp
void register_intake_routes(Service& svc, http::Router& router);       // http_intake.cpp: POST /events
void register_queue_routes(Service& svc, http::Router& router);        // http_queue.cpp: lists, detail
void register_step_routes(Service& svc, http::Router& router);         // http_steps.cpp: a route a row
void register_public_routes(Service& svc, http::Router& router);       // http_intake.cpp: anonymous
void register_public_step_routes(Service& svc, http::Router& router);  // http_steps.cpp: anonymous
void register_grid_first_routes(Service& svc, http::Router& router);   // http_grid_first.cpp
void register_export_routes(Service& svc, http::Router& router);       // export.cpp: the ledger as .xlsx
void register_similar_routes(Service& svc, http::Router& router);      // similar.cpp: possible duplicates

// The list filter of GET /events (and its export): the caller's scope narrowed by the
// query's status, category, department, region, period, flags and text (http_queue.cpp).
store::ListFilter queue_filter(Service& svc, storage::Tx& tx, const Context& ctx);

// The version the caller acts on: If-Match ("3", W/"3") or the body's "version".
std::int64_t expected_version(const Context& ctx, const json::object& body);
// A report's fields from a request body (POST /events and the public intake).
ReportInput report_input(const json::object& body);

}  // namespace wangge::events
