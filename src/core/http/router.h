// Routes: method + pattern ("/api/v1/regions/{code}/children") -> handler, with the
// metadata the OpenAPI document is generated from. Every route must carry a summary.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/context.h"
#include "core/http/message.h"
#include "core/http/schema.h"

namespace wangge::http {

using Handler = std::function<Response(Context&)>;

struct QueryParam {
  std::string name;
  std::string description;
  bool required = false;
};

// Where a route's handler runs; the server reads it from the matched route (App::place).
enum class Runs : std::uint8_t {
  by_method,    // reads (GET, HEAD) as local_reads, writes on the pool
  pool,         // the worker pool: the handler may block (password hashing, geometry, files,
                // waiting for its commit)
  local_reads,  // the I/O thread when the database reads in process (SQLite), else the pool
  deferred,     // queues a write and answers once it is durable, no thread waiting
                // (idempotency::run_deferred): as local_reads, but the pool when the request
                // carries Idempotency-Key (the handler then waits for the first answer)
};

// The class a request is bounded in under load (load shedding); never_shed for probes.
enum class Load : std::int8_t { by_method = -2, never_shed = -1, read = 0, write, login, bulk, stream };
inline constexpr const char* kLoadNames[] = {"read", "write", "login", "bulk", "stream"};

// Which body limit a route reads with (Config: max_body_bytes, max_upload_bytes,
// max_import_bytes). Decided from the header, before any of the body is read.
enum class Body : std::uint8_t { normal, upload, import };

struct RouteDoc {
  std::string summary;                             // one line, English
  std::string tag;                                 // the module, e.g. "territory"
  std::string permission;                          // the permission checked, "" when public/any user
  bool authenticated = true;                       // false: callable without a session
  bool api_key = false;                            // authenticated by an API key parameter instead (Open311)
  std::vector<QueryParam> query;                   // documented query parameters
  std::string request_media = "application/json";  // the body's media type
  std::string request_body;                        // a short description of the body, if any
  schema::value request;                           // the JSON body's schema (core/http/schema.h); null: none
  schema::value response;                          // the first success status's JSON body; null: none
  std::vector<int> statuses = {200};               // documented success and error statuses
  Runs runs = Runs::by_method;                     // where the handler runs
  Load load = Load::by_method;                     // its load-shedding class
  Body body = Body::normal;                        // its body limit
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
  // The route for method + path, without its parameters; nullptr when none.
  const Route* find(std::string_view method, std::string_view path) const;

  const std::vector<Route>& routes() const { return routes_; }
  // The named schemas routes refer to with schema::ref (published under components).
  schema::Components& components() { return components_; }
  const schema::Components& components() const { return components_; }

  // The OpenAPI 3.1 document of every route, as JSON text.
  std::string openapi(std::string_view version) const;

 private:
  std::vector<Route> routes_;
  schema::Components components_;
};

}  // namespace wangge::http
