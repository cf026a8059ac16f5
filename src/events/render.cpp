// JSON of the module's answers: events, timeline entries, whistles, categories,
// departments, the actions offered, the lifecycle table and the public view of a report.
#include "events/render.h"

#include <boost/json/parse.hpp>

#include "events/service.h"

namespace wangge::events {

namespace {

json::value opt_time(const std::optional<std::int64_t>& ms) {
  return ms ? json::value(json::rfc3339(*ms)) : json::value(nullptr);
}
template <typename T>
json::value opt_value(const std::optional<T>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}
std::string_view state_name(const std::string& s, bool zh) {
  for (const auto& n : states()) {
    if (n.state == s) return zh ? n.name_zh : n.name_en;
  }
  return s;
}
}  // namespace

json::object event_json(const Event& e, const Service& svc) {
  json::object category{{"code", e.category_code}};
  auto list = svc.category_list();
  for (const auto& c : *list) {
    if (c.code == e.category_code) {
      category["name_zh"] = c.name_zh;
      category["name_en"] = c.name_en;
      break;
    }
  }
  json::value photos;
  {
    boost::system::error_code ec;
    photos = boost::json::parse(e.photos, ec);
    if (ec) photos = json::array();
  }
  return json::object{
      {"id", e.id},
      {"tracking_code", e.tracking_code},
      {"source", e.source},
      {"category", std::move(category)},
      {"priority", e.priority},
      {"status", e.status},
      {"status_name_zh", state_name(e.status, true)},
      {"status_name_en", state_name(e.status, false)},
      {"level", e.level},
      {"handling_code", e.handling_code},
      {"grid_code", opt_value(e.grid_code)},
      {"lat", opt_value(e.lat)},
      {"lng", opt_value(e.lng)},
      {"address", e.address},
      {"description", e.description},
      {"photos", std::move(photos)},
      {"reporter_name", e.reporter_name},
      {"contact", e.contact_masked},
      {"department_id", opt_value(e.department_id)},
      {"handler_id", opt_value(e.handler_id)},
      {"stage_started_at", json::rfc3339(e.stage_started_at)},
      {"warn_at", opt_time(e.warn_at)},
      {"due_at", opt_time(e.due_at)},
      {"sla", e.sla},
      {"handle_due_at", opt_time(e.handle_due_at)},
      {"extension_request", e.extension_days ? json::value(json::object{{"days", *e.extension_days},
                                                                        {"reason", e.extension_reason.value_or("")}})
                                             : json::value(nullptr)},
      {"ever_overdue", e.ever_overdue},
      {"rework_count", e.rework_count},
      {"reopen_count", e.reopen_count},
      {"escalation_count", e.escalation_count},
      {"supervised", e.supervised},
      {"merged_into", opt_value(e.merged_into)},
      {"accepted_at", opt_time(e.accepted_at)},
      {"dispatched_at", opt_time(e.dispatched_at)},
      {"handled_at", opt_time(e.handled_at)},
      {"closed_at", opt_time(e.closed_at)},
      {"solved_level", opt_value(e.solved_level)},
      {"on_time", opt_value(e.on_time)},
      {"rating", opt_value(e.rating)},
      {"rating_comment", opt_value(e.rating_comment)},
      {"version", e.version},
      {"created_at", json::rfc3339(e.created_at)},
      {"updated_at", json::rfc3339(e.updated_at)},
  };
}

void add_extras_json(json::object& o, const std::optional<EventExtras>& x) {
  o["email"] = x ? x->email_masked : "";
  o["media_url"] = x ? x->media_url : "";
  o["whistle_by"] = x ? x->whistle_by : "";
  boost::system::error_code ec;
  json::value answers = x ? boost::json::parse(x->attributes, ec) : json::value(json::object());
  o["attributes"] = ec || !answers.is_object() ? json::value(json::object()) : answers;
}

bool public_comment(const TimelineEntry& t, std::optional<std::int64_t> reporter_id) {
  if (reporter_id && t.actor_id == reporter_id) return true;  // the reporter's own words
  return t.action == "reject" || t.action == "report-result" || t.action == "solve";
}

json::object timeline_json(const TimelineEntry& t, std::optional<std::int64_t> reporter_id) {
  boost::system::error_code ec;
  json::value detail = boost::json::parse(t.detail, ec);
  if (ec) detail = json::object();
  json::value photos = boost::json::parse(t.photos, ec);
  if (ec) photos = json::array();
  return json::object{{"id", t.id},
                      {"at", json::rfc3339(t.at)},
                      {"actor", t.actor},
                      {"action", t.action},
                      {"from_status", opt_value(t.from_status)},
                      {"to_status", t.to_status},
                      {"comment", t.comment},
                      {"detail", std::move(detail)},
                      {"photos", std::move(photos)},
                      {"public", public_comment(t, reporter_id)}};
}

json::object reporter_timeline_json(const TimelineEntry& t, std::optional<std::int64_t> reporter_id) {
  json::object o = timeline_json(t, reporter_id);
  bool own = reporter_id && t.actor_id == reporter_id;
  if (!public_comment(t, reporter_id)) {
    o["comment"] = "";
    o["photos"] = json::array();
  }
  if (!own) o["actor"] = "";  // no staff names
  o["detail"] = json::object();
  return o;
}

json::object whistle_json(const Whistle& w, std::int64_t now) {
  bool late = w.reported_at ? *w.reported_at > w.due_at : now > w.due_at;
  return json::object{
      {"id", w.id},
      {"department_id", w.department_id ? json::value(*w.department_id) : json::value(nullptr)},
      {"unit_id", w.unit_id ? json::value(*w.unit_id) : json::value(nullptr)},
      {"summoned_as", w.summoned_as},
      {"department", w.department_name},
      {"summoned_at", json::rfc3339(w.summoned_at)},
      {"due_at", json::rfc3339(w.due_at)},
      {"reported_at", w.reported_at ? json::value(json::rfc3339(*w.reported_at)) : json::value(nullptr)},
      {"response", w.response ? json::value(*w.response) : json::value(nullptr)},
      {"late", late}};
}

json::object category_json(const Category& c) {
  return json::object{{"code", c.code},
                      {"parent_code", c.parent_code ? json::value(*c.parent_code) : json::value(nullptr)},
                      {"name_zh", c.name_zh},
                      {"name_en", c.name_en},
                      {"department_kind", c.department_kind},
                      {"priority", c.priority},
                      {"self_handle", c.self_handle},
                      {"accept_hours", c.accept_hours},
                      {"sign_hours", c.sign_hours},
                      {"handle_days", json::object{{"normal", c.handle_days_normal},
                                                   {"urgent", c.handle_days_urgent},
                                                   {"critical", c.handle_days_critical}}},
                      {"verify_days", c.verify_days},
                      {"active", c.active},
                      {"sort", c.sort},
                      {"attributes", attributes_json(c.attributes)},
                      {"version", c.version}};
}

json::object department_json(const Department& d) {
  json::array members;
  for (auto m : d.members) members.emplace_back(m);
  return json::object{{"id", d.id},         {"region_code", d.region_code}, {"kind", d.kind},    {"name", d.name},
                      {"active", d.active}, {"version", d.version},         {"members", members}};
}

json::array actions_json(const std::vector<const Transition*>& offered, std::int64_t event_id) {
  json::array out;
  for (const Transition* t : offered) {
    std::string path = std::string(t->actor == Actor::reporter ? "/api/v1/my/events/" : "/api/v1/events/") +
                       std::to_string(event_id) + "/" + std::string(t->action);
    out.push_back(json::object{{"action", t->action},
                               {"actor", actor_name(t->actor)},
                               {"name_zh", t->name_zh},
                               {"name_en", t->name_en},
                               {"path", path}});
  }
  return out;
}

json::object lifecycle_json() {
  json::array ss, ts;
  for (const auto& s : states())
    ss.push_back(json::object{{"state", s.state}, {"name_zh", s.name_zh}, {"name_en", s.name_en}});
  for (const auto& t : transitions()) {
    json::array from;
    for (auto f : t.from) from.emplace_back(f);
    ts.push_back(json::object{{"action", t.action},
                              {"actor", actor_name(t.actor)},
                              {"permission", permission_of(t.actor)},
                              {"from", std::move(from)},
                              {"to", t.to.empty() ? json::value(nullptr) : json::value(t.to)},
                              {"name_zh", t.name_zh},
                              {"name_en", t.name_en}});
  }
  return json::object{{"states", std::move(ss)}, {"transitions", std::move(ts)}};
}

json::object public_json(const Event& e, const std::vector<TimelineEntry>& timeline, const Service& svc) {
  // What the reporter may see: no staff names, no contact, no internal notes.
  json::array steps;
  for (const auto& t : timeline)
    steps.push_back(json::object{{"at", json::rfc3339(t.at)}, {"action", t.action}, {"to_status", t.to_status}});
  json::object o = event_json(e, svc);
  for (const char* k : {"contact", "reporter_name", "handler_id", "department_id", "handling_code"}) o.erase(k);
  o["timeline"] = std::move(steps);
  return o;
}

}  // namespace wangge::events
