// What the coverage route and its .xlsx export share (http_stats.cpp).
#pragma once

#include <string>

#include "core/http/message.h"
#include "core/http/schema.h"
#include "core/json.h"
#include "teams/store.h"

namespace wangge::teams {

// A month "YYYY-MM" from the query parameter `month` (`dflt` when absent), within the
// served years; 400 invalid_query otherwise.
std::string query_month(const http::Request& req, const std::string& dflt);
json::object coverage_totals_json(const store::CareTotals& t);
json::object carer_json(const store::CarerRow& r);
schema::value coverage_totals_schema();

}  // namespace wangge::teams
