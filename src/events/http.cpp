// The events module's routes, added in a fixed order (the OpenAPI document lists them so):
// the working calendar, categories, departments, intake, queues and detail, one route per
// row of the transition table, the anonymous reporter's routes, statistics.
#include "events/http_routes.h"
#include "events/render.h"
#include "events/service.h"
#include "events/stats.h"

namespace wangge::events {

void Service::register_routes(http::Router& router) {
  register_schemas(router.components());
  register_calendar_routes(*this, router);
  register_category_routes(*this, router);
  register_department_routes(*this, router);
  register_intake_routes(*this, router);
  register_queue_routes(*this, router);
  register_step_routes(*this, router);
  register_public_routes(*this, router);
  register_public_step_routes(*this, router);
  register_grid_first_routes(*this, router);
  register_export_routes(*this, router);
  register_similar_routes(*this, router);
  register_stats_routes(*this, router);
}

}  // namespace wangge::events
