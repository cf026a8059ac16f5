#include "core/http/router.h"

#include <boost/json.hpp>
#include <stdexcept>

namespace wangge::http {
namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (pos < path.size()) {
    if (path[pos] == '/') {
      ++pos;
      continue;
    }
    std::size_t end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    out.push_back(path.substr(pos, end - pos));
    pos = end;
  }
  return out;
}

bool is_param(std::string_view seg) {
  return seg.size() > 2 && seg.front() == '{' && seg.back() == '}';
}

const char* reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 400:
      return "Bad request (problem+json)";
    case 401:
      return "Not authenticated (problem+json)";
    case 403:
      return "Forbidden by role or territory scope (problem+json)";
    case 404:
      return "Not found (problem+json)";
    case 409:
      return "Conflict (problem+json)";
    case 413:
      return "Body too large (problem+json)";
    case 422:
      return "Invalid field (problem+json)";
    case 423:
      return "Account locked (problem+json)";
    case 503:
      return "Unavailable";
    default:
      return "Response";
  }
}

}  // namespace

void Router::add(std::string method, std::string pattern, RouteDoc doc, Handler handler) {
  if (doc.summary.empty()) throw std::logic_error("route without summary: " + pattern);
  Route r;
  r.method = std::move(method);
  r.pattern = std::move(pattern);
  for (auto seg : split_path(r.pattern)) r.segments.emplace_back(seg);
  r.doc = std::move(doc);
  r.handler = std::move(handler);
  routes_.push_back(std::move(r));
}

Router::Match Router::match(std::string_view method, std::string_view path) const {
  Match m;
  auto segs = split_path(path);
  // Among the routes that match, a literal segment beats a parameter at the first place
  // where they differ (/events/stats before /events/{id}), whatever the order of adding.
  const Route* best = nullptr;
  for (const Route& r : routes_) {
    if (r.segments.size() != segs.size()) continue;
    bool ok = true;
    for (std::size_t i = 0; i < segs.size() && ok; ++i) {
      ok = is_param(r.segments[i]) || r.segments[i] == segs[i];
    }
    if (!ok) continue;
    m.path_matched = true;
    if (r.method != method && !(method == "HEAD" && r.method == "GET")) continue;
    if (best) {
      bool better = false;
      for (std::size_t i = 0; i < segs.size(); ++i) {
        bool lit = !is_param(r.segments[i]), best_lit = !is_param(best->segments[i]);
        if (lit != best_lit) {
          better = lit;
          break;
        }
      }
      if (!better) continue;
    }
    best = &r;
  }
  if (best) {
    m.route = best;
    for (std::size_t i = 0; i < segs.size(); ++i) {
      if (is_param(best->segments[i])) {
        const std::string& s = best->segments[i];
        m.params.emplace(s.substr(1, s.size() - 2), std::string(segs[i]));
      }
    }
  }
  return m;
}

const Route* Router::find(std::string_view method, std::string_view path) const {
  return match(method, path).route;
}

namespace {

// RFC 9457 problem details as every error is answered (app/pipeline.cpp).
schema::value problem_schema() {
  using namespace schema;
  return object({req("type", str()), req("title", str()), req("status", integer()), req("code", str()),
                 opt("detail", str()), req("message_zh", str()), req("message_en", str()), opt("instance", str()),
                 opt("field", str())});
}

boost::json::object problem_content() {
  return boost::json::object{{"application/problem+json", boost::json::object{{"schema", schema::ref("Problem")}}}};
}

}  // namespace

std::string Router::openapi(std::string_view version) const {
  namespace json = boost::json;
  json::object paths;
  for (const Route& r : routes_) {
    json::object op;
    op["summary"] = r.doc.summary;
    op["tags"] = json::array{json::string(r.doc.tag)};
    op["operationId"] = r.method + " " + r.pattern;
    json::array params;
    for (const auto& seg : r.segments) {
      if (!is_param(seg)) continue;
      params.push_back(json::object{{"name", seg.substr(1, seg.size() - 2)},
                                    {"in", "path"},
                                    {"required", true},
                                    {"schema", json::object{{"type", "string"}}}});
    }
    for (const auto& q : r.doc.query) {
      params.push_back(json::object{{"name", q.name},
                                    {"in", "query"},
                                    {"required", q.required},
                                    {"description", q.description},
                                    {"schema", json::object{{"type", "string"}}}});
    }
    if (!params.empty()) op["parameters"] = std::move(params);
    if (!r.doc.request.is_null() || !r.doc.request_body.empty()) {
      json::value body_schema = r.doc.request.is_null() ? json::value(json::object{{"type", "object"}}) : r.doc.request;
      json::object body{
          {"required", !r.doc.request.is_null()},
          {"content", json::object{{r.doc.request_media, json::object{{"schema", std::move(body_schema)}}}}}};
      if (!r.doc.request_body.empty()) body["description"] = r.doc.request_body;
      op["requestBody"] = std::move(body);
    }
    if (r.doc.authenticated) {
      op["security"] = json::array{json::object{{"bearer", json::array{}}}, json::object{{"cookie", json::array{}}}};
    } else {
      op["security"] = json::array{};
    }
    if (!r.doc.permission.empty()) op["x-permission"] = r.doc.permission;
    json::object responses;
    bool first_success = true;
    for (int s : r.doc.statuses) {
      json::object resp{{"description", reason(s)}};
      if (s >= 200 && s < 300 && first_success && !r.doc.response.is_null()) {
        resp["content"] = json::object{{"application/json", json::object{{"schema", r.doc.response}}}};
      } else if (s >= 400) {
        resp["content"] = problem_content();
      }
      if (s >= 200 && s < 300) first_success = false;
      responses[std::to_string(s)] = std::move(resp);
    }
    if (r.doc.authenticated) {
      responses["401"] = json::object{{"description", reason(401)}, {"content", problem_content()}};
      if (!r.doc.permission.empty())
        responses["403"] = json::object{{"description", reason(403)}, {"content", problem_content()}};
    }
    op["responses"] = std::move(responses);
    std::string lower = r.method;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    json::value& item = paths[r.pattern];
    if (!item.is_object()) item = json::object{};
    item.as_object()[lower] = std::move(op);
  }
  json::object schemas;
  for (const auto& [name, schema] : components_.all()) schemas[name] = schema;
  schemas["Problem"] = problem_schema();
  json::object doc{
      {"openapi", "3.1.0"},
      {"info", json::object{{"title", "Wangge API"},
                            {"version", version},
                            {"description",
                             "Grid-based grassroots governance platform. Errors are RFC 9457 "
                             "application/problem+json with a stable `code`."}}},
      {"paths", std::move(paths)},
      {"components",
       json::object{{"schemas", std::move(schemas)},
                    {"securitySchemes",
                     json::object{{"bearer", json::object{{"type", "http"}, {"scheme", "bearer"}}},
                                  {"cookie",
                                   json::object{{"type", "apiKey"}, {"in", "cookie"}, {"name", "wangge_session"}}}}}}}};
  return json::serialize(doc);
}

}  // namespace wangge::http
