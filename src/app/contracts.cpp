// Contract checks (Config::check_contracts, on in the integration and browser tests): the
// schemas a route publishes in /api/openapi.json must describe what its handler accepts
// and answers. Only answers the handler gave 2xx are checked: a body it refused says
// nothing about the schema.
#include <spdlog/spdlog.h>
#include <boost/json/parse.hpp>
#include <stdexcept>

#include "app/app.h"
#include "core/http/schema.h"

namespace wangge {
namespace {

bool is_json(std::string_view content_type) {
  return content_type.rfind("application/json", 0) == 0 || content_type.rfind("application/geo+json", 0) == 0;
}

void check_body(const http::Router& router, const schema::value& s, std::string_view text, std::string_view what,
                const http::Request& req) {
  if (s.is_null() || text.empty()) return;
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec) return;  // not JSON: the handler read it as something else (the schema says nothing)
  auto problems = schema::validate(s, v, router.components());
  if (problems.empty()) return;
  std::string list;
  for (const auto& p : problems)
    list += "\n  " + (p.path.empty() ? std::string("(body)") : p.path) + " " + p.message_en;
  std::string message = "contract: the " + std::string(what) + " of " + req.method + " " + req.path +
                        " does not conform to the route's schema:" + list;
  spdlog::error("{}", message);
  throw std::logic_error(message);
}

}  // namespace

void App::check_contract(const http::Request& req, const http::Response& resp) const {
  const http::Route* route = req.matched;
  if (!route || resp.status < 200 || resp.status >= 300 || resp.stream) return;
  if (auto ct = req.header("content-type"); ct && is_json(*ct))
    check_body(router_, route->doc.request, req.body, "request", req);
  if (is_json(resp.content_type)) check_body(router_, route->doc.response, resp.body, "response", req);
}

}  // namespace wangge
