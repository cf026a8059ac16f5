// What waits for the caller among the events (GET /my/work, composed in app/my_work.cpp):
// the counts of the queues the caller's pages list, each read through store::list_ids with
// the same filter as the page's tab (so a card's count is what its tab lists), at most
// cap + 1 ids each; and, for those who read statistics, a few figures of today and this
// month from the statistics counters (events/rollup.h).
#include <string>
#include <vector>

#include "core/calendar.h"
#include "events/rollup.h"
#include "events/service.h"
#include "territory/service.h"

namespace wangge::events {
namespace {

const std::vector<std::string> kOpenStates = {"at_grid", "reported", "accepted", "dispatched", "handling", "handled"};

}  // namespace

std::vector<work::Item> Service::waiting(storage::Tx& tx, const Context& ctx, int cap) {
  const Principal& u = ctx.user();
  std::vector<work::Item> out;
  auto count = [&](const std::string& key, store::ListFilter f) {
    f.limit = cap + 1;
    out.push_back(work::capped("events", key, store::list_ids(tx, f).size(), cap));
  };
  // The dispatcher's console (EventConsole.vue's queues): the caller's whole event scope.
  const store::ListFilter scope = scope_filter(tx, ctx);
  auto with = [&](std::vector<std::string> statuses) {
    store::ListFilter f = scope;
    f.statuses = std::move(statuses);
    return f;
  };
  if (u.can_somewhere("events:event:dispatch")) {
    count("dispatch.reported", with({"reported"}));
    count("dispatch.accepted", with({"accepted"}));
    store::ListFilter ext = with({"handling"});
    ext.pending_extension = true;
    count("dispatch.extension", ext);
  }
  if (u.can_somewhere("events:event:dispatch") || u.can_somewhere("events:event:supervise")) {
    store::ListFilter red = with(kOpenStates);
    red.overdue = true;
    count("dispatch.overdue", red);
    store::ListFilter sup = with(kOpenStates);
    sup.supervised = true;
    count("dispatch.supervised", sup);
  }
  // The handler's workbench (views/events/task): the tasks of the caller's departments.
  if (u.can_somewhere("events:task:handle")) {
    store::ListFilter dept = scope;
    dept.scope_paths.clear();
    dept.reporter_id.reset();
    if (dept.department_ids.empty()) dept.department_ids.push_back(-1);
    auto task = [&](std::vector<std::string> statuses) {
      store::ListFilter f = dept;
      f.statuses = std::move(statuses);
      return f;
    };
    count("task.dispatched", task({"dispatched"}));
    count("task.handling", task({"handling"}));
    store::ListFilter red = task({"dispatched", "handling"});
    red.overdue = true;
    count("task.overdue", red);
    store::ListFilter whistled = dept;
    whistled.whistled_departments = dept.department_ids;
    whistled.department_ids.clear();
    count("task.whistle", whistled);
  }
  // The grid worker's patrol page: handled events in the caller's grids to verify.
  if (u.can_somewhere("events:event:verify")) count("patrol.verify", with({"handled"}));
  // Grid first: residents' reports waiting at the caller's grids (solve on the spot or pass up).
  if (u.can_somewhere("events:event:self_handle")) count("patrol.at_grid", with({"at_grid"}));
  // A co-building unit's contact: whistles of their units not yet reported in.
  if (u.can_somewhere("events:unit:report_in")) {
    store::ListFilter units;
    units.whistled_units = my_units(tx, ctx);
    if (units.whistled_units.empty()) units.whistled_units.push_back(-1);
    count("unit.whistle", units);
  }
  // Everyone who reports: their own reports still in progress (views/events/mine).
  if (u.can_somewhere("events:event:report")) {
    store::ListFilter mine;
    mine.reporter_id = u.user_id;
    mine.statuses = {"at_grid", "reported", "accepted", "dispatched", "handling"};
    count("mine.progress", mine);
  }
  return out;
}

std::optional<Service::Figures> Service::figures(storage::Tx& tx, const Context& ctx) {
  // The node of the statistics page's default: the caller's first statistics root; none
  // for a root of the whole tree (an administrator picks a node on that page).
  auto roots = ctx.user().scope("events:stats:read");
  if (roots.empty() || roots[0] == "/") return std::nullopt;
  std::string p = roots[0].substr(0, roots[0].size() - 1);
  auto region = territory_.find(p.substr(p.rfind('/') + 1), false);
  if (!region) return std::nullopt;
  std::int64_t now = storage::now_ms();
  Day today = calendar_.day_of(now);
  std::string ymd = format_day(today);
  Day first = day_from_ymd(std::stoi(ymd.substr(0, 4)), std::stoi(ymd.substr(5, 2)), 1);
  // The counters answer a day and a month from a few rows; an open end stops after today.
  std::int64_t end = calendar_.midnight(today + 1);
  Figures f;
  f.region_code = region->code;
  f.region_name = region->name;
  auto day = rollup::query(tx, calendar_, region->path, calendar_.midnight(today), end, nullptr);
  auto month = rollup::query(tx, calendar_, region->path, calendar_.midnight(first), end, nullptr);
  using namespace rollup;
  f.today_new = day.m[kTotal];
  f.month_new = month.m[kTotal];
  f.month_closed = month.m[kReported + 5];
  return f;
}

}  // namespace wangge::events
