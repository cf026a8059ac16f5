// The events module's use cases: intake (report.cpp, intake.cpp), the lifecycle steps (one
// verb a file: accept.cpp, dispatch.cpp, ...), defined by the transition table
// (transitions.cpp) and run by act() (lifecycle.cpp), plus queues, categories
// (categories.cpp, category_save.cpp) and departments (departments.cpp). The http_*.cpp
// files map them to routes (http.cpp lists them). Other modules call this class, never
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
#include "core/deeds.h"
#include "core/http/router.h"
#include "core/idempotency.h"
#include "core/json.h"
#include "core/storage/database.h"
#include "core/work.h"
#include "events/model.h"
#include "events/render.h"
#include "events/steps.h"
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
  std::optional<std::string> email;  // sealed like the phone
  std::string media_url;             // a link to a photo the client hosts (Open311)
  AttributeAnswers attributes;       // answers to the category's extra questions
  std::vector<std::string> photos;
  std::optional<std::string> priority;
  bool self_handled = false;  // a grid worker solved it on the spot (就地解决)
  std::string result;         // what was done, for self-handling
  bool whistle = false;       // 吹哨上报: the reporter blows the whistle (resident, party member)
};

class Service {
 public:
  Service(storage::Database& db, territory::Service& territory, const Calendar& calendar, const Crypto& crypto);

  // --- intake (inside the caller's write transaction) ---
  Event report(storage::Tx& tx, const Context& ctx, const ReportInput& in);
  // The same in two steps, so that the write transaction holds only the inserts:
  // prepare_report validates, locates and seals (no transaction); file_report stores.
  Event prepare_report(const Context& ctx, const ReportInput& in);
  Event file_report(storage::Tx& tx, const Context& ctx, Event e, const ReportInput& in);
  // A report filed in its own write under the request's Idempotency-Key (intake.cpp),
  // published after the commit; answers render(event). Deferred: without a key, answered
  // when the group commit is durable, no thread waiting for it.
  using Render = std::function<idempotency::Reply(const Event&)>;
  http::Response report_deferred(const Context& ctx, std::shared_ptr<const ReportInput> in, Render render);
  http::Response report_now(const Context& ctx, const ReportInput& in, const Render& render);

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
  // act() in its own write under the request's Idempotency-Key, published after the
  // commit; answers render(event) (lifecycle.cpp).
  http::Response take_step(const Context& ctx, std::int64_t id, const Transition& t, std::int64_t version,
                           const json::object& body, bool by_tracking_code, const Render& render);
  // The rows of the transition table the caller may take on e now: the same state, actor
  // and guard checks act() enforces (the web's buttons).
  std::vector<const Transition*> offered(storage::Tx& tx, const Context& ctx, const Event& e);

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
  // Whether the caller reads the event as staff (territory, department, a whistle), not
  // only as its reporter: staff see internal notes, the reporter public updates only.
  bool reads_as_staff(storage::Tx& tx, const Context& ctx, const Event& e);
  store::ListFilter scope_filter(storage::Tx& tx, const Context& ctx);
  // Possible duplicates of a report at a point (similar.h): open events of the last
  // duplicate_days within twice duplicate_radius_m, alike in text, category and place,
  // the most alike first.
  std::vector<struct Similar> similar(storage::Tx& tx, const struct SimilarQuery& q, int limit) const;

  // --- what waits for the caller (GET /my/work; waiting.cpp) ---
  // The caller's queues that their grants allow, each counted up to `cap` with the filter
  // of the page tab that lists it: dispatch.* (the console), task.* (the workbench),
  // patrol.verify, mine.progress.
  std::vector<work::Item> waiting(storage::Tx& tx, const Context& ctx, int cap);
  // Events created today and this month under the caller's first statistics root, from the
  // counters; nullopt without events:stats:read on a node below the root of the tree.
  struct Figures {
    std::string region_code, region_name;
    std::int64_t today_new = 0, month_new = 0, month_closed = 0;
  };
  std::optional<Figures> figures(storage::Tx& tx, const Context& ctx);

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
  // PUT /event-categories/{code}: creates or edits (partially: omitted fields keep their
  // value) a category from the request's fields; version required to edit. Returns the
  // category and whether it was created (category_save.cpp).
  std::pair<Category, bool> save_category(const Context& ctx, const std::string& code, const json::object& body);
  // Departments the caller may see (their territory, above and below it), optionally only
  // those serving region_code or of one kind (departments.cpp).
  std::vector<Department> visible_departments(const Context& ctx, const std::optional<std::string>& region_code,
                                              const std::optional<std::string>& kind);
  Department create_department(const Context& ctx, Department d);  // region_code, kind, name
  // Renames, re-kinds or (de)activates: body {name?, kind?, active?, version}.
  Department update_department(const Context& ctx, std::int64_t id, const json::object& body);
  Department set_department_members(const Context& ctx, std::int64_t id, const std::vector<std::int64_t>& users);
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
  // Benchmarks (app/generate_workers.cpp): the patrol reports of [from, until) under path to
  // reporters first .. first + n - 1 and the events solved at the grid to those handlers, by
  // event id; answers the events changed.
  std::int64_t attribute_to_accounts(const std::string& path, std::int64_t from, std::int64_t until, std::int64_t first,
                                     std::int64_t n);

