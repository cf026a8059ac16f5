// A unit's page (its contacts, its resources, the projects it took part in, the whistles it
// answered — 吹哨报到, seed 002: "群众、党员、片长吹哨,责任方报到" — and its history) and
// a project's page (its progress and the needs it answers). Each part lists only what the
// caller reaches: a unit serving a town may offer resources in communities the caller does
// not see; an event's tracking code (the reporter's proof) is shown only to those who may
// read the events under the unit's node and to the unit's own contacts.
#include <boost/json/parse.hpp>

#include "cobuild/service.h"
#include "cobuild/store.h"

namespace wangge::cobuild {

json::object Service::unit_page(storage::Tx& tx, const Context& ctx, const Unit& u, bool all) const {
  const Principal& me = ctx.user();
  json::object out = unit_json(u);
  auto contacts = store::contacts(tx, u.id, all);
  bool mine = false;
  std::vector<std::int64_t> ids;
  for (const auto& c : contacts) {
    if (c.user_id) ids.push_back(*c.user_id);
    mine = mine || (c.user_id == me.user_id && !c.removed_at);
  }
  auto log = store::log_of(tx, u.id, 50);
  for (const auto& e : log)
    if (e.actor_id) ids.push_back(*e.actor_id);
  auto who = names(tx, ids);
  json::array cs;
  for (const auto& c : contacts) cs.push_back(contact_json(c, who));
  out["contacts_list"] = cs;

  auto scope = me.scope("cobuild:list:read");
  store::ResourceFilter rf;
  rf.where.within = rf.where.line = scope;
  rf.where.limit = 100;
  rf.unit_id = u.id;
  json::array rs;
  auto my_units = store::units_of_user(tx, me.user_id);
  for (const auto& r : store::resources(tx, rf)) rs.push_back(resource_json(r, writes_resource(ctx, r, my_units)));
  out["resources"] = rs;

  json::array ps;
  for (const auto& [p, role] : store::projects_of_unit(tx, u.id, 100))
    if (me.reaches("cobuild:list:read", p.region_path))
      ps.push_back(json::object{
          {"id", p.id}, {"title", p.title}, {"status", p.status}, {"progress", p.progress}, {"role", role}});
  out["projects"] = ps;

  ReportInFigures figures;
  if (report_ins_of_) {
    Day today = calendar_.day_of(storage::now_ms());
    auto by_unit = report_ins_of_(tx, u.region_path, calendar_.midnight(day_from_ymd(year_of(today), 1, 1)),
                                  calendar_.midnight(today + 1));
    if (auto it = by_unit.find(u.id); it != by_unit.end()) figures = it->second;
  }
  const bool events = mine || me.can("events:event:read", u.region_path);
  const std::int64_t now = storage::now_ms();
  json::array items;
  if (report_ins_of_unit_)
    for (const auto& r : report_ins_of_unit_(tx, u.id, 20)) {
      bool late = r.reported_at ? *r.reported_at > r.due_at : now > r.due_at;
      items.push_back(json::object{
          {"event_id", events ? json::value(r.event_id) : json::value(nullptr)},
          {"tracking_code", events ? r.tracking_code : std::string()},
          {"summoned_at", json::rfc3339(r.summoned_at)},
          {"due_at", json::rfc3339(r.due_at)},
          {"reported_at", r.reported_at ? json::value(json::rfc3339(*r.reported_at)) : json::value(nullptr)},
          {"response", r.response},
          {"late", late}});
    }
  out["report_ins"] = json::object{
      {"summoned", figures.summoned}, {"reported", figures.reported}, {"late", figures.late}, {"items", items}};

  json::array history;
  for (const auto& e : log) {
    boost::system::error_code ec;
    auto detail = boost::json::parse(e.detail, ec);
    auto by = e.actor_id ? who.find(*e.actor_id) : who.end();
    history.push_back(json::object{{"action", e.action},
                                   {"detail", ec ? json::value(json::object{}) : detail},
                                   {"by_name", by == who.end() ? std::string() : by->second},
                                   {"at", json::rfc3339(e.at)}});
  }
  out["history"] = history;
  out["writes"] = me.can("cobuild:unit:write", u.region_path);
  out["mine"] = mine;
  return out;
}

json::object Service::project_page(storage::Tx& tx, const Context& ctx, const Project& p) const {
  json::object out = project_json(p);
  auto ups = store::updates(tx, p.id, 100);
  auto scope = ctx.user().scope("cobuild:list:read");
  store::NeedFilter nf;
  nf.where.within = nf.where.line = scope;
  nf.where.limit = 200;
  nf.project_id = p.id;
  auto needs = store::needs(tx, nf);
  std::vector<std::int64_t> ids;
  for (const auto& u : ups) ids.push_back(u.by);
  for (const auto& n : needs) ids.push_back(n.collected_by);
  auto who = names(tx, ids);
  json::array us, ns;
  for (const auto& u : ups) us.push_back(update_json(u, who));
  for (const auto& n : needs) ns.push_back(need_json(n, who));
  out["updates"] = us;
  out["needs_list"] = ns;
  out["writes"] = writes_project(ctx, p);
  out["reports"] = reports_on(tx, ctx, p);
  return out;
}

}  // namespace wangge::cobuild
