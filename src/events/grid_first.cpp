// Grid first (网格吹哨、社区报到; docs/EVENTS.md "Grid first"): a community's setting; a
// resident's report held at its grid on intake; the scheduler passing it to the community
// when the grid's deadline passes; the co-building units (the cobuild module's) that
// whistles summon; the grid chiefs told first.
#include "audit/audit.h"
#include "events/step_helpers.h"
#include "territory/service.h"

namespace wangge::events {

Service::GridFirst Service::grid_first(storage::Tx& tx, const std::string& community_code) const {
  GridFirst g;
  g.community_code = community_code;
  if (auto row = store::grid_first(tx, community_code)) {
    g.enabled = row->enabled;
    g.grid_hours = row->grid_hours;
    g.version = row->version;
  }
  return g;
}

Service::GridFirst Service::save_grid_first(const Context& ctx, const std::string& community_code,
                                            const json::object& body) {
  auto region = territory_.find(community_code, false);
  if (!region) throw_not_found("no region " + community_code, "区域 " + community_code + " 不存在");
  if (region->level != "community")
    throw_validation("community", "grid first is set per community", "网格优先按社区设置");
  ctx.require("events:event:dispatch", region->path);
  auto enabled = json::opt_bool(body, "enabled");
  if (!enabled) throw_validation("enabled", "enabled is true or false", "enabled 应为 true 或 false");
  std::int64_t hours = json::opt_int(body, "grid_hours").value_or(4);
  if (hours < 1 || hours > 72) throw_validation("grid_hours", "1 to 72 working hours", "应为 1 到 72 个工作小时");
  std::optional<std::int64_t> version = json::opt_int(body, "version");
  GridFirst out;
  db_.write([&](storage::Tx& tx) {
    GridFirst now = grid_first(tx, community_code);
    if (now.version != 0 && !version)
      throw Error("precondition_required", "version", "state the version you change", "请提供当前版本号");
    std::int64_t expected = now.version == 0 ? 0 : *version;
    store::GridFirstRow row{*enabled, static_cast<int>(hours), 0};
    if (!store::save_grid_first(tx, community_code, row, expected, ctx.user().user_id, storage::now_ms()))
      throw Error("stale_version", "version", "the setting changed meanwhile", "设置已被他人修改");
    audit::append(tx, audit::entry(ctx, "events:grid-first:save", "region:" + community_code,
                                   {{"enabled", *enabled}, {"grid_hours", hours}}));
    out = grid_first(tx, community_code);
  });
  return out;
}

void Service::hold_at_grid(storage::Tx& tx, Event& e) {
  // Residents' own reports (the app, an Open311 client) at the community level only: staff
  // take theirs to the dispatcher as before.
  if (e.status != "reported" || e.level != "community" || !e.grid_code) return;
  if (e.source != "resident" && e.source != "open311") return;
  auto setting = store::grid_first(tx, e.handling_code);
  if (!setting || !setting->enabled) return;
  e.status = "at_grid";
  start_stage(e, e.created_at, std::int64_t{setting->grid_hours} * 60);
  store::count_grid_first(tx, e.region_path, calendar_.day_of(e.created_at), store::GridFirstMeasure::received);
}

std::size_t Service::release_at_grid(std::int64_t now) {
  std::size_t total = 0;
  for (;;) {
    std::vector<Event> released;
    db_.write([&](storage::Tx& tx) {
      released.clear();
      for (std::int64_t id : store::held_past(tx, now, 200)) {
        auto found = store::get(tx, id);
        if (!found || found->status != "at_grid") continue;
        const Event before = *found;
        Event e = before;
        e.status = "reported";
        Category c = category_of(e);
        start_stage(e, now, std::int64_t{c.accept_hours} * 60);
        e.version = before.version + 1;
        e.updated_at = now;
        if (!store::update(tx, calendar_, before, e)) continue;
        TimelineEntry t;
        t.event_id = e.id;
        t.at = now;
        t.actor = "system";
        t.action = "grid-timeout";
        t.from_status = "at_grid";
        t.to_status = "reported";
        t.comment = "网格办理时限已到，转社区受理 / The grid's time ran out: passed to the community";
        store::append(tx, t);
        store::count_grid_first(tx, e.region_path, calendar_.day_of(e.created_at), store::GridFirstMeasure::timed_out);
        notify(tx, e, "pass-up");
        released.push_back(std::move(e));
      }
    });
    for (const auto& e : released) published(e);
    total += released.size();
    if (released.size() < 200) return total;
  }
}

std::vector<std::int64_t> Service::my_units(storage::Tx& tx, const Context& ctx) const {
  if (!units_of_user_ || !ctx.authenticated() || !ctx.user().can_somewhere("events:unit:report_in")) return {};
  return units_of_user_(tx, ctx.user().user_id);
}

std::vector<std::int64_t> Service::grid_chiefs(storage::Tx& tx, const Event& e) {
  std::vector<std::int64_t> out;
  if (grid_chiefs_ && e.grid_code) out = grid_chiefs_(tx, *e.grid_code);
  if (out.empty()) out = holders(tx, "grid_chief", e.region_path);
  return out;
}

std::map<std::int64_t, Service::UnitReportIns> Service::unit_report_ins(storage::Tx& tx, const std::string& path,
                                                                        std::int64_t from, std::int64_t until) const {
  std::map<std::int64_t, UnitReportIns> out;
  for (const auto& [unit, n] : store::unit_report_ins(tx, path, from, until)) out[unit] = {n[0], n[1], n[2]};
  return out;
}

std::vector<Whistle> Service::unit_whistles(storage::Tx& tx, std::int64_t unit_id, int limit) const {
  return store::unit_whistles(tx, unit_id, limit);
}

}  // namespace wangge::events