  // Where exports are written while they are made (export.cpp).
  void set_export_dir(std::string dir) { export_dir_ = std::move(dir); }
  const std::string& export_dir() const { return export_dir_; }

  // Every route of the module (http.cpp, in this order: http_calendar.cpp,
  // http_categories.cpp, http_departments.cpp, http_intake.cpp, http_queue.cpp,
  // http_steps.cpp, stats.cpp).
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
  std::pair<std::string, std::string> handling_node(const std::string& region_path, const std::string& level);
  std::vector<std::int64_t> my_departments(storage::Tx& tx, const Context& ctx);
  Category category_or_throw(const std::string& code) const;  // active ones: new reports
  Category category_of(const Event& e) const;                 // active or not: an event's steps

  // Links attachment hashes to an event inside the write (validation error when one was
  // never uploaded or the caller may not see it); set by the app to the attachments module.
  using PhotoLinker =
      std::function<void(storage::Tx&, const Context&, const std::vector<std::string>&, std::int64_t event_id)>;
  void set_photo_linker(PhotoLinker linker) { link_photos_ = std::move(linker); }
  void link_photos(storage::Tx& tx, const Context& ctx, const std::string& photos_json, std::int64_t event_id);

  // Display names of accounts by id, inside the caller's transaction (accounts); set by the
  // app. Unknown ids are left out.
  using NamesOf = std::function<std::map<std::int64_t, std::string>(storage::Tx&, const std::vector<std::int64_t>&)>;
  void set_names_of(NamesOf names_of) { names_of_ = std::move(names_of); }
  std::map<std::int64_t, std::string> names_of(storage::Tx& tx, const std::vector<std::int64_t>& ids) const {
    return names_of_ ? names_of_(tx, ids) : std::map<std::int64_t, std::string>{};
  }

  // Deeds (core/deeds.h) counted elsewhere (points): a resident's report closed, a report
  // a grid worker handled on the spot; reported inside the step's transaction.
  void set_deed_sink(deeds::Sink sink) { deeds_ = std::move(sink); }
  void report_deeds(storage::Tx& tx, const Event& before, const Event& e) const;

