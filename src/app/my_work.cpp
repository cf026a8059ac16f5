// GET /api/v1/my/work: what waits for the caller (the 工作台, web/src/views/home), in one
// request: a phone on a weak signal pays one round trip for the page, not one per queue.
// The route lives in the app because it composes modules: each module counts its own
// waiting records through its own service, within the caller's grants and territory
// (events::Service::waiting, registry::Service::waiting, disputes::Service::waiting,
// notifications::Service::waiting); this file only asks them, in one read transaction (one
// snapshot, one pooled connection on PostgreSQL), and renders the answer. A count reads at
// most work::kCap + 1 ids through the module's list paths (their indexes), never a COUNT(*)
// over a scope (core/work.h).
#include "app/app.h"
#include "core/json.h"
#include "core/work.h"
#include "disputes/service.h"
#include "events/service.h"
#include "notifications/notifications.h"
#include "registry/service.h"
#include "services/service.h"

namespace wangge {
namespace {

// Every key an item may carry, by module (the web's cards and their links).
constexpr const char* kWorkKeys[] = {"dispatch.reported",
                                     "dispatch.accepted",
                                     "dispatch.extension",
                                     "dispatch.overdue",
                                     "dispatch.supervised",
                                     "task.dispatched",
                                     "task.handling",
                                     "task.overdue",
                                     "task.whistle",
                                     "patrol.verify",
                                     "patrol.at_grid",
                                     "unit.whistle",
                                     "mine.progress",
                                     "visits.worklist",
                                     "visits.planned",
                                     "mediation.open",
                                     "mediation.mediating",
                                     "mediation.failed",
                                     "orders.ordered",
                                     "orders.overdue",
                                     "orders.assigned",
                                     "orders.taken",
                                     "orders.open",
                                     "orders.done",
                                     "cases.accepted",
                                     "cases.overdue",
                                     "cases.coordinating",
                                     "wishes.submitted",
                                     "wishes.claimed",
                                     "wishes.fulfilled",
                                     "unread"};

schema::value my_work_schema(schema::Components& c) {
  using namespace schema;
  auto item =
      object({req("module", enumeration({"events", "registry", "disputes", "services", "notifications"})),
              req("key", enumeration(kWorkKeys)), req("count", describe(integer(0, work::kCap), "at most the cap")),
              req("more", describe(boolean(), "more than `count` wait (count is the cap)"))},
             closed);
  auto figures = object({req("region", object({req("code", str()), req("name", str())}, closed)),
                         req("today_new", describe(integer(0), "events created today")),
                         req("month_new", describe(integer(0), "events created this month")),
                         req("month_closed", describe(integer(0), "of those, closed"))},
                        closed);
  return c.add(
      "MyWork",
      object({req("items", describe(array(item),
                                    "what the caller's grants allow, in the order of the "
                                    "modules' pages; a count of 0 is listed too")),
              req("cap", describe(integer(1), "the largest count answered")),
              req("unread", describe(array(ref("Notification"), 3), "the caller's newest unread notifications")),
              req("figures", describe(nullable(figures),
                                      "with events:stats:read: events of today and this month "
                                      "under the caller's first statistics root"))},
             closed));
}

json::object item_json(const work::Item& i) {
  return json::object{{"module", i.module}, {"key", i.key}, {"count", i.count}, {"more", i.more}};
}

}  // namespace

void App::register_my_work_routes() {
  router_.add(
      "GET", "/api/v1/my/work",
      {.summary = "What waits for the caller: their queues' counts (capped) and today's figures",
       .tag = "system",
       .response = my_work_schema(router_.components()),
       .statuses = {200, 401}},
      [this](Context& ctx) {
        constexpr int cap = work::kCap;
        std::vector<work::Item> items;
        std::optional<events::Service::Figures> figures;
        std::vector<notifications::store::Notification> newest;
        db_->read([&](storage::Tx& tx) {
          items.clear();
          auto add = [&](std::vector<work::Item> more) {
            for (auto& i : more) items.push_back(std::move(i));
          };
          add(events_->waiting(tx, ctx, cap));
          add(registry_->waiting(tx, ctx, cap));
          add(disputes_->waiting(tx, ctx, cap));
          add(services_->waiting(tx, ctx, cap));
          add(notifications_->waiting(tx, ctx.user().user_id, cap, &newest));
          figures = events_->figures(tx, ctx);
        });
        json::array list;
        for (const auto& i : items) list.push_back(item_json(i));
        json::value fig = nullptr;
        if (figures)
          fig = json::object{{"region", json::object{{"code", figures->region_code}, {"name", figures->region_name}}},
                             {"today_new", figures->today_new},
                             {"month_new", figures->month_new},
                             {"month_closed", figures->month_closed}};
        json::array unread;
        for (const auto& n : newest) unread.push_back(notifications::notification_json(n));
        return json::respond(
            200,
            json::object{{"items", std::move(list)}, {"cap", cap}, {"unread", std::move(unread)}, {"figures", fig}});
      });
}

}  // namespace wangge
