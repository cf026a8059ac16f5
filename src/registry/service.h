// The registry module (一户一档, PRODUCT.md module 1): buildings, households and their
// members over time, persons with tags, businesses. Each entity's use cases sit in one file
// (persons.cpp, households.cpp, tags.cpp, places.cpp, visits.cpp, export.cpp) and its routes
// beside it (*_http.cpp); the rules shared with the CSV import (import/) in rules.cpp; the
// SQL in store/, one file per table group.
//
// Personal data: ID numbers and phones are sealed at rest (core/crypto) with a keyed
// blind index for exact search, masked in every answer; unmasking takes
// registry:person:unmask on the person's territory and a reason, and is audited, as is
// every read of a person or a household file. Every route checks role and territory.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/context.h"
#include "core/crypto.h"
#include "core/deeds.h"
#include "core/file_store.h"
#include "core/http/router.h"
#include "core/http/schema.h"
#include "core/json.h"
#include "core/storage/database.h"
#include "core/work.h"
#include "registry/model.h"

namespace wangge::territory {
class Service;
}

namespace wangge::registry {

class Importer;

// The schemas of the module's answers (schemas.cpp): Person, Household, Building, Business,
// Visit, ImportJob, ...; registered before the routes that refer to them.
void register_schemas(schema::Components& c);
// Request body schemas shared by the routes: a tag code a person may carry (an enumeration),
// a number from lo to hi (coordinates).
schema::value tag_codes();
schema::value number_between(double lo, double hi);

class Service {
 public:
  Service(storage::Database& db, territory::Service& territory, const Calendar& calendar, const Crypto& crypto);
  ~Service();
  // Where imported files are kept (core/file_store.h, as imports/<name>); starts the import
  // worker (import/importer.cpp).
  void set_import_store(files::FileStore& files);
  // Stops the import worker between chunks and waits for it (a job in progress stays
  // "applying" and is resumed by whichever node leads next). Idempotent.
  void halt_imports();
  // Whether this node runs the import jobs (the app's background lease); set before
  // set_import_store. Unset: always.
  std::function<bool()> leading;
  // Where exports are written while they are made (export.cpp).
  void set_export_dir(std::string dir) { export_dir_ = std::move(dir); }
  const std::string& export_dir() const { return export_dir_; }
  void register_routes(http::Router& router);

  storage::Database& db() { return db_; }
  territory::Service& territory() { return territory_; }
  const Crypto& crypto() const { return crypto_; }
  const Calendar& calendar() const { return calendar_; }

  // Today's civil date in the calendar's zone (YYYY-MM-DD).
  std::string today() const;

  // The visit worklist's default: households not visited for this many days.
  static constexpr std::int64_t kWorklistDays = 30;
  // What waits for the caller (GET /my/work; visits.cpp): with registry:visit:write, the
  // households due for a visit (visits.worklist) and the planned visits (visits.planned) in
  // the caller's visit scope, each counted up to `cap`.
  std::vector<work::Item> waiting(storage::Tx& tx, const Context& ctx, int cap);
  // A YYYY-MM-DD field, or `dflt` when absent; 422 naming the field when malformed or,
  // unless `future_ok`, after today.
  std::string date_field(const json::object& body, std::string_view key, const std::string& dflt,
                         bool future_ok = false) const;
  // The path of a region where registry rows may sit (community level or below); 422 naming
  // `field` otherwise.
  std::string place_path(const std::string& code, std::string_view field) const;

  // An event raised from a household visit, filed by the events module in the visit's own
  // transaction (wired by the app; the registry does not read the events tables).
  struct EventRequest {
    std::string category, description, address;
    std::optional<std::string> grid_code;
    std::optional<double> lat, lng;
    std::vector<std::string> photos;
    bool self_handled = false;
    std::string result;
  };
  struct RaisedEvent {
    std::int64_t id = 0;
    std::string tracking_code;
  };
  using EventRaiser = std::function<RaisedEvent(storage::Tx&, const Context&, const EventRequest&)>;
  void set_event_raiser(EventRaiser f) { raise_event_ = std::move(f); }
  const EventRaiser& event_raiser() const { return raise_event_; }
  // Links uploaded photos to a visit (the attachments module; wired by the app).
  using PhotoLinker =
      std::function<void(storage::Tx&, const Context&, const std::vector<std::string>&, std::int64_t visit_id)>;
  void set_photo_linker(PhotoLinker f) { link_photos_ = std::move(f); }
  const PhotoLinker& photo_linker() const { return link_photos_; }
  // Deeds counted elsewhere (points): a household visit recorded, the visitor's deed.
  void set_deed_sink(deeds::Sink sink) { deeds_ = std::move(sink); }
  const deeds::Sink& deed_sink() const { return deeds_; }
  // May the caller see this visit (for its photos)?
  bool can_read_visit(storage::Tx& tx, const Context& ctx, std::int64_t id);
  // The person exists and the caller may read them (registry:person:read where they live).
  bool can_read_person(storage::Tx& tx, const Context& ctx, std::int64_t id);

  // Accounts linked to persons (links.cpp): the registry names an account by username
  // through the accounts module (wired by the app).
  using UserByName = std::function<std::optional<std::int64_t>(storage::Tx&, const std::string& username)>;
  void set_user_by_name(UserByName f) { user_by_name_ = std::move(f); }
  // Who an account is: its linked person, their current household and where they live.
  struct Identity {
    std::int64_t person_id = 0;
    std::optional<std::int64_t> household_id;
    std::string region_path;
  };
  std::optional<Identity> identity(storage::Tx& tx, std::int64_t user_id) const;
  // The electorate under a node (kind "person": adults living there; "household").
  std::vector<std::pair<std::int64_t, std::string>> electorate(storage::Tx& tx, const std::string& kind,
                                                               const std::string& path) const;

  // The masked answer for a person (tags included when loaded).
  json::object person_json(const Person& p) const;
  json::object household_json(const Household& h) const;

 private:
  deeds::Sink deeds_;
  void register_person_routes(http::Router& router);
  void register_household_routes(http::Router& router);
  void register_tag_routes(http::Router& router);
  void register_place_routes(http::Router& router);
  void register_visit_routes(http::Router& router);
  void register_import_routes(http::Router& router);
  void register_export_routes(http::Router& router);
  void register_link_routes(http::Router& router);  // links.cpp

  storage::Database& db_;
  territory::Service& territory_;
  const Calendar& calendar_;
  const Crypto& crypto_;
  EventRaiser raise_event_;
  PhotoLinker link_photos_;
  UserByName user_by_name_;
  std::string export_dir_ = "exports";
  std::unique_ptr<Importer> importer_;  // last: its worker uses the members above
};

}  // namespace wangge::registry
