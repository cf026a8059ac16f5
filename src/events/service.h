// The events module's use cases: intake (report.cpp), the lifecycle actions (one verb a
// file: accept.cpp, dispatch.cpp, ...), driven by the transition table (transitions.cpp)
// through act() below, plus queues, categories (categories.cpp) and departments
// (departments.cpp). http.cpp maps them to routes. Other modules call this class, never
// the events tables.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/context.h"
#include "core/crypto.h"
#include "core/http/router.h"
#include "core/json.h"
#include "core/storage/database.h"
#include "events/model.h"
#include "events/store.h"
#include "events/transitions.h"

namespace wangge::territory {
class Service;
}
namespace wangge::notifications {
class Service;
}

namespace wangge::events {

struct ReportInput {
  std::string source;  // resident patrol hotline window visit open311 complaint
  std::string category_code;
  std::string description;
  std::optional<double> lat, lng;
  std::string address;
  std::optional<std::string> grid_code;  // when no location is given, or to override
  std::string reporter_name;
  std::optional<std::string> phone;
  std::optional<std::string> email;      // sealed like the phone
  std::string media_url;                 // a link to a photo the client hosts (Open311)
  AttributeAnswers attributes;           // answers to the category's extra questions
  std::vector<std::string> photos;
  std::optional<std::string> priority;
  bool self_handled = false;  // a grid worker solved it on the spot (就地解决)
  std::string result;         // what was done, for self-handling
};

class Service;

// One lifecycle step in progress: the use case mutates `event` and fills the timeline
// entry; act() checks, stores and records it.
struct Step {
  Service& svc;
  storage::Tx& tx;
  const Context& ctx;
  const Transition& transition;
  Event& event;
  const Event& before;
  const json::object& body;
  std::int64_t now;
  TimelineEntry& entry;
  json::object& detail;  // goes to the timeline entry and the audit record
};

class Service {
 public:
  Service(storage::Database& db, territory::Service& territory, const Calendar& calendar, const Crypto& crypto);

  // --- intake (inside the caller's write transaction) ---
  Event report(storage::Tx& tx, const Context& ctx, const ReportInput& in);
  // The same in two steps, so that the write transaction holds only the inserts:
  // prepare_report validates, locates and seals (no transaction); file_report stores.
  Event prepare_report(const Context& ctx, const ReportInput& in);
  Event file_report(storage::Tx& tx, const Context& ctx, Event prepared, const ReportInput& in);

  // --- lifecycle: runs one row of the transition table on event `id` ---
  // by_tracking_code: the caller proved to be the reporter by the event's tracking code
  // (anonymous reports); the reporter's rows of the table only.
  Event act(storage::Tx& tx, const Context& ctx, std::int64_t id, const Transition& t, std::int64_t version,
            const json::object& body, bool by_tracking_code = false);
  // An Open311 client's update on a request it filed (source open311): the reporter's
  // comment step at the event's current version. body: {comment, client_update_id, author?};
  // the same client_update_id again answers the entry made the first time. Returns the
  // event and the timeline entry's id; not_found for an event the client did not file.
  std::pair<Event, std::int64_t> client_comment(const Context& ctx, std::int64_t id, const json::object& body);

  // --- reads ---
  // Unscoped reads for other modules that apply their own access rules (Open311).
  std::vector<Event> query(const store::ListFilter& f);
  std::optional<Event> find(std::int64_t id);
  std::optional<Event> find_by_tracking(const std::string& code);
  std::map<std::int64_t, EventExtras> extras_of(const std::vector<std::int64_t>& ids);
  // Timeline entries of all events in [from, to], oldest first (Open311 status updates).
  std::vector<TimelineEntry> changes_between(std::int64_t from_ms, std::int64_t to_ms, int limit);
  // The event if the caller may see it (territory, department, or their own report);
  // throws not_found / forbidden.
  Event visible(storage::Tx& tx, const Context& ctx, std::int64_t id);
  bool can_read(storage::Tx& tx, const Context& ctx, const Event& e);
  store::ListFilter scope_filter(storage::Tx& tx, const Context& ctx);
  // Open events of the same category near e (configured distance and days).
  std::vector<Event> duplicates(storage::Tx& tx, const Event& e, int limit = 10);

  // --- search index (SQLite): adds the events filed since the last call, up to `limit`;
  // the scheduler calls it every second. Returns how many were indexed.
  std::size_t index_search(int limit = 5000);

  // --- SLA colours (the scheduler): recolours events whose warning/due time passed ---
  std::size_t refresh_sla(std::int64_t now);

