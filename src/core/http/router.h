// Routes: method + pattern ("/api/v1/regions/{code}/children") -> handler, with the
// metadata the OpenAPI document is generated from. Every route must carry a summary.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/context.h"
#include "core/http/message.h"

namespace wangge::http {

using Handler = std::function<Response(Context&)>;

struct QueryParam {
  std::string name;
  std::string description;
  bool required = false;
};

struct RouteDoc {
  std::string summary;                // one line, English
  std::string tag;                    // the module, e.g. "territory"
  std::string permission;             // the permission checked, "" when public/any user
  bool authenticated = true;          // false: callable without a session
  bool api_key = false;               // authenticated by an API key parameter instead (Open311)
  std::vector<QueryParam> query;      // documented query parameters
  std::string request_body;           // a short description of the JSON body, if any
  std::vector<int> statuses = {200};  // documented success and error statuses
};

struct Route {
  std::string method;
  std::string pattern;
  std::vector<std::string> segments;  // split pattern; "{x}" segments are parameters
  RouteDoc doc;
  Handler handler;
};

class Router {
 public:
  void add(std::string method, std::string pattern, RouteDoc doc, Handler handler);

  struct Match {
    const Route* route = nullptr;
    std::map<std::string, std::string> params;
    bool path_matched = false;  // some route has this path, with another method
  };
  Match match(std::string_view method, std::string_view path) const;

  const std::vector<Route>& routes() const { return routes_; }

  // The OpenAPI 3.1 document of every route, as JSON text.
  std::string openapi(std::string_view version) const;

 private:
  std::vector<Route> routes_;
};

}  // namespace wangge::http
