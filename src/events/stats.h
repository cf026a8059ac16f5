// Statistics of events per territory node and period (综合研判): counts by status,
// category, source and level; closure rate 办结率, on-time rate, mean handling time,
// satisfaction 满意率, the share solved at grid and at community level; per child node.
#pragma once

#include "core/http/router.h"

namespace wangge::events {

class Service;
void register_stats_routes(Service& svc, http::Router& router);

}  // namespace wangge::events