  // --- categories and departments ---
  std::vector<Category> categories() const;
  std::shared_ptr<const std::vector<Category>> category_list() const;  // shared, no copy
  std::optional<Category> category(const std::string& code) const;
  // Rebuilds the statistics counters from the events when they are missing or were built
  // in another zone (events/rollup.h); the events counted, or -1 when already current.
  std::int64_t ensure_statistics();
  void seed_categories();  // the default set, once (an empty table)
  void invalidate_categories();
  std::string department_name(storage::Tx& tx, std::int64_t id);
  std::map<std::int64_t, std::string> department_names();  // every department, one query
  // Demo departments of 平沙镇 and 金湾区, with the demo handler in the town's; once.
  bool load_demo(std::optional<std::int64_t> handler_id);
  // Demo history: `count` finished events over 2020-2022 (events/demo.cpp); once. Returns how many.
  std::int64_t load_demo_history(int count);
  // Past events under a territory node (demo.cpp); returns the events made.
  struct HistoryOptions {
    std::string root;  // a county, town or community code
    std::int64_t count = 0;
    std::int64_t from_ms = 0, to_ms = 0;  // creation days spread over [from, to)
    std::uint64_t seed = 1;
    std::string tracking_prefix = "G";
    std::int64_t chunk = 20000;  // events per transaction
    bool timeline = true;        // each event's timeline entries too
  };
  std::int64_t generate_history(const HistoryOptions& o);

  void register_routes(http::Router& router);

  // --- helpers for the use cases ---
  const Calendar& calendar() const { return calendar_; }
  const Crypto& crypto() const { return crypto_; }
  territory::Service& territory() { return territory_; }
  storage::Database& db() { return db_; }
  // Starts a stage of `minutes` working minutes at `now`: stage start, warning at 80 %, due.
  void start_stage(Event& e, std::int64_t now, std::int64_t minutes) const;
  void start_stage_until(Event& e, std::int64_t now, std::int64_t due) const;
  void stop_clock(Event& e) const;
  // The handling node for a level above the grid: the grid's community, town or county.
  std::pair<std::string, std::string> handling_node(const std::string& grid_code, const std::string& level);
  std::vector<std::int64_t> my_departments(storage::Tx& tx, const Context& ctx);
  Category category_or_throw(const std::string& code) const;  // active ones: new reports
  Category category_of(const Event& e) const;                 // active or not: an event's steps

  // Links attachment hashes to an event inside the write (validation error when one was
  // never uploaded or the caller may not see it); set by the app to the attachments module.
  using PhotoLinker = std::function<void(storage::Tx&, const Context&, const std::vector<std::string>&,
                                         std::int64_t event_id)>;
  void set_photo_linker(PhotoLinker linker) { link_photos_ = std::move(linker); }
  void link_photos(storage::Tx& tx, const Context& ctx, const std::string& photos_json, std::int64_t event_id);

  // Notifications: the inbox/webhook sink and who holds a role over a place (accounts).
  using UsersWithRole =
      std::function<std::vector<std::int64_t>(storage::Tx&, const std::string& role, const std::string& path)>;
  void set_notifier(notifications::Service* sink, UsersWithRole users_with_role) {
    notifier_ = sink;
    users_with_role_ = std::move(users_with_role);
  }
  // Inside the write: tells the people concerned by `action` on e (events/notify.cpp).
  void notify(storage::Tx& tx, const Event& e, std::string_view action);
  // After the commit: pushes the change to the live consoles that may see e.
  void published(const Event& e);

  // Settings (config): duplicate suggestion radius and window, reopen window.
  double duplicate_radius_m = 100;
  int duplicate_days = 7;
  int reopen_days = 7;

 private:
  void authorize(storage::Tx& tx, const Context& ctx, const Transition& t, const Event& e);

  storage::Database& db_;
  territory::Service& territory_;
  const Calendar& calendar_;
  const Crypto& crypto_;
  PhotoLinker link_photos_;
  notifications::Service* notifier_ = nullptr;
  UsersWithRole users_with_role_;
  std::vector<std::int64_t> holders(storage::Tx& tx, const std::string& role, const std::string& path);
  std::mutex holders_mu_;
  std::map<std::string, std::pair<std::int64_t, std::vector<std::int64_t>>> holders_;
  mutable std::mutex categories_mu_;
  mutable std::shared_ptr<const std::vector<Category>> categories_;
};

// The use cases of the transition table, one per file.
void accept(Step& s);
void reject(Step& s);
void merge(Step& s);
void dispatch(Step& s);
void sign(Step& s);
void give_back(Step& s);  // "return"
void request_extension(Step& s);
void approve_extension(Step& s);
void deny_extension(Step& s);
void report_result(Step& s);
void pass(Step& s);
void rework(Step& s);
void rate(Step& s);
void reopen(Step& s);
void withdraw(Step& s);
void escalate(Step& s);
void whistle(Step& s);
void report_in(Step& s);
void supervise(Step& s);
void comment(Step& s);

// JSON of an event for API answers (contact masked).
json::object event_json(const Event& e, const Service& svc);
json::object timeline_json(const TimelineEntry& t);
// The extras of an event's details: e-mail (masked), media link, answers.
void add_extras_json(json::object& o, const std::optional<EventExtras>& x);

}  // namespace wangge::events
