// Open311 GeoReport v2 at /open311/v2/ (http://wiki.open311.org/GeoReport_v2): discovery,
// services (our event categories), service definitions, POST requests (form-encoded, with
// an api_key), GET requests with its filters, requests/{id}, tokens/{token}; XML (the
// spec's required format) and JSON by the path's .xml/.json suffix; errors as the spec's
// [{code, description}] list with 400/403/404.
//
// Requests become events with source "open311" through the events module. `status` is
// open/closed; the fine-grained state goes to status_notes; expected_datetime is the
// handling deadline. Reading requests also needs an api_key: appeals can be personal
// (family disputes, security reports), so they are not published to the world.
#pragma once

#include <optional>
#include <string>

#include "core/context.h"
#include "core/http/router.h"
#include "core/storage/database.h"

namespace wangge::events {
class Service;
}

namespace wangge::open311 {

struct ApiKey {
  std::int64_t id = 0;
  std::string name;
  std::string key;  // only when just created
  std::int64_t created_at = 0;
  std::optional<std::int64_t> revoked_at;
};

class Service {
 public:
  Service(storage::Database& db, events::Service& events);

  // Creates a key; the clear key is in the answer only. ctx may be null (the CLI).
  ApiKey create_key(const Context* ctx, const std::string& name);
  // The key's id when it is valid and not revoked.
  std::optional<std::int64_t> check_key(const std::string& key);
  void register_routes(http::Router& router);

 private:
  storage::Database& db_;
  events::Service& events_;
};

}  // namespace wangge::open311
