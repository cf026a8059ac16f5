// Open311 GeoReport v2 at /open311/v2/ (http://wiki.open311.org/GeoReport_v2): discovery,
// services (our event categories), service definitions (a category's extra questions),
// POST requests (form-encoded, with an api_key), GET requests with its filters,
// requests/{id}, tokens/{token}, and FixMyStreet's servicerequestupdates extension (status
// changes from the events' timelines, updates.cpp); XML (the spec's required format) and
// JSON by the path's .xml/.json suffix; errors as the spec's [{code, description}] list
// with 400/403/404 (format.h).
//
// Requests become events with source "open311" through the events module: the phone is
// normalised and sealed, the e-mail sealed, media_url kept as a link, attribute[code]
// checked against the category's declarations. `status` is open/closed; the fine-grained
// state goes to status_notes; expected_datetime is the handling deadline. Reading needs an
// api_key by default: appeals can be personal (family disputes, security reports). With
// open311_public_reads, reads without a key are answered without the personal fields
// (description, address, media_url left empty, coordinates rounded to about 100 m).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/context.h"
#include "core/http/router.h"
#include "core/http/schema.h"
#include "core/storage/database.h"
#include "events/model.h"
#include "open311/format.h"

namespace wangge::events {
class Service;
}

namespace wangge::open311 {

// The schemas of the module's JSON answers (schemas.cpp): Open311Service, Open311Request,
// ApiKey, ...
void register_schemas(schema::Components& c);
// The answer schema of a route rendering a list of `item`s: a JSON array of them; null on
// the .xml routes (their answer is not JSON).
schema::value json_list(bool xml, std::string_view item);

struct ApiKey {
  std::int64_t id = 0;
  std::string name;
  std::string key;  // only when just created
  std::int64_t created_at = 0;
  std::optional<std::int64_t> revoked_at;
};

class Service {
 public:
  Service(storage::Database& db, events::Service& events, bool public_reads = false);

  // Creates a key; the clear key is in the answer only. ctx may be null (the CLI).
  ApiKey create_key(const Context* ctx, const std::string& name);
  // The key's id when it is valid and not revoked.
  std::optional<std::int64_t> check_key(const std::string& key);
  // The same, naming the client in ctx ("open311:<key name>") for the audit log and timelines.
  bool authenticate(Context& ctx, const std::string& key);
  // Every key, revoked ones too, without the keys themselves (system administrators).
  std::vector<ApiKey> list_keys(const Context& ctx);
  // Revokes an active key (404 when there is none with this id).
  void revoke_key(const Context& ctx, std::int64_t n);
  void register_routes(http::Router& router);

 private:
  // Who reads: a valid key, anyone (public reads, no key sent), or nobody (403).
  std::optional<ApiKey> find_key(const std::string& key);  // without the key itself
  enum class Reader { none, key, anyone };
  Reader reader(const http::Request& req);
  // Request records of events; full: with the personal fields.
  std::vector<Record> records(const std::vector<events::Event>& events, bool full);
  http::Response post_request(Context& ctx, bool xml);
  http::Response get_requests(Context& ctx, bool xml);
  void register_key_routes(http::Router& router);  // keys.cpp
  void register_request_routes(http::Router& router);
  void register_lookup_routes(http::Router& router);
  void register_update_routes(http::Router& router);  // updates.cpp

  storage::Database& db_;
  events::Service& events_;
  bool public_reads_;
};

}  // namespace wangge::open311