  // --- grid first and co-building units (grid_first.cpp, migration 0041; docs/EVENTS.md) ---
  // Per community: residents' reports wait first at their grid (status at_grid) for
  // grid_hours working hours, for the grid's chief to solve on the spot or pass up.
  struct GridFirst {
    std::string community_code;
    bool enabled = false;
    int grid_hours = 4;
    std::int64_t version = 0;  // 0: never set (off)
  };
  GridFirst grid_first(storage::Tx& tx, const std::string& community_code) const;
  // PUT /grid-first/{community}: {enabled, grid_hours, version?}.
  GridFirst save_grid_first(const Context& ctx, const std::string& community_code, const json::object& body);
  // Passes the events whose grid deadline passed to their community's dispatcher (the
  // scheduler, on the leading node); returns how many.
  std::size_t release_at_grid(std::int64_t now);
  // A co-building unit (共建单位) as the cobuild module describes it, reached by callbacks.
  struct Unit {
    std::int64_t id = 0;
    std::string name, region_path;  // the node it serves
    std::vector<std::int64_t> contact_users;
    bool active = false;
  };
  using UnitOf = std::function<std::optional<Unit>(storage::Tx&, std::int64_t unit_id)>;
  using UnitsOfUser = std::function<std::vector<std::int64_t>(storage::Tx&, std::int64_t user_id)>;
  void set_units(UnitOf unit_of, UnitsOfUser units_of_user) {
    unit_of_ = std::move(unit_of);
    units_of_user_ = std::move(units_of_user);
  }
  std::optional<Unit> unit(storage::Tx& tx, std::int64_t id) const {
    return unit_of_ ? unit_of_(tx, id) : std::nullopt;
  }
  std::vector<std::int64_t> my_units(storage::Tx& tx, const Context& ctx) const;
  // The accounts told first of a report held at its grid: the grid team's chiefs (the teams
  // module's roster, wired), else the grid_chief role's holders over the grid.
  using GridChiefs = std::function<std::vector<std::int64_t>(storage::Tx&, const std::string& grid_code)>;
  void set_grid_chiefs(GridChiefs f) { grid_chiefs_ = std::move(f); }
  std::vector<std::int64_t> grid_chiefs(storage::Tx& tx, const Event& e);
  // Whistles of co-building units (the cobuild module's figures): per unit, over events under
  // `path` summoned in [from, until).
  struct UnitReportIns {
    std::int64_t summoned = 0, reported = 0, late = 0;
  };
  std::map<std::int64_t, UnitReportIns> unit_report_ins(storage::Tx& tx, const std::string& path, std::int64_t from,
                                                        std::int64_t until) const;
  std::vector<Whistle> unit_whistles(storage::Tx& tx, std::int64_t unit_id, int limit) const;

  // Notifications: the inbox/webhook sink and who holds a role over a place (accounts).
  using UsersWithRole =
      std::function<std::vector<std::int64_t>(storage::Tx&, const std::string& role, const std::string& path)>;
  void set_notifier(notifications::Service* sink, UsersWithRole users_with_role) {
    notifier_ = sink;
    users_with_role_ = std::move(users_with_role);
  }
  // Inside the write: tells the people concerned by `action` on e (events/notify.cpp).
  void notify(storage::Tx& tx, const Event& e, std::string_view action);
  // A message to the holders of `roles` over `path` (inbox and webhook, in the caller's
  // transaction): the spike warnings' (spikes_notify.cpp).
  void notify_roles(storage::Tx& tx, const std::vector<std::string>& roles, const std::string& path,
                    const std::string& kind, const std::string& record, const std::string& title_zh,
                    const std::string& title_en);
  // After the commit: pushes the change to the live consoles that may see e.
  void published(const Event& e);
  // Events another node changed (comma-separated ids, storage::channels::kEvents): read
  // and pushed to this node's consoles as published() does, when any console listens.
  void republish(std::string_view ids);

  // Settings (config): duplicate suggestion radius and window, reopen window.
  double duplicate_radius_m = 100;
  int duplicate_days = 7;
  int reopen_days = 7;
  // Who verifies a handled event when no active account of the grid can (no grid worker
  // or grid chief over it): holders of this role over the event's handling node (config
  // verify_fallback_role; "" = nobody, the event waits).
  std::string verify_fallback_role = "dispatcher";

  // The grid's verifiers (grid workers and chiefs over the event's grid), or, when there
  // are none, the fallback role's holders over its handling node; `fallback` says which.
  struct Verifiers {
    std::vector<std::int64_t> users;
    bool fallback = false;
  };
  Verifiers verifiers(storage::Tx& tx, const Event& e);

 private:
  std::string export_dir_;
  deeds::Sink deeds_;
  UnitOf unit_of_;
  UnitsOfUser units_of_user_;
  GridChiefs grid_chiefs_;
  // Holds a resident's report at its grid when its community says so (file_report).
  void hold_at_grid(storage::Tx& tx, Event& e);
  void authorize(storage::Tx& tx, const Context& ctx, const Transition& t, const Event& e);

  storage::Database& db_;
  territory::Service& territory_;
  const Calendar& calendar_;
  const Crypto& crypto_;
  PhotoLinker link_photos_;
  NamesOf names_of_;
  notifications::Service* notifier_ = nullptr;
  UsersWithRole users_with_role_;
  std::vector<std::int64_t> holders(storage::Tx& tx, const std::string& role, const std::string& path);
  std::mutex holders_mu_;
  std::map<std::string, std::pair<std::int64_t, std::vector<std::int64_t>>> holders_;
  mutable std::mutex categories_mu_;
  mutable std::shared_ptr<const std::vector<Category>> categories_;
};

}  // namespace wangge::events
